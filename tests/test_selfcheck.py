"""check(): the notebook's one call, on the shipped public key; refuses what grading cannot run."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from autograder import check
from autograder.instructor import key
from autograder.instructor.secret import ENV
from autograder.student import numerics
from autograder.student.problems import PUBLIC_KEY

from conftest import SECRET, cases


def partials_exy(x, y):
    e = np.exp(x * y)
    return (1 + x * y) * e, x**2 * e


def net_backward(params, X, y):
    A = np.tanh(X @ params["W1"] + params["b1"])
    Z = A @ params["W2"] + params["b2"]
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    P[np.arange(len(y)), y] -= 1
    G = P / len(y)
    H = G @ params["W2"].T * (1 - A**2)
    return {"W1": X.T @ H, "b1": H.sum(axis=0), "W2": A.T @ G, "b2": G.sum(axis=0)}


@pytest.fixture(autouse=True)
def _secret(monkeypatch):
    monkeypatch.setenv(ENV, SECRET)


def test_right_function_gets_max_points(capsys):
    assert check("partials_exy", partials_exy) == 1.0


def test_wrong_partial_gets_less(capsys):
    assert check("partials_exy", lambda x, y: (partials_exy(x, y)[0], x)) == 0.5


def test_hidden_cases_carry_the_hidden_points(capsys):
    assert check("net_backward", net_backward, hidden=True) == 6.0


def test_points_are_a_float(capsys):
    assert type(check("partials_exy", partials_exy)) is float


def test_prints_the_function_name(capsys):
    check("partials_exy", partials_exy)
    assert "partials_exy(x, y)" in capsys.readouterr().out


def test_prints_the_mistake(capsys):
    check("partials_exy", lambda x, y: (np.exp(x * y), x**2 * np.exp(x * y)))
    assert "product rule" in capsys.readouterr().out


def test_unknown_name_gives_zero_without_raising(capsys):
    assert check("nope", partials_exy) == 0.0 and "nope" in capsys.readouterr().out


def test_not_callable_gives_zero(capsys):
    assert check("partials_exy", 42) == 0.0 and "expected a function" in capsys.readouterr().out


def test_stub_gives_zero(capsys):
    def partials_exy(x, y):
        raise NotImplementedError()

    assert check("partials_exy", partials_exy) == 0.0 and "not implemented yet" in capsys.readouterr().out


def test_malformed_result_gives_zero(capsys):
    assert check("partials_exy", lambda x, y: (np.array([1.0]), None)) == 0.0


# ---- what the grader cannot run, the self-check refuses (course/ and autograder are not in the sandbox) ----


def test_a_function_of_the_package_is_refused(capsys):
    assert check("numerical_partial", numerics.central_difference) == 0.0
    assert "not available when your work is graded" in capsys.readouterr().out


def test_a_function_calling_the_package_is_refused(capsys):
    central_difference = numerics.central_difference

    def numerical_partial(f, point, i, h=1e-5):
        return central_difference(f, point, i, h)

    numerical_partial.__globals__["central_difference"] = central_difference
    try:
        assert check("numerical_partial", numerical_partial) == 0.0
        assert "central_difference from autograder" in capsys.readouterr().out
    finally:
        del numerical_partial.__globals__["central_difference"]


def test_a_function_calling_a_course_helper_is_refused(capsys):
    import course.descent

    assert check("ridge_gradient", course.descent.mse_grad) == 0.0 and "course" in capsys.readouterr().out


def test_a_function_of_ones_own_is_not_refused(capsys):
    """Negative twin: NumPy and the student's own helpers are fine."""

    def numerical_partial(f, point, i, h=1e-5):
        x = np.array(point, dtype=float)
        e = np.zeros(len(x))
        e[i] = h
        return float((f(x + e) - f(x - e)) / (2 * h))

    assert check("numerical_partial", numerical_partial) == 1.0


# ---- the student's kernel never needs the answers ----

INSTRUCTOR_SIDE = ["autograder.instructor", "autograder.instructor.key", "autograder.instructor.specs"]


def loaded_after(calls):
    """The instructor-side modules a fresh interpreter has loaded after the import and ``calls``."""
    code = (
        "import json, sys\nimport numpy as np\nfrom autograder import check\n"
        "def partials_exy(x, y):\n    return (1 + x * y) * np.exp(x * y), x**2 * np.exp(x * y)\n"
        f"{calls}\nprint(json.dumps(sorted(m for m in {INSTRUCTOR_SIDE!r} if m in sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, ENV: SECRET},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_public_self_check_imports_no_instructor_module():
    assert loaded_after('assert check("partials_exy", partials_exy) == 1.0') == []


def test_the_import_probe_sees_the_instructor_side_when_it_is_used():
    assert loaded_after('assert check("partials_exy", partials_exy, hidden=True) == 2.0') == sorted(
        INSTRUCTOR_SIDE
    )


def test_public_key_is_in_sync_with_the_instructor_side():
    assert key.stale() == []


def test_a_tampered_public_key_is_stale(tmp_path):
    data = json.loads(PUBLIC_KEY.read_text())
    data["partials_exy"]["key"]["expected"][1][1] = 5.5
    (tmp_path / "k.json").write_text(json.dumps(data))
    assert key.stale(tmp_path / "k.json") == ["partials_exy"]


def test_another_machines_rounding_is_not_stale(tmp_path):
    """Values as another CPU's BLAS gives them (seen: a zero sum as -2.8e-17 or -6.5e-17, a finite
    difference 2e-12 apart, relatively) leave the key in sync; the tampered keys above and below do not."""
    data = json.loads(PUBLIC_KEY.read_text())
    expected = data["partials_exy"]["key"]["expected"]
    expected[0][0] = expected[0][0] * (1 + 2e-12) if expected[0][0] else 6.5e-17
    (tmp_path / "k.json").write_text(json.dumps(data))
    assert key.stale(tmp_path / "k.json") == []


def test_a_tampered_public_case_is_stale(tmp_path):
    data = json.loads(PUBLIC_KEY.read_text())
    data["fit_ridge"]["cases"][0]["label"] += " "
    (tmp_path / "k.json").write_text(json.dumps(data))
    assert key.stale(tmp_path / "k.json") == ["fit_ridge"]


def test_key_command_reports_sync():
    done = subprocess.run(
        [sys.executable, "-m", "autograder.instructor.key", "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0 and "in sync" in done.stdout


def test_self_check_uses_the_shipped_public_cases():
    shipped = json.loads(PUBLIC_KEY.read_text())["fit_ridge"]["cases"]
    assert [c["label"] for c in shipped] == [c.label for c in cases("fit_ridge")]
