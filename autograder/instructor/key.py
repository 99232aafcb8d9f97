"""The answer key (instructor side): what is right, and what each typical mistake gives, at given cases.

``build(name, cases)`` runs the spec's reference and typical mistakes at the cases and keeps only
their numbers, with the problem's student-side description, as plain JSON data (the sandbox codec).
``assess`` needs nothing else, so a student's kernel checks the public cases from ``public_key.json``
without the reference code.

Regenerate the shipped file after changing a spec (``python -m autograder release`` does it)::

    python -m autograder.instructor.key          # writes autograder/student/public_key.json
    python -m autograder.instructor.key --check  # exit status 1 if the file is stale
"""

import argparse
import copy
import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..sandbox import codec
from ..student.problems import MISSING, PUBLIC_KEY, Case, case_data, split
from . import derived
from .specs import SPECS, spec

__all__ = ["PUBLIC_KEY", "build", "public_key", "write", "stale", "main"]


def _value(v):
    """A part's value as JSON data: a float, a float array, or None when there is none."""
    if v is None or v is MISSING:
        return None
    a = np.asarray(v, dtype=float)
    return codec.encode(float(a) if a.ndim == 0 else a)


def _parts(problem, fn, case):
    """The value parts of ``fn`` at ``case`` as data."""
    with np.errstate(all="ignore"):
        out = fn(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
    return [_value(v) for v in split(problem, out)]


def _wrong_parts(problem, fn, case):
    """Like ``_parts`` for a wrong variant: None for every part it cannot give."""
    try:
        return _parts(problem, fn, case)
    except Exception:
        return [None] * len(problem.value_parts)


def build(name: str, case_list: Sequence[Case]) -> dict:
    """The answer key of problem ``name`` at ``case_list``.

    Returns:
        JSON-able data: ``problem`` (the student-side description), ``expected`` (per case, one
        value per value part) and ``wrong`` (per typical mistake: ``label``, ``hints`` by part and
        its ``values`` per case).
    """
    one = spec(name)
    problem = one.problem
    wrong = [
        {
            "label": m.label,
            "hints": dict(m.hints),
            "values": [_wrong_parts(problem, m.fn, c) for c in case_list],
        }
        for m in [*one.mistakes, *derived.mistakes(one)]
    ]
    return {
        "problem": problem.to_data(),
        "expected": [_parts(problem, one.reference, c) for c in case_list],
        "wrong": wrong,
    }


def public_key() -> dict:
    """The data of ``public_key.json``: every problem's public cases and their answer key."""
    out = {}
    for name in SPECS:
        case_list = list(spec(name).public())
        out[name] = {"cases": [case_data(c) for c in case_list], "key": build(name, case_list)}
    return json.loads(json.dumps(out, allow_nan=False))


def write(path: str | Path = PUBLIC_KEY) -> None:
    """Write ``public_key()`` to ``path`` (one problem per block, readable in a diff)."""
    Path(path).write_text(json.dumps(public_key(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _same(a, b):
    """Equal JSON data, floats within a relative 1e-9 or an absolute 1e-12: what one machine's BLAS rounds
    differently from another's (a sum that is zero but for rounding, a finite difference that divides
    rounding by its step) is not staleness."""
    if type(a) is float or type(b) is float:
        return (
            type(a) in (int, float)
            and type(b) in (int, float)
            and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
        )
    if type(a) is dict and type(b) is dict:
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if type(a) is list and type(b) is list:
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def stale(path: str | Path = PUBLIC_KEY) -> list[str]:
    """Names of the problems whose entry in ``path`` differs from what the instructor side computes now."""
    try:
        shipped = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return sorted(SPECS)
    fresh = public_key()
    return sorted(n for n in set(fresh) | set(shipped) if not _same(fresh.get(n), shipped.get(n)))


def main(argv: list[str] | None = None) -> int:
    """``python -m autograder.key [--check] [--path FILE]``; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m autograder.instructor.key", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--check", action="store_true", help="only report whether the file is stale")
    parser.add_argument("--path", default=str(PUBLIC_KEY), help="the file (default: the shipped one)")
    args = parser.parse_args(argv)
    if args.check:
        bad = stale(args.path)
        print("\n".join(f"stale: {n}" for n in bad) or f"{args.path} is in sync")
        return 1 if bad else 0
    write(args.path)
    print(f"wrote {args.path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
