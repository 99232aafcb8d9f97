"""Every reference agrees with an independent derivative: central differences of the function itself.

Each derived reference is compared, at every public and hidden case, with the central differences of
the quantity it differentiates, written here from the task's formula alone.
"""

import numpy as np
import pytest

from autograder.instructor import SPECS
from autograder.instructor.exact import exact_gradient
from autograder.sandbox.testfns import FUNCTIONS, TestFunction
from autograder.student.numerics import central_difference, close

from conftest import cases

LOOSE = 1e-6  # central differences of smooth functions at h=1e-5 are good to ~1e-9
REF = {name: spec.reference for name, spec in SPECS.items()}


def numeric_grad(f, x):
    return np.array([central_difference(f, x, i) for i in range(len(x))])


def all_cases(name):
    return cases(name) + cases(name, True)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# ---- elementwise partials: f written from the task, differentiated numerically, element by element ----

FUNCTIONS_OF = {
    "partials": lambda v: v[0] ** 2 * v[1] + 3 * v[1],
    "partials_exy": lambda v: v[0] * np.exp(v[0] * v[1]),
    "partials_log": lambda v: np.log(v[0] ** 2 + v[1] ** 2),
    "partials_xyz": lambda v: v[0] * v[1] * v[2] + np.sin(v[0] * v[2]) + v[1] ** 2,
}


def _elements(case):
    arrays = np.broadcast_arrays(*[np.asarray(a, dtype=float) for a in case.args])
    return [tuple(a[i] for a in arrays) for i in np.ndindex(arrays[0].shape)], arrays[0].shape


@pytest.mark.parametrize("name", list(FUNCTIONS_OF))
def test_elementwise_partials_match_numeric_at_every_case(name):
    for case in all_cases(name):
        points, shape = _elements(case)
        got = np.broadcast_arrays(*REF[name](*case.args))
        for index, point in zip(np.ndindex(shape), points):
            assert close([g[index] for g in got], numeric_grad(FUNCTIONS_OF[name], point), rtol=LOOSE), (
                case.label
            )


def test_a_missing_product_rule_term_would_fail():
    """Negative twin: ∂f/∂x of x·e^{xy} without one product-rule term."""
    x, y = 0.7, -0.4
    assert not close(np.exp(x * y), numeric_grad(FUNCTIONS_OF["partials_exy"], [x, y])[0], rtol=LOOSE)


def test_logistic_partials_match_numeric():
    for case in all_cases("logistic_partials"):
        w, b, xs, ys = case.args
        got = np.broadcast_arrays(*REF["logistic_partials"](w, b, xs, ys))
        for index in np.ndindex(np.shape(xs)):
            x, y = np.asarray(xs, float)[index], np.asarray(ys, float)[index]
            loss = lambda v: (
                -y * np.log(sigmoid(v[0] * x + v[1])) - (1 - y) * np.log(1 - sigmoid(v[0] * x + v[1]))
            )
            assert close([g[index] for g in got], numeric_grad(loss, [w, b]), rtol=LOOSE), case.label


# ---- gradients of vectors and batches ----


def test_rbf_gradient_matches_numeric():
    for case in all_cases("rbf_gradient"):
        x, c, s = case.args
        k = lambda v: np.exp(-np.sum((v - c) ** 2) / (2 * s**2))
        assert close(REF["rbf_gradient"](x, c, s), numeric_grad(k, x), rtol=LOOSE), case.label


def test_quadratic_gradient_matches_numeric():
    for case in all_cases("quadratic_gradient"):
        A, x = case.args
        assert close(REF["quadratic_gradient"](A, x), numeric_grad(lambda v: v @ A @ v, x), rtol=LOOSE)


def test_a_symmetric_shortcut_would_fail():
    """Negative twin: 2Ax is wrong for the (non-symmetric) matrices of the cases."""
    A, x = cases("quadratic_gradient")[0].args
    assert not close(2 * A @ x, numeric_grad(lambda v: v @ A @ v, x), rtol=LOOSE)


def _batch_numeric(J, w, b):
    return numeric_grad(lambda v: J(v[:-1], v[-1]), np.append(w, b))


def test_logistic_gradient_matches_numeric():
    for case in all_cases("logistic_gradient"):
        w, b, X, y = case.args
        J = lambda w_, b_: np.mean(
            -y * np.log(sigmoid(X @ w_ + b_)) - (1 - y) * np.log(1 - sigmoid(X @ w_ + b_))
        )
        dw, db = REF["logistic_gradient"](w, b, X, y)
        assert close(np.append(dw, db), _batch_numeric(J, w, b), rtol=LOOSE), case.label


def test_ridge_gradient_matches_numeric():
    for case in all_cases("ridge_gradient"):
        w, b, X, y, lam = case.args
        J = lambda w_, b_: np.mean((X @ w_ + b_ - y) ** 2) + lam * np.sum(w_**2)
        dw, db = REF["ridge_gradient"](w, b, X, y, lam)
        assert close(np.append(dw, db), _batch_numeric(J, w, b), rtol=LOOSE), case.label


def test_a_sum_for_the_mean_would_fail():
    """Negative twin: the ridge gradient of the summed loss is not that of the mean."""
    w, b, X, y, lam = cases("ridge_gradient")[0].args
    J = lambda w_, b_: np.sum((X @ w_ + b_ - y) ** 2) + lam * np.sum(w_**2)
    assert not close(np.append(*REF["ridge_gradient"](w, b, X, y, lam)), _batch_numeric(J, w, b), rtol=LOOSE)


# ---- the chapter's numerical methods, against exact gradients of the test functions ----


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_testfn_exact_gradients_match_numeric(name):
    f = TestFunction(name)
    x = np.linspace(-0.8, 0.9, {"wavy": 2, "rosenbrock": 2, "cubic3": 3, "mixed4": 4}.get(name, 5))
    assert close(exact_gradient(f, x), numeric_grad(f, x), rtol=LOOSE)


def test_exact_gradient_negative_twin():
    f, x = TestFunction("rosenbrock"), np.array([0.3, 0.2])
    assert not close(exact_gradient(f, x) * 1.001, numeric_grad(f, x), rtol=LOOSE)


def test_numerical_partial_approximates_the_exact_partial():
    for case in all_cases("numerical_partial"):
        f, point, i = case.args
        exact = exact_gradient(f, point)[i]
        assert abs(REF["numerical_partial"](*case.args, **case.kwargs) - exact) < 1e-2 * max(1, abs(exact))


def test_gradient_approximates_the_exact_gradient():
    for case in all_cases("gradient"):
        exact = exact_gradient(*case.args)
        assert np.allclose(REF["gradient"](*case.args, **case.kwargs), exact, rtol=1e-2, atol=1e-2)


def test_gradient_of_an_int_point_is_float():
    assert REF["gradient"](TestFunction("bowl"), [1, 2]).dtype == np.float64


# ---- gradient descent: an explicit loop on numerical gradients of the loss, and the minimum ----


def _ridge_J(x, y, lam):
    return lambda v: np.mean((y - (v[0] * x + v[1])) ** 2) + lam * v[0] ** 2


def _logistic_J(x, y):
    return lambda v: np.mean(
        -y * np.log(sigmoid(v[0] * x + v[1])) - (1 - y) * np.log(1 - sigmoid(v[0] * x + v[1]))
    )


def _descend_numeric(J, lr, steps, beta=None):
    theta, v = np.zeros(2), np.zeros(2)
    for _ in range(steps):
        g = numeric_grad(J, theta)
        v = g if beta is None else beta * v + g
        theta = theta - lr * v
    return theta


def test_fit_ridge_matches_a_loop_on_numerical_gradients():
    for case in all_cases("fit_ridge"):
        x, y, lam = case.args
        lr, steps = case.kwargs.get("lr", 0.1), case.kwargs.get("steps", 500)
        assert close(
            REF["fit_ridge"](*case.args, **case.kwargs),
            _descend_numeric(_ridge_J(x, y, lam), lr, steps),
            rtol=LOOSE,
        ), case.label


def test_fit_ridge_converges_to_the_closed_form_minimum():
    x, y, lam = cases("fit_ridge")[0].args
    A = np.column_stack([x, np.ones(len(x))])
    exact = np.linalg.solve(A.T @ A / len(x) + np.diag([lam, 0.0]), A.T @ y / len(x))
    assert close(REF["fit_ridge"](x, y, lam, steps=5000), exact, rtol=1e-8)


def test_fit_logistic_matches_a_loop_on_numerical_gradients():
    for case in all_cases("fit_logistic"):
        x, y = case.args
        lr, steps = case.kwargs.get("lr", 0.5), case.kwargs.get("steps", 300)
        assert close(
            REF["fit_logistic"](*case.args, **case.kwargs),
            _descend_numeric(_logistic_J(x, y), lr, steps),
            rtol=LOOSE,
        ), case.label


def test_momentum_ridge_matches_a_loop_on_numerical_gradients():
    for case in all_cases("momentum_ridge"):
        x, y, lam = case.args
        kw = {"lr": 0.05, "beta": 0.9, "steps": 200, **case.kwargs}
        expected = _descend_numeric(_ridge_J(x, y, lam), kw["lr"], kw["steps"], kw["beta"])
        assert close(REF["momentum_ridge"](*case.args, **case.kwargs), expected, rtol=LOOSE), case.label


def test_momentum_with_beta_zero_is_plain_descent():
    x, y, lam = cases("fit_ridge")[0].args
    assert close(
        REF["momentum_ridge"](x, y, lam, lr=0.1, beta=0.0, steps=40), REF["fit_ridge"](x, y, lam, 0.1, 40)
    )


# ---- the network ----


def _loss(params, X, y):
    return -np.mean(np.log(REF["net_forward"](params, X)[np.arange(len(y)), y]))


def test_net_forward_matches_a_per_example_loop():
    for case in all_cases("net_forward"):
        p, X = case.args
        for i, x in enumerate(X):
            z = np.tanh(x @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]
            assert close(REF["net_forward"](p, X)[i], np.exp(z) / np.exp(z).sum())


def test_net_backward_matches_numeric_gradient_of_the_loss():
    for case in all_cases("net_backward"):
        p, X, y = case.args
        grads = REF["net_backward"](p, X, y)
        for k in p:

            def J(v, k=k):
                return _loss({**p, k: v.reshape(p[k].shape)}, X, y)

            assert close(grads[k].ravel(), numeric_grad(J, p[k].ravel()), rtol=LOOSE), (k, case.label)
            assert grads[k].shape == p[k].shape


def test_net_backward_negative_twin_without_tanh_derivative():
    p, X, y = cases("net_backward")[0].args
    wrong = SPECS["net_backward"].mistakes[0].fn(p, X, y)["W1"]
    J = lambda v: _loss({**p, "W1": v.reshape(p["W1"].shape)}, X, y)
    assert not close(wrong.ravel(), numeric_grad(J, p["W1"].ravel()), rtol=LOOSE)


def test_hidden_networks_vary_every_size():
    shapes = {(c.args[1].shape, c.args[0]["W2"].shape) for c in cases("net_backward", True)}
    assert {w2[1] for _, w2 in shapes} == {3, 4, 5} and len({x[1] for x, _ in shapes}) > 1
