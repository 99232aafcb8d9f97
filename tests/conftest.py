"""Shared fixtures: the grader's view of a function, with the answer keys cached for the session.

No global random state is seeded here: every case comes from its own generator (public cases from
fixed seeds, hidden ones from the grading secret), so a case builder that used the global state
would make ``test_cases_are_deterministic`` fail.
"""
import json
from functools import lru_cache

import pytest

from autograder.instructor import cases as _cases
from autograder.instructor import key
from autograder.sandbox.call import run_case
from autograder.student.assess import assess

SECRET = "tests-secret"
"""The grading secret of the unit tests (the real one is never in the repository)."""


@lru_cache(maxsize=None)
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
