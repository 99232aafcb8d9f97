"""Submissions are rebuilt on the released notebook: tampering with test cells changes nothing."""

import copy
import json
import time

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


def _answered(release, source):
    return json.loads(nbformat.writes(samples.solved(release, source)))


def _read(tmp_path, data):
    path = tmp_path / "x.ipynb"
    path.write_bytes(data if isinstance(data, bytes) else json.dumps(data).encode())
    return notebooks.read_notebook(path)


def _code(notebook):
    return notebooks.code_to_run(notebook)


def test_a_huge_saved_output_is_dropped_not_refused(tmp_path, release, source):
    data = _answered(release, source)
    data["cells"].append(
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": 1,
            "source": "x = 1",
            "outputs": [{"output_type": "stream", "name": "stdout", "text": "y" * 25 * 2**20}],
        }
    )
    notebook, reason = _read(tmp_path, data)
    assert reason is None and all(c.get("outputs", []) == [] for c in notebook.cells)
    assert "x = 1" in _code(notebook)


def test_too_much_code_is_refused_with_a_reason(tmp_path, release, source):
    """Negative twin of the test above: the size limit is on the cells' sources."""
    data = _answered(release, source)
    data["cells"].append(
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": 1,
            "outputs": [],
            "source": "#" * (notebooks.MAX_CODE_CHARS + 1),
        }
    )
    notebook, reason = _read(tmp_path, data)
    assert notebook is None and "characters" in reason


def test_an_invalid_byte_is_replaced_not_refused(tmp_path, release, source):
    data = _answered(release, source)
    data["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "MARK"})
    raw = json.dumps(data).encode().replace(b"MARK", b"caf\xe9 \xff")
    notebook, reason = _read(tmp_path, raw)
    assert reason is None and any("\ufffd" in c.source for c in notebook.cells)


def test_absurd_nesting_in_metadata_is_cut(tmp_path, release, source):
    data = _answered(release, source)
    data["cells"][-1]["metadata"]["deep"] = "DEEP"
    deep = "[" * 100_000 + "]" * 100_000
    raw = json.dumps(data).encode().replace(b'"DEEP"', deep.encode())
    notebook, reason = _read(tmp_path, raw)
    assert reason is None and any("return 2 * x * y" in c for c in _code(notebook))


def test_absurd_nesting_is_cut_in_linear_time():
    start = time.perf_counter()
    text = notebooks._flattened('{"a": ' + "[" * 10**6 + "]" * 10**6 + ', "b": "[[[{"}')
    data = json.loads(text)
    depth, value = 0, data["a"]
    while isinstance(value, list) and value:
        depth, value = depth + 1, value[0]
    assert data["b"] == "[[[{" and depth == notebooks.MAX_NESTING - 1
    assert time.perf_counter() - start < 10


def test_metadata_but_nbgraders_is_dropped(tmp_path, release, source):
    data = _answered(release, source)
    data["cells"][0]["metadata"]["tags"] = ["x"]
    notebook, _ = _read(tmp_path, data)
    assert all(set(c.metadata) <= {"nbgrader"} for c in notebook.cells)


def test_a_very_long_markdown_cell_is_cut(release):
    student = copy.deepcopy(release)
    student.cells.append(nbformat.v4.new_markdown_cell("m" * (notebooks.MAX_MARKDOWN_CHARS * 3)))
    data = json.loads(nbformat.writes(student))
    cut = notebooks._only_sources(data)["cells"][-1]["source"]
    assert len(cut) < notebooks.MAX_MARKDOWN_CHARS + 200 and "cut" in cut


def test_student_markdown_is_made_inert_when_rebuilt(release):
    student = copy.deepcopy(release)
    student.cells.append(
        nbformat.v4.new_markdown_cell('<img src=x onerror="alert(1)"> [a](javascript:alert(1))')
    )
    rebuilt, _ = notebooks.normalize(release, student)
    text = rebuilt.cells[-1].source
    assert "onerror" not in text and text.startswith("```")


def test_much_markdown_is_cut_not_refused(tmp_path, release, source):
    data = _answered(release, source)
    data["cells"] += [
        {"cell_type": "markdown", "metadata": {}, "source": "m" * notebooks.MAX_MARKDOWN_CHARS}
        for _ in range(30)
    ]
    notebook, reason = _read(tmp_path, data)
    kept = sum(len(c.source) for c in notebook.cells if c.cell_type == "markdown")
    assert reason is None and kept < notebooks.MAX_MARKDOWN_TOTAL + 100_000


def test_an_unterminated_string_is_scanned_once():
    start = time.perf_counter()
    notebooks._flattened("[" * 2000 + '"' + '\\"' * 2_000_000)
    assert time.perf_counter() - start < 5
