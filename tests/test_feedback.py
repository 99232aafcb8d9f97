"""Feedback pages: rendered in parallel with limits, and their maths typeset offline in Chromium."""

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter
from nbgrader.api import Gradebook as NbGraderGradebook

from autograder import feedback, pages, record, samples

from gradelib import course_copy, feedback_html, grade, run, solved, submit

pytestmark = pytest.mark.slow

ASSIGNMENT = "ps01_partials"
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--hide-scrollbars",
]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = course_copy(tmp_path_factory.mktemp("feedback"))
    right = solved(root, ASSIGNMENT)
    submit(root, "solved", ASSIGNMENT, right)
    submit(
        root,
        "wrong",
        ASSIGNMENT,
        samples.answered(right, "partials_exy", "def partials_exy(x, y):\n    return 0, 0"),
    )
    rows, _ = grade(root, ASSIGNMENT)
    return root, rows


def test_every_recorded_student_has_a_page_that_loads_nothing_from_elsewhere(graded):
    root, rows = graded
    for student in rows:
        page = feedback_html(root, student, ASSIGNMENT)
        assert "Score:" in page and 'src="http' not in page and "cdnjs" not in page, student
        assert 'src="../../.mathjax/tex-chtml.js"' in page
    assert (root / "feedback" / feedback.MATHJAX / "tex-chtml.js").is_file()
    assert list((root / record.STAGE / "templates").iterdir())  # the next pages come from compiled templates


def test_a_page_over_the_size_limit_is_replaced_by_a_note(graded, monkeypatch):
    root, _ = graded
    monkeypatch.setattr(feedback, "PAGE_BYTES", 10_000)
    problems = pages.generate(root, ASSIGNMENT, ["wrong"])
    assert "larger than" in problems["wrong"]
    assert "ask the course staff" in feedback_html(root, "wrong", ASSIGNMENT)


def test_a_page_over_the_time_limit_is_stopped(graded, monkeypatch):
    root, _ = graded
    monkeypatch.setattr(pages, "SECONDS", 0.001)
    problems = pages.generate(root, ASSIGNMENT, ["solved", "wrong"])
    assert set(problems) == {"solved", "wrong"} and "longer than" in problems["solved"]


def test_pages_come_back_once_the_limits_allow_them(graded):
    root, _ = graded
    assert pages.generate(root, ASSIGNMENT, ["solved", "wrong"]) == {}
    assert "ask the course staff" not in feedback_html(root, "wrong", ASSIGNMENT)


def _stops_on(student, stop, monkeypatch):
    """Make every child stop (``stop()``) when it comes to ``student``'s pages."""
    render = feedback.Renderer.render

    def render_or_stop(self, who, assignment, grades):
        if who == student:
            stop()
        return render(self, who, assignment, grades)

    monkeypatch.setattr(feedback.Renderer, "render", render_or_stop)


@pytest.mark.parametrize(
    "stop, why",
    [(lambda: os._exit(7), "exit status 7"), (lambda: __import__("time").sleep(60), "longer than")],
)
def test_a_child_stopped_on_one_student_costs_only_that_student(graded, monkeypatch, stop, why):
    """One child makes both students' pages (one worker): it stops on the first, the second gets a new one."""
    root, _ = graded
    _stops_on("wrong", stop, monkeypatch)
    monkeypatch.setattr(pages, "SECONDS", 3.0)
    page = root / "feedback" / "solved" / ASSIGNMENT / "partials.html"
    page.unlink()
    problems = pages.generate(root, ASSIGNMENT, ["wrong", "solved"], workers=1)
    assert set(problems) == {"wrong"} and why in problems["wrong"]
    assert "Score:" in page.read_text()


def test_grades_read_together_are_those_read_one_by_one(graded):
    root, rows = graded
    with NbGraderGradebook(f"sqlite:///{root / 'gradebook.db'}", "pdml") as gb:
        together = feedback.stored_grades_of(gb, ASSIGNMENT, [*rows, "nobody"])
        assert together == {s: feedback.stored_grades(gb, ASSIGNMENT, s) for s in rows}
        assert together["solved"] != together["wrong"]


def _dom(html):
    """A page as BeautifulSoup writes it: nbconvert's own pass over a page ends this way."""
    return str(BeautifulSoup(html, features="html.parser"))


def _nbgraders_pages(root, tmp_path):
    """nbgrader's own generate_feedback, on a copy of the graded course: {student: page}."""
    copy = tmp_path / "nbgrader"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("feedback"))
    done = run("nbgrader", "generate_feedback", ASSIGNMENT, "--force", root=copy)
    assert done.returncode == 0, done.stderr[-3000:]
    return copy, {s.name: feedback_html(copy, s.name, ASSIGNMENT) for s in (copy / "feedback").iterdir()}


def test_pages_are_those_of_nbgraders_generate_feedback(graded, tmp_path):
    root, rows = graded
    _, theirs = _nbgraders_pages(root, tmp_path)
    assert set(theirs) == set(rows)
    for student in rows:
        assert _dom(feedback_html(root, student, ASSIGNMENT)) == _dom(theirs[student]), student


def test_a_changed_grade_makes_another_page(graded, tmp_path):
    """The comparison can fail: a grader's manual score shows on nbgrader's page, not on the old one."""
    root, _ = graded
    copy = tmp_path / "changed"
    shutil.copytree(root, copy)
    with NbGraderGradebook(f"sqlite:///{copy / 'gradebook.db'}", "pdml") as gb:
        grade = gb.find_submission(ASSIGNMENT, "wrong").notebooks[0].grades[0]
        grade.manual_score = grade.max_score
        gb.db.commit()
    _, theirs = _nbgraders_pages(copy, tmp_path)
    assert _dom(feedback_html(root, "wrong", ASSIGNMENT)) != _dom(theirs["wrong"])
    assert _dom(feedback_html(root, "solved", ASSIGNMENT)) == _dom(theirs["solved"])


@pytest.mark.parametrize(
    "markdown", ['An image <img src="plot.png"> without text', "No image, `code` and $x^2$"]
)
def test_the_feedback_exporter_makes_nbconverts_page(markdown):
    """With an image lacking alternative text (BeautifulSoup's pass) and without (no pass)."""
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell(markdown), nbformat.v4.new_code_cell("x = 1  # <b>")]
    )
    resources = {"nbgrader": {"notebook": "n", "score": 1, "max_score": 2, "late_penalty": 0}}
    config = feedback.template_config()
    ours, _ = feedback.FeedbackExporter(config=config).from_notebook_node(nb, resources=dict(resources))
    theirs, _ = HTMLExporter(config=config).from_notebook_node(nb, resources=dict(resources))
    assert _dom(ours) == _dom(theirs)
    assert ("No description has been provided" in ours) == ("<img" in ours)


def test_a_feedback_process_that_stops_costs_its_pages_and_says_so(graded):
    root, _ = graded
    process = pages.Pages(root, ASSIGNMENT)
    os.kill(process.pid, 9)
    process.send(["solved"])
    assert "stopped" in process.finish()["solved"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield chromium
        chromium.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _typeset(browser, folder, student):
    """Serve ``folder`` (a feedback/ tree) on loopback; return (math containers, blocked requests)."""
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    page, blocked = browser.new_page(), []
    origin = f"127.0.0.1:{httpd.server_address[1]}"
    page.route(
        "**/*",
        lambda r: (
            r.continue_()
            if urlsplit(r.request.url).netloc == origin
            else (blocked.append(r.request.url), r.abort())
        ),
    )
    try:
        page.goto(f"http://{origin}/{student}/{ASSIGNMENT}/partials.html", wait_until="load")
        page.wait_for_timeout(300)
        if page.evaluate("() => !!(window.MathJax && MathJax.startup)"):
            page.evaluate("() => MathJax.startup.promise")
        return page.evaluate("() => document.querySelectorAll('mjx-container').length"), blocked
    finally:
        page.close()
        httpd.shutdown()
        httpd.server_close()


def test_feedback_maths_is_typeset_offline_in_chromium(graded, browser):
    root, _ = graded
    containers, blocked = _typeset(browser, root / "feedback", "solved")
    assert containers >= 3 and not blocked


def test_without_the_mathjax_copy_nothing_is_typeset(graded, browser, tmp_path):
    root, _ = graded
    shutil.copytree(root / "feedback" / "solved", tmp_path / "solved")
    containers, blocked = _typeset(browser, tmp_path, "solved")
    assert containers == 0 and not blocked
