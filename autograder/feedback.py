"""Feedback pages for a whole class, rendered while it is graded, each student's with time and size limits.

The pages are what nbgrader's ``generate_feedback`` makes: its preprocessors and its feedback template,
as configured. These things make them cheaper without changing a page:

- the scores and comments of a group of students come from the gradebook in one read, made before
  their pages are rendered (nbgrader's ``GetGrades`` asks the database once per cell, from the
  rendering itself);
- the notebook read for a page is not deep-copied by nbconvert (no one else holds it);
- markdown and code that every student's notebook shares (the instructor's cells) are turned into HTML
  once: the exporter's markdown and highlighting filters remember what they made;
- nbconvert's pass of BeautifulSoup over every page, which only gives an image without alternative text
  a default one (and, in the lab template, makes cells focusable), runs only on a page where it can
  change something (see :class:`FeedbackExporter`);
- the notebook is validated once, after the last preprocessor (nbconvert's ``optimistic_validation``),
  not after each of the exporter's dozen preprocessors, most of them disabled; the validator is compiled
  before the children are forked, not once in each;
- the templates are compiled once for all runs: Jinja keeps their bytecode in ``.grading/templates``
  (checked against each template's source).

The maths is typeset by the MathJax copy in ``feedback/.mathjax/`` (from the book's ``_vendor/mathjax``)
instead of a CDN, so the pages work offline.

The pages are made in the feedback process (``pages``), by :class:`Renderer`; a page larger than
:data:`PAGE_BYTES` is replaced by a short note.
"""

import functools
import shutil
from collections.abc import Sequence
from pathlib import Path

import nbformat
import nbgrader
from jinja2 import FileSystemBytecodeCache
from nbconvert import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import Preprocessor
from nbgrader.api import Gradebook as NbGraderGradebook
from nbgrader.preprocessors import GetGrades
from nbgrader.utils import find_all_files
from traitlets.config import Config
from traitlets.utils.importstring import import_item

from .record import STAGE, Gradebook

__all__ = [
    "copy_mathjax",
    "Renderer",
    "stored_grades",
    "stored_grades_of",
    "PAGE_BYTES",
    "MATHJAX",
]

PAGE_BYTES = 20 * 1024**2  # a larger page is replaced by a short note
MATHJAX = ".mathjax"  # under feedback/: dot-named, so nbgrader never takes it for a student
TEMPLATES = Path(__file__).parent / "templates"
NBGRADER_TEMPLATES = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
MATHJAX_FILES = ["tex-chtml.js", "output/chtml/fonts/woff-v2"]
SOUP_NEEDED = ("<img", "jp-Cell-inputWrapper", "jp-OutputArea-output")
"""What nbconvert's BeautifulSoup pass looks for; a page holding none of these leaves it unchanged."""


def stored_grades(gradebook: NbGraderGradebook, assignment: str, student: str) -> dict[str, dict]:
    """What ``GetGrades`` reads for one student, per notebook: its score, maximum and late penalty, and
    each cell's score, points and comment."""
    notebooks = gradebook.find_submission(assignment, student).notebooks
    grades = {notebook.name: _notebook_grades(notebook) for notebook in notebooks}
    gradebook.db.rollback()  # no read transaction kept open while the grader writes the next batch
    return grades


def _notebook_grades(notebook):
    """What ``GetGrades`` reads of one submitted notebook."""
    penalty = notebook.late_submission_penalty
    return {
        "score": notebook.score - (penalty or 0),
        "max_score": notebook.max_score,
        "late_penalty": penalty or 0,
        "cells": {g.name: [g.score, g.max_score] for g in notebook.grades},
        "comments": {c.name: c.comment for c in notebook.comments},
    }


def stored_grades_of(
    gradebook: NbGraderGradebook, assignment: str, students: Sequence[str]
) -> dict[str, dict[str, dict]]:
    """:func:`stored_grades` of several students in a few queries: {student: grades}; a student without a
    submission is left out.

    Each property :func:`stored_grades` reads (a notebook's score, a grade's maximum, a cell's name) is
    otherwise one query of its own.
    """
    from nbgrader.api import Assignment, Comment, Grade, SubmittedAssignment, SubmittedNotebook
    from sqlalchemy.orm import contains_eager, joinedload, selectinload, undefer

    notebooks = (
        gradebook.db.query(SubmittedNotebook)
        .join(SubmittedAssignment, SubmittedAssignment.id == SubmittedNotebook.assignment_id)
        .join(Assignment, Assignment.id == SubmittedAssignment.assignment_id)
        .filter(Assignment.name == assignment, SubmittedAssignment.student_id.in_(list(students)))
        .options(
            undefer(SubmittedNotebook.score),
            undefer(SubmittedNotebook.max_score),
            contains_eager(SubmittedNotebook.assignment),
            joinedload(SubmittedNotebook.notebook),
            selectinload(SubmittedNotebook.grades).options(undefer(Grade.max_score), joinedload(Grade.cell)),
            selectinload(SubmittedNotebook.comments).joinedload(Comment.cell),
        )
        .all()
    )
    grades = {}
    for notebook in notebooks:
        grades.setdefault(notebook.assignment.student_id, {})[notebook.name] = _notebook_grades(notebook)
    gradebook.db.rollback()  # no read transaction kept open while the grader writes the next batch
    return grades


class StoredGrades(GetGrades):
    """nbgrader's GetGrades, reading what :func:`stored_grades` read (``resources["nbgrader"]["stored"]``)."""

    def preprocess(self, nb, resources):
        self.stored = resources["nbgrader"].pop("stored")
        nb, resources = super(GetGrades, self).preprocess(nb, resources)  # the loop over the cells
        resources["nbgrader"].update(
            score=self.stored["score"],
            max_score=self.stored["max_score"],
            late_penalty=self.stored["late_penalty"],
        )
        return nb, resources

    def _get_comment(self, cell, resources):
        cell.metadata.nbgrader["comment"] = self.stored["comments"][cell.metadata.nbgrader["grade_id"]]

    def _get_score(self, cell, resources):
        score, points = self.stored["cells"][cell.metadata.nbgrader["grade_id"]]
        cell.metadata.nbgrader["score"], cell.metadata.nbgrader["points"] = score, points


def _remembered(function, key):
    """``function`` with its results kept by ``key(*args, **kwargs)`` (None: not kept)."""
    made = {}

    @functools.wraps(function)
    def remembered(*args, **kwargs):
        k = key(*args, **kwargs)
        if k is None:
            return function(*args, **kwargs)
        if k not in made:
            made[k] = function(*args, **kwargs)
        return made[k]

    return remembered


class FeedbackExporter(HTMLExporter):
    """nbconvert's HTMLExporter, with its markdown and highlighting remembered and its soup pass skipped
    where it changes nothing.

    :meth:`from_notebook_node` is HTMLExporter's own, up to the template; its BeautifulSoup pass runs
    only when the page holds one of :data:`SOUP_NEEDED`.
    """

    templates_cache = None  # a folder where the compiled templates are kept from one run to the next

    def __init__(self, **kw):
        super().__init__(**kw)
        self._highlighters = {}

    def _create_environment(self):
        environment = super()._create_environment()
        if self.templates_cache is not None:
            Path(self.templates_cache).mkdir(parents=True, exist_ok=True)
            environment.bytecode_cache = FileSystemBytecodeCache(str(self.templates_cache))
        return environment

    def default_filters(self):
        for name, function in super().default_filters():
            if name == "markdown2html" and hasattr(function, "jinja_pass_arg"):  # HTMLExporter's own
                function = self._remembered_markdown(function)
            yield name, function

    def _remembered_markdown(self, markdown2html):
        """markdown2html depends on its cell's attachments, and on the notebook's folder when images are
        embedded: kept only when neither applies."""

        def key(context, source):
            cell = context.get("cell", {})
            path = context.get("resources", {}).get("metadata", {}).get("path", "")
            return None if cell.get("attachments") or (path and self.embed_images) else source

        remembered = _remembered(markdown2html, key)
        remembered.jinja_pass_arg = markdown2html.jinja_pass_arg  # still given the template's context
        return remembered

    def _highlighter(self, lexer):
        if lexer not in self._highlighters:
            highlight = Highlight2HTML(pygments_lexer=lexer, parent=self)
            key = lambda source, language=None, metadata=None: (
                source,
                language,
                (metadata or {}).get("magics_language"),
            )
            self._highlighters[lexer] = _remembered(highlight, key)
        return self._highlighters[lexer]

    def from_file(self, file_stream, resources=None, **kw):
        """The notebook read from ``file_stream`` serves this page only: nbconvert need not copy it."""
        nb = _ReadForOnePage(nbformat.read(file_stream, as_version=4))
        return self.from_notebook_node(nb, resources=resources, **kw)

    def from_notebook_node(self, nb, resources=None, **kw):
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        resources = self._init_resources(resources)
        self.register_filter("highlight_code", self.filters.get("highlight_code", self._highlighter(lexer)))
        self.register_filter(
            "filter_data_type",
            WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources),
        )
        html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        if any(mark in html for mark in SOUP_NEEDED):
            return _soup_pass(self, html), resources
        return html, resources


class _ReadForOnePage(nbformat.NotebookNode):
    """A notebook no one else holds: nbconvert's defensive deep copy (a third of a page's time) returns
    it as it is."""

    def __deepcopy__(self, memo):
        return self


def _soup_pass(exporter, html):
    """HTMLExporter's own pass over the page: default alternative text, focusable cells."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, features="html.parser")
    missing_alt = 0
    for elem in soup.select("img:not([alt])"):
        elem.attrs["alt"] = "No description has been provided for this image"
        missing_alt += 1
    if missing_alt:
        exporter.log.warning("Alternative text is missing on %s image(s).", missing_alt)
    for elem in soup.select(".jp-Notebook div.jp-Cell-inputWrapper"):
        elem.attrs["tabindex"] = "0"
    for elem in soup.select(".jp-Notebook div.jp-OutputArea-output"):
        elem.attrs["tabindex"] = "0"
    return str(soup)


def template_config():
    """The HTMLExporter settings nbgrader's feedback uses, with our MathJax macro found first."""
    c = Config()
    c.HTMLExporter.template_name = "feedback"
    c.HTMLExporter.extra_template_basedirs = [str(TEMPLATES), str(NBGRADER_TEMPLATES / "templates")]
    c.HTMLExporter.extra_template_paths = [
        str(NBGRADER_TEMPLATES / "static" / "node_modules" / "bootstrap" / "dist" / "css")
    ]
    c.Exporter.default_preprocessors = []
    return c


def vendored_mathjax(root):
    """The folder of the vendored MathJax (``_vendor/mathjax``) for the course at ``root``, or None."""
    for base in (Path(root), Path(__file__).resolve().parents[1]):
        if (base / "_vendor" / "mathjax" / "tex-chtml.js").is_file():
            return base / "_vendor" / "mathjax"
    return None


def copy_mathjax(root: str | Path, feedback_dir: str | Path) -> bool:
    """Copy what a page needs of MathJax into ``feedback/.mathjax``; False when it is not vendored."""
    source, dest = vendored_mathjax(root), Path(feedback_dir) / MATHJAX
    if source is None:
        return False
    for name in MATHJAX_FILES:
        if not (dest / name).exists():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            (shutil.copytree if (source / name).is_dir() else shutil.copy)(source / name, dest / name)
    return True


class Renderer:
    """nbgrader's feedback for one student and assignment, from ``autograded/`` to ``feedback/``."""

    def __init__(self, book: Gradebook):
        from nbgrader.converters import GenerateFeedback

        self.coursedir, self.db_url = book.coursedir, book.db_url
        config = Config(book.config)
        config.merge(template_config())
        names = GenerateFeedback(coursedir=book.coursedir, config=book.config).preprocessors
        self.exporter = FeedbackExporter(config=config)
        self.exporter.templates_cache = book.root / STAGE / "templates"
        self.exporter.optimistic_validation = True
        for pp in names:
            pp = import_item(pp) if isinstance(pp, str) else pp
            self.exporter.register_preprocessor(StoredGrades if pp is GetGrades else pp)
        self._warm()

    def _warm(self, nb=None):
        """Render a small notebook once, so the templates, markdown and highlighting are loaded and the
        validator compiled before the children are forked (each would otherwise spend half a second on it)."""
        if nb is None:
            nb = nbformat.v4.new_notebook(
                cells=[
                    nbformat.v4.new_markdown_cell("Warm $x^2$ `code` <img src='x.png'>"),
                    nbformat.v4.new_code_cell("import numpy as np\nx = 1"),
                ]
            )
            nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
        preprocessors, self.exporter._preprocessors = self.exporter._preprocessors, [Preprocessor()]
        try:
            self.exporter.from_notebook_node(
                nb,
                resources={"nbgrader": {"notebook": "warm", "score": 0, "max_score": 0, "late_penalty": 0}},
            )
        finally:
            self.exporter._preprocessors = preprocessors

    def learn(self, folder: Path) -> None:
        """Render the released notebooks in ``folder`` once: the cells every student's notebook shares with
        them are then rendered before the children are forked, once for the class."""
        for path in sorted(Path(folder).glob("*.ipynb")):
            nb = nbformat.read(str(path), as_version=4)
            for cell in nb.cells:  # what GetGrades would add, so the template has its fields
                if "nbgrader" in cell.metadata:
                    cell.metadata.nbgrader.update(score=0, points=0, comment=None)
            self._warm(nb)

    def folders(self, student: str, assignment: str) -> tuple[Path, Path]:
        fmt = self.coursedir.format_path
        return (
            Path(fmt(self.coursedir.autograded_directory, student, assignment)),
            Path(fmt(self.coursedir.feedback_directory, student, assignment)),
        )

    def render(self, student: str, assignment: str, grades: dict[str, dict]) -> bool:
        """Write the student's pages from ``grades`` (:func:`stored_grades`); True when one of them had to
        be replaced (too large)."""
        source, dest = self.folders(student, assignment)
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        for path in map(Path, find_all_files(str(source), self.coursedir.ignore + ["*.ipynb"])):
            (dest / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, dest / path.relative_to(source))
        too_large = False
        for notebook in sorted(source.glob("*.ipynb")):
            resources = {
                "unique_key": notebook.stem,
                "output_files_dir": f"{notebook.stem}_files",
                "nbgrader": {
                    "student": student,
                    "assignment": assignment,
                    "notebook": notebook.stem,
                    "db_url": self.db_url,
                    "stored": grades[notebook.stem],
                },
            }
            html, _ = self.exporter.from_filename(str(notebook), resources=resources)
            if len(html.encode("utf-8")) > PAGE_BYTES:
                html, too_large = _too_large_page(notebook.stem), True
            (dest / f"{notebook.stem}.html").write_text(html, encoding="utf-8")
        for path in dest.rglob("*"):
            path.chmod(0o664 if self.coursedir.groupshared else 0o644) if path.is_file() else None
        return too_large


def _too_large_page(name):
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{name}</title></head><body>"
        f"<p>The feedback page for {name} was larger than {PAGE_BYTES // 1024**2} MB: ask the course "
        "staff for your feedback.</p></body></html>"
    )
