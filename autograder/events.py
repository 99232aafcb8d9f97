"""The trusted side's reading of what a sandbox sends back: every byte is hostile.

:func:`parse` turns one line of the event channel into a typed event, or a :class:`Malformed` one; it
never raises, whatever the bytes (invalid UTF-8, truncated or deeply nested JSON, wrong types, numbers
that overflow). A malformed event costs at most the item the sandbox is busy with. :func:`student_error`
turns an error reported by the sandbox into what the student's feedback may show: the error type and
the student's own line, with host paths masked, and for hidden cases no message at all (it could carry
the hidden inputs).
"""

import builtins
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .sandbox import codec
from .sandbox.call import cut
from .sandbox.runner import SKIPPED_SLOW, TIMED_OUT

__all__ = [
    "Start",
    "CellDone",
    "CallDone",
    "ThreadStarted",
    "Ready",
    "End",
    "Malformed",
    "parse",
    "clean_text",
    "student_error",
    "MAX_LINE",
]

MAX_LINE = 8 * 1024**2
"""Longest event line read; a longer one is malformed (the largest honest result is ~4 MB)."""

MAX_NESTING = 2 * codec.MAX_DEPTH + 8
"""Deepest JSON nesting of an honest event: each level of a value is at most two levels of JSON."""

MAX_THREADS = 10_000
_CONTROL = {c: "?" for c in [*range(0, 9), 11, 12, *range(14, 32), 127]}
_PATH = re.compile(r"(?<![\w.])/(?:[\w.+@~-]+/)*[\w.+@~-]*")
_BUILTIN_ERRORS = frozenset(
    n for n, v in vars(builtins).items() if isinstance(v, type) and issubclass(v, BaseException)
)
_VERBATIM = frozenset([SKIPPED_SLOW, TIMED_OUT])


@dataclass(frozen=True)
class Start:
    """The sandbox begins code cell ``index``."""

    index: int


@dataclass(frozen=True)
class CellDone:
    """Code cell ``index`` finished, with an error (text as sent) or None."""

    index: int
    error: str | None
    where: tuple | None
    threads: int


@dataclass(frozen=True)
class CallDone:
    """Call number ``n`` finished; ``outcome`` is checked plain data (see :func:`_outcome`)."""

    n: int
    outcome: dict
    threads: int


@dataclass(frozen=True)
class ThreadStarted:
    """The student's code started a thread (it may keep running after its cell or call)."""


@dataclass(frozen=True)
class Ready:
    """Every cell has run: the sandbox waits for calls."""


@dataclass(frozen=True)
class End:
    """The sandbox finished its job."""


@dataclass(frozen=True)
class Malformed:
    """A line that is not an event this grader could have asked for."""

    reason: str


def clean_text(text: object, limit: int = 2000) -> str:
    """``text`` safe for any notebook or database: no lone surrogates or control characters, cut."""
    text = cut(str(text), limit)
    return text.encode("utf-8", "replace").decode("utf-8").translate(_CONTROL)


def _load(line):
    if len(line) > MAX_LINE:
        raise ValueError("the event is too large")
    data = json.loads(line.decode("utf-8", "replace"))
    if not _nesting_ok(data, MAX_NESTING):
        raise ValueError("the event is nested too deeply")
    return data


def _nesting_ok(data, limit):
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return False
        if type(value) is list:
            stack.extend((v, depth + 1) for v in value)
        elif type(value) is dict:
            stack.extend((v, depth + 1) for v in value.values())
    return True


def _count(value, top):
    if type(value) is not int or not 0 <= value < top:
        raise ValueError("a count is out of range")
    return value


def _item(text, kind, top):
    if type(text) is not str or not text.startswith(kind + ":") or not text[len(kind) + 1 :].isdigit():
        raise ValueError("unknown item")
    return _count(int(text[len(kind) + 1 :][:12]), top)


def _where(value):
    if value is None:
        return None
    if type(value) is not list or len(value) != 2:
        raise ValueError("bad location")
    return _count(value[0], 10**6), _count(value[1], 10**8)


def _error(value):
    if value is not None and type(value) is not str:
        raise ValueError("an error is not text")
    return None if value is None else clean_text(value, 1000)


def _outcome(data):
    """The outcome of one call as plain data the assessment can read, or a failure saying why not."""
    if type(data) is not dict:
        raise ValueError("an outcome is not a mapping")
    error, seconds = _error(data.get("error")), data.get("seconds", 0.0)
    if type(seconds) not in (int, float):
        raise ValueError("the call's time is not a number")
    result, after = data.get("result"), data.get("inputs_after")
    codec.decode(result)  # raises ValueError when it is not something encode makes
    codec.decode(after)
    return {
        "result": None if error else result,
        "error": error,
        "inputs_after": after,
        "seconds": float(seconds),
        "where": _where(data.get("where")),
    }


def _event(data, n_cells, n_calls):
    if type(data) is not dict:
        raise ValueError("an event is not a mapping")
    threads = _count(data.get("threads", 0), MAX_THREADS)
    if set(data) == {"start"}:
        return Start(_item(data["start"], "cell", n_cells))
    if data.get("thread") is True and len(data) == 1:
        return ThreadStarted()
    if data.get("ready") is True and len(data) == 1:
        return Ready()
    if data.get("end") is True and len(data) == 1:
        return End()
    done = data.get("done")
    if type(done) is str and done.startswith("cell:"):
        return CellDone(
            _item(done, "cell", n_cells), _error(data.get("error")), _where(data.get("where")), threads
        )
    if type(done) is str and done.startswith("call:"):
        return CallDone(_item(done, "call", n_calls), _outcome(data.get("outcome")), threads)
    raise ValueError("unknown event")


def parse(
    line: bytes, n_cells: int, n_calls: int
) -> Start | CellDone | CallDone | ThreadStarted | Ready | End | Malformed:
    """One event from one line of bytes (without its newline); never raises.

    Args:
        line: The bytes the sandbox sent.
        n_cells: How many code cells were sent (larger indices are malformed).
        n_calls: How many calls there are (larger call numbers are malformed).

    Returns:
        A :class:`Start`, :class:`CellDone`, :class:`CallDone`, :class:`ThreadStarted`,
        :class:`Ready`, :class:`End` or :class:`Malformed`.
    """
    try:
        return _event(_load(line), n_cells, n_calls)
    except (
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        AttributeError,
        OverflowError,
        RecursionError,
        MemoryError,
        UnicodeError,
    ) as exc:
        return Malformed(clean_text(f"{type(exc).__name__}: {exc}", 200))


def _type_name(error):
    name = error.split(":", 1)[0].strip()
    return name if name in _BUILTIN_ERRORS else "an error"


def _line(where, cells):
    """``" (code cell 2, line 3: y = x / 0)"`` from the student's own cells (the trusted copy)."""
    if where is None or where[0] >= len(cells):
        return ""
    lines = cells[where[0]].splitlines()
    code = clean_text(lines[where[1] - 1].strip(), 160) if 0 < where[1] <= len(lines) else ""
    code = _PATH.sub("<path>", code)
    return f" (code cell {where[0] + 1}, line {where[1]}{': ' + code if code else ''})"


def student_error(error: str, where: Sequence[int] | None, cells: Sequence[str], hidden: bool) -> str:
    """What the feedback may say about an error the sandbox reported.

    Args:
        error: The sandbox's text, ``"TypeError: message"`` (hostile).
        where: ``(cell index, line)`` in the student's cells, or None.
        cells: The code cells the grader sent (trusted: the student's own code).
        hidden: Whether the call had hidden inputs: then the message is dropped.

    Returns:
        The error type (a builtin name, else "an error"), its message with host paths masked unless
        hidden, and the student's line.
    """
    if error in _VERBATIM:
        return error
    if hidden:
        return f"{_type_name(error)} in a hidden case (its message is not shown){_line(where, cells)}"
    return cut(_PATH.sub("<path>", cut(error)) + _line(where, cells), 2 * 300)
