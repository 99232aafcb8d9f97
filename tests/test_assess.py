"""assess(): right answers get every point, each typical mistake loses points and is named."""
import math

import numpy as np
import pytest

from autograder import key
from autograder import mistakes as M
from autograder import reference as ref
from autograder.assess import assess
from autograder.problems import ASSIGNMENTS, PROBLEMS, cases

NAMES = list(PROBLEMS)


class Liar:
    """Equal to everything, zero distance from everything."""

    def __eq__(self, other):
        return True

    def __sub__(self, other):
        return 0.0

    __rsub__ = __sub__

    def __abs__(self):
        return 0.0

    def __float__(self):
        return 0.0

    def __lt__(self, other):
        return True

    __le__ = __lt__


class SubArray(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)


# ---- algebraically equal rewrites: full points ----

def central(f, point, i, h=1e-5):
    e = np.zeros(len(point))
    e[i] = h
    x = np.asarray(point, dtype=float)
    return (f(x + e) - f(x - e)) / (2 * h)


def fit_vector(xs, ys, lr=0.1, steps=1000):
    theta = np.zeros(2)
    A = np.column_stack([xs, np.ones(len(xs))])
    for _ in range(steps):
        theta = theta - lr * 2 * A.T @ (A @ theta - ys) / len(ys)
    return theta[0], theta[1]


def backward_rewrite(p, X, y):
    a = np.tanh(X @ p["W1"] + p["b1"])
    g = (a @ p["W2"] + p["b2"] - y) * (2.0 / y.size)
    dz = g[:, None] * p["W2"][None, :] * (1 - a) * (1 + a)
    return {"b2": np.sum(g), "W2": np.einsum("n,nh->h", g, a), "b1": np.einsum("nh->h", dz), "W1": X.T.dot(dz)}


REWRITES = {
    "partials": lambda x, y: [y * x * 2, 3 + x * x],
    "mse_partials": lambda w, b, x, y: (2 * x * (w * x + b - y), 2 * (b + w * x - y)),
    "partials_xyz": lambda x, y, z: (z * (y + np.cos(z * x)), 2 * y + x * z, x * (y + np.cos(x * z))),
    "numerical_partial": central,
    "gradient": lambda f, point, h=1e-5: np.array([central(f, point, i, h) for i in range(len(point))]),
    "mse_gradient": lambda w, b, xs, ys: 2 * np.array([np.mean((w * xs + b - ys) * xs), np.mean(w * xs + b - ys)]),
    "directional_derivative": lambda grad, u: np.dot(grad, np.asarray(u) / math.sqrt(np.dot(u, u))),
    "gd_step": lambda params, grad, lr: np.subtract(params, np.multiply(lr, grad)),
    "fit_line": fit_vector,
    "mlp_forward": lambda p, X: np.tanh(X.dot(p["W1"]) + p["b1"]).dot(p["W2"]) + p["b2"],
    "mlp_loss": lambda p, X, y: np.sum((y - ref.mlp_forward(p, X)) ** 2) / len(y),
    "mlp_backward": backward_rewrite,
}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("hidden", [False, True])
def test_reference_gets_full_points(grade, name, hidden):
    result = grade(name, getattr(ref, name), hidden)
    assert result.points == result.max_points and result.misconceptions == []


@pytest.mark.parametrize("name", NAMES)
def test_rewrite_gets_full_points(grade, name):
    result = grade(name, REWRITES[name])
    assert result.points == result.max_points == 2, result.message


# ---- typical mistakes: fewer points, and the misconception is named ----

def forward(f, point, i, h=1e-5):
    x = np.array(point, dtype=float)
    e = np.zeros(len(x))
    e[i] = h
    return (f(x + e) - f(x)) / h


def int_copies(f, point, i, h=1e-5):
    x_plus, x_minus = np.array(point), np.array(point)
    x_plus[i] += h
    x_minus[i] -= h
    return (f(x_plus) - f(x_minus)) / (2 * h)


def mutating_partial(f, point, i, h=1e-5):
    point[i] += h
    f_plus = f(point)
    point[i] -= 2 * h
    return (f_plus - f(point)) / (2 * h)


def int_grad_array(f, point, h=1e-5):
    grad = np.zeros_like(np.asarray(point))
    for i in range(len(point)):
        grad[i] = central(f, point, i, h)
    return grad


def mutating_gradient(f, point, h=1e-5):
    grad = np.zeros(len(point))
    for i in range(len(point)):
        grad[i] = mutating_partial(f, point, i, h)
    return grad


def mutating_direction(grad, u):
    u /= np.linalg.norm(u)
    return float(np.dot(grad, u))


def mutating_step(params, grad, lr):
    params -= lr * grad
    return params


def fit_loop(xs, ys, lr=0.1, steps=1000, extra=0, sequential=False):
    w = b = 0.0
    for _ in range(steps + extra):
        w_new = w - lr * ref.mse_gradient(w, b, xs, ys)[0]
        b = b - lr * ref.mse_gradient(w_new if sequential else w, b, xs, ys)[1]
        w = w_new
    return w, b


def backward_with(p, X, y, scale=1.0, tanh=True, sum_b1=True, prime=lambda a: 1 - a**2):
    a = np.tanh(X @ p["W1"] + p["b1"])
    delta = scale * 2 * (a @ p["W2"] + p["b2"] - y) / len(y)
    dz = np.outer(delta, p["W2"]) * (prime(a) if tanh else 1)
    return {"W1": X.T @ dz, "b1": dz.sum(axis=0) if sum_b1 else dz, "W2": a.T @ delta, "b2": delta.sum()}


def scalar_partials(x, y):
    return 2 * float(x) * float(y), float(x) ** 2 + 3


def fit_sum(xs, ys, lr=0.1, steps=1000):
    w = b = 0.0
    for _ in range(steps):
        r = ys - (w * xs + b)
        w, b = w + lr * 2 * np.sum(xs * r), b + lr * 2 * np.sum(r)
    return w, b


def backward_tanh_at_z(p, X, y):
    z = X @ p["W1"] + p["b1"]
    delta = 2 * (np.tanh(z) @ p["W2"] + p["b2"] - y) / len(y)
    dz = np.outer(delta, p["W2"]) * (1 - z**2)
    return {**ref.mlp_backward(p, X, y), "W1": X.T @ dz, "b1": dz.sum(axis=0)}


def forward_mutating(p, X):
    X += 0.0 * X + 1e-3
    return ref.mlp_forward(p, X - 1e-3)


def loss_mutating(p, X, y):
    p["b2"] = p["b2"] + 1.0
    return ref.mlp_loss({**p, "b2": p["b2"] - 1.0}, X, y)


def backward_mutating(p, X, y):
    grads = ref.mlp_backward(p, X, y)
    y -= y
    return grads


WRONG = [
    ("partials", lambda x, y: (2 * x * y + x**2 + 3, x**2 + 3 + 2 * x * y), M.NOT_HELD),
    ("partials", lambda x, y: (-2 * x * y, -(x**2) - 3), M.SIGN),
    ("partials", lambda x, y: (x**2 + 3, 2 * x * y), M.SWAPPED),
    ("partials", lambda x, y: (x * y, x**2 + 3), M.FACTOR),
    ("partials", lambda x, y: (2 * x * y, x**2), M.DROPPED),
    ("partials", scalar_partials, M.SCALAR_ONLY),
    ("partials", lambda x, y: (2 * x * y, 2 * x + 3), M.WRONG_VAR),
    ("mse_partials", lambda w, b, x, y: (2 * (y - w * x - b), -2 * (y - w * x - b)), M.CHAIN),
    ("mse_partials", lambda w, b, x, y: (2 * x * (y - w * x - b), 2 * (y - w * x - b)), M.SIGN),
    ("mse_partials", lambda w, b, x, y: (-x * (y - w * x - b), -(y - w * x - b)), M.FACTOR),
    ("mse_partials", lambda w, b, x, y: tuple(float(v) for v in ref.mse_partials(w, b, x, y)), M.SCALAR_ONLY),
    ("partials_xyz", lambda x, y, z: (y * z + np.cos(x * z), x * z + 2 * y, x * y + np.cos(x * z)), M.CHAIN),
    ("partials_xyz", lambda x, y, z: (y * z - z * np.cos(x * z), x * z + 2 * y, x * y - x * np.cos(x * z)), M.TRIG),
    ("partials_xyz", lambda x, y, z: np.array(ref.partials_xyz(x, y, z))[[0, 2, 1]], M.SWAPPED),
    ("partials_xyz", lambda x, y, z: (y * z + z * np.cos(x * z), x * z + 2 * y, x * y + z * np.cos(x * z)), M.INNER_VAR),
    ("partials_xyz", lambda x, y, z: (y * z + z * np.cos(x * z), x * z + 2 * y + np.cos(x * z), x * y + x * np.cos(x * z)),
     M.EXTRA_TERM),
    ("partials_xyz", lambda x, y, z: ref.partials_xyz(x, y, z) if np.ndim(x) == 0 else (0, 0, 0), M.SCALAR_ONLY),
    ("numerical_partial", forward, M.FORWARD),
    ("numerical_partial", int_copies, M.INT_POINT),
    ("numerical_partial", lambda f, point, i, h=1e-5: 2 * central(f, point, i, h), M.FACTOR),
    ("numerical_partial", mutating_partial, M.MUTATED),
    ("numerical_partial", lambda f, point, i, h=1e-5: central(f, point, i), M.IGNORED_H),
    ("gradient", lambda f, point, h=1e-5: ref.gradient(f, point), M.IGNORED_H),
    ("gradient", lambda f, point, h=1e-5: np.array([forward(f, point, i, h) for i in range(len(point))]), M.FORWARD),
    ("gradient", int_grad_array, M.INT_POINT),
    ("gradient", lambda f, point, h=1e-5: 2 * ref.gradient(f, point, h), M.FACTOR),
    ("gradient", mutating_gradient, M.MUTATED),
    ("gradient", lambda f, point, h=1e-5: list(ref.gradient(f, point, h)), M.TYPE),
    ("mse_gradient", lambda w, b, xs, ys: len(xs) * ref.mse_gradient(w, b, xs, ys), M.MEAN),
    ("mse_gradient", lambda w, b, xs, ys: np.array([-2 * np.mean(ys - w * xs - b), ref.mse_gradient(w, b, xs, ys)[1]]), M.CHAIN),
    ("mse_gradient", lambda w, b, xs, ys: ref.mse_gradient(w, b, xs, ys)[::-1].copy(), M.SWAPPED),
    ("mse_gradient", lambda w, b, xs, ys: -ref.mse_gradient(w, b, xs, ys), M.SIGN),
    ("mse_gradient", lambda w, b, xs, ys: ref.mse_gradient(w, b, xs, ys).reshape(2, 1), M.SHAPE),
    ("mse_gradient", lambda w, b, xs, ys: tuple(ref.mse_gradient(w, b, xs, ys)), M.TYPE),
    ("directional_derivative", lambda grad, u: float(np.dot(grad, u)), M.UNNORMALISED),
    ("directional_derivative", mutating_direction, M.MUTATED),
    ("directional_derivative", lambda grad, u: float(np.dot(grad, u) / np.dot(u, u)), M.NORM_SQUARED),
    ("directional_derivative", lambda grad, u: np.array([ref.directional_derivative(grad, u)]), M.SHAPE),
    ("gd_step", lambda params, grad, lr: params + lr * grad, M.ASCENT),
    ("gd_step", lambda params, grad, lr: params - grad, M.NO_LR),
    ("gd_step", mutating_step, M.MUTATED),
    ("fit_line", lambda xs, ys, lr=0.1, steps=1000: fit_loop(xs, ys, lr, steps, extra=1), M.OFF_BY_ONE),
    ("fit_line", lambda xs, ys, lr=0.1, steps=1000: fit_loop(xs, ys, lr, steps, sequential=True), M.SEQUENTIAL),
    ("fit_line", lambda xs, ys, lr=0.1, steps=1000: fit_loop(xs, ys), M.IGNORED_ARGS),
    ("fit_line", fit_sum, M.DIVERGED),
    ("mlp_forward", lambda p, X: (X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"], M.NO_TANH),
    ("mlp_forward", lambda p, X: ref.mlp_forward(p, X)[:, None], M.SHAPE),
    ("mlp_forward", lambda p, X: ref.mlp_forward(p, X) - p["b2"], M.DROPPED),
    ("mlp_forward", forward_mutating, M.MUTATED),
    ("mlp_loss", loss_mutating, M.MUTATED),
    ("mlp_backward", backward_mutating, M.MUTATED),
    ("mlp_backward", backward_tanh_at_z, M.TANH_AT_Z),
    ("mlp_loss", lambda p, X, y: float(np.sum((ref.mlp_forward(p, X) - y) ** 2)), M.MEAN),
    ("mlp_loss", lambda p, X, y: ref.mlp_loss(p, X, y) / 2, M.FACTOR),
    ("mlp_backward", lambda p, X, y: backward_with(p, X, y, tanh=False), M.TANH),
    ("mlp_backward", lambda p, X, y: backward_with(p, X, y, scale=len(y)), M.MEAN),
    ("mlp_backward", lambda p, X, y: backward_with(p, X, y, scale=-1), M.SIGN),
    ("mlp_backward", lambda p, X, y: backward_with(p, X, y, scale=0.5), M.FACTOR),
    ("mlp_backward", lambda p, X, y: backward_with(p, X, y, sum_b1=False), M.SHAPE),
    ("mlp_backward", lambda p, X, y: {k: v for k, v in ref.mlp_backward(p, X, y).items() if k != "b1"}, M.TYPE),
    ("gradient", lambda f, point, h=1e-5: ref.gradient(f, point, h)[::-1].copy(), M.PERMUTED),
    ("partials_xyz", lambda x, y, z: (ref.partials_xyz(x, y, z)[2], *ref.partials_xyz(x, y, z)[1:]), M.OTHER_PART),
    ("partials", lambda x, y: (2 * x * y, x**2 + 5), M.OFFSET),
    ("mse_partials", lambda w, b, x, y: tuple(3 * v - 1 for v in ref.mse_partials(w, b, x, y)), M.AFFINE),
    ("partials_xyz", lambda x, y, z: tuple(np.round(v) for v in ref.partials_xyz(x, y, z)), M.ROUNDED),
    ("partials", lambda x, y: (2 * np.exp(np.log(x) + np.log(y)), x**2 + 3), M.DOMAIN),
    ("mlp_forward", lambda p, X: np.maximum(X @ p["W1"] + p["b1"], 0) @ p["W2"] + p["b2"], M.ACTIVATION),
    ("mlp_backward", lambda p, X, y: backward_with(p, X, y, prime=lambda a: a * (1 - a)), M.ACTIVATION_PRIME),
    ("fit_line", lambda xs, ys, lr=0.1, steps=1000: fit_loop(xs, ys, 2 * lr, steps), M.LR_SCALE),
]


@pytest.mark.parametrize("name, fn, label", WRONG, ids=[f"{n}-{l}" for n, _, l in WRONG])
def test_mistake_loses_points_and_is_named(grade, name, fn, label):
    result = grade(name, fn)
    assert result.points < result.max_points
    assert label in result.misconceptions and f"likely:   {label}" in result.message, result.message


def test_every_function_has_a_mistake_in_the_suite():
    assert {name for name, _, _ in WRONG} == set(PROBLEMS)


def test_every_label_is_exercised_by_the_suite():
    covered = {label for _, _, label in WRONG} | {M.RAISED, M.NOT_DONE, M.NO_RETURN}
    assert covered == set(M.LABELS)


# ---- functions that fail: zero for the affected parts, never a crash ----

def stub(*args, **kwargs):
    raise NotImplementedError()


def crash(*args, **kwargs):
    raise ValueError("boom")


BAD = {
    "raises": (crash, M.RAISED),
    "stub": (stub, M.NOT_DONE),
    "returns None": (lambda *a, **k: None, M.NO_RETURN),
    "returns a liar": (lambda *a, **k: Liar(), M.TYPE),
    "returns an ndarray subclass": (lambda *a, **k: np.zeros(3).view(SubArray), M.TYPE),
}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("bad", list(BAD))
def test_failing_function_gets_zero(grade, name, bad):
    fn, label = BAD[bad]
    result = grade(name, fn)
    assert result.points == 0 and not any(result.part_ok) and label in result.misconceptions


def test_error_message_names_the_exception(grade):
    assert "raised:   ValueError: boom" in grade("partials", crash).message


def test_liar_inside_the_tuple_loses_only_its_part(grade):
    result = grade("partials", lambda x, y: (2 * x * y, Liar()))
    assert result.part_ok == [True, False] and result.points == 1.0
    assert "an object of type test_assess.Liar" in result.message


def test_liar_in_a_dict_value_loses_only_its_part(grade):
    result = grade("mlp_backward", lambda p, X, y: {**ref.mlp_backward(p, X, y), "W2": Liar()})
    assert result.part_ok == [True, True, False, True, True]


def test_mutation_costs_only_the_unchanged_part(grade):
    result = grade("gd_step", mutating_step)
    assert result.part_ok == [True, False] and "params changed by the call" in result.message


def test_copying_first_is_not_a_mutation(grade):
    assert grade("gd_step", lambda p, g, lr: mutating_step(p.copy(), g, lr)).part_ok == [True, True]


def test_scalar_only_passes_the_scalar_cases(grade):
    scalar_cases = [c for c in cases("partials", True) if np.ndim(c.args[0]) == 0]
    outs = [{"result": {"__tuple__": list(scalar_partials(*c.args))}, "error": None,
             "inputs_after": None, "seconds": 0} for c in scalar_cases]
    assert assess("partials", scalar_cases, outs, key.build("partials", scalar_cases), True).part_ok == [True, True]


def test_scalar_only_is_not_claimed_for_an_array_friendly_function(grade):
    assert M.SCALAR_ONLY not in grade("partials", lambda x, y: (x * y, x**2 + 3)).misconceptions


def test_right_partial_earns_its_share(grade):
    assert grade("partials_xyz", lambda x, y, z: (*ref.partials_xyz(x, y, z)[:2], 0 * x)).points == round(2 * 2 / 3, 2)


def test_float32_rounding_is_accepted(grade):
    assert grade("mlp_forward", lambda p, X: ref.mlp_forward(p, X).astype(np.float32)).points == 2


def test_a_relative_error_of_1e4_is_not_accepted(grade):
    assert grade("mlp_forward", lambda p, X: ref.mlp_forward(p, X) * (1 + 1e-4)).part_ok == [False, False]


def test_integers_where_floats_are_due_are_fine(grade):
    assert grade("partials", lambda x, y: (2 * x * y, x**2 + 3), hidden=False).points == 1


def test_nan_result_is_wrong(grade):
    assert grade("mlp_loss", lambda p, X, y: math.nan).part_ok == [False, False]


# ---- messages ----

def test_message_has_the_documented_layout(grade):
    lines = grade("partials", lambda x, y: (2 * x * y, x**2 + 3 + 2 * x * y), hidden=False).message.splitlines()
    assert lines[0] == "partials(x, y): 1 of 2 parts wrong — 0.5 / 1 point"
    assert lines[1] == "  ∂f/∂y is wrong at x=2, y=3"
    assert lines[2:4] == ["    yours:     19", "    expected:  7"]


def test_all_right_message(grade):
    message = grade("partials", ref.partials, hidden=False).message
    assert message == "partials(x, y): all 2 parts match the reference at 4 public points — 1 / 1 point"


def test_message_shows_only_the_first_failing_hidden_case(grade):
    hidden = cases("partials", True)
    message = grade("partials", lambda x, y: (2 * x * y, x**2)).message
    assert hidden[0].label in message and not any(c.label in message for c in hidden[1:])


def test_message_does_not_show_other_hidden_values(grade):
    second = cases("partials", True)[1]
    message = grade("partials", lambda x, y: (2 * x * y, x**2)).message
    assert f"{second.args[0] ** 2 + 3: .10g}".strip() not in message


def test_message_names_the_function_on_every_outcome(grade):
    assert grade("fit_line", crash).message.startswith("fit_line(xs, ys, lr=0.1, steps=1000):")


def test_message_has_no_ansi_colours(grade):
    assert "\x1b[" not in grade("partials", crash).message


def test_assess_refuses_mismatched_outcomes():
    with pytest.raises(ValueError):
        assess("partials", cases("partials"), [], key.build("partials", cases("partials")))


def test_unreadable_outcome_is_wrong_not_a_crash():
    case_list = cases("partials")
    outcomes = [{"result": {"__bogus__": 1}, "error": None}] * len(case_list)
    result = assess("partials", case_list, outcomes, key.build("partials", case_list))
    assert result.points == 0


def test_assignments_list_every_problem_once():
    assert sorted(sum(ASSIGNMENTS.values(), [])) == sorted(PROBLEMS)


@pytest.mark.parametrize("name", NAMES)
def test_cases_are_deterministic(name):
    assert [c.label for c in cases(name, True)] == [c.label for c in cases(name, True)]


@pytest.mark.parametrize("name", NAMES)
def test_hidden_cases_are_many_and_differ_from_public(name):
    hidden, public = cases(name, True), cases(name)
    assert 8 <= len(hidden) <= 12 and hidden[0].label != public[0].label


# ---- new diagnoses, each with its negative twin ----

def test_wrong_variable_is_not_claimed_for_another_wrong_partial(grade):
    assert M.WRONG_VAR not in grade("partials", lambda x, y: (2 * x * y, 2 * x + 4)).misconceptions


def test_public_partials_cases_tell_2x_plus_3_from_x_squared_plus_3():
    assert any(not np.allclose(2 * np.asarray(c.args[0]) + 3, np.asarray(c.args[0]) ** 2 + 3) for c in cases("partials"))


def test_the_first_public_partials_point_alone_would_not(grade):
    x = cases("partials")[0].args[0]
    assert 2 * x + 3 == x**2 + 3


def test_wrong_variable_shows_in_the_public_self_check(grade):
    assert M.WRONG_VAR in grade("partials", lambda x, y: (2 * x * y, 2 * x + 3), hidden=False).misconceptions


def test_inner_derivative_of_the_wrong_variable_is_not_a_missing_one(grade):
    result = grade("partials_xyz", lambda x, y, z: (y * z + np.cos(x * z), x * z + 2 * y, x * y + np.cos(x * z)))
    assert M.CHAIN in result.misconceptions and M.INNER_VAR not in result.misconceptions


def test_extra_term_is_not_claimed_when_dy_is_right(grade):
    result = grade("partials_xyz", lambda x, y, z: (y * z + z * np.cos(x * z), x * z + 2 * y, x * y + z * np.cos(x * z)))
    assert result.part_ok[1] and M.EXTRA_TERM not in result.misconceptions


def test_ignored_h_is_named_not_a_factor_of_one(grade):
    message = grade("numerical_partial", lambda f, point, i, h=1e-5: central(f, point, i)).message
    assert "the h argument was ignored" in message and "1 ×" not in message


def test_using_h_is_not_ignoring_it(grade):
    assert M.IGNORED_H not in grade("numerical_partial", forward).misconceptions


def test_a_factor_close_to_one_is_not_reported_as_a_factor(grade):
    result = grade("mlp_loss", lambda p, X, y: ref.mlp_loss(p, X, y) * 1.001)
    assert not result.part_ok[0] and M.FACTOR not in result.misconceptions


def test_norm_squared_is_not_claimed_for_another_power(grade):
    result = grade("directional_derivative", lambda grad, u: float(np.dot(grad, u) / np.linalg.norm(u) ** 3))
    assert M.NORM_SQUARED not in result.misconceptions and M.UNNORMALISED not in result.misconceptions


def test_divergence_asks_about_sum_versus_mean(grade):
    assert "likely:   diverged — did you sum instead of averaging?" in grade("fit_line", fit_sum, hidden=False).message


def test_finite_wrong_values_are_not_divergence(grade):
    assert M.DIVERGED not in grade("fit_line", lambda xs, ys, lr=0.1, steps=1000: (0.0, 0.0)).misconceptions


def test_tanh_at_z_is_not_a_missing_tanh_derivative(grade):
    assert M.TANH not in grade("mlp_backward", backward_tanh_at_z).misconceptions


def test_missing_tanh_derivative_is_not_tanh_at_z(grade):
    assert M.TANH_AT_Z not in grade("mlp_backward", lambda p, X, y: backward_with(p, X, y, tanh=False)).misconceptions


def test_missing_b1_is_a_dropped_term_with_its_own_hint(grade):
    result = grade("mlp_forward", lambda p, X: np.tanh(X @ p["W1"]) @ p["W2"] + p["b2"])
    assert M.DROPPED in result.misconceptions and "b1" in result.message


def test_b2_not_summed_says_sum_over_the_batch(grade):
    per_sample = lambda p, X, y: 2 * (ref.mlp_forward(p, X) - y) / len(y)
    message = grade("mlp_backward", lambda p, X, y: {**ref.mlp_backward(p, X, y), "b2": per_sample(p, X, y)}).message
    assert "sum over the batch (.sum()" in message and "float(value)" not in message


def test_b2_as_a_one_element_array_says_float(grade):
    message = grade("mlp_backward", lambda p, X, y: {**ref.mlp_backward(p, X, y), "b2": np.array([1.0])}).message
    assert "float(value)" in message and "sum over the batch" not in message


def test_three_values_instead_of_two_says_return_exactly_two(grade):
    message = grade("partials", lambda x, y: (2 * x * y, x**2 + 3, 0.0)).message
    assert "return exactly 2 values (a tuple)" in message


def test_two_wrong_values_do_not_say_return_exactly_two(grade):
    assert "return exactly" not in grade("partials", lambda x, y: (x * y, x**2)).message


@pytest.mark.parametrize("name", ["mlp_forward", "mlp_loss", "mlp_backward"])
def test_mlp_functions_check_their_inputs_are_unchanged(name):
    assert PROBLEMS[name].parts[-1] == "inputs unchanged"


def test_mlp_mutation_costs_only_the_unchanged_part(grade):
    result = grade("mlp_forward", forward_mutating)
    assert result.part_ok == [True, False] and result.points == 1 and "X changed by the call" in result.message


def test_mlp_without_mutation_keeps_the_unchanged_part(grade):
    assert grade("mlp_forward", lambda p, X: forward_mutating(p, X.copy())).part_ok == [True, True]


@pytest.mark.parametrize("label, fn", [(M.OFF_BY_ONE, lambda xs, ys, lr=0.1, steps=1000: fit_loop(xs, ys, lr, steps, extra=1)),
                                       (M.SEQUENTIAL, lambda xs, ys, lr=0.1, steps=1000: fit_loop(xs, ys, lr, steps, sequential=True))])
def test_fit_line_slips_show_in_the_public_self_check(grade, label, fn):
    assert label in grade("fit_line", fn, hidden=False).misconceptions


def test_fit_line_public_cases_make_one_and_two_steps():
    assert {1, 2} <= {c.kwargs.get("steps") for c in cases("fit_line")}


@pytest.mark.parametrize("name", ["numerical_partial", "gd_step", "mlp_loss", "mlp_backward"])
def test_untouched_inputs_alone_earn_nothing(name, grade):
    """A constant answer leaves every input unchanged; that part must not pay on its own."""
    assert grade(name, lambda *args, **kwargs: 0.0).points == 0
