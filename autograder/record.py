"""Record trusted results in nbgrader's gradebook, so formgrader, feedback and export keep working.

nbgrader's ``autograde`` converter costs about a second per student (a new application, a database
connection per preprocessor and notebook, a commit per cell). Here the same preprocessors, taken from
nbgrader's own defaults, run in this process on the rebuilt notebooks: ``Execute`` is replaced by
:class:`TrustedResults`, which writes the trusted grader's verdicts into the test cells, and the
preprocessors that use the database share one open gradebook. A batch of students is one transaction.
The ``autograded/`` notebooks are written as nbgrader writes them.
"""

import contextlib
import fcntl
import functools
import hashlib
import json
import logging
import os
import shutil
import threading
import time
import warnings
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import jsonschema
import nbformat
import nbgrader.api
import nbgrader.nbgraderformat.common
import sqlalchemy
from nbformat import validator
from nbgrader.api import Gradebook as NbGraderGradebook
from nbgrader.api import InvalidEntry, MissingEntry
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import (
    AssignLatePenalties,
    NbGraderPreprocessor,
    OverwriteCells,
    OverwriteKernelspec,
    SaveAutoGrades,
)
from nbgrader.utils import find_all_files
from sqlalchemy.exc import SAWarning
from sqlalchemy.pool import NullPool
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from . import direct
from .notebooks import grade_id

__all__ = [
    "TrustedResults",
    "Gradebook",
    "Entry",
    "STAGE",
    "BATCH",
    "load_config",
    "open_gradebook",
    "exclusive",
    "verdict_outputs",
    "note_outputs",
    "preprocessor_chain",
]

STAGE = ".grading"  # run-time folder at the course root (git-ignored)
BATCH = 32  # students per gradebook transaction
BATCH_SECONDS = 0.5  # ... or fewer, when they take longer than this to come back (feedback follows each)

log = logging.getLogger(__name__)
LOCK_KEY = 0x7064_6D6C  # the gradebook lock's key among PostgreSQL's advisory locks ("pdml")


@functools.cache
def alembic_head():
    """The revision nbgrader stamps on a new gradebook, read in this process from nbgrader's migrations.

    nbgrader asks the ``alembic heads`` command (a new Python process, about two seconds) for the same
    value every time it creates a gradebook.
    """
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(Path(nbgrader.api.__file__).parent / "alembic")).get_current_head()


nbgrader.api.get_alembic_version = alembic_head


_held = threading.local()  # the gradebooks whose lock this thread holds


@contextlib.contextmanager
def exclusive(db_url: str) -> Iterator[None]:
    """Hold the gradebook's lock, which graders take to change its structure one at a time.

    Creating a gradebook (tables, schema version, course rows) and releasing an assignment into it
    (nbgrader's generate_assignment) each read and then insert. Two graders doing so at once, even on
    different assignments, would both insert the same rows and one would fail. A thread that holds the
    lock may take it again (opening the gradebook while releasing, say): only its outermost taking locks.
    """
    held = _held.__dict__.setdefault("urls", set())
    if db_url in held:
        yield
        return
    with _lock(db_url):
        held.add(db_url)
        try:
            yield
        finally:
            held.discard(db_url)


@contextlib.contextmanager
def _lock(db_url):
    """PostgreSQL: an advisory lock held on a connection of its own. SQLite: ``flock`` on the folder of the
    database file; on the file itself, closing the lock's descriptor would drop the ``fcntl`` locks SQLite
    holds on it in this process. Both block another process, and another thread of this one."""
    url = sqlalchemy.make_url(db_url)
    if url.get_backend_name() == "postgresql":
        engine = sqlalchemy.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        try:
            with engine.connect() as connection:
                connection.execute(sqlalchemy.text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})
                try:
                    yield
                finally:
                    connection.execute(sqlalchemy.text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
        finally:
            engine.dispose()
    elif url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        folder = os.open(Path(url.database).resolve().parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(folder, fcntl.LOCK_EX)
            yield
        finally:
            os.close(folder)  # which releases the lock
    else:
        yield


def open_gradebook(db_url: str, course_id: str) -> NbGraderGradebook:
    """nbgrader's Gradebook, created if need be under :func:`exclusive`.

    nbgrader's own preprocessors open the gradebook with no course id, which adds the course
    ``default_course``: that row is made here too, so that no later opening inserts anything.
    """
    with exclusive(db_url):
        book = NbGraderGradebook(db_url, course_id)
        book.check_course()
    return book


class CheckedSchemas:
    """``jsonschema`` for nbgrader's metadata validator, each schema checked once instead of once per cell.

    nbgrader validates every nbgrader cell with ``jsonschema.validate``, which checks the schema itself
    first (5 ms each time: a third of recording). The result is the same: the first error by
    ``best_match``, raised.
    """

    def __init__(self):
        self.validators = {}

    def validate(self, instance, schema):
        key = json.dumps(schema, sort_keys=True)
        if key not in self.validators:
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            self.validators[key] = cls(schema)
        error = jsonschema.exceptions.best_match(self.validators[key].iter_errors(instance))
        if error is not None:
            raise error

    def __getattr__(self, name):
        return getattr(jsonschema, name)


nbgrader.nbgraderformat.common.jsonschema = CheckedSchemas()


class TrustedResults(NbGraderPreprocessor):
    """Fill each test cell's outputs with the trusted grader's verdict (nothing is executed).

    The verdicts come with the notebook, in ``resources["nbgrader"]["trusted_outputs"]``:
    {grade_id or cell id: list of outputs}.
    """

    def preprocess(self, nb: nbformat.NotebookNode, resources: dict) -> tuple[nbformat.NotebookNode, dict]:
        verdicts = resources["nbgrader"].get("trusted_outputs", {})
        for cell in nb.cells:
            key = grade_id(cell) or cell.get("id")
            if cell.get("cell_type") == "code" and key in verdicts:
                cell["outputs"] = [nbformat.from_dict(o) for o in verdicts[key]]
        return nb, resources


class _Open:
    """nbgrader connects to the database once per preprocessor and notebook: use an open gradebook.

    Its owner sets ``shared`` (nbconvert deep-copies the resources, so it cannot travel in them).
    """

    shared = None

    def _open(self, resources):
        info = resources["nbgrader"]
        self.notebook_id, self.assignment_id = info["notebook"], info["assignment"]
        self.student_id, self.db_url, self.gradebook = info.get("student"), info["db_url"], self.shared

    def _cells(self, nb, resources):
        return NbGraderPreprocessor.preprocess(self, nb, resources)  # nbconvert's loop over the cells


class OpenOverwriteCells(_Open, OverwriteCells):
    def preprocess(self, nb, resources):
        self._open(resources)
        nb, resources = self._cells(nb, resources)
        if self.add_missing_cells:
            nb, resources = self.add_missing_grade_cells(nb, resources)
            nb, resources = self.add_missing_task_cells(nb, resources)
        return nb, resources


class OpenSaveAutoGrades(_Open, SaveAutoGrades):
    def preprocess(self, nb, resources):
        self._open(resources)
        return self._cells(nb, resources)


class OpenOverwriteKernelspec(_Open, OverwriteKernelspec):
    def preprocess(self, nb, resources):
        self._open(resources)
        kernelspec = self.gradebook.find_notebook(self.notebook_id, self.assignment_id).kernelspec
        if kernelspec and json.loads(kernelspec):
            nb.metadata["kernelspec"] = json.loads(kernelspec)
        return nb, resources


class OpenAssignLatePenalties(_Open, AssignLatePenalties):
    def preprocess(self, nb, resources):
        self._open(resources)
        self.init_plugin()
        submission = self.gradebook.find_submission(self.assignment_id, self.student_id)
        notebook = self.gradebook.find_submission_notebook(
            self.notebook_id, self.assignment_id, self.student_id
        )
        notebook.late_submission_penalty = None
        if submission.total_seconds_late > 0:
            penalty = self.plugin_inst.late_submission_penalty(
                self.student_id, notebook.score, submission.total_seconds_late
            )
            if penalty is not None:
                notebook.late_submission_penalty = self._check_late_penalty(notebook, penalty)
        self.gradebook.db.commit()
        return nb, resources


OPEN = {
    OverwriteCells: OpenOverwriteCells,
    SaveAutoGrades: OpenSaveAutoGrades,
    OverwriteKernelspec: OpenOverwriteKernelspec,
    AssignLatePenalties: OpenAssignLatePenalties,
}


def preprocessor_chain(config: Config) -> list[list[NbGraderPreprocessor]]:
    """nbgrader's autograde preprocessors (sanitize, then grade) as configured, ``Execute`` replaced.

    Returns the two lists of preprocessor instances; those that use the database share the batch's.
    """
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute

    app = Autograde(coursedir=CourseDirectory(config=config), config=config)
    swap = {Execute: TrustedResults, **OPEN}
    return [
        [swap.get(p, p)(config=config) if isinstance(p, type) else p for p in stage]
        for stage in (app.sanitize_preprocessors, app.autograde_preprocessors)
    ]


def verdict_outputs(message: str, points: float, max_points: float) -> list[dict]:
    """nbgrader reads a single number as partial credit, and an error as zero."""
    outputs = [{"output_type": "stream", "name": "stdout", "text": message.rstrip() + "\n"}]
    if points <= 0:
        outputs.append(
            {
                "output_type": "error",
                "ename": "CheckFailed",
                "evalue": f"0 / {max_points:g} points",
                "traceback": [],
            }
        )
    else:
        outputs.append(
            {
                "output_type": "execute_result",
                "execution_count": None,
                "metadata": {},
                "data": {"text/plain": f"{points:g}"},
            }
        )
    return outputs


def note_outputs(text: str) -> list[dict]:
    return [{"output_type": "stream", "name": "stdout", "text": f"When graded, this cell {text}\n"}]


def load_config(root: str | Path) -> Config:
    """The course's nbgrader configuration, rooted at ``root``."""
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    return config


class _Deferred:
    """The gradebook's session, with nbgrader's many commits turned into flushes: one transaction."""

    def __init__(self, session):
        self.session = session

    def commit(self):
        self.session.flush()

    def __getattr__(self, name):
        return getattr(self.session, name)


class Entry:
    """One student's rebuilt notebooks ({name: nb}), trusted outputs ({name: {cell: outputs}}), timestamp,
    and the exchange's small files to carry along ({name: text}, e.g. ``submission_secret.txt``)."""

    def __init__(self, student, notebooks, outputs, timestamp=None, files=None):
        self.student, self.notebooks, self.outputs, self.timestamp = student, notebooks, outputs, timestamp
        self.files = files or {}


class Gradebook:
    """The course's gradebook, written from this process only (the single writer)."""

    def __init__(self, root):
        self.root = Path(root).resolve()
        self.config = load_config(self.root)
        self.coursedir = CourseDirectory(config=self.config)
        self.db_url = self.coursedir.db_url
        self._book = self._chain = self._direct_settings = None
        self.extra_files = {}
        self.source_cells = {}  # assignment: direct.AssignmentCells, read once
        self._existing = {}  # student: submission, of the batch being recorded

    @property
    def book(self) -> NbGraderGradebook:
        """nbgrader's Gradebook, opened once; its commits are deferred to :meth:`record_batch`'s end."""
        if self._book is None:
            self._book = open_gradebook(self.db_url, self.coursedir.course_id)
            self._book.db = _Deferred(self._book.db)
        return self._book

    def close(self) -> None:
        if self._book is not None:
            self._book.db.session.rollback()
            self._book.close()
            self._book = None

    def release(self, assignment: str, folder: str | Path) -> Path:
        """nbgrader's generate_assignment into ``folder`` (relative to the course, or absolute).

        It also puts the assignment's source in the gradebook, one grader at a time (see :func:`exclusive`).
        Returns the released assignment's folder.
        """
        from nbgrader.converters import GenerateAssignment

        coursedir = CourseDirectory(config=self.config)
        coursedir.release_directory, coursedir.assignment_id = str(folder), assignment
        app = GenerateAssignment(coursedir=coursedir, config=self.config)
        app.force = app.create_assignment = True
        with exclusive(self.db_url):
            try:
                app.start()
            except BaseException as exc:  # nbgrader exits through SystemExit on a bad source notebook
                raise RuntimeError(f"nbgrader generate_assignment {assignment} failed: {exc!r}") from None
        return self.root / folder / assignment

    def register(self, assignment: str) -> Path:
        """Put the assignment in the gradebook, releasing it to a run-time folder (not exercises/).

        The release is skipped when the one made before is still that of the sources, configuration and
        nbgrader version, and the gradebook still holds what that release put in it (see :meth:`_stamp`).
        """
        stamp = self.root / STAGE / "release" / f"{assignment}.stamp.json"
        folder = self.root / STAGE / "release" / assignment
        with exclusive(self.db_url):  # another grader may be releasing the same assignment
            if not stamp.is_file() or json.loads(stamp.read_text()) != self._stamp(assignment, folder):
                stamp.unlink(missing_ok=True)
                folder = self.release(assignment, f"{STAGE}/release")
                stamp.write_text(json.dumps(self._stamp(assignment, folder)))
        source = Path(self.coursedir.format_path(self.coursedir.source_directory, ".", assignment))
        files = find_all_files(str(source), self.coursedir.ignore + ["*.ipynb"])
        self.extra_files[assignment] = [(path, Path(path).relative_to(source)) for path in files]
        self.source_cells.pop(assignment, None)
        return folder

    def _stamp(self, assignment, folder):
        """What a release depends on and what it made: a digest of the sources, configuration, nbgrader
        version and gradebook URL, the released files' digests and the gradebook's source cells."""
        source = Path(self.coursedir.format_path(self.coursedir.source_directory, ".", assignment))
        inputs = hashlib.sha256(f"{nbgrader.__version__}\0{self.db_url}\0{self.coursedir.course_id}".encode())
        inputs.update((self.root / "nbgrader_config.py").read_bytes())
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            inputs.update(f"\0{path.relative_to(source)}\0".encode() + path.read_bytes())
        released = (
            {
                str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(folder.rglob("*"))
                if p.is_file()
            }
            if folder.is_dir()
            else {}
        )
        return {
            "inputs": inputs.hexdigest(),
            "released": released,
            "gradebook": self._source_cells(assignment),
        }

    def _source_cells(self, assignment):
        """{notebook: {cell: checksum}} of the assignment in the gradebook (empty when it is not there)."""
        try:
            notebooks = self.book.find_assignment(assignment).notebooks
            return {nb.name: {c.name: c.checksum for c in nb.source_cells} for nb in notebooks}
        except MissingEntry:
            return {}
        finally:
            self.book.db.session.rollback()  # no read transaction left open while nbgrader writes

    def register_students(self, students: Iterable[str], attempts: int = 5) -> None:
        """Create the students before any grading: another grader may be creating them at the same time."""
        for attempt in range(attempts):
            try:
                known = {s.id for s in self.book.students}
                for student in students:
                    if student not in known:
                        self.book.add_student(student)
                self.book.db.session.commit()
                return
            except InvalidEntry:
                self.book.db.session.rollback()
                time.sleep(0.1 * (attempt + 1))
        raise RuntimeError("the students could not be registered in the gradebook")

    def record_batch(self, assignment: str, entries: Sequence[Entry]) -> list[str | None]:
        """Record ``entries`` (a list of :class:`Entry`) in one transaction; returns their errors (or None).

        When the transaction fails, the students are recorded one by one, so only the faulty one is lost.
        """
        try:
            with _quiet():
                self._existing = self._existing_submissions(assignment, entries)
                for entry in entries:
                    self._record(assignment, entry)
                self.book.db.session.commit()
            return [None] * len(entries)
        except Exception as exc:
            self.book.db.session.rollback()
            if len(entries) == 1:
                return [f"{type(exc).__name__}: {exc}"]
            return [self.record_batch(assignment, [entry])[0] for entry in entries]

    def _record(self, assignment, entry):
        """nbgrader's autograde of one student, in the open transaction: directly when it can be."""
        texts = self._direct(assignment, entry)
        if texts is None:
            self._submission(assignment, entry)
        dest = Path(
            self.coursedir.format_path(self.coursedir.autograded_directory, entry.student, assignment)
        )
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        for name, text in {
            **entry.files,
            **({"timestamp.txt": entry.timestamp} if entry.timestamp else {}),
        }.items():
            (dest / name).write_text(text)
        for path, relative in self.extra_files.get(assignment, []):  # the instructor's, as nbgrader copies
            (dest / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, dest / relative)
        for name, notebook in entry.notebooks.items():
            if texts is None:
                text = self.autograded(assignment, entry.student, name, notebook, entry.outputs.get(name, {}))
            else:
                text = texts[name]
            (dest / f"{name}.ipynb").write_text(text, encoding="utf-8")
        for path in dest.rglob("*"):
            if path.is_file():
                path.chmod(0o664 if self.coursedir.groupshared else 0o444)

    def _submission(self, assignment, entry):
        """The submission row, as nbgrader's autograde makes or updates it before its preprocessors."""
        if entry.timestamp:
            self.book.update_or_create_submission(assignment, entry.student, timestamp=entry.timestamp)
        else:
            self.book.update_or_create_submission(assignment, entry.student)

    @property
    def chain(self) -> list[list[NbGraderPreprocessor]]:
        """The configured preprocessors, made once (see :func:`preprocessor_chain`)."""
        if self._chain is None:
            self._chain = preprocessor_chain(self.config)
        return self._chain

    @property
    def direct_settings(self) -> "direct.Settings | None":
        """What the direct path honours of the configuration, or None when it cannot honour all of it."""
        if self._direct_settings is None:
            reason = direct.unsupported(self.chain)
            if reason:
                log.info("recording through nbgrader's autograde preprocessors: %s", reason)
            self._direct_settings = False if reason else direct.Settings.of(self.chain)
        return self._direct_settings or None

    def _cells(self, assignment):
        """The assignment's source cells (see :class:`direct.AssignmentCells`), read once."""
        if assignment not in self.source_cells:
            self.source_cells[assignment] = direct.AssignmentCells(self.book, assignment)
        return self.source_cells[assignment]

    def _existing_submissions(self, assignment, entries):
        """The batch's students' existing submissions, when the direct path records them."""
        if self.direct_settings is None:
            return {}
        return direct.existing_submissions(
            self.book.db.session, self._cells(assignment), [e.student for e in entries]
        )

    def _direct(self, assignment, entry):
        """{notebook: autograded text} with the student's rows written, or None: run the preprocessors.

        The notebooks are all computed before any row is written, so a notebook the direct path does not
        reproduce (or one nbgrader would fail on) leaves the transaction as it was for the preprocessors.
        """
        settings = self.direct_settings
        if settings is None:
            return None
        cells, done = self._cells(assignment), {}
        for name, notebook in entry.notebooks.items():
            try:
                done[name] = direct.autograde(
                    notebook, entry.outputs.get(name, {}), cells.notebooks[name], settings
                )
            except Exception as exc:  # nbgrader's own path says what it makes of this notebook, or its error
                log.warning(
                    "%s, %s.ipynb: recorded through nbgrader's preprocessors, not directly (%s: %s)",
                    entry.student,
                    name,
                    type(exc).__name__,
                    exc,
                )
                return None
        scores = {name: score for name, (_, score) in done.items()}
        submission = self._existing.get(entry.student)
        direct.write_rows(
            self.book.db.session, cells, submission, entry.student, entry.timestamp, scores, settings
        )
        return {name: text for name, (text, _) in done.items()}

    def autograded(
        self,
        assignment: str,
        student: str,
        name: str,
        notebook: nbformat.NotebookNode,
        outputs: dict[str, list[dict]],
    ) -> str:
        """The autograded notebook's text, through nbgrader's two stages as its converter runs them."""
        share(self.chain[0] + self.chain[1], self.book)
        resources = {
            "unique_key": name,
            "output_files_dir": f"{name}_files",
            "nbgrader": {
                "student": student,
                "assignment": assignment,
                "notebook": name,
                "db_url": self.db_url,
                "trusted_outputs": outputs,
            },
        }
        text = nbformat.writes(notebook)  # nbgrader reads the submission from a file
        for stage in self.chain:
            nb = nbformat.reads(text, as_version=4)
            text = _exported(nb, dict(resources), stage)
        return text


def share(preprocessors, gradebook):
    """Let the preprocessors that use the database use ``gradebook``."""
    for preprocessor in preprocessors:
        if isinstance(preprocessor, _Open):
            preprocessor.shared = gradebook


def _exported(nb, resources, preprocessors):
    """What nbconvert's NotebookExporter makes of ``nb`` with ``preprocessors``."""
    _, nb = validator.normalize(nb)
    for preprocessor in preprocessors:
        nb, resources = preprocessor(nb, resources)
    text = nbformat.writes(nb, version=4)
    return text if text.endswith("\n") else text + "\n"


class _quiet(warnings.catch_warnings):
    """nbgrader's first grading of a student triggers an SQLAlchemy warning; the scores are stored right."""

    def __enter__(self):
        super().__enter__()
        warnings.filterwarnings("ignore", message=".*not in session.*", category=SAWarning)
