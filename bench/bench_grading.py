"""Grading throughput, in one run, printed as ratios (never a timed test).

On temporary copies of the course holding N synthetic submissions (every third one wrong), each with the
assignment released before the timings (``nbgrader generate_assignment`` for the plain run, our release
for ours, as an instructor releases before students submit):

1. plain `nbgrader autograde` vs `python -m autograder grade` (sandbox on, feedback generated), the
   latter the median of three runs (so are the other runs on N and 2 N);
2. the cost of one more submission at N and at 10 N: (T(2N) - T(N)) / N and (T(20N) - T(10N)) / 10N, so
   that neither the fixed cost nor the start-up (when one core waits for the other) counts, and the
   grading process's peak memory at N and 10 N;
3. `grade` through a real Dask scheduler (``dask scheduler`` and ``dask worker`` processes on 127.0.0.1):
   - with 1 and 2 workers on this machine's cores, where the client, the scheduler and both workers
     share them;
   - with 1 and 2 workers that stand for machines of their own: each worker's processes (its sandboxes
     included) get a control group capped at a quarter of a core. The client, the scheduler and the
     feedback keep their own share whatever the number of workers, as the instructor's machine keeps
     its cores when grading machines are added, and the machine as a whole is never saturated (its two
     virtual cores may share one physical core, which would slow every process as more of them run);
4. this machine's own scaling, two CPU-bound processes against one, before and after the runs: a
   virtual machine does not always deliver two whole cores, and every ratio depends on it.

    python bench/bench_grading.py [--students 24] [--assignment ps01_partials] [--skip-plain] [--skip-dask]
"""

import argparse
import compileall
import importlib
import itertools
import os
import socket
import statistics
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
CGROUP = Path("/sys/fs/cgroup")
SHARE = 0.25  # of a core, for each worker standing for a machine (see the module's docstring)


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


class Courses:
    """Course copies under one folder, each with its submissions and the assignment already released for
    grading (as the plain run has it from ``nbgrader generate_assignment``), outside the timings."""

    def __init__(self, folder, assignment):
        self.folder, self.assignment, self.made = Path(folder), assignment, 0

    def new(self, students):
        self.made += 1
        root = samples.course_copy(ROOT, self.folder / f"course{self.made}")
        populate(root, self.assignment, students)
        register = f"from autograder import cli; cli.registered({str(root)!r}, [{self.assignment!r}])"
        timed([sys.executable, "-c", register], root)
        return root

    def grade(self, students, *extra):
        """(seconds, peak MB) of `grade` on a new course of ``students`` submissions."""
        root = self.new(students)
        command = [sys.executable, "-m", "autograder", "grade", self.assignment, "--out", str(root / "g.csv")]
        return timed([*command, *extra], root)

    def median(self, students, runs, *extra):
        """Median seconds of ``runs`` gradings of new courses, and the largest peak memory."""
        times, peaks = zip(*(self.grade(students, *extra) for _ in range(runs)))
        return statistics.median(times), max(peaks)


class CpuCap:
    """A control group whose processes share at most ``share`` of one core (cgroup v1 ``cpu`` or v2)."""

    def __init__(self, share, name):
        own = _own_group()
        if own is None:
            raise OSError("no cpu controller that this process may use")
        self.dir = own / name
        self.dir.mkdir()
        period = 100_000
        if (self.dir / "cpu.max").exists():
            (self.dir / "cpu.max").write_text(f"{int(share * period)} {period}")
        else:
            (self.dir / "cpu.cfs_period_us").write_text(str(period))
            (self.dir / "cpu.cfs_quota_us").write_text(str(int(share * period)))

    def command(self, command):
        """``command``, started inside the group (a shell joins it, then execs the command)."""
        return ["/bin/sh", "-c", f'echo $$ > {self.dir / "cgroup.procs"} && exec "$@"', "sh", *command]

    def remove(self):
        for _ in range(100):
            try:
                self.dir.rmdir()
                return
            except OSError:  # its last processes are still exiting
                time.sleep(0.05)


def _own_group():
    """This process's group where the ``cpu`` controller can be used (v1 hierarchy, or v2), or None."""
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if "cpu" in controllers.split(","):
            return CGROUP / "cpu" / path.lstrip("/")
        if controllers == "":
            v2 = CGROUP / path.lstrip("/")
            control = v2 / "cgroup.subtree_control"
            if control.exists() and "cpu" in control.read_text().split():
                return v2
    return None


def caps_available():
    try:
        CpuCap(SHARE, f"pdml-bench-probe-{os.getpid()}").remove()
        return True
    except OSError:
        return False


_caps = itertools.count()


class Cluster:
    """A `dask scheduler` and `dask worker`s (one thread each) on 127.0.0.1; each worker capped at
    ``share`` of a core when given."""

    def __init__(self, workers, folder, share=None):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.address, self.caps = f"tcp://127.0.0.1:{port}", []
        quiet = {"cwd": folder, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": _env()}
        dask = lambda command: [sys.executable, "-m", f"distributed.cli.dask_{command}"]
        scheduler = [*dask("scheduler"), "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"]
        self.procs = [subprocess.Popen(scheduler, **quiet)]
        for _ in range(workers):
            worker = [*dask("worker"), self.address, "--nthreads", "1", "--no-dashboard"]
            if share:
                self.caps.append(CpuCap(share, f"pdml-bench-worker-{os.getpid()}-{next(_caps)}"))
                worker = self.caps[-1].command(worker)
            self.procs.append(subprocess.Popen(worker, **quiet))
        from distributed import Client

        with Client(self.address, timeout="60s") as client:
            client.wait_for_workers(workers, timeout=120)
            client.run(importlib.import_module, "autograder.runs")  # what each worker imports once

    def stop(self):
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            proc.wait()
        for cap in self.caps:
            cap.remove()


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
    print(f"{name:<62} {n:>5} {seconds:>8.1f} {n / seconds:>7.2f} {1000 * seconds / n:>7.0f} {memory}")


def dask_runs(courses, n, t, tmp, share=None, rounds=2):
    """`grade --scheduler` with 1 and 2 workers, both clusters up at once and their runs taken in turn,
    ``rounds`` times (medians), so that a change in this machine's speed falls on both alike. With
    workers capped at ``share``, on N and 3 N submissions: one more submission then costs
    (T(3N) - T(N)) / 2N."""
    tag = "capped" if share else "shared"
    what = f"capped at {share:g} core each" if share else "sharing this machine's cores"
    sizes = (n, 3 * n) if share else (n,)
    clusters = {}
    try:
        for workers in (1, 2):
            clusters[workers] = Cluster(workers, tmp, share)
        times = {(w, size): [] for w in clusters for size in sizes}
        for _ in range(rounds):
            for size in sizes:
                for workers, cluster in clusters.items():
                    seconds, _ = courses.grade(size, "--scheduler", cluster.address)
                    times[workers, size].append(seconds)
    finally:
        for cluster in clusters.values():
            cluster.stop()
    for (workers, size), seconds in times.items():
        t[f"{tag}{workers}-{size}"] = statistics.median(seconds)
        row(f"dask, {workers} worker(s) {what}, median of {rounds}", t[f"{tag}{workers}-{size}"], size)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=24)
    parser.add_argument("--assignment", default="ps01_partials")
    parser.add_argument("--skip-plain", action="store_true")
    parser.add_argument("--skip-dask", action="store_true")
    args = parser.parse_args()
    n, a = args.students, args.assignment
    # Bytecode as any first run writes it (none is written where PYTHONDONTWRITEBYTECODE is set): both
    # tools import this package, plain nbgrader in every kernel it starts.
    compileall.compile_dir(str(ROOT / "autograder"), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        courses = Courses(tmp, a)
        print(
            f"{n} submissions of {a}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start"
        )
        print(f"{'run':<62} {'subs':>5} {'seconds':>8} {'subs/s':>7} {'ms/sub':>7} {'peak MB':>8}")
        t = {"cores before": machine_scaling()}
        print(f"this machine now runs 2 CPU-bound processes {t['cores before']:.2f}x as fast as 1")
        if not args.skip_plain:
            plain = courses.new(n)
            nbgrader = [sys.executable, "-m", "nbgrader"]
            timed([*nbgrader, "generate_assignment", a, "--force"], plain)
            t["plain"], _ = timed([*nbgrader, "autograde", a, "--force"], plain)
            row("plain nbgrader autograde (one at a time, no feedback)", t["plain"], n)
        t["one"], _ = courses.median(1, 3)
        row("grade, 1 submission (the fixed cost), median of 3", t["one"], 1)
        t["ours"], peak_small = courses.median(n, 3)
        row("grade, bubblewrap sandbox, feedback, median of 3", t["ours"], n, peak_small)
        t["bare"], _ = courses.median(n, 3, "--no-sandbox")
        row("grade --no-sandbox, feedback, median of 3", t["bare"], n)
        t[2 * n], _ = courses.median(2 * n, 3)
        row("grade, bubblewrap sandbox, feedback, median of 3", t[2 * n], 2 * n)
        for size in (10 * n, 20 * n):
            t[size], t[f"peak{size}"] = courses.grade(size)
            row("grade, bubblewrap sandbox, feedback", t[size], size, t[f"peak{size}"])
        if not args.skip_dask:
            dask_runs(courses, n, t, tmp)
            if caps_available():
                dask_runs(courses, n, t, tmp, SHARE)
            else:
                print("(no cpu control group can be made here: the capped workers are left out)")
        t["cores after"] = machine_scaling()
        print()
        summary(t, n, peak_small)


def summary(t, n, peak_small):
    if "plain" in t:
        print(f"throughput, grade / plain nbgrader autograde:               {t['plain'] / t['ours']:.2f}x")
    print(
        "what the sandbox costs:                                     "
        f"{1000 * (t['ours'] - t['bare']) / n:+.0f} ms per submission"
    )
    small, big = (t[2 * n] - t["ours"]) / n, (t[20 * n] - t[10 * n]) / (10 * n)
    print(
        f"one more submission at {n}: {1000 * small:.0f} ms, at {10 * n}: {1000 * big:.0f} ms "
        f"(ratio {big / small:.2f}); peak memory {peak_small:.0f} MB at {n}, {t[f'peak{10 * n}']:.0f} MB "
        f"at {10 * n}"
    )
    print(
        "this machine, 2 CPU-bound processes / 1:                   "
        f"{t['cores before']:.2f}x before, {t['cores after']:.2f}x after (2.0 at best)"
    )
    if f"shared2-{n}" in t:
        print(
            f"dask on this machine's cores, 2 workers / 1 worker:        "
            f"{t[f'shared1-{n}'] / t[f'shared2-{n}']:.2f}x (whole runs; client and workers share 2 cores)"
        )
        print(
            f"local thread pool / dask with 2 local workers:              "
            f"{t[f'shared2-{n}'] / t['ours']:.2f}x"
        )
    if f"capped2-{n}" in t:
        per = {w: (t[f"capped{w}-{3 * n}"] - t[f"capped{w}-{n}"]) / (2 * n) for w in (1, 2)}
        print(
            f"dask, workers standing for machines, 2 workers / 1 worker: {per[1] / per[2]:.2f}x per "
            f"submission ({1000 * per[1]:.0f} vs {1000 * per[2]:.0f} ms); "
            f"{t[f'capped1-{3 * n}'] / t[f'capped2-{3 * n}']:.2f}x whole runs of {3 * n}"
        )


if __name__ == "__main__":
    main()
