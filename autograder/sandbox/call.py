"""Run one case of a student's function and report what happened as JSON data."""

import copy
import time
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from . import codec

__all__ = ["MAX_ERROR", "run_case", "failed", "describe_error", "cut", "where"]

MAX_ERROR = 300
"""Longest error description kept, in characters."""


def cut(text: str, limit: int = MAX_ERROR) -> str:
    """``text`` cut to ``limit`` characters (ending in "…" when cut); the one place error text is cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_error(exc: BaseException) -> str:
    """``"TypeError: message"`` for an exception, cut to ``MAX_ERROR`` characters; never raises."""
    try:
        name = type(exc).__name__
        text = str(exc)
    except Exception:
        text = "(message could not be read)"
    line = f"{name}: {text}" if text else name
    return cut(line)


def where(exc: BaseException) -> list[int] | None:
    """``[cell index, line]`` of the deepest frame in the student's own cells (``<cell N>``), or None."""
    found, tb = None, getattr(exc, "__traceback__", None)
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.startswith("<cell ") and name.endswith(">") and name[6:-1].isdigit():
            found = [int(name[6:-1]), tb.tb_lineno]
        tb = tb.tb_next
    return found


def failed(error: str) -> dict[str, Any]:
    """The outcome of a call that gave no result: ``error`` says why (``"TimeoutError: ..."``)."""
    return {"result": None, "error": error, "inputs_after": None, "seconds": 0.0}


def run_case(fn: Callable, args: Iterable, kwargs: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Call ``fn`` on deep copies of ``args`` and ``kwargs`` and encode the outcome.

    Args:
        fn: The student's function.
        args: Positional arguments (a tuple); the originals are never passed to ``fn``.
        kwargs: Keyword arguments, or None.

    Returns:
        A JSON-able dict: ``result`` (encoded, or None after an error), ``error``
        (``"TypeError: message"`` or None), ``inputs_after`` (the encoded copies of
        ``args`` after the call, to detect mutation), ``seconds`` and ``where`` (the student's
        cell and line that raised, or None).
    """
    args_copy = copy.deepcopy(tuple(args))
    kwargs_copy = copy.deepcopy(dict(kwargs or {}))
    result, error, location = None, None, None
    start = time.perf_counter()
    try:
        with warnings.catch_warnings():  # a warning on stderr would zero the cell under plain nbgrader
            warnings.simplefilter("ignore")
            result = fn(*args_copy, **kwargs_copy)
    except Exception as exc:
        error, location = describe_error(exc), where(exc)
    seconds = time.perf_counter() - start
    return {
        "result": None if error else codec.encode(result),
        "error": error,
        "inputs_after": codec.encode(args_copy),
        "seconds": seconds,
        "where": location,
    }
