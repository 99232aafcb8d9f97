"""Feedback pages for a whole class, rendered in parallel processes, each with time and size limits.

The pages are what nbgrader's ``generate_feedback`` makes (its preprocessors and its feedback
template, as configured), with one difference: the maths is typeset by the MathJax copy in
``feedback/.mathjax/`` (from the book's ``_vendor/mathjax``) instead of a CDN, so the pages work
offline. The exporter is built once here; each student's pages are rendered by a forked process
that cannot take more than :data:`SECONDS` or write a page larger than :data:`PAGE_BYTES`.
"""

import os
import resource
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

import nbgrader
from nbconvert import HTMLExporter
from nbgrader.api import Gradebook as NbGraderGradebook
from nbgrader.preprocessors import GetGrades
from nbgrader.utils import find_all_files
from traitlets.config import Config
from traitlets.utils.importstring import import_item

from .record import Gradebook, _Open, share

__all__ = ["generate", "copy_mathjax", "Renderer", "SECONDS", "PAGE_BYTES", "MATHJAX"]

SECONDS = 60.0  # wall clock for one student's pages
PAGE_BYTES = 20 * 1024**2  # a larger page is replaced by a short note
MEMORY_BYTES = 2 * 1024**3
MATHJAX = ".mathjax"  # under feedback/: dot-named, so nbgrader never takes it for a student
TEMPLATES = Path(__file__).parent / "templates"
NBGRADER_TEMPLATES = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
MATHJAX_FILES = ["tex-chtml.js", "output/chtml/fonts/woff-v2"]
TOO_LARGE = 3  # a child's exit status: a page was over the limit


class OpenGetGrades(_Open, GetGrades):
    """nbgrader's GetGrades on the renderer's open gradebook."""

    def preprocess(self, nb, resources):
        self._open(resources)
        nb, resources = self._cells(nb, resources)
        notebook = self.gradebook.find_submission_notebook(
            self.notebook_id, self.assignment_id, self.student_id
        )
        penalty = notebook.late_submission_penalty or 0
        resources["nbgrader"].update(
            score=notebook.score - penalty, max_score=notebook.max_score, late_penalty=penalty
        )
        return nb, resources


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

    def __init__(self, book):
        from nbgrader.converters import GenerateFeedback

        self.coursedir, self.db_url = book.coursedir, book.db_url
        config = Config(book.config)
        config.merge(template_config())
        names = GenerateFeedback(coursedir=book.coursedir, config=book.config).preprocessors
        self.exporter = HTMLExporter(config=config)
        for pp in names:
            pp = import_item(pp) if isinstance(pp, str) else pp
            self.exporter.register_preprocessor(OpenGetGrades if pp is GetGrades else pp)
        self._warm()

    def _warm(self):
        """Render a small notebook once, so the templates, markdown and highlighting are loaded before the
        processes are forked (each would otherwise spend half a second on it)."""
        import nbformat

        nb = nbformat.v4.new_notebook(
            cells=[
                nbformat.v4.new_markdown_cell("Warm $x^2$ `code`"),
                nbformat.v4.new_code_cell("import numpy as np\nx = 1"),
            ]
        )
        nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
        preprocessors, self.exporter._preprocessors = self.exporter._preprocessors, []
        try:
            self.exporter.from_notebook_node(
                nb,
                resources={"nbgrader": {"notebook": "warm", "score": 0, "max_score": 0, "late_penalty": 0}},
            )
        finally:
            self.exporter._preprocessors = preprocessors

    def folders(self, student: str, assignment: str) -> tuple[Path, Path]:
        fmt = self.coursedir.format_path
        return (
            Path(fmt(self.coursedir.autograded_directory, student, assignment)),
            Path(fmt(self.coursedir.feedback_directory, student, assignment)),
        )

    def render(self, gradebook: NbGraderGradebook, student: str, assignment: str) -> bool:
        """Write the student's pages; returns True when one of them had to be replaced (too large)."""
        share(self.exporter._preprocessors, gradebook)
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


def _child(renderer, student, assignment):
    """In a forked process: limits, a connection of its own, the pages; never returns."""
    status = 1
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
        cpu = max(1, int(SECONDS))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        with NbGraderGradebook(renderer.db_url, renderer.coursedir.course_id) as gradebook:
            status = TOO_LARGE if renderer.render(gradebook, student, assignment) else 0
    finally:
        os._exit(status)  # the parent's open files and database connections are not ours to close


def _why(status):
    if status == TOO_LARGE:
        return f"a page was larger than {PAGE_BYTES // 1024**2} MB and was replaced by a note"
    return f"rendering failed (exit status {status})"


def generate(
    book: Gradebook, assignment: str, students: Sequence[str], workers: int | None = None
) -> dict[str, str]:
    """Render every student's feedback, ``workers`` processes at a time; returns {student: problem}."""
    problems = {}
    if not students:
        return problems
    copy_mathjax(book.root, book.root / book.coursedir.feedback_directory)
    book.close()  # no database connection is carried across a fork
    renderer, queue, running = Renderer(book), list(students), {}
    workers = workers or os.cpu_count() or 1
    while queue or running:
        while queue and len(running) < workers:
            student = queue.pop(0)
            pid = os.fork()
            if pid == 0:
                _child(renderer, student, assignment)
            running[pid] = (student, time.monotonic() + SECONDS)
        time.sleep(0.005)
        for pid, (student, deadline) in list(running.items()):
            problem = _reap(pid, deadline)
            if problem is not False:
                del running[pid]
                if problem:
                    problems[student] = problem
    return problems


def _reap(pid, deadline):
    """False while the child runs; then None (done) or what went wrong. Kills it past its deadline."""
    done, status = os.waitpid(pid, os.WNOHANG)
    if done == 0 and time.monotonic() < deadline:
        return False
    if done == 0:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        return f"rendering took longer than {SECONDS:g} s"
    code = os.waitstatus_to_exitcode(status)
    return None if code == 0 else _why(code)
