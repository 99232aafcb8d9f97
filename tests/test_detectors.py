"""Generic diagnoses from the numbers: each detector names its mistake, and its negative twin does not.

Every test runs the real path (run_case, the answer key, assess) through the ``grade`` fixture.
"""

import numpy as np
import pytest

from autograder.instructor import SPECS
from autograder.student import detectors
from autograder.student import labels as L
from autograder.student import mistakes as M
from autograder.student.mistakes import Check

REF = {name: one.reference for name, one in SPECS.items()}


def _neutral(result):
    return not result.misconceptions and "check:    " in result.message and "likely:" not in result.message


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def ridge_grad(w, b, x, y, lam):
    r = y - (w * x + b)
    return -2 * np.mean(x * r) + 2 * lam * w, -2 * np.mean(r)


def fit(x, y, lam, lr=0.1, steps=500, scale=1.0):
    x, y = np.asarray(x, float), np.asarray(y, float)
    w = b = 0.0
    for _ in range(steps):
        dw, db = ridge_grad(w, b, x, y, lam)
        w, b = w - lr * scale * dw, b - lr * scale * db
    return w, b


def backward_with(p, X, y, prime):
    Z1 = X @ p["W1"] + p["b1"]
    A = np.tanh(Z1)
    dZ2 = softmax(A @ p["W2"] + p["b2"])
    dZ2[np.arange(len(y)), y] -= 1
    dZ2 /= len(y)
    dZ1 = dZ2 @ p["W2"].T * prime(Z1, A)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A.T @ dZ2, "b2": dZ2.sum(axis=0)}


def cycled(x, y, z):
    return tuple(np.array(REF["partials_xyz"](x, y, z))[[2, 0, 1]])


def copied(x, y, z):
    gx, gy, gz = REF["partials_xyz"](x, y, z)
    return gz, gy, gz


def domain_log(x, y):
    """2x / (x² + y²) written through logarithms: nan wherever x < 0."""
    return np.exp(np.log(2 * x) - np.log(x**2 + y**2)), REF["partials_log"](x, y)[1]


FOUND = [
    ("partials_xyz", cycled, M.SWAPPED),
    ("partials_xyz", copied, M.OTHER_PART),
    ("partials_exy", lambda x, y: (REF["partials_exy"](x, y)[0] + 2, REF["partials_exy"](x, y)[1]), M.OFFSET),
    (
        "partials_xyz",
        lambda x, y, z: (
            REF["partials_xyz"](x, y, z)[0],
            2 * REF["partials_xyz"](x, y, z)[1] + 1,
            REF["partials_xyz"](x, y, z)[2],
        ),
        M.AFFINE,
    ),
    ("partials_xyz", lambda x, y, z: tuple(np.round(v) for v in REF["partials_xyz"](x, y, z)), M.ROUNDED),
    ("gradient", lambda f, point, h=1e-5: REF["gradient"](f, point, h)[::-1].copy(), M.PERMUTED),
    ("partials", lambda x, y: (2 * x * y + x**2, x**2 + 3), M.NOT_HELD),
    (
        "numerical_partial",
        lambda f, point, i, h=1e-5: REF["numerical_partial"](f, point, i, 1e-4),
        M.IGNORED_H,
    ),
    ("partials_log", domain_log, M.DOMAIN),
    ("fit_ridge", lambda x, y, lam, lr=0.1, steps=500: fit(x, y, lam, lr, steps, 0.5), M.LR_SCALE),
    ("fit_ridge", lambda x, y, lam, lr=0.1, steps=500: fit(x, y, lam, lr, steps - 1), M.OFF_BY_ONE),
    ("fit_ridge", lambda x, y, lam, lr=0.1, steps=500: fit(x, y, lam, 0.1, steps), M.IGNORED_ARGS),
    ("fit_ridge", lambda x, y, lam, lr=0.1, steps=500: fit(x, y, lam, lr, 500), M.IGNORED_ARGS),
    (
        "net_forward",
        lambda p, X: softmax(np.maximum(X @ p["W1"] + p["b1"], 0) @ p["W2"] + p["b2"]),
        L.ACTIVATION,
    ),
    (
        "net_backward",
        lambda p, X, y: backward_with(p, X, y, lambda Z1, A: (Z1 > 0).astype(float)),
        L.ACT_PRIME,
    ),
    ("net_backward", lambda p, X, y: backward_with(p, X, y, lambda Z1, A: 1 - np.tanh(A) ** 2), L.TANH_AT_Z),
]


@pytest.mark.parametrize("name, fn, label", FOUND, ids=[f"{n}-{lab}" for n, _, lab in FOUND])
def test_generic_mistake_is_named(grade, name, fn, label):
    result = grade(name, fn)
    assert not all(result.part_ok) and label in result.misconceptions, result.message


def test_every_generic_label_is_exercised():
    new = {M.PERMUTED, M.OTHER_PART, M.OFFSET, M.AFFINE, M.ROUNDED, M.DOMAIN, M.LR_SCALE, M.NOT_HELD}
    assert new <= {label for _, _, label in FOUND} and new <= set(M.LABELS)


# ---- permutations of parts ----


def test_a_cycle_names_its_order(grade):
    assert "→" in grade("partials_xyz", cycled).message


def test_a_part_holding_a_right_parts_value_is_not_swapped(grade):
    """Negative twin: ∂g/∂x returns ∂g/∂z's value while ∂g/∂z itself is right."""
    assert M.SWAPPED not in grade("partials_xyz", copied).misconceptions


def test_two_swapped_partials_still_read_as_swapped(grade):
    result = grade("partials_exy", lambda x, y: REF["partials_exy"](x, y)[::-1])
    assert result.misconceptions == [M.SWAPPED]


def test_parts_swapped_across_shapes_are_swapped(grade):
    """(∂J/∂b, ∂J/∂w): each value has the other part's shape, so no value is comparable in place."""
    result = grade("logistic_gradient", lambda w, b, X, y: REF["logistic_gradient"](w, b, X, y)[::-1])
    assert M.SWAPPED in result.misconceptions and M.TYPE not in result.misconceptions


def test_a_number_where_an_array_is_due_is_a_type_not_a_swap(grade):
    """Negative twin: the scalar partial returned twice is not a swap."""
    db = lambda w, b, X, y: REF["logistic_gradient"](w, b, X, y)[1]
    result = grade("logistic_gradient", lambda w, b, X, y: (db(w, b, X, y), db(w, b, X, y)))
    assert M.SWAPPED not in result.misconceptions and M.TYPE in result.misconceptions


# ---- a·expected + b ----


def test_offset_names_the_constant(grade):
    result = grade(
        "partials_exy", lambda x, y: (REF["partials_exy"](x, y)[0] + 2, REF["partials_exy"](x, y)[1])
    )
    assert "(2)" in result.message


def test_a_single_value_is_no_evidence_of_a_factor():
    """Negative twin: one wrong number fits any factor; the fit refuses it."""
    assert detectors.affine([(np.array([3.0]), np.array([2.0]))]) is None
    assert detectors.affine([(np.array([3.0, 6.0]), np.array([2.0, 4.0]))]) == (1.5, 0.0)


def test_a_factor_near_one_is_neither_factor_nor_affine(grade):
    result = grade(
        "partials_exy", lambda x, y: (1.01 * REF["partials_exy"](x, y)[0], REF["partials_exy"](x, y)[1])
    )
    assert _neutral(result), result.message


# ---- rounding ----


def test_truncated_values_say_truncated(grade):
    result = grade(
        "logistic_gradient",
        lambda w, b, X, y: tuple(np.trunc(v) for v in REF["logistic_gradient"](w, b, X, y)),
    )
    assert result.misconceptions == [M.ROUNDED] and "truncated" in result.message


def int_copies(f, point, i, h=1e-5):
    x_plus, x_minus = np.array(point), np.array(point)
    x_plus[i] += h
    x_minus[i] -= h
    return (f(x_plus) - f(x_minus)) / (2 * h)


def test_a_known_mistake_stored_in_an_int_array_is_still_known(grade):
    """An integer point's lost step, its result then cut to an int (np.zeros_like of an int point)."""

    def stored(f, point, i, h=1e-5):
        value = int_copies(f, point, i, h)
        return float(np.trunc(value)) if np.asarray(point).dtype.kind in "iu" else value

    assert M.INT_POINT in grade("numerical_partial", stored).misconceptions


def forward(f, point, i, h=1e-5):
    x = np.array(point, dtype=float)
    e = np.zeros(len(x))
    e[i] = h
    return (f(x + e) - f(x)) / h


def test_a_known_mistake_with_the_step_fixed_is_still_known(grade):
    result = grade("numerical_partial", lambda f, point, i, h=1e-5: forward(f, point, i, 1e-4))
    assert result.misconceptions == [M.FORWARD] and "fixed at h = 0.0001" in result.message


def test_the_step_given_is_not_called_fixed(grade):
    """Negative twin: a forward difference that uses the h it is given."""
    result = grade("numerical_partial", forward)
    assert result.misconceptions == [M.FORWARD] and "fixed at" not in result.message


def test_zero_everywhere_is_not_rounding(grade):
    """Negative twin: 0 is an integer, but returning 0 is not rounding."""
    assert (
        M.ROUNDED
        not in grade("partials_exy", lambda x, y: (0 * x, REF["partials_exy"](x, y)[1])).misconceptions
    )


# ---- elements permuted, transposed ----


def test_other_values_are_not_a_permutation(grade):
    """Negative twin: the reversed gradient with one element changed."""

    def almost(f, point, h=1e-5):
        g = REF["gradient"](f, point, h)[::-1].copy()
        g[0] += 1.0
        return g

    assert M.PERMUTED not in grade("gradient", almost).misconceptions


def test_transposed_matrix_is_named_in_the_shape_hint(grade):
    def transposed(p, X, y):
        g = REF["net_backward"](p, X, y)
        return {**g, "W1": g["W1"].T.copy()}

    assert "transposed" in grade("net_backward", transposed).message


# ---- another variable not held constant ----


def test_chapter_two_example_says_which_partial_it_follows(grade):
    """The chapter's most common mistake: ∂(x²y)/∂x taken as 2xy + x² (product rule with dy/dx = 1)."""
    result = grade("partials", lambda x, y: (2 * x * y + x**2, x**2 + 3))
    assert result.misconceptions == [M.NOT_HELD] and "follows ∂f/∂y" in result.message


def test_chapter_two_example_in_the_public_self_check(grade):
    assert grade("partials", lambda x, y: (2 * x * y + x**2, x**2 + 3), hidden=False).misconceptions == [
        M.NOT_HELD
    ]


def test_an_extra_term_unrelated_to_the_other_partial_is_not_not_held(grade):
    """Negative twin: 2xy + x is wrong, but x is no part of ∂f/∂y."""
    result = grade("partials", lambda x, y: (2 * x * y + x, x**2 + 3))
    assert M.NOT_HELD not in result.misconceptions and _neutral(result)


# ---- step size ----


def test_right_only_where_h_is_the_default():
    cases = [type("C", (), {"kwargs": kw})() for kw in ({}, {"h": 0.01}, {})]
    ok = [Check(1.0, 1.0, True), Check(1.0, 2.0, False), Check(1.0, 1.0, True)]
    assert detectors.right_only_at_default(cases, ok, "h")
    assert not detectors.right_only_at_default(cases, [ok[0], ok[1], Check(0.0, 1.0, False)], "h")


# ---- nan: domain error or divergence ----


def test_a_domain_error_is_not_divergence(grade):
    assert M.DIVERGED not in grade("partials_log", domain_log).misconceptions


def test_nan_at_positive_inputs_is_not_a_domain_error(grade):
    """Negative twin: nan everywhere (0/0), also where every input is positive."""
    result = grade("partials_log", lambda x, y: (x * np.nan, REF["partials_log"](x, y)[1]))
    assert (
        M.DOMAIN not in result.misconceptions and M.DIVERGED not in result.misconceptions and _neutral(result)
    )


def test_growing_iterates_are_divergence_not_a_domain_error(grade):
    def fit_sum(x, y, lam, lr=0.1, steps=500):
        w = b = 0.0
        for _ in range(steps):
            r = y - (w * x + b)
            w, b = w + lr * 2 * np.sum(x * r), b + lr * 2 * np.sum(r)
        return w, b

    labels = grade("fit_ridge", fit_sum).misconceptions
    assert M.DIVERGED in labels and M.DOMAIN not in labels


def test_inf_of_a_direct_formula_is_not_divergence(grade):
    result = grade(
        "partials_exy", lambda x, y: (np.abs(x) / np.float64(0.0) + 1, REF["partials_exy"](x, y)[1])
    )
    assert M.DIVERGED not in result.misconceptions and _neutral(result)


# ---- iterations and learning rate ----


@pytest.mark.parametrize("hidden", [False, True])
def test_a_doubled_learning_rate_is_not_an_ignored_one(grade, hidden):
    """Negative twin of the fixed lr: twice the gradient is named as such, on the public points too
    (no public rate is half or twice the default, where the two would look alike)."""
    result = grade("fit_ridge", lambda x, y, lam, lr=0.1, steps=500: fit(x, y, lam, lr, steps, 2.0), hidden)
    assert M.IGNORED_ARGS not in result.misconceptions, result.message


def test_another_gradient_factor_is_not_a_learning_rate(grade):
    """Negative twin: 0.7 × the gradient is no halving nor doubling."""
    result = grade("fit_ridge", lambda x, y, lam, lr=0.1, steps=500: fit(x, y, lam, lr, steps, 0.7))
    assert M.LR_SCALE not in result.misconceptions


# ---- activations ----


def test_the_other_activation_is_named(grade):
    result = grade(
        "net_forward", lambda p, X: softmax(np.maximum(X @ p["W1"] + p["b1"], 0) @ p["W2"] + p["b2"])
    )
    assert "ReLU hidden layer" in result.message


def test_relu_derivative_is_named(grade):
    result = grade(
        "net_backward", lambda p, X, y: backward_with(p, X, y, lambda Z1, A: (Z1 > 0).astype(float))
    )
    assert "ReLU′" in result.message


def test_tanh_network_is_not_another_activation(grade):
    """Negative twin: a tanh layer with a dropped bias is not called another activation."""
    result = grade("net_forward", lambda p, X: softmax(np.tanh(X @ p["W1"]) @ p["W2"] + p["b2"]))
    assert L.ACTIVATION not in result.misconceptions


# ---- no confident detector: say where, and how to find out ----


def test_neutral_message_says_how_to_find_out(grade):
    def extra(x, y, z):
        gx, gy, gz = REF["partials_xyz"](x, y, z)
        return gx + 0.1 * x**3, gy, gz

    result = grade("partials_xyz", extra)
    assert (
        _neutral(result) and "numerical_partial" in result.message and "∂g/∂x is wrong at" in result.message
    )


def test_neutral_for_a_numerical_function_suggests_a_known_function(grade):
    result = grade(
        "numerical_partial",
        lambda f, point, i, h=1e-5: REF["numerical_partial"](f, point, i, h) + 0.01 * i**2 + 0.3 * i + 0.1,
    )
    assert _neutral(result) and "whose partials you know" in result.message


def test_neutral_is_not_a_misconception_in_the_csv_column(grade):
    assert grade("partials", lambda x, y: (2 * x * y + x, x**2 + 3)).misconceptions == []


@pytest.mark.parametrize("values", [[1.0, 1.0], [2.0, 2.0, 2.0]])
def test_distinct_counts_values_not_repeats(values):
    assert detectors.distinct(values) == 1


# ---- derived mistakes: named where the hidden points tell them, and never giving the answer ----

from autograder.instructor import derived  # noqa: E402

from conftest import grade_fn  # noqa: E402
from test_specs import _normal, as_student  # noqa: E402

DERIVED = [(n, k, m) for n in SPECS for k, m in enumerate(derived.mistakes(SPECS[n]))]


def test_every_kind_of_derived_mistake_exists():
    labels = {m.label for _, _, m in DERIVED}
    assert {
        M.OFF_BY_ONE,
        M.LR_SCALE,
        M.IGNORED_ARGS,
        M.IGNORED_H,
        L.ACTIVATION,
        L.ACT_PRIME,
        L.TANH_AT_Z,
    } <= labels


@pytest.mark.parametrize("name, number, mistake", DERIVED, ids=[f"{n}-{k}" for n, k, _ in DERIVED])
def test_derived_mistake_is_named_and_gives_no_answer(name, number, mistake):
    spec = SPECS[name]
    result = grade_fn(name, as_student(spec, mistake), True)
    if all(result.part_ok):
        pytest.skip("the same values as the reference at every hidden point (e.g. h fixed at the default)")
    own = {m.label for m in spec.mistakes}  # a spec mistake with the same values is named first
    assert mistake.label in result.misconceptions or own & set(result.misconceptions), result.message
    forbidden = {_normal(e) for exprs in spec.forbidden.values() for e in exprs}
    assert not [e for e in forbidden if e in _normal(result.message)], result.message
