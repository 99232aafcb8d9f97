"""Misconceptions, and how to recognise them from the numbers a student's function returned.

Each label is a module constant. ``diagnose`` looks at one wrong part over all cases:
first at how it failed (raised, returned None, wrong type or shape), then at the values of
the typical wrong answers of that problem (``WrongAnswer``, taken from the answer key that
``instructor.key`` computes from the specs and ``instructor.derived``), then at nan and inf
(divergence or a domain error), then at generic relationships (``detectors``: parts permuted,
flipped sign, a factor n, rounding, yours = a·expected + b, elements permuted, another variable
not held constant). When nothing is confident the finding is ``NEUTRAL``: no guess, only how to
find out. Only numbers come in: no reference code here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from . import detectors
from .numerics import close

if TYPE_CHECKING:
    from .problems import Case, Problem

__all__ = [
    "SIGN",
    "SWAPPED",
    "FACTOR",
    "CHAIN",
    "NOT_HELD",
    "MEAN",
    "SHAPE",
    "MUTATED",
    "SCALAR_ONLY",
    "FORWARD",
    "ASCENT",
    "INT_POINT",
    "TANH",
    "OFF_BY_ONE",
    "UNNORMALISED",
    "DROPPED",
    "TRIG",
    "NO_LR",
    "SEQUENTIAL",
    "IGNORED_ARGS",
    "NO_TANH",
    "TYPE",
    "NO_RETURN",
    "RAISED",
    "NOT_DONE",
    "WRONG_VAR",
    "INNER_VAR",
    "EXTRA_TERM",
    "IGNORED_H",
    "NORM_SQUARED",
    "DIVERGED",
    "TANH_AT_Z",
    "PERMUTED",
    "OTHER_PART",
    "OFFSET",
    "AFFINE",
    "ROUNDED",
    "DOMAIN",
    "LR_SCALE",
    "NEUTRAL",
    "LABELS",
    "HINTS",
    "Check",
    "WrongAnswer",
    "diagnose",
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
TANH_AT_Z = "tanh′ evaluated at the wrong value"
PERMUTED = "right values in the wrong places (elements permuted)"
OTHER_PART = "another part's value in this part's place"
OFFSET = "off by a constant term"
AFFINE = "off by a constant factor and a constant term"
ROUNDED = "rounded or truncated to an integer"
DOMAIN = "nan from a log or square root of a negative number"
LR_SCALE = "the learning rate is in effect halved or doubled"
NEUTRAL = "no typical mistake recognised"
"""Not a misconception: the finding when no detector is confident; its hint says how to find out."""

LABELS = (
    SIGN,
    SWAPPED,
    FACTOR,
    CHAIN,
    NOT_HELD,
    MEAN,
    SHAPE,
    MUTATED,
    SCALAR_ONLY,
    FORWARD,
    ASCENT,
    INT_POINT,
    TANH,
    OFF_BY_ONE,
    UNNORMALISED,
    DROPPED,
    TRIG,
    NO_LR,
    SEQUENTIAL,
    IGNORED_ARGS,
    NO_TANH,
    TYPE,
    NO_RETURN,
    RAISED,
    NOT_DONE,
    WRONG_VAR,
    INNER_VAR,
    EXTRA_TERM,
    IGNORED_H,
    NORM_SQUARED,
    DIVERGED,
    TANH_AT_Z,
    PERMUTED,
    OTHER_PART,
    OFFSET,
    AFFINE,
    ROUNDED,
    DOMAIN,
    LR_SCALE,
)

HINTS = {
    SIGN: "yours is minus the expected value: check each minus sign, inner derivatives included",
    MEAN: "the loss is a mean: divide the sum by n (np.mean does it)",
    SHAPE: "return an array with the shape of the expected result",
    MUTATED: "work on a copy (np.array(x, dtype=float) or x.copy()); never change the caller's arrays",
    SCALAR_ONLY: "use NumPy functions (np.sin, np.exp...) and no if-tests on the inputs,"
    " so it works elementwise",
    TYPE: "return the type asked for in the docstring",
    NO_RETURN: "the function ends without `return`",
    RAISED: "read the error: it names the operation that failed",
    NOT_DONE: "replace `raise NotImplementedError()` with your code",
    DIVERGED: "yours grew without bound (inf, nan or huge values): is the step too large,"
    " e.g. a sum where a mean is due?",
    SWAPPED: "return the parts in the order of the signature",
    PERMUTED: "check the order of indices: a transpose, a reversed loop or a misplaced index",
    OTHER_PART: "is this part computed with the other's formula, or the same variable returned twice?",
    ROUNDED: "keep floats: no int(), round() or integer array (np.zeros_like of an int array) on the way",
    DOMAIN: "a log or square root of a negative number: rewrite it so every input in the domain works "
    "(e.g. ln(u²) = 2·ln|u|, or keep u² together)",
    OFFSET: "a constant term was added or dropped: differentiate every term,"
    " and a constant's derivative is 0",
    AFFINE: "check each constant factor and each constant term",
    LR_SCALE: "check the constant in front of the gradient: a ½ in the loss, the 2 of the power rule,"
    " a sum or a mean",
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
    if expected.ndim == 0 and yours.size > 1 and close(yours.sum(), expected):
        return batch
    if expected.ndim == 0:
        return f"return a float, e.g. float(value), not an array of shape {yours.shape}"
    if yours.ndim == expected.ndim + 1 and yours.shape[1:] == expected.shape:
        if close(yours.sum(axis=0), expected):
            return batch
    if detectors.transposed(yours, expected):
        return f"right values, transposed: shape {yours.shape} instead of {expected.shape}"
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


def _arg_names(problem):
    inside = problem.signature[problem.signature.index("(") + 1 : -1]
    return tuple(a.split("=")[0].strip() for a in inside.split(","))


def _iterative(problem):
    return "steps" in _arg_names(problem)


def _is_partial(part):
    return part.startswith("∂") and "/∂" in part and not part.startswith("∂/")


def _permutation(problem, grid, part):
    """Parts passed round a cycle (any permutation), or a right part's value copied here."""
    parts = problem.value_parts
    ring = detectors.cycle(grid, parts, part)
    if ring:
        order = " → ".join([*ring, part])
        return SWAPPED, f"yours is the expected {ring[1]} (values passed round {order}): {HINTS[SWAPPED]}"
    other = detectors.other_part(grid, parts, part)
    if other:
        return OTHER_PART, f"yours is the value of {other}, which you also return right: {HINTS[OTHER_PART]}"
    return None


def _scaled(problem, pair_list):
    """Factor, constant offset, or both, from an affine fit: (label, hint) or None."""
    fit = detectors.affine(pair_list)
    if fit is None:
        return None
    a, b = fit
    if b == 0.0 and abs(a) > 1e-9 and abs(abs(a) - 1.0) >= 1e-2:
        default = "check the 2 from the power rule and any ½ or 1/n"
        return FACTOR, f"yours is {_nice(a)} × the expected value: {_hint(problem, FACTOR, default)}"
    if a == 1.0 and b != 0.0:
        return (
            OFFSET,
            f"yours − expected is the same constant ({b:.4g}) at every point: {_hint(problem, OFFSET)}",
        )
    if abs(a) > 1e-2 and abs(abs(a) - 1.0) >= 1e-2 or a == -1.0:
        return AFFINE, f"yours = {_nice(a)} × expected + {b:.4g} at every point: {_hint(problem, AFFINE)}"
    return None


def _not_held(problem, grid, part, failing):
    """yours − expected moves with another partial: the other variable was let vary too."""
    if problem.layout not in ("tuple", "vector") or not _is_partial(part):
        return None
    for other in problem.value_parts:
        if other != part and _is_partial(other):
            fit = detectors.affine_in_other(grid, part, other, failing)
            if fit is not None:
                variable = other.split("/∂")[-1]
                return NOT_HELD, (
                    f"yours − expected follows {other} at every point, as if {variable} changed "
                    f"too: hold every other variable constant (its derivative is 0)"
                )
    return None


def _sum_or_mean(problem, cases, checks, failing):
    if problem.batch_arg is None:
        return None
    n = {k: len(cases[k].args[problem.batch_arg]) for k in failing}
    if _matches(checks, failing, {k: n[k] * np.asarray(checks[k].expected) for k in failing}):
        return MEAN, "yours is n × the expected value: " + _hint(problem, MEAN)
    if _matches(checks, failing, {k: np.asarray(checks[k].expected) / n[k] for k in failing}):
        return FACTOR, "yours is 1/n × the expected value: divide by n only once"
    return None


def _values(problem, cases, checks, failing):
    """Relationships of the values themselves: sign, rounding, factor, offset, order."""
    pair_list = detectors.pairs(checks, failing)
    if _matches(checks, failing, {k: -np.asarray(checks[k].expected) for k in failing}):
        return SIGN, _hint(problem, SIGN)
    found = _sum_or_mean(problem, cases, checks, failing)
    if found:
        return found
    if "h" in _arg_names(problem) and detectors.right_only_at_default(cases, checks, "h"):
        return (
            IGNORED_H,
            "right where h is the default, wrong where another h is given: use the h you are given",
        )
    word = detectors.rounding(pair_list)
    if word:
        return ROUNDED, f"yours is the expected value {word} to an integer: {_hint(problem, ROUNDED)}"
    found = _scaled(problem, pair_list)
    if found:
        return found
    if detectors.elements_permuted(pair_list):
        return PERMUTED, _hint(problem, PERMUTED)
    return None


def _generic(problem, cases, grid, part, failing):
    """Patterns that hold for any problem: (label, hint) or None."""
    return (
        _permutation(problem, grid, part)
        or _values(problem, cases, grid[part], failing)
        or _not_held(problem, grid, part, failing)
    )


def _non_finite(problem, cases, checks, failing, found):
    """Divergence (iterative, or values blown up) told apart from a nan of a domain error."""
    kind = detectors.non_finite(checks, failing)
    if kind is None or (
        found is not None and (found[0] != MEAN or not _iterative(problem) or kind == "huge")
    ):
        return None  # a typical mistake matched value for value says more than "diverged"
    if _iterative(problem):
        return DIVERGED, _hint(problem, DIVERGED)
    if kind == "huge":
        return None  # finite values of a direct formula: the generic detectors may still explain them
    bad = [
        k
        for k in failing
        if checks[k].kind is None
        and checks[k].yours is not None
        and np.any(np.isnan(np.asarray(checks[k].yours, dtype=float)))
    ]
    if (
        kind == "nan"
        and bad
        and all(detectors.negative_inputs(cases[k], problem.elementwise, checks[k].yours) for k in bad)
    ):
        return DOMAIN, _hint(problem, DOMAIN)
    return NEUTRAL, _neutral_hint(problem, checks, failing)


def _neutral_hint(problem, checks, failing):
    """What is odd about yours (nan, or the same everywhere), then how to find out what is wrong."""
    y = [np.asarray(checks[k].yours, dtype=float) for k in failing if checks[k].kind is None]
    if any(not np.all(np.isfinite(v)) for v in y):
        lead = (
            "yours has nan or inf: look for 0/0, a division by zero, an overflow (exp of a large number)"
            " or a log of 0; "
        )
    elif len(y) > 1 and all(v.shape == y[0].shape and np.array_equal(v, y[0]) for v in y):
        lead = "yours is the same at every point, whatever the inputs: "
    else:
        lead = ""
    return lead + _how_to_find_out(problem)


def _how_to_find_out(problem):
    """A way to locate the mistake that fits the kind of function (never the expected formula)."""
    names, parts = _arg_names(problem), problem.value_parts
    if names[0] == "f":
        return (
            "try it on a function whose partials you know,"
            " e.g. f(v) = v[0]**2 + 3*v[1] at [2.0, 1.0] (4 and 3)"
        )
    if _iterative(problem):
        return (
            "run it with steps=1 and check that single update by hand,"
            " then print the loss each step: it should fall"
        )
    if "params" in names and "y" not in names:
        return (
            "follow one row of X stage by stage (pre-activation, activation, scores, output)"
            " and check each by hand"
        )
    if any(p.startswith(("∂J", "∂L", "∂/")) for p in parts):
        return (
            "compare each entry with numerical_partial of the loss at this point,"
            " one parameter changed at a time"
        )
    if any(_is_partial(p) for p in parts):
        return "compare with numerical_partial at that point, changing only this part's variable"
    if any(p.startswith("∇") for p in parts):
        return "compare each entry with numerical_partial at that point, one coordinate changed at a time"
    return "work out this case by hand, one line of your code at a time, and compare"


def _integers(checks, failing):
    """Whether every failing value of the student is a whole number (e.g. from an int array)."""
    values = [np.asarray(checks[k].yours, dtype=float) for k in failing]
    return all(np.all(np.isfinite(v)) and np.array_equal(v, np.trunc(v)) for v in values)


def _known_wrong(problem, grid, part, failing, wrong_answers):
    """The first typical wrong answer the student's values match, as (label, hint), or None.

    Whole-number values are also compared with each wrong answer truncated or rounded, as when
    that mistake's result is stored in an int array.
    """
    index = problem.value_parts.index(part)
    casts = [None]
    if _integers(grid[part], failing) and not detectors.rounding(detectors.pairs(grid[part], failing)):
        casts += [np.trunc, np.round]
    for cast in casts:
        for wrong in wrong_answers:
            if part in wrong.hints:
                targets = {k: _cast(cast, wrong.values[k][index]) for k in failing}
                if _informative(cast, targets) and _matches(grid[part], failing, targets):
                    return wrong.label, wrong.hints[part]
    return None


def _cast(cast, value):
    return value if cast is None or value is None else cast(np.asarray(value, dtype=float))


def _informative(cast, targets):
    """Uncast targets always; cast ones only when they are not all cut down to 0."""
    values = [np.ravel(v) for v in targets.values() if v is not None]
    return cast is None or (bool(values) and bool(np.any(np.abs(np.concatenate(values)) >= 1)))


def _diagnose_part(problem, cases, grid, part, wrong_answers):
    checks = grid[part]
    failing = [k for k, check in enumerate(checks) if not check.ok]
    if problem.elementwise and _scalar_only(cases, checks):
        return SCALAR_ONLY, _hint(problem, SCALAR_ONLY)
    if any(checks[k].kind is not None for k in failing):
        if all(checks[k].kind in (None, "type", "shape") and not checks[k].whole for k in failing):
            found = _permutation(problem, grid, part)  # parts swapped whose shapes differ
            if found and found[0] == SWAPPED:
                return found
        return _kind_label(problem, next(checks[k] for k in failing if checks[k].kind is not None))
    found = _known_wrong(problem, grid, part, failing, wrong_answers)
    return (
        _non_finite(problem, cases, checks, failing, found)
        or found
        or _generic(problem, cases, grid, part, failing)
        or (NEUTRAL, _neutral_hint(problem, checks, failing))
    )


def diagnose(
    problem: Problem,
    cases: Sequence[Case],
    grid: dict[str, list[Check]],
    wrong_answers: Sequence[WrongAnswer] = (),
) -> dict[str, tuple[str, str] | None]:
    """The likely misconception behind each wrong part.

    Args:
        problem: The ``Problem``.
        cases: The cases, in order.
        grid: Maps each part to its ``Check`` list, one per case.
        wrong_answers: The problem's ``WrongAnswer`` values at these cases (from the answer key).

    Returns:
        A dict from each wrong part to ``(label, hint)``; the label is ``NEUTRAL`` when nothing is
        recognised with confidence (None only if the diagnosis itself failed).
    """
    found = {}
    for part, checks in grid.items():
        if not all(check.ok for check in checks):
            try:
                found[part] = _diagnose_part(problem, cases, grid, part, wrong_answers)
            except Exception:  # a diagnosis must never stop the grading
                found[part] = None
    return found
