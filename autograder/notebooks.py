"""Read submitted notebooks defensively and rebuild them on the released notebook's skeleton.

A submission may be corrupt, empty, of another nbformat version, or have test cells edited, deleted,
duplicated or re-labelled. A submission is judged by its cells' sources alone: :func:`read_notebook`
drops saved outputs, attachments and metadata (but nbgrader's) before any size limit applies, replaces
invalid UTF-8 instead of refusing it, and cuts nesting deeper than any notebook needs, so an honest
answer is never lost to an editor glitch or a huge output. :func:`normalize` keeps the student's
answers and free cells (markdown made inert, see ``safehtml``), restores every nbgrader cell of the
release exactly once, and so gives nbgrader a notebook it can always record.
"""

import ast
import copy
import json
import re
from pathlib import Path
from typing import NamedTuple

import nbformat
from nbformat import NotebookNode

from .safehtml import inert_markdown
from .sandbox.call import cut

__all__ = [
    "read_notebook",
    "normalize",
    "checks_in",
    "code_to_run",
    "runnable_cells",
    "TestCell",
    "MAX_FILE_BYTES",
    "MAX_CODE_CHARS",
    "MAX_MARKDOWN_CHARS",
]

MAX_FILE_BYTES = 512 * 1024**2
"""Largest file read at all (outputs included): beyond it, reading alone would cost too much."""

MAX_CODE_CHARS = 2 * 1024**2
"""Largest total of the code cells' sources: a larger submission is refused, with the reason."""

MAX_MARKDOWN_CHARS = 100_000
"""Longest markdown cell kept whole (markdown plays no part in grading; it is cut with a note)."""

MAX_MARKDOWN_TOTAL = 1024**2
"""Most markdown kept in one notebook; later markdown cells keep only a note that they were cut."""

MAX_NESTING = 64
"""Deeper JSON than this (only ever in metadata or outputs) is replaced by null."""

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*+(?:"|\Z)|[\[\]{}]', re.S)  # possessive, to the end at worst: linear


class TestCell(NamedTuple):
    """What an instructor's test cell checks: ``check(function, hidden=...)`` worth ``points``."""

    function: str
    hidden: bool
    points: float


def nbgrader_meta(cell):
    meta = cell.get("metadata") if isinstance(cell, dict) else None
    info = meta.get("nbgrader") if isinstance(meta, dict) else None
    return info if isinstance(info, dict) else {}


def grade_id(cell):
    value = nbgrader_meta(cell).get("grade_id")
    return value if isinstance(value, str) else None


def is_test(cell):
    info = nbgrader_meta(cell)
    return bool(info.get("grade")) and not info.get("solution")


def is_solution(cell):
    return bool(nbgrader_meta(cell).get("solution"))


def _flattened(text, limit=MAX_NESTING):
    """``text`` (JSON) with every value nested deeper than ``limit`` replaced by null, in one pass."""
    pieces, depth, last, cut_at = [], 0, 0, None
    for token in _TOKEN.finditer(text):
        mark = token.group()
        if mark[0] == '"':
            continue
        if mark in "[{":
            depth += 1
            if depth == limit + 1:
                pieces.append(text[last : token.start()] + "null")
                cut_at = token.start()
        else:
            if depth == limit + 1 and cut_at is not None:
                last, cut_at = token.end(), None
            depth -= 1
    pieces.append(text[last:] if cut_at is None else "")
    return "".join(pieces)


def _load_json(raw):
    text = raw.decode("utf-8", "replace")
    try:
        return json.loads(text)
    except RecursionError:
        return json.loads(_flattened(text))


def _cells_of(data):
    """The cell lists of a notebook's JSON (nbformat 4: ``cells``; 3: each worksheet's ``cells``)."""
    if not isinstance(data, dict):
        return []
    sheets = data.get("worksheets") if isinstance(data.get("worksheets"), list) else [data]
    return [s["cells"] for s in sheets if isinstance(s, dict) and isinstance(s.get("cells"), list)]


def _only_sources(data):
    """Drop what plays no part in grading: outputs, attachments, metadata (nbgrader's kept).

    Markdown is cut too (see ``MAX_MARKDOWN_CHARS`` and ``MAX_MARKDOWN_TOTAL``).
    """
    budget = [MAX_MARKDOWN_TOTAL]
    for cells in _cells_of(data):
        cells[:] = [c for c in cells if isinstance(c, dict)]
        for cell in cells:
            for name in ("outputs", "attachments", "prompt_number", "execution_count"):
                cell.pop(name, None)
            if cell.get("cell_type") == "code":
                cell["outputs"], cell["execution_count"] = [], None  # nbformat requires both
            meta = nbgrader_meta(cell)
            cell["metadata"] = {"nbgrader": meta} if meta else {}
            source = cell.get("source", "")
            if cell.get("cell_type") == "markdown" and isinstance(source, (str, list)):
                cell["source"] = _cut_markdown(_source(cell), budget)
    if isinstance(data, dict):
        data["metadata"] = (
            {k: v for k, v in (data.get("metadata") or {}).items() if k in ("kernelspec", "language_info")}
            if isinstance(data.get("metadata"), dict)
            else {}
        )
    return data


def _cut_markdown(source, budget=None):
    """``source`` cut to ``MAX_MARKDOWN_CHARS`` and to what is left of ``budget`` (a one-item list)."""
    limit = min(MAX_MARKDOWN_CHARS, budget[0] if budget else MAX_MARKDOWN_CHARS)
    if budget:
        budget[0] -= min(len(source), limit)
    if len(source) <= limit:
        return source
    return (
        source[:limit]
        + f"\n\n[cut: this cell held {len(source):,} characters; markdown is kept only in part]"
    )


def _code_size(data):
    return sum(len(_source(c)) for cells in _cells_of(data) for c in cells if c.get("cell_type") == "code")


def read_notebook(path: Path) -> tuple[nbformat.NotebookNode | None, str | None]:
    """Return ``(notebook, None)``, or ``(None, reason)`` when the file cannot be used.

    Only the cells' sources count: outputs, attachments and metadata are dropped first.
    """
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, f"the file is larger than {MAX_FILE_BYTES // 1024**2} MB"
        data = _only_sources(_load_json(path.read_bytes()))
        if _code_size(data) > MAX_CODE_CHARS:
            return None, f"the notebook's cells hold more than {MAX_CODE_CHARS:,} characters"
        notebook = nbformat.reads(json.dumps(data), as_version=4)
    except Exception as exc:  # corrupt JSON, unknown nbformat, unreadable file...
        return None, f"the notebook could not be read ({type(exc).__name__}: {cut(str(exc), 200)})"
    cells = notebook.get("cells")
    if not isinstance(cells, list) or not all(isinstance(c, dict) for c in cells):
        return None, "the notebook has no list of cells"
    return notebook, None


def _source(cell):
    source = cell.get("source", "")
    if isinstance(source, list):
        source = "".join(s for s in source if isinstance(s, str))
    if not isinstance(source, str):
        return ""
    return source.encode("utf-8", "replace").decode("utf-8")  # lone surrogates cannot be written back


def _free_cell(cell, number):
    """The student's own cell: what ``nbformat.v4.new_code_cell`` or ``new_markdown_cell`` makes of its
    source (a string, so the schema check they run each time cannot fail), with an id of our own."""
    cell_id = f"student-{number}"
    if cell.get("cell_type") == "code":
        return NotebookNode(
            id=cell_id,
            cell_type="code",
            metadata=NotebookNode(),
            execution_count=None,
            source=_source(cell),
            outputs=[],
        )
    return NotebookNode(
        id=cell_id, cell_type="markdown", source=inert_markdown(_source(cell)), metadata=NotebookNode()
    )


def _restored(release_cell, student_cell=None):
    cell = copy.deepcopy(release_cell)
    if student_cell is not None and is_solution(release_cell):
        source = _source(student_cell)
        cell["source"] = source if cell["cell_type"] == "code" else inert_markdown(_cut_markdown(source))
    if cell["cell_type"] == "code":
        cell["outputs"], cell["execution_count"] = [], None
    return cell


def _release_cells(release):
    return {grade_id(c): c for c in release.cells if grade_id(c)}


def normalize(
    release: nbformat.NotebookNode, submission: nbformat.NotebookNode | None
) -> tuple[nbformat.NotebookNode, list[str]]:
    """Rebuild ``submission`` on ``release``; return ``(notebook, notes)``."""
    known, notes = _release_cells(release), []
    if submission is None:
        return _restored_notebook(release, [_restored(c) for c in release.cells]), notes
    cells, seen = [], set()
    for number, cell in enumerate(submission.cells):
        gid = grade_id(cell)
        if gid in known and gid not in seen:
            seen.add(gid)
            cells.append(_restored(known[gid], cell))
        elif gid in known:
            notes.append(f"a second copy of cell '{gid}' was ignored")
        elif cell.get("cell_type") in ("code", "markdown"):
            cells.append(_free_cell(cell, number))
    cells = _reinsert_missing(release, cells, seen, notes)
    return _restored_notebook(release, cells), notes


def _reinsert_missing(release, cells, seen, notes):
    """Put back every nbgrader cell of the release that the submission lost, after its predecessor."""
    for position, cell in enumerate(release.cells):
        gid = grade_id(cell)
        if gid is None or gid in seen:
            continue
        notes.append(f"cell '{gid}' was missing and has been restored from the release")
        previous = [grade_id(c) for c in release.cells[:position] if grade_id(c)]
        anchor = next((i for i in range(len(cells) - 1, -1, -1) if grade_id(cells[i]) in previous), -1)
        cells.insert(anchor + 1, _restored(cell))
        seen.add(gid)
    return cells


def _restored_notebook(release, cells):
    notebook = nbformat.v4.new_notebook(metadata=copy.deepcopy(release.metadata))
    notebook.cells = cells
    return notebook


def runnable_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """The code cells the sandbox runs, in order: every code cell but the test cells."""
    return [c for c in notebook.cells if c.get("cell_type") == "code" and not is_test(c)]


def code_to_run(notebook: nbformat.NotebookNode) -> list[str]:
    """The sources of :func:`runnable_cells`, as the sandbox receives them."""
    return [_source(c) for c in runnable_cells(notebook)]


def checks_in(source: nbformat.NotebookNode) -> dict[str, TestCell]:
    """Map each test cell's grade_id to its :class:`TestCell`, from the instructor's notebook."""
    checks = {}
    for cell in source.cells:
        if not is_test(cell) or cell.get("cell_type") != "code":
            continue
        call = _check_call(_source(cell))
        if call:
            checks[grade_id(cell)] = TestCell(*call, float(nbgrader_meta(cell).get("points", 0)))
    return checks


def _check_call(source):
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "check" and node.args:
            name = node.args[0]
            hidden = any(k.arg == "hidden" and getattr(k.value, "value", False) for k in node.keywords)
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                return name.value, hidden
    return None
