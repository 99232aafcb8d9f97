import json
import subprocess
import sys

import numpy as np

from autograder import check, key
from autograder import reference as ref
from autograder.problems import cases


def test_reference_gets_max_points(capsys):
    assert check("partials", ref.partials) == 1.0


def test_wrong_partial_gets_less(capsys):
    assert check("partials", lambda x, y: (2 * x * y, x**2)) == 0.5


def test_hidden_cases_are_worth_two(capsys):
    assert check("mlp_backward", ref.mlp_backward, hidden=True) == 2.0


def test_points_are_a_float(capsys):
    assert type(check("gd_step", ref.gd_step)) is float


def test_prints_the_function_name(capsys):
    check("gradient", ref.gradient)
    assert "gradient(f, point, h=1e-5)" in capsys.readouterr().out


def test_prints_the_mistake(capsys):
    check("gd_step", lambda params, grad, lr: params + lr * grad)
    assert "stepped up the gradient" in capsys.readouterr().out


def test_unknown_name_gives_zero_without_raising(capsys):
    assert check("nope", ref.partials) == 0.0 and "nope" in capsys.readouterr().out


def test_not_callable_gives_zero(capsys):
    assert check("partials", 42) == 0.0 and "expected a function" in capsys.readouterr().out


def test_stub_gives_zero(capsys):
    def partials(x, y):
        raise NotImplementedError()
    assert check("partials", partials) == 0.0 and "not implemented yet" in capsys.readouterr().out


def test_lying_result_gives_zero(capsys):
    class Liar(float):
        def __eq__(self, other):
            return True
    assert check("directional_derivative", lambda g, u: Liar(0.0)) == 0.0


def test_malformed_result_gives_zero(capsys):
    def sneaky(x, y):
        return np.array([1.0]), None
    assert check("partials", sneaky) == 0.0


# ---- the student's kernel never needs the answers ----

INSTRUCTOR_SIDE = ["autograder.reference", "autograder.variants", "autograder.casegen", "autograder.key"]


def loaded_after(calls):
    """The instructor-side modules a fresh interpreter holds after ``from autograder import check`` and ``calls``."""
    code = ("import json, sys\nfrom autograder import check\n"
            "def partials(x, y):\n    return 2 * x * y, x**2 + 3\n"
            f"{calls}\nprint(json.dumps(sorted(m for m in {INSTRUCTOR_SIDE!r} if m in sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_public_self_check_imports_no_instructor_module():
    assert loaded_after('assert check("partials", partials) == 1.0') == []


def test_the_import_probe_sees_the_instructor_side_when_it_is_used():
    assert loaded_after('assert check("partials", partials, hidden=True) == 2.0') == sorted(INSTRUCTOR_SIDE)


def test_public_key_is_in_sync_with_the_instructor_side():
    assert key.stale() == []


def test_a_tampered_public_key_is_stale(tmp_path):
    data = json.loads(key.PUBLIC_KEY.read_text())
    data["partials"]["key"]["expected"][1][1] = 5.5
    (tmp_path / "k.json").write_text(json.dumps(data))
    assert key.stale(tmp_path / "k.json") == ["partials"]


def test_a_tampered_public_case_is_stale(tmp_path):
    data = json.loads(key.PUBLIC_KEY.read_text())
    data["gd_step"]["cases"][0]["label"] += " "
    (tmp_path / "k.json").write_text(json.dumps(data))
    assert key.stale(tmp_path / "k.json") == ["gd_step"]


def test_key_command_reports_sync():
    done = subprocess.run([sys.executable, "-m", "autograder.key", "--check"], capture_output=True, text=True)
    assert done.returncode == 0 and "in sync" in done.stdout


def test_self_check_uses_the_shipped_public_cases():
    shipped = json.loads(key.PUBLIC_KEY.read_text())["fit_line"]["cases"]
    assert [c["label"] for c in shipped] == [c.label for c in cases("fit_line")]
