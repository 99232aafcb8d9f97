"""Recording in batches gives nbgrader exactly what its own autograde converter gave, and nbgrader's
tools (manual grading, generate_feedback, export) keep working on the records."""

import copy
import csv
import json
import logging
import re
import shutil
import sys
import threading
import time

import nbformat
import nbgrader.api
import pytest
from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader.api import Gradebook as NbGraderGradebook
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    IgnorePattern,
    LimitOutput,
    SaveAutoGrades,
)

from autograder import grading, notebooks, record, samples
from autograder.instructor import SETS, SPECS
from autograder.notebooks import grade_id, is_test

from gradelib import ROOT, course_copy, register_at_once, release, run, solved, submit

pytestmark = pytest.mark.nbgrader

ASSIGNMENT = "ps01_partials"
TIMESTAMP = "2026-03-01 10:00:00.000000 UTC"


class _ReferenceResults(record.TrustedResults):
    """The verdicts through a class attribute, as the converter gives a preprocessor no other way in."""

    outputs = {}

    def preprocess(self, nb, resources):
        resources["nbgrader"]["trusted_outputs"] = self.outputs.get(resources["unique_key"], {})
        return super().preprocess(nb, resources)


class ReferenceGradebook(record.Gradebook):
    """The previous recorder: nbgrader's whole autograde converter, once per student."""

    def record_batch(self, assignment, entries):
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        config = record.load_config(self.root)
        config.CourseDirectory.submitted_directory = f"{record.STAGE}/submitted"
        config.Autograde.autograde_preprocessors = [
            _ReferenceResults,
            IgnorePattern,
            ClearMetadataPreprocessor,
            LimitOutput,
            SaveAutoGrades,
            AssignLatePenalties,
            CheckCellMetadata,
        ]
        api = NbGraderAPI(CourseDirectory(config=config), config=config)
        return [self._one(api, assignment, entry) for entry in entries]

    def _one(self, api, assignment, entry):
        import nbformat

        folder = self.root / record.STAGE / "submitted" / entry.student / assignment
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, notebook in entry.notebooks.items():
            nbformat.write(notebook, str(folder / f"{name}.ipynb"))
        if entry.timestamp:
            (folder / "timestamp.txt").write_text(entry.timestamp)
        _ReferenceResults.outputs = entry.outputs
        done = api.autograde(assignment, entry.student, force=True, create=True)
        return None if done["success"] else done.get("error") or done.get("log")


def _class(root):
    right = solved(root, ASSIGNMENT)
    submit(root, "solved", ASSIGNMENT, right)
    submit(root, "untouched", ASSIGNMENT, release(root, ASSIGNMENT))
    submit(
        root,
        "wrong",
        ASSIGNMENT,
        samples.answered(right, "partials_exy", "def partials_exy(x, y):\n    return 0, 0"),
    )
    submit(root, "corrupt", ASSIGNMENT, b"{not json")
    (root / "submitted" / "solved" / ASSIGNMENT / "timestamp.txt").write_text(TIMESTAMP)


class _Watch:
    """A recorder that keeps what the grader handed it ({student: Entry}) and whom it recorded directly."""

    def __init__(self, root):
        super().__init__(root)
        self.entries, self.directly = {}, set()

    def record_batch(self, assignment, entries):
        self.entries.update((entry.student, entry) for entry in entries)
        return super().record_batch(assignment, entries)

    def _direct(self, assignment, entry):
        texts = super()._direct(assignment, entry)
        if texts is not None:
            self.directly.add(entry.student)
        return texts


class Watched(_Watch, record.Gradebook):
    pass


class WatchedReference(_Watch, ReferenceGradebook):
    pass


def _grade(root, cls):
    """Grade the class of the course ``root`` with a new recorder of class ``cls``; returns it (closed).

    The grading secret is the same for every course, so the hidden points are the same.
    """
    made = []
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PDML_GRADING_SECRET", "one secret for both")
        grading.grade_class(
            root, ASSIGNMENT, feedback=False, gradebook=lambda r: made.append(cls(r)) or made[-1]
        )
    return made[0]


def _grade_both(base, make_class, configure=None):
    """The class ``make_class(root)`` submits, graded in two course copies under ``base``: by the new
    recorder, then by nbgrader's converter (see :func:`_grade`).

    ``configure(root)`` changes a course copy before anything is graded. Returns the two recorders
    (closed: their ``root``, ``entries`` and ``directly`` are what is left to read).
    """
    books = []
    for name, cls in (("new", Watched), ("old", WatchedReference)):
        (base / name).mkdir()
        root = course_copy(base / name)
        if configure:
            configure(root)
        make_class(root)
        books.append(_grade(root, cls))
    return books


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The same class recorded by the new recorder (first) and by nbgrader's converter (second)."""
    return [book.root for book in _grade_both(tmp_path_factory.mktemp("class"), _class)]


def _rows(root):
    """Every gradebook row nbgrader keeps for the submissions, keyed without database ids."""
    with NbGraderGradebook(f"sqlite:///{root / 'gradebook.db'}", "pdml") as gb:
        rows = {}
        for sub in gb.find_assignment(ASSIGNMENT).submissions:
            rows[sub.student.id] = {
                "score": sub.score,
                "max_score": sub.max_score,
                "timestamp": str(sub.timestamp),
                "needs_manual": sub.needs_manual_grade,
            }
            for nb in sub.notebooks:
                for g in nb.grades:
                    rows[(sub.student.id, nb.name, g.name)] = (
                        g.auto_score,
                        g.manual_score,
                        g.max_score,
                        g.needs_manual_grade,
                    )
                for c in nb.comments:
                    rows[(sub.student.id, nb.name, c.name, "comment")] = (c.auto_comment, c.manual_comment)
                rows[(sub.student.id, nb.name)] = (nb.score, nb.max_score, nb.late_submission_penalty)
        for nb in gb.find_assignment(ASSIGNMENT).notebooks:
            rows.update({(nb.name, cell.name, "checksum"): cell.checksum for cell in nb.source_cells})
        return rows


def test_gradebook_rows_are_those_of_nbgraders_converter(both):
    new, old = map(_rows, both)
    assert new == old
    total = sum(sum(SPECS[name].points) for name in SETS[ASSIGNMENT])
    assert new["solved"]["score"] == new["solved"]["max_score"] == total
    assert new["wrong"]["score"] < total and new["untouched"]["score"] == 0


def _same_autograded(new, old, normal=lambda path, data: data):
    """The two courses' ``autograded/`` hold the same files, byte for byte (after ``normal``), same modes."""
    files = sorted(p.relative_to(old / "autograded") for p in (old / "autograded").rglob("*") if p.is_file())
    assert files and files == sorted(
        p.relative_to(new / "autograded") for p in (new / "autograded").rglob("*") if p.is_file()
    )
    for name in files:
        ours, theirs = (normal(name, (r / "autograded" / name).read_bytes()) for r in (new, old))
        assert ours == theirs, name
        assert (new / "autograded" / name).stat().st_mode == (old / "autograded" / name).stat().st_mode


def test_autograded_notebooks_are_those_of_nbgraders_converter(both):
    _same_autograded(*both)


def _export(root):
    done = run("nbgrader", "export", "--to", str(root / "export.csv"), root=root)
    assert done.returncode == 0, done.stderr[-2000:]
    with open(root / "export.csv", newline="") as handle:
        return sorted(map(dict, csv.DictReader(handle)), key=lambda r: r["student_id"])


def test_nbgrader_export_is_the_same(both):
    new, old = map(_export, both)
    assert new == old and len(new) == 4


def test_a_changed_verdict_is_not_the_same(both, tmp_path):
    """The comparison can fail: one student graded differently gives different rows."""
    root = course_copy(tmp_path)
    _class(root)
    submit(root, "solved", ASSIGNMENT, release(root, ASSIGNMENT))
    grading.grade_class(root, ASSIGNMENT, feedback=False)
    assert _rows(root) != _rows(both[0])


def test_manual_grading_feedback_and_export_work_on_the_new_records(both):
    root = both[0]
    with NbGraderGradebook(f"sqlite:///{root / 'gradebook.db'}", "pdml") as gb:
        grade = gb.find_submission(ASSIGNMENT, "wrong").notebooks[0].grades[0]
        grade.manual_score = grade.max_score  # what formgrader's grade API does with a grader's score
        gb.db.commit()
    exported = {r["student_id"]: r for r in _export(root)}
    assert float(exported["wrong"]["score"]) > float(_export(both[1])[-1]["score"])
    done = run("nbgrader", "generate_feedback", ASSIGNMENT, "--force", root=root)
    assert done.returncode == 0, done.stderr[-3000:]
    page = (root / "feedback" / "wrong" / ASSIGNMENT / "partials.html").read_text()
    assert f"Score: {float(exported['wrong']['score'])}" in page and "cdnjs" not in page


def test_regrading_keeps_the_manual_score_and_flags_it(both):
    root = both[0]
    told = []
    results = grading.grade_class(root, ASSIGNMENT, feedback=False, graded=told.append)
    assert told == [results]  # the plot's data, handed over before the last pages are waited for
    with NbGraderGradebook(f"sqlite:///{root / 'gradebook.db'}", "pdml") as gb:
        grade = gb.find_submission(ASSIGNMENT, "wrong").notebooks[0].grades[0]
        assert grade.manual_score == grade.max_score and grade.needs_manual_grade
        assert len(gb.find_assignment(ASSIGNMENT).submissions) == 4


def _chain(**settings):
    from traitlets.config import Config

    config = Config()
    for key, value in settings.items():
        section, name = key.split("__")
        config[section][name] = value
    return record.preprocessor_chain(config)


def test_nbgraders_default_chain_is_recorded_directly():
    from autograder import direct

    assert direct.unsupported(_chain()) is None


@pytest.mark.parametrize(
    "settings",
    [
        {"IgnorePattern__enabled": True},
        {"LimitOutput__enabled": False},
        {"OverwriteCells__add_missing_cells": True},
        {"Autograde__autograde_preprocessors": ["nbgrader.preprocessors.Execute"]},
    ],
)
def test_another_configuration_takes_nbgraders_preprocessors(settings):
    from autograder import direct

    assert direct.unsupported(_chain(**settings))


def test_the_preprocessor_path_records_what_the_converter_does(both, tmp_path, monkeypatch):
    """The fallback, forced for every student, gives the same rows as nbgrader's converter."""
    monkeypatch.setenv("PDML_GRADING_SECRET", "one secret for both")
    monkeypatch.setattr(record.Gradebook, "direct_settings", property(lambda self: None))
    root = course_copy(tmp_path)
    _class(root)
    grading.grade_class(root, ASSIGNMENT, feedback=False)
    assert _rows(root) == _rows(both[1])


# Cases the class above does not have. Each is a real submission graded by `grade_class` into both
# recorders; where the grader never lets the case reach the recorder, that is shown, and the recorder
# is also given the case directly (an Entry as the grader makes them), so the direct path meets it.

NOTEBOOK = "partials"


# a. A late submission, with nbgrader's "zero" penalty.

DUE = "2026-03-01 09:00:00 UTC"
SUBMITTED = {
    "late": "2026-03-01 04:30:00 America/New_York",  # 09:30 UTC: half an hour late
    "late_untouched": "2026-03-02 09:00:00 UTC",  # late, with nothing to take away
    "on_time": "2026-03-01 08:59:59 UTC",
    "undated": None,  # no timestamp.txt: never late
}


def _late_course(root):
    """The "zero" penalty in the course's nbgrader_config.py, and a due date the way nbgrader documents
    it (``nbgrader db assignment add --duedate``), before anything is released or graded."""
    with open(root / "nbgrader_config.py", "a") as config:
        config.write('\nc.LateSubmissionPlugin.penalty_method = "zero"\n')
    done = run("nbgrader", "db", "assignment", "add", ASSIGNMENT, f"--duedate={DUE}", root=root)
    assert done.returncode == 0, done.stderr[-2000:]


def _late_class(root):
    right = solved(root, ASSIGNMENT)
    for student, timestamp in SUBMITTED.items():
        submit(root, student, ASSIGNMENT, release(root, ASSIGNMENT) if "untouched" in student else right)
        if timestamp:
            (root / "submitted" / student / ASSIGNMENT / "timestamp.txt").write_text(timestamp)


@pytest.fixture(scope="module")
def late(tmp_path_factory):
    return _grade_both(tmp_path_factory.mktemp("late"), _late_class, _late_course)


def test_a_late_submission_is_penalised_as_nbgrader_does(late):
    new, old = late
    assert new.directly == set(SUBMITTED)  # the direct path, not nbgrader's preprocessors, recorded them
    rows = _rows(new.root)
    assert rows == _rows(old.root)
    total = sum(sum(SPECS[name].points) for name in SETS[ASSIGNMENT])
    assert rows[("late", NOTEBOOK)] == (total, total, total)  # the penalty is the whole score
    assert rows[("late_untouched", NOTEBOOK)] == (0, total, 0)
    assert rows[("on_time", NOTEBOOK)] == rows[("undated", NOTEBOOK)] == (total, total, None)
    _same_autograded(new.root, old.root)
    exported = {r["student_id"]: r for r in _export(new.root)}
    assert exported == {r["student_id"]: r for r in _export(old.root)}
    assert float(exported["late"]["raw_score"]) == float(exported["late"]["late_submission_penalty"]) == total
    assert float(exported["late"]["score"]) == 0 and float(exported["on_time"]["score"]) == total


def test_a_moved_due_date_lifts_the_penalty_on_regrading(late):
    """Regrading updates the existing rows: the penalty goes once the submission is no longer late."""
    for book in late:
        done = run(
            "nbgrader",
            "db",
            "assignment",
            "add",
            ASSIGNMENT,
            "--duedate=2026-03-03 00:00:00 UTC",
            root=book.root,
        )
        assert done.returncode == 0, done.stderr[-2000:]
    new, old = (_grade(book.root, cls) for book, cls in zip(late, (Watched, WatchedReference)))
    rows = _rows(new.root)
    assert rows == _rows(old.root) and new.directly == set(SUBMITTED)
    assert rows[("late", NOTEBOOK)][2] is None and rows[("late_untouched", NOTEBOOK)][2] is None
    _same_autograded(new.root, old.root)


# Reading the autograded notebooks; entries handed to both recorders without the grader.


def _autograded_notebook(root, student):
    return nbformat.read(str(root / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb"), as_version=4)


def _cell(notebook, gid):
    return next(c for c in notebook.cells if grade_id(c) == gid)


def _released(root):
    """The released notebook the grader rebuilds submissions on (``register``'s release)."""
    return nbformat.read(
        str(root / record.STAGE / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"), as_version=4
    )


def _full_marks(notebook):
    """Trusted outputs giving every test cell of ``notebook`` its points, as the grader writes them."""
    return {
        grade_id(c): record.verdict_outputs(
            "checked", c.metadata.nbgrader["points"], c.metadata.nbgrader["points"]
        )
        for c in notebook.cells
        if is_test(c)
    }


def _record_both(base, entries):
    """``entries`` handed straight to both recorders (the assignment registered, as grade_class does),
    each its own copy (nbformat's writer repairs cell ids in place); returns the two recorders, closed."""
    books = []
    for name, cls in (("new", Watched), ("old", WatchedReference)):
        (base / name).mkdir()
        book = cls(course_copy(base / name))
        try:
            book.register(ASSIGNMENT)
            book.register_students([e.student for e in entries])
            assert book.record_batch(ASSIGNMENT, copy.deepcopy(entries)) == [None] * len(entries)
        finally:
            book.close()
        books.append(book)
    return books


# b. Locked cells edited by the student.

EDIT = "# the student's edit\n"


def _edited_locked_class(root):
    right = solved(root, ASSIGNMENT)
    edited = copy.deepcopy(right)
    setup, test = _cell(edited, "setup"), _cell(edited, "test_partials_exy_public")
    setup.source = EDIT + setup.source
    setup.metadata.nbgrader["locked"] = False
    test.source = EDIT + "pass"
    test.metadata.nbgrader["points"] = 100
    edited.cells[0].source += "\n\n" + EDIT  # the title: a plain markdown cell, not nbgrader's
    submit(root, "edited", ASSIGNMENT, edited)
    submit(root, "solved", ASSIGNMENT, right)


def test_edited_locked_cells_are_restored_as_nbgrader_restores_them(tmp_path):
    """The grader rebuilds the notebook on the release, so the edits of the locked cells never reach the
    recorder (the plain markdown cell's does, as a student's cell); both record the same."""
    new, old = _grade_both(tmp_path, _edited_locked_class)
    released = _released(new.root)
    given = new.entries["edited"].notebooks[NOTEBOOK]
    for gid in ("setup", "test_partials_exy_public"):
        assert _cell(given, gid) == _cell(released, gid)
    assert EDIT in given.cells[0].source and not any(EDIT in c.source for c in given.cells[1:])
    assert new.directly == {"edited", "solved"}
    rows = _rows(new.root)
    assert rows == _rows(old.root) and rows["edited"]["score"] == rows["solved"]["score"] > 0
    _same_autograded(new.root, old.root)
    assert _cell(_autograded_notebook(new.root, "edited"), "setup").source == _cell(released, "setup").source


def _edited_entries(root):
    """Entries whose locked cells were edited after the rebuild: what OverwriteCells exists for."""
    rebuilt = notebooks.normalize(release(root, ASSIGNMENT), solved(root, ASSIGNMENT))[0]
    outputs = {NOTEBOOK: _full_marks(rebuilt)}
    edited = copy.deepcopy(rebuilt)
    setup, test = _cell(edited, "setup"), _cell(edited, "test_partials_exy_public")
    setup.source, setup.metadata.nbgrader["locked"] = EDIT + setup.source, False
    test.source, test.metadata.nbgrader["points"] = EDIT + "pass", 100
    retyped = copy.deepcopy(rebuilt)  # a locked code cell turned into markdown
    index = retyped.cells.index(_cell(retyped, "setup"))
    old = retyped.cells[index]
    retyped.cells[index] = nbformat.v4.new_markdown_cell(EDIT + old.source, metadata=old.metadata, id=old.id)
    return [
        record.Entry("edited", {NOTEBOOK: edited}, outputs, TIMESTAMP),
        record.Entry("retyped", {NOTEBOOK: retyped}, outputs, TIMESTAMP),
    ]


def test_locked_cells_edited_in_the_recorders_input_are_restored_as_nbgrader_does(tmp_path):
    """The recorder's own OverwriteCells: locked sources, the locked flag and the points put back from the
    gradebook (directly); a changed cell type is left to nbgrader's preprocessors."""
    new, old = _record_both(tmp_path, _edited_entries(ROOT))
    assert new.directly == {"edited"}  # "retyped" took nbgrader's preprocessors
    rows = _rows(new.root)
    assert rows == _rows(old.root) and rows["edited"]["score"] == rows["edited"]["max_score"]
    _same_autograded(new.root, old.root)
    released = release(new.root, ASSIGNMENT)
    for student in ("edited", "retyped"):
        restored = _autograded_notebook(new.root, student)
        assert _cell(restored, "setup").source == _cell(released, "setup").source
        assert _cell(restored, "setup").cell_type == "code"
    test = _cell(_autograded_notebook(new.root, "edited"), "test_partials_exy_public")
    assert test.source == _cell(released, test.metadata.nbgrader["grade_id"]).source
    assert test.metadata.nbgrader["points"] == 1


# c. Duplicated and missing cell ids.


def _with_ids(notebook, change):
    """``notebook`` as raw JSON (nbformat would repair its ids on writing), its cells passed to ``change``."""
    data = json.loads(nbformat.writes(notebook))
    change(data["cells"])
    return json.dumps(data, indent=1).encode()


def _duplicated(cells):
    cells[1]["id"] = cells[3]["id"]  # two nbgrader cells (setup and partials) share an id
    cells[4]["id"] = cells[0]["id"] = "same"  # and two plain cells another


def _missing(cells):
    del cells[1]["id"], cells[2]["id"], cells[4]["id"]


def _ids_class(root):
    right = solved(root, ASSIGNMENT)
    submit(root, "duplicated", ASSIGNMENT, _with_ids(right, _duplicated))
    submit(root, "missing", ASSIGNMENT, _with_ids(right, _missing))
    older = json.loads(nbformat.writes(right))  # nbformat 4.4: cells had no ids yet
    older["nbformat_minor"] = 4
    for cell in older["cells"]:
        del cell["id"]
    submit(root, "no_ids", ASSIGNMENT, json.dumps(older).encode())
    submit(root, "solved", ASSIGNMENT, right)


def test_duplicated_and_missing_cell_ids_are_recorded_as_nbgrader_does(tmp_path):
    """The grader rebuilds every notebook on the release, whose cells keep their ids, the student's own
    cells getting ``student-<n>``: the ids reaching the recorder are unique and not random, so the
    notebooks are compared with their ids, and the direct path records them all."""
    new, old = _grade_both(tmp_path, _ids_class)
    released = [c.id for c in _released(new.root).cells if grade_id(c)]
    for student, entry in new.entries.items():
        ids = [c.get("id") for c in entry.notebooks[NOTEBOOK].cells]
        assert None not in ids and len(set(ids)) == len(ids), student
        assert [i for i in ids if not i.startswith("student-")] == released, student
    assert new.directly == {"duplicated", "missing", "no_ids", "solved"}
    rows = _rows(new.root)
    assert rows == _rows(old.root)
    assert rows["duplicated"]["score"] == rows["missing"]["score"] == rows["no_ids"]["score"] > 0
    _same_autograded(new.root, old.root)


def _without_ids(path, data):
    """A notebook's text with its cells' ids taken out (nbformat makes up the ones it repairs)."""
    if path.suffix != ".ipynb":
        return data
    notebook = json.loads(data)
    for cell in notebook["cells"]:
        cell.pop("id", None)
    return notebook


def test_a_recorder_input_with_bad_cell_ids_takes_nbgraders_preprocessors(tmp_path):
    """A notebook handed to the recorder with duplicated or missing ids is left to nbgrader, whose
    reading repairs them with random ids: the rows are the same, and the notebooks too but for those ids
    (compared without them); the repaired ids are unique."""
    rebuilt = notebooks.normalize(release(ROOT, ASSIGNMENT), solved(ROOT, ASSIGNMENT))[0]
    outputs = {NOTEBOOK: _full_marks(rebuilt)}
    entries = []
    for student, change in (("duplicated", _duplicated), ("missing", _missing)):
        notebook = copy.deepcopy(rebuilt)
        change(notebook.cells)
        entries.append(record.Entry(student, {NOTEBOOK: notebook}, outputs, TIMESTAMP))
    new, old = _record_both(tmp_path, entries)
    assert new.directly == set()
    rows = _rows(new.root)
    assert rows == _rows(old.root) and rows["duplicated"]["score"] == rows["duplicated"]["max_score"]
    _same_autograded(new.root, old.root, _without_ids)
    for student in ("duplicated", "missing"):
        ids = [c.get("id") for c in _autograded_notebook(new.root, student).cells]
        assert None not in ids and len(set(ids)) == len(ids)


# d. Outputs over LimitOutput's limits.

TRUNCATED, TB_TRUNCATED = "... Output truncated ...", "... Traceback truncated ..."
LOUD = (
    "{answer}\n"
    "print('\\n'.join(f'printed line {{i}}' for i in range(1500)))\n"
    "raise ValueError('see below' + '\\n' * 400)\n"
)


def _loud_class(root):
    """A student whose cell prints 1500 lines and then raises an error of hundreds of lines, and whose
    function raises one too: only the grader's note of the first error and its verdict of the second
    (both cut to a few hundred lines) reach the recorder, never the printed lines."""
    right = solved(root, ASSIGNMENT)
    loud = samples.answered(right, "partials_exy", LOUD.format(answer=_cell(right, "partials_exy").source))
    loud = samples.answered(
        loud, "partials_log", "def partials_log(x, y):\n    raise ValueError('wrong' + '\\n' * 400)"
    )
    submit(root, "loud", ASSIGNMENT, loud)
    submit(root, "solved", ASSIGNMENT, right)


MAX_LINES = 40


def _short_outputs(root):
    """A course that keeps fewer lines than nbgrader's default (1000, more than any grader's text)."""
    with open(root / "nbgrader_config.py", "a") as config:
        config.write(f"\nc.LimitOutput.max_lines = {MAX_LINES}\n")


def _stream_lines(cell):
    return [line for o in cell.outputs if o.output_type == "stream" for line in o.text.split("\n")]


def test_long_outputs_are_cut_as_nbgraders_limit_output_cuts_them(tmp_path):
    new, old = _grade_both(tmp_path, _loud_class, _short_outputs)
    given = new.entries["loud"].outputs[NOTEBOOK]
    assert "printed line" not in json.dumps(new.entries["loud"].outputs)
    for gid in ("partials_exy", "test_partials_log_public"):  # over the limit as the recorder gets them
        assert sum(o["text"].count("\n") for o in given[gid] if o["output_type"] == "stream") > MAX_LINES
    assert new.directly == {"loud", "solved"}
    rows = _rows(new.root)
    assert rows == _rows(old.root) and 0 < rows["loud"]["score"] < rows["solved"]["score"]
    _same_autograded(new.root, old.root)
    graded = _autograded_notebook(new.root, "loud")
    for gid in ("partials_exy", "test_partials_log_public"):
        lines = _stream_lines(_cell(graded, gid))
        assert len(lines) == MAX_LINES and lines[-1] == TRUNCATED, gid


def _stream(lines):
    return {"output_type": "stream", "name": "stdout", "text": "\n".join(f"line {i}" for i in range(lines))}


def _error(lines):
    return {
        "output_type": "error",
        "ename": "E",
        "evalue": "e",
        "traceback": [f"frame {i}" for i in range(lines)],
    }


def test_outputs_over_nbgraders_default_limits_are_cut_as_it_cuts_them(tmp_path):
    """Outputs the grader never makes (it writes one short stream per cell and empty tracebacks) handed to
    the recorder: streams over 1000 lines in all, one after the limit, tracebacks of 100 and 101 lines."""
    rebuilt = notebooks.normalize(release(ROOT, ASSIGNMENT), solved(ROOT, ASSIGNMENT))[0]
    plain = [c.id for c in rebuilt.cells if c.cell_type == "code" and not grade_id(c)]
    shown = {"output_type": "display_data", "metadata": {}, "data": {"text/plain": "shown"}}
    outputs = {
        **_full_marks(rebuilt),
        "partials_exy": [_stream(1500)],
        plain[0]: [_stream(1000), shown, _stream(2)],  # exactly the limit, then one too many
        plain[1]: [_stream(600), _stream(600), _stream(3)],
        "test_partials_exy_public": [_stream(3), _error(150)],
        "test_partials_exy_hidden": [_error(100)],
        "test_partials_log_public": [_error(101)],
    }
    new, old = _record_both(tmp_path, [record.Entry("long", {NOTEBOOK: rebuilt}, {NOTEBOOK: outputs})])
    assert new.directly == {"long"}
    rows = _rows(new.root)
    assert rows == _rows(old.root) and 0 < rows["long"]["score"] < rows["long"]["max_score"]
    _same_autograded(new.root, old.root)
    graded = _autograded_notebook(new.root, "long")
    cells = {grade_id(c) or c.id: c for c in graded.cells}
    for key in ("partials_exy", plain[1]):
        lines = _stream_lines(cells[key])
        assert len(lines) == 1000 and lines[-1] == TRUNCATED, key
    assert [o.output_type for o in cells[plain[0]].outputs] == ["stream", "display_data"]
    assert len(_stream_lines(cells[plain[0]])) == 1000 and TRUNCATED not in _stream_lines(cells[plain[0]])
    assert len(cells[plain[1]].outputs) == 2
    tests = ("test_partials_exy_public", "test_partials_exy_hidden", "test_partials_log_public")
    tracebacks = {gid: cells[gid].outputs[-1].traceback for gid in tests}
    assert len(tracebacks["test_partials_exy_public"]) == 100
    assert tracebacks["test_partials_exy_public"][50] == TB_TRUNCATED
    assert tracebacks["test_partials_exy_hidden"] == [f"frame {i}" for i in range(100)]
    assert len(tracebacks["test_partials_log_public"]) == 100


# Why the direct path is not taken is logged.


def test_a_student_the_direct_path_fails_on_is_logged_and_recorded_by_nbgraders_preprocessors(
    both, tmp_path, monkeypatch, caplog
):
    """One student's notebook makes ``direct.autograde`` raise: a warning names the student, the notebook
    and the error, and nbgrader's preprocessors record that student as the converter does."""
    from autograder import direct

    autograde = direct.autograde

    def failing(notebook, *args):
        if any("return 0, 0" in cell.source for cell in notebook.cells):  # the "wrong" student's
            raise RuntimeError("made to fail")
        return autograde(notebook, *args)

    monkeypatch.setattr(direct, "autograde", failing)
    caplog.set_level(logging.INFO, logger="autograder")
    root = course_copy(tmp_path)
    _class(root)
    new = _grade(root, Watched)
    warned = [r for r in caplog.records if r.name == "autograder.record" and r.levelno == logging.WARNING]
    assert [r.getMessage() for r in warned] == [
        "wrong, partials.ipynb: recorded through nbgrader's preprocessors, not directly "
        "(RuntimeError: made to fail)"
    ]
    assert new.directly == {"solved", "untouched", "corrupt"}
    assert _rows(new.root) == _rows(both[1])
    _same_autograded(new.root, both[1])


def test_a_configuration_the_direct_path_does_not_honour_is_logged_once(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="autograder")
    root = course_copy(tmp_path / "default")
    assert record.Gradebook(root).direct_settings is not None
    assert not [r for r in caplog.records if r.name == "autograder.record"]
    root = course_copy(tmp_path / "ignore")
    with open(root / "nbgrader_config.py", "a") as config:
        config.write("\nc.IgnorePattern.enabled = True\n")
    book = record.Gradebook(root)
    assert book.direct_settings is None and book.direct_settings is None
    logged = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "autograder.record"]
    assert logged == [
        (logging.INFO, "recording through nbgrader's autograde preprocessors: IgnorePattern is enabled")
    ]


def test_the_grade_command_shows_the_warnings_between_its_progress_bars(capsys):
    from tqdm import tqdm

    from autograder import cli

    handler = cli.show_warnings()
    try:
        bar = tqdm(total=2, file=sys.stderr, desc="grading")
        bar.update(1)
        logging.getLogger("autograder.record").info("not shown")
        logging.getLogger("autograder.record").warning("wrong, partials.ipynb: shown")
        bar.update(1)
        bar.close()
    finally:
        logging.getLogger("autograder").removeHandler(handler)
    lines = re.split(r"[\r\n]", capsys.readouterr().err)
    assert "WARNING: wrong, partials.ipynb: shown" in lines and not any("not shown" in line for line in lines)
    assert not any("shown" in line and "grading" in line for line in lines)  # not written into the bar


def test_graders_starting_at_once_on_a_new_sqlite_gradebook_all_get_through(tmp_path):
    root = course_copy(tmp_path)
    assignments = ["ps01_partials", "ps02_gradients"] * 2
    for returncode, err in register_at_once(root, assignments):
        assert returncode == 0, err[-3000:]
    with NbGraderGradebook(f"sqlite:///{root / 'gradebook.db'}", "pdml") as gb:
        assert sorted(a.name for a in gb.assignments) == sorted(set(assignments))
        assert sorted(c.id for c in gb.db.query(nbgrader.api.Course)) == ["default_course", "pdml"]


def test_the_gradebook_lock_is_taken_again_by_its_thread_and_waited_for_by_another(tmp_path):
    url, order, held = f"sqlite:///{tmp_path / 'gradebook.db'}", [], threading.Event()

    def first():
        with record.exclusive(url):
            with record.exclusive(url):  # the same thread again: no deadlock
                order.append("first in")
                held.set()
                time.sleep(0.2)
            order.append("first out")

    def second():
        held.wait()
        with record.exclusive(url):
            order.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert order == ["first in", "first out", "second in"]
