"""The plain nbgrader commands keep working on this course, and exercises/ stays in sync with solutions/."""

import csv
import sys

import nbformat
import pytest

from autograder import samples

from gradelib import NOTEBOOK, ROOT, course_copy, run, solved, submit

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("assignment", sorted(NOTEBOOK))
def test_nbgrader_validate_accepts_every_solution(assignment):
    done = run("nbgrader", "validate", f"solutions/{assignment}/{NOTEBOOK[assignment]}.ipynb", root=ROOT)
    assert "Success! Your notebook passes all the tests." in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize("assignment", sorted(NOTEBOOK))
def test_nbgrader_validate_rejects_every_unsolved_release(assignment):
    path = f"exercises/{assignment}/{NOTEBOOK[assignment]}.ipynb"
    assert "Success!" not in run("nbgrader", "validate", path, root=ROOT).stdout


@pytest.mark.parametrize("assignment", sorted(NOTEBOOK))
def test_every_test_cell_fails_on_unanswered_stubs(assignment, tmp_path):
    """`validate --invert` on the stubs with the hidden tests in place: no test cell may pass."""
    name = NOTEBOOK[assignment]
    stubs = samples.unsolved(
        samples.load(ROOT, "solutions", assignment, name), samples.load(ROOT, "exercises", assignment, name)
    )
    nbformat.write(stubs, str(tmp_path / f"{name}.ipynb"))
    inverted = run("nbgrader", "validate", "--invert", str(tmp_path / f"{name}.ipynb"), root=ROOT)
    assert "Success!" in inverted.stdout, inverted.stdout + inverted.stderr


def test_exercises_are_in_sync_with_solutions():
    done = run(sys.executable, "-m", "autograder", "release", "--all", "--check", root=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_stale_release_is_caught(tmp_path):
    root = course_copy(tmp_path)
    source = root / "solutions" / "ps02_gradients" / "gradients.ipynb"
    source.write_text(source.read_text().replace("Problem set 2", "Problem set two"))
    done = run(sys.executable, "-m", "autograder", "release", "--all", "--check", root=root)
    assert done.returncode == 1 and "stale: exercises/ps02_gradients/gradients.ipynb" in done.stdout


def test_plain_nbgrader_autograde_and_export(tmp_path):
    root = course_copy(tmp_path)
    assignment = "ps01_partials"
    assert run("nbgrader", "generate_assignment", assignment, "--force", root=root).returncode == 0
    submit(root, "alice", assignment, solved(root, assignment))
    done = run("nbgrader", "autograde", assignment, "--force", root=root)
    assert done.returncode == 0, done.stderr[-3000:]
    assert run("nbgrader", "export", "--to", str(root / "export.csv"), root=root).returncode == 0
    with open(root / "export.csv", newline="") as handle:
        alice = next(r for r in csv.DictReader(handle) if r["student_id"] == "alice")
    assert float(alice["score"]) == float(alice["max_score"]) == 14
