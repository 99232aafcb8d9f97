"""A lookup table of the shipped public key earns nothing: public points count only with the hidden ones.

Graded by the real `python -m autograder grade`, beside an honest student who is right everywhere.
"""

import json

import numpy as np
import pytest

from autograder import samples
from autograder.sandbox import codec
from autograder.student.problems import PUBLIC_KEY

from gradelib import course_copy, feedback_text, grade, solved, submit

pytestmark = pytest.mark.slow

A = "ps01_partials"
FUNCTIONS = {
    "partials_exy": "x, y",
    "partials_log": "x, y",
    "partials_xyz": "x, y, z",
    "logistic_partials": "w, b, x, y",
    "numerical_partial": "f, point, i, h=1e-5",
}

TABLE = """
import numpy as np

TABLE = {table!r}

def _plain(a):
    try:
        return np.asarray(a, dtype=float).tolist()
    except (TypeError, ValueError):
        return None

def {name}({signature}):
    args = [_plain(a) for a in ({arg_list},)]
    for case_args, parts in TABLE:
        if all(c is None or (a is not None and np.shape(a) == np.shape(c) and np.allclose(a, c))
               for a, c in zip(args, case_args)):
            values = [np.asarray(p, dtype=float) if isinstance(p, list) else p for p in parts]
            return values[0] if len(values) == 1 else tuple(values)
    return None
"""


def _plain(value):
    if isinstance(value, (int, float, list, np.ndarray)):
        return np.asarray(value, dtype=float).tolist()
    return None


def lookup_code(name):
    """A function that answers the public cases of ``name`` from a copy of ``public_key.json``."""
    entry = json.loads(PUBLIC_KEY.read_text(encoding="utf-8"))[name]
    table = [
        (
            [_plain(a) for a in codec.decode(case["args"])],
            [codec.decode(p) if isinstance(p, dict) else p for p in expected],
        )
        for case, expected in zip(entry["cases"], entry["key"]["expected"])
    ]
    table = [(args, [p.tolist() if isinstance(p, np.ndarray) else p for p in parts]) for args, parts in table]
    names = [a.split("=")[0].strip() for a in FUNCTIONS[name].split(",")]
    return TABLE.format(table=table, name=name, signature=FUNCTIONS[name], arg_list=", ".join(names))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = course_copy(tmp_path_factory.mktemp("lookup"))
    right = solved(root, A)
    table = right
    for name in FUNCTIONS:
        table = samples.answered(table, name, lookup_code(name))
    submit(root, "lookup_table", A, table)
    submit(root, "solved", A, right)
    rows, _ = grade(root, A)
    return root, rows


def test_the_table_answers_the_public_cases():
    """The table is a real one: run here, it gets every public self-check point."""
    from autograder import check

    scope = {}
    for name in FUNCTIONS:
        exec(lookup_code(name), scope)
        assert check(name, scope[name]) == 1.0


def test_a_lookup_table_of_the_public_key_earns_nothing(graded):
    _, rows = graded
    assert float(rows["lookup_table"]["score"]) == 0.0, rows["lookup_table"]


def test_an_honest_student_keeps_every_point(graded):
    """Negative twin: right everywhere, the public points count."""
    _, rows = graded
    assert float(rows["solved"]["score"]) == float(rows["solved"]["max_score"]) == 14.0


def test_the_feedback_says_why_the_public_points_do_not_count(graded):
    root, _ = graded
    assert "public points count only for parts that are also right at the hidden points" in feedback_text(
        root, "lookup_table", A
    )
