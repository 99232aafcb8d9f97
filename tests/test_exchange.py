"""The JupyterHub flow through nbgrader's exchange, end to end, in a temporary exchange folder:
release_assignment, a student's fetch_assignment, edit, submit, collect, our grade, generate_feedback,
release_feedback and the student's fetch_feedback."""

import getpass

import nbformat
import pytest

from gradelib import NOTEBOOK, course_copy, grade, run, solved, submit

pytestmark = pytest.mark.nbgrader

ASSIGNMENT = "ps01_partials"


def _nbgrader(*args, cwd, exchange):
    done = run("nbgrader", *args, f"--Exchange.root={exchange}", root=cwd)
    assert done.returncode == 0, f"nbgrader {args[0]}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


def test_hub_flow_gives_the_score_of_the_direct_path(tmp_path):
    course, exchange, home = course_copy(tmp_path / "course"), tmp_path / "exchange", tmp_path / "student"
    exchange.mkdir()
    home.mkdir()
    _nbgrader("release_assignment", ASSIGNMENT, "--force", cwd=course, exchange=exchange)
    _nbgrader("fetch_assignment", ASSIGNMENT, "--course", "pdml", cwd=home, exchange=exchange)
    path = home / ASSIGNMENT / f"{NOTEBOOK[ASSIGNMENT]}.ipynb"
    nbformat.write(solved(course, ASSIGNMENT), str(path))  # the student's edits: every answer
    _nbgrader("submit", ASSIGNMENT, "--course", "pdml", cwd=home, exchange=exchange)
    _nbgrader("collect", ASSIGNMENT, cwd=course, exchange=exchange)
    student = getpass.getuser()
    assert (course / "submitted" / student / ASSIGNMENT / "timestamp.txt").is_file()
    rows, _ = grade(course, ASSIGNMENT, "--no-feedback")
    _nbgrader("generate_feedback", ASSIGNMENT, "--force", cwd=course, exchange=exchange)
    _nbgrader("release_feedback", ASSIGNMENT, cwd=course, exchange=exchange)
    _nbgrader("fetch_feedback", ASSIGNMENT, "--course", "pdml", cwd=home, exchange=exchange)
    pages = list((home / ASSIGNMENT / "feedback").rglob("*.html"))
    assert len(pages) == 1 and f"Score: {float(rows[student]['score'])}" in pages[0].read_text()

    direct = course_copy(tmp_path / "direct")
    submit(direct, student, ASSIGNMENT, solved(direct, ASSIGNMENT))
    direct_rows, _ = grade(direct, ASSIGNMENT, "--no-feedback")
    assert rows[student]["score"] == direct_rows[student]["score"] == rows[student]["max_score"]
