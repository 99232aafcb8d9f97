"""Make a student's markdown inert before it is recorded: the formgrader and the feedback render it.

A markdown cell may hold raw HTML, and whatever HTML a notebook holds runs in the instructor's
Jupyter session when the formgrader shows it. A cell with HTML in it is cleaned with ``bleach`` (an
allow-list: no scripts, no event handlers, links and images only to http, https and mailto). A cell
that still names a script URL afterwards (``[x](javascript:...)``, entity-encoded or not) is shown as
a literal code block: inert, and the instructor still sees what was written. Cells without either are
left exactly as they are. Every step is linear in the cell's length.
"""

import html
import re

import bleach

__all__ = ["inert_markdown", "TAGS", "PROTOCOLS"]

TAGS = frozenset(bleach.sanitizer.ALLOWED_TAGS) | {
    "p",
    "br",
    "hr",
    "div",
    "span",
    "pre",
    "code",
    "img",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sub",
    "sup",
    "del",
    "details",
    "summary",
}
ATTRIBUTES = {
    "a": ["href", "title"],
    "img": ["src", "alt", "title", "width", "height"],
    "abbr": ["title"],
    "acronym": ["title"],
    "td": ["colspan", "rowspan"],
    "th": ["colspan", "rowspan"],
}
PROTOCOLS = frozenset(["http", "https", "mailto"])

_HTMLISH = re.compile(r"<[a-zA-Z!/?]")
_SCRIPT_URL = re.compile(r"(?<![a-z0-9+.-])(?:(?:java|vb|live)script|data):|\\href")
_BLANKS = re.compile(r"[\x00-\x20\x7f]+")
_TICKS = re.compile(r"`+")


def _clean_html(source):
    return bleach.clean(
        source, tags=TAGS, attributes=ATTRIBUTES, protocols=PROTOCOLS, strip=False, strip_comments=True
    )


def _names_a_script_url(source):
    """Whether ``source``, with entities decoded and blanks removed, names a scriptable URL."""
    return bool(_SCRIPT_URL.search(_BLANKS.sub("", html.unescape(source)).lower()))


def _as_code(source):
    fence = "`" * max(3, 1 + max((len(m) for m in _TICKS.findall(source)), default=0))
    return f"{fence}text\n{source}\n{fence}"


def inert_markdown(source: str) -> str:
    """``source`` (a markdown cell) made safe to render as HTML; unchanged when it already is.

    Args:
        source: The cell's markdown text.

    Returns:
        The same text when it has no HTML and no script URL; the HTML cleaned when it has HTML;
        a fenced code block of the text when a script URL survives cleaning.
    """
    if _HTMLISH.search(source):
        source = _clean_html(source)
    return _as_code(source) if _names_a_script_url(source) else source
