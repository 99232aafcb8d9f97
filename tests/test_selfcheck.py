import numpy as np

from autograder import check
from autograder import reference as ref


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
