"""The sandbox runner: each failure costs only its own item, the sandbox sees no course file, and
it holds when the grader runs as root."""

import os
import signal
import subprocess
import sys
import time

import pytest

from autograder import jail
from autograder.sandbox import codec

pytestmark = pytest.mark.slow

DEFINE = "def f(x):\n    return 2 * x\n"


LIMITS = jail.Limits.for_item(2.0)


def _calls(*names, hidden=False):
    return [
        {
            "id": f"{n}/{k}",
            "function": n,
            "args": codec.encode([3.0]),
            "kwargs": codec.encode({}),
            "hidden": hidden,
        }
        for k, n in enumerate(names)
    ]


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


def test_without_the_sandbox_a_rewritten_runner_lasts_only_its_own_run():
    """Without bubblewrap the student's code can write to the runner's files: each run has its own copy."""
    rewrite = "import gradekit.call as c\nopen(c.__file__, 'a').write('\\nraise SystemExit')\n" + DEFINE
    jail.run_submission([rewrite], _calls("f"), sandbox=False, limits=LIMITS)
    assert _result(jail.run_submission([DEFINE], _calls("f"), sandbox=False, limits=LIMITS), "f/0") == 6.0


ROOT_ONLY = pytest.mark.skipif(
    not jail.bwrap_available() or os.geteuid() != 0,
    reason="needs bubblewrap and a grader running as root (as in CI)",
)
ESCAPE = """
import ctypes, os, sys
MS_REMOUNT, MS_BIND = 32, 4096
libc = ctypes.CDLL(None, use_errno=True)
BOUND = ["/opt/site", "/usr", "/lib", "/bin", "/grader", "/", "/dev", sys.base_prefix]
REMOUNTED = [p for p in BOUND if libc.mount(None, p.encode(), None, MS_REMOUNT | MS_BIND, None) == 0]
WRITTEN = []
for p in BOUND:
    try:
        with open(os.path.join(p, "zz_pdml_escape.pth"), "w") as handle:
            handle.write("# would run at every start of the interpreter\\n")
        WRITTEN.append(p)
    except OSError:
        pass
def f(x):
    return float(len(REMOUNTED) + len(WRITTEN))
"""


@ROOT_ONLY
def test_as_root_nothing_bound_can_be_remounted_or_written():
    bound = ["/usr", "/lib", "/bin", sys.base_prefix, jail._site_packages()]
    try:
        assert _result(_run([ESCAPE], "f"), "f/0") == 0.0
    finally:
        planted = [p for p in bound if os.path.exists(os.path.join(p, "zz_pdml_escape.pth"))]
        for p in planted:
            os.remove(os.path.join(p, "zz_pdml_escape.pth"))
    assert planted == []


def _imports_numpy(module):
    """Whether importing ``gradekit.<module>`` from the staged sandbox package imports NumPy."""
    with jail._stage(True) as stage:
        boot = f"import sys; sys.path[:0] = [{str(stage)!r}, {jail._site_packages()!r}]; "
        code = boot + f"import gradekit.{module}; print('numpy' in sys.modules)"
        done = subprocess.run([sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip() == "True"


def test_the_probe_starts_without_numpy():
    """The probe runs before every grading: it imports the sandbox package but not NumPy."""
    assert not _imports_numpy("probe")


def test_the_runner_imports_numpy():
    """Negative twin: the same check sees NumPy where the sandbox package needs it."""
    assert _imports_numpy("runner")


@ROOT_ONLY
def test_the_probe_finds_nothing_in_the_real_sandbox():
    assert jail.probe() == []


@ROOT_ONLY
def test_the_probe_finds_a_sandbox_that_keeps_its_capabilities():
    """Negative twin: bubblewrap as root without the hardening flags lets a remount through."""
    found = jail.probe(hardening=[])
    assert "remount /opt/site" in found and "remount /usr" in found


@pytest.mark.skipif(not jail.bwrap_available(), reason="needs bubblewrap")
def test_tmp_and_shm_are_small_and_root_and_dev_read_only():
    cell = """
def _fill(path):
    try:
        with open(path, "wb") as handle:
            for _ in range(200):
                handle.write(b"x" * 2**20)
    except OSError:
        pass
    import os
    return os.path.getsize(path) if os.path.exists(path) else 0
SIZES = [_fill(p) for p in ("/tmp/a", "/dev/shm/a", "/a", "/dev/a")]
def f(x):
    return SIZES
"""
    tmp, shm, root, dev = _result(_run([cell], "f"), "f/0")
    assert 0 < tmp <= LIMITS.tmp and 0 < shm <= LIMITS.tmp and root == 0 and dev == 0


def test_the_calls_are_not_in_any_file_the_student_can_read():
    cell = """
import glob, os
FOUND = []
for root in ("/grader", "/tmp", "/dev/shm", "/proc/self/cwd"):
    for path in glob.glob(os.path.join(root, "**", "*"), recursive=True)[:2000]:
        try:
            text = open(path, errors="ignore").read() if os.path.isfile(path) else ""
            if "f/1" in text:
                FOUND.append(path)
        except Exception:
            pass
def f(x):
    return float(len(FOUND))
"""
    run = _run([cell], "f", "f", hidden=True)
    assert codec.decode(run.outcomes["f/0"]["result"]) == 0.0


def test_a_cell_cannot_read_the_calls_from_the_job_pipe():
    """Nothing is on the pipe while cells run: a cell that reads it waits until its own time limit."""
    cell = """
import os, select
READY = []
for fd in range(3, 20):
    try:
        READY += [fd] if select.select([fd], [], [], 0.2)[0] else []
    except (OSError, ValueError):
        pass
def f(x):
    return float(len(READY))
"""
    assert _result(_run([cell], "f"), "f/0") == 0.0


def test_walking_the_runners_frames_changes_no_call():
    cell = """
import sys
def f(x):
    frame = sys._getframe()
    while frame:
        for name, value in list(frame.f_locals.items()):
            if isinstance(value, dict) and "args" in value:
                value["args"] = {"__tuple__": [100.0]}
            if isinstance(value, dict) and "cells" in value:
                value.clear()
        frame = frame.f_back
    return 2 * x
"""
    run = _run([cell], "f", "f")
    assert _result(run, "f/0") == 6.0 and _result(run, "f/1") == 6.0


def test_a_hidden_call_error_does_not_show_its_inputs():
    cell = "def f(x):\n    raise ValueError(f'input was {x!r}, numpy at ' + __import__('numpy').__file__)"
    hidden, public = _run([cell], "f", hidden=True), _run([cell], "f")
    assert (
        "3.0" not in hidden.outcomes["f/0"]["error"] and "raise ValueError" in hidden.outcomes["f/0"]["error"]
    )
    assert "3.0" in public.outcomes["f/0"]["error"]
    assert "site-packages" not in public.outcomes["f/0"]["error"] + hidden.outcomes["f/0"]["error"]


def test_calls_that_each_sleep_under_the_limit_stop_at_the_functions_budget():
    cell = "import time\ndef f(x):\n    time.sleep(1.8)\n    return 2 * x\n"
    start = time.monotonic()
    run = _run([cell], *["f"] * 20)
    assert time.monotonic() - start < LIMITS.function + 2 * LIMITS.item + 5
    errors = [run.outcomes[f"f/{k}"]["error"] for k in range(20)]
    assert errors[0] is None and "together ran longer" in errors[-1]


def test_a_thread_left_running_is_explained():
    cell = (
        "import re, threading\ndef f(x):\n    threading.Thread(target=lambda: re.match(r'(a+)+$', "
        "'a' * 40 + 'b'), daemon=True).start()\n    return 2 * x\ndef g(x):\n    return x\n"
    )
    run = _run([cell], "f", "f", "g")
    assert "thread" in run.threads["f"] and _result(run, "g/2") == 3.0


def test_a_function_without_threads_gets_no_thread_note():
    """Negative twin of the test above."""
    assert _run([DEFINE], "f").threads == {}


def test_grade_refuses_loudly_when_the_probe_escapes(monkeypatch, capsys):
    from autograder import cli

    from gradelib import ROOT

    monkeypatch.setattr(jail, "probe", lambda: ["remount /opt/site"])
    monkeypatch.setattr(jail, "bwrap_available", lambda: True)
    monkeypatch.setenv("PATH", os.environ["PATH"])  # main() prepends the interpreter's bin/
    previous = signal.getsignal(signal.SIGTERM)
    try:
        assert cli.main(["--root", str(ROOT), "grade", "ps01_partials"]) == 2
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert "NOT GRADING" in capsys.readouterr().err


def test_the_start_up_check_passes_a_sandbox_that_holds(monkeypatch, capsys):
    """Negative twin of the test above."""
    from autograder import cli

    monkeypatch.setattr(jail, "probe", lambda: [])
    assert cli._Probe(jail).holds() and "NOT GRADING" not in capsys.readouterr().err


def test_a_probe_that_cannot_run_refuses_too(monkeypatch, capsys):
    from autograder import cli

    def broken():
        raise OSError("no such file: bwrap")

    monkeypatch.setattr(jail, "probe", broken)
    assert not cli._Probe(jail).holds() and "could not be probed" in capsys.readouterr().err
