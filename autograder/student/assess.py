"""Compare a student's outcomes with an answer key and explain what is wrong.

``assess`` works on data only: the outcomes (from ``sandbox.call.run_case``) and the answer key
(from ``instructor.key.build``: the problem's description, expected values and the values of typical
wrong answers). The trusted grader builds the key itself; a notebook's self-check reads the public one
from ``public_key.json``.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..sandbox import codec
from . import mistakes
from .mistakes import Check, WrongAnswer
from .numerics import close
from .problems import MISSING, UNCHANGED, Case, Problem, ResultError, arg_names, split

__all__ = ["Assessment", "assess", "count_with_hidden"]

_NUMPY_NUMBERS = (np.integer, np.floating)


@dataclass
class Assessment:
    """The verdict on one function: points, which parts are right, and why not."""

    name: str
    points: float
    max_points: float
    part_ok: list
    misconceptions: list
    message: str


def _is_number(v):
    t = type(v)
    return (
        t in (int, float)
        or (issubclass(t, _NUMPY_NUMBERS) and t.__module__ == "numpy")
        or (t is np.ndarray and v.dtype.kind in "iuf")
    )


def _describe(v):
    """Words for a value that is not what was asked for."""
    if codec.is_opaque(v):
        size = " (too large to check)" if v.get("too_large") else ""
        return f"an object of type {v['__type__']}{size}"
    if type(v) is np.ndarray:
        return f"a NumPy array of shape {v.shape} and dtype {v.dtype}"
    name = type(v).__name__
    return "None" if v is None else f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def _expected_words(expected):
    e = np.asarray(expected)
    return "a float" if e.ndim == 0 else f"a NumPy array of shape {e.shape}"


def _compare(yours, expected):
    """Check one part's value against the expected one."""
    if yours is MISSING:
        return Check(None, expected, False, "missing", "no such key in the dict")
    if yours is None:
        return Check(None, expected, False, "none", "None")
    if not _is_number(yours):
        return Check(None, expected, False, "type", _describe(yours))
    y, e = np.asarray(yours), np.asarray(expected, dtype=float)
    if y.shape == e.shape and (e.ndim == 0 or type(yours) is np.ndarray):
        return Check(yours, expected, close(y, e))
    if e.ndim > 0 and type(yours) is not np.ndarray:  # a number where an array is due: kept for diagnosis
        return Check(yours, expected, False, "type", _describe(yours))
    return Check(yours, expected, False, "shape", f"an array of shape {y.shape}")


def _whole_failure(outcome):
    """A ``(kind, detail, result)`` for an outcome with no usable result, else ``(None, "", result)``."""
    if type(outcome) is not dict:
        return "type", "something that could not be read", None
    if outcome.get("error"):
        return "error", str(outcome["error"]), None
    try:
        result = codec.decode(outcome.get("result"))
    except ValueError:
        return "type", "something that could not be read", None
    if result is None:
        return "none", "None", None
    if codec.is_opaque(result):
        return "type", _describe(result), None
    return None, "", result


def _value_checks(problem, expected, outcome):
    """One ``Check`` per value part; ``whole`` is True when the result as a whole failed."""
    kind, detail, result = _whole_failure(outcome)
    values = None
    if kind is None:
        try:
            return [_compare(y, e) for y, e in zip(split(problem, result), expected)], False
        except ResultError as exc:
            kind, values = exc.kind, exc.values
            detail = str(exc) if kind == "shape" else _describe(result)
    values = values or [None] * len(expected)
    return [Check(v, e, False, kind, detail, True) for v, e in zip(values, expected)], True


def _unchanged_check(problem, case, outcome, whole):
    """The ``UNCHANGED`` part: the call returned (``whole`` is None) and left its inputs alone."""
    if whole is not None:
        return Check(None, whole.expected, False, whole.kind, whole.detail, True)
    before = json.loads(json.dumps(codec.encode(tuple(case.args))))["__tuple__"]
    after = outcome.get("inputs_after") if type(outcome) is dict else None
    after = after.get("__tuple__") if type(after) is dict else None
    if after is None or len(after) != len(before):
        return Check(None, None, False, "mutated", "the inputs could not be read after the call")
    changed = [n for n, b, a in zip(arg_names(problem), before, after) if a != b]
    if changed:
        return Check(None, None, False, "mutated", f"{', '.join(changed)} changed by the call")
    return Check(None, None, True)


def _case_checks(problem, case, outcome, expected):
    """One ``Check`` per part of ``problem`` (in order) for one case."""
    checks, whole = _value_checks(problem, expected, outcome)
    if UNCHANGED in problem.parts:
        checks.append(_unchanged_check(problem, case, outcome, checks[0] if whole else None))
    return checks


def _num(v):
    return f"{float(v): .10g}"


def _first_bad_element(check):
    """``(where, yours, expected)`` of the first mismatching element of a numeric check."""
    y, e = np.asarray(check.yours, dtype=float), np.asarray(check.expected, dtype=float)
    if e.ndim == 0:
        return "", y, e
    bad = [i for i in np.ndindex(e.shape) if not close(y[i], e[i])] or [next(np.ndindex(e.shape))]
    return f", element {list(bad[0])}", y[bad[0]], e[bad[0]]


def _whole_expected(problem, check):
    n = len(problem.value_parts)
    words = {
        "tuple": f"a tuple of {n} values",
        "vector": f"a NumPy array of shape ({n},)",
        "dict": f"a dict with keys {', '.join(problem.keys)}",
    }
    return words.get(problem.layout) or _expected_words(check.expected)


def _block(problem, part, check, finding):
    """``(where suffix, lines)`` explaining one failing check."""
    where, lines = "", []
    if check.kind is None:
        where, y, e = _first_bad_element(check)
        lines = [f"yours:    {_num(y)}", f"expected: {_num(e)}"]
    elif check.kind == "error":
        lines = [f"raised:   {check.detail}"]
    elif check.kind == "mutated":
        lines = [f"yours:    {check.detail}", "expected: inputs left as they were"]
    else:
        expected = _whole_expected(problem, check) if check.whole else _expected_words(check.expected)
        lines = [f"yours:    {check.detail}", f"expected: {expected}"]
    if finding and finding[0] == mistakes.NEUTRAL:
        lines.append(f"check:    {finding[1]}")
    elif finding:
        label, hint = finding
        lines.append(f"likely:   {label}" + (f" — {hint}" if hint else ""))
    return where, lines


def _points_text(points, max_pts):
    return f"{points:g} / {max_pts:g} point{'' if max_pts == 1 else 's'}"


def _message(problem, cases, grid, found, points, max_pts, hidden):
    """The feedback text: a header line, then one block per wrong part (merged when equal)."""
    wrong = [p for p in problem.parts if not all(c.ok for c in grid[p])]
    n = len(problem.parts)
    score = _points_text(points, max_pts)
    if not wrong:
        what = "the result matches" if n == 1 else f"all {n} parts match"
        where = f"{len(cases)} {'hidden' if hidden else 'public'} point{'s' if len(cases) > 1 else ''}"
        return f"{problem.signature}: {what} the reference at {where} — {score}"
    blocks = {}
    for part in wrong:
        k = next(i for i, c in enumerate(grid[part]) if not c.ok)
        where, lines = _block(problem, part, grid[part][k], found.get(part))
        blocks.setdefault((k, where, tuple(lines)), []).append(part)
    out = [f"{problem.signature}: {len(wrong)} of {n} part{'s' if n > 1 else ''} wrong — {score}"]
    for (k, where, lines), parts in blocks.items():
        out.append(
            f"  {', '.join(parts)} {'is' if len(parts) == 1 else 'are'} wrong at {cases[k].label}{where}"
        )
        out.extend(f"    {line}" for line in lines)
    return "\n".join(out)


def _read_key(problem, key, n_cases):
    """``(expected, wrong answers)`` decoded from the answer key's data."""

    def values(per_case):
        return [[None if v is None else codec.decode(v) for v in parts] for parts in per_case]

    expected = values(key["expected"])
    wrong = [WrongAnswer(str(w["label"]), dict(w["hints"]), values(w["values"])) for w in key["wrong"]]
    n_parts = len(problem.value_parts)
    if len(expected) != n_cases or any(len(v) != n_parts for w in wrong for v in [*w.values, *expected]):
        raise ValueError(f"the answer key does not fit {n_cases} cases of {problem.signature}")
    return expected, wrong


def assess(
    name: str, cases: Sequence[Case], outcomes: Sequence[dict | None], key: dict, hidden: bool = False
) -> "Assessment":
    """Grade the outcomes of ``name`` at ``cases`` against the answer key.

    Args:
        name: The problem's name (the key describes the problem; the two must agree).
        cases: The ``Case`` list the outcomes come from.
        outcomes: One ``run_case`` dict per case (after a JSON round trip).
        key: The answer key at these cases, as made by ``instructor.key.build`` (plain JSON data).
        hidden: Whether these are the hidden cases (sets the points at stake).

    Returns:
        An ``Assessment``; a part earns its share of the points only if it is right at every case.
    """
    problem = Problem.from_data(key["problem"])
    if problem.name != name:
        raise ValueError(f"the answer key is for {problem.name}, not {name}")
    if len(outcomes) != len(cases):
        raise ValueError(f"{len(outcomes)} outcomes for {len(cases)} cases")
    expected, wrong = _read_key(problem, key, len(cases))
    grid = {part: [] for part in problem.parts}
    for case, outcome, values in zip(cases, outcomes, expected):
        for part, check in zip(problem.parts, _case_checks(problem, case, outcome, values)):
            grid[part].append(check)
    part_ok = [all(c.ok for c in grid[p]) for p in problem.parts]
    if not any(ok for p, ok in zip(problem.parts, part_ok) if p != UNCHANGED):
        part_ok = [False] * len(part_ok)  # leaving the inputs alone earns nothing without a right value
    found = mistakes.diagnose(problem, cases, grid, wrong)
    labels = list(dict.fromkeys(f[0] for f in found.values() if f and f[0] != mistakes.NEUTRAL))
    max_pts = problem.max_points(hidden)
    points = round(max_pts * sum(part_ok) / len(part_ok), 2)
    message = _message(problem, cases, grid, found, points, max_pts, hidden)
    return Assessment(name, points, max_pts, part_ok, labels, message)


def count_with_hidden(public: "Assessment", hidden: "Assessment") -> "Assessment":
    """The public verdict counting only the parts that are also right at the hidden cases.

    The trusted grader applies it (it alone knows both): a lookup table of ``public_key.json`` is
    right at the public cases only, so it earns nothing. The self-check cannot apply it.

    Args:
        public: The ``Assessment`` at the public cases.
        hidden: The ``Assessment`` of the same function at the hidden cases.

    Returns:
        A new ``Assessment`` (``public`` itself when nothing changes).
    """
    kept = [p and h for p, h in zip(public.part_ok, hidden.part_ok)]
    if kept == list(public.part_ok):
        return public
    points = round(public.max_points * sum(kept) / len(kept), 2)
    lost = sum(public.part_ok) - sum(kept)
    note = (
        f"\n  public points count only for parts that are also right at the hidden points: "
        f"{lost} part{'s' if lost > 1 else ''} right here but wrong there — "
        f"{_points_text(points, public.max_points)}"
    )
    return Assessment(
        public.name, points, public.max_points, kept, public.misconceptions, public.message + note
    )
