"""The program that runs inside the sandbox: the student's cells, then calls to their functions.

Nothing about the job is in a file. The trusted grader writes to this process's job pipe, one JSON
line at a time: first the student's code cells (and which to skip), and, only once every cell has run,
one call at a time (``{"n": 3, "function": ..., "args": ..., "kwargs": ...}``), the next one after the
previous call's result has come back, then ``{"end": true}``. So no student code can read ahead or
rewrite a call that has not been made yet, and a call's number tells nothing about the case.

Events go back one JSON line each on a second pipe: ``{"start": item}`` before each cell,
``{"done": item, ...}`` after each cell or call, ``{"ready": true}`` after the cells. Only plain data
leaves this process, and the trusted grader believes none of it beyond "this is what the function
returned": it judges against the inputs it chose itself.

The trusted grader starts it with ``main(events_fd, jobs_fd)`` after putting this folder's copy and the
site-packages (NumPy) on ``sys.path``.
"""

import _thread
import json
import os
import re
import signal
import sys
import threading
import types

from . import call, codec


class ItemTimeout(BaseException):
    """Raised inside a cell or call that runs past its time limit."""


SKIPPED_SLOW = "TimeoutError: not run (an earlier call of this function ran past its time limit)"
TIMED_OUT = "TimeoutError: ran past its time limit"


def emit(out, **event):
    out.write(json.dumps(event) + "\n")
    out.flush()


def stub_autograder():
    """A stand-in for the course package: self-checks do nothing when graded."""
    module = types.ModuleType("autograder")
    module.check = lambda *args, **kwargs: 0.0
    return module


class _Shell:
    """Answers IPython magics (``%matplotlib inline``) with nothing."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


PROMPT = re.compile(r"^\s*(>>>|\.\.\.|In \[)", re.M)  # pasted prompts, which IPython strips


def plain_python(source):
    """``source`` as IPython's transformer would return it, when it is already plain Python; else None.

    On plain Python the transformer only adds a final newline and drops leading blank lines (magics,
    ``!cmd`` and ``x?`` are not valid Python; an indented first line or a pasted prompt goes to IPython).
    It saves importing IPython (a quarter of a second) in most sandboxes.
    """
    lines = (source if source.endswith("\n") else source + "\n").splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line and not line.isspace()), 0)
    text = "".join(lines[start:])
    if text[:1].isspace() or PROMPT.search(text):
        return None
    try:
        compile(text, "<cell>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return None
    return text


def transform(source):
    """Turn IPython syntax (magics, ``!cmd``) into plain Python."""
    plain = plain_python(source)
    if plain is not None:
        return plain
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return TransformerManager().transform_cell(source)
    except Exception:
        return source


def with_timeout(seconds, action):
    def alarm(signum, frame):
        raise ItemTimeout()

    signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return action()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def error_text(exc):
    return TIMED_OUT if isinstance(exc, ItemTimeout) else call.describe_error(exc)


def threads_left():
    """How many threads besides this one are still running (started by the student's code)."""
    return max(threading.active_count() - 1, 0)


def report_threads(out):
    """Tell the grader, before it runs, of every thread the student's code starts (see ``threads``)."""
    for module, name in (
        (_thread, "start_new_thread"),
        (_thread, "start_joinable_thread"),
        (_thread, "start_new"),
        (threading, "_start_new_thread"),
        (threading, "_start_joinable_thread"),
    ):
        original = getattr(module, name, None)
        if original is not None:
            setattr(module, name, _announcing(out, original))


def _announcing(out, start):
    def announced(*args, **kwargs):
        emit(out, thread=True)
        return start(*args, **kwargs)

    return announced


def run_cell(namespace, index, source):
    code = compile(transform(source), f"<cell {index}>", "exec")
    exec(code, namespace)


def run_call(namespace, spec):
    fn = namespace.get(spec["function"])
    if not callable(fn):
        return call.failed(f"NameError: {spec['function']} is not defined (or is not a function)")
    return call.run_case(fn, tuple(codec.decode(spec["args"])), codec.decode(spec["kwargs"]))


def run_cells(out, namespace, cells, skip, limit):
    for index, source in enumerate(cells):
        item = f"cell:{index}"
        if item in skip:
            continue
        emit(out, start=item)
        try:
            with_timeout(limit, lambda: run_cell(namespace, index, source))
            emit(out, done=item, error=None, threads=threads_left())
        except BaseException as exc:  # a student's cell may raise anything, SystemExit included
            emit(out, done=item, error=error_text(exc), where=call.where(exc), threads=threads_left())


def one_call(namespace, spec, limit, too_slow):
    """The outcome of one call; a function that ran past the limit once is not called again."""
    if spec["function"] in too_slow:
        return call.failed(SKIPPED_SLOW)
    try:
        return with_timeout(limit, lambda: run_call(namespace, spec))
    except BaseException as exc:
        if isinstance(exc, ItemTimeout):
            too_slow.add(spec["function"])
        return {**call.failed(error_text(exc)), "where": call.where(exc)}


def run_calls(out, jobs, namespace, limit):
    """Answer calls from the job pipe, one at a time, until it says end (or closes)."""
    too_slow = set()
    for line in jobs:
        spec = json.loads(line)
        if spec.get("end"):
            break
        outcome = one_call(namespace, spec, limit, too_slow)
        emit(out, done=f"call:{spec['n']}", outcome=outcome, threads=threads_left())


def main(events_fd, jobs_fd):
    """Run the cells named on ``jobs_fd``, then the calls that follow, writing events to ``events_fd``."""
    out = os.fdopen(events_fd, "w", buffering=1)
    jobs = os.fdopen(jobs_fd, "r", encoding="utf-8")
    first = json.loads(jobs.readline())
    sys.modules["autograder"] = stub_autograder()
    report_threads(out)
    namespace = {"__name__": "__main__", "display": lambda *a, **k: None, "get_ipython": _Shell}
    limit = float(first["item_timeout"])
    run_cells(out, namespace, first.pop("cells"), set(first["skip"]), limit)
    emit(out, ready=True)
    run_calls(out, jobs, namespace, limit)
    emit(out, end=True)
