"""Record trusted results in nbgrader's gradebook, so formgrader, feedback and export keep working.

nbgrader's own ``autograde`` converter does the bookkeeping (students, submissions, grades, the
``autograded/`` copies), but its ``Execute`` step is replaced by :class:`TrustedResults`: instead of
running the student's code next to the tests, it writes the outputs that the trusted grader computed
into the test cells. nbgrader then reads the score from those outputs as usual.
"""
import shutil
import warnings
from pathlib import Path

import nbformat
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, IgnorePattern,
                                    LimitOutput, NbGraderPreprocessor, SaveAutoGrades)
from nbconvert.preprocessors import ClearMetadataPreprocessor
from sqlalchemy.exc import SAWarning
from traitlets.config.loader import PyFileConfigLoader

from .notebooks import grade_id

__all__ = ["TrustedResults", "Gradebook", "STAGE"]

STAGE = ".grading"  # run-time folder at the course root (git-ignored)

# nbgrader's first grading of a student triggers this SQLAlchemy warning; the scores are stored correctly.
warnings.filterwarnings("ignore", category=SAWarning)


class TrustedResults(NbGraderPreprocessor):
    """Fill each test cell's outputs with the trusted grader's verdict (nothing is executed)."""

    outputs = {}  # notebook name -> {grade_id or cell id -> list of outputs}; set before each student

    def preprocess(self, nb, resources):
        verdicts = self.outputs.get(resources["unique_key"], {})
        for cell in nb.cells:
            key = grade_id(cell) or cell.get("id")
            if cell.get("cell_type") == "code" and key in verdicts:
                cell["outputs"] = [nbformat.from_dict(o) for o in verdicts[key]]
        return nb, resources


def verdict_outputs(message, points, max_points):
    """nbgrader reads a single number as partial credit, and an error as zero."""
    outputs = [{"output_type": "stream", "name": "stdout", "text": message.rstrip() + "\n"}]
    if points <= 0:
        outputs.append({"output_type": "error", "ename": "CheckFailed",
                        "evalue": f"0 / {max_points:g} points", "traceback": []})
    else:
        outputs.append({"output_type": "execute_result", "execution_count": None, "metadata": {},
                        "data": {"text/plain": f"{points:g}"}})
    return outputs


def note_outputs(text):
    return [{"output_type": "stream", "name": "stdout", "text": f"When graded, this cell {text}\n"}]


class Gradebook:
    """The course's nbgrader, driven in-process: one writer at a time, by construction."""

    def __init__(self, root):
        self.root = Path(root).resolve()
        config = PyFileConfigLoader("nbgrader_config.py", path=str(self.root)).load_config()
        config.CourseDirectory.root = str(self.root)
        config.CourseDirectory.submitted_directory = f"{STAGE}/submitted"
        config.Autograde.autograde_preprocessors = [
            TrustedResults, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
            AssignLatePenalties, CheckCellMetadata]
        self.api = NbGraderAPI(CourseDirectory(config=config), config=config)

    def release(self, assignment, folder):
        """nbgrader's generate_assignment into ``folder`` (relative to the course, or absolute).

        It also puts the assignment's source in the gradebook. Returns the released assignment's folder.
        """
        self.api.coursedir.release_directory = str(folder)
        result = self.api.generate_assignment(assignment, force=True, create=True)
        if not result["success"]:
            raise RuntimeError(f"nbgrader generate_assignment {assignment} failed:\n{result.get('error', '')}")
        return self.root / folder / assignment

    def register(self, assignment):
        """Put the assignment in the gradebook, releasing it to a run-time folder (not exercises/)."""
        return self.release(assignment, f"{STAGE}/release")

    def record(self, assignment, student, notebooks, outputs, timestamp=None):
        """Autograde ``student`` from the rebuilt ``notebooks`` ({name: nb}) and trusted ``outputs``."""
        folder = self.root / STAGE / "submitted" / student / assignment
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, notebook in notebooks.items():
            nbformat.write(notebook, str(folder / f"{name}.ipynb"))
        if timestamp:
            (folder / "timestamp.txt").write_text(timestamp)
        TrustedResults.outputs = outputs
        try:
            return self.api.autograde(assignment, student, force=True, create=True)
        finally:
            TrustedResults.outputs = {}

    def feedback(self, assignment, student=None):
        """nbgrader's generate_feedback, for one student or (``None``) all of them."""
        return self.api.generate_feedback(assignment, student, force=True)
