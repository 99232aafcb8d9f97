"""What each graded function returns and how its result splits into parts (no answers, no hidden points).

The descriptions are generated from the instructor's specs (``autograder.instructor.specs``) and
travel inside every answer key: ``public_key.json`` holds the public ones, and the trusted grader's
keys hold the same data. Nothing here knows a reference value or a hidden case.
"""

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..sandbox import codec

__all__ = [
    "UNCHANGED",
    "MISSING",
    "Problem",
    "Case",
    "ResultError",
    "PUBLIC_KEY",
    "public_data",
    "public_problems",
    "arg_names",
    "split",
    "case_data",
    "case_from_data",
]

PUBLIC_KEY = Path(__file__).with_name("public_key.json")
"""The public cases of every problem with their answer key, shipped to students (``instructor.key``)."""

UNCHANGED = "inputs unchanged"
"""Name of the part checking that the function did not modify its inputs."""


@dataclass(frozen=True)
class Problem:
    """One graded function, as students may see it.

    ``layout`` says how a result splits into parts: ``"tuple"`` (one item per part),
    ``"vector"`` (an array, one element per part), ``"array"``/``"scalar"`` (the whole
    result is the first part) or ``"dict"`` (one key per part, ``keys``). ``points`` maps
    ``"public"`` and ``"hidden"`` to the points at stake; ``hints`` maps a generic
    misconception label to this problem's wording of its hint.
    """

    name: str
    signature: str
    parts: tuple
    layout: str
    keys: tuple = ()
    elementwise: bool = False
    batch_arg: int | None = None
    points: dict = field(default_factory=lambda: {"public": 1, "hidden": 2})
    hints: dict = field(default_factory=dict)

    @property
    def value_parts(self) -> tuple[str, ...]:
        """The parts compared with the reference (all but ``UNCHANGED``)."""
        return tuple(p for p in self.parts if p != UNCHANGED)

    def max_points(self, hidden: bool = False) -> float:
        """Points a fully right function earns on the public or the hidden cases."""
        return self.points["hidden" if hidden else "public"]

    def to_data(self) -> dict:
        """The description as plain JSON data."""
        return {
            "name": self.name,
            "signature": self.signature,
            "parts": list(self.parts),
            "layout": self.layout,
            "keys": list(self.keys),
            "elementwise": self.elementwise,
            "batch_arg": self.batch_arg,
            "points": dict(self.points),
            "hints": dict(self.hints),
        }

    @classmethod
    def from_data(cls, data: dict) -> "Problem":
        """The ``Problem`` that ``to_data`` wrote."""
        return cls(
            str(data["name"]),
            str(data["signature"]),
            tuple(data["parts"]),
            str(data["layout"]),
            tuple(data["keys"]),
            bool(data["elementwise"]),
            data["batch_arg"],
            dict(data["points"]),
            dict(data["hints"]),
        )


@lru_cache(maxsize=1)
def public_data() -> dict:
    """The shipped public key, read once."""
    return json.loads(PUBLIC_KEY.read_text(encoding="utf-8"))


def public_problems() -> dict[str, Problem]:
    """Every problem's description, from the shipped public key: ``{name: Problem}``."""
    return {name: Problem.from_data(entry["key"]["problem"]) for name, entry in public_data().items()}


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


def case_data(case: Case) -> dict:
    """A ``Case`` as plain JSON data (the sandbox codec)."""
    return {
        "args": codec.encode(tuple(case.args)),
        "kwargs": codec.encode(dict(case.kwargs)),
        "label": case.label,
    }


def case_from_data(data: dict) -> Case:
    """The ``Case`` that ``case_data`` encoded."""
    return Case(tuple(codec.decode(data["args"])), dict(codec.decode(data["kwargs"])), str(data["label"]))


def arg_names(problem: Problem) -> tuple[str, ...]:
    """Argument names from the signature, e.g. ``("f", "point", "i", "h")``."""
    inside = problem.signature[problem.signature.index("(") + 1 : -1]
    return tuple(a.split("=")[0].strip() for a in inside.split(","))


def _is_sequence(result):
    return type(result) in (tuple, list) or (type(result) is np.ndarray and result.ndim >= 1)


def split(problem: Problem, result: object) -> list:
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
