"""Misconceptions, and how to recognise them from the numbers a student's function returned.

Each label is a module constant. ``diagnose`` looks at one wrong part over all cases:
first at how it failed (raised, returned None, wrong type or shape), then at the values of
the typical wrong answers of that problem (``WrongAnswer``, taken from the answer key that
``instructor.key`` computes from the specs), then at generic patterns (swapped parts, flipped sign,
a factor n or a constant factor, divergence). Only numbers come in: no reference code here.
"""
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .numerics import close

__all__ = [
    "SIGN", "SWAPPED", "FACTOR", "CHAIN", "NOT_HELD", "MEAN", "SHAPE", "MUTATED", "SCALAR_ONLY",
    "FORWARD", "ASCENT", "INT_POINT", "TANH", "OFF_BY_ONE", "UNNORMALISED", "DROPPED", "TRIG",
    "NO_LR", "SEQUENTIAL", "IGNORED_ARGS", "NO_TANH", "TYPE", "NO_RETURN", "RAISED", "NOT_DONE",
    "WRONG_VAR", "INNER_VAR", "EXTRA_TERM", "IGNORED_H", "NORM_SQUARED", "DIVERGED", "TANH_AT_Z",
    "LABELS", "HINTS", "Check", "WrongAnswer", "diagnose",
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
WRONG_VAR = "differentiated with respect to the wrong variable"
INNER_VAR = "chain rule: inner derivative taken with respect to the wrong variable"
EXTRA_TERM = "a term without this variable was not treated as a constant"
IGNORED_H = "the h argument was ignored"
NORM_SQUARED = "divided by ‖u‖² instead of ‖u‖"
DIVERGED = "diverged"
TANH_AT_Z = "tanh′ evaluated at the wrong value (1 − z² instead of 1 − a²)"

LABELS = (
    SIGN, SWAPPED, FACTOR, CHAIN, NOT_HELD, MEAN, SHAPE, MUTATED, SCALAR_ONLY, FORWARD, ASCENT,
    INT_POINT, TANH, OFF_BY_ONE, UNNORMALISED, DROPPED, TRIG, NO_LR, SEQUENTIAL, IGNORED_ARGS,
    NO_TANH, TYPE, NO_RETURN, RAISED, NOT_DONE, WRONG_VAR, INNER_VAR, EXTRA_TERM, IGNORED_H,
    NORM_SQUARED, DIVERGED, TANH_AT_Z,
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
    DIVERGED: "yours is nan or inf: look for a division by zero or a step that grows",
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
class WrongAnswer:
    """The values of one typical wrong answer: ``values[k][i]`` is value part ``i`` at case ``k``
    (a float array, or None where the wrong answer says nothing); ``hints`` maps part → hint."""

    label: str
    hints: dict
    values: list


def _hint(problem, label, default=None):
    return problem.hints.get(label) or default or HINTS.get(label, "")


def _same(yours, target):
    """Whether ``yours`` equals ``target``, counting nan and ±inf as equal to each other."""
    y, t = np.asarray(yours, dtype=float), np.asarray(target, dtype=float)
    if y.shape != t.shape:
        return False
    finite = np.isfinite(t)
    return bool(np.array_equal(np.isfinite(y), finite)) and close(y[finite], t[finite])


def _matches(checks, failing, targets):
    """Whether the student's value equals ``targets[k]`` at every failing case ``k``."""
    return all(targets[k] is not None and _same(checks[k].yours, targets[k]) for k in failing)


def _is_array_case(case):
    return any(isinstance(a, np.ndarray) and a.ndim > 0 for a in case.args)


def _scalar_only(cases, checks):
    arrays = [_is_array_case(c) for c in cases]
    scalar_ok = [ch.ok for ch, a in zip(checks, arrays) if not a]
    array_ok = [ch.ok for ch, a in zip(checks, arrays) if a]
    return bool(scalar_ok) and all(scalar_ok) and bool(array_ok) and not all(array_ok)


def _shape_hint(yours, expected):
    yours, expected = np.asarray(yours), np.asarray(expected)
    batch = "sum over the batch (.sum(), or .sum(axis=0)): the bias is shared by all n samples"
    if expected.ndim == 0 and yours.ndim == 1 and yours.size > 1 and close(yours.sum(), expected):
        return batch
    if expected.ndim == 0:
        return f"return a float, e.g. float(value), not an array of shape {yours.shape}"
    if yours.ndim == expected.ndim + 1 and yours.shape[1:] == expected.shape:
        if close(yours.sum(axis=0), expected):
            return batch
    if yours.size == expected.size and close(yours.reshape(expected.shape), expected):
        return f"right values, but shape {yours.shape} instead of {expected.shape}"
    return f"expected shape {expected.shape}, yours is {yours.shape}"


def _whole_shape_label(problem, check):
    """The label for a result whose layout is wrong as a whole (e.g. 3 values instead of 2)."""
    if problem.layout == "tuple":
        n = len(problem.value_parts)
        return SHAPE, f"return exactly {n} values (a tuple): {', '.join(problem.value_parts)}, in that order"
    right = check.yours is not None and close(check.yours, check.expected)
    return SHAPE, ("right values in the wrong shape: " if right else "") + HINTS[SHAPE]


def _kind_label(problem, check):
    """The label for a part that failed without a comparable value."""
    if check.kind == "error":
        label = NOT_DONE if check.detail.startswith("NotImplementedError") else RAISED
    elif check.kind == "shape" and check.whole:
        return _whole_shape_label(problem, check)
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
    """The constant c with yours = c · expected at every failing case, or None (never about 1)."""
    yours = np.ravel(np.asarray(checks[failing[0]].yours, dtype=float))
    expected = np.ravel(np.asarray(checks[failing[0]].expected, dtype=float))
    j = int(np.argmax(np.abs(expected)))
    if abs(expected[j]) < 1e-12 or not np.isfinite(yours[j]):
        return None
    c = float(yours[j] / expected[j])
    if abs(c) < 1e-9 or abs(abs(c) - 1.0) < 1e-2:
        return None
    return c if _matches(checks, failing, {k: c * np.asarray(checks[k].expected) for k in failing}) else None


def _generic(problem, cases, grid, part, failing):
    """Swapped parts, flipped sign, factor n, 1/n or a constant: (label, hint) or None."""
    checks = grid[part]
    for other in problem.value_parts:
        if other != part and not all(c.ok for c in grid[other]) and _matches(
                checks, failing, {k: grid[other][k].expected for k in failing}):
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


def _diverged(check):
    """Whether the student's value is nan or inf where the expected one is finite."""
    yours = np.asarray(check.yours, dtype=float)
    return not np.all(np.isfinite(yours)) and bool(np.all(np.isfinite(np.asarray(check.expected, dtype=float))))


def _known_wrong(problem, grid, part, failing, wrong_answers):
    """The first typical wrong answer the student's values match, as (label, hint), or None."""
    index = problem.value_parts.index(part)
    for wrong in wrong_answers:
        if part in wrong.hints:
            targets = {k: wrong.values[k][index] for k in failing}
            if _matches(grid[part], failing, targets):
                return wrong.label, wrong.hints[part]
    return None


def _diagnose_part(problem, cases, grid, part, wrong_answers):
    checks = grid[part]
    failing = [k for k, check in enumerate(checks) if not check.ok]
    if problem.elementwise and _scalar_only(cases, checks):
        return SCALAR_ONLY, _hint(problem, SCALAR_ONLY)
    if any(checks[k].kind is not None for k in failing):
        return _kind_label(problem, next(checks[k] for k in failing if checks[k].kind is not None))
    found = _known_wrong(problem, grid, part, failing, wrong_answers)
    if _diverged(checks[failing[0]]) and (found is None or found[0] == MEAN):
        return DIVERGED, _hint(problem, DIVERGED)
    return found or _generic(problem, cases, grid, part, failing)


def diagnose(problem, cases, grid, wrong_answers=()):
    """The likely misconception behind each wrong part.

    Args:
        problem: The ``Problem``.
        cases: The cases, in order.
        grid: Maps each part to its ``Check`` list, one per case.
        wrong_answers: The problem's ``WrongAnswer`` values at these cases (from the answer key).

    Returns:
        A dict from each wrong part to ``(label, hint)``, or to None when nothing is recognised.
    """
    found = {}
    for part, checks in grid.items():
        if not all(check.ok for check in checks):
            try:
                found[part] = _diagnose_part(problem, cases, grid, part, wrong_answers)
            except Exception:  # a diagnosis must never stop the grading
                found[part] = None
    return found
