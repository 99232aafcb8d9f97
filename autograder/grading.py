"""Grade a whole class: every submission sandboxed, compared with the reference, recorded in nbgrader.

Sandboxed runs use every core (or the workers of a Dask cluster, see ``runs``); assessing and recording
in the gradebook happen in this one process, a batch of students per transaction, so the gradebook
never sees two writers. A submission that cannot be read, hangs or crashes costs only
its own items: every student under ``submitted/`` ends up in the results.
"""

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

# isort: off
from . import lean  # noqa: F401  (first: see lean)
# isort: on

import nbformat
from nbgrader.utils import parse_utc

from . import jail, notebooks, record, runs
from .events import clean_text
from .instructor import case_data, grading_secret, key
from .instructor import cases as problem_cases
from .pages import Pages
from .student.assess import assess, count_with_hidden

__all__ = ["Status", "StudentResult", "grade_class", "students_in"]


class Status(StrEnum):
    """A student's status in the CSV: graded, or why not (the value is the CSV's text)."""

    GRADED = "graded"
    NOT_SUBMITTED = "not submitted"
    UNREADABLE = "unreadable"
    GRADER_ERROR = "grader error"
    NOT_RECORDED = "not recorded"
    UNUSABLE_NAME = "unusable folder name"


NOT_RUN = {"missing": Status.NOT_SUBMITTED, "error": Status.GRADER_ERROR, "unreadable": Status.UNREADABLE}
"""The student's status when a notebook of theirs could not be run, by that notebook's status."""


@dataclass
class StudentResult:
    """One student's grade for one assignment."""

    student: str
    max_score: float
    score: float = 0.0
    status: Status = Status.GRADED
    assessments: dict = field(default_factory=dict)  # (notebook, test cell grade_id) -> Assessment
    notes: list = field(default_factory=list)
    sandbox: str = ""
    recorded: bool = False  # in nbgrader's gradebook (so feedback can follow)


@dataclass
class Notebook:
    """What the grader knows of one of the assignment's notebooks (from the instructor's side)."""

    name: str
    release: object
    checks: dict  # grade_id -> notebooks.TestCell
    calls: list  # sandbox calls: dicts with id, function, args, kwargs, hidden
    cases: dict  # (function name, hidden) -> list of Case
    keys: dict = field(default_factory=dict)  # (function name, hidden) -> answer key (key.build)


@dataclass
class NotebookRun:
    """One submitted notebook after the sandbox: what the trusted side assesses and records."""

    plan: Notebook
    rebuilt: object
    notes: list
    status: str  # graded, missing, unreadable or error
    run: object = None  # jail.Run, when it was run


UNSAFE_ID = re.compile(r"[*?\[\]{}!/\\]|^[-.]|[\x00-\x1f]")  # nbgrader treats ids as glob patterns


def students_in(root: str | Path) -> list[str]:
    """Every student folder under ``submitted/``, dot-names included (they get a row too), sorted."""
    folder = Path(root) / "submitted"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir())


def usable_id(student):
    """A folder name nbgrader can take as a student id: no glob characters, no surrogates."""
    try:
        student.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return not UNSAFE_ID.search(student)


def _call_id(function, hidden, number):
    return f"{function}/{'hidden' if hidden else 'public'}/{number}"


def _notebook_plan(name, source, release, secret):
    checks = notebooks.checks_in(source)
    cases, keys, calls = {}, {}, []
    for function, hidden, _ in checks.values():
        which = (function, hidden)
        if which in cases:
            continue
        cases[which] = problem_cases(function, hidden, secret)  # hidden ones drawn from the grading secret
        keys[which] = key.build(function, cases[which])  # trusted side: reference and variants run here
        calls += [
            {"id": _call_id(function, hidden, n), "function": function, "hidden": hidden, **case_data(case)}
            for n, case in enumerate(cases[which])
        ]
    return Notebook(name, release, checks, calls, cases, keys)


def plan(root, assignment, release_folder):
    """The assignment's notebooks, their checks and the calls to make, from the instructor's files."""
    plans, secret = [], grading_secret(root)
    for source_path in sorted((Path(root) / "solutions" / assignment).glob("*.ipynb")):
        source = nbformat.read(str(source_path), as_version=4)
        release = nbformat.read(str(release_folder / source_path.name), as_version=4)
        plans.append(_notebook_plan(source_path.stem, source, release, secret))
    if not plans:
        raise FileNotFoundError(f"no notebooks in solutions/{assignment}/")
    return plans


def _blank(nb_plan):
    """The release restored, unanswered: what nbgrader records for a notebook that was not graded."""
    return notebooks.normalize(nb_plan.release, None)[0]


def _submission(root, student, assignment, nb_plan):
    """Read and rebuild one submitted notebook; returns (rebuilt notebook, notes, status)."""
    path = Path(root) / "submitted" / student / assignment / f"{nb_plan.name}.ipynb"
    if any(p.is_symlink() for p in (path.parent.parent, path.parent, path)):
        return _blank(nb_plan), [f"{path.name}: symbolic links are not accepted as submissions"], "unreadable"
    if not path.is_file():
        return _blank(nb_plan), [f"{path.name} was not submitted"], "missing"
    submission, problem = notebooks.read_notebook(path)
    if submission is None:
        return _blank(nb_plan), [f"{path.name}: {problem}"], "unreadable"
    rebuilt, notes = notebooks.normalize(nb_plan.release, submission)
    return rebuilt, notes, "graded"


def _sandboxed(rebuilt, nb_plan, use_sandbox, limits):
    return jail.run_submission(
        notebooks.code_to_run(rebuilt), nb_plan.calls, sandbox=use_sandbox, limits=limits
    )


def _verdict(nb_plan, test, run):
    """Assess one test cell from the sandbox's outcomes (trusted side); None if that fails."""
    cases = nb_plan.cases[(test.function, test.hidden)]
    outcomes = [run.outcomes.get(_call_id(test.function, test.hidden, n)) for n in range(len(cases))]
    try:
        return assess(
            test.function, cases, outcomes, nb_plan.keys[(test.function, test.hidden)], hidden=test.hidden
        )
    except Exception:  # whatever came back from the sandbox costs at most this test cell
        return None


def _verdicts(nb_plan, run):
    """Every test cell's verdict (None where it could not be assessed), public points counted with hidden."""
    results = {gid: _verdict(nb_plan, test, run) for gid, test in nb_plan.checks.items()}
    return _public_with_hidden(nb_plan.checks, results)


def _public_with_hidden(checks, results):
    """Public points count only for parts also right at the hidden cases (a lookup table earns nothing).

    A public verdict whose hidden twin could not be assessed is not counted either.
    """
    hidden = {checks[gid].function: v for gid, v in results.items() if checks[gid].hidden}
    counted = dict(results)
    for gid, verdict in results.items():
        test = checks[gid]
        if verdict is None or test.hidden or test.function not in hidden:
            continue
        twin = hidden[test.function]
        counted[gid] = None if twin is None else count_with_hidden(verdict, twin)
    return counted


def _cell_notes(rebuilt, run):
    """Outputs for student cells that raised or left threads running when graded, keyed by cell id."""
    runnable = notebooks.runnable_cells(rebuilt)
    notes = {}
    for index in sorted(set(run.cell_errors) | {k for k in run.threads if isinstance(k, int)}):
        if index < len(runnable):
            key = notebooks.grade_id(runnable[index]) or runnable[index].get("id")
            text = "; ".join(
                filter(
                    None,
                    [index in run.cell_errors and f"raised {run.cell_errors[index]}", run.threads.get(index)],
                )
            )
            notes[key] = record.note_outputs(clean_text(text))
    return notes


def _run_student(root, assignment, student, plans, use_sandbox, limits):
    """Worker: read, rebuild and sandbox every notebook of one student (runs in a thread)."""
    parts = []
    for nb_plan in plans:
        try:
            rebuilt, notes, status = _submission(root, student, assignment, nb_plan)
            run = _sandboxed(rebuilt, nb_plan, use_sandbox, limits) if status == "graded" else None
        except Exception as exc:  # a grader bug must not cost the rest of the class
            rebuilt = _blank(nb_plan)
            notes, status, run = (
                [clean_text(f"internal grading error ({type(exc).__name__}: {exc})", 300)],
                "error",
                None,
            )
        parts.append(NotebookRun(nb_plan, rebuilt, notes, status, run))
    return parts


def _not_graded_outputs(nb_plan, reason):
    return {
        gid: record.verdict_outputs(f"Not graded: {clean_text(reason)}", 0, test.points)
        for gid, test in nb_plan.checks.items()
    }


def _outputs_for(result, part):
    """Assess one notebook; fill ``result`` and return the outputs nbgrader records."""
    nb_plan, run = part.plan, part.run
    result.notes.extend(part.notes)
    if run is None:
        result.status = NOT_RUN.get(part.status, Status.UNREADABLE)
        return _not_graded_outputs(nb_plan, part.notes[-1])
    result.sandbox = run.sandbox
    result.notes.extend([*run.notes, *(n for k, n in run.threads.items() if isinstance(k, str))])
    outputs = _cell_notes(part.rebuilt, run)
    verdicts = _verdicts(nb_plan, run)
    for gid, test in nb_plan.checks.items():
        verdict = verdicts[gid]
        if verdict is None:
            result.notes.append(
                f"{nb_plan.name}.ipynb, {gid}: could not be assessed (0 points for that cell)"
            )
            outputs[gid] = record.verdict_outputs("Not graded: the results could not be read", 0, test.points)
            continue
        result.assessments[(nb_plan.name, gid)] = verdict
        thread_note = run.threads.get(test.function)
        message = f"{verdict.message.rstrip()}\n\nNote: {thread_note}" if thread_note else verdict.message
        outputs[gid] = record.verdict_outputs(clean_text(message, 20_000), verdict.points, verdict.max_points)
    return outputs


def _timestamp(root, student, assignment):
    """The submission's timestamp.txt, if nbgrader can parse it (else None: nbgrader would fail)."""
    path = Path(root) / "submitted" / student / assignment / "timestamp.txt"
    if path.is_file() and not path.is_symlink() and path.stat().st_size < 100:
        text = path.read_text(errors="replace").strip()
        try:
            parse_utc(text)
            return text
        except Exception:
            return None
    return None


def _finish(root, assignment, student, parts, max_score):
    """Trusted side for one student: assess; returns the result and what the gradebook is to record."""
    result = StudentResult(student, max_score)
    rebuilt, outputs = {}, {}
    for part in parts:
        nb_plan = part.plan
        rebuilt[nb_plan.name] = part.rebuilt
        try:
            outputs[nb_plan.name] = _outputs_for(result, part)
        except Exception as exc:  # whatever came back from the sandbox, the class goes on
            result.status = Status.GRADER_ERROR
            result.notes.append(f"{nb_plan.name}.ipynb could not be assessed ({type(exc).__name__})")
            result.assessments = {k: v for k, v in result.assessments.items() if k[0] != nb_plan.name}
            outputs[nb_plan.name] = _not_graded_outputs(nb_plan, "the grader could not assess it")
    result.score = round(sum(v.points for v in result.assessments.values()), 2)
    files = {name: text for name in EXCHANGE_FILES if (text := _small_file(root, student, assignment, name))}
    return result, record.Entry(student, rebuilt, outputs, _timestamp(root, student, assignment), files)


EXCHANGE_FILES = ["submission_secret.txt"]  # nbgrader's release_feedback needs it beside the feedback


def _small_file(root, student, assignment, name):
    """A short text file of the submission (not a link), or None."""
    path = Path(root) / "submitted" / student / assignment / name
    if path.is_file() and not path.is_symlink() and path.stat().st_size < 200:
        text = path.read_text(errors="replace").strip()
        return text if text.isprintable() else None
    return None


class _Recorder:
    """Students come back one by one; the gradebook takes them in batches (one transaction each)."""

    def __init__(self, book, assignment, pages=None):
        self.book, self.assignment, self.pages = book, assignment, pages
        self.waiting, self.since = [], time.monotonic()

    def add(self, result, entry):
        self.waiting.append((result, entry))
        if len(self.waiting) >= record.BATCH or time.monotonic() - self.since > record.BATCH_SECONDS:
            self.flush()

    def flush(self):
        errors = self.book.record_batch(self.assignment, [e for _, e in self.waiting]) if self.waiting else []
        for (result, _), error in zip(self.waiting, errors):
            result.recorded = error is None
            if error:
                result.notes.append(
                    "the gradebook could not record this submission: "
                    + (error.strip().splitlines() or ["?"])[-1]
                )
                result.status = Status.NOT_RECORDED
        if self.pages:  # their feedback is made while the next ones are graded
            self.pages.send(r.student for r, _ in self.waiting if r.recorded)
        self.waiting, self.since = [], time.monotonic()


def _unusable(student, max_score):
    """A folder nbgrader would read as a glob pattern: reported, never recorded."""
    note = clean_text(
        f"the folder name {student!r} cannot be an nbgrader student id "
        "(no * ? [ ] { } ! / \\, no leading - or .): rename it"
    )
    return StudentResult(student, max_score, status=Status.UNUSABLE_NAME, notes=[note])


def grade_class(
    root: str | Path,
    assignment: str,
    workers: int | None = None,
    use_sandbox: bool = True,
    progress: Callable[[int], Any] | None = None,
    feedback: bool = True,
    limits: jail.Limits = jail.Limits(),
    scheduler: str | None = None,
    gradebook: Callable[[Path], record.Gradebook] | None = None,
    graded: Callable[[list[StudentResult]], Any] | None = None,
) -> list[StudentResult]:
    """Grade every student under ``submitted/`` for ``assignment``; return their results, sorted.

    ``progress`` is a callable taking the number of students, returning an object with
    ``update(n)`` and ``close()`` (a tqdm bar), or None. ``scheduler`` is the address of a Dask
    scheduler (``tcp://host:8786``) that runs the sandboxes; without it they run on this machine.
    ``gradebook`` makes the recorder (default :class:`record.Gradebook`). ``limits`` (a
    ``jail.Limits``) bound each sandboxed submission. ``graded`` is called with the sorted results as
    soon as every student is recorded, before the last feedback pages are waited for.
    """
    root = Path(root).resolve()
    jail.sweep()
    pages = Pages(root, assignment) if feedback else None  # forked before any thread or connection
    book = None
    try:
        book = (gradebook or record.Gradebook)(root)
        plans = plan(root, assignment, book.register(assignment))
        max_score = sum(test.points for p in plans for test in p.checks.values())
        students = students_in(root)
        book.register_students([s for s in students if usable_id(s)])
        bar = progress(len(students)) if progress else None
        results = [_unusable(s, max_score) for s in students if not usable_id(s)]
        if bar:
            bar.update(len(results))
        runner = runs.runner(workers, scheduler, use_sandbox, limits)
        results += _graded(book, root, assignment, students, plans, max_score, bar, runner, pages)
        if bar:
            bar.close()
        results.sort(key=lambda r: r.student)
        if graded:
            graded(results)
        if pages:
            _feedback_notes(results, pages.finish())
    finally:
        if pages:
            pages.stop()
        if book:
            book.close()
    return results


def _graded(book, root, assignment, students, plans, max_score, bar, runner, pages=None):
    """Sandbox the usable students (a bounded number in flight), assess and record as they come back."""
    recorder, results = _Recorder(book, assignment, pages), []
    with runner:
        todo = [s for s in students if usable_id(s)]
        for student, parts in runner.completed(root, assignment, todo, plans):
            result, entry = _finish(root, assignment, student, parts, max_score)
            results.append(result)
            recorder.add(result, entry)
            if bar:
                bar.update(1)
        recorder.flush()
    return results


def _feedback_notes(results, problems):
    """Note, for every recorded student whose feedback pages could not be made, why."""
    for result in results:
        if result.recorded and result.student in problems:
            result.notes.append(f"feedback could not be generated: {problems[result.student]}")
