"""Feedback pages: rendered in parallel with limits, and their maths typeset offline in Chromium."""

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from autograder import feedback, record, samples

from gradelib import course_copy, feedback_html, grade, solved, submit

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


def test_a_page_over_the_size_limit_is_replaced_by_a_note(graded, monkeypatch):
    root, _ = graded
    monkeypatch.setattr(feedback, "PAGE_BYTES", 10_000)
    problems = feedback.generate(record.Gradebook(root), ASSIGNMENT, ["wrong"])
    assert "larger than" in problems["wrong"]
    assert "ask the course staff" in feedback_html(root, "wrong", ASSIGNMENT)


def test_a_page_over_the_time_limit_is_stopped(graded, monkeypatch):
    root, _ = graded
    monkeypatch.setattr(feedback, "SECONDS", 0.001)
    problems = feedback.generate(record.Gradebook(root), ASSIGNMENT, ["solved", "wrong"])
    assert set(problems) == {"solved", "wrong"} and "longer than" in problems["solved"]


def test_pages_come_back_once_the_limits_allow_them(graded):
    root, _ = graded
    assert feedback.generate(record.Gradebook(root), ASSIGNMENT, ["solved", "wrong"]) == {}
    assert "ask the course staff" not in feedback_html(root, "wrong", ASSIGNMENT)


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
