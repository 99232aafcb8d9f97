"""Grading on a real Dask cluster (a scheduler and workers started here, on 127.0.0.1)."""

import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from autograder import samples

from gradelib import course_copy, env, grade, run, solved, submit

pytestmark = pytest.mark.dask

ASSIGNMENT = "ps01_partials"
WRONG = "def partials_exy(x, y):\n    return 0, 0"
KILLER = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n"  # the process that started it


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """`dask scheduler` and `dask worker`s as separate processes, started in a folder of their own."""

    def __init__(self, folder):
        self.folder, self.port, self.procs = folder, _free_port(), []
        self.address = f"tcp://127.0.0.1:{self.port}"

    def _start(self, *args):
        proc = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_" + args[0], *args[1:]],
            cwd=self.folder,
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.procs.append(proc)
        return proc

    def start(self, workers):
        self._start("scheduler", "--host", "127.0.0.1", "--port", str(self.port), "--no-dashboard")
        for _ in range(workers):
            self.add_worker()
        self.wait_for(workers)
        return self

    def add_worker(self):
        self._start("worker", self.address, "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1")

    def wait_for(self, workers):
        from distributed import Client

        with Client(self.address, timeout="60s") as client:
            client.wait_for_workers(workers, timeout=120)

    def worker_pids(self):
        from distributed import Client

        with Client(self.address, timeout="60s") as client:
            return list(client.run(os.getpid).values())

    def stop(self):
        for proc in reversed(self.procs):
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    started = Cluster(tmp_path_factory.mktemp("cluster")).start(2)
    yield started
    started.stop()


def _class(root, students=6):
    right = solved(root, ASSIGNMENT)
    for n in range(students):
        submit(root, f"s{n}", ASSIGNMENT, samples.answered(right, "partials_exy", WRONG) if n % 2 else right)


def _scores(rows):
    return {s: (r["score"], r["status"]) for s, r in rows.items()}


def test_cluster_grades_as_this_machine_does(cluster, tmp_path):
    local, remote = course_copy(tmp_path / "local"), course_copy(tmp_path / "remote")
    for root in (local, remote):
        _class(root)
    here, _ = grade(local, ASSIGNMENT, "--no-feedback")
    there, done = grade(remote, ASSIGNMENT, "--no-feedback", "--scheduler", cluster.address)
    assert _scores(there) == _scores(here) and len(here) == 6
    assert {r["sandbox"] for r in there.values()} == {"bubblewrap"}


def test_scheduler_address_from_the_environment(cluster, tmp_path, monkeypatch):
    root = course_copy(tmp_path)
    _class(root, 2)
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", cluster.address)
    rows, _ = grade(root, ASSIGNMENT, "--no-feedback")
    assert rows["s0"]["score"] == rows["s0"]["max_score"] and float(rows["s1"]["score"]) < float(
        rows["s1"]["max_score"]
    )


def test_a_submission_that_kills_its_workers_costs_only_that_student(cluster, tmp_path):
    """Without bubblewrap the student's process can reach the worker that started it: it is killed each
    time; the scheduler gives up on that task (KilledWorker) and the others are graded."""
    root = course_copy(tmp_path)
    _class(root, 3)
    right = solved(root, ASSIGNMENT)
    submit(root, "killer", ASSIGNMENT, samples.answered(right, "partials_exy", KILLER + WRONG))
    rows, _ = grade(root, ASSIGNMENT, "--no-feedback", "--no-sandbox", "--scheduler", cluster.address)
    cluster.wait_for(2)
    assert rows["killer"]["status"] == "grader error" and "KilledWorker" in rows["killer"]["notes"]
    assert all(rows[f"s{n}"]["status"] == "graded" for n in range(3)), rows
    assert rows["s0"]["score"] == rows["s0"]["max_score"] and float(rows["s1"]["score"]) < float(
        rows["s1"]["max_score"]
    )


def test_a_worker_killed_mid_batch_loses_nothing(cluster, tmp_path):
    root = course_copy(tmp_path)
    _class(root, 12)
    out = root / "grades.csv"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "autograder",
            "grade",
            ASSIGNMENT,
            "--no-feedback",
            "--scheduler",
            cluster.address,
            "--out",
            str(out),
        ],
        cwd=root,
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    while not (root / "autograded").is_dir() and proc.poll() is None:  # the first results are in
        time.sleep(0.2)
    os.kill(cluster.worker_pids()[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err[-3000:]
    rows, _ = grade(root, ASSIGNMENT, "--no-feedback", "--scheduler", cluster.address)  # a re-run, too
    assert len(rows) == 12 and all(r["status"] == "graded" for r in rows.values())
    assert {rows[f"s{n}"]["score"] for n in range(0, 12, 2)} == {rows["s0"]["max_score"]}
    assert len({rows[f"s{n}"]["score"] for n in range(1, 12, 2)} - {rows["s0"]["max_score"]}) == 1
    done = run("nbgrader", "export", "--to", str(root / "export.csv"), root=root)
    assert done.returncode == 0 and len((root / "export.csv").read_text().splitlines()) == 13
