"""Where the sandboxed runs happen: threads on this machine, or the workers of a Dask cluster.

Either way the caller gets each student's parts back as they complete, with a bounded number of
students in flight, so the trusted process's memory does not grow with the class. On a cluster, the
workers receive only bytes (the rebuilt notebooks' code and the calls to make) and send back the
sandbox's outcomes as JSON; reading the submissions, the reference and the recording stay here.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from pathlib import Path
from typing import TYPE_CHECKING

from . import jail

if TYPE_CHECKING:
    from .grading import Notebook, NotebookRun

__all__ = ["runner", "local_slots", "ThreadRuns", "DaskRuns", "run_payload", "WINDOW"]

WINDOW = 4  # students in flight per sandbox slot


def runner(
    workers: int | None = None,
    scheduler: str | None = None,
    use_sandbox: bool = True,
    limits: jail.Limits = jail.Limits(),
) -> ThreadRuns | DaskRuns:
    """Dask when a scheduler address is given (or in DASK_SCHEDULER_ADDRESS), else a thread pool of
    ``workers`` sandboxes at a time (default: :func:`local_slots`)."""
    address = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS")
    if address:
        return DaskRuns(address, use_sandbox, limits)
    return ThreadRuns(workers or local_slots(), use_sandbox, limits)


def local_slots() -> int:
    """Sandboxes run at once on this machine: one more than its cores. A sandbox spends part of its time
    waiting for its next call from this process (whose threads take turns with the one assessing and
    recording): the extra one keeps every core busy meanwhile (measured: 11% more throughput on 2 cores)."""
    return (os.cpu_count() or 1) + 1


def _windowed(items, submit, wait_any, window):
    """Yield (item, future) as futures complete, keeping at most ``window`` submitted."""
    items, pending = iter(items), {}
    for item in items:
        pending[submit(item)] = item
        if len(pending) >= window:
            break
    while pending:
        for future in wait_any(list(pending)):
            yield pending.pop(future), future
            item = next(items, None)
            if item is not None:
                pending[submit(item)] = item


class ThreadRuns:
    """Sandboxes started from a pool of threads of this process (the default)."""

    def __init__(self, workers, use_sandbox=True, limits=jail.Limits()):
        self.workers, self.use_sandbox, self.limits = workers, use_sandbox, limits

    def __enter__(self):
        self.pool = ThreadPoolExecutor(max_workers=self.workers)
        return self

    def __exit__(self, *exc):
        # Ctrl-C or SIGTERM: do not start the queued sandboxes
        self.pool.shutdown(wait=exc[0] is None, cancel_futures=True)

    def completed(
        self, root: Path, assignment: str, students: Iterable[str], plans: Sequence[Notebook]
    ) -> Iterator[tuple[str, list[NotebookRun]]]:
        """Yield (student, parts) as each student's runs finish."""
        from .grading import _run_student

        submit = lambda s: self.pool.submit(
            _run_student, root, assignment, s, plans, self.use_sandbox, self.limits
        )
        done = lambda futures: wait(futures, return_when=FIRST_COMPLETED).done
        for student, future in _windowed(students, submit, done, WINDOW * self.workers):
            yield student, future.result()


def run_payload(code: bytes, calls: bytes) -> bytes:
    """On a worker: run one student's notebooks in the sandbox; bytes in, JSON bytes out.

    ``code`` is {"sandbox", "limits", "notebooks": [{"name", "cells"}]} (``limits`` the fields of a
    ``jail.Limits``), ``calls`` is {notebook name: list of calls}, both JSON bytes.
    """
    job, calls = json.loads(code), json.loads(calls)
    limits = _limits(job.get("limits"))
    out = []
    for notebook in job["notebooks"]:
        run = jail.run_submission(
            notebook["cells"], calls[notebook["name"]], sandbox=job["sandbox"], limits=limits
        )
        out.append(
            {
                "name": notebook["name"],
                "outcomes": run.outcomes,
                "cell_errors": run.cell_errors,
                "notes": run.notes,
                "threads": {str(k): v for k, v in run.threads.items()},
                "sandbox": run.sandbox,
            }
        )
    return json.dumps(out).encode()


def _limits(data):
    """The ``jail.Limits`` a job names (its numeric fields only; the defaults for the rest)."""
    fields = {f.name: f.type for f in dataclasses.fields(jail.Limits)}
    given = data if isinstance(data, dict) else {}
    kept = {k: v for k, v in given.items() if k in fields and type(v) in (int, float) and v > 0}
    return jail.Limits(**kept)


def _as_run(data):
    """A :class:`jail.Run` from a worker's JSON, keeping only well-typed fields."""
    outcomes = data.get("outcomes") if isinstance(data.get("outcomes"), dict) else {}
    errors = data.get("cell_errors") if isinstance(data.get("cell_errors"), dict) else {}
    notes = data.get("notes") if isinstance(data.get("notes"), list) else []
    threads = data.get("threads") if isinstance(data.get("threads"), dict) else {}
    return jail.Run(
        outcomes={str(k): v for k, v in outcomes.items() if isinstance(v, dict)},
        cell_errors={int(k): str(v)[:300] for k, v in errors.items() if str(k).isdigit()},
        notes=[str(n)[:500] for n in notes][:50],
        threads={(int(k) if k.isdigit() else k): str(v)[:500] for k, v in list(threads.items())[:50]},
        sandbox=str(data.get("sandbox", "?"))[:80],
    )


class DaskRuns:
    """Sandboxes run by the workers of a Dask cluster; this process stays the only writer."""

    def __init__(self, address, use_sandbox=True, limits=jail.Limits()):
        self.address, self.use_sandbox, self.limits = address, use_sandbox, limits

    def __enter__(self):
        from distributed import Client

        self.client = Client(self.address, timeout="30s")
        self.slots = max(sum(self.client.nthreads().values()), 1)
        self.prepared = {}
        return self

    def __exit__(self, *exc):
        self.client.close()

    def _submit(self, root, assignment, plans, calls):
        def submit(student):
            prepared = [_prepared(root, student, assignment, p) for p in plans]
            notebooks = [
                {"name": p.name, "cells": _code(rebuilt)}
                for p, rebuilt, _, status in prepared
                if status == "graded"
            ]
            code = json.dumps(
                {
                    "sandbox": self.use_sandbox,
                    "limits": dataclasses.asdict(self.limits),
                    "notebooks": notebooks,
                }
            ).encode()
            future = self.client.submit(run_payload, code, calls, pure=False)
            self.prepared[future.key] = student, prepared
            return future

        return submit

    def completed(
        self, root: Path, assignment: str, students: Iterable[str], plans: Sequence[Notebook]
    ) -> Iterator[tuple[str, list[NotebookRun]]]:
        """Yield (student, parts) as the cluster completes each student's runs (failed ones too).

        A worker that dies takes the tasks it held with it; a task that was on three workers as they died
        ends as ``KilledWorker``. Such students are run again at the end, one at a time: only a
        submission that kills every worker it is sent to fails twice.
        """
        calls = json.dumps({p.name: p.calls for p in plans}).encode()  # in each task: no data to lose
        submit, again = self._submit(root, assignment, plans, calls), []
        for student, future, prepared in self._stream(students, submit, WINDOW * self.slots):
            if future.status == "error" and type(future.exception()).__name__ == "KilledWorker":
                again.append(student)
            else:
                yield student, _parts(future, prepared)
            future.release()
        for student, future, prepared in self._stream(again, submit, 1):
            yield student, _parts(future, prepared)
            future.release()

    def _stream(self, students, submit, window):
        """(student, finished future, prepared notebooks), at most ``window`` submitted at a time."""
        from distributed import as_completed

        items, finished = iter(students), as_completed()
        for student in itertools.islice(items, window):
            finished.add(submit(student))
        for future in finished:
            student, prepared = self.prepared.pop(future.key)
            yield student, future, prepared
            student = next(items, None)
            if student is not None:
                finished.add(submit(student))


def _prepared(root, student, assignment, nb_plan):
    """(plan, rebuilt notebook, notes, status) of one submitted notebook, read here (the trusted side)."""
    from .grading import _blank, _submission

    try:
        return (nb_plan, *_submission(root, student, assignment, nb_plan))
    except Exception as exc:  # a grader bug must not cost the rest of the class
        return nb_plan, _blank(nb_plan), [f"internal grading error ({type(exc).__name__}: {exc})"], "error"


def _code(rebuilt):
    from .notebooks import code_to_run

    return code_to_run(rebuilt)


def _parts(future, prepared):
    """The student's ``NotebookRun`` list from a finished cluster task."""
    from .grading import NotebookRun

    try:
        runs = {r["name"]: _as_run(r) for r in json.loads(future.result()) if isinstance(r, dict)}
        problem = None
    except Exception as exc:  # KilledWorker: the submission stopped every worker it was sent to
        runs, problem = {}, f"{type(exc).__name__}: the submission stopped every grading machine it ran on"
    parts = []
    for nb_plan, rebuilt, notes, status in prepared:
        run = runs.get(nb_plan.name) if status == "graded" else None
        if status == "graded" and run is None:
            notes, status = [*notes, problem or "the grading machine returned no result"], "error"
        parts.append(NotebookRun(nb_plan, rebuilt, notes, status, run))
    return parts
