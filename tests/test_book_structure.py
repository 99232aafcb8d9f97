"""The book's shape: chapters follow the house road, and the built site is complete and self-contained.

The source checks are fast; the checks of the built site (``slow``) build the book once per session.
"""

import json
import re
from html.parser import HTMLParser

import pytest
import yaml

import book

ROAD = ["Why it exists", "Visual intuition", "How it works", "The math inside", "Code", "Practice", "Used in"]
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}|:{3,})\s*(.*)$")
HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(\s+#+)?\s*$")
# A figure is made with matplotlib directly or by a course helper named plot_*/draw_*; the built
# page's <img> (test_chapter_page_embeds_widgets_and_figures) is the proof that one was drawn.
FIGURE = re.compile(r"\bplt\.|\bmatplotlib\b|\bfigure\(|\bsubplots\(|\b(plot|draw)_\w*\(")
EXPLORER = re.compile(r"\b(interact|interactive|interact_manual)\(|\b\w*explorer\w*\(|\bwidgets\.\w+\(")
PS_LINK = re.compile(r"\{doc\}`[^`]*\bexercises/ps\d\d_\w+/\w+>?`")
# Measured on Jupyter Book 1.0.4 pages: 15-18 script files (theme, search, MathJax, widgets).
MAX_SCRIPT_FILES = 20
MAX_VENDORED_SCRIPTS = 3  # MathJax, require.js, the widget manager
VENDORED = re.compile(r"_static/(mathjax|widgets)/")
FETCHED = {
    "script": ["src"],
    "link": ["href"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
}
OUTSIDE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

SAMPLE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  name: python3
---

# Partial derivatives

## Why it exists

Rates of change, one variable at a time.

## Visual intuition

```{code-cell} ipython3
# a comment, not a heading
fig, ax = plt.subplots()
```

## How it works

```{code-cell} ipython3
slice_explorer(f, x0=1.0)
```

## The math inside

$\\partial f / \\partial x$

## Code

## Practice

```{exercise}
:label: ex-partial

Differentiate $x^2 y$ in $x$.
```

````{solution} ex-partial
:class: dropdown

```python
2 * x * y
```
````

## Used in

{doc}`Problem set 1 <../exercises/ps01_partials/partials>`
"""


# ---------------------------------------------------------------- reading MyST sources


def split_front_matter(text):
    """The YAML front matter of a MyST file (or None) and the text after it."""
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    if not match:
        return None, text
    return yaml.safe_load(match.group(1)) or {}, text[match.end() :]


def fenced_blocks(text):
    """Top-level fenced blocks as ``(info, body)`` pairs, and the lines outside every fence."""
    blocks, outside, fence, info, body = [], [], None, "", []
    for line in text.splitlines():
        match = FENCE.match(line)
        if fence is None and match:
            fence, info, body = match.group(1), match.group(2), []
        elif fence is None:
            outside.append(line)
        elif (
            match
            and match.group(1)[0] == fence[0]
            and len(match.group(1)) >= len(fence)
            and not match.group(2)
        ):
            blocks.append((info, "\n".join(body)))
            fence = None
        else:
            body.append(line)
    return blocks, outside


def headings(text):
    """``(level, title)`` of every markdown heading outside code and directives."""
    _, body = split_front_matter(text)
    found = (HEADING.match(line) for line in fenced_blocks(body)[1])
    return [(len(m.group(1)), m.group(2)) for m in found if m]


def code_cells(text):
    """The source of every ``{code-cell}``."""
    return [body for info, body in fenced_blocks(text)[0] if info.startswith("{code-cell}")]


def directive_options(body):
    """The ``:key: value`` options at the top of a directive body."""
    options = {}
    for line in body.splitlines():
        match = re.match(r"^:(\w[\w-]*):\s*(.*)$", line.strip())
        if not match:
            break
        options[match.group(1)] = match.group(2)
    return options


# ---------------------------------------------------------------- checks (empty list = fine)


def header_problems(text):
    """What is wrong with the jupytext header of a MyST markdown notebook."""
    meta, _ = split_front_matter(text)
    if meta is None:
        return ["no YAML front matter (jupytext header) at the top"]
    fmt = (meta.get("jupytext") or {}).get("text_representation", {}).get("format_name")
    problems = [] if fmt == "myst" else [f"jupytext format_name is {fmt!r}, not 'myst'"]
    return problems + ([] if meta.get("kernelspec") else ["no kernelspec in the header"])


def heading_problems(text):
    """What is wrong with a chapter's headings: one H1, then exactly the road's H2s in order."""
    found = headings(text)
    h1 = [title for level, title in found if level == 1]
    h2 = [title for level, title in found if level == 2]
    problems = [] if len(h1) == 1 else [f"expected exactly one H1, found {h1}"]
    return problems + ([] if h2 == ROAD else [f"H2 headings are {h2}, expected {ROAD}"])


def exercise_problems(text):
    """What is missing for an ``{exercise}`` that has a dropdown ``{solution}``."""
    blocks = fenced_blocks(text)[0]
    labels = {directive_options(body).get("label") for info, body in blocks if info.startswith("{exercise}")}
    if not labels - {None}:
        return ["no {exercise} with a :label:"]
    solved = [
        info.split(maxsplit=1)[-1]
        for info, body in blocks
        if info.startswith("{solution}") and "dropdown" in directive_options(body).get("class", "")
    ]
    return [] if labels & set(solved) else [f"no dropdown {{solution}} of an exercise in {labels}"]


def shape_problems(text):
    """Every problem the source checks find in one chapter."""
    cells = code_cells(text)
    problems = header_problems(text) + heading_problems(text) + exercise_problems(text)
    if not any(FIGURE.search(cell) for cell in cells):
        problems.append("no code cell makes a matplotlib figure")
    if not any(EXPLORER.search(cell) for cell in cells):
        problems.append("no code cell calls an ipywidgets explorer")
    if not PS_LINK.search(text):
        problems.append("no {doc} link to an exercises/ps0N_... page")
    return problems


# ---------------------------------------------------------------- reading built HTML


class _Tags(HTMLParser):
    """Collects ``(tag, attrs)`` of every start tag."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def tags(html):
    """``(tag, attrs)`` of every start tag of an HTML document."""
    parser = _Tags()
    parser.feed(html)
    return parser.found


def outside_sources(html):
    """Every resource the page would fetch from another host (``<a href>`` links are fine)."""
    return [
        f"<{tag} {attr}={attrs[attr]}>"
        for tag, attrs in tags(html)
        for attr in FETCHED.get(tag, [])
        if OUTSIDE.match(attrs.get(attr) or "")
    ]


def script_problems(html):
    """Too many script files, or vendored scripts added wholesale to the page."""
    files = [attrs["src"] for tag, attrs in tags(html) if tag == "script" and attrs.get("src")]
    vendored = [src for src in files if VENDORED.search(src)]
    problems = [] if len(files) <= MAX_SCRIPT_FILES else [f"{len(files)} script files > {MAX_SCRIPT_FILES}"]
    return problems + (
        []
        if len(vendored) <= MAX_VENDORED_SCRIPTS
        else [f"{len(vendored)} vendored scripts > {MAX_VENDORED_SCRIPTS}: {vendored[:5]}..."]
    )


def widget_state(html):
    """The ``state`` of the embedded widget-state JSON (empty when there is none)."""
    match = re.search(rf'<script type="{re.escape(WIDGET_STATE)}">(.*?)</script>', html, re.DOTALL)
    return json.loads(match.group(1)).get("state", {}) if match else {}


def leaks(html_root):
    """Files of a built site that come from, or quote, the solutions (nbgrader's source folder)."""
    found = []
    for path in (p for p in html_root.rglob("*") if p.is_file()):
        rel = path.relative_to(html_root)
        if "solutions" in rel.parts:
            found.append(f"{rel}: solutions folder published")
        elif rel.parts[0] != "_static" and path.suffix in {".html", ".js", ".md", ".ipynb", ".txt"}:
            text = path.read_text(errors="replace")
            found += [
                f"{rel}: contains {m!r}"
                for m in ("solutions/", "BEGIN SOLUTION", "BEGIN HIDDEN TESTS")
                if m in text
            ]
    return found


# ---------------------------------------------------------------- the checkers themselves


def test_sample_chapter_passes_every_check():
    assert shape_problems(SAMPLE) == []


def test_header_check_rejects_plain_markdown():
    assert header_problems("# Title\n\nNo jupytext header.\n")


def test_header_check_rejects_other_jupytext_format():
    assert header_problems(SAMPLE.replace("format_name: myst", "format_name: markdown"))


def test_heading_check_rejects_swapped_headings():
    swapped = (
        SAMPLE.replace("## How it works", "## TMP")
        .replace("## Visual intuition", "## How it works")
        .replace("## TMP", "## Visual intuition")
    )
    assert heading_problems(swapped)


def test_heading_check_rejects_a_second_h1():
    assert heading_problems(SAMPLE.replace("## Code\n", "# Code\n"))


def test_heading_check_rejects_a_missing_heading():
    assert heading_problems(SAMPLE.replace("## Used in\n", ""))


def test_heading_check_ignores_comments_in_code_cells():
    assert sum(level == 1 for level, _ in headings(SAMPLE)) == 1


def test_exercise_check_rejects_a_solution_that_is_not_a_dropdown():
    assert exercise_problems(SAMPLE.replace(":class: dropdown", ""))


def test_exercise_check_rejects_a_solution_of_another_exercise():
    assert exercise_problems(SAMPLE.replace("{solution} ex-partial", "{solution} ex-other"))


def test_shape_check_rejects_a_chapter_without_a_figure():
    assert "no code cell makes a matplotlib figure" in shape_problems(
        SAMPLE.replace("fig, ax = plt.subplots()", "x = 1")
    )


def test_shape_check_rejects_a_chapter_without_an_explorer():
    assert "no code cell calls an ipywidgets explorer" in shape_problems(
        SAMPLE.replace("slice_explorer(f, x0=1.0)", "f(1.0)")
    )


def test_shape_check_rejects_a_link_to_the_solutions():
    assert shape_problems(SAMPLE.replace("../exercises/ps01", "../solutions/ps01"))


def test_outside_sources_flags_cdn_scripts_but_not_links():
    html = '<script src="https://cdn.x/m.js"></script><img src="//x/a.png"><a href="https://x">x</a>'
    assert outside_sources(html) == ["<script src=https://cdn.x/m.js>", "<img src=//x/a.png>"]


def test_script_check_flags_every_vendored_file_on_a_page():
    html = "".join(f'<script src="_static/mathjax/input/tex/extensions/e{i}.js"></script>' for i in range(70))
    assert len(script_problems(html)) == 2


def test_widget_state_reads_the_embedded_state():
    html = f'<script type="{WIDGET_STATE}">{{"version_major": 2, "state": {{"m1": {{}}}}}}</script>'
    assert widget_state(html) == {"m1": {}} and widget_state("<p></p>") == {}


def test_leak_check_flags_a_published_solution(tmp_path):
    (tmp_path / "solutions").mkdir()
    (tmp_path / "solutions" / "ps01.html").write_text("<p></p>")
    (tmp_path / "page.html").write_text("### BEGIN SOLUTION")
    assert len(leaks(tmp_path)) == 2


# ---------------------------------------------------------------- the chapters' sources


@pytest.mark.parametrize("doc", book.chapter_docs())
def test_chapter_is_a_myst_markdown_notebook(doc):
    source = book.chapter_source(doc)
    assert source.exists(), f"{doc}: no {source.name} (chapters are MyST markdown notebooks)"
    assert not source.with_suffix(".ipynb").exists(), f"{doc}: a committed .ipynb chapter"
    assert header_problems(source.read_text()) == []


@pytest.mark.parametrize("doc", book.chapter_docs())
def test_chapter_walks_the_road(doc):
    assert shape_problems(book.chapter_source(doc).read_text()) == []


def test_every_released_notebook_is_in_the_toc():
    listed = {book.ROOT / f"{doc}.ipynb" for doc in book.exercise_docs()}
    assert set(book.exercise_notebooks()) == listed


# ---------------------------------------------------------------- the built site


@pytest.fixture(scope="module")
def site():
    """The built site's HTML folder (built once per session)."""
    book.build()
    return book.HTML


@pytest.mark.slow
def test_every_built_page_is_expected(site):
    assert book.built_pages() == sorted(book.page_names())


@pytest.mark.slow
def test_solutions_are_not_published(site):
    assert leaks(site) == []


@pytest.mark.slow
@pytest.mark.parametrize("doc", book.exercise_docs())
def test_problem_set_page_offers_its_notebook(site, doc):
    page = book.page_path(doc)
    links = [a["href"] for tag, a in tags(page.read_text()) if tag == "a" and "href" in a]
    notebooks = [href for href in links if href.endswith(f"{page.stem}.ipynb") and "://" not in href]
    assert notebooks, f"{doc}: no download link to {page.stem}.ipynb"
    assert all((page.parent / href).resolve().is_file() for href in notebooks)


@pytest.mark.slow
@pytest.mark.parametrize("doc", book.exercise_docs())
def test_problem_set_page_is_not_executed(site, doc):
    assert 'class="cell_output' not in book.page_path(doc).read_text()


@pytest.mark.slow
@pytest.mark.parametrize("doc", book.chapter_docs())
def test_chapter_page_embeds_widgets_and_figures(site, doc):
    html = book.page_path(doc).read_text()
    assert widget_state(html), f"{doc}: no embedded widget state ({WIDGET_STATE})"
    assert any(tag == "img" for tag, _ in tags(html)), f"{doc}: no <img> (matplotlib figure)"


@pytest.mark.slow
@pytest.mark.parametrize("name", book.page_names())
def test_page_loads_few_scripts(site, name):
    assert script_problems(book.page_path(name).read_text()) == []


@pytest.mark.slow
@pytest.mark.parametrize("name", book.page_names())
def test_page_fetches_nothing_from_other_hosts(site, name):
    assert outside_sources(book.page_path(name).read_text()) == []
