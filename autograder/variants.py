"""Typical wrong answers of every problem, as functions (instructor side, never shipped to a kernel).

Each ``Variant`` computes one misconception's answer with the problem's signature; ``key`` runs
them at the cases and stores their values, so diagnosis works from numbers alone. Several are
near-copies of the reference, which is why a student's kernel never imports this module.
"""
from dataclasses import dataclass

import numpy as np

from . import reference as ref
from .mistakes import (
    ASCENT, CHAIN, DROPPED, EXTRA_TERM, FORWARD, IGNORED_ARGS, IGNORED_H, INNER_VAR, INT_POINT, MEAN,
    NO_LR, NO_TANH, NOT_HELD, NORM_SQUARED, OFF_BY_ONE, SEQUENTIAL, TANH, TANH_AT_Z, TRIG, UNNORMALISED,
    WRONG_VAR,
)
from .numerics import EPS

__all__ = ["Variant", "VARIANTS"]


@dataclass(frozen=True)
class Variant:
    """A typical wrong answer: ``fn`` has the problem's signature; ``hints`` maps part → hint."""

    label: str
    fn: object
    hints: dict


def _forward(f, point, i, h=EPS):
    x = np.array(point, dtype=float)
    x_plus = x.copy()
    x_plus[i] += h
    return (f(x_plus) - f(x)) / h


def _int_copies(f, point, i, h=EPS):
    """Central difference on copies of ``np.array(point)``: ints swallow ±h."""
    x_plus, x_minus = np.array(point), np.array(point)
    x_plus[i] += h
    x_minus[i] -= h
    return (f(x_plus) - f(x_minus)) / (2 * h)


def _int_in_place(f, point, i, h=EPS):
    """x[i] += h, then x[i] -= 2h on one ``np.array(point)``."""
    x = np.array(point)
    x[i] += h
    f_plus = f(x)
    x[i] -= 2 * h
    return (f_plus - f(x)) / (2 * h)


def _each(partial):
    return lambda f, point, h=EPS: np.array([partial(f, point, i, h) for i in range(len(point))])


def _int_grad_array(f, point, h=EPS):
    """Right partials stored in ``np.zeros_like(point)``, an int array for an int point."""
    return np.trunc(ref.gradient(f, point, h)) if np.asarray(point).dtype.kind in "iu" else None


def _fit(xs, ys, lr=0.1, steps=1000, sign=-1, mean=True, sequential=False):
    """Gradient descent on J with the usual slips switchable."""
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    n = 1 if mean else len(xs)
    w = b = 0.0
    with np.errstate(all="ignore"):
        for _ in range(steps):
            dw, db = n * ref.mse_gradient(w, b, xs, ys)
            w = w + sign * lr * dw
            db = n * ref.mse_gradient(w, b, xs, ys)[1] if sequential else db
            b = b + sign * lr * db
    return w, b


def _mlp_grad(params, X, y, tanh_prime):
    """W1 and b1 partials with ``tanh_prime(z, a)`` in place of 1 − a²."""
    z = X @ params["W1"] + params["b1"]
    a = np.tanh(z)
    delta = 2 * (a @ params["W2"] + params["b2"] - y) / len(y)
    dz = np.outer(delta, params["W2"]) * tanh_prime(z, a)
    return {"W1": X.T @ dz, "b1": dz.sum(axis=0), "W2": None, "b2": None}


def _v(label, fn, **hints):
    return Variant(label, fn, hints)


_SIN_X = "∂/∂x sin(xz) = z·cos(xz)"
_SIN_Z = "∂/∂z sin(xz) = x·cos(xz)"
_NO_Y = "sin(xz) has no y in it, so its ∂/∂y is 0: ∂g/∂y = xz + 2y"
_FIT_NOTE = "compute both partials at the old (w, b), then update both"
_INT_HINT = "np.array([1, 2]) holds ints, so x[i] += h is cut back: use np.array(point, dtype=float)"
_H_HINT = "use the h you are given (h=h), not a fixed step such as 1e-5"
_TANH_HINT = "back through tanh: multiply by 1 − a², where a = tanh(X W1 + b1)"
_TANH_Z_HINT = "tanh′(z) = 1 − tanh(z)² = 1 − a² with a = tanh(z), not 1 − z²"

VARIANTS = {
    "partials": [
        _v(NOT_HELD, lambda x, y: (2 * x * y + x**2 + 3, x**2 + 3 + 2 * x * y),
           **{"∂f/∂x": "treat y as a constant: ∂f/∂x = 2xy",
              "∂f/∂y": "treat x as a constant: ∂f/∂y = x² + 3, not x² + 3 + 2xy"}),
        _v(WRONG_VAR, lambda x, y: (None, 2 * x + 3),
           **{"∂f/∂y": "y is the variable and x a constant: ∂(x²y)/∂y = x², so ∂f/∂y = x² + 3"}),
        _v(DROPPED, lambda x, y: (None, x**2), **{"∂f/∂y": "differentiate every term: ∂(3y)/∂y = 3"}),
    ],
    "mse_partials": [
        _v(CHAIN, lambda w, b, x, y: (2 * (y - w * x - b), None),
           **{"∂L/∂w": "∂/∂w (y − (wx + b)) = −x, so ∂L/∂w = −2x(y − (wx + b))"}),
        _v(CHAIN, lambda w, b, x, y: (-2 * (y - w * x - b), None),
           **{"∂L/∂w": "the inner derivative of y − (wx + b) with respect to w is −x: multiply by x"}),
    ],
    "partials_xyz": [
        _v(CHAIN, lambda x, y, z: (y * z + np.cos(x * z), None, x * y + np.cos(x * z)),
           **{"∂g/∂x": f"the inner derivative z is missing: {_SIN_X}",
              "∂g/∂z": f"the inner derivative x is missing: {_SIN_Z}"}),
        _v(INNER_VAR, lambda x, y, z: (y * z + x * np.cos(x * z), None, x * y + z * np.cos(x * z)),
           **{"∂g/∂x": f"the inner derivative is ∂(xz)/∂x = z: {_SIN_X}",
              "∂g/∂z": f"the inner derivative is ∂(xz)/∂z = x: {_SIN_Z}"}),
        _v(TRIG, lambda x, y, z: (y * z - z * np.cos(x * z), None, x * y - x * np.cos(x * z)),
           **{"∂g/∂x": f"(sin)′ = cos and (cos)′ = −sin: {_SIN_X}",
              "∂g/∂z": f"(sin)′ = cos and (cos)′ = −sin: {_SIN_Z}"}),
        *[_v(EXTRA_TERM, lambda x, y, z, k=k: (None, x * z + 2 * y + k(x, z) * np.cos(x * z), None),
             **{"∂g/∂y": _NO_Y}) for k in (lambda x, z: 1, lambda x, z: x, lambda x, z: z)],
    ],
    "numerical_partial": [
        _v(FORWARD, _forward,
           **{"∂f/∂xᵢ": "use (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h: its error shrinks like h², a forward one's like h"}),
        _v(INT_POINT, _int_copies, **{"∂f/∂xᵢ": _INT_HINT}),
        _v(INT_POINT, _int_in_place, **{"∂f/∂xᵢ": _INT_HINT}),
        _v(IGNORED_H, lambda f, point, i, h=EPS: ref.numerical_partial(f, point, i), **{"∂f/∂xᵢ": _H_HINT}),
    ],
    "gradient": [
        _v(FORWARD, _each(_forward), **{"∇f": "use central differences (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h"}),
        _v(INT_POINT, _each(_int_copies),
           **{"∇f": "an int point swallows ±h: copy it with np.array(point, dtype=float)"}),
        _v(INT_POINT, _int_grad_array,
           **{"∇f": "np.zeros_like(point) of an int point is an int array: use np.zeros(len(point))"}),
        _v(IGNORED_H, lambda f, point, h=EPS: ref.gradient(f, point), **{"∇f": _H_HINT}),
    ],
    "mse_gradient": [
        _v(CHAIN, lambda w, b, xs, ys: np.array([-2 * np.mean(ys - w * xs - b), np.nan]),
           **{"∂J/∂w": "∂/∂w (y − (wx + b)) = −x: ∂J/∂w = −2·mean(x·(y − (wx + b)))"}),
    ],
    "directional_derivative": [
        _v(UNNORMALISED, lambda grad, u: float(np.dot(grad, u)),
           **{"D_u f": "divide by ‖u‖: a direction is the unit vector u / ‖u‖"}),
        _v(NORM_SQUARED, lambda grad, u: float(np.dot(grad, u) / np.dot(u, u)),
           **{"D_u f": "divide grad · u by ‖u‖ = np.linalg.norm(u) once; np.dot(u, u) is ‖u‖²"}),
    ],
    "gd_step": [
        _v(ASCENT, lambda params, grad, lr: params + lr * grad,
           **{"new params": "gradient DEScent steps against the gradient: params − lr·grad"}),
        _v(NO_LR, lambda params, grad, lr: params - grad, **{"new params": "scale the step: params − lr·grad"}),
    ],
    "fit_line": [
        _v(OFF_BY_ONE, lambda xs, ys, lr=0.1, steps=1000: _fit(xs, ys, lr, steps - 1),
           w="make exactly `steps` updates: for _ in range(steps)", b="make exactly `steps` updates"),
        _v(OFF_BY_ONE, lambda xs, ys, lr=0.1, steps=1000: _fit(xs, ys, lr, steps + 1),
           w="make exactly `steps` updates: for _ in range(steps)", b="make exactly `steps` updates"),
        _v(SEQUENTIAL, lambda xs, ys, lr=0.1, steps=1000: _fit(xs, ys, lr, steps, sequential=True),
           w=_FIT_NOTE, b=_FIT_NOTE),
        _v(ASCENT, lambda xs, ys, lr=0.1, steps=1000: _fit(xs, ys, lr, steps, sign=1),
           w="step against the gradient: w − lr·∂J/∂w", b="step against the gradient: b − lr·∂J/∂b"),
        _v(MEAN, lambda xs, ys, lr=0.1, steps=1000: _fit(xs, ys, lr, steps, mean=False),
           w="J is a mean: its partials carry 1/n", b="J is a mean: its partials carry 1/n"),
        _v(IGNORED_ARGS, lambda xs, ys, lr=0.1, steps=1000: _fit(xs, ys),
           w="use the lr and steps you are given, not fixed numbers", b="use the lr and steps you are given"),
    ],
    "mlp_forward": [
        _v(NO_TANH, lambda p, X: X @ p["W1"] @ p["W2"] + p["b1"] @ p["W2"] + p["b2"],
           **{"ŷ": "apply tanh to the hidden layer: a = tanh(X W1 + b1)"}),
        _v(DROPPED, lambda p, X: ref.mlp_forward(p, X) - p["b2"], **{"ŷ": "add the output bias: ŷ = a W2 + b2"}),
        _v(DROPPED, lambda p, X: np.tanh(X @ p["W1"]) @ p["W2"] + p["b2"],
           **{"ŷ": "add the hidden bias inside tanh: a = tanh(X W1 + b1)"}),
    ],
    "mlp_loss": [],
    "mlp_backward": [
        _v(TANH, lambda p, X, y: _mlp_grad(p, X, y, lambda z, a: 1.0),
           **{"∂/∂W1": _TANH_HINT, "∂/∂b1": _TANH_HINT}),
        _v(TANH_AT_Z, lambda p, X, y: _mlp_grad(p, X, y, lambda z, a: 1 - z**2),
           **{"∂/∂W1": _TANH_Z_HINT, "∂/∂b1": _TANH_Z_HINT}),
    ],
}
