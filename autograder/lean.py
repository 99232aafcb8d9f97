"""Start the grader without the two seconds of imports it never uses (imported first, for its effect).

Two imports cost most of a grading run's fixed time, for code the grader never calls:

- ``jsonschema`` imports ``rfc3987_syntax`` when it is installed (Jupyter's event system asks for it),
  which compiles a grammar at import time (about 0.9 s) to check the ``iri`` string format. Neither
  nbformat nor nbgrader validates that format.
- ``nbgrader/__init__.py`` loads nbgrader's Jupyter server extensions (tornado, jupyter_server: about
  0.4 s more). The grader uses nbgrader's gradebook, converters and preprocessors, which are
  submodules: the package is entered without running its ``__init__``.

Both apply only in a process that has not imported these packages yet (in any other, nothing changes).
"""

import importlib.util
import sys

__all__ = ["SKIPPED"]

SKIPPED = ("rfc3987_syntax",)


def _skip_optional_formats():
    for name in SKIPPED:
        if name not in sys.modules and "jsonschema" not in sys.modules:
            sys.modules[name] = None  # an ImportError for it: jsonschema leaves that format unchecked


def _enter_nbgrader_without_extensions():
    if "nbgrader" in sys.modules:
        return
    spec = importlib.util.find_spec("nbgrader")
    if spec is None or not spec.submodule_search_locations:
        return
    package = importlib.util.module_from_spec(spec)  # the package, its __init__ not run
    sys.modules["nbgrader"] = package
    from nbgrader._version import __version__

    package.__version__ = __version__


_skip_optional_formats()
_enter_nbgrader_without_extensions()
