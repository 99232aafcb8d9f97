"""``check``: the one call in a notebook's test cell.

A public self-check reads its cases and answer key from ``public_key.json``: the student's kernel
never imports the reference, the wrong variants or the hidden cases. Only ``hidden=True`` (run by
plain ``nbgrader autograde``, which runs hidden tests in the student's kernel by design) imports the
instructor side.

A submission is graded in a sandbox where only the standard library and NumPy exist: the course's
teaching helpers (``course``) and this package (``autograder``) are not there. So the self-check
refuses a function that is, or calls, something from them: it would score here and fail when graded.
"""

import json
import types
from collections.abc import Callable

from ..sandbox.call import run_case
from .assess import assess
from .problems import Problem, case_from_data, public_data

__all__ = ["FOREIGN", "borrowed", "check"]

FOREIGN = ("course", "autograder")
"""Top-level packages a submission cannot use: they are absent from the grading sandbox."""


def _foreign(obj):
    """The dotted name of the course or autograder module ``obj`` comes from, or None."""
    module = obj.__name__ if isinstance(obj, types.ModuleType) else getattr(obj, "__module__", None)
    if not isinstance(module, str):
        return None
    return module if module.split(".")[0] in FOREIGN else None


def _used(fn):
    """``(name, value)`` of the globals and closure variables ``fn``'s code refers to."""
    code = getattr(fn, "__code__", None)
    names = getattr(fn, "__globals__", None)
    found = [(n, names[n]) for n in getattr(code, "co_names", ()) if isinstance(names, dict) and n in names]
    for name, cell in zip(getattr(code, "co_freevars", ()), getattr(fn, "__closure__", None) or ()):
        try:
            found.append((name, cell.cell_contents))
        except ValueError:  # an empty cell
            pass
    return found


def borrowed(fn: Callable[..., object], depth: int = 3) -> str | None:
    """What ``fn`` takes from ``course`` or ``autograder``: ``fn`` itself, or a name it (or a helper
    function it calls, ``depth`` levels down) uses.

    Returns:
        A short description (``"central_difference from autograder.student.numerics"``), or None.
    """
    found = _foreign(fn)
    if found:
        return f"{getattr(fn, '__name__', 'it')} from {found}"
    for name, value in _used(fn) if depth > 0 else ():
        found = _foreign(value)
        if found:
            return f"{name} from {found}"
        if isinstance(value, types.FunctionType) and value is not fn:
            deeper = borrowed(value, depth - 1)
            if deeper:
                return deeper
    return None


def _cases_and_key(name, hidden):
    """The cases of ``name`` and their answer key: shipped data, or computed for the hidden ones."""
    if not hidden:
        entry = public_data()[name]
        return [case_from_data(c) for c in entry["cases"]], entry["key"]
    from ..instructor import cases, key  # instructor side, only where nbgrader runs hidden tests

    case_list = cases(name, hidden=True)
    return case_list, key.build(name, case_list)


def _outcomes(fn, case_list):
    """Run ``fn`` at every case; JSON round trip so the data is what the trusted grader sees."""
    raw = [run_case(fn, case.args, case.kwargs) for case in case_list]
    return json.loads(json.dumps(raw, allow_nan=False))


def _refusal(name, fn):
    """Why ``fn`` cannot be checked as problem ``name`` (a message), or None."""
    if name not in public_data():
        return f"check: there is no problem called {name!r}; known: {', '.join(public_data())}"
    signature = Problem.from_data(public_data()[name]["key"]["problem"]).signature
    if not callable(fn):
        return f"{signature}: expected a function, got a {type(fn).__name__} — 0 points"
    try:
        used = borrowed(fn)
    except Exception:  # an object that cannot be inspected is judged by its results
        used = None
    if used:
        return (
            f"{signature}: uses {used}, which is not available when your work is graded "
            "(only the standard library and NumPy are): write it yourself — 0 points"
        )
    return None


def check(name: str, fn: Callable[..., object], hidden: bool = False) -> float:
    """Check the student's ``fn`` for problem ``name`` and print feedback.

    Args:
        name: The function's name, e.g. ``"partials"``.
        fn: The student's function.
        hidden: Whether to use the hidden cases instead of the public ones.

    Returns:
        The points earned, a float (nbgrader reads it as the cell's score). Never raises.
    """
    refused = _refusal(name, fn)
    if refused:
        print(refused)
        return 0.0
    try:
        case_list, answers = _cases_and_key(name, hidden)
        result = assess(name, case_list, _outcomes(fn, case_list), answers, hidden)
    except Exception as exc:  # the check itself must never crash a test cell
        print(f"{name}: could not be checked ({type(exc).__name__}: {exc}) — 0 points")
        return 0.0
    print(result.message)
    return float(result.points)
