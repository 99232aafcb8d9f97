"""The package students receive checks their work without containing any answer."""
import subprocess
import sys
import sysconfig

import pytest

from autograder.cli import student_package

RUN = '''
import sys
sys.path[:0] = [{dest!r}, {site!r}]
import autograder
assert autograder.__file__.startswith({dest!r}), autograder.__file__
from autograder import check
right = check("partials", lambda x, y: (2 * x * y, x**2 + 3))
wrong = check("partials", lambda x, y: (2 * x * y, x**2 + 3 + 2 * x * y))
print("SCORES", right, wrong)
{extra}
'''


def _run(dest, extra=""):
    code = RUN.format(dest=str(dest), site=sysconfig.get_paths()["purelib"], extra=extra)
    return subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, cwd=dest)


@pytest.fixture(scope="module")
def dest(tmp_path_factory):
    folder = tmp_path_factory.mktemp("student")
    student_package(folder)
    return folder


def test_student_copy_has_no_answers(dest):
    names = {p.name for p in (dest / "autograder").rglob("*")}
    assert not names & {"reference.py", "variants.py", "casegen.py", "key.py", "grading.py", "record.py"}


def test_self_checks_work_from_the_student_copy(dest):
    done = _run(dest)
    assert "SCORES 1.0 0.5" in done.stdout, done.stdout + done.stderr
    assert "the other variable was not held constant" in done.stdout


def test_the_reference_cannot_be_imported_from_it(dest):
    done = _run(dest, "import autograder.reference")
    assert "ModuleNotFoundError" in done.stderr


def test_a_full_package_would_be_noticed(dest, tmp_path):
    """Negative twin: the same import succeeds where the reference is present."""
    (tmp_path / "autograder").symlink_to(sys.modules["autograder"].__path__[0])
    done = _run(tmp_path, "import autograder.reference; print('IMPORTED')")
    assert "IMPORTED" in done.stdout, done.stderr
