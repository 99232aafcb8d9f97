"""nbgrader configuration for the course: sources in solutions/, student copies in exercises/.

The gradebook is SQLite (``gradebook.db`` here) unless ``PDML_DB_URL`` names another database, e.g.
``postgresql://USER:PASSWORD@HOST:5432/DBNAME`` (psycopg 3; see README, "A PostgreSQL gradebook").
"""

import os
from pathlib import Path

import nbgrader

c = get_config()  # noqa: F821  (provided by nbgrader)

HERE = Path(__file__).resolve().parent
c.CourseDirectory.root = str(HERE)
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.course_id = "pdml"
if os.environ.get("PDML_DB_URL"):
    c.CourseDirectory.db_url = os.environ["PDML_DB_URL"]

# Feedback must never show the hidden tests' source: nbgrader's own list, with ClearHiddenTests added.
from nbgrader.converters.generate_feedback import GenerateFeedback  # noqa: E402
from nbgrader.preprocessors import ClearHiddenTests  # noqa: E402

_feedback = GenerateFeedback.class_traits()["preprocessors"].default()
c.GenerateFeedback.preprocessors = [*_feedback[:1], ClearHiddenTests, *_feedback[1:]]
# Feedback pages typeset their maths with the MathJax copied into feedback/.mathjax/ (no CDN): the
# course's template folder, found first, replaces nbconvert's MathJax macro.
_templates = Path(__import__("autograder").__file__).parent / "templates"
c.HTMLExporter.extra_template_basedirs = [
    str(_templates),
    str(Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"),
]
