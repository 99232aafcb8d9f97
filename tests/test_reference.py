"""Every reference function agrees with an independent derivative: central differences of the function itself."""
import numpy as np
import pytest

from autograder import reference as ref
from autograder.numerics import central_difference, close
from autograder.problems import cases
from autograder.sandbox.testfns import FUNCTIONS, TestFunction

LOOSE = 1e-6  # central differences of smooth functions at h=1e-5 are good to ~1e-9


def numeric_grad(f, x):
    return np.array([central_difference(f, x, i) for i in range(len(x))])


def f_xy(v):
    return v[0] ** 2 * v[1] + 3 * v[1]


def g_xyz(v):
    return v[0] * v[1] * v[2] + np.sin(v[0] * v[2]) + v[1] ** 2


def loss_wb(v, x, y):
    return (y - (v[0] * x + v[1])) ** 2


POINTS = [(1.5, -2.0), (0.3, 0.7), (-2.2, 1.1)]


@pytest.mark.parametrize("x, y", POINTS)
def test_partials_match_numeric(x, y):
    assert close(ref.partials(x, y), numeric_grad(f_xy, [x, y]), rtol=LOOSE)


def test_partials_negative_twin_catches_a_wrong_formula():
    assert not close((2 * 1.5 * -2.0, 1.5**2), numeric_grad(f_xy, [1.5, -2.0]), rtol=LOOSE)


def test_partials_are_elementwise():
    x, y = np.array([1.0, 2.0]), np.array([3.0, -1.0])
    assert close(ref.partials(x, y)[0], [ref.partials(1.0, 3.0)[0], ref.partials(2.0, -1.0)[0]])


@pytest.mark.parametrize("w, b, x, y", [(0.5, 1.0, 2.0, 1.0), (-1.0, 0.3, 1.5, -2.0)])
def test_mse_partials_match_numeric(w, b, x, y):
    assert close(ref.mse_partials(w, b, x, y), numeric_grad(lambda v: loss_wb(v, x, y), [w, b]), rtol=LOOSE)


@pytest.mark.parametrize("x, y, z", [(0.5, -1.0, 2.0), (1.2, 0.4, -0.7)])
def test_partials_xyz_match_numeric(x, y, z):
    assert close(ref.partials_xyz(x, y, z), numeric_grad(g_xyz, [x, y, z]), rtol=LOOSE)


def test_partials_xyz_negative_twin_without_inner_derivative():
    x, y, z = 0.5, -1.0, 2.0
    assert not close(y * z + np.cos(x * z), numeric_grad(g_xyz, [x, y, z])[0], rtol=LOOSE)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_testfn_exact_gradients_match_numeric(name):
    f = TestFunction(name)
    x = np.linspace(-0.8, 0.9, {"wavy": 2, "rosenbrock": 2, "cubic3": 3, "mixed4": 4}.get(name, 5))
    assert close(ref.exact_gradient(f, x), numeric_grad(f, x), rtol=LOOSE)


def test_exact_gradient_negative_twin():
    f, x = TestFunction("rosenbrock"), np.array([0.3, 0.2])
    assert not close(ref.exact_gradient(f, x) * 1.001, numeric_grad(f, x), rtol=LOOSE)


@pytest.mark.parametrize("case", cases("numerical_partial", hidden=True), ids=lambda c: c.label)
def test_numerical_partial_approximates_the_exact_partial(case):
    f, point, i = case.args
    exact = ref.exact_gradient(f, point)[i]
    assert abs(ref.numerical_partial(*case.args, **case.kwargs) - exact) < 1e-2 * max(1, abs(exact))


@pytest.mark.parametrize("case", cases("gradient", hidden=True), ids=lambda c: c.label)
def test_gradient_approximates_the_exact_gradient(case):
    exact = ref.exact_gradient(*case.args)
    assert np.allclose(ref.gradient(*case.args, **case.kwargs), exact, rtol=1e-2, atol=1e-2)


def test_gradient_of_an_int_point_is_float():
    assert ref.gradient(TestFunction("bowl"), [1, 2]).dtype == np.float64


def test_mse_gradient_matches_numeric():
    xs, ys = np.array([0.0, 1.0, 2.5]), np.array([1.0, 2.0, 4.0])
    J = lambda v: np.mean((ys - (v[0] * xs + v[1])) ** 2)
    assert close(ref.mse_gradient(0.7, -0.2, xs, ys), numeric_grad(J, [0.7, -0.2]), rtol=LOOSE)


def test_mse_gradient_negative_twin_sum_instead_of_mean():
    xs, ys = np.array([0.0, 1.0, 2.5]), np.array([1.0, 2.0, 4.0])
    J = lambda v: np.mean((ys - (v[0] * xs + v[1])) ** 2)
    assert not close(3 * ref.mse_gradient(0.7, -0.2, xs, ys), numeric_grad(J, [0.7, -0.2]), rtol=LOOSE)


def test_directional_derivative_matches_numeric_along_u():
    f, x, u = TestFunction("wavy"), np.array([0.4, -0.3]), np.array([3.0, -4.0])
    along = lambda t: f(x + t[0] * u / 5.0)
    expected = central_difference(along, [0.0], 0)
    assert close(ref.directional_derivative(ref.exact_gradient(f, x), u), expected, rtol=LOOSE)


def test_directional_derivative_is_a_float():
    assert type(ref.directional_derivative(np.array([1, 2]), np.array([3, 4]))) is float


def test_gd_step_does_not_modify_params():
    params = np.array([1.0, 2.0])
    new = ref.gd_step(params, np.array([1.0, 1.0]), 0.5)
    assert params.tolist() == [1.0, 2.0] and new.tolist() == [0.5, 1.5]


def explicit_fit(xs, ys, lr, steps):
    w = b = 0.0
    for _ in range(steps):
        r = ys - (w * xs + b)
        w, b = w + lr * 2 * np.mean(xs * r), b + lr * 2 * np.mean(r)
    return w, b


@pytest.mark.parametrize("steps", [0, 1, 7, 60])
def test_fit_line_matches_an_explicit_loop(steps):
    xs, ys = np.array([0.0, 0.5, 1.0, 2.0]), np.array([1.0, 1.4, 2.2, 2.9])
    assert close(ref.fit_line(xs, ys, 0.1, steps), explicit_fit(xs, ys, 0.1, steps))


def test_fit_line_negative_twin_one_step_too_many():
    xs, ys = np.array([0.0, 0.5, 1.0, 2.0]), np.array([1.0, 1.4, 2.2, 2.9])
    assert not close(ref.fit_line(xs, ys, 0.1, 7), explicit_fit(xs, ys, 0.1, 8))


def test_fit_line_converges_to_least_squares():
    xs, ys = np.array([0.0, 0.5, 1.0, 2.0]), np.array([1.0, 1.4, 2.2, 2.9])
    assert close(ref.fit_line(xs, ys, 0.1, 5000), np.polyfit(xs, ys, 1))


def mlp_case(seed=3, d=3, h=4, n=6):
    rng = np.random.default_rng(seed)
    params = {"W1": rng.normal(size=(d, h)), "b1": rng.normal(size=h), "W2": rng.normal(size=h), "b2": 0.3}
    return params, rng.normal(size=(n, d)), rng.normal(size=n)


def test_mlp_forward_has_shape_n():
    params, X, _ = mlp_case()
    assert ref.mlp_forward(params, X).shape == (6,)


def test_mlp_forward_matches_a_per_sample_loop():
    p, X, _ = mlp_case()
    loop = [np.tanh(x @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"] for x in X]
    assert close(ref.mlp_forward(p, X), loop)


def test_mlp_loss_is_the_mean_squared_error():
    p, X, y = mlp_case()
    assert close(ref.mlp_loss(p, X, y), sum((ref.mlp_forward(p, X) - y) ** 2) / len(y))


@pytest.mark.parametrize("key", ["W1", "b1", "W2"])
def test_mlp_backward_matches_numeric_gradient_of_the_loss(key):
    params, X, y = mlp_case()
    shape = params[key].shape

    def loss_of(flat):
        return ref.mlp_loss({**params, key: flat.reshape(shape)}, X, y)
    expected = numeric_grad(loss_of, params[key].ravel()).reshape(shape)
    assert close(ref.mlp_backward(params, X, y)[key], expected, rtol=LOOSE)


def test_mlp_backward_b2_matches_numeric():
    params, X, y = mlp_case()
    expected = central_difference(lambda v: ref.mlp_loss({**params, "b2": v[0]}, X, y), [params["b2"]], 0)
    assert close(ref.mlp_backward(params, X, y)["b2"], expected, rtol=LOOSE)


def test_mlp_backward_negative_twin_without_tanh_derivative():
    params, X, y = mlp_case()
    delta = 2 * (ref.mlp_forward(params, X) - y) / len(y)
    assert not close(X.T @ np.outer(delta, params["W2"]), ref.mlp_backward(params, X, y)["W1"])


def test_mlp_backward_keeps_keys_and_shapes():
    params, X, y = mlp_case()
    grads = ref.mlp_backward(params, X, y)
    assert all(np.shape(grads[k]) == np.shape(params[k]) for k in params)
