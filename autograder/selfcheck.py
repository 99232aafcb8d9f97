"""``check``: the one call in a notebook's test cell.

A public self-check reads its cases and answer key from ``public_key.json``: the student's kernel
never imports the reference, the wrong variants or the hidden cases. Only ``hidden=True`` (run by
plain ``nbgrader autograde``, which runs hidden tests in the student's kernel by design) imports the
instructor side.
"""
import json
from functools import lru_cache

from .assess import assess
from .problems import PROBLEMS, PUBLIC_KEY, case_from_data
from .sandbox.call import run_case

__all__ = ["check"]

@lru_cache(maxsize=1)
def _public_data():
    return json.loads(PUBLIC_KEY.read_text(encoding="utf-8"))


def _cases_and_key(name, hidden):
    """The cases of ``name`` and their answer key: shipped data, or computed for the hidden ones."""
    if not hidden:
        entry = _public_data()[name]
        return [case_from_data(c) for c in entry["cases"]], entry["key"]
    from . import casegen, key  # instructor side, only where nbgrader runs hidden tests
    case_list = casegen.cases(name, hidden=True)
    return case_list, key.build(name, case_list)


def _outcomes(fn, case_list):
    """Run ``fn`` at every case; JSON round trip so the data is what the trusted grader sees."""
    raw = [run_case(fn, case.args, case.kwargs) for case in case_list]
    return json.loads(json.dumps(raw, allow_nan=False))


def check(name, fn, hidden=False):
    """Check the student's ``fn`` for problem ``name`` and print feedback.

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
        case_list, answers = _cases_and_key(name, hidden)
        result = assess(name, case_list, _outcomes(fn, case_list), answers, hidden)
    except Exception as exc:  # the check itself must never crash a test cell
        print(f"{PROBLEMS[name].signature}: could not be checked ({type(exc).__name__}: {exc}) — 0 points")
        return 0.0
    print(result.message)
    return float(result.points)
