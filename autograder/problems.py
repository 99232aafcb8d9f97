"""The graded problems: what each function returns and its parts (no answers, no hidden points).

Student side and instructor side share this module. The points a problem is checked at come
from ``casegen`` (instructor side) or, for the public ones, from ``public_key.json``.
"""
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .sandbox import codec

__all__ = [
    "UNCHANGED", "MISSING", "Problem", "Case", "ResultError", "PROBLEMS", "ASSIGNMENTS", "cases",
    "max_points", "arg_names", "split", "case_data", "case_from_data", "PUBLIC_KEY",
]

PUBLIC_KEY = Path(__file__).with_name("public_key.json")
"""The public cases of every problem with their answer key, shipped to students (see ``key``)."""

UNCHANGED = "inputs unchanged"
"""Name of the part checking that the function did not modify its inputs."""


@dataclass(frozen=True)
class Problem:
    """One graded function.

    ``layout`` says how a result splits into parts: ``"tuple"`` (one item per part),
    ``"vector"`` (an array, one element per part), ``"array"``/``"scalar"`` (the whole
    result is the first part) or ``"dict"`` (one key per part, ``keys``).
    """

    name: str
    assignment: str
    notebook: str
    signature: str
    parts: tuple
    layout: str
    seed: int
    keys: tuple = ()
    elementwise: bool = False
    batch_arg: int | None = None
    points: dict = field(default_factory=lambda: {"public": 1, "hidden": 2})

    @property
    def value_parts(self):
        """The parts compared with the reference (all but ``UNCHANGED``)."""
        return tuple(p for p in self.parts if p != UNCHANGED)


MISSING = object()
"""Stands for a key missing from a returned dict."""


class ResultError(ValueError):
    """A result whose layout is wrong; ``kind`` is ``"type"`` or ``"shape"``."""

    def __init__(self, text, kind="type", values=None):
        super().__init__(text)
        self.kind, self.values = kind, values


@dataclass(frozen=True)
class Case:
    """Inputs of one call and a short label naming them in messages."""

    args: tuple
    kwargs: dict
    label: str


def _p(name, assignment, notebook, signature, parts, layout, seed, **extra):
    return Problem(name, assignment, notebook, signature, tuple(parts), layout, seed, **extra)


PROBLEMS = {p.name: p for p in [
    _p("partials", "ps01_partials", "partials", "partials(x, y)", ["∂f/∂x", "∂f/∂y"], "tuple", 101,
       elementwise=True),
    _p("mse_partials", "ps01_partials", "partials", "mse_partials(w, b, x, y)", ["∂L/∂w", "∂L/∂b"],
       "tuple", 102, elementwise=True),
    _p("partials_xyz", "ps01_partials", "partials", "partials_xyz(x, y, z)",
       ["∂g/∂x", "∂g/∂y", "∂g/∂z"], "tuple", 103, elementwise=True),
    _p("numerical_partial", "ps01_partials", "partials", "numerical_partial(f, point, i, h=1e-5)",
       ["∂f/∂xᵢ", UNCHANGED], "scalar", 104),
    _p("gradient", "ps02_gradients", "gradients", "gradient(f, point, h=1e-5)", ["∇f", UNCHANGED],
       "array", 201),
    _p("mse_gradient", "ps02_gradients", "gradients", "mse_gradient(w, b, xs, ys)", ["∂J/∂w", "∂J/∂b"],
       "vector", 202, batch_arg=2),
    _p("directional_derivative", "ps02_gradients", "gradients", "directional_derivative(grad, u)",
       ["D_u f", UNCHANGED], "scalar", 203),
    _p("gd_step", "ps03_gradient_descent", "gradient_descent", "gd_step(params, grad, lr)",
       ["new params", UNCHANGED], "array", 301),
    _p("fit_line", "ps03_gradient_descent", "gradient_descent", "fit_line(xs, ys, lr=0.1, steps=1000)",
       ["w", "b"], "tuple", 302),
    _p("mlp_forward", "ps04_backprop", "backprop", "mlp_forward(params, X)", ["ŷ", UNCHANGED], "array",
       401),
    _p("mlp_loss", "ps04_backprop", "backprop", "mlp_loss(params, X, y)", ["loss", UNCHANGED], "scalar",
       402, batch_arg=1),
    _p("mlp_backward", "ps04_backprop", "backprop", "mlp_backward(params, X, y)",
       ["∂/∂W1", "∂/∂b1", "∂/∂W2", "∂/∂b2", UNCHANGED], "dict", 403, keys=("W1", "b1", "W2", "b2"),
       batch_arg=1),
]}

ASSIGNMENTS = {}
for _problem in PROBLEMS.values():
    ASSIGNMENTS.setdefault(_problem.assignment, []).append(_problem.name)


def max_points(name, hidden=False):
    """Points a fully right ``name`` earns on the public or hidden cases."""
    return PROBLEMS[name].points["hidden" if hidden else "public"]


def cases(name, hidden=False):
    """The cases ``name`` is checked at (instructor side: imports ``casegen`` when called)."""
    from . import casegen
    return casegen.cases(name, hidden)


def case_data(case):
    """A ``Case`` as plain JSON data (the sandbox codec)."""
    return {"args": codec.encode(tuple(case.args)), "kwargs": codec.encode(dict(case.kwargs)),
            "label": case.label}


def case_from_data(data):
    """The ``Case`` that ``case_data`` encoded."""
    return Case(tuple(codec.decode(data["args"])), dict(codec.decode(data["kwargs"])), str(data["label"]))


def arg_names(problem):
    """Argument names from the signature, e.g. ``("f", "point", "i", "h")``."""
    inside = problem.signature[problem.signature.index("(") + 1 : -1]
    return tuple(a.split("=")[0].strip() for a in inside.split(","))


def _is_sequence(result):
    return type(result) in (tuple, list) or (type(result) is np.ndarray and result.ndim >= 1)


def split(problem, result):
    """The values of the parts compared with the reference, in order.

    Args:
        problem: The ``Problem``.
        result: A decoded return value.

    Returns:
        A list with one value per value part (``MISSING`` for an absent dict key).

    Raises:
        ResultError: When the result does not have the problem's layout.
    """
    n = len(problem.value_parts)
    if problem.layout in ("scalar", "array"):
        return [result]
    if problem.layout == "dict":
        if type(result) is not dict or "__type__" in result:
            raise ResultError(f"expected a dict with keys {', '.join(problem.keys)}")
        return [result.get(k, MISSING) for k in problem.keys]
    if problem.layout == "vector":
        return _split_vector(result, n)
    if not _is_sequence(result):
        raise ResultError(f"expected a tuple of {n} values")
    if len(result) != n:
        raise ResultError(f"{len(result)} values instead of {n}", "shape")
    return list(result)


def _split_vector(result, n):
    if type(result) is not np.ndarray or result.dtype.kind not in "iuf":
        raise ResultError(f"expected a NumPy float array of shape ({n},)")
    if result.shape != (n,):
        values = list(result.ravel()) if result.size == n else None
        raise ResultError(f"an array of shape {result.shape} instead of ({n},)", "shape", values)
    return list(result)
