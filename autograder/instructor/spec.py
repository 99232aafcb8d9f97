"""A graded problem in one place: what students see, the reference, the cases and the typical mistakes.

Each module of ``autograder.instructor.specs`` defines ``SPECS``, a list of ``Spec``; the registry
(``specs/__init__.py``) collects them. A spec holds:

* the student-visible description: ``signature``, ``parts``, ``layout`` (see ``student.problems``),
  ``points`` (public, hidden) — the only source of points —, ``hints`` for generic labels;
* ``reference``: the right answer, with the signature students write;
* ``public()``: a few friendly cases (shipped with their answers in ``public_key.json``);
* ``hidden(rng)``: the hidden cases drawn from ``rng`` (seeded from the grading secret);
* ``mistakes``: typical wrong answers, each a function with the same signature, its label and a hint
  per part (hints teach the principle and never print the expected formula: ``forbidden`` lists, per
  part, the expressions of the answer that no message may contain, compared with spaces removed);
* ``derived``: whether the answer needs a derivation printed nowhere in the course (False for a
  function that transcribes a chapter's method; at least 80% of a set's points must be derived).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from ..sandbox.testfns import TestFunction
from ..student.problems import Case, Problem

__all__ = ["Mistake", "Spec", "case", "fmt", "label", "uniform", "scalar", "elementwise_cases"]


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer: ``fn`` has the problem's signature; ``hints`` maps part → hint."""

    label: str
    fn: object
    hints: dict


@dataclass(frozen=True)
class Spec:
    """One graded function (see the module docstring)."""

    name: str
    signature: str
    parts: tuple
    layout: str
    reference: object
    public: object
    hidden: object
    mistakes: tuple = ()
    points: tuple = (1, 2)
    hints: dict = field(default_factory=dict)
    keys: tuple = ()
    elementwise: bool = False
    batch_arg: int | None = None
    derived: bool = True
    forbidden: dict = field(default_factory=dict)

    @property
    def problem(self) -> Problem:
        """The student-side description (no reference, no cases, no seed)."""
        return Problem(
            self.name,
            self.signature,
            tuple(self.parts),
            self.layout,
            tuple(self.keys),
            self.elementwise,
            self.batch_arg,
            {"public": self.points[0], "hidden": self.points[1]},
            dict(self.hints),
        )


def fmt(v: object) -> str:
    """Short text for a number, list or array in a case label."""
    if isinstance(v, TestFunction):
        return v.name
    if isinstance(v, dict):
        return "params"
    if isinstance(v, np.ndarray) and (v.size > 4 or v.ndim > 1):
        return f"array of shape {v.shape}"
    if isinstance(v, (list, np.ndarray)):
        return "[" + ", ".join(fmt(x) for x in np.asarray(v, dtype=object).ravel()) + "]"
    return f"{v:g}" if isinstance(v, float) else str(v)


def label(names: tuple, args: tuple, kwargs: dict | None = None) -> str:
    """``"x=1, y=2"``: the text naming a case's inputs in messages."""
    items = list(zip(names, args)) + list((kwargs or {}).items())
    return ", ".join(f"{k}={fmt(v)}" for k, v in items)


def case(names: tuple, *args: object, **kwargs: object) -> Case:
    """A ``Case`` of the given arguments, labelled with their names."""
    return Case(tuple(args), dict(kwargs), label(names, args, kwargs))


def uniform(
    rng: np.random.Generator, lo: float, hi: float, size: int | tuple[int, ...] | None = None
) -> float | np.ndarray:
    """Uniform numbers rounded to 3 decimals (short labels, exact in every message)."""
    return np.round(rng.uniform(lo, hi, size), 3)


def scalar(rng: np.random.Generator, lo: float = -3.0, hi: float = 3.0) -> float:
    """One rounded uniform float."""
    return float(uniform(rng, lo, hi))


def elementwise_cases(
    names: tuple[str, ...],
    draw: Callable[[tuple[int, ...] | None], ArrayLike],
    n_scalar: int,
    shapes: Sequence[tuple[int, ...]],
) -> list[Case]:
    """``n_scalar`` scalar cases, then one array case per shape.

    ``draw(size)`` gives one argument's values.
    """
    out = [case(names, *[float(draw(None)) for _ in names]) for _ in range(n_scalar)]
    for shape in shapes:
        arrays = [np.asarray(draw(shape), dtype=float) for _ in names]
        out.append(Case(tuple(arrays), {}, f"{', '.join(names)} arrays of shape {shape}"))
    return out
