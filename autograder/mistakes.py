"""Misconceptions, and how to recognise them from the numbers a student's function returned.

Each label is a module constant. ``diagnose`` looks at one wrong part over all cases:
first at how it failed (raised, returned None, wrong type or shape), then at the typical
wrong answers of that problem (``VARIANTS``), then at generic patterns (swapped parts,
flipped sign, a factor n or a constant factor).
"""
import copy
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from . import reference as ref
from .numerics import close
from .problems import split

__all__ = [
    "SIGN", "SWAPPED", "FACTOR", "CHAIN", "NOT_HELD", "MEAN", "SHAPE", "MUTATED", "SCALAR_ONLY",
    "FORWARD", "ASCENT", "INT_POINT", "TANH", "OFF_BY_ONE", "UNNORMALISED", "DROPPED", "TRIG",
    "NO_LR", "SEQUENTIAL", "IGNORED_ARGS", "NO_TANH", "TYPE", "NO_RETURN", "RAISED", "NOT_DONE",
    "LABELS", "HINTS", "Check", "Variant", "VARIANTS", "diagnose",
]

SIGN = "sign flipped"
SWAPPED = "partials swapped or in the wrong order"
FACTOR = "off by a constant factor"
CHAIN = "chain rule: inner derivative missing"
NOT_HELD = "the other variable was not held constant"
MEAN = "sum instead of mean (missing 1/n)"
SHAPE = "wrong shape"
MUTATED = "input modified"
SCALAR_ONLY = "works on scalars but not on arrays"
FORWARD = "forward difference instead of central"
ASCENT = "stepped up the gradient (+ instead of −)"
INT_POINT = "integer point: h was lost"
TANH = "tanh derivative (1 − a²) missing"
OFF_BY_ONE = "wrong number of steps"
UNNORMALISED = "u not normalised"
DROPPED = "a term of the sum was dropped"
TRIG = "derivative of sin taken as −cos"
NO_LR = "learning rate not used"
SEQUENTIAL = "w updated before b's partial was computed"
IGNORED_ARGS = "the lr or steps argument was ignored"
NO_TANH = "tanh activation missing"
TYPE = "wrong return type"
NO_RETURN = "nothing returned (None)"
RAISED = "raised an exception"
NOT_DONE = "not implemented yet"

LABELS = (
    SIGN, SWAPPED, FACTOR, CHAIN, NOT_HELD, MEAN, SHAPE, MUTATED, SCALAR_ONLY, FORWARD, ASCENT,
    INT_POINT, TANH, OFF_BY_ONE, UNNORMALISED, DROPPED, TRIG, NO_LR, SEQUENTIAL, IGNORED_ARGS,
    NO_TANH, TYPE, NO_RETURN, RAISED, NOT_DONE,
)

HINTS = {
    SIGN: "yours is minus the expected value: check each minus sign, inner derivatives included",
    SWAPPED: "return the partials in the order of the signature",
    MEAN: "the loss is a mean: divide the sum by n (np.mean does it)",
    SHAPE: "return an array with the shape of the expected result",
    MUTATED: "work on a copy (np.array(x, dtype=float) or x.copy()); never change the caller's arrays",
    SCALAR_ONLY: "use NumPy functions (np.sin, np.exp...) and no if-tests on the inputs, so it works elementwise",
    TYPE: "return the type asked for in the docstring",
    NO_RETURN: "the function ends without `return`",
    RAISED: "read the error: it names the operation that failed",
    NOT_DONE: "replace `raise NotImplementedError()` with your code",
}


@dataclass
class Check:
    """One part of one case: the student's value, the expected one, and how they compare.

    ``kind`` is None for a value compared with the reference, else one of ``"error"``,
    ``"none"``, ``"type"``, ``"shape"``, ``"missing"`` or ``"mutated"``; ``detail`` is the
    text shown for it (the error, the type...). ``whole`` marks failures of the whole result.
    """

    yours: object
    expected: object
    ok: bool
    kind: str | None = None
    detail: str = ""
    whole: bool = False


@dataclass(frozen=True)
class Variant:
    """A typical wrong answer: ``fn`` has the problem's signature; ``hints`` maps part → hint."""

    label: str
    fn: object
    hints: dict


def _forward(f, point, i, h=1e-5):
    x = np.array(point, dtype=float)
    x_plus = x.copy()
    x_plus[i] += h
    return (f(x_plus) - f(x)) / h


def _int_copies(f, point, i, h=1e-5):
    """Central difference on copies of ``np.array(point)``: ints swallow ±h."""
    x_plus, x_minus = np.array(point), np.array(point)
    x_plus[i] += h
    x_minus[i] -= h
    return (f(x_plus) - f(x_minus)) / (2 * h)


def _int_in_place(f, point, i, h=1e-5):
    """x[i] += h, then x[i] -= 2h on one ``np.array(point)``."""
    x = np.array(point)
    x[i] += h
    f_plus = f(x)
    x[i] -= 2 * h
    return (f_plus - f(x)) / (2 * h)


def _each(partial):
    return lambda f, point, h=1e-5: np.array([partial(f, point, i, h) for i in range(len(point))])


def _int_grad_array(f, point, h=1e-5):
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


def _mlp_no_tanh_grad(params, X, y):
    a = np.tanh(X @ params["W1"] + params["b1"])
    delta = 2 * (a @ params["W2"] + params["b2"] - y) / len(y)
    dz = np.outer(delta, params["W2"])
    return {"W1": X.T @ dz, "b1": dz.sum(axis=0), "W2": None, "b2": None}


def _v(label, fn, **hints):
    return Variant(label, fn, hints)


_SIN_X = "∂/∂x sin(xz) = z·cos(xz)"
_SIN_Z = "∂/∂z sin(xz) = x·cos(xz)"
_FIT_NOTE = "compute both partials at the old (w, b), then update both"

VARIANTS = {
    "partials": [
        _v(NOT_HELD, lambda x, y: (2 * x * y + x**2 + 3, x**2 + 3 + 2 * x * y),
           **{"∂f/∂x": "treat y as a constant: ∂f/∂x = 2xy",
              "∂f/∂y": "treat x as a constant: ∂f/∂y = x² + 3, not x² + 3 + 2xy"}),
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
        _v(TRIG, lambda x, y, z: (y * z - z * np.cos(x * z), None, x * y - x * np.cos(x * z)),
           **{"∂g/∂x": f"(sin)′ = cos and (cos)′ = −sin: {_SIN_X}",
              "∂g/∂z": f"(sin)′ = cos and (cos)′ = −sin: {_SIN_Z}"}),
    ],
    "numerical_partial": [
        _v(FORWARD, _forward,
           **{"∂f/∂xᵢ": "use (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h: its error shrinks like h², a forward one's like h"}),
        _v(INT_POINT, _int_copies,
           **{"∂f/∂xᵢ": "np.array([1, 2]) holds ints, so x[i] += h is cut back: use np.array(point, dtype=float)"}),
        _v(INT_POINT, _int_in_place,
           **{"∂f/∂xᵢ": "np.array([1, 2]) holds ints, so x[i] += h is cut back: use np.array(point, dtype=float)"}),
    ],
    "gradient": [
        _v(FORWARD, _each(_forward), **{"∇f": "use central differences (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h"}),
        _v(INT_POINT, _each(_int_copies),
           **{"∇f": "an int point swallows ±h: copy it with np.array(point, dtype=float)"}),
        _v(INT_POINT, _int_grad_array,
           **{"∇f": "np.zeros_like(point) of an int point is an int array: use np.zeros(len(point))"}),
    ],
    "mse_gradient": [
        _v(CHAIN, lambda w, b, xs, ys: np.array([-2 * np.mean(ys - w * xs - b), np.nan]),
           **{"∂J/∂w": "∂/∂w (y − (wx + b)) = −x: ∂J/∂w = −2·mean(x·(y − (wx + b)))"}),
    ],
    "directional_derivative": [
        _v(UNNORMALISED, lambda grad, u: float(np.dot(grad, u)),
           **{"D_u f": "divide by ‖u‖: a direction is the unit vector u / ‖u‖"}),
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
    ],
    "mlp_loss": [],
    "mlp_backward": [
        _v(TANH, _mlp_no_tanh_grad,
           **{"∂/∂W1": "back through tanh: multiply by 1 − a², where a = tanh(X W1 + b1)",
              "∂/∂b1": "back through tanh: multiply by 1 − a², where a = tanh(X W1 + b1)"}),
    ],
}

SPECIFIC_HINTS = {
    "numerical_partial": {FACTOR: "divide by 2h: x + h·eᵢ and x − h·eᵢ are 2h apart",
                          MUTATED: "copy the point as floats first: x = np.array(point, dtype=float)"},
    "gradient": {FACTOR: "divide by 2h: x + h·eᵢ and x − h·eᵢ are 2h apart",
                 MUTATED: "copy the point as floats first: x = np.array(point, dtype=float)"},
    "directional_derivative": {MUTATED: "u = u / np.linalg.norm(u) makes a new array; u /= … changes the caller's u"},
    "gd_step": {MUTATED: "params − lr * grad makes a new array; params -= … changes the caller's params"},
}


def _hint(problem, label, default=None):
    return SPECIFIC_HINTS.get(problem.name, {}).get(label) or default or HINTS.get(label, "")


def _variant_value(problem, variant, case, index):
    """The variant's value for value part ``index`` at ``case``, or None if it has none."""
    try:
        with np.errstate(all="ignore"):
            out = variant.fn(*copy.deepcopy(case.args), **case.kwargs)
        value = split(problem, out)[index]
        return None if value is None else np.asarray(value, dtype=float)
    except Exception:
        return None


def _matches(checks, failing, targets):
    """Whether the student's value equals ``targets[k]`` at every failing case ``k``."""
    return all(targets[k] is not None and close(checks[k].yours, targets[k]) for k in failing)


def _is_array_case(case):
    return any(isinstance(a, np.ndarray) and a.ndim > 0 for a in case.args)


def _scalar_only(cases, checks):
    arrays = [_is_array_case(c) for c in cases]
    scalar_ok = [ch.ok for ch, a in zip(checks, arrays) if not a]
    array_ok = [ch.ok for ch, a in zip(checks, arrays) if a]
    return bool(scalar_ok) and all(scalar_ok) and bool(array_ok) and not all(array_ok)


def _shape_hint(yours, expected):
    yours, expected = np.asarray(yours), np.asarray(expected)
    if expected.ndim == 0:
        return f"return a float, e.g. float(value), not an array of shape {yours.shape}"
    if yours.ndim == expected.ndim + 1 and yours.shape[1:] == expected.shape:
        if close(yours.sum(axis=0), expected):
            return "sum over the batch (axis 0): the bias is shared by all n samples"
    if yours.size == expected.size and close(yours.reshape(expected.shape), expected):
        return f"right values, but shape {yours.shape} instead of {expected.shape}"
    return f"expected shape {expected.shape}, yours is {yours.shape}"


def _kind_label(problem, check):
    """The label for a part that failed without a comparable value."""
    if check.kind == "error":
        label = NOT_DONE if check.detail.startswith("NotImplementedError") else RAISED
    elif check.kind == "shape" and check.whole:
        right = check.yours is not None and close(check.yours, check.expected)
        return SHAPE, ("right values in the wrong shape: " if right else "") + HINTS[SHAPE]
    elif check.kind == "shape":
        return SHAPE, _shape_hint(check.yours, check.expected)
    elif check.kind == "missing":
        return TYPE, "the dict needs every key that params has"
    else:
        label = {"mutated": MUTATED, "none": NO_RETURN, "shape": SHAPE}.get(check.kind, TYPE)
    return label, _hint(problem, label)


def _nice(c):
    frac = Fraction(c).limit_denominator(8)
    if abs(float(frac) - c) > 1e-6 * abs(c):
        return f"{c:.4g}"
    return str(frac.numerator) if frac.denominator == 1 else f"{frac.numerator}/{frac.denominator}"


def _factor(checks, failing):
    """The constant c with yours = c · expected at every failing case, or None."""
    yours = np.ravel(np.asarray(checks[failing[0]].yours, dtype=float))
    expected = np.ravel(np.asarray(checks[failing[0]].expected, dtype=float))
    j = int(np.argmax(np.abs(expected)))
    if abs(expected[j]) < 1e-12 or not np.isfinite(yours[j]):
        return None
    c = float(yours[j] / expected[j])
    if abs(c) < 1e-9 or close(abs(c), 1.0):
        return None
    return c if _matches(checks, failing, {k: c * np.asarray(checks[k].expected) for k in failing}) else None


def _generic(problem, cases, grid, part, failing):
    """Swapped parts, flipped sign, factor n, 1/n or a constant: (label, hint) or None."""
    checks = grid[part]
    for other in problem.value_parts:
        if other != part and _matches(checks, failing, {k: grid[other][k].expected for k in failing}):
            return SWAPPED, f"yours is the expected {other}: {HINTS[SWAPPED]}"
    if _matches(checks, failing, {k: -np.asarray(checks[k].expected) for k in failing}):
        return SIGN, _hint(problem, SIGN)
    if problem.batch_arg is not None:
        n = {k: len(cases[k].args[problem.batch_arg]) for k in failing}
        if _matches(checks, failing, {k: n[k] * np.asarray(checks[k].expected) for k in failing}):
            return MEAN, "yours is n × the expected value: " + _hint(problem, MEAN)
        if _matches(checks, failing, {k: np.asarray(checks[k].expected) / n[k] for k in failing}):
            return FACTOR, "yours is 1/n × the expected value: divide by n only once"
    c = _factor(checks, failing)
    if c is not None:
        default = "check the 2 from the power rule and any ½ or 1/n"
        return FACTOR, f"yours is {_nice(c)} × the expected value: {_hint(problem, FACTOR, default)}"
    return None


def _diagnose_part(problem, cases, grid, part):
    checks = grid[part]
    failing = [k for k, check in enumerate(checks) if not check.ok]
    if problem.elementwise and _scalar_only(cases, checks):
        return SCALAR_ONLY, _hint(problem, SCALAR_ONLY)
    if any(checks[k].kind is not None for k in failing):
        return _kind_label(problem, next(checks[k] for k in failing if checks[k].kind is not None))
    index = problem.value_parts.index(part)
    for variant in VARIANTS.get(problem.name, []):
        if part in variant.hints:
            targets = {k: _variant_value(problem, variant, cases[k], index) for k in failing}
            if _matches(checks, failing, targets):
                return variant.label, variant.hints[part]
    return _generic(problem, cases, grid, part, failing)


def diagnose(problem, cases, grid):
    """The likely misconception behind each wrong part.

    Args:
        problem: The ``Problem``.
        cases: The cases, in order.
        grid: Maps each part to its ``Check`` list, one per case.

    Returns:
        A dict from each wrong part to ``(label, hint)``, or to None when nothing is recognised.
    """
    found = {}
    for part, checks in grid.items():
        if not all(check.ok for check in checks):
            try:
                found[part] = _diagnose_part(problem, cases, grid, part)
            except Exception:  # a diagnosis must never stop the grading
                found[part] = None
    return found
