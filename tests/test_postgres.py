"""The gradebook in a real PostgreSQL server (Debian's postgresql, a throwaway cluster on 127.0.0.1)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from nbgrader.api import Gradebook
from sqlalchemy import text

from autograder.instructor import SETS, SPECS

from gradelib import course_copy, env, grade, register_at_once, release, solved, submit

pytestmark = pytest.mark.postgres

BIN = Path("/usr/lib/postgresql/15/bin")
MAX = sum(sum(SPECS[name].points) for name in SETS["ps01_partials"])  # the points of ps01
WRONG = "def partials_exy(x, y):\n    return 0, 0"


def _as_postgres(*command):
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *map(str, command)],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def server():
    """initdb into a temporary folder as the postgres user; a private port; stopped at the end."""
    if not (BIN / "initdb").exists():
        pytest.fail("PostgreSQL is not installed: run tools/install_system_deps.sh")
    folder = Path(tempfile.mkdtemp(prefix="pdml-pg-"))
    shutil.chown(folder, "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _as_postgres(BIN / "initdb", "-D", folder / "data", "-A", "trust", "-U", "postgres")
    options = f"-k {folder} -p {port} -c listen_addresses=127.0.0.1"
    _as_postgres(BIN / "pg_ctl", "-D", folder / "data", "-o", options, "-l", folder / "log", "-w", "start")
    yield port
    _as_postgres(BIN / "pg_ctl", "-D", folder / "data", "-m", "fast", "-w", "stop")
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def db_url(server, request):
    """A fresh, empty database: the first grader creates the gradebook's tables and courses."""
    name = "t_" + request.node.name.lower().replace("[", "_").replace("]", "")[:50]
    _as_postgres(BIN / "createdb", "-h", "127.0.0.1", "-p", server, "-U", "postgres", name)
    return f"postgresql://postgres@127.0.0.1:{server}/{name}"


def _class(root, assignment="ps01_partials", students=4):
    from autograder import samples

    right = solved(root, assignment)
    for n in range(students):
        wrong = (
            samples.answered(right, "partials_exy", WRONG)
            if assignment == "ps01_partials"
            else release(root, assignment)
        )
        submit(root, f"s{n}", assignment, wrong if n % 2 else right)


def _grade(root, url, assignment="ps01_partials"):
    os.environ["PDML_DB_URL"] = url
    try:
        return grade(root, assignment, "--no-feedback")[0]
    finally:
        del os.environ["PDML_DB_URL"]


def _stored(url, assignment):
    with Gradebook(url, "pdml") as gb:
        return {s.student.id: s.score for s in gb.find_assignment(assignment).submissions}


def _counts(url):
    with Gradebook(url, "pdml") as gb:
        return {
            table: gb.db.execute(text(f"select count(*) from {table}")).scalar()
            for table in ("submitted_assignment", "submitted_notebook", "grade", "comment", "student")
        }


def test_a_graded_batch_is_stored_in_postgres(db_url, tmp_path):
    root = course_copy(tmp_path)
    _class(root)
    rows = _grade(root, db_url)
    assert _stored(db_url, "ps01_partials") == {s: float(r["score"]) for s, r in rows.items()}
    assert not (root / "gradebook.db").exists()


def test_regrading_is_idempotent(db_url, tmp_path):
    root = course_copy(tmp_path)
    _class(root)
    _grade(root, db_url)
    before, scores = _counts(db_url), _stored(db_url, "ps01_partials")
    _grade(root, db_url)
    assert _counts(db_url) == before and _stored(db_url, "ps01_partials") == scores
    assert before["submitted_assignment"] == 4


def test_two_grade_runs_at_once_on_different_assignments(db_url, tmp_path):
    roots = {a: course_copy(tmp_path / a) for a in ("ps01_partials", "ps02_gradients")}
    for assignment, root in roots.items():
        _class(root, assignment, students=6)
    procs = {
        a: subprocess.Popen(
            [sys.executable, "-m", "autograder", "grade", a, "--no-feedback"],
            cwd=root,
            env={**env(), "PDML_DB_URL": db_url},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for a, root in roots.items()
    }
    for assignment, proc in procs.items():
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-3000:]
        assert len(_stored(db_url, assignment)) == 6
    assert _counts(db_url)["student"] == 6


def test_graders_starting_at_once_on_an_empty_database_all_get_through(db_url, tmp_path):
    root = course_copy(tmp_path)
    assignments = ["ps01_partials", "ps02_gradients"] * 2
    for returncode, err in register_at_once(root, assignments, db_url):
        assert returncode == 0, err[-3000:]
    with Gradebook(db_url, "pdml") as gb:
        assert sorted(a.name for a in gb.assignments) == sorted(set(assignments))
        assert gb.db.execute(text("select count(*) from alembic_version")).scalar() == 1
        assert sorted(gb.db.execute(text("select id from course")).scalars()) == ["default_course", "pdml"]


def test_an_interrupted_run_restarted_grades_everyone_once(db_url, tmp_path):
    root = course_copy(tmp_path)
    _class(root, students=10)
    proc = subprocess.Popen(
        [sys.executable, "-m", "autograder", "grade", "ps01_partials", "--no-feedback", "--workers", "1"],
        cwd=root,
        env={**env(), "PDML_DB_URL": db_url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while not (root / "autograded").is_dir() and proc.poll() is None:
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert len(_stored(db_url, "ps01_partials")) < 10
    rows = _grade(root, db_url)
    assert _stored(db_url, "ps01_partials") == {s: float(r["score"]) for s, r in rows.items()}
    assert _counts(db_url)["submitted_assignment"] == 10


def test_formgraders_summary_queries(db_url, tmp_path):
    root = course_copy(tmp_path)
    _class(root)
    _grade(root, db_url)
    with Gradebook(db_url, "pdml") as gb:
        submissions = gb.submission_dicts("ps01_partials")
        assert sorted(s["student"] for s in submissions) == ["s0", "s1", "s2", "s3"]
        assert {s["student"]: s["score"] for s in submissions}["s0"] == MAX
        students = {s["id"]: s for s in gb.student_dicts()}
        assert students["s1"]["score"] < students["s0"]["score"] == MAX
        notebooks = gb.notebook_submission_dicts("partials", "ps01_partials")
        assert len(notebooks) == 4 and all(n["max_score"] == MAX for n in notebooks)
        assert 0 < gb.average_assignment_score("ps01_partials") < MAX
        assert gb.average_notebook_score("partials", "ps01_partials") == gb.average_assignment_score(
            "ps01_partials"
        )
