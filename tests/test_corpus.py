"""Real students' functions (tests/corpus/) through the real checker: labels are right or absent.

Each case is checked on the public points, exactly as a notebook's self-check does (the shipped
answer key), and on the hidden points with the key the grader builds. A label that is given must
be one the case's header expects; a wrong function without a label gets the neutral message.
"""

import importlib.util
import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from autograder.instructor import SPECS
from autograder.instructor.specs import ps05_autodiff as P
from autograder.sandbox.call import run_case
from autograder.student import labels as L
from autograder.student import mistakes as M
from autograder.student import selfcheck
from autograder.student.assess import assess

from conftest import cases_and_key

CORPUS = Path(__file__).with_name("corpus")
FILES = sorted(CORPUS.glob("*/*.py"))


def header(path):
    """``(source, expected names)`` from a corpus file's first lines."""
    text = path.read_text(encoding="utf-8")
    source = re.search(r"^# source: (.+)$", text, re.M).group(1)
    expect = {name.strip() for name in re.search(r"^# expect: (.+)$", text, re.M).group(1).split("|")}
    return source, expect


def load(path):
    spec = importlib.util.spec_from_file_location(f"corpus_{path.parent.name}_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, path.parent.name)


@cache
def checked(path, hidden):
    """The ``Assessment`` of a corpus file on the public (self-check) or hidden (grader) points."""
    name, fn = path.parent.name, load(path)
    if hidden:
        case_list, answers = cases_and_key(name, True)
    else:
        case_list, answers = selfcheck._cases_and_key(name, False)
    outcomes = json.loads(json.dumps([run_case(fn, c.args, c.kwargs) for c in case_list], allow_nan=False))
    return assess(name, case_list, outcomes, answers, hidden)


P_LABELS = tuple(
    getattr(P, n) for n in P.__all__ if n.isupper() and isinstance(getattr(P, n), str) and n != "PART"
)
"""ps05's own labels (its engine's slips), kept in its spec module."""

WRITTEN = "written for review — "
"""The origin of a case written by the team to try the checker on code it was never tuned to."""


def _label(name):
    """The label a header's name stands for (generic ones in ``mistakes``, particular ones in ``labels``
    or in ps05's spec)."""
    particular = getattr(P, name, None)
    return getattr(L, name, None) or (particular if particular in P_LABELS else None) or getattr(M, name)


def _labels(names):
    return {_label(n) for n in names if n not in ("RIGHT", "NEUTRAL")}


RUNS = [(p, h) for p in FILES for h in (False, True)]


def test_the_corpus_is_large_and_varied():
    right = [p for p in FILES if header(p)[1] == {"RIGHT"}]
    assert len(FILES) >= 40 and len({p.parent.name for p in FILES}) >= 5
    assert 5 <= len(right) <= len(FILES) - 30


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_header_names_a_source_and_known_labels(path):
    source, expect = header(path)
    assert (
        source.startswith("github.com/") and " — " in source
    ) or source == WRITTEN + f"{path.parent.name}/{path.stem}"
    assert path.parent.name in SPECS
    assert expect and all(
        n in ("RIGHT", "NEUTRAL") or _label(n) in (*M.LABELS, *L.LABELS, *P_LABELS) for n in expect
    )


@pytest.mark.parametrize(
    "path, hidden", RUNS, ids=[f"{p.parent.name}/{p.stem}-{'hidden' if h else 'public'}" for p, h in RUNS]
)
def test_corpus_case(path, hidden):
    result = checked(path, hidden)
    _, expect = header(path)
    if expect == {"RIGHT"}:
        assert result.points == result.max_points and not result.misconceptions, result.message
        return
    if not hidden and result.points == result.max_points:
        return  # a few friendly public points need not reveal every mistake; the hidden ones must
    assert result.points < result.max_points, result.message
    wrong_labels = set(result.misconceptions) - _labels(expect)
    assert not wrong_labels, result.message
    if not result.misconceptions:
        assert "check:    " in result.message, result.message


def test_every_label_is_right_in_90_percent_of_the_cases_where_it_is_given():
    given, right = Counter(), Counter()
    for path, hidden in RUNS:
        expect = _labels(header(path)[1])
        for label in checked(path, hidden).misconceptions:
            given[label] += 1
            right[label] += label in expect
    assert given and all(right[label] >= 0.9 * given[label] for label in given), (given, right)


def _caught(path, hidden):
    result = checked(path, hidden)
    return result.points < result.max_points


def test_most_expected_labels_are_found():
    """Recall: of the runs that lose points and whose header expects labels (and not the neutral
    message), at least 80% get one of them."""
    named = [
        (p, h) for p, h in RUNS if _labels(header(p)[1]) and "NEUTRAL" not in header(p)[1] and _caught(p, h)
    ]
    found = [bool(set(checked(p, h).misconceptions) & _labels(header(p)[1])) for p, h in named]
    assert len(named) >= 30 and sum(found) >= 0.8 * len(found), (sum(found), len(found))
