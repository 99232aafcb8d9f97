"""Generic relationships between a student's values and the expected ones, found from the numbers.

Each detector looks at one wrong part over the failing cases and answers only when the evidence
is unambiguous: enough distinct values that the relationship could not hold by chance. They know
nothing about a particular problem or variant, only numbers, shapes and argument names, so they
also recognise mistakes nobody wrote a variant for. No reference code here: this ships to students.

The pairs they work on are ``(yours, expected)`` float arrays, one per failing case.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from .numerics import close

if TYPE_CHECKING:
    from .mistakes import Check
    from .problems import Case

__all__ = [
    "pairs",
    "distinct",
    "same",
    "affine",
    "rounding",
    "cycle",
    "elements_permuted",
    "other_part",
    "affine_in_other",
    "right_only_at_default",
    "non_finite",
    "negative_inputs",
    "transposed",
]

MIN_DISTINCT = 3
"""Distinct expected values an affine fit needs (two unknowns and one to check them)."""

HUGE = 1e6
"""A value this many times larger than the expected one (plus one) has blown up."""


def pairs(checks: Sequence[Check], failing: Sequence[int]) -> list[tuple[np.ndarray, np.ndarray]]:
    """``(yours, expected)`` as flat float arrays for each failing case with comparable values."""
    out = []
    for k in failing:
        if checks[k].yours is None or checks[k].kind is not None:
            continue
        y = np.ravel(np.asarray(checks[k].yours, dtype=float))
        e = np.ravel(np.asarray(checks[k].expected, dtype=float))
        if y.shape == e.shape:
            out.append((y, e))
    return out


def _stack(pair_list):
    if not pair_list:
        return np.zeros(0), np.zeros(0)
    return np.concatenate([y for y, _ in pair_list]), np.concatenate([e for _, e in pair_list])


def distinct(values: ArrayLike, tol: float = 1e-6) -> int:
    """How many values differ from each other by more than ``tol`` relative."""
    v = np.sort(np.asarray(values, dtype=float)[np.isfinite(values)])
    if v.size == 0:
        return 0
    gaps = np.diff(v) > tol * np.maximum(1.0, np.abs(v[1:]))
    return 1 + int(np.count_nonzero(gaps))


def same(yours: object, target: object) -> bool:
    """Whether ``yours`` equals ``target`` (same shape, within the grader's tolerance)."""
    y, t = np.asarray(yours, dtype=float), np.asarray(target, dtype=float)
    return y.shape == t.shape and bool(np.all(np.isfinite(y))) and close(y, t)


def affine(pair_list: list[tuple[np.ndarray, np.ndarray]]) -> tuple[float, float] | None:
    """``(a, b)`` with yours = a·expected + b at every failing element, or None.

    Needs ``MIN_DISTINCT`` distinct expected values; ``b`` is snapped to 0 and ``a`` to 1
    when that still fits, so a pure factor or a pure offset reads as such.
    """
    yours, expected = _stack(pair_list)
    if yours.size == 0 or not np.all(np.isfinite(yours)) or not np.all(np.isfinite(expected)):
        return None
    if distinct(expected) < MIN_DISTINCT:
        return _factor_only(yours, expected)
    A = np.column_stack([expected, np.ones_like(expected)])
    (a, b), *_ = np.linalg.lstsq(A, yours, rcond=None)
    for a_try, b_try in ((a, 0.0), (1.0, b), (a, b)):
        if same(yours, a_try * expected + b_try):
            return float(a_try), float(b_try)
    return None


def _factor_only(yours, expected):
    """``(c, 0)`` from two or more distinct non-zero expected values, else None."""
    nonzero = np.abs(expected) > 1e-9
    if distinct(expected[nonzero]) < 2:
        return None
    c = float(np.dot(yours, expected) / np.dot(expected, expected))
    return (c, 0.0) if same(yours, c * expected) else None


def rounding(pair_list: list[tuple[np.ndarray, np.ndarray]]) -> str | None:
    """``"rounded"``, ``"truncated"`` or ``"floored"`` when yours is the expected value made an
    integer that way at every failing element (and that visibly changed at least two of them)."""
    yours, expected = _stack(pair_list)
    if yours.size == 0 or not np.all(np.isfinite(yours)) or not np.all(np.isfinite(expected)):
        return None
    changed = (np.abs(expected - np.round(expected)) > 1e-6) & (np.abs(expected) >= 0.5)
    if np.count_nonzero(changed) < 2 or not np.all(yours == np.round(yours)):
        return None
    for word, fn in (("rounded", np.round), ("truncated", np.trunc), ("floored", np.floor)):
        if np.array_equal(yours, fn(expected)):
            return word
    return None


def _part_matches(grid, i, j):
    """Whether part ``i``'s values equal part ``j``'s expected values at every case (a value of the
    wrong type or shape for part ``i`` counts: it may have the shape of part ``j``)."""
    checks_i, checks_j = grid[i], grid[j]
    return all(
        ci.kind in (None, "type", "shape")
        and not ci.whole
        and ci.yours is not None
        and same(ci.yours, cj.expected)
        for ci, cj in zip(checks_i, checks_j)
    )


def cycle(grid: dict[str, list[Check]], parts: Sequence[str], part: str) -> list[str] | None:
    """The parts ``[part, p1, …]`` whose values are passed on round a cycle of wrong parts
    (yours of each is the expected of the next, the last's is ``part``'s), or None."""
    wrong = {p for p in parts if not all(c.ok for c in grid[p])}

    def walk(path):
        for nxt in parts:
            if nxt == path[-1] or not _part_matches(grid, path[-1], nxt):
                continue
            if nxt == part:
                return path
            if nxt in wrong and nxt not in path:
                found = walk(path + [nxt])
                if found:
                    return found
        return None

    return walk([part]) if part in wrong else None


def other_part(grid: dict[str, list[Check]], parts: Sequence[str], part: str) -> str | None:
    """A right part whose expected values ``part`` holds at every case, or None."""
    for other in parts:
        if other != part and all(c.ok for c in grid[other]) and _part_matches(grid, part, other):
            values = [np.ravel(np.asarray(c.expected, dtype=float)) for c in grid[other]]
            if distinct(np.concatenate(values)) >= 2:
                return other
    return None


def elements_permuted(pair_list: list[tuple[np.ndarray, np.ndarray]]) -> bool:
    """Whether yours holds the expected elements in another order at every failing case."""
    if not pair_list or any(y.size < 2 for y, _ in pair_list):
        return False
    for yours, expected in pair_list:
        if distinct(expected) < 2 or not same(np.sort(yours), np.sort(expected)):
            return False
    return True


def transposed(yours: object, expected: object) -> bool:
    """Whether ``yours`` is the transpose of the non-square 2-D ``expected`` (a square one that is
    transposed has the right shape: its elements are then permuted, see ``elements_permuted``)."""
    y, e = np.asarray(yours, dtype=float), np.asarray(expected, dtype=float)
    return e.ndim == 2 and e.shape[0] != e.shape[1] and y.shape == e.shape[::-1] and same(y, e.T)


def affine_in_other(
    grid: dict[str, list[Check]], part: str, other: str, failing: Sequence[int]
) -> tuple[float, float] | None:
    """``(a, b)``, a ≠ 0, with yours − expected = a·(other's expected) + b at every failing case."""
    diffs, others = [], []
    for k in failing:
        c, o = grid[part][k], grid[other][k]
        if c.kind is not None or c.yours is None or np.shape(c.yours) != np.shape(o.expected):
            return None
        diffs.append(np.ravel(np.asarray(c.yours, dtype=float) - np.asarray(c.expected, dtype=float)))
        others.append(np.ravel(np.asarray(o.expected, dtype=float)))
    d, o = np.concatenate(diffs), np.concatenate(others)
    if not np.all(np.isfinite(d)) or distinct(o) < MIN_DISTINCT:
        return None
    A = np.column_stack([o, np.ones_like(o)])
    (a, b), *_ = np.linalg.lstsq(A, d, rcond=None)
    scale = np.max(np.abs(np.concatenate([np.ravel(np.asarray(grid[part][k].expected)) for k in failing])))
    if abs(a) < 1e-3 or not np.allclose(a * o + b, d, rtol=1e-6, atol=1e-9 * max(1.0, scale)):
        return None
    for a_try in (round(a), round(2 * a) / 2):
        if a_try and np.allclose(a_try * o + b, d, rtol=1e-6, atol=1e-9 * max(1.0, scale)):
            return float(a_try), float(b)
    return float(a), float(b)


def right_only_at_default(cases: Sequence[Case], checks: Sequence[Check], name: str) -> bool:
    """Whether the part is right at every case that leaves keyword ``name`` at its default and
    wrong at every case that passes it (at least one of each)."""
    given = [name in c.kwargs for c in cases]
    if all(given) or not any(given):
        return False
    return all(ch.ok != g for ch, g in zip(checks, given))


def non_finite(checks: Sequence[Check], failing: Sequence[int]) -> str | None:
    """``"inf"``, ``"huge"`` (finite but blown up), ``"nan"`` (nan, all else tame) or None."""
    nan = huge = False
    for k in failing:
        c = checks[k]
        if c.kind is not None or c.yours is None:
            continue
        y, e = np.asarray(c.yours, dtype=float), np.asarray(c.expected, dtype=float)
        if y.shape != e.shape or not np.all(np.isfinite(e)):
            continue
        if np.any(np.isinf(y)):
            return "inf"
        finite = np.isfinite(y)
        huge |= bool(np.any(np.abs(y[finite]) > HUGE * (1 + np.abs(e[finite]))))
        nan |= bool(np.any(np.isnan(y)))
    return "huge" if huge else ("nan" if nan else None)


def negative_inputs(case: Case, elementwise: bool = False, yours: object = None) -> bool:
    """Whether the case has a negative number among its inputs; for an elementwise problem,
    whether every nan of ``yours`` sits where some input is negative."""
    numbers = [np.asarray(a, dtype=float) for a in case.args if _numeric(a)]
    if not elementwise or yours is None:
        return any(np.any(v < 0) for v in numbers)
    nan = np.isnan(np.asarray(yours, dtype=float))
    negative = np.zeros(nan.shape, dtype=bool)
    for v in numbers:
        if v.shape in ((), nan.shape):
            negative = negative | (v < 0)
    return bool(np.any(nan)) and bool(np.all(negative[nan]))


def _numeric(a):
    if isinstance(a, (bool, np.bool_)):
        return False
    if isinstance(a, (int, float, np.integer, np.floating)):
        return True
    return isinstance(a, (list, tuple, np.ndarray)) and np.asarray(a).dtype.kind in "iuf"
