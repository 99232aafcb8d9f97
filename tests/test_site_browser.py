"""Every page of the built site in a real browser (Debian's Chromium, driven by Playwright).

The site is served on loopback; any request to another host is blocked and fails the page's test.
A full-page screenshot of each page goes to ``artifacts/screenshots/<page>.png``. Every page is also
checked for accessibility with axe-core (vendored by ``tools/vendor_assets.sh``, never published).
"""

import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import book

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]
SHOTS = book.ROOT / "artifacts" / "screenshots"
TIMEOUT_MS = 30_000
RAW_TEX = ("\\(", "\\)", "\\[", "\\]", "$$", "\\begin{")
CONTROLS = (
    ".widget-slider, .widget-dropdown, .widget-toggle-buttons, .widget-radio, "
    ".widget-checkbox, .widget-button, .widget-text, .widget-play"
)

AXE = book.ROOT / "_vendor" / "axe" / "axe.min.js"
GRAVE = ("serious", "critical")
# The theme's own chrome (sphinx-book-theme 1.3.0 / pydata-sphinx-theme), identical on every page and
# outside the course's content; the course cannot change it without forking the theme.
THEME_RULES = {
    "label-content-name-mismatch": "the header's Search and colour-mode buttons have an aria-label "
    '("Search", "Color mode") that differs from their visible text '
    "and keyboard hint, in the theme's templates",
    "region": "the theme puts the sidebar's logo item outside any landmark (moderate, not graded "
    "here, listed so the exception is explicit)",
}
THEME_CHROME = ".bd-header, .bd-header-article, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer"
AXE_RUN = """async (chrome) => {
    const result = await axe.run(document, {resultTypes: ["violations"]});
    const inChrome = (target) => {
        const el = document.querySelector(target[0]);
        return !!(el && el.closest(chrome));
    };
    return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 160),
                                  chrome: inChrome(n.target)}))}));
}"""

# Jupyter Book 1.0.4 puts sphinx-thebe's inline config script twice on every page (thebe itself is
# never loaded: no launch button uses it). The second copy throws; nothing else may.

pytestmark = pytest.mark.slow


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    """The built site on ``http://127.0.0.1:<port>/``, served from a background thread."""
    book.build()
    handler = functools.partial(_QuietHandler, directory=str(book.HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium; skipped only on a machine without it when CI is not set."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (run tools/install_system_deps.sh)"
        pytest.fail(reason) if os.environ.get("CI") else pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield chromium
        chromium.close()


def open_page(browser, url, redirects=False):
    """Load a page with other hosts blocked; returns the page and what went wrong while loading.

    Pass ``redirects=True`` for a page that forwards to another (``index.html``): the checks then
    run on the page it lands on.
    """
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(TIMEOUT_MS)
    trouble = {"blocked": [], "console": [], "pageerror": []}
    origin = urlsplit(url).netloc

    def route(r):
        if urlsplit(r.request.url).netloc == origin:
            return r.continue_()
        trouble["blocked"].append(r.request.url)
        return r.abort()

    page.route("**/*", route)
    page.on(
        "console",
        lambda m: m.type == "error" and trouble["console"].append(f"{m.text} @ {m.location.get('url')}"),
    )
    page.on("pageerror", lambda e: trouble["pageerror"].append(str(e)))
    if redirects:
        with page.expect_navigation(url=lambda u: u != url, wait_until="load"):
            page.goto(url)
    else:
        page.goto(url, wait_until="load")
    return page, trouble


def settle(page):
    """Wait for MathJax's first typeset (when the page loads it) and for every image."""
    if page.evaluate("() => !!document.querySelector('script[src*=\"mathjax\"]')"):
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("() => MathJax.startup.promise.then(() => true)")
    page.evaluate("() => document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
    page.wait_for_function("() => [...document.images].every(i => i.complete)")


def math_report(page):
    """How many math containers a page has, how many MathJax typeset, and any left as raw TeX."""
    return page.evaluate(
        """(raw) => {
        const boxes = [...document.querySelectorAll('.math')];
        return {boxes: boxes.length,
                typeset: boxes.filter(b => b.querySelector('mjx-container')).length,
                containers: document.querySelectorAll('mjx-container').length,
                raw: boxes.map(b => b.innerText).filter(t => raw.some(r => t.includes(r)))};
    }""",
        list(RAW_TEX),
    )


def screenshot(page, name):
    """Save a full-page screenshot under ``artifacts/screenshots/<page>.png``."""
    path = SHOTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


def axe_violations(page):
    """axe-core's violations on a loaded page, each node marked as in the theme's chrome or not."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN, THEME_CHROME)


def course_violations(violations):
    """The serious or critical violations the course is answerable for: everything except the
    theme's listed rules on the theme's own chrome."""
    found = []
    for v in violations:
        nodes = [n for n in v["nodes"] if not (v["id"] in THEME_RULES and n["chrome"])]
        if v["impact"] in GRAVE and nodes:
            found += [f"{v['impact']} {v['id']} ({v['help']}): {n['target']} {n['html']}" for n in nodes]
    return found


def wait_for_widgets(page):
    """Wait until every embedded widget view has been rendered by the widget manager."""
    views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if views:
        page.wait_for_function("n => document.querySelectorAll('.jupyter-widgets').length >= n", arg=views)


def test_every_built_page_is_visited(server):
    assert book.built_pages() == sorted(book.page_names())


@pytest.mark.parametrize("name", book.page_names())
def test_page_renders_offline(server, browser, name):
    redirects = 'http-equiv="Refresh"' in book.page_path(name).read_text()
    page, trouble = open_page(browser, f"{server}/{name}.html", redirects)
    try:
        settle(page)
        screenshot(page, name)
        math = math_report(page)
        broken = page.evaluate("() => [...document.images].filter(i => !i.naturalWidth).map(i => i.src)")
    finally:
        page.close()
    assert trouble["blocked"] == [], f"{name}: requests to other hosts"
    assert trouble["pageerror"] == [] and trouble["console"] == [], f"{name}: errors in the page"
    assert math["raw"] == [], f"{name}: raw TeX left in the page"
    assert math["typeset"] == math["boxes"], f"{name}: MathJax did not typeset every formula"
    assert math["containers"] >= math["boxes"], f"{name}: fewer mjx-container than formulas"
    assert broken == [], f"{name}: images that did not load"


@pytest.mark.parametrize("doc", book.chapter_docs())
def test_chapter_widgets_render(server, browser, doc):
    page, trouble = open_page(browser, f"{server}/{doc}.html")
    try:
        page.locator(".jupyter-widgets").first.wait_for(state="visible")
        settle(page)
        views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
        control = page.locator(CONTROLS).first
        control_shown = control.count() == 1 and control.is_visible()
        math = math_report(page)
    finally:
        page.close()
    assert views >= 1, f"{doc}: no widget view in the page"
    assert control_shown, f"{doc}: widgets but no visible control ({CONTROLS})"
    assert math["containers"] >= 1, f"{doc}: a chapter without typeset maths"
    assert trouble == {"blocked": [], "console": [], "pageerror": []}


def test_axe_is_vendored():
    assert AXE.is_file(), f"{AXE} is missing: run tools/vendor_assets.sh"


def test_course_violations_keep_the_course_s_own():
    """Negative twin: a listed theme rule is excused in the chrome only, anything else counts."""
    node = {"target": "img", "html": "<img>", "chrome": False}
    violations = [
        {"id": "image-alt", "impact": "critical", "help": "alt", "nodes": [node]},
        {
            "id": "label-content-name-mismatch",
            "impact": "serious",
            "help": "name",
            "nodes": [{**node, "chrome": True}, node],
        },
        {"id": "region", "impact": "moderate", "help": "landmark", "nodes": [node]},
    ]
    assert len(course_violations(violations)) == 2


@pytest.mark.parametrize("name", book.page_names())
def test_page_has_no_serious_accessibility_violation(server, browser, name):
    redirects = 'http-equiv="Refresh"' in book.page_path(name).read_text()
    page, _ = open_page(browser, f"{server}/{name}.html", redirects)
    try:
        wait_for_widgets(page)
        settle(page)
        violations = axe_violations(page)
    finally:
        page.close()
    problems = course_violations(violations)
    assert problems == [], f"{name}: accessibility violations\n" + "\n".join(problems)


def test_axe_finds_a_picture_without_alt(server, browser):
    """Negative twin: the same check, on a page given an image without alt text, fails."""
    page, _ = open_page(browser, f"{server}/intro.html")
    try:
        settle(page)
        page.evaluate("""() => { const i = document.createElement('img');
            i.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
            document.querySelector('article').append(i); }""")
        problems = course_violations(axe_violations(page))
    finally:
        page.close()
    assert any("image-alt" in p for p in problems)
