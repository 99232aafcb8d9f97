"""ps05 (automatic differentiation): references against central differences, random graphs, typical
mistakes written as real student code, hints that never give the rule, and a real grading round trip."""

import json
import re

import nbformat
import numpy as np
import pytest

from autograder.instructor import SETS, key, spec
from autograder.instructor.specs import ps05_autodiff as P
from autograder.numerics import central_difference, close
from autograder.sandbox.call import run_case
from autograder.student.assess import assess

from gradelib import ROOT, course_copy, grade, release, solved, submit

NAMES = SETS["ps05_autodiff"]
LOOSE = 1e-5


def all_cases(name, seed=3):
    one = spec(name)
    return list(one.public()) + list(one.hidden(np.random.default_rng(seed)))


def numerical(program, inputs):
    x = np.array(inputs, dtype=float)
    return np.array([central_difference(lambda v: P.evaluate(program, list(v)), x, i) for i in range(x.size)])


def graded(name, fn, cases):
    outcomes = json.loads(json.dumps([run_case(fn, c.args, c.kwargs) for c in cases]))
    return assess(name, cases, outcomes, key.build(name, cases), hidden=True)


# ---------------------------------------------------------------- the reference and the graphs


@pytest.mark.parametrize("name", NAMES)
def test_reference_matches_central_differences(name):
    for case in all_cases(name):
        assert close(spec(name).reference(*case.args), numerical(*case.args), rtol=LOOSE), case.label


def test_negative_twin_a_wrong_rule_disagrees_with_central_differences():
    program, inputs = [["mul", 0, 0], ["tanh", 1], ["mul", 2, 0]], [0.7]
    wrong = P.gradients(program, inputs, "tape", {"tanh": (lambda out, a: (1.0 - a**2,), False, True)})
    assert not close(wrong, numerical(program, inputs), rtol=LOOSE)


def test_tape_and_topological_walks_agree_and_a_breadth_first_one_does_not():
    program, inputs = [["add", 0, 1], ["mul", 2, 0], ["mul", 3, 1], ["add", 4, 2]], [0.5, 1.0]
    assert close(P.gradients(program, inputs, "tape"), P.gradients(program, inputs, "topo"))
    assert not close(P.gradients(program, inputs, "bfs"), P.gradients(program, inputs, "topo"))


@pytest.mark.parametrize("name", [n for n in NAMES if n != "gradients_of"])
def test_rule_graphs_use_their_rule_with_fan_out(name):
    rule = name.removeprefix("grad_")
    for case in spec(name).hidden(np.random.default_rng(4)):
        program, inputs = case.args
        ops = [step[0] for step in program]
        assert rule in ops and set(ops) <= {rule, "add", "mul"}
    assert any(
        P.path_count(c.args[0], len(c.args[1])) > len(c.args[0]) + len(c.args[1])
        for c in spec(name).hidden(np.random.default_rng(4))
    )


def test_backward_graphs_have_fan_out_diamonds_and_deep_chains():
    cases = spec("gradients_of").hidden(np.random.default_rng(4))
    assert all({step[0] for step in c.args[0]} <= {"add", "mul"} for c in cases)
    assert max(len(c.args[0]) for c in cases) >= 100
    reused = [max(np.bincount([i for step in c.args[0] for i in step[1:]])) for c in cases]
    assert max(reused) >= 3


def test_hidden_graphs_depend_on_the_seed():
    a = spec("grad_exp").hidden(np.random.default_rng(1))
    b = spec("grad_exp").hidden(np.random.default_rng(2))
    assert [c.args for c in a] != [c.args for c in b]


def test_most_points_need_a_derivation():
    specs = [spec(n) for n in NAMES]
    derived = sum(sum(s.points) for s in specs if s.derived)
    assert derived >= 0.8 * sum(sum(s.points) for s in specs)


# ---------------------------------------------------------------- typical mistakes


@pytest.mark.parametrize("name", NAMES)
def test_every_mistake_loses_points_and_is_named(name):
    cases = list(spec(name).hidden(np.random.default_rng(5)))
    for mistake in spec(name).mistakes:
        verdict = graded(name, mistake.fn, cases)
        assert verdict.points < verdict.max_points, mistake.label
        assert mistake.label in verdict.misconceptions, (mistake.label, verdict.message)


@pytest.mark.parametrize("name", NAMES)
def test_reference_gets_full_points(name):
    verdict = graded(name, spec(name).reference, list(spec(name).hidden(np.random.default_rng(5))))
    assert verdict.points == verdict.max_points


def _squash(text):
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", NAMES)
def test_no_hint_contains_the_expected_rule(name):
    one = spec(name)
    cases = list(one.hidden(np.random.default_rng(5)))
    for mistake in one.mistakes:
        message = _squash(graded(name, mistake.fn, cases).message)
        for expression in one.forbidden[P.PART]:
            assert _squash(expression) not in message, (mistake.label, expression)


def test_forbidden_check_would_catch_a_hint_that_gives_the_rule():
    """Negative twin: a message quoting the rule is caught by the same normalised comparison."""
    assert _squash("1 - out.data**2") in _squash("likely: use 1 - out.data ** 2")


# ---------------------------------------------------------------- real student code, in the notebook

NOTEBOOK = ROOT / "solutions" / "ps05_autodiff" / "autodiff.ipynb"
MARK = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n", re.MULTILINE)


def notebook_namespace(replace=None):
    """The solution notebook's code (locked cells and answers), with some answer cells replaced."""
    namespace, replace = {}, replace or {}
    for cell in nbformat.read(str(NOTEBOOK), as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or meta.get("grade") or not meta:
            continue
        exec(replace.get(meta["grade_id"], MARK.sub("", cell.source)), namespace)
    return namespace


def _rule(name, n_args, forward, body):
    args = ", ".join("ab"[:n_args]) if name != "power" else "a, c"
    return (
        f"def {name}({args}):\n    out = Value({forward}, ({'a, b' if n_args == 2 else 'a,'}))\n"
        f"    def _backward():\n        {body}\n    out._backward = _backward\n    return out\n"
    )


STUDENT_MISTAKES = {  # problem -> (cell, code, label)
    "tanh at z": (
        "grad_tanh",
        "tanh",
        _rule("tanh", 1, "math.tanh(a.data)", "a.grad += (1 - a.data**2) * out.grad"),
        P.AT_INPUT,
    ),
    "exp overwrites": (
        "grad_exp",
        "exp",
        _rule("exp", 1, "math.exp(a.data)", "a.grad = out.data * out.grad"),
        P.ACCUMULATE,
    ),
    "log no chain": (
        "grad_log",
        "log",
        _rule("log", 1, "math.log(a.data)", "a.grad += 1 / a.data"),
        P.NO_CHAIN,
    ),
    "pow no exponent": (
        "grad_pow",
        "power",
        _rule("power", 1, "a.data ** c", "a.grad += a.data ** (c - 1) * out.grad"),
        P.POW_FACTOR,
    ),
    "sub sign": (
        "grad_sub",
        "sub",
        _rule("sub", 2, "a.data - b.data", "a.grad += out.grad; b.grad += out.grad"),
        P.SUB_SIGN,
    ),
    "no visited set": (
        "gradients_of",
        "backward",
        """
def backward(out):
    order = []
    def visit(node):
        for parent in node._parents:
            visit(parent)
        order.append(node)
    visit(out)
    out.grad = 1.0
    for node in reversed(order):
        node._backward()
""",
        P.NO_VISITED,
    ),
    "not reversed": (
        "gradients_of",
        "backward",
        """
def backward(out):
    order, seen = [], set()
    def visit(node):
        if node not in seen:
            seen.add(node)
            for parent in node._parents:
                visit(parent)
            order.append(node)
    visit(out)
    out.grad = 1.0
    for node in order:
        node._backward()
""",
        P.NOT_REVERSED,
    ),
    "no walk": (
        "gradients_of",
        "backward",
        "def backward(out):\n    out.grad = 1.0\n    out._backward()\n",
        P.NOT_REVERSED,
    ),
    "recursive without order": (
        "gradients_of",
        "backward",
        """
def backward(out):
    out.grad = 1.0
    def push(node):
        node._backward()
        for parent in node._parents:
            push(parent)
    push(out)
""",
        P.NOT_TOPOLOGICAL,
    ),
}


def test_the_notebooks_solution_gets_full_points():
    namespace = notebook_namespace()
    for name in NAMES:
        verdict = graded(name, namespace[name], list(spec(name).hidden(np.random.default_rng(6))))
        assert verdict.points == verdict.max_points, verdict.message


@pytest.mark.parametrize("student", STUDENT_MISTAKES)
def test_student_code_with_a_typical_mistake_is_named(student):
    name, cell, code, label = STUDENT_MISTAKES[student]
    namespace = notebook_namespace({cell: code})
    verdict = graded(name, namespace[name], list(spec(name).hidden(np.random.default_rng(6))))
    assert verdict.points < verdict.max_points and label in verdict.misconceptions, verdict.message


def test_a_broken_backward_costs_nothing_on_the_rules():
    namespace = notebook_namespace({"backward": "def backward(out):\n    pass\n"})
    verdict = graded(
        "grad_tanh", namespace["grad_tanh"], list(spec("grad_tanh").hidden(np.random.default_rng(6)))
    )
    assert verdict.points == verdict.max_points


# ---------------------------------------------------------------- the real grader


@pytest.mark.slow
def test_grading_round_trip(tmp_path):
    root = course_copy(tmp_path)
    right = solved(root, "ps05_autodiff")
    submit(root, "solved", "ps05_autodiff", right)
    submit(root, "untouched", "ps05_autodiff", release(root, "ps05_autodiff"))
    from autograder import samples

    for student in ("exp overwrites", "no visited set"):
        _, cell, code, _ = STUDENT_MISTAKES[student]
        submit(root, student.replace(" ", "_"), "ps05_autodiff", samples.answered(right, cell, code))
    rows, _ = grade(root, "ps05_autodiff")
    assert float(rows["solved"]["score"]) == float(rows["solved"]["max_score"]) == 24
    assert float(rows["untouched"]["score"]) == 0 and rows["untouched"]["status"] == "graded"
    for student in ("exp overwrites", "no visited set"):
        row = rows[student.replace(" ", "_")]
        assert 0 < float(row["score"]) < 24 and STUDENT_MISTAKES[student][3] in row["misconceptions"], row
