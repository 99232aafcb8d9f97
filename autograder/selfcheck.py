"""``check``: the one call in a notebook's test cell."""
import json

from .assess import assess
from .problems import PROBLEMS, cases
from .sandbox.call import run_case

__all__ = ["check"]


def _outcomes(fn, case_list):
    """Run ``fn`` at every case; JSON round trip so the data is what the trusted grader sees."""
    raw = [run_case(fn, case.args, case.kwargs) for case in case_list]
    return json.loads(json.dumps(raw, allow_nan=False))


def check(name, fn, hidden=False):
    """Check the student's ``fn`` against the reference for problem ``name`` and print feedback.

    Args:
        name: The function's name, e.g. ``"partials"``.
        fn: The student's function.
        hidden: Whether to use the hidden cases instead of the public ones.

    Returns:
        The points earned, a float (nbgrader reads it as the cell's score). Never raises.
    """
    if name not in PROBLEMS:
        print(f"check: there is no problem called {name!r}; known: {', '.join(PROBLEMS)}")
        return 0.0
    if not callable(fn):
        print(f"{PROBLEMS[name].signature}: expected a function, got a {type(fn).__name__} — 0 points")
        return 0.0
    try:
        case_list = cases(name, hidden)
        result = assess(name, case_list, _outcomes(fn, case_list), hidden)
    except Exception as exc:  # the check itself must never crash a test cell
        print(f"{PROBLEMS[name].signature}: could not be checked ({type(exc).__name__}: {exc}) — 0 points")
        return 0.0
    print(result.message)
    return float(result.points)
