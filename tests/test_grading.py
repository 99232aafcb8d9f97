"""The real `python -m autograder grade` on real nbgrader submissions: round trips and misconceptions."""

import csv

import pytest

from autograder import samples
from autograder.student import labels, mistakes

from gradelib import course_copy, feedback_text, grade, release, run, solved, submit

pytestmark = pytest.mark.slow

BIAS_NOT_SUMMED = """
def net_backward(params, X, y):
    A = np.tanh(X @ params["W1"] + params["b1"])
    Z = A @ params["W2"] + params["b2"]
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = P / P.sum(axis=1, keepdims=True)
    P[np.arange(len(y)), y] -= 1
    G = P / len(y)
    H = G @ params["W2"].T * (1 - A**2)
    return {"W1": X.T @ H, "b1": H, "W2": A.T @ G, "b2": G.sum(axis=0)}
"""

EXY = "def partials_exy(x, y):\n    e = np.exp(x * y)\n    return {}"

# student -> (assignment, function, code, misconception label or None for a correct rewrite)
WRONG = {
    "sign": ("ps01_partials", "partials_exy", EXY.format("-(1 + x * y) * e, -x**2 * e"), mistakes.SIGN),
    "swapped": ("ps01_partials", "partials_exy", EXY.format("x**2 * e, (1 + x * y) * e"), mistakes.SWAPPED),
    "product": ("ps01_partials", "partials_exy", EXY.format("x * y * e, x**2 * e"), labels.PRODUCT),
    "factor": (
        "ps01_partials",
        "partials_log",
        "def partials_log(x, y):\n    return x / (x**2 + y**2), y / (x**2 + y**2)",
        mistakes.FACTOR,
    ),
    "chain": (
        "ps01_partials",
        "partials_xyz",
        "def partials_xyz(x, y, z):\n    return y*z + np.cos(x*z), x*z + 2*y, x*y + np.cos(x*z)",
        mistakes.CHAIN,
    ),
    "scalar_only": (
        "ps01_partials",
        "partials_exy",
        "import math\ndef partials_exy(x, y):\n    e = math.exp(x * y)\n    return (1 + x * y) * e, x**2 * e",
        mistakes.SCALAR_ONLY,
    ),
    "rewrite": ("ps01_partials", "partials_exy", EXY.format("e + x * y * e, x * x * e"), None),
    "rewrite2": (
        "ps02_gradients",
        "quadratic_gradient",
        "def quadratic_gradient(A, x):\n    return np.einsum('ij,j->i', A, x) + np.einsum('ji,j->i', A, x)",
        None,
    ),
    "rewrite3": (
        "ps03_gradient_descent",
        "fit_logistic",
        "def fit_logistic(x, y, lr=0.5, steps=300):\n    t = np.zeros(2)\n    A = np.c_[x, np.ones(len(x))]\n"
        "    for _ in range(steps):\n        t -= lr * A.T @ (1 / (1 + np.exp(-A @ t)) - y) / len(y)\n"
        "    return t[0], t[1]",
        None,
    ),
    "rewrite4": (
        "ps04_backprop",
        "net_forward",
        "def net_forward(params, X):\n"
        "    Z = np.tanh(X @ params['W1'] + params['b1']) @ params['W2'] + params['b2']\n"
        "    return np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)",
        None,
    ),
    "mean": (
        "ps02_gradients",
        "logistic_gradient",
        "def logistic_gradient(w, b, X, y):\n    r = 1 / (1 + np.exp(-(X @ w + b))) - y\n"
        "    return X.T @ r, float(np.sum(r))",
        mistakes.MEAN,
    ),
    "no_reg": (
        "ps03_gradient_descent",
        "fit_ridge",
        "def fit_ridge(x, y, lam, lr=0.1, steps=500):\n    w = b = 0.0\n    for _ in range(steps):\n"
        "        r = y - (w * x + b)\n        w, b = w + lr * 2 * np.mean(x * r), b + lr * 2 * np.mean(r)\n"
        "    return w, b",
        labels.NO_REG,
    ),
    "mutated": (
        "ps02_gradients",
        "rbf_gradient",
        "def rbf_gradient(x, c, s):\n    x -= c\n    return -x / s**2 * np.exp(-np.sum(x**2) / (2 * s**2))",
        mistakes.MUTATED,
    ),
    "shape": ("ps04_backprop", "net_backward", BIAS_NOT_SUMMED, mistakes.SHAPE),
}
ASSIGNMENTS = ["ps01_partials", "ps02_gradients", "ps03_gradient_descent", "ps04_backprop"]


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def graded(request, tmp_path_factory):
    """One real grading run per assignment: solved, untouched, and the wrong answers for it."""
    assignment = request.param
    root = course_copy(tmp_path_factory.mktemp(assignment))
    right = solved(root, assignment)
    submit(root, "solved", assignment, right)
    submit(root, "untouched", assignment, release(root, assignment))
    for student, (a, function, code, _) in WRONG.items():
        if a == assignment:
            submit(root, student, assignment, samples.answered(right, function, code))
    rows, done = grade(root, assignment)
    return assignment, root, rows, done.stdout


def test_solutions_get_full_marks(graded):
    _, _, rows, _ = graded
    assert float(rows["solved"]["score"]) == float(rows["solved"]["max_score"]) > 0


def test_untouched_release_gets_zero(graded):
    _, _, rows, _ = graded
    assert float(rows["untouched"]["score"]) == 0 and rows["untouched"]["status"] == "graded"


def test_every_student_is_in_the_csv(graded):
    assignment, root, rows, _ = graded
    assert set(rows) == {p.name for p in (root / "submitted").iterdir()}


def test_wrong_answers_lose_points_and_are_named(graded):
    assignment, root, rows, _ = graded
    for student, (a, _, _, label) in WRONG.items():
        if a != assignment or label is None:
            continue
        row = rows[student]
        assert float(row["score"]) < float(row["max_score"]), student
        assert label in row["misconceptions"], (student, row["misconceptions"])
        assert label in feedback_text(root, student, assignment), student


def test_rewritten_correct_answers_get_full_marks(graded):
    assignment, _, rows, _ = graded
    rewrites = [s for s, (a, _, _, label) in WRONG.items() if a == assignment and label is None]
    assert rewrites
    for student in rewrites:
        assert rows[student]["score"] == rows[student]["max_score"], rows[student]


def test_class_summary_is_printed_and_plotted(graded):
    assignment, root, _, stdout = graded
    assert "most common misconception" in stdout
    assert (root / f"grades-{assignment}.png").stat().st_size > 1000


def test_feedback_never_shows_hidden_tests(graded):
    assignment, root, _, _ = graded
    pages = list((root / "feedback").rglob("*.html"))
    assert pages
    for page in pages:
        text = page.read_text()
        assert "hidden=True" not in text and "BEGIN HIDDEN TESTS" not in text, page
        assert "autograder.reference" not in text, page


def test_gradebook_holds_the_scores(graded):
    assignment, root, rows, _ = graded
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for student, row in rows.items():
            assert gb.find_submission(assignment, student).score == pytest.approx(float(row["score"]))


def test_nbgrader_export_agrees_with_our_csv(graded):
    assignment, root, rows, _ = graded
    done = run("nbgrader", "export", "--to", str(root / "export.csv"), root=root)
    assert done.returncode == 0, done.stderr[-2000:]
    with open(root / "export.csv", newline="") as handle:
        exported = {r["student_id"]: r for r in csv.DictReader(handle) if r["assignment"] == assignment}
    assert {s: float(r["score"]) for s, r in exported.items()} == {
        s: float(r["score"]) for s, r in rows.items()
    }


def test_grading_leaves_no_temporary_folder(tmp_path):
    """`grade` ends without Python's teardown of its modules, but after its exit handlers: what it made
    in the temporary folder is gone, and what it printed is there."""
    root = course_copy(tmp_path / "course")
    submit(root, "solved", "ps01_partials", solved(root, "ps01_partials"))
    private = tmp_path / "tmp"
    private.mkdir()
    rows, done = grade(root, "ps01_partials", environment={"TMPDIR": str(private)})
    assert set(rows) == {"solved"} and "1 students graded" in done.stdout
    assert list(private.iterdir()) == []
