"""Every page of the built site in a real browser (Debian's Chromium, driven by Playwright).

The site is served on loopback; any request to another host is blocked and fails the page's test.
A full-page screenshot of each page goes to ``artifacts/screenshots/<page>.png``.
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
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]
SHOTS = book.ROOT / "artifacts" / "screenshots"
TIMEOUT_MS = 30_000
RAW_TEX = ("\\(", "\\)", "\\[", "\\]", "$$", "\\begin{")
CONTROLS = (".widget-slider, .widget-dropdown, .widget-toggle-buttons, .widget-radio, "
            ".widget-checkbox, .widget-button, .widget-text, .widget-play")

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
    page.on("console", lambda m: m.type == "error" and trouble["console"].append(
        f"{m.text} @ {m.location.get('url')}"))
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
    return page.evaluate("""(raw) => {
        const boxes = [...document.querySelectorAll('.math')];
        return {boxes: boxes.length,
                typeset: boxes.filter(b => b.querySelector('mjx-container')).length,
                containers: document.querySelectorAll('mjx-container').length,
                raw: boxes.map(b => b.innerText).filter(t => raw.some(r => t.includes(r)))};
    }""", list(RAW_TEX))


def screenshot(page, name):
    """Save a full-page screenshot under ``artifacts/screenshots/<page>.png``."""
    path = SHOTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


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
