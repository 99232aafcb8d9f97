"""Student markdown is made inert before it is recorded; harmless markdown is left exactly as written."""

import time
from html.parser import HTMLParser

import pytest

from autograder.safehtml import inert_markdown

PAYLOADS = [
    "<img src=x onerror=\"document.title='pwned'\">",
    "<script>document.title='pwned'</script>",
    "<a href=\"javascript:document.title='pwned'\">click</a>",
    "<a href=\"&#106;avascript:document.title='pwned'\">click</a>",
    "[click](javascript:document.title='pwned')",
    "[click](&#106;avascript:document.title='pwned')",
    "[click]( JaVa\tScRiPt:document.title='pwned')",
    "[click][r]\n\n[r]: javascript:document.title='pwned'",
    "<javascript:document.title='pwned'>",
    "<svg><animate onbegin=\"document.title='pwned'\"/></svg>",
    "<iframe srcdoc=\"<script>parent.document.title='pwned'</script>\"></iframe>",
    "<details open ontoggle=\"document.title='pwned'\">",
    "<style>body{background:url(javascript:x)}</style>",
    "[x](data:text/html,<script>alert(1)</script>)",
]


class _Elements(HTMLParser):
    """Every element and attribute an HTML parser finds (what a browser would build)."""

    def __init__(self, text):
        super().__init__()
        self.found = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def _active(text):
    """Elements or attributes of ``text`` that could run script."""
    bad = []
    for tag, attrs in _Elements(text).found:
        bad += [tag] if tag in ("script", "style", "iframe", "svg", "object", "embed", "animate") else []
        bad += [name for name in attrs if name.startswith("on")]
        bad += [v for n, v in attrs.items() if n in ("href", "src") and v and not v.startswith(("http", "x"))]
    return bad


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_lose_their_script(payload):
    text = inert_markdown(payload)
    assert text.startswith("```text\n") or (_active(text) == [] and "javascript:" not in text.lower())


@pytest.mark.parametrize("payload", PAYLOADS[:3] + PAYLOADS[9:12])
def test_the_payloads_are_active_before_cleaning(payload):
    """Negative twin: the checker above sees what is dangerous in each HTML payload as written."""
    assert _active(payload)


@pytest.mark.parametrize(
    "markdown",
    [
        "Plain **bold** text with $x^2$ and `code`.",
        "> a quote\n\n- a list",
        "[a link](https://example.org) and ![img](https://example.org/x.png)",
        "Some data: 3, metadata: 4, javascripts run in browsers.",
    ],
)
def test_harmless_markdown_is_unchanged(markdown):
    """Negative twin of the payload tests: cleaning only changes what needs it."""
    assert inert_markdown(markdown) == markdown


def test_a_fence_cannot_be_closed_from_inside():
    text = inert_markdown("```` [x](javascript:alert(1))\n```\n<b>")
    fence = text.split("text\n", 1)[0]
    assert len(fence) > 4 and text.rstrip().endswith(fence)


def test_cleaning_is_linear_in_the_cell():
    payload = "<script data-x='" + 'src="http://a" ' * 120_000 + "'>1</script>"
    start = time.perf_counter()
    inert_markdown(payload)
    assert time.perf_counter() - start < 5
