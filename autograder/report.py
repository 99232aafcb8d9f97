"""The instructor's view of a graded class: a CSV, and a summary of what went right and wrong."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .grading import StudentResult

__all__ = ["write_csv", "summarize", "format_summary", "plot_summary"]

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
    from matplotlib.figure import Figure  # no pyplot: its import and a GUI backend are not needed

    summary = summarize(results)
    names = list(summary)
    shares = [s["right"] / max(s["graded"], 1) for s in summary.values()]
    fig = Figure(figsize=(8, 0.6 * len(names) + 1.2), layout="constrained")
    ax = fig.subplots()
    ax.barh(names, shares, color="#2ca02c")
    for y, entry in enumerate(summary.values()):
        common = entry["misconceptions"].most_common(1)
        if common:
            ax.text(0.01, y, f"  {common[0][0]} ({common[0][1]})", va="center", fontsize=8)
    ax.set(xlim=(0, 1), xlabel="share of the class with every check right", title="Class summary")
    ax.invert_yaxis()
    fig.savefig(path, dpi=100)
