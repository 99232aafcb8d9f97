"""Grading throughput: `python -m autograder grade` (sandboxed, both cores) vs plain `nbgrader autograde`.

In one run, on two identical temporary copies of the course holding N synthetic submissions (a mix of
right and wrong answers), time both graders and print submissions per second and their ratio.

    python bench/bench_grading.py [--students 24] [--assignment ps01_partials]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograder import samples

ROOT = Path(__file__).resolve().parents[1]
WRONG = "def {f}(*args, **kwargs):\n    return 0.0\n"


def populate(root, assignment, students):
    """Write ``students`` submissions: every third one has its first function wrong."""
    source = next((root / "solutions" / assignment).glob("*.ipynb")).stem
    release = samples.load(root, "exercises", assignment, source)
    right = samples.solved(release, samples.load(root, "solutions", assignment, source))
    first = next(c.metadata.nbgrader.grade_id for c in right.cells
                 if c.get("metadata", {}).get("nbgrader", {}).get("solution"))
    for n in range(students):
        notebook = samples.answered(right, first, WRONG.format(f=first)) if n % 3 == 0 else right
        samples.submit(root, f"student{n:03d}", assignment, source, notebook)


def timed(command, cwd):
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=24)
    parser.add_argument("--assignment", default="ps01_partials")
    args = parser.parse_args()
    grade = [sys.executable, "-m", "autograder", "grade", args.assignment, "--no-feedback", "--out"]
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b, \
            tempfile.TemporaryDirectory() as c:
        ours, bare, plain = (samples.course_copy(ROOT, d) for d in (a, b, c))
        for root in (ours, bare, plain):
            populate(root, args.assignment, args.students)
        nbgrader = [sys.executable, "-m", "nbgrader"]
        timed([*nbgrader, "generate_assignment", args.assignment, "--force"], plain)
        t_plain = timed([*nbgrader, "autograde", args.assignment, "--force"], plain)
        t_ours = timed([*grade, str(ours / "grades.csv")], ours)
        t_bare = timed([*grade, str(bare / "grades.csv"), "--no-sandbox"], bare)
    n = args.students
    print(f"{n} submissions of {args.assignment}, {os.cpu_count()} cores")
    print(f"{'grader':<48} {'seconds':>8} {'subs/s':>8} {'ms/sub':>8}")
    for name, t in [("plain nbgrader autograde (one at a time)", t_plain),
                    ("autograder grade, bubblewrap sandbox", t_ours),
                    ("autograder grade --no-sandbox (plain processes)", t_bare)]:
        print(f"{name:<48} {t:>8.1f} {n / t:>8.2f} {1000 * t / n:>8.0f}")
    print(f"throughput ratio, sandboxed grade / plain nbgrader: {t_plain / t_ours:.2f}x")
    print(f"what the sandbox costs: {1000 * (t_ours - t_bare) / n:+.0f} ms per submission")


if __name__ == "__main__":
    main()
