"""The real `python -m autograder grade` on real nbgrader submissions: round trips and misconceptions."""
import csv

import pytest

from autograder import mistakes, samples

from gradelib import course_copy, feedback_html, grade, release, run, solved, submit

pytestmark = pytest.mark.slow

MLP_BIAS_NOT_SUMMED = '''
def mlp_backward(params, X, y):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    A = np.tanh(X @ W1 + b1)
    d_yhat = 2 * (A @ W2 + b2 - y) / X.shape[0]
    dZ = np.outer(d_yhat, W2) * (1 - A**2)
    return {"W1": X.T @ dZ, "b1": dZ, "W2": A.T @ d_yhat, "b2": float(np.sum(d_yhat))}
'''

# student -> (assignment, function, code, misconception label or None for a correct rewrite)
WRONG = {
    "sign": ("ps01_partials", "partials", "def partials(x, y):\n    return -2 * x * y, -(x**2 + 3)", mistakes.SIGN),
    "swapped": ("ps01_partials", "partials", "def partials(x, y):\n    return x**2 + 3, 2 * x * y", mistakes.SWAPPED),
    "not_held": ("ps01_partials", "partials", "def partials(x, y):\n    return 2 * x * y, x**2 + 3 + 2 * x * y",
                 mistakes.NOT_HELD),
    "factor": ("ps01_partials", "mse_partials",
               "def mse_partials(w, b, x, y):\n    r = y - (w * x + b)\n    return -x * r, -r", mistakes.FACTOR),
    "chain": ("ps01_partials", "partials_xyz",
              "def partials_xyz(x, y, z):\n    return y*z + np.cos(x*z), x*z + 2*y, x*y + np.cos(x*z)", mistakes.CHAIN),
    "scalar_only": ("ps01_partials", "partials",
                    "def partials(x, y):\n    return float(2 * x * y), float(x**2 + 3)", mistakes.SCALAR_ONLY),
    "rewrite": ("ps01_partials", "partials", "def partials(x, y):\n    return y * x * 2, 3 + x * x", None),
    "rewrite2": ("ps02_gradients", "directional_derivative",
                 "def directional_derivative(grad, u):\n    u = np.asarray(u, float)\n"
                 "    return float(np.sum(np.asarray(grad) * u) / np.sqrt(np.sum(u * u)))", None),
    "rewrite3": ("ps03_gradient_descent", "gd_step",
                 "def gd_step(params, grad, lr):\n    return np.subtract(params, np.multiply(lr, grad))", None),
    "rewrite4": ("ps04_backprop", "mlp_loss",
                 "def mlp_loss(params, X, y):\n    return float(np.square(y - mlp_forward(params, X)).mean())", None),
    "mean": ("ps02_gradients", "mse_gradient",
             "def mse_gradient(w, b, xs, ys):\n    r = ys - (w * xs + b)\n"
             "    return np.array([-2 * np.sum(xs * r), -2 * np.sum(r)])", mistakes.MEAN),
    "mutated": ("ps03_gradient_descent", "gd_step",
                "def gd_step(params, grad, lr):\n    params -= lr * grad\n    return params", mistakes.MUTATED),
    "shape": ("ps04_backprop", "mlp_backward", MLP_BIAS_NOT_SUMMED, mistakes.SHAPE),
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
    for student, (a, function, _, label) in WRONG.items():
        if a != assignment or label is None:
            continue
        row = rows[student]
        assert float(row["score"]) < float(row["max_score"]), student
        assert label in row["misconceptions"], (student, row["misconceptions"])
        assert label in feedback_html(root, student, assignment), student


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
    assert {s: float(r["score"]) for s, r in exported.items()} == {s: float(r["score"]) for s, r in rows.items()}
