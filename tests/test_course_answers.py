"""The teaching helpers in course/ hold no graded answer: none passes a graded problem's hidden checks."""

import importlib
import inspect
import pkgutil

import pytest

import course
from autograder.instructor import SPECS

from conftest import grade_fn

GRADED = [name for name, spec in SPECS.items() if sum(spec.points)]


def _helpers():
    """Every public function defined in a module of ``course``."""
    found = []
    for info in pkgutil.iter_modules(course.__path__):
        module = importlib.import_module(f"course.{info.name}")
        found += [
            (f"course.{info.name}.{n}", f)
            for n, f in inspect.getmembers(module, inspect.isfunction)
            if f.__module__ == module.__name__ and not n.startswith("_")
        ]
    return found


def _required(fn):
    return sum(
        p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        for p in inspect.signature(fn).parameters.values()
    )


def _candidates():
    """(problem, helper) pairs whose number of required arguments could fit the problem's signature."""
    pairs = []
    for name in GRADED:
        needed = _required(SPECS[name].reference)
        pairs += [(name, label, fn) for label, fn in _helpers() if _required(fn) == needed]
    return pairs


@pytest.mark.parametrize("name, label, fn", _candidates(), ids=[f"{n}-{lab}" for n, lab, _ in _candidates()])
def test_no_course_helper_answers_a_graded_problem(name, label, fn):
    result = grade_fn(name, fn, hidden=True)
    assert not all(result.part_ok), f"{label} passes the hidden checks of {name}"


def test_a_helper_that_answered_would_be_caught():
    """Negative twin: the same check flags a helper that is a graded answer."""
    result = grade_fn("partials_xyz", SPECS["partials_xyz"].reference, hidden=True)
    assert all(result.part_ok)
