"""The program that runs inside the sandbox: the student's cells, then calls to their functions.

It reads a job (JSON) naming the code cells and the calls to make, and streams one JSON event per line
on a file descriptor given by the grader: ``{"start": item}`` before each cell or call and ``{"done": item, ...}`` after it.
A cell or call that hangs, crashes or exits the interpreter leaves a ``start`` without its ``done``:
the trusted grader kills the sandbox and runs it again with that item skipped. Only plain data leaves
this process; the trusted grader compares it with the reference.

The trusted grader starts it with ``main(job_path)`` after putting this folder's copy and the
site-packages (NumPy) on ``sys.path``.
"""
import json
import os
import signal
import sys
import types

from . import call, codec


class ItemTimeout(BaseException):
    """Raised inside a cell or call that runs past its time limit."""


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


def transform(source):
    """Turn IPython syntax (magics, ``!cmd``) into plain Python."""
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


SKIPPED_SLOW = "TimeoutError: not run (an earlier call of this function ran past its time limit)"


def error_text(exc):
    if isinstance(exc, ItemTimeout):
        return "TimeoutError: ran past its time limit"
    return f"{type(exc).__name__}: {exc}"[:300]


def run_cell(namespace, index, source):
    code = compile(transform(source), f"<cell {index}>", "exec")
    exec(code, namespace)


def run_call(namespace, spec):
    fn = namespace.get(spec["function"])
    if not callable(fn):
        return call.failed(f"NameError: {spec['function']} is not defined (or is not a function)")
    args = codec.decode(spec["args"])
    kwargs = codec.decode(spec["kwargs"])
    return call.run_case(fn, tuple(args), kwargs)


def run_cells(out, namespace, cells, skip, limit):
    for index, source in enumerate(cells):
        item = f"cell:{index}"
        if item in skip:
            continue
        emit(out, start=item)
        try:
            with_timeout(limit, lambda: run_cell(namespace, index, source))
            emit(out, done=item, error=None)
        except BaseException as exc:  # a student's cell may raise anything, SystemExit included
            emit(out, done=item, error=error_text(exc))


def run_calls(out, namespace, calls, skip, limit):
    too_slow = set()  # a function that ran past the limit once is not called again
    for spec in calls:
        item = f"call:{spec['id']}"
        if item in skip:
            continue
        emit(out, start=item)
        if spec["function"] in too_slow:
            outcome = call.failed(SKIPPED_SLOW)
        else:
            try:
                outcome = with_timeout(limit, lambda: run_call(namespace, spec))
            except BaseException as exc:
                outcome = call.failed(error_text(exc))
                too_slow.update([spec["function"]] if isinstance(exc, ItemTimeout) else [])
        emit(out, done=item, outcome=outcome)


def main(job_path, fd):
    """Run the job at ``job_path``, writing events to file descriptor ``fd``."""
    out = os.fdopen(fd, "w", buffering=1)
    with open(job_path) as handle:
        job = json.load(handle)
    sys.modules["autograder"] = stub_autograder()
    namespace = {"__name__": "__main__", "display": lambda *a, **k: None, "get_ipython": _Shell}
    skip, limit = set(job["skip"]), job["item_timeout"]
    run_cells(out, namespace, job["cells"], skip, limit)
    run_calls(out, namespace, job["calls"], skip, limit)
    emit(out, end=True)
