"""Helpers for the grading tests: a throwaway copy of the course, submissions, the real `grade` command."""

import csv
import html
import os
import subprocess
import sys
import time
from pathlib import Path

from autograder import samples

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = {
    "ps01_partials": "partials",
    "ps02_gradients": "gradients",
    "ps03_gradient_descent": "gradient_descent",
    "ps04_backprop": "backprop",
    "ps05_autodiff": "autodiff",
}


def course_copy(dest):
    """The instructor's course files (no run-time state) in ``dest``."""
    return samples.course_copy(ROOT, dest)


def release(root, assignment):
    return samples.load(root, "exercises", assignment, NOTEBOOK[assignment])


def solved(root, assignment):
    source = samples.load(root, "solutions", assignment, NOTEBOOK[assignment])
    return samples.solved(release(root, assignment), source)


def submit(root, student, assignment, notebook):
    return samples.submit(root, student, assignment, NOTEBOOK[assignment], notebook)


def env():
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


def run(*args, root, timeout=900, environment=None):
    """Run a real command in the course copy (with ``environment`` added to ours); return the
    CompletedProcess."""
    variables = {**env(), **(environment or {})}
    return subprocess.run([*args], cwd=root, env=variables, capture_output=True, text=True, timeout=timeout)


def grade(root, assignment, *extra, environment=None):
    """The real `python -m autograder grade`; returns ({student: CSV row}, completed process)."""
    out = root / f"grades-{assignment}.csv"
    command = [sys.executable, "-m", "autograder", "grade", assignment, "--out", str(out), *extra]
    done = run(*command, root=root, environment=environment)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-6000:]
    with open(out, newline="") as handle:
        return {row["student_id"]: row for row in csv.DictReader(handle)}, done


def feedback_html(root, student, assignment):
    path = root / "feedback" / student / assignment / f"{NOTEBOOK[assignment]}.html"
    return path.read_text() if path.exists() else ""


def feedback_text(root, student, assignment):
    """The page's text with its character references read (``&#39;`` is ``'``), as a browser shows it."""
    return html.unescape(feedback_html(root, student, assignment))


STARTER = """
import sys, time
from pathlib import Path
from autograder.record import Gradebook
root, assignment, ready = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
book = Gradebook(root)
ready.touch()
while not (root / "go").exists():
    time.sleep(0.001)
book.register(assignment)
book.close()
"""


def register_at_once(root, assignments, db_url=None):
    """Graders that each put an assignment of ``assignments`` in the gradebook, in processes of their own,
    all let go at one moment once each is ready; returns their (returncode, stderr) pairs."""
    environment = {**env(), **({"PDML_DB_URL": db_url} if db_url else {})}
    ready = [root / f"ready-{n}" for n in range(len(assignments))]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", STARTER, str(root), assignment, str(flag)],
            env=environment,
            stderr=subprocess.PIPE,
            text=True,
        )
        for assignment, flag in zip(assignments, ready, strict=True)
    ]
    while not all(flag.exists() for flag in ready) and all(p.poll() is None for p in procs):
        time.sleep(0.01)
    (root / "go").touch()
    errors = [proc.communicate(timeout=600)[1] for proc in procs]
    return [(proc.returncode, err) for proc, err in zip(procs, errors, strict=True)]
