"""The class summary: the plot drawn by the process forked before grading is the one drawn here."""

import os

from autograder import report
from autograder.grading import StudentResult
from autograder.student.assess import Assessment


def _class():
    right = Assessment("partials_exy", 3, 3, [True, True], [], "ok")
    wrong = Assessment("partials_exy", 0, 3, [False, False], ["parts swapped"], "no")
    return [
        StudentResult("a", 3, 3, assessments={("n", "t"): right}),
        StudentResult("b", 3, 0, assessments={("n", "t"): wrong}),
    ]


def test_the_forked_plot_is_the_plot(tmp_path):
    report.plot_summary(_class(), tmp_path / "here.png")
    report.SummaryPlot().draw(_class(), tmp_path / "forked.png")
    assert (tmp_path / "forked.png").read_bytes() == (tmp_path / "here.png").read_bytes()


def test_another_class_makes_another_plot(tmp_path):
    report.plot_summary(_class(), tmp_path / "here.png")
    report.SummaryPlot().draw(_class()[:1], tmp_path / "other.png")
    assert (tmp_path / "other.png").read_bytes() != (tmp_path / "here.png").read_bytes()


def test_the_plot_is_drawn_here_when_the_process_is_gone(tmp_path):
    plot = report.SummaryPlot()
    os.kill(plot.pid, 9)
    plot.draw(_class(), tmp_path / "p.png")
    report.plot_summary(_class(), tmp_path / "here.png")
    assert (tmp_path / "p.png").read_bytes() == (tmp_path / "here.png").read_bytes()


def test_a_cancelled_plot_leaves_no_process():
    plot = report.SummaryPlot()
    plot.cancel()
    try:
        os.waitpid(plot.pid, os.WNOHANG)
        raise AssertionError("the plotting process was not reaped")
    except ChildProcessError:
        pass


def test_the_plot_is_drawn_while_the_caller_goes_on(tmp_path):
    """send() hands the class over and returns; wait() is when the picture is there."""
    plot = report.SummaryPlot()
    plot.send(_class(), tmp_path / "p.png")
    plot.wait()
    report.plot_summary(_class(), tmp_path / "here.png")
    assert (tmp_path / "p.png").read_bytes() == (tmp_path / "here.png").read_bytes()
    plot.cancel()  # nothing once waited for: the picture stays
    assert (tmp_path / "p.png").is_file()
