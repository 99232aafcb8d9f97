"""Run one case of a student's function and report what happened as JSON data."""
import copy
import time
import warnings

from . import codec

__all__ = ["MAX_ERROR", "run_case", "failed", "describe_error"]

MAX_ERROR = 300
"""Longest error description kept, in characters."""


def describe_error(exc):
    """``"TypeError: message"`` for an exception, cut to ``MAX_ERROR`` characters; never raises."""
    try:
        name = type(exc).__name__
        text = str(exc)
    except Exception:
        text = "(message could not be read)"
    line = f"{name}: {text}" if text else name
    return line if len(line) <= MAX_ERROR else line[: MAX_ERROR - 1] + "…"


def failed(error):
    """The outcome of a call that gave no result: ``error`` says why (``"TimeoutError: ..."``)."""
    return {"result": None, "error": error, "inputs_after": None, "seconds": 0.0}


def run_case(fn, args, kwargs=None):
    """Call ``fn`` on deep copies of ``args`` and ``kwargs`` and encode the outcome.

    Args:
        fn: The student's function.
        args: Positional arguments (a tuple); the originals are never passed to ``fn``.
        kwargs: Keyword arguments, or None.

    Returns:
        A JSON-able dict: ``result`` (encoded, or None after an error), ``error``
        (``"TypeError: message"`` or None), ``inputs_after`` (the encoded copies of
        ``args`` after the call, to detect mutation) and ``seconds``.
    """
    args_copy = copy.deepcopy(tuple(args))
    kwargs_copy = copy.deepcopy(dict(kwargs or {}))
    result, error = None, None
    start = time.perf_counter()
    try:
        with warnings.catch_warnings():  # a warning on stderr would zero the cell under plain nbgrader
            warnings.simplefilter("ignore")
            result = fn(*args_copy, **kwargs_copy)
    except Exception as exc:
        error = describe_error(exc)
    seconds = time.perf_counter() - start
    return {
        "result": None if error else codec.encode(result),
        "error": error,
        "inputs_after": codec.encode(args_copy),
        "seconds": seconds,
    }
