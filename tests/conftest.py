"""Shared fixtures, and the test tiers.

The answer keys are cached for the session. No global random state is seeded here: every case comes
from its own generator (public cases from fixed seeds, hidden ones from the grading secret), so a case
builder that used the global state would make ``test_cases_are_deterministic`` fail.

Tiers: a test that builds the book is marked ``book``, one that drives Chromium ``browser``, one that
runs nbgrader or the ``grade`` command ``nbgrader``, one that starts the sandbox ``sandbox``; every
tiered test is also ``slow``, which ``make test-fast`` leaves out. The tiers are read from the code of
the test and of its fixtures (and of the helpers in ``tests/`` they call), so no test file names them.
"""

import json
import types
from functools import cache
from pathlib import Path

import pytest

from autograder import jail
from autograder.instructor import cases as _cases
from autograder.instructor import key
from autograder.sandbox.call import run_case
from autograder.student.assess import assess

import book
import gradelib

SECRET = "tests-secret"
"""The grading secret of the unit tests (the real one is never in the repository)."""

TESTS = Path(__file__).resolve().parent
ENTRY_POINTS = {
    book.build: {"book"},
    gradelib.grade: {"nbgrader", "sandbox"},
    gradelib.run: {"nbgrader"},
    jail.run_submission: {"sandbox"},
}
"""What a test calls, directly or through a fixture or helper, and the tiers that puts it in."""
MODULE_PREFIXES = {"playwright": {"browser"}}
"""Modules whose import puts a test in a tier."""
TIERS = ("book", "browser", "nbgrader", "sandbox")


def _codes(code):
    """A code object and the code objects nested in it (inner functions, lambdas, comprehensions)."""
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _codes(const)


def _referenced(fn):
    """The names ``fn``'s code uses, and the objects they stand for (globals, and module attributes)."""
    names = {name for code in _codes(fn.__code__) for name in code.co_names}
    found = [fn.__globals__[name] for name in names if name in fn.__globals__]
    modules = [obj for obj in found if isinstance(obj, types.ModuleType)]
    found += [vars(m)[name] for m in modules for name in names if name in vars(m)]
    return names, found


def _is_test_helper(obj):
    return isinstance(obj, types.FunctionType) and Path(obj.__code__.co_filename).parent == TESTS


def tiers_of(functions):
    """The tiers of a test whose code (with its fixtures') is ``functions``.

    Follows the helpers defined in ``tests/`` that they call, down to the entry points.

    Args:
        functions: The test function and its fixtures' functions.

    Returns:
        The set of tier names.
    """
    tiers, seen, todo = set(), set(), list(functions)
    while todo:
        fn = todo.pop()
        if fn in seen:
            continue
        seen.add(fn)
        names, objects = _referenced(fn)
        tiers |= {t for name in names for p, ts in MODULE_PREFIXES.items() if name.startswith(p) for t in ts}
        for obj in objects:
            entry = ENTRY_POINTS.get(obj) if isinstance(obj, types.FunctionType) else None
            if entry:
                tiers |= entry
            elif _is_test_helper(obj):
                todo.append(obj)
    return tiers


def _functions(item):
    """The test function of ``item`` and the functions of the fixtures it uses."""
    defs = getattr(item, "_fixtureinfo", None)
    fixtures = [d.func for ds in (defs.name2fixturedefs.values() if defs else ()) for d in ds]
    return [f for f in (getattr(item, "function", None), *fixtures) if isinstance(f, types.FunctionType)]


def pytest_collection_modifyitems(config, items):
    """Mark every test with the tiers its code reaches, and ``slow`` when it has any."""
    for item in items:
        tiers = tiers_of(_functions(item))
        for tier in sorted(tiers):
            item.add_marker(tier)
        if tiers:
            item.add_marker("slow")


@cache
def cases_and_key(name, hidden):
    """The cases of ``name`` under the tests' secret and their answer key (built once a session)."""
    case_list = _cases(name, hidden, SECRET)
    return case_list, key.build(name, case_list)


def cases(name, hidden=False):
    return cases_and_key(name, hidden)[0]


def grade_fn(name, fn, hidden=True):
    """The ``Assessment`` of ``fn`` for problem ``name``, as the grader makes it."""
    case_list, answers = cases_and_key(name, hidden)
    outcomes = json.loads(json.dumps([run_case(fn, c.args, c.kwargs) for c in case_list]))
    return assess(name, case_list, outcomes, answers, hidden)


@pytest.fixture
def grade():
    """``grade(name, fn, hidden=True)`` → the ``Assessment`` of ``fn``, as the grader makes it."""
    return grade_fn
