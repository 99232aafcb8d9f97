"""The instructor's view of a graded class: a CSV, and a summary of what went right and wrong."""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .grading import StudentResult

__all__ = ["write_csv", "summarize", "format_summary", "plot_summary", "SummaryPlot"]

COLUMNS = ["student_id", "score", "max_score", "status", "sandbox", "misconceptions", "notes"]


def write_csv(results: Iterable[StudentResult], path: str | Path) -> None:
    """One row per student, with nbgrader's export columns first."""
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for r in results:
            labels = sorted({m for a in r.assessments.values() for m in a.misconceptions})
            writer.writerow(
                [
                    r.student,
                    f"{r.score:g}",
                    f"{r.max_score:g}",
                    r.status,
                    r.sandbox,
                    "; ".join(labels),
                    " | ".join(r.notes),
                ]
            )


def summarize(results: Iterable[StudentResult]) -> dict[str, dict]:
    """Per function: students with every check right, students graded, and misconception counts."""
    summary = {}
    for r in results:
        by_function = {}
        for verdict in r.assessments.values():
            by_function.setdefault(verdict.name, []).append(verdict)
        for name, verdicts in by_function.items():
            entry = summary.setdefault(name, {"right": 0, "graded": 0, "misconceptions": Counter()})
            entry["graded"] += 1
            entry["right"] += all(v.points >= v.max_points for v in verdicts)
            entry["misconceptions"].update({m for v in verdicts for m in v.misconceptions})
    return summary


def format_summary(results: Sequence[StudentResult]) -> str:
    """A short text table for the terminal."""
    summary = summarize(results)
    lines = [f"{'function':<24} {'right':>9}   most common misconception"]
    for name, entry in summary.items():
        common = entry["misconceptions"].most_common(1)
        label = f"{common[0][0]} ({common[0][1]})" if common else "—"
        lines.append(f"{name:<24} {entry['right']:>4}/{entry['graded']:<4}   {label}")
    missing = [r.student for r in results if r.status != "graded"]
    if missing:
        lines.append(f"not graded normally: {', '.join(missing)} (see the CSV's status and notes)")
    return "\n".join(lines)


def plot_summary(results: Iterable[StudentResult], path: str | Path) -> None:
    """Bar chart: share of the class with each function right, annotated with the top misconception."""
    _draw(_bars(results), path)


def _bars(results):
    """(function, share of the class with every check right, top misconception or "") per function."""
    bars = []
    for name, entry in summarize(results).items():
        common = entry["misconceptions"].most_common(1)
        label = f"{common[0][0]} ({common[0][1]})" if common else ""
        bars.append((name, entry["right"] / max(entry["graded"], 1), label))
    return bars


def _draw(bars, path):
    from matplotlib.figure import Figure  # no pyplot: its import and a GUI backend are not needed

    fig = Figure(figsize=(8, 0.6 * len(bars) + 1.2), layout="constrained")
    ax = fig.subplots()
    ax.barh([name for name, _, _ in bars], [share for _, share, _ in bars], color="#2ca02c")
    for y, (_, _, label) in enumerate(bars):
        if label:
            ax.text(0.01, y, f"  {label}", va="center", fontsize=8)
    ax.set(xlim=(0, 1), xlabel="share of the class with every check right", title="Class summary")
    ax.invert_yaxis()
    fig.savefig(path, dpi=100)


class SummaryPlot:
    """:func:`plot_summary` by a process forked now, so matplotlib's import (half a second) is done while
    the class is graded. Fork it before any thread starts; :meth:`send` hands it the class, :meth:`wait`
    waits for the picture (:meth:`draw` does both)."""

    def __init__(self):
        self._read, self._write = os.pipe()
        self.pid, self.job, self.sent, self.over = os.fork(), None, False, False
        if self.pid == 0:
            _plot_process(self._read, self._write)
        os.close(self._read)

    def send(self, results: Iterable[StudentResult], path: str | Path) -> None:
        """Start drawing the plot of ``results`` into ``path``."""
        self.job = {"path": str(path), "bars": _bars(results)}
        try:
            with os.fdopen(self._write, "w") as pipe:  # one line: another fork may hold the pipe open
                pipe.write(json.dumps(self.job) + "\n")
            self.sent = True
        except OSError:  # the process is gone: wait() draws it here
            pass

    def wait(self) -> None:
        """Wait for the picture :meth:`send` asked for; draw it here if the plotting process could not."""
        drawn, self.over = False, True
        if self.sent:
            try:
                _, status = os.waitpid(self.pid, 0)
                drawn = os.waitstatus_to_exitcode(status) == 0
            except ChildProcessError:
                pass
        if not drawn:
            _draw(self.job["bars"], self.job["path"])

    def draw(self, results: Iterable[StudentResult], path: str | Path) -> None:
        """Draw the plot of ``results`` into ``path``; here, if the plotting process could not."""
        self.send(results, path)
        self.wait()

    def cancel(self) -> None:
        """No plot after all (grading failed): end the process (nothing once the picture was waited for)."""
        if self.over:
            return
        self.over = True
        try:
            if not self.sent:
                os.close(self._write)
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except (OSError, ChildProcessError):
            pass


def _plot_process(read, write):
    """The forked plotting process: import matplotlib, wait for the bars, draw them, exit."""
    status = 1
    try:
        os.close(write)
        from matplotlib.figure import Figure  # noqa: F401  (the import this process is for)

        with os.fdopen(read) as pipe:
            job = json.loads(pipe.readline())
        _draw(job["bars"], job["path"])
        status = 0
    except BaseException:
        status = 1  # the parent draws it itself
    finally:
        os._exit(status)
