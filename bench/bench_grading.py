"""Grading throughput, in one run, printed as ratios (never a timed test).

On temporary copies of the course holding N synthetic submissions (every third one wrong), each with the
assignment released before the timings (``nbgrader generate_assignment`` for the plain run, our release
for ours, as an instructor releases before students submit):
1. plain `nbgrader autograde` vs `python -m autograder grade` (sandbox on, feedback generated);
2. `grade` on N vs 10 N submissions: the cost of one more submission (timings less a one-student run),
   and the grading process's peak memory;
3. `grade` through a real Dask scheduler with 1 worker vs 2 workers (and vs the local thread pool), whole
   runs and per submission (each less a one-student run on the same cluster), and the sandboxes alone on
   the same clusters (the client only reading the submissions): what more machines scale.

    python bench/bench_grading.py [--students 24] [--assignment ps01_partials] [--skip-plain] [--skip-dask]
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograder import samples

ROOT = Path(__file__).resolve().parents[1]
WRONG = "def {f}(*args, **kwargs):\n    return 0.0\n"
PEAK = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.stderr.write(done.stderr[-3000:]); "
    "sys.exit(done.returncode)"
)


def populate(root, assignment, students):
    """Write ``students`` submissions: every third one has its first graded function wrong."""
    source = next((root / "solutions" / assignment).glob("*.ipynb")).stem
    release = samples.load(root, "exercises", assignment, source)
    right = samples.solved(release, samples.load(root, "solutions", assignment, source))
    graded = "".join(c.source for c in right.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade"))
    first = next(
        c.metadata.nbgrader.grade_id
        for c in right.cells  # the first function that earns points
        if c.get("metadata", {}).get("nbgrader", {}).get("solution")
        and f'check("{c.metadata.nbgrader.grade_id}"' in graded
    )
    for n in range(students):
        notebook = samples.answered(right, first, WRONG.format(f=first)) if n % 3 == 0 else right
        samples.submit(root, f"student{n:04d}", assignment, source, notebook)


def _env():
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}


def timed(command, cwd):
    """(seconds, peak RSS in MB of the largest process of the run) for one command."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *command], cwd=cwd, env=_env(), capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr[-4000:]}")
    return seconds, int(done.stdout.split()[-1]) / 1024


def course(tmp, name, assignment, students):
    """A course copy with ``students`` submissions, the assignment already released for grading (as the
    plain run has it from ``nbgrader generate_assignment``: the instructor released before students
    submitted), outside the timings."""
    root = samples.course_copy(ROOT, Path(tmp) / name)
    populate(root, assignment, students)
    register = f"from autograder import cli; cli.registered({str(root)!r}, [{assignment!r}])"
    timed([sys.executable, "-c", register], root)
    return root


def grade(root, assignment, *extra):
    return timed(
        [sys.executable, "-m", "autograder", "grade", assignment, "--out", str(root / "g.csv"), *extra], root
    )


class Cluster:
    """A `dask scheduler` and `dask worker`s (one thread each) on 127.0.0.1."""

    def __init__(self, workers, folder):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.address = f"tcp://127.0.0.1:{s.getsockname()[1]}"
        cli = [sys.executable, "-m"]
        self.procs = [
            subprocess.Popen(
                [
                    *cli,
                    "distributed.cli.dask_scheduler",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    self.address.rsplit(":", 1)[1],
                    "--no-dashboard",
                ],
                cwd=folder,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        ]
        self.procs += [
            subprocess.Popen(
                [*cli, "distributed.cli.dask_worker", self.address, "--nthreads", "1", "--no-dashboard"],
                cwd=folder,
                env=_env(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(workers)
        ]
        from distributed import Client

        with Client(self.address, timeout="60s") as client:
            client.wait_for_workers(workers, timeout=120)

    def stop(self):
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            proc.wait()


def sandboxes_only(root, assignment, address):
    """Seconds for the cluster to run every submission's sandboxes while the client only reads and
    rebuilds the notebooks: what the workers deliver, which more machines multiply (the assessing,
    recording and feedback of a whole ``grade`` run compete with them for this machine's two cores)."""
    from autograder import grading, record, runs

    book = record.Gradebook(root)
    try:
        plans = grading.plan(root, assignment, book.register(assignment))
    finally:
        book.close()
    students = grading.students_in(root)
    start = time.perf_counter()
    with runs.DaskRuns(address) as runner:
        done = sum(1 for _ in runner.completed(root, assignment, students, plans))
    assert done == len(students)
    return time.perf_counter() - start


SPIN = "x = 0\nfor i in range(6_000_000):\n    x += i"


def machine_scaling():
    """Throughput of two CPU-bound Python processes at once over one alone: the most that two workers on
    this machine's cores can give over one, whatever the grader does (medians of five runs each)."""

    def once(copies):
        start = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(copies)]
        for proc in procs:
            proc.wait()
        return time.perf_counter() - start

    median = lambda copies: sorted(once(copies) for _ in range(5))[2]
    return 2 * median(1) / median(2)


def row(name, seconds, n, peak=None):
    memory = f"{peak:>8.0f}" if peak else f"{'':>8}"
    print(f"{name:<58} {n:>5} {seconds:>8.1f} {n / seconds:>7.2f} {1000 * seconds / n:>7.0f} {memory}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=24)
    parser.add_argument("--assignment", default="ps01_partials")
    parser.add_argument("--skip-plain", action="store_true")
    parser.add_argument("--skip-dask", action="store_true")
    args = parser.parse_args()
    n, a = args.students, args.assignment
    with tempfile.TemporaryDirectory() as tmp:
        print(
            f"{n} submissions of {a}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start"
        )
        print(f"{'run':<58} {'subs':>5} {'seconds':>8} {'subs/s':>7} {'ms/sub':>7} {'peak MB':>8}")
        t = {}
        if not args.skip_plain:
            plain = course(tmp, "plain", a, n)
            nbgrader = [sys.executable, "-m", "nbgrader"]
            timed([*nbgrader, "generate_assignment", a, "--force"], plain)
            t["plain"], _ = timed([*nbgrader, "autograde", a, "--force"], plain)
            row("plain nbgrader autograde (one at a time, no feedback)", t["plain"], n)
        t["one"], _ = grade(course(tmp, "one", a, 1), a)
        row("grade, 1 submission (the fixed cost)", t["one"], 1)
        t["ours"], peak_small = grade(course(tmp, "ours", a, n), a)
        row("grade, bubblewrap sandbox, feedback", t["ours"], n, peak_small)
        t["bare"], _ = grade(course(tmp, "bare", a, n), a, "--no-sandbox")
        row("grade --no-sandbox, feedback", t["bare"], n)
        t["big"], peak_big = grade(course(tmp, "big", a, 10 * n), a)
        row("grade, bubblewrap sandbox, feedback", t["big"], 10 * n, peak_big)
        if not args.skip_dask:
            for workers in (1, 2):
                cluster = Cluster(workers, tmp)
                try:
                    t[f"dask{workers}one"], _ = grade(
                        course(tmp, f"dask{workers}one", a, 1), a, "--scheduler", cluster.address
                    )
                    t[f"dask{workers}"], _ = grade(
                        course(tmp, f"dask{workers}", a, n), a, "--scheduler", cluster.address
                    )
                    t[f"sandboxes{workers}"] = sandboxes_only(
                        course(tmp, f"sandboxes{workers}", a, n), a, cluster.address
                    )
                finally:
                    cluster.stop()
                row(f"grade --scheduler, {workers} dask worker(s), 1 submission", t[f"dask{workers}one"], 1)
                row(f"grade --scheduler, {workers} dask worker(s), feedback", t[f"dask{workers}"], n)
                row(f"the sandboxes alone, {workers} dask worker(s)", t[f"sandboxes{workers}"], n)
        t["cores"] = machine_scaling()
        print()
        summary(t, n, peak_small, peak_big)


def summary(t, n, peak_small, peak_big):
    each = lambda total, count: (total - t["one"]) / (count - 1)
    if "plain" in t:
        print(f"throughput, grade / plain nbgrader autograde:            {t['plain'] / t['ours']:.2f}x")
    print(
        "what the sandbox costs:                                  "
        f"{1000 * (t['ours'] - t['bare']) / n:+.0f} ms per submission"
    )
    small, big = each(t["ours"], n), each(t["big"], 10 * n)
    print(
        f"one more submission at {n}: {1000 * small:.0f} ms, at {10 * n}: {1000 * big:.0f} ms "
        f"(ratio {big / small:.2f}); peak memory {peak_small:.0f} MB vs {peak_big:.0f} MB"
    )
    print(
        "this machine, 2 CPU-bound processes / 1:                "
        f"{t['cores']:.2f}x (the ceiling of any 2-worker ratio here)"
    )
    if "dask2" in t:
        per = {w: (t[f"dask{w}"] - t[f"dask{w}one"]) / (n - 1) for w in (1, 2)}
        print(
            f"dask, 2 workers / 1 worker:                              {t['dask1'] / t['dask2']:.2f}x "
            f"(whole runs); {per[1] / per[2]:.2f}x per submission "
            f"({1000 * per[1]:.0f} vs {1000 * per[2]:.0f} ms, "
            "the fixed cost taken off)"
        )
        print(
            f"dask, the sandboxes alone, 2 workers / 1 worker:         "
            f"{t['sandboxes1'] / t['sandboxes2']:.2f}x (what a second machine adds)"
        )
        print(
            f"local thread pool / dask with 2 local workers:           {t['dask2'] / t['ours']:.2f}x faster"
        )


if __name__ == "__main__":
    main()
