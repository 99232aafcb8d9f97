"""The package students receive checks their work without containing any answer or hidden seed."""

import json
import subprocess
import sys
import sysconfig

import pytest

from autograder.cli import student_package

RUN = """
import sys
sys.path[:0] = [{dest!r}, {site!r}]
import numpy as np
import autograder
assert autograder.__file__.startswith({dest!r}), autograder.__file__
from autograder import check
right = check("partials_exy", lambda x, y: ((1 + x * y) * np.exp(x * y), x**2 * np.exp(x * y)))
wrong = check("partials_exy", lambda x, y: ((1 + x * y) * np.exp(x * y), x * np.exp(x * y)))
print("SCORES", right, wrong)
{extra}
"""


def _run(dest, extra=""):
    code = RUN.format(dest=str(dest), site=sysconfig.get_paths()["purelib"], extra=extra)
    return subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, cwd=dest)


@pytest.fixture(scope="module")
def dest(tmp_path_factory):
    folder = tmp_path_factory.mktemp("student")
    student_package(folder)
    return folder


def test_student_copy_is_the_student_folder_and_three_sandbox_modules(dest):
    files = sorted(
        str(p.relative_to(dest / "autograder")) for p in (dest / "autograder").rglob("*") if p.is_file()
    )
    assert [f for f in files if not f.startswith("student/")] == [
        "__init__.py",
        "sandbox/__init__.py",
        "sandbox/call.py",
        "sandbox/codec.py",
        "sandbox/testfns.py",
    ]


def test_student_copy_has_no_answers(dest):
    names = {p.name for p in (dest / "autograder").rglob("*")}
    assert "instructor" not in names and not names & {
        "grading.py",
        "record.py",
        "jail.py",
        "runner.py",
        "secret",
    }


SEED_MARKS = ('"seed"', "seed=", "default_rng", "hidden_rng", "random.seed", "grading_secret")


def test_student_copy_holds_no_seed(dest):
    for path in (dest / "autograder").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not [m for m in SEED_MARKS if m in text], path


def test_the_seed_check_would_see_one(tmp_path):
    """Negative twin: the marks are found in the instructor side, which draws the hidden cases."""
    text = sys.modules["autograder"].__path__[0] + "/instructor/secret.py"
    assert [m for m in SEED_MARKS if m in open(text, encoding="utf-8").read()]


def test_the_public_key_describes_every_problem_without_a_seed(dest):
    data = json.loads((dest / "autograder" / "student" / "public_key.json").read_text(encoding="utf-8"))
    assert all(set(entry["key"]["problem"]) >= {"signature", "parts", "points"} for entry in data.values())
    assert not any("seed" in entry["key"]["problem"] for entry in data.values())


def test_self_checks_work_from_the_student_copy(dest):
    done = _run(dest)
    assert "SCORES 1.0 0.5" in done.stdout, done.stdout + done.stderr
    assert "chain rule: inner derivative missing" in done.stdout


def test_the_instructor_side_cannot_be_imported_from_it(dest):
    done = _run(dest, "import autograder.instructor")
    assert "ModuleNotFoundError" in done.stderr


def test_a_full_package_would_be_noticed(dest, tmp_path):
    """Negative twin: the same import succeeds where the instructor side is present."""
    (tmp_path / "autograder").symlink_to(sys.modules["autograder"].__path__[0])
    done = _run(tmp_path, "import autograder.instructor; print('IMPORTED')")
    assert "IMPORTED" in done.stdout, done.stderr
