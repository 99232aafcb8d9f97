"""Shared fixtures: every test starts from the same random state."""
import json

import numpy as np
import pytest

from autograder import key
from autograder.assess import assess
from autograder.problems import cases
from autograder.sandbox.call import run_case


@pytest.fixture(autouse=True)
def _seed():
    np.random.seed(0)


@pytest.fixture
def grade():
    """``grade(name, fn, hidden=True)`` → the ``Assessment`` of ``fn``, as the grader makes it."""
    def _grade(name, fn, hidden=True):
        case_list = cases(name, hidden)
        outcomes = json.loads(json.dumps([run_case(fn, c.args, c.kwargs) for c in case_list]))
        return assess(name, case_list, outcomes, key.build(name, case_list), hidden)
    return _grade
