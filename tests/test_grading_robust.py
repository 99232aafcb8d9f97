"""Grading twice changes nothing; killing a grading run midway and running it again loses nothing."""

import shutil
import signal
import subprocess
import sys
import time

import pytest
from nbgrader.api import Gradebook

from autograder import samples

from gradelib import course_copy, env, grade, solved, submit

pytestmark = pytest.mark.slow

A = "ps01_partials"
SLOW = "import time\ntime.sleep(1.5)\n"


def _class(root, n):
    right = solved(root, A)
    wrong = samples.answered(
        right, "partials_exy", "def partials_exy(x, y):\n    return -2 * x * y, -(x**2 + 3)"
    )
    for k in range(n):
        notebook = wrong if k % 2 else right
        notebook.cells.insert(1, __import__("nbformat").v4.new_code_cell(SLOW))
        submit(root, f"s{k:02d}", A, notebook)
        notebook.cells.pop(1)
    return {f"s{k:02d}": (11.0 if k % 2 else 14.0) for k in range(n)}


def _gradebook_rows(root):
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        return sorted((s.student.id, s.score) for s in gb.assignment_submissions(A))


def test_grading_twice_gives_the_same_results_and_no_duplicates(tmp_path):
    root = course_copy(tmp_path)
    expected = _class(root, 4)
    first, _ = grade(root, A, "--no-feedback")
    second, _ = grade(root, A, "--no-feedback")
    assert {s: float(r["score"]) for s, r in first.items()} == expected
    assert first == second
    assert _gradebook_rows(root) == sorted(expected.items())


def test_an_interrupted_run_loses_nothing_when_run_again(tmp_path):
    root = course_copy(tmp_path)
    expected = _class(root, 8)
    command = [sys.executable, "-m", "autograder", "grade", A, "--out", str(root / "g.csv"), "--no-feedback"]
    proc = subprocess.Popen(
        command, cwd=root, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    recorded = root / "autograded"  # the first batch is being recorded
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(recorded.glob("*")):
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not (root / "g.csv").exists()  # really interrupted before the end
    rows, _ = grade(root, A, "--no-feedback")
    assert {s: float(r["score"]) for s, r in rows.items()} == expected
    assert _gradebook_rows(root) == sorted(expected.items())


def test_without_bubblewrap_the_grader_says_so_and_still_grades(tmp_path):
    root = course_copy(tmp_path)
    expected = _class(root, 2)
    rows, done = grade(root, A, "--no-feedback", "--no-sandbox")
    assert "THE SANDBOX IS NOT IN USE" in done.stderr
    assert {s: float(r["score"]) for s, r in rows.items()} == expected
    assert {r["sandbox"] for r in rows.values()} == {"none (no bubblewrap: weaker isolation)"}


def test_an_assignment_with_two_notebooks_adds_both(tmp_path):
    """Test cells of two notebooks may share grade ids; each notebook's score still counts."""
    root = course_copy(tmp_path)
    for folder in ("solutions", "exercises"):
        shutil.copy(root / folder / A / "partials.ipynb", root / folder / A / "partials_b.ipynb")
    right = solved(root, A)
    wrong = samples.answered(
        right, "partials_exy", "def partials_exy(x, y):\n    return -2 * x * y, -(x**2 + 3)"
    )
    for student, (a, b) in {
        "both": (right, right),
        "first": (right, wrong),
        "second": (wrong, right),
    }.items():
        submit(root, student, A, a)
        samples.submit(root, student, A, "partials_b", b)
    rows, _ = grade(root, A, "--no-feedback")
    assert {s: float(r["score"]) for s, r in rows.items()} == {"both": 28.0, "first": 25.0, "second": 25.0}
    assert _gradebook_rows(root) == [("both", 28.0), ("first", 25.0), ("second", 25.0)]
