"""Grade a whole class: every submission sandboxed, compared with the reference, recorded in nbgrader.

Sandboxed runs use every core; recording in the gradebook happens in this one process, one student at
a time, so SQLite never sees two writers. A submission that cannot be read, hangs or crashes costs only
its own items: every student under ``submitted/`` ends up in the results.
"""
import os
import re
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.utils import parse_utc

from . import jail, notebooks, record
from .instructor import case_data, cases as problem_cases, grading_secret, key
from .student.assess import assess, count_with_hidden

__all__ = ["StudentResult", "grade_class", "students_in"]


@dataclass
class StudentResult:
    """One student's grade for one assignment."""
    student: str
    max_score: float
    score: float = 0.0
    status: str = "graded"
    assessments: dict = field(default_factory=dict)   # (notebook, test cell grade_id) -> Assessment
    notes: list = field(default_factory=list)
    sandbox: str = ""
    recorded: bool = False                             # in nbgrader's gradebook (so feedback can follow)


@dataclass
class Notebook:
    """What the grader knows of one of the assignment's notebooks (from the instructor's side)."""
    name: str
    release: object
    checks: dict      # grade_id -> (function name, hidden, points)
    calls: list       # sandbox calls: dicts with id, function, args, kwargs
    cases: dict       # (function name, hidden) -> list of Case
    keys: dict = field(default_factory=dict)  # (function name, hidden) -> answer key (key.build)


UNSAFE_ID = re.compile(r"[*?\[\]{}!/\\]|^[-.]|[\x00-\x1f]")  # nbgrader treats ids as glob patterns


def students_in(root):
    """Every student folder under ``submitted/`` (hidden folders aside), sorted."""
    folder = Path(root) / "submitted"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


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
        calls += [{"id": _call_id(function, hidden, n), "function": function, **case_data(case)}
                  for n, case in enumerate(cases[which])]
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


def _sandboxed(rebuilt, nb_plan, use_sandbox):
    return jail.run_submission(notebooks.code_to_run(rebuilt), nb_plan.calls, sandbox=use_sandbox)


def _verdicts(nb_plan, run):
    """Assess every test cell of one notebook from the sandbox's outcomes (trusted side)."""
    results = {}
    for gid, (function, hidden, points) in nb_plan.checks.items():
        cases = nb_plan.cases[(function, hidden)]
        outcomes = [run.outcomes.get(_call_id(function, hidden, n)) for n in range(len(cases))]
        results[gid] = assess(function, cases, outcomes, nb_plan.keys[(function, hidden)], hidden=hidden)
    return _public_with_hidden(nb_plan.checks, results)


def _public_with_hidden(checks, results):
    """Public points count only for parts also right at the hidden cases (a lookup table earns nothing)."""
    hidden = {checks[gid][0]: verdict for gid, verdict in results.items() if checks[gid][1]}
    counted = dict(results)
    for gid, verdict in results.items():
        function, is_hidden, _ = checks[gid]
        if not is_hidden and function in hidden:
            counted[gid] = count_with_hidden(verdict, hidden[function])
    return counted


def _cell_notes(rebuilt, run):
    """Outputs for student cells that raised when graded, keyed by cell id."""
    runnable = [c for c in rebuilt.cells if c.get("cell_type") == "code" and not notebooks.is_test(c)]
    notes = {}
    for index, error in run.cell_errors.items():
        if index < len(runnable):
            key = notebooks.grade_id(runnable[index]) or runnable[index].get("id")
            notes[key] = record.note_outputs(f"raised {error}")
    return notes


def _run_student(root, assignment, student, plans, use_sandbox):
    """Worker: read, rebuild and sandbox every notebook of one student (runs in a thread)."""
    parts = []
    for nb_plan in plans:
        try:
            rebuilt, notes, status = _submission(root, student, assignment, nb_plan)
            run = _sandboxed(rebuilt, nb_plan, use_sandbox) if status == "graded" else None
        except Exception as exc:  # a grader bug must not cost the rest of the class
            rebuilt = _blank(nb_plan)
            notes, status, run = [f"internal grading error ({type(exc).__name__}: {exc})"], "error", None
        parts.append((nb_plan, rebuilt, notes, status, run))
    return parts


def _not_graded_outputs(nb_plan, reason):
    return {gid: record.verdict_outputs(f"Not graded: {reason}", 0, points)
            for gid, (_, _, points) in nb_plan.checks.items()}


def _outputs_for(result, nb_plan, rebuilt, notes, status, run):
    """Assess one notebook; fill ``result`` and return the outputs nbgrader records."""
    result.notes.extend(notes)
    if run is None:
        result.status = {"missing": "not submitted", "error": "grader error"}.get(status, "unreadable")
        return _not_graded_outputs(nb_plan, notes[-1])
    result.sandbox = run.sandbox
    result.notes.extend(run.notes)
    verdicts = _verdicts(nb_plan, run)
    result.assessments.update({(nb_plan.name, gid): v for gid, v in verdicts.items()})
    outputs = _cell_notes(rebuilt, run)
    for gid, verdict in verdicts.items():
        outputs[gid] = record.verdict_outputs(verdict.message, verdict.points, verdict.max_points)
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


def _finish(book, root, assignment, student, parts, max_score):
    """Trusted side for one student: assess, then record in the gradebook (main thread only)."""
    result = StudentResult(student, max_score)
    rebuilt, outputs = {}, {}
    for nb_plan, notebook, notes, status, run in parts:
        rebuilt[nb_plan.name] = notebook
        try:
            outputs[nb_plan.name] = _outputs_for(result, nb_plan, notebook, notes, status, run)
        except Exception as exc:  # whatever came back from the sandbox, the class goes on
            result.status = "grader error"
            result.notes.append(f"{nb_plan.name}.ipynb could not be assessed ({type(exc).__name__})")
            result.assessments = {k: v for k, v in result.assessments.items() if k[0] != nb_plan.name}
            outputs[nb_plan.name] = _not_graded_outputs(nb_plan, "the grader could not assess it")
    result.score = round(sum(v.points for v in result.assessments.values()), 2)
    try:
        done = book.record(assignment, student, rebuilt, outputs, _timestamp(root, student, assignment))
    except Exception as exc:
        done = {"success": False, "error": f"{type(exc).__name__}: {exc}"}
    result.recorded = done["success"]
    if not result.recorded:
        error = (done.get("error") or done.get("log") or "").strip().splitlines()
        result.notes.append("the gradebook could not record this submission: " + (error[-1] if error else "?"))
        result.status = "not recorded"
    return result


def _unusable(student, max_score):
    """A folder nbgrader would read as a glob pattern: reported, never recorded."""
    note = (f"the folder name {student!r} cannot be an nbgrader student id "
            "(no * ? [ ] { } ! / \\, no leading - or .): rename it")
    return StudentResult(student, max_score, status="unusable folder name", notes=[note])


def grade_class(root, assignment, workers=None, use_sandbox=True, progress=None, feedback=True):
    """Grade every student under ``submitted/`` for ``assignment``; return their results, sorted.

    ``progress`` is a callable taking the number of students, returning an object with
    ``update(n)`` and ``close()`` (a tqdm bar), or None.
    """
    root = Path(root).resolve()
    jail.sweep()
    book = record.Gradebook(root)
    plans = plan(root, assignment, book.register(assignment))
    max_score = sum(points for p in plans for (_, _, points) in p.checks.values())
    students = students_in(root)
    bar = progress(len(students)) if progress else None
    results = [_unusable(s, max_score) for s in students if not usable_id(s)]
    if bar:
        bar.update(len(results))
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        futures = {pool.submit(_run_student, root, assignment, s, plans, use_sandbox): s
                   for s in students if usable_id(s)}
        try:
            for future in as_completed(futures):
                results.append(_finish(book, root, assignment, futures[future], future.result(), max_score))
                if bar:
                    bar.update(1)
        except BaseException:  # Ctrl-C or SIGTERM: do not start the queued sandboxes
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    if bar:
        bar.close()
    if feedback:
        _feedback(book, assignment, results)
    return sorted(results, key=lambda r: r.student)


def _feedback(book, assignment, results):
    """Feedback for the whole class in one nbgrader run; student by student only if that fails."""
    recorded = [r for r in results if r.recorded]
    batch_ok = bool(recorded) and book.feedback(assignment)["success"]
    for result in recorded:
        folder = book.root / "feedback" / result.student / assignment
        if not batch_ok and not book.feedback(assignment, result.student)["success"]:
            result.notes.append("feedback could not be generated")
        for page in folder.glob("*.html"):
            _offline(page)


def _offline(page):
    """Drop nbconvert's CDN scripts (MathJax): feedback must open offline; TeX then shows as written."""
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r'<script[^>]+src="https?://[^"]*"[^>]*>\s*</script>', "", text), encoding="utf-8")
