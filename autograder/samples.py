"""Synthetic submissions made from the instructor's notebooks, for tests, benchmarks and dry runs.

``solved`` is the released notebook with every answer filled in from ``solutions/``, as a student who
got everything right would submit it; ``answered`` replaces one function's answer with other code.
"""

import copy
import re
import shutil
from pathlib import Path

import nbformat

from .notebooks import grade_id, is_solution

__all__ = ["course_copy", "load", "solved", "unsolved", "answered", "submit"]

MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*(\n|$)", re.MULTILINE)


COURSE_FILES = ("solutions", "exercises", "nbgrader_config.py")


def course_copy(root: str | Path, dest: str | Path) -> Path:
    """The instructor's course files of ``root`` (no run-time state) copied into ``dest``."""
    for name in COURSE_FILES:
        src = Path(root) / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, Path(dest) / name)
    return Path(dest)


def load(root: str | Path, folder: str, assignment: str, notebook: str) -> nbformat.NotebookNode:
    """Read ``<root>/<folder>/<assignment>/<notebook>.ipynb``."""
    return nbformat.read(str(Path(root) / folder / assignment / f"{notebook}.ipynb"), as_version=4)


def solved(release: nbformat.NotebookNode, source: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The released notebook with each solution cell's code taken from the source notebook."""
    answers = {grade_id(c): MARKERS.sub("", c.source) for c in source.cells if is_solution(c)}
    notebook = copy.deepcopy(release)
    for cell in notebook.cells:
        if is_solution(cell) and grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    return notebook


def answered(notebook: nbformat.NotebookNode, function: str, code: str) -> nbformat.NotebookNode:
    """A copy of ``notebook`` whose solution cell for ``function`` holds ``code``."""
    notebook = copy.deepcopy(notebook)
    cells = [c for c in notebook.cells if is_solution(c) and grade_id(c) == function]
    if not cells:
        raise KeyError(f"no solution cell '{function}'")
    cells[0].source = code
    return notebook


def submit(
    root: str | Path,
    student: str,
    assignment: str,
    notebook_name: str,
    notebook: nbformat.NotebookNode | bytes | str,
) -> Path:
    """Write a notebook (or raw bytes/str) where nbgrader expects the student's submission."""
    folder = Path(root) / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{notebook_name}.ipynb"
    if isinstance(notebook, (bytes, str)):
        path.write_bytes(notebook if isinstance(notebook, bytes) else notebook.encode())
    else:
        nbformat.write(notebook, str(path))
    return path


def unsolved(source: nbformat.NotebookNode, release: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The instructor's notebook (hidden tests included) with the released stubs as answers."""
    stubs = {grade_id(c): c.source for c in release.cells if is_solution(c)}
    notebook = copy.deepcopy(source)
    for cell in notebook.cells:
        if is_solution(cell) and grade_id(cell) in stubs:
            cell.source = stubs[grade_id(cell)]
    return notebook
