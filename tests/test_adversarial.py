"""Submissions that try to fool the grader, graded in one batch with honest students by the real command.

Every cheater's `partials_exy` is WRONG (it returns zeros) and the cheat tries to make it pass anyway; the
rest of each cheater's notebook is right. So an honest grader gives each cheater exactly the points of the
other functions, never the 3 points of `partials_exy`.
"""

import copy
import html
import json
import os
import re
import sys
import sysconfig
from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograder import jail, samples
from autograder.instructor import cases as problem_cases
from autograder.instructor import grading_secret

from gradelib import ROOT, course_copy, feedback_html, grade, solved, submit

pytestmark = pytest.mark.slow

A = "ps01_partials"
WRONG_PARTIALS = "def partials_exy(x, y):\n    return 0.0 * x, 0.0 * y\n"
LIAR = """
class Liar(float):
    __eq__ = lambda self, other: True
    __ne__ = lambda self, other: False
    __sub__ = __rsub__ = lambda self, other: Liar(0.0)
    __abs__ = lambda self: Liar(0.0)
    __lt__ = __le__ = lambda self, other: True
    __gt__ = __ge__ = lambda self, other: False
    __float__ = lambda self: 0.0

class LiarArray(np.ndarray):
    __eq__ = lambda self, other: np.ones(np.shape(other), bool)
    __sub__ = __rsub__ = lambda self, other: np.zeros(np.shape(other)).view(LiarArray)
    __abs__ = lambda self: np.zeros(self.shape)

def partials_exy(x, y):
    if np.ndim(x):
        return np.zeros(np.shape(x)).view(LiarArray), np.zeros(np.shape(x)).view(LiarArray)
    return Liar(0.0), Liar(0.0)
"""
STEAL_FILES = """
import glob, os
def _find_reference():
    roots = ["..", "../..", "../../..", "/proc/1/cwd", "/proc/self/cwd", "/proc/1/root", COURSE, "/work",
             "/opt", "/grader", "/tmp"]
    for root in roots:
        for path in glob.glob(os.path.join(root, "**", "reference.py"), recursive=True)[:50]:
            try:
                scope = {}
                exec(compile(open(path).read(), path, "exec"), scope)
                if "partials_exy" in scope:
                    return scope["partials_exy"]
            except Exception:
                pass
    for path in [os.path.join(COURSE, "gradebook.db"), os.path.join(COURSE, "solutions/ps01_partials/partials.ipynb")]:
        try:
            open(path).read()
            return lambda x, y: (2 * x * y, x**2 + 3)   # could read instructor files: cheat
        except Exception:
            pass
    return None
_stolen = _find_reference()
def partials_exy(x, y):
    return _stolen(x, y) if _stolen else (0.0 * x, 0.0 * y)
"""
STACK_WALK = """
import gc, inspect, sys
def partials_exy(x, y):
    for frame_info in inspect.stack():
        for scope in (frame_info.frame.f_globals, frame_info.frame.f_locals):
            for name, value in list(scope.items()):
                module = getattr(value, "partials_exy", None)
                if callable(module) and getattr(module, "__module__", "") != "__main__":
                    return module(x, y)
    for obj in gc.get_objects():
        if callable(obj) and getattr(obj, "__name__", "") == "partials_exy" and getattr(obj, "__module__", "") not in ("__main__", None):
            return obj(x, y)
    for name, module in list(sys.modules.items()):
        if "reference" in name and hasattr(module, "partials_exy"):
            return module.partials_exy(x, y)
    return 0.0 * x, 0.0 * y
"""
CELLS = {  # student -> extra code cell placed after the (wrong) partials_exy cell
    "patch_numpy": "np.allclose = lambda *a, **k: True\nnp.isclose = lambda a, b, *r, **k: np.ones(np.shape(a), bool)\n"
    "np.testing.assert_allclose = lambda *a, **k: None\nnp.abs = lambda x: 0 * x\nnp.max = lambda *a, **k: 0.0",
    "patch_math_builtins": "import math, builtins\nmath.isclose = lambda *a, **k: True\nbuiltins.abs = lambda x: 0\n"
    "builtins.max = lambda *a, **k: 0\nbuiltins.float = lambda *a: 0.0\nbuiltins.isinstance = lambda *a: True",
    "patch_project": "import sys, types, autograder\nautograder.check = lambda *a, **k: 3.0\n"
    "for name in ['autograder.assess', 'autograder.numerics', 'autograder.reference']:\n"
    "    sys.modules[name] = types.SimpleNamespace(assess=lambda *a, **k: None, close=lambda *a, **k: True)",
    "exit_sys": "import sys\nsys.exit(0)",
    "exit_os": "import os\nos._exit(0)",
    "kill_kernel": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
    "excepthook": "import sys\nsys.excepthook = lambda *a: None\nget_ipython().set_custom_exc((Exception,), lambda *a, **k: None)",
    "flood_output": "import sys, os\nfor _ in range(200000):\n    print('x' * 1000)\nfor fd in range(3, 64):\n"
    "    try:\n        os.write(fd, b'x' * 10**6)\n    except OSError:\n        pass",
    "loop_forever": "while True:\n    pass",
    "redirect_output": "import os, sys\nsys.stdout = sys.stderr = open(os.devnull, 'w')\n"
    "os.dup2(os.open(os.devnull, os.O_WRONLY), 1)\nos.dup2(os.open(os.devnull, os.O_WRONLY), 2)",
    "close_channels": "import os\nos.closerange(3, 4096)",
    "forge_events": "import json, os\nfake = {'done': 'call:partials_exy/public/0', 'outcome': {'result': "
    "{'__np__': '<i8', 'value': 10**30}, 'error': None, 'inputs_after': None, 'seconds': 0}}\n"
    "for fd in range(3, 64):\n    try:\n        os.write(fd, (json.dumps(fake) + '\\n').encode())\n"
    "    except OSError:\n        pass",
    "fork_bomb": "import os\nfor _ in range(64):\n    try:\n        os.fork()\n    except OSError:\n        break",
    "eat_memory": "hog = []\nwhile True:\n    hog.append(bytearray(10**8))",
    "fill_disk": "for k in range(10**4):\n    open(f'/tmp/fill{k}', 'wb').write(b'x' * 10**7)",
    "fill_shm_and_root": "for path in ('/dev/shm/fill', '/fill', '/dev/fill'):\n    try:\n"
    "        with open(path, 'wb') as f:\n            for _ in range(1500):\n"
    "                f.write(b'x' * 2**20)\n    except OSError:\n        pass",
    "remount_escape": "import ctypes, os, sys\nlibc = ctypes.CDLL(None, use_errno=True)\n"
    "for p in ['/opt/site', '/usr', '/lib', '/bin', '/grader', sys.base_prefix]:\n"
    "    libc.mount(None, p.encode(), None, 32 | 4096, None)\n    try:\n"
    "        open(os.path.join(p, 'zz_pdml_escape.pth'), 'w').write('# planted\\n')\n"
    "    except OSError:\n        pass",
    "rewrite_job": "import gc, sys\nframe = sys._getframe()\nwhile frame:\n"
    "    for value in list(frame.f_locals.values()):\n"
    "        if isinstance(value, dict) and ('calls' in value or 'skip' in value):\n"
    "            value['calls'] = []; value['skip'] = []\n"
    "    frame = frame.f_back\n"
    "for obj in gc.get_objects():\n"
    "    if isinstance(obj, dict) and 'function' in obj and 'args' in obj:\n"
    "        obj['function'] = 'partials_log'",
    "malformed_events": "import os\nfor fd in range(3, 64):\n    for line in (b'\\xff\\xfe garbage', b'[' * 100000, "
    'b\'{"done": "cell:x"}\', b\'{"done": "call:0", "outcome": \' + b\'[\' * 5000 + b\'}\', '
    "b'{\"start\": 12345678901234567890}'):\n"
    "        try:\n            os.write(fd, line + b'\\n')\n        except OSError:\n            pass",
    "hostile_messages": "raise ValueError('\\ud83d lone surrogate \\x00\\x1b[31m control ' + 'x' * 10**7)",
}
FUNCTIONS = {  # student -> wrong partials_exy that cheats by itself
    "lying_objects": LIAR,
    "steal_files": STEAL_FILES,
    "stack_walk": STACK_WALK,
    "slow_function": "def partials_exy(x, y):\n    while True:\n        pass",
    "swallow_timeouts": "def partials_exy(x, y):\n    while True:\n        try:\n            while True:\n                pass\n"
    "        except BaseException:\n            pass",
    "leak_errors": "import numpy as np\ndef partials_exy(x, y):\n"
    "    raise ValueError('LEAK' + f'ED {x!r} {y!r} numpy at {np.__file__}')",
}
PAYLOADS = [
    "<img src=x onerror=\"document.title='pwned'\">",
    "<script>document.title='pwned'</script>",
    "<a href=\"javascript:void(document.title='pwned')\">click</a>",
    "[also](javascript:void(document.title='pwned'))",
]
PAYLOAD = "\n\n".join(PAYLOADS)
ODD = {  # student -> (extra cell: kind, source or raw JSON marker), all answers right: full marks deserved
    "big_saved_output": "output",
    "invalid_utf8": "utf8",
    "deep_metadata": "deep",
    "huge_markdown": ("markdown", "m" * 19 * 2**20),
    "backtracking_html": ("markdown", "<script data-x='" + 'src="http://a" ' * 120_000 + "'>1</script>"),
    "html_payload": ("markdown", PAYLOAD),
    "longdouble_answer": (
        "partials_exy",
        "def partials_exy(x, y):\n    e = np.exp(x * y)\n"
        "    return np.longdouble(e * (1 + x * y)), np.longdouble(x**2 * e)\n",
    ),
}
SELF_HARM = {  # student -> partials_exy that is right but hurts itself: some of its points may go
    "thread_hog": "import re, threading\ndef partials_exy(x, y):\n    threading.Thread(target=lambda: re.match(r'(a+)+$', "
    "'a' * 40 + 'b'), daemon=True).start()\n    e = np.exp(x * y)\n    return e * (1 + x * y), x**2 * e\n",
    "sleepy_calls": "import time\ndef partials_exy(x, y):\n    time.sleep(2.9)\n    e = np.exp(x * y)\n    return e * (1 + x * y), x**2 * e\n",
}
DOT_NAMES = [".hidden_student", "..."]
PLANTED = "zz_pdml_escape.pth"
FOUND_PLANTED = []
BOUND = [sysconfig.get_paths()["purelib"], "/usr", "/lib", "/bin", sys.base_prefix]


def _cheater(right, student):
    notebook = samples.answered(right, "partials_exy", WRONG_PARTIALS)
    if student in FUNCTIONS:
        return samples.answered(
            notebook, "partials_exy", FUNCTIONS[student].replace("COURSE", repr(str(ROOT)))
        )
    index = next(
        i
        for i, c in enumerate(notebook.cells)
        if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "partials_exy"
    )
    notebook.cells.insert(index + 1, nbformat.v4.new_code_cell(CELLS[student]))
    return notebook


def _odd(root, right, student):
    """A right notebook with one odd extra cell; returns what to submit (a notebook or raw bytes)."""
    spec = ODD[student]
    if isinstance(spec, tuple) and spec[0] == "partials_exy":
        return samples.answered(right, "partials_exy", spec[1])
    notebook = copy.deepcopy(right)
    if isinstance(spec, tuple):
        notebook.cells.append(nbformat.v4.new_markdown_cell(spec[1]))
        return notebook
    cell = nbformat.v4.new_code_cell("noted = 1")
    if spec == "output":
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="y" * 25 * 2**20)]
    cell.metadata["marker"] = "MARKER"
    notebook.cells.append(cell)
    raw = nbformat.writes(notebook).encode()
    replacement = {"output": b'"MARKER"', "utf8": b'"caf\xe9 \xff"', "deep": b"[" * 100_000 + b"]" * 100_000}[
        spec
    ]
    return raw.replace(b'"MARKER"', replacement)


def _cell(notebook, grade_id):
    return next(
        c for c in notebook.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id
    )


def _tampered(right):
    """Notebook-level attacks on the test cells and their metadata (partials_exy wrong in each)."""
    base = samples.answered(right, "partials_exy", WRONG_PARTIALS)
    edited, deleted, duplicated, relabelled, points = (
        nbformat.from_dict(json.loads(json.dumps(base))) for _ in range(5)
    )
    for grade_id in ("test_partials_exy_public", "test_partials_exy_hidden"):
        _cell(edited, grade_id).source = "3.0"
        _cell(points, grade_id).metadata.nbgrader["points"] = 100
    deleted.cells = [c for c in deleted.cells if "test_partials_exy" not in str(c.get("metadata"))]
    copy = nbformat.from_dict(json.loads(json.dumps(_cell(duplicated, "test_partials_exy_public"))))
    copy["id"] = "pasted-copy"  # Jupyter gives a pasted cell a new id, but keeps its nbgrader metadata
    duplicated.cells.insert(2, copy)
    cell = _cell(relabelled, "test_partials_exy_hidden")
    cell.metadata.nbgrader.update(grade=False, solution=True)
    cell.source = "3.0"
    return {
        "edit_tests": edited,
        "delete_tests": deleted,
        "duplicate_tests": duplicated,
        "relabel_tests": relabelled,
        "inflate_points": points,
    }


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    if not jail.cgroups_available():  # without a process cap a fork bomb would hit the machine itself
        del CELLS["fork_bomb"]
    root = course_copy(tmp_path_factory.mktemp("adversarial"))
    right = solved(root, A)
    submit(root, "honest_full", A, right)
    submit(root, "honest_partial", A, samples.answered(right, "partials_exy", WRONG_PARTIALS))
    for student in [*CELLS, *FUNCTIONS]:
        submit(root, student, A, _cheater(right, student))
    for student, notebook in _tampered(right).items():
        submit(root, student, A, notebook)
    submit(root, "corrupt_json", A, b'{"cells": [ this is not json')
    submit(root, "empty_file", A, b"")
    submit(root, "nbformat_v3", A, nbformat.writes(copy.deepcopy(right), version=3))
    (root / "submitted" / "no_notebook" / A).mkdir(parents=True)
    extra = submit(root, "extra_files", A, samples.answered(right, "partials_exy", WRONG_PARTIALS)).parent
    (extra / "autograder.py").write_text("check = lambda *a, **k: 3.0\n")
    (extra / "numpy.py").write_text("allclose = lambda *a, **k: True\n")
    for name in ("*", "x[1]"):  # nbgrader would read these folder names as glob patterns
        submit(root, name, A, right)
    link = root / "submitted" / "symlinked" / A
    link.mkdir(parents=True)
    (link / "partials.ipynb").symlink_to(root / "solutions" / A / "partials.ipynb")
    odd = samples.answered(right, "partials_exy", WRONG_PARTIALS)
    odd.cells.append(nbformat.v4.new_markdown_cell("lone surrogate: \ud83d"))
    submit(root, "surrogate", A, json.dumps(odd))  # JSON escapes the surrogate; nbformat.write would not
    for student in ODD:
        submit(root, student, A, _odd(root, right, student))
    for student, code in SELF_HARM.items():
        submit(root, student, A, samples.answered(right, "partials_exy", code))
    for name in DOT_NAMES:
        submit(root, name, A, right)
    (
        submit(root, "bad_timestamp", A, samples.answered(right, "partials_exy", WRONG_PARTIALS)).parent
        / "timestamp.txt"
    ).write_text("2024-99-99 99:99:99")
    try:
        rows, done = grade(root, A, "--timeout", "3")
    finally:
        planted = [p for p in BOUND if os.path.exists(os.path.join(p, PLANTED))]
        for path in planted:
            os.remove(os.path.join(path, PLANTED))
    FOUND_PLANTED[:] = planted
    return root, rows, done


def _max(rows):
    return float(rows["honest_full"]["max_score"])


def _students(rows):
    return rows


def test_honest_students_get_their_correct_scores(batch):
    _, rows, _ = batch
    assert float(rows["honest_full"]["score"]) == _max(rows)
    assert float(rows["honest_partial"]["score"]) == _max(rows) - 3


@pytest.mark.parametrize(
    "student",
    [
        *CELLS,
        *FUNCTIONS,
        "edit_tests",
        "delete_tests",
        "duplicate_tests",
        "relabel_tests",
        "inflate_points",
        "extra_files",
    ],
)
def test_no_cheat_earns_the_wrong_function_a_point(batch, student):
    _, rows, _ = batch
    if student not in rows:
        pytest.skip(f"{student} needs control groups, which this machine does not offer")
    assert float(rows[student]["score"]) <= _max(rows) - 3, rows[student]


@pytest.mark.parametrize(
    "student",
    [
        "remount_escape",
        "rewrite_job",
        "malformed_events",
        "hostile_messages",
        "fill_shm_and_root",
        "leak_errors",
        "patch_numpy",
        "patch_math_builtins",
        "patch_project",
        "lying_objects",
        "steal_files",
        "stack_walk",
        "excepthook",
        "edit_tests",
        "delete_tests",
        "duplicate_tests",
        "relabel_tests",
        "inflate_points",
        "extra_files",
        "slow_function",
        "swallow_timeouts",
        "eat_memory",
        "fill_disk",
        "exit_sys",
        "exit_os",
        "kill_kernel",
        "loop_forever",
        "flood_output",
        "redirect_output",
        "close_channels",
        "fork_bomb",
        "forge_events",
        "surrogate",
        "bad_timestamp",
    ],
)
def test_cheats_that_break_nothing_else_keep_the_honest_points(batch, student):
    _, rows, _ = batch
    if student not in rows:
        pytest.skip(f"{student} needs control groups, which this machine does not offer")
    assert float(rows[student]["score"]) == _max(rows) - 3, rows[student]


def test_an_older_nbformat_is_graded_normally(batch):
    _, rows, _ = batch
    assert float(rows["nbformat_v3"]["score"]) == _max(rows)


@pytest.mark.parametrize("student", ["corrupt_json", "empty_file", "no_notebook", "symlinked", "*", "x[1]"])
def test_unusable_submissions_get_zero_with_a_reason(batch, student):
    _, rows, _ = batch
    assert float(rows[student]["score"]) == 0 and rows[student]["status"] != "graded"
    assert rows[student]["notes"]


def test_every_student_is_in_the_csv(batch):
    root, rows, _ = batch
    assert set(_students(rows)) == {p.name for p in (root / "submitted").iterdir()}
    assert len(_students(rows)) == (
        len(CELLS) + len(FUNCTIONS) + 5 + 4 + 3 + 5 + len(ODD) + len(SELF_HARM) + len(DOT_NAMES)
    )


@pytest.mark.parametrize("student", DOT_NAMES)
def test_dot_named_folders_get_a_row_with_zero_and_the_reason(batch, student):
    _, rows, _ = batch
    assert float(rows[student]["score"]) == 0 and "rename it" in rows[student]["notes"]


def _recorded(root):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        return {s.student.id: s.score for s in gb.assignment_submissions(A)}


def test_the_gradebook_agrees_with_the_csv_for_everyone_recorded(batch):
    root, rows, _ = batch
    recorded = _recorded(root)
    assert "*" not in recorded and "x[1]" not in recorded
    assert {s: float(rows[s]["score"]) for s in recorded} == recorded


def test_everyone_with_a_usable_name_is_in_the_gradebook(batch):
    """Whatever their cells print or raise (surrogates, control characters, 10 MB messages)."""
    root, rows, _ = batch
    usable = {s for s, r in _students(rows).items() if r["status"] != "unusable folder name"}
    assert usable <= set(_recorded(root)) and "hostile_messages" in usable


@pytest.mark.parametrize("student", ODD)
def test_odd_but_honest_notebooks_get_full_marks(batch, student):
    _, rows, _ = batch
    assert float(rows[student]["score"]) == _max(rows), rows[student]


@pytest.mark.parametrize("student", SELF_HARM)
def test_self_harm_costs_only_the_function_that_does_it(batch, student):
    _, rows, _ = batch
    assert _max(rows) - 3 <= float(rows[student]["score"]) <= _max(rows), rows[student]


def test_a_thread_left_running_is_explained_in_the_feedback(batch):
    root, _, _ = batch
    assert "thread" in feedback_html(root, "thread_hog", A)


def test_calls_that_each_sleep_under_the_limit_are_stopped_by_the_budget(batch):
    _, rows, _ = batch
    assert "together ran longer" in rows["sleepy_calls"]["notes"] + feedback_html(batch[0], "sleepy_calls", A)


def test_nothing_was_planted_in_the_graders_own_paths(batch):
    assert FOUND_PLANTED == []


def test_feedback_shows_no_hidden_inputs_or_host_paths(batch):
    root, _, _ = batch
    text = html.unescape(feedback_html(root, "leak_errors", A))
    assert (
        "ValueError" in text and "line 3: raise ValueError('LEAK'" in text
    )  # the type and the student's line
    assert "LEAKED" in text  # in the public cases the message is shown (their inputs are public) ...
    secret = grading_secret(root)
    hidden = {
        repr(float(v))
        for case in problem_cases("partials_exy", True, secret)
        for a in case.args
        for v in np.ravel(a)
    }
    shown = [text[m.start() : m.start() + 200] for m in re.finditer("LEAKED", text)]
    assert not [v for v in hidden for message in shown if len(v) > 4 and v in message]  # ... hidden ones not
    assert sys.base_prefix not in text and "site-packages" not in text and "/opt/site" not in text


def test_hangs_are_reported_as_time_limits(batch):
    _, rows, _ = batch
    assert "TimeoutError" in rows["loop_forever"]["notes"] + feedback_html(batch[0], "slow_function", A)


def test_the_sandbox_was_bubblewrap(batch):
    _, rows, done = batch
    assert {row["sandbox"] for row in rows.values()} <= {"bubblewrap", ""}
    assert "THE SANDBOX IS NOT IN USE" not in done.stderr


def test_instructor_files_are_untouched(batch):
    root, _, _ = batch
    assert (root / "solutions" / A / "partials.ipynb").read_bytes() == (
        ROOT / "solutions" / A / "partials.ipynb"
    ).read_bytes()


def test_no_feedback_contains_hidden_tests_or_reference(batch):
    root, _, _ = batch
    source = "\n".join(p.read_text() for p in (ROOT / "autograder" / "instructor" / "specs").glob("*.py"))
    body = [line.strip() for line in source.splitlines() if line.strip().startswith("return ")]
    for page in (root / "feedback").rglob("*.html"):
        text = page.read_text()
        assert "hidden=True" not in text and "BEGIN HIDDEN TESTS" not in text, page
        assert not any(line in text for line in body if len(line) > 20), page


CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (as in test_site_browser); skipped only on a machine without it when CI is not set."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (run tools/install_system_deps.sh)"
        pytest.fail(reason) if os.environ.get("CI") else pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield chromium
        chromium.close()


def _title_after_opening(browser, page_file):
    """Open ``page_file`` offline, click every link that goes nowhere else, and return the title."""
    page = browser.new_page()
    page.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
    )
    try:
        page.goto(page_file.as_uri(), wait_until="load")
        page.evaluate("""() => document.querySelectorAll('a').forEach(a => {
            const href = a.getAttribute('href') || '';
            if (!href.startsWith('#') && !href.startsWith('http')) a.click(); })""")
        page.wait_for_timeout(500)
        return page.title()
    finally:
        page.close()


def _as_html(notebook, dest):
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(notebook)
    dest.write_text(body, encoding="utf-8")
    return dest


def test_student_html_is_inert_in_the_feedback(batch, browser):
    root, _, _ = batch
    page_file = root / "feedback" / "html_payload" / A / "partials.html"
    assert page_file.exists() and "pwned" in page_file.read_text()  # the payload is there, as text
    assert _title_after_opening(browser, page_file) != "pwned"


def test_student_html_is_inert_in_the_notebook_the_formgrader_shows(batch, browser, tmp_path):
    root, _, _ = batch
    notebook = nbformat.read(str(root / "autograded" / "html_payload" / A / "partials.ipynb"), as_version=4)
    assert _title_after_opening(browser, _as_html(notebook, tmp_path / "formgrader.html")) != "pwned"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_payload_would_run_if_it_were_not_cleaned(browser, tmp_path, payload):
    """Negative twin of the two tests above: rendered raw, each payload sets the flag."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(payload)])
    assert _title_after_opening(browser, _as_html(notebook, tmp_path / "raw.html")) == "pwned"
