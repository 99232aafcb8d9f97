"""Submissions are rebuilt on the released notebook: tampering with test cells changes nothing."""
import copy

import nbformat
import pytest

from autograder import notebooks, samples

from gradelib import ROOT

A, NB = "ps01_partials", "partials"


@pytest.fixture(scope="module")
def release():
    return samples.load(ROOT, "exercises", A, NB)


@pytest.fixture(scope="module")
def source():
    return samples.load(ROOT, "solutions", A, NB)


def _ids(notebook):
    return [notebooks.grade_id(c) for c in notebook.cells if notebooks.grade_id(c)]


def test_an_untouched_release_is_rebuilt_as_itself(release):
    rebuilt, notes = notebooks.normalize(release, copy.deepcopy(release))
    assert _ids(rebuilt) == _ids(release) and notes == []


def test_a_duplicated_test_cell_is_kept_once(release):
    student = copy.deepcopy(release)
    test_cell = next(c for c in student.cells if notebooks.grade_id(c) == "test_partials_exy_public")
    student.cells.insert(3, copy.deepcopy(test_cell))
    rebuilt, notes = notebooks.normalize(release, student)
    assert sorted(_ids(rebuilt)) == sorted(_ids(release)) and "second copy" in notes[0]


def test_a_deleted_test_cell_is_restored_in_place(release):
    student = copy.deepcopy(release)
    student.cells = [c for c in student.cells if notebooks.grade_id(c) != "test_partials_exy_public"]
    rebuilt, notes = notebooks.normalize(release, student)
    assert _ids(rebuilt) == _ids(release) and "restored" in notes[0]


def test_an_edited_test_cell_gets_the_released_source(release):
    student = copy.deepcopy(release)
    cell = next(c for c in student.cells if notebooks.grade_id(c) == "test_partials_exy_public")
    cell.source, cell.metadata.nbgrader["points"] = "3.0", 100
    rebuilt, _ = notebooks.normalize(release, student)
    restored = next(c for c in rebuilt.cells if notebooks.grade_id(c) == "test_partials_exy_public")
    assert "check(" in restored.source and restored.metadata.nbgrader["points"] == 1


def test_answers_and_own_cells_are_kept(release, source):
    student = samples.solved(release, source)
    student.cells.append(nbformat.v4.new_code_cell("helper = 42"))
    code = notebooks.code_to_run(notebooks.normalize(release, student)[0])
    assert "helper = 42" in code and any("return (1 + x * y) * e_xy" in c for c in code)


def test_test_cells_never_run_in_the_sandbox(release):
    code = notebooks.code_to_run(notebooks.normalize(release, copy.deepcopy(release))[0])
    assert not any('check("partials_exy", partials_exy)' in c for c in code)


def test_checks_come_from_the_instructors_notebook(source):
    checks = notebooks.checks_in(source)
    assert checks["test_partials_exy_public"] == ("partials_exy", False, 1.0)
    assert checks["test_partials_exy_hidden"] == ("partials_exy", True, 2.0)


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"cells": 3, "nbformat": 4, "nbformat_minor": 5}'])
def test_unusable_files_give_a_reason_not_an_exception(tmp_path, content):
    path = tmp_path / "x.ipynb"
    path.write_bytes(content)
    notebook, reason = notebooks.read_notebook(path)
    assert notebook is None and reason


def test_a_good_file_reads(tmp_path, release):
    path = tmp_path / "x.ipynb"
    nbformat.write(release, str(path))
    assert notebooks.read_notebook(path)[0] is not None
