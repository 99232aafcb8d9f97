"""What `grade` does to start faster gives what nbgrader itself would have given."""

import subprocess
import sys
from pathlib import Path

from nbgrader.api import Gradebook as NbGraderGradebook
from nbgrader.dbutil import _temp_alembic_ini
from sqlalchemy import create_engine, text

from autograder import record


def _alembic_command_head():
    """What nbgrader asks for: the ``alembic heads`` command's first word."""
    alembic = Path(sys.executable).parent / "alembic"
    with _temp_alembic_ini("sqlite:////tmp/gradebook.db") as ini:
        return subprocess.check_output([str(alembic), "-c", ini, "heads"]).decode().split()[0]


def test_alembic_head_read_in_process_is_the_commands():
    assert record.alembic_head() == _alembic_command_head()


def test_a_new_gradebook_is_stamped_with_that_head(tmp_path):
    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    NbGraderGradebook(url, "pdml").close()
    with create_engine(url).connect() as db:
        stamped = db.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert stamped == _alembic_command_head() and stamped != ""


def _registered(root, assignment="ps01_partials"):
    """Register ``assignment``; returns whether nbgrader's generate_assignment ran, and its max score."""
    book, released = record.Gradebook(root), []
    release = book.release
    book.release = lambda *args: released.append(args) or release(*args)
    try:
        folder = book.register(assignment)
        assert (folder / "partials.ipynb").is_file()
        return bool(released), book.book.find_assignment(assignment).max_score
    finally:
        book.close()


def _bump_points(root, grade_id, points):
    import nbformat

    path = root / "solutions" / "ps01_partials" / "partials.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    [cell] = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    cell.metadata.nbgrader.points = points
    nbformat.write(nb, str(path))


def test_an_up_to_date_release_is_reused_and_a_changed_one_is_not(tmp_path):
    from gradelib import course_copy

    root = course_copy(tmp_path)
    ran, score = _registered(root)
    assert ran and score > 0
    assert _registered(root) == (False, score)  # nothing changed: reused
    _bump_points(root, "test_partials_exy_hidden", 7)  # a changed source is released again
    ran, bumped = _registered(root)
    assert ran and bumped == score + 5
    assert _registered(root) == (False, bumped)
    (root / "gradebook.db").unlink()  # a new gradebook gets the assignment again
    assert _registered(root) == (True, bumped)
    (root / record.STAGE / "release" / "ps01_partials" / "partials.ipynb").write_text("{}")
    assert _registered(root) == (True, bumped)  # a damaged release is made again
    config = root / "nbgrader_config.py"
    config.write_text(config.read_text() + "\n# changed\n")
    assert _registered(root) == (True, bumped)  # so is one under another configuration


def test_grading_after_the_instructors_release_does_not_release_again(tmp_path, monkeypatch):
    from autograder import cli
    from autograder.instructor import key

    from gradelib import course_copy

    root = course_copy(tmp_path)
    monkeypatch.setattr(key, "write", lambda *args: None)  # the package's own public key stays as it is
    assert cli.main(["--root", str(root), "release", "ps01_partials"]) == 0
    assert _registered(root)[0] is False
    _bump_points(root, "test_partials_exy_hidden", 7)  # the negative twin: sources changed since
    assert _registered(root)[0] is True


def test_cell_metadata_is_validated_as_jsonschema_validates_it():
    import jsonschema
    from nbgrader.nbgraderformat.v3 import MetadataValidatorV3

    schema = MetadataValidatorV3().schema
    checked = record.CheckedSchemas()
    good = {
        "grade": True,
        "grade_id": "t",
        "locked": True,
        "points": 2,
        "schema_version": 3,
        "solution": False,
    }
    assert checked.validate(good, schema) is None and jsonschema.validate(good, schema) is None
    for bad in ({**good, "points": "two"}, {**good, "grade_id": 5}, {**good, "locked": "yes"}):
        errors = []
        for validate in (checked.validate, jsonschema.validate):
            try:
                validate(bad, schema)
            except jsonschema.ValidationError as exc:
                errors.append((exc.message, list(exc.path)))
        assert len(errors) == 2 and errors[0] == errors[1], bad
    try:
        checked.validate(good, {"type": 12})
        raise AssertionError("a broken schema was accepted")
    except jsonschema.SchemaError:
        pass


def _imported_by_the_grader(before=""):
    """The modules of note a fresh interpreter holds after importing the grader (``before`` run first)."""
    code = (
        f"{before}\nimport sys, autograder.grading, nbgrader\n"
        "print(nbgrader.__version__, *sorted(m for m in ('jupyter_server', 'rfc3987_syntax', 'setuptools', "
        "'nbgrader.server_extensions') if sys.modules.get(m) is not None))"
    )
    return subprocess.check_output([sys.executable, "-c", code], text=True).split()


def test_the_grader_starts_without_what_it_never_uses():
    import nbgrader

    assert _imported_by_the_grader() == [nbgrader.__version__]


def test_after_a_plain_nbgrader_import_the_grader_changes_nothing():
    """The negative twin: where nbgrader was imported first, its extensions are loaded as usual."""
    found = _imported_by_the_grader("import nbgrader")
    assert "nbgrader.server_extensions" in found and "jupyter_server" in found and "setuptools" in found


def test_what_nbgrader_unzips_with_is_imported_when_it_is_used(tmp_path):
    """Under the grader's start-up, nbgrader's unzip still unpacks an archive (zip_collect's use)."""
    import zipfile

    with zipfile.ZipFile(tmp_path / "sub.zip", "w") as archive:
        archive.writestr("ps01/partials.ipynb", "{}")
    (tmp_path / "out").mkdir()
    code = (
        "import sys, autograder.grading\nfrom nbgrader.utils import unzip\n"
        "assert 'setuptools' not in sys.modules\n"
        f"unzip({str(tmp_path / 'sub.zip')!r}, {str(tmp_path / 'out')!r}, tree=True)\n"
        "print(type(sys.modules['setuptools.archive_util']).__name__, 'setuptools' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "out" / "ps01" / "partials.ipynb").read_text() == "{}"
    assert done.stdout.split() == ["module", "True"]
