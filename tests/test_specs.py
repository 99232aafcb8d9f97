"""The specs: one per graded problem, points tied to the notebooks, derivations, teaching hints."""

import json
import re
from pathlib import Path

import nbformat
import pytest

from autograder import notebooks
from autograder.instructor import SETS, SPECS, cases
from autograder.instructor.secret import ENV, grading_secret
from autograder.student import labels as L
from autograder.student import mistakes as M
from autograder.student.problems import PUBLIC_KEY, case_data

from conftest import SECRET, cases_and_key, grade_fn

ROOT = Path(__file__).resolve().parents[1]
NAMES = list(SPECS)


def _source_checks(assignment):
    """``{function: {"public": points, "hidden": points}}`` from the grade cells in solutions/."""
    out = {}
    for path in (ROOT / "solutions" / assignment).glob("*.ipynb"):
        for function, hidden, points in notebooks.checks_in(nbformat.read(str(path), as_version=4)).values():
            out.setdefault(function, {"public": 0, "hidden": 0})["hidden" if hidden else "public"] += points
    return out


def test_every_problem_set_has_a_spec_module():
    assert sorted(SETS) == sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())


@pytest.mark.parametrize("assignment", sorted(SETS))
def test_points_come_from_the_specs_and_match_the_grade_cells(assignment):
    graded = {
        n: {"public": SPECS[n].points[0], "hidden": SPECS[n].points[1]}
        for n in SETS[assignment]
        if sum(SPECS[n].points)
    }
    assert _source_checks(assignment) == graded


def test_a_wrong_point_count_would_be_noticed():
    """Negative twin: the cells' points are really read (ps04's backward pass is worth 2 + 6)."""
    assert _source_checks("ps04_backprop")["net_backward"] == {"public": 2, "hidden": 6}


@pytest.mark.parametrize("assignment", sorted(SETS))
def test_at_least_80_percent_of_every_set_needs_a_derivation(assignment):
    points = {n: sum(SPECS[n].points) for n in SETS[assignment]}
    derived = sum(p for n, p in points.items() if SPECS[n].derived)
    assert derived >= 0.8 * sum(points.values()) > 0


def test_transcriptions_are_not_counted_as_derivations():
    assert not SPECS["numerical_partial"].derived and not SPECS["gradient"].derived


# ---- the grading secret ----


def _encoded(name, secret):
    return json.dumps([case_data(c) for c in cases(name, True, secret)])


@pytest.mark.parametrize("name", NAMES)
def test_the_same_secret_gives_the_same_hidden_cases(name):
    assert _encoded(name, "one") == _encoded(name, "one")


@pytest.mark.parametrize("name", NAMES)
def test_two_secrets_give_different_hidden_cases(name):
    assert _encoded(name, "one") != _encoded(name, "two")


def test_the_secret_file_is_made_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    (tmp_path / "nbgrader_config.py").write_text("")
    first = grading_secret(tmp_path)
    assert len(first) >= 32 and grading_secret(tmp_path) == first
    assert (tmp_path / ".grading" / "secret").stat().st_mode & 0o077 == 0


def test_the_environment_variable_wins(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV, "from-the-environment")
    assert grading_secret(tmp_path) == "from-the-environment" and not (tmp_path / ".grading").exists()


def test_the_secret_is_ignored_by_git():
    assert ".grading/" in (ROOT / ".gitignore").read_text().splitlines()


def test_the_public_key_holds_no_seed_and_no_hidden_case():
    text = PUBLIC_KEY.read_text(encoding="utf-8")
    assert '"seed"' not in text and "hidden_cases" not in text
    hidden = cases("partials_exy", True, SECRET)[0].label
    assert hidden not in text


# ---- every typical mistake loses points and is named; no message gives the answer away ----


def _normal(text):
    """Text compared for forbidden expressions: no spaces, no multiplication signs, one minus sign,
    powers as ^ (so "x**2*np.exp(x*y)", "x² e^{xy}" and "x^2·exp(xy)" read alike), no "np."."""
    text = text.lower().replace("**", "^").replace("²", "^2").replace("−", "-").replace("np.", "")
    return re.sub(r"[\s*·×]", "", text)


MISTAKES = [(n, k, m) for n in NAMES for k, m in enumerate(SPECS[n].mistakes)]


def as_student(spec, mistake):
    """The mistake as a whole function: the parts it says nothing about (None) are the reference's."""

    def fn(*args, **kwargs):
        wrong, right = mistake.fn(*args, **kwargs), spec.reference(*args, **kwargs)
        if wrong is None:
            return right
        if isinstance(wrong, dict):
            return {k: right[k] if v is None else v for k, v in wrong.items()}
        if isinstance(wrong, tuple):
            return tuple(r if w is None else w for w, r in zip(wrong, right))
        return wrong

    return fn


def _diverges(spec, mistake, hidden):
    """Whether the mistake's own values are nan or inf somewhere (then 'diverged' is its right name)."""
    values = cases_and_key(spec.name, hidden)[1]["wrong"]
    data = [w for w in values if w["label"] == mistake.label]
    return "NaN" in json.dumps(data) or "Infinity" in json.dumps(data) or "inf" in json.dumps(data)


@pytest.mark.parametrize("name, number, mistake", MISTAKES, ids=[f"{n}-{k}" for n, k, _ in MISTAKES])
@pytest.mark.parametrize("hidden", [False, True])
def test_every_mistake_loses_points_and_is_named(name, number, mistake, hidden):
    spec = SPECS[name]
    result = grade_fn(name, as_student(spec, mistake), hidden)
    if not hidden and result.part_ok == [True] * len(result.part_ok):
        pytest.skip("the public cases cannot tell this mistake apart (the hidden ones must)")
    assert sum(result.part_ok) < len(result.part_ok), result.message
    named = mistake.label in result.misconceptions
    assert named or (M.DIVERGED in result.misconceptions and _diverges(spec, mistake, hidden)), result.message


@pytest.mark.parametrize("name, number, mistake", MISTAKES, ids=[f"{n}-{k}" for n, k, _ in MISTAKES])
def test_every_hidden_set_tells_every_mistake(name, number, mistake):
    """The hidden cases must catch every typical mistake, even those the public ones miss."""
    result = grade_fn(name, as_student(SPECS[name], mistake), True)
    assert sum(result.part_ok) < len(result.part_ok)


@pytest.mark.parametrize("name, number, mistake", MISTAKES, ids=[f"{n}-{k}" for n, k, _ in MISTAKES])
def test_no_message_contains_the_expected_expression(name, number, mistake):
    """Every wrong variant's feedback, public and hidden, is compared by normalised text (``_normal``:
    spaces, '*', '·' and 'np.' removed, powers written '^') with the spec's forbidden expressions of
    every part: the reference's formula or code must never appear."""
    spec = SPECS[name]
    forbidden = {_normal(e) for exprs in spec.forbidden.values() for e in exprs}
    for hidden in (False, True):
        text = _normal(grade_fn(name, as_student(spec, mistake), hidden).message)
        assert not [e for e in forbidden if e in text], (hidden, text)


def test_the_forbidden_text_test_can_fail():
    """Negative twin: a hint that prints the answer is caught by the same comparison."""
    assert _normal("x² e^{xy}") in _normal("likely: chain rule — ∂f/∂y = x²·e^{xy}")
    assert _normal("x**2*np.exp(x*y)") in _normal("use x ** 2 * np.exp(x * y)")


@pytest.mark.parametrize("name", [n for n in NAMES if sum(SPECS[n].points)])
def test_every_graded_problem_lists_forbidden_expressions_for_every_value_part(name):
    spec = SPECS[name]
    assert set(spec.forbidden) == set(spec.problem.value_parts)


def test_every_specific_label_is_used_by_a_spec():
    used = {m.label for s in SPECS.values() for m in s.mistakes}
    assert set(L.LABELS) <= used
