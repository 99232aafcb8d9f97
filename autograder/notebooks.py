"""Read submitted notebooks defensively and rebuild them on the released notebook's skeleton.

A submission may be corrupt, empty, of another nbformat version, or have test cells edited, deleted,
duplicated or re-labelled. :func:`normalize` keeps the student's answers and free cells, restores every
nbgrader cell of the release exactly once, and so gives nbgrader a notebook it can always record.
"""
import ast
import copy

import nbformat

__all__ = ["read_notebook", "normalize", "checks_in", "code_to_run", "MAX_BYTES"]

MAX_BYTES = 20 * 1024**2


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


def read_notebook(path):
    """Return ``(notebook, None)``, or ``(None, reason)`` when the file cannot be used."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None, f"the notebook is larger than {MAX_BYTES // 1024**2} MB"
        notebook = nbformat.read(str(path), as_version=4)
    except Exception as exc:  # corrupt JSON, unknown nbformat, unreadable file...
        return None, f"the notebook could not be read ({type(exc).__name__}: {str(exc)[:200]})"
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
    kind = cell.get("cell_type")
    make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    free = make(_source(cell))
    free["id"] = f"student-{number}"
    return free


def _restored(release_cell, student_cell=None):
    cell = copy.deepcopy(release_cell)
    if student_cell is not None and is_solution(release_cell):
        cell["source"] = _source(student_cell)
    if cell["cell_type"] == "code":
        cell["outputs"], cell["execution_count"] = [], None
    return cell


def _release_cells(release):
    return {grade_id(c): c for c in release.cells if grade_id(c)}


def normalize(release, submission):
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


def code_to_run(notebook):
    """The code cells the sandbox runs, in order: everything but the test cells."""
    return [_source(c) for c in notebook.cells if c.get("cell_type") == "code" and not is_test(c)]


def checks_in(source):
    """Map each test cell's grade_id to ``(function name, hidden, points)`` from the instructor's notebook."""
    checks = {}
    for cell in source.cells:
        if not is_test(cell) or cell.get("cell_type") != "code":
            continue
        call = _check_call(_source(cell))
        if call:
            checks[grade_id(cell)] = (*call, float(nbgrader_meta(cell).get("points", 0)))
    return checks


def _check_call(source):
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "check" and node.args:
            name = node.args[0]
            hidden = any(k.arg == "hidden" and getattr(k.value, "value", False) for k in node.keywords)
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                return name.value, hidden
    return None
