"""The teaching maths in course/ agrees with central differences, and a wrong formula would not.

Each analytic gradient the chapters show is compared with ``autograder.numerics.central_difference``
at seeded random points; each test has a negative twin, a typical wrong version that must fail the
same comparison.
"""

import numpy as np
import pytest

from autograder.numerics import central_difference, close
from course import backprop, descent, slices
from course.style import rng

POINTS = rng(7).uniform(-2.0, 2.0, size=(5, 2))


def numerical_gradient(f, x):
    """Central differences of ``f`` (a function of a 1-D array) at ``x``, one per coordinate."""
    return np.array([central_difference(f, x, i) for i in range(len(x))])


def numerical_param_grads(f, params):
    """Central differences of ``f(params)`` for every entry of every parameter."""
    return {name: backprop.numerical_partials(f, params, name) for name in params}


def grads_close(analytic, numerical):
    return all(close(np.asarray(analytic[k], float), np.asarray(numerical[k], float)) for k in numerical)


@pytest.fixture
def network():
    gen = rng(3)
    params = backprop.init_params(d=3, m=4, gen=gen)
    params["b1"], params["b2"] = gen.normal(size=4), 0.3
    return params, gen.normal(size=(6, 3)), gen.normal(size=6)


@pytest.fixture
def layer():
    gen = rng(5)
    params = {"W": gen.normal(size=(3, 2)), "b": gen.normal(size=2)}
    return params, gen.normal(size=(5, 3)), gen.normal(size=(5, 2))


# ---------------------------------------------------------------- chapter 3: the bowl


@pytest.mark.parametrize("point", POINTS)
def test_bowl_grad_matches_central_differences(point):
    numerical = numerical_gradient(lambda p: descent.bowl(*p), point)
    assert close(descent.bowl_grad(*point), numerical)


def test_bowl_grad_with_b_not_held_constant_fails():
    w, b = POINTS[0]
    wrong = descent.bowl_grad(w, b) + np.array([w, 0.0])  # d(wb)/dw taken as b + w
    assert not close(wrong, numerical_gradient(lambda p: descent.bowl(*p), POINTS[0]))


# ---------------------------------------------------------------- chapters 2 and 4: the line fit


@pytest.fixture
def line():
    x, y = descent.line_data(n=12)
    return x, y, slices.make_line_loss(x, y)


@pytest.mark.parametrize("point", POINTS)
def test_mse_grad_matches_central_differences(line, point):
    x, y, loss = line
    numerical = numerical_gradient(lambda p: loss(*p), point)
    assert close(descent.mse_grad(*point, x, y), numerical)


def test_mse_grad_with_a_sum_instead_of_a_mean_fails(line):
    x, y, loss = line
    wrong = len(x) * descent.mse_grad(*POINTS[0], x, y)
    assert not close(wrong, numerical_gradient(lambda p: loss(*p), POINTS[0]))


def test_mse_grad_with_the_residual_sign_flipped_fails(line):
    x, y, loss = line
    wrong = -descent.mse_grad(*POINTS[0], x, y)
    assert not close(wrong, numerical_gradient(lambda p: loss(*p), POINTS[0]))


# ---------------------------------------------------------------- chapter 2: slopes in any direction


@pytest.mark.parametrize("angle", np.linspace(0.0, 2 * np.pi, 7))
def test_partials_predict_the_slope_in_every_direction(angle):
    predicted, measured = slices.directional_slopes(slices.example_surface, 1.0, 1.5, angle)
    assert close(predicted, measured)


def test_one_partial_alone_does_not_predict_a_diagonal_slope():
    _, measured = slices.directional_slopes(slices.example_surface, 1.0, 1.5, np.pi / 4)
    f_x = 2 * 1.0 * 1.5
    assert not close(f_x * np.cos(np.pi / 4), measured)


# ---------------------------------------------------------------- chapter 5: the network


def test_example_backward_matches_central_differences(network):
    params, X, y = network
    analytic = backprop.example_backward(params, X[0], y[0])
    numerical = numerical_param_grads(lambda p: backprop.example_loss(p, X[0], y[0]), params)
    assert grads_close(analytic, numerical)


def test_example_backward_with_tanh_prime_at_z_fails(network):
    params, X, y = network
    analytic = backprop.example_backward(params, X[0], y[0])
    v = backprop.example_forward(params, X[0])
    dL_da = 2.0 * (v["y_hat"] - y[0]) * params["W2"]
    wrong_dz = dL_da * (1.0 - v["z"] ** 2)  # 1 - z^2 where 1 - a^2 belongs
    wrong = {**analytic, "b1": wrong_dz, "W1": np.outer(X[0], wrong_dz)}
    numerical = numerical_param_grads(lambda p: backprop.example_loss(p, X[0], y[0]), params)
    assert not grads_close(wrong, numerical)


def test_average_example_gradients_match_the_batch_loss(network):
    params, X, y = network
    numerical = numerical_param_grads(lambda p: backprop.loss(p, X, y), params)
    assert grads_close(backprop.average_example_gradients(params, X, y), numerical)


def test_summed_example_gradients_do_not_match_the_mean_loss(network):
    params, X, y = network
    mean = backprop.average_example_gradients(params, X, y)
    summed = {k: len(X) * g for k, g in mean.items()}
    numerical = numerical_param_grads(lambda p: backprop.loss(p, X, y), params)
    assert not grads_close(summed, numerical)


def _scalar_loss(theta, x=0.5, y=0.2):
    w1, b1, w2, b2 = theta
    return backprop.scalar_graph_values(x, y, w1, b1, w2, b2)[0]["L"]


def test_scalar_graph_partials_match_central_differences():
    theta = np.array([1.5, -0.3, 0.8, 0.1])
    partials = backprop.scalar_graph_values(0.5, 0.2, *theta)[1]
    analytic = [partials[k] for k in ("w1", "b1", "w2", "b2")]
    assert close(analytic, numerical_gradient(_scalar_loss, theta))


def test_scalar_graph_without_the_tanh_factor_fails():
    theta = np.array([1.5, -0.3, 0.8, 0.1])
    partials = backprop.scalar_graph_values(0.5, 0.2, *theta)[1]
    wrong = [partials["a"] * 0.5, partials["a"], partials["w2"], partials["b2"]]  # 1 - a^2 dropped
    assert not close(wrong, numerical_gradient(_scalar_loss, theta))


def test_local_partials_agree_with_their_central_differences():
    for arrow, formula, numerical in backprop.local_partials(0.5, 0.2, 1.5, -0.3, 0.8, 0.1):
        assert close(formula, numerical), arrow


# ---------------------------------------------------------------- chapter 5: the fork


FORK_AT = {"x1": 1.5, "x2": 0.5, "y": 2.0}  # the chapter's example, w = 0.8 and b = 0.1


def _fork_loss(theta):
    w, b = theta
    return backprop.fork_graph_values(FORK_AT["x1"], FORK_AT["x2"], FORK_AT["y"], w, b)[0]["L"]


def test_fork_partials_add_both_uses_of_the_shared_weight():
    partials = backprop.fork_graph_values(*FORK_AT.values(), 0.8, 0.1)[1]
    numerical = numerical_gradient(_fork_loss, np.array([0.8, 0.1]))
    assert close([partials["w"], partials["b"]], numerical)
    assert close(partials["w"], -1.2)  # the number the chapter prints


def test_fork_partial_along_one_use_only_fails():
    partials = backprop.fork_graph_values(*FORK_AT.values(), 0.8, 0.1)[1]
    numerical = numerical_gradient(_fork_loss, np.array([0.8, 0.1]))
    for use, x in (("u1", FORK_AT["x1"]), ("u2", FORK_AT["x2"])):
        one_use = partials[use] * x  # the other use of w forgotten
        assert not close([one_use, partials["b"]], numerical), use


# ---------------------------------------------------------------- chapter 5: the linear layer


def test_linear_backward_matches_central_differences(layer):
    params, X, Y = layer
    numerical = numerical_param_grads(lambda p: backprop.linear_loss(p, X, Y), params)
    assert grads_close(backprop.linear_backward(params, X, Y), numerical)


def test_linear_backward_is_the_mean_of_the_examples_outer_products(layer):
    params, X, Y = layer
    per_example = [backprop.linear_example_backward(params, x, y) for x, y in zip(X, Y)]
    loop = {k: np.mean([g[k] for g in per_example], axis=0) for k in params}
    assert grads_close(backprop.linear_backward(params, X, Y), loop)


def test_linear_bias_gradient_without_the_batch_sum_fails(layer):
    params, X, Y = layer
    grads = backprop.linear_backward(params, X, Y)
    G = 2.0 * (backprop.linear_forward(params, X) - Y) / len(X)
    wrong = {**grads, "b": G[0]}  # the first example's share only
    numerical = numerical_param_grads(lambda p: backprop.linear_loss(p, X, Y), params)
    assert not grads_close(wrong, numerical)


def test_linear_weight_gradient_with_the_transpose_on_g_fails(layer):
    params, X, Y = layer
    grads = backprop.linear_backward(params, X, Y)
    G = 2.0 * (backprop.linear_forward(params, X) - Y) / len(X)
    wrong = {**grads, "W": (G.T @ X).T[:, ::-1]}  # shape-correct, columns paired wrongly
    numerical = numerical_param_grads(lambda p: backprop.linear_loss(p, X, Y), params)
    assert not grads_close(wrong, numerical)
