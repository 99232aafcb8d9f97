"""Generic diagnoses from the numbers: each detector names its mistake, and its negative twin does not.

Every test runs the real path (run_case, the answer key, assess) through the ``grade`` fixture.
"""
import numpy as np
import pytest

from autograder import detectors
from autograder import mistakes as M
from autograder import reference as ref
from autograder.mistakes import Check


def _labels(result):
    return result.misconceptions


def _neutral(result):
    return not result.misconceptions and "check:    " in result.message and "likely:" not in result.message


# ---- permutations of parts ----

def test_three_parts_passed_round_a_cycle_are_swapped(grade):
    result = grade("partials_xyz", lambda x, y, z: tuple(np.array(ref.partials_xyz(x, y, z))[[2, 0, 1]]))
    assert _labels(result) == [M.SWAPPED] and "→" in result.message


def test_a_part_holding_a_right_parts_value_is_not_swapped(grade):
    """Negative twin: ∂g/∂x returns ∂g/∂z's value while ∂g/∂z itself is right."""
    def copied(x, y, z):
        gx, gy, gz = ref.partials_xyz(x, y, z)
        return gz, gy, gz
    result = grade("partials_xyz", copied)
    assert M.SWAPPED not in _labels(result) and _labels(result) == [M.OTHER_PART]


def test_two_swapped_partials_still_read_as_swapped(grade):
    assert _labels(grade("partials", lambda x, y: (x**2 + 3, 2 * x * y))) == [M.SWAPPED]


# ---- a·expected + b ----

def test_constant_offset(grade):
    result = grade("partials", lambda x, y: (2 * x * y, x**2 + 5))
    assert _labels(result) == [M.OFFSET] and "(2)" in result.message


def test_factor_and_offset(grade):
    result = grade("partials_xyz", lambda x, y, z: (ref.partials_xyz(x, y, z)[0], 2 * (x * z + 2 * y) + 1,
                                                    ref.partials_xyz(x, y, z)[2]))
    assert _labels(result) == [M.AFFINE]


def test_a_single_value_is_no_evidence_of_a_factor():
    """Negative twin: one wrong number fits any factor; the fit refuses it."""
    assert detectors.affine([(np.array([3.0]), np.array([2.0]))]) is None
    assert detectors.affine([(np.array([3.0, 6.0]), np.array([2.0, 4.0]))]) == (1.5, 0.0)


def test_a_factor_near_one_is_neither_factor_nor_affine(grade):
    result = grade("partials", lambda x, y: (2.01 * x * y, x**2 + 3))
    assert _neutral(result), result.message


# ---- rounding ----

def test_rounded_values(grade):
    assert _labels(grade("partials_xyz", lambda x, y, z: tuple(np.round(v) for v in ref.partials_xyz(x, y, z)))) \
        == [M.ROUNDED]


def test_truncated_values_say_truncated(grade):
    result = grade("mse_gradient", lambda w, b, xs, ys: np.trunc(ref.mse_gradient(w, b, xs, ys)))
    assert _labels(result) == [M.ROUNDED] and "truncated" in result.message


def test_zero_everywhere_is_not_rounding(grade):
    """Negative twin: 0 is an integer, but returning 0 is not rounding."""
    assert M.ROUNDED not in _labels(grade("partials", lambda x, y: (0 * x, x**2 + 3)))


# ---- elements permuted ----

def test_gradient_elements_reversed(grade):
    assert _labels(grade("gradient", lambda f, point, h=1e-5: ref.gradient(f, point, h)[::-1].copy())) == [M.PERMUTED]


def test_other_values_are_not_a_permutation(grade):
    """Negative twin: the reversed gradient with one element changed."""
    def almost(f, point, h=1e-5):
        g = ref.gradient(f, point, h)[::-1].copy()
        g[0] += 1.0
        return g
    assert M.PERMUTED not in _labels(grade("gradient", almost))


def test_transposed_matrix_is_named_in_the_shape_hint(grade):
    result = grade("mlp_backward", lambda p, X, y: {**ref.mlp_backward(p, X, y), "W1": ref.mlp_backward(p, X, y)["W1"].T.copy()})
    assert "transposed" in result.message


# ---- another variable not held constant ----

def test_chapter_two_example_is_not_held(grade):
    """The chapter's most common mistake: ∂(x²y)/∂x taken as 2xy + x²."""
    result = grade("partials", lambda x, y: (2 * x * y + x**2, x**2 + 3))
    assert _labels(result) == [M.NOT_HELD] and "follows ∂f/∂y" in result.message


def test_chapter_two_example_in_the_public_self_check(grade):
    assert _labels(grade("partials", lambda x, y: (2 * x * y + x**2, x**2 + 3), hidden=False)) == [M.NOT_HELD]


def test_an_extra_term_unrelated_to_the_other_partial_is_not_not_held(grade):
    """Negative twin: 2xy + x is wrong, but x is no part of ∂f/∂y."""
    result = grade("partials", lambda x, y: (2 * x * y + x, x**2 + 3))
    assert M.NOT_HELD not in _labels(result) and _neutral(result)


# ---- step size ----

def test_h_fixed_at_another_value_is_ignored_h(grade):
    assert M.IGNORED_H in _labels(grade("numerical_partial", lambda f, point, i, h=1e-5: ref.numerical_partial(f, point, i, 1e-4)))


def test_right_only_where_h_is_the_default():
    cases = [type("C", (), {"kwargs": kw})() for kw in ({}, {"h": 0.01}, {})]
    ok = [Check(1.0, 1.0, True), Check(1.0, 2.0, False), Check(1.0, 1.0, True)]
    assert detectors.right_only_at_default(cases, ok, "h")
    assert not detectors.right_only_at_default(cases, [ok[0], ok[1], Check(0.0, 1.0, False)], "h")


# ---- nan: domain error or divergence ----

def domain_partials(x, y):
    """2xy computed through logarithms: nan wherever x or y is negative."""
    return 2 * np.exp(np.log(x) + np.log(y)), x**2 + 3


def test_nan_at_negative_inputs_is_a_domain_error(grade):
    result = grade("partials", domain_partials)
    assert _labels(result) == [M.DOMAIN] and M.DIVERGED not in _labels(result)


def test_nan_at_positive_inputs_is_not_a_domain_error(grade):
    """Negative twin: nan everywhere (0/0), also where every input is positive."""
    result = grade("partials", lambda x, y: (2 * x * y * np.nan, x**2 + 3))
    assert M.DOMAIN not in _labels(result) and M.DIVERGED not in _labels(result) and _neutral(result)


def test_growing_iterates_are_divergence_not_a_domain_error(grade):
    def fit_sum(xs, ys, lr=0.1, steps=1000):
        w = b = 0.0
        for _ in range(steps):
            r = ys - (w * xs + b)
            w, b = w + lr * 2 * np.sum(xs * r), b + lr * 2 * np.sum(r)
        return w, b
    result = grade("fit_line", fit_sum)
    assert M.DIVERGED in _labels(result) and M.DOMAIN not in _labels(result)


def test_inf_of_a_direct_formula_is_not_divergence(grade):
    result = grade("partials", lambda x, y: (np.abs(2 * x * y) / np.float64(0.0) + 1, x**2 + 3))
    assert M.DIVERGED not in _labels(result) and _neutral(result)


# ---- iterations and learning rate ----

def fit(xs, ys, lr=0.1, steps=1000, scale=1.0):
    w = b = 0.0
    for _ in range(steps):
        dw, db = scale * ref.mse_gradient(w, b, xs, ys)
        w, b = w - lr * dw, b - lr * db
    return w, b


def test_half_the_gradient_is_a_halved_learning_rate(grade):
    assert _labels(grade("fit_line", lambda xs, ys, lr=0.1, steps=1000: fit(xs, ys, lr, steps, 0.5))) == [M.LR_SCALE]


def test_one_step_less_is_off_by_one(grade):
    assert M.OFF_BY_ONE in _labels(grade("fit_line", lambda xs, ys, lr=0.1, steps=1000: fit(xs, ys, lr, steps - 1)))


def test_another_gradient_factor_is_not_a_learning_rate(grade):
    """Negative twin: 0.7 × the gradient is no halving nor doubling."""
    assert M.LR_SCALE not in _labels(grade("fit_line", lambda xs, ys, lr=0.1, steps=1000: fit(xs, ys, lr, steps, 0.7)))


# ---- activations ----

def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_sigmoid_hidden_layer(grade):
    result = grade("mlp_forward", lambda p, X: sigmoid(X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"])
    assert _labels(result) == [M.ACTIVATION] and "sigmoid" in result.message


def test_relu_derivative_in_the_backward_pass(grade):
    def backward(p, X, y):
        z = X @ p["W1"] + p["b1"]
        a = np.tanh(z)
        delta = 2 * (a @ p["W2"] + p["b2"] - y) / len(y)
        dz = np.outer(delta, p["W2"]) * (z > 0)
        return {"W1": X.T @ dz, "b1": dz.sum(axis=0), "W2": a.T @ delta, "b2": float(delta.sum())}
    result = grade("mlp_backward", backward)
    assert _labels(result) == [M.ACTIVATION_PRIME] and "ReLU′" in result.message


def test_tanh_network_is_not_another_activation(grade):
    """Negative twin: a tanh layer with a dropped bias is not called another activation."""
    result = grade("mlp_forward", lambda p, X: np.tanh(X @ p["W1"]) @ p["W2"] + p["b2"])
    assert M.ACTIVATION not in _labels(result)


# ---- no confident detector: say where, and how to find out ----

def test_neutral_message_says_how_to_find_out(grade):
    result = grade("partials_xyz", lambda x, y, z: (y * z + z * np.cos(x * z) + 0.1 * x**3, *ref.partials_xyz(x, y, z)[1:]))
    assert _neutral(result) and "numerical_partial" in result.message and "∂g/∂x is wrong at" in result.message


def test_neutral_for_a_numerical_function_suggests_a_known_function(grade):
    result = grade("numerical_partial", lambda f, point, i, h=1e-5: ref.numerical_partial(f, point, i, h) + 0.01 * i**2 + 0.3 * i)
    assert _neutral(result) and "whose partials you know" in result.message


def test_neutral_is_not_a_misconception_in_the_csv_column(grade):
    assert grade("partials", lambda x, y: (2 * x * y + x, x**2 + 3)).misconceptions == []


@pytest.mark.parametrize("values", [[1.0, 1.0], [2.0, 2.0, 2.0]])
def test_distinct_counts_values_not_repeats(values):
    assert detectors.distinct(values) == 1
