"""The sandbox runner: each failure costs only its own item, and the sandbox sees no course file."""
import pytest

from autograder import jail
from autograder.sandbox import codec

pytestmark = pytest.mark.slow

DEFINE = "def f(x):\n    return 2 * x\n"


LIMITS = jail.Limits.for_item(2.0)


def _calls(*names, hidden=False):
    return [{"id": f"{n}/{k}", "function": n, "args": codec.encode([3.0]), "kwargs": codec.encode({}),
             "hidden": hidden} for k, n in enumerate(names)]


def _run(cells, *names, **options):
    return jail.run_submission(cells, _calls(*names, **options), limits=LIMITS)


def _result(run, key):
    return codec.decode(run.outcomes[key]["result"]) if run.outcomes[key]["result"] is not None else None


def test_a_plain_call_returns_its_value():
    assert _result(_run([DEFINE], "f"), "f/0") == 6.0


def test_a_hanging_call_costs_only_itself():
    run = _run([DEFINE, "def g(x):\n    while True:\n        pass"], "g", "f")
    assert "TimeoutError" in run.outcomes["g/0"]["error"] and _result(run, "f/1") == 6.0


def test_a_cell_that_kills_the_interpreter_is_skipped_on_restart():
    run = _run(["import os\nos._exit(1)", DEFINE], "f")
    assert 0 in run.cell_errors and _result(run, "f/0") == 6.0


def test_a_missing_function_is_a_clear_error():
    assert "NameError" in _run([DEFINE], "nope").outcomes["nope/0"]["error"]


@pytest.mark.skipif(not jail.bwrap_available(), reason="needs bubblewrap")
def test_the_sandbox_cannot_see_the_course():
    cell = f"import os\nSEEN = os.path.exists({str(jail.PACKAGE)!r})\ndef f(x):\n    return float(SEEN)"
    assert _result(_run([cell], "f"), "f/0") == 0.0


def test_without_the_sandbox_the_same_code_sees_it():
    """Negative twin of the test above: the check would notice a visible course folder."""
    cell = f"import os\nSEEN = os.path.exists({str(jail.PACKAGE)!r})\ndef f(x):\n    return float(SEEN)"
    assert _result(jail.run_submission([cell], _calls("f"), sandbox=False, limits=LIMITS), "f/0") == 1.0
