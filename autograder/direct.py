"""What nbgrader's autograde preprocessors make of a student's notebooks, computed directly.

Running the preprocessors costs tens of milliseconds per student in the single thread that writes the
gradebook: nbconvert's loops, two ``nbformat`` reads and writes with schema validation per notebook, and
a gradebook query per cell. Here the same effects are computed in one pass over each notebook, with the
assignment's source cells read from the gradebook once, and the rows written through nbgrader's own ORM
models in the batch's transaction. Only nbgrader's default chain is reproduced: :func:`unsupported` says
when a course's configuration asks for something else, and the recorder then runs the preprocessors.

Each default preprocessor, and what becomes of it here:

- ``ClearOutput``: code cells lose their outputs, execution count and ``remove_metadata_fields``.
- ``DeduplicateIds``: of the cells sharing a grade id, all but the last lose their nbgrader metadata.
- ``OverwriteKernelspec``: the source's kernelspec, when it has one.
- ``OverwriteCells``: locked flag, points and checksum from the source; a changed locked cell gets its
  source back. A changed cell type, or a grade id the gradebook does not know, is left to nbgrader.
- ``CheckCellMetadata``: nbgrader's own validator, run once (both stages see the same metadata).
- ``Execute``: the trusted outputs (:class:`record.TrustedResults`).
- ``IgnorePattern`` and ``ClearMetadataPreprocessor``: disabled by default, so they change nothing; a
  course that enables them is left to nbgrader.
- ``LimitOutput``: the same truncation, with the configured limits.
- ``SaveAutoGrades``: auto scores, manual-grade flags and "No response." comments, from nbgrader's own
  ``determine_grade`` and ``compute_checksum``.
- ``AssignLatePenalties``: the configured plugin, asked only when the submission is late.

The two nbformat round trips between the stages change nothing but list-valued sources (joined) and
transient metadata (dropped), which :func:`_working_copy` and the writer do too; their validation only
logs, except for the repair of missing or duplicated cell ids, which is random and left to nbgrader.
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import nbformat
from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbformat.v4 import nbjson
from nbformat.v4.rwbase import split_lines, strip_transient
from nbgrader import utils
from nbgrader.api import Comment, Grade, SubmittedAssignment, SubmittedNotebook
from nbgrader.nbgraderformat import MetadataValidator
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearOutput,
    DeduplicateIds,
    IgnorePattern,
    LimitOutput,
    NbGraderPreprocessor,
    OverwriteCells,
    OverwriteKernelspec,
    SaveAutoGrades,
)
from sqlalchemy.orm import Session, selectinload

__all__ = [
    "Unsupported",
    "unsupported",
    "Settings",
    "AssignmentCells",
    "Notebook",
    "autograde",
    "existing_submissions",
    "write_rows",
]

SANITIZE = [ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells, CheckCellMetadata]
GRADE = [
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]
OPTIONAL = (IgnorePattern, ClearMetadataPreprocessor)  # in the chain, disabled unless configured


class Unsupported(Exception):
    """This notebook or configuration is one the direct path does not reproduce: run the preprocessors."""


def _kind(preprocessor):
    """The nbgrader class a chain member stands for: itself, or what the recorder's ``Open*`` extends."""
    from .record import OPEN

    return {opened: cls for cls, opened in OPEN.items()}.get(type(preprocessor), type(preprocessor))


def unsupported(chain: Sequence[Sequence[NbGraderPreprocessor]]) -> str | None:
    """Why the configured chain (``record.preprocessor_chain``) needs the preprocessors, or None."""
    from .record import TrustedResults

    sanitize, grade = chain
    expected = [SANITIZE, [TrustedResults, *GRADE]]
    kinds = [[_kind(p) for p in sanitize], [_kind(p) for p in grade]]
    if kinds != expected:
        return "the autograde preprocessors are not nbgrader's defaults"
    for preprocessor in sanitize + grade:
        if isinstance(preprocessor, OPTIONAL) and preprocessor.enabled:
            return f"{type(preprocessor).__name__} is enabled"
        if not isinstance(preprocessor, OPTIONAL) and not preprocessor.enabled:
            return f"{type(preprocessor).__name__} is disabled"
    if next(p for p in sanitize if isinstance(p, OverwriteCells)).add_missing_cells:
        return "OverwriteCells.add_missing_cells is set"
    return None


@dataclass
class Settings:
    """The configured values the direct path honours, read from the chain's own instances."""

    remove_metadata_fields: set
    max_lines: int
    max_traceback: int
    late: AssignLatePenalties

    @classmethod
    def of(cls, chain: Sequence[Sequence[NbGraderPreprocessor]]) -> "Settings":
        members = chain[0] + chain[1]
        clear = next(p for p in members if isinstance(p, ClearOutput))
        limit = next(p for p in members if isinstance(p, LimitOutput))
        late = next(p for p in members if isinstance(p, AssignLatePenalties))
        late.init_plugin()
        return cls(set(clear.remove_metadata_fields), limit.max_lines, limit.max_traceback, late)


@dataclass
class Notebook:
    """One source notebook of the assignment, as the gradebook holds it (plain values, read once)."""

    id: str
    kernelspec: dict | None
    source: dict = field(default_factory=dict)  # name: (cell_type, locked, checksum, source)
    graded: dict = field(default_factory=dict)  # name: (cell id, max score), grade then task cells
    grade_cells: list = field(default_factory=list)  # cell ids, in nbgrader's order of creation
    comment_cells: list = field(default_factory=list)
    task_cells: list = field(default_factory=list)
    cell_ids: dict = field(default_factory=dict)  # name: graded/solution/task cell id


class AssignmentCells:
    """The assignment's notebooks and cells in the gradebook, read once per batch."""

    def __init__(self, gradebook, assignment):
        found = gradebook.find_assignment(assignment)
        self.assignment_id, self.duedate = found.id, found.duedate
        self.notebooks = {nb.name: self._notebook(nb) for nb in found.notebooks}

    @staticmethod
    def _notebook(nb):
        kernelspec = json.loads(nb.kernelspec) if nb.kernelspec else None
        book = Notebook(nb.id, kernelspec or None)
        book.source = {c.name: (c.cell_type, c.locked, c.checksum, c.source) for c in nb.source_cells}
        for cell in list(nb.grade_cells) + list(nb.task_cells):
            book.graded.setdefault(cell.name, (cell.id, cell.max_score))
        book.grade_cells = [c.id for c in nb.grade_cells]
        book.comment_cells = [c.id for c in nb.solution_cells]
        book.task_cells = [c.id for c in nb.task_cells]
        book.cell_ids = {c.name: c.id for c in [*nb.grade_cells, *nb.solution_cells, *nb.task_cells]}
        return book


def _working_copy(notebook):
    """The notebook as nbgrader reads it from the submitted file (lists joined, transient keys dropped).

    A JSON round trip copies it faster than ``deepcopy`` of a NotebookNode; splitting the strings into
    lines and joining them again, as the file in between does, changes nothing.
    """
    nb = nbjson.to_notebook(json.loads(json.dumps(notebook, cls=nbjson.BytesEncoder)))
    if nb.get("nbformat") != 4:
        raise Unsupported("not an nbformat 4 notebook")
    if nb.get("nbformat_minor", 0) >= 5:
        ids = [cell.get("id") for cell in nb.cells]
        if None in ids or len(set(ids)) != len(ids):
            raise Unsupported("missing or duplicated cell ids (nbformat repairs them at random)")
    return nb


def _clear_outputs(nb, settings):
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            for name in settings.remove_metadata_fields:
                cell.metadata.pop(name, None)


def _deduplicate(nb):
    seen = set()
    for cell in reversed(nb.cells):
        if utils.is_grade(cell) or utils.is_solution(cell) or utils.is_locked(cell):
            grade_id = cell.metadata.nbgrader["grade_id"]
            if grade_id in seen:
                cell.metadata.nbgrader = {}
            seen.add(grade_id)


def _overwrite_cells(nb, book):
    """OverwriteCells' corrections from the gradebook's source cells."""
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id is None:
            continue
        if grade_id not in book.source:
            raise Unsupported(f"cell {grade_id!r} is not in the gradebook")
        cell_type, locked, checksum, source = book.source[grade_id]
        if cell.cell_type != cell_type:
            raise Unsupported(f"cell {grade_id!r} changed type")
        if utils.is_locked(cell) != locked:
            cell.metadata.nbgrader["locked"] = locked
        if utils.is_grade(cell):
            points = float(book.graded[grade_id][1])
            if points != float(cell.metadata.nbgrader["points"]):
                cell.metadata.nbgrader["points"] = points
        cell.metadata.nbgrader["checksum"] = checksum
        if locked and utils.compute_checksum(cell) != checksum:
            cell.source = source
            if utils.compute_checksum(cell) != checksum:
                raise RuntimeError(f"Inconsistent checksums for cell {grade_id}")


def _limit_outputs(cell, settings):
    """LimitOutput's truncation of streams and tracebacks, on one code cell."""
    if settings.max_lines != -1:
        kept, length = [], 0
        for output in cell.outputs:
            if output.output_type == "stream":
                if length == settings.max_lines:
                    continue
                text = output.text.split("\n")
                if len(text) + length > settings.max_lines:
                    text = text[: settings.max_lines - length - 1] + ["... Output truncated ..."]
                length += len(text)
                output.text = "\n".join(text)
            kept.append(output)
        cell.outputs = kept
    if settings.max_traceback != -1:
        for output in cell.outputs:
            if output.output_type == "error" and len(output.traceback) > settings.max_traceback:
                start = int(settings.max_traceback / 2)
                end = settings.max_traceback - start - 1
                output.traceback = [
                    *output.traceback[:start],
                    "... Traceback truncated ...",
                    *output.traceback[-end:],
                ]


def _fill_outputs(nb, outputs, settings):
    from .notebooks import grade_id

    for cell in nb.cells:
        key = grade_id(cell) or cell.get("id")
        if cell.get("cell_type") == "code":
            if key in outputs:
                cell["outputs"] = [nbformat.from_dict(o) for o in outputs[key]]
            _limit_outputs(cell, settings)


@dataclass
class Scores:
    """What SaveAutoGrades stores for one notebook: {cell name: auto score} and {cell name: comment}."""

    grades: dict = field(default_factory=dict)
    comments: dict = field(default_factory=dict)


def _scores(nb):
    scores = Scores()
    for cell in nb.cells:
        name = cell.metadata.get("nbgrader", {}).get("grade_id")
        if utils.is_grade(cell):
            scores.grades[name] = utils.determine_grade(cell)[0]
        if utils.is_solution(cell) or utils.is_task(cell):
            unchanged = cell.metadata.nbgrader.get("checksum") == utils.compute_checksum(cell)
            scores.comments[name] = "No response." if unchanged and not utils.is_task(cell) else None
    return scores


def autograde(
    notebook: nbformat.NotebookNode, outputs: dict[str, list[dict]], book: Notebook, settings: Settings
) -> tuple[str, Scores]:
    """The autograded notebook's text (as nbconvert writes it) and the scores SaveAutoGrades saves."""
    nb = _working_copy(notebook)
    _clear_outputs(nb, settings)
    _deduplicate(nb)
    if book.kernelspec:
        nb.metadata["kernelspec"] = book.kernelspec
    _overwrite_cells(nb, book)
    _check_metadata(nb)
    _fill_outputs(nb, outputs, settings)
    scores = _scores(nb)
    for name in [*scores.grades, *scores.comments]:
        if name not in book.cell_ids:
            raise Unsupported(f"cell {name!r} has no row in the gradebook")
    return _text(nb), scores


def _text(nb):
    """What ``nbformat.writes`` makes of the notebook, less its validation; ``nb`` is ours to change."""
    nb = strip_transient(split_lines(nb))
    text = json.dumps(
        nb, cls=nbjson.BytesEncoder, indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=False
    )
    return text if text.endswith("\n") else text + "\n"


class _Validator(MetadataValidator):
    """nbgrader's metadata validator, each distinct (cell type, metadata) checked once.

    A cell's check depends on nothing else (its source appears only in the error message); the check of
    the grade ids' uniqueness is nbgrader's, on every notebook.
    """

    def __init__(self):
        super().__init__()
        self.valid = set()

    def validate_cell(self, cell):
        key = (cell.cell_type, json.dumps(cell.metadata.get("nbgrader"), sort_keys=True))
        if key not in self.valid:
            super().validate_cell(cell)
            self.valid.add(key)


_validator = _Validator()


def _check_metadata(nb):
    """CheckCellMetadata: raises nbgrader's ValidationError when the nbgrader metadata is not valid."""
    _validator.validate_nb(nb)


def existing_submissions(session: Session, cells: AssignmentCells, students: Iterable[str]) -> dict:
    """{student: submission} of those already graded, with their notebooks, grades and comments: a few
    queries for the whole batch instead of several per student."""
    with session.no_autoflush:
        found = (
            session.query(SubmittedAssignment)
            .filter(
                SubmittedAssignment.assignment_id == cells.assignment_id,
                SubmittedAssignment.student_id.in_(list(students)),
            )
            .options(
                selectinload(SubmittedAssignment.notebooks).selectinload(SubmittedNotebook.grades),
                selectinload(SubmittedAssignment.notebooks).selectinload(SubmittedNotebook.comments),
            )
            .all()
        )
    return {submission.student_id: submission for submission in found}


class Rows:
    """A student's submission rows: created as add_submission creates them, or the existing ones."""

    def __init__(self, session, cells: AssignmentCells, submission, student, timestamp):
        self.session, self.cells, self.submission = session, cells, submission
        if self.submission is None:
            self._create(student, timestamp)
        elif timestamp:
            self.submission.timestamp = utils.parse_utc(timestamp)
        self.notebooks = {nb.notebook_id: nb for nb in self.submission.notebooks}

    def _create(self, student, timestamp):
        """add_submission's rows: the submission, its notebooks, a grade and comment per cell.

        They are tied by ids, not through the assignment's relationships, which would load every
        submission of the assignment into the session.
        """
        self.submission = SubmittedAssignment(
            assignment_id=self.cells.assignment_id, student_id=student, timestamp=utils.parse_utc(timestamp)
        )
        for book in self.cells.notebooks.values():
            nb = SubmittedNotebook(notebook_id=book.id, assignment=self.submission)
            for cell_id in book.grade_cells:
                Grade(cell_id=cell_id, notebook=nb)
            for cell_id in book.comment_cells:
                Comment(cell_id=cell_id, notebook=nb)
            for cell_id in book.task_cells:
                Comment(cell_id=cell_id, notebook=nb)
                Grade(cell_id=cell_id, notebook=nb)
        self.session.add(self.submission)

    def save(self, name, scores: Scores):
        """SaveAutoGrades: the auto scores, the flags for a grader, the comments."""
        book = self.cells.notebooks[name]
        nb = self.notebooks[book.id]
        grades = {g.cell_id: g for g in nb.grades}
        comments = {c.cell_id: c for c in nb.comments}
        for cell, score in scores.grades.items():
            grade = grades[book.cell_ids[cell]]
            grade.auto_score = score
            grade.needs_manual_grade = grade.manual_score is not None or score is None
        for cell, text in scores.comments.items():
            comments[book.cell_ids[cell]].auto_comment = text

    def seconds_late(self):
        """nbgrader's ``SubmittedAssignment.total_seconds_late``, from the due date read once."""
        duedate, timestamp = self.cells.duedate, self.submission.timestamp
        if timestamp is None or duedate is None:
            return 0
        if self.submission.extension is not None:
            duedate = duedate + self.submission.extension
        return max(0, (timestamp - duedate).total_seconds())

    def penalise(self, name, settings: Settings):
        """AssignLatePenalties: reset, then the plugin's penalty when the submission is late."""
        nb = self.notebooks[self.cells.notebooks[name].id]
        nb.late_submission_penalty = None
        late = self.seconds_late()
        if late > 0:
            self.session.flush()
            self.session.expire(nb, ["score"])  # the score column is computed by the database
            plugin = settings.late
            penalty = plugin.plugin_inst.late_submission_penalty(self.submission.student_id, nb.score, late)
            if penalty is not None:
                nb.late_submission_penalty = plugin._check_late_penalty(nb, penalty)


def write_rows(
    session: Session,
    cells: AssignmentCells,
    submission: SubmittedAssignment | None,
    student: str,
    timestamp: str | None,
    scores: dict,
    settings: Settings,
) -> None:
    """A student's gradebook rows for ``scores`` ({notebook: Scores}), in the open transaction;
    ``submission`` is the student's existing one (see :func:`existing_submissions`), or None."""
    rows = Rows(session, cells, submission, student, timestamp)
    for name, notebook_scores in scores.items():
        rows.save(name, notebook_scores)
        rows.penalise(name, settings)
