"""Start the grader without the two seconds of imports it never uses (imported first, for its effect).

Three imports cost much of a grading run's fixed time, for code the grader never calls:

- ``jsonschema`` imports ``rfc3987_syntax`` when it is installed (Jupyter's event system asks for it),
  which compiles a grammar at import time (about 0.9 s) to check the ``iri`` string format. Neither
  nbformat nor nbgrader validates that format.
- ``nbgrader/__init__.py`` loads nbgrader's Jupyter server extensions (tornado, jupyter_server: about
  0.4 s more). The grader uses nbgrader's gradebook, converters and preprocessors, which are
  submodules: the package is entered without running its ``__init__``.
- ``nbgrader.utils`` imports three functions of ``setuptools.archive_util`` (importing setuptools:
  about 0.2 s) to unpack zip files, which only ``nbgrader zip_collect`` does: they stand in for
  themselves and import the real module when first called (see :data:`DEFERRED`).

They apply only in a process that has not imported these packages yet (in any other, nothing changes).
"""

import importlib
import importlib.util
import sys
import types

__all__ = ["SKIPPED", "DEFERRED"]

SKIPPED = ("rfc3987_syntax",)
DEFERRED = {"setuptools.archive_util": ("unpack_archive", "unpack_tarfile", "unpack_zipfile")}


def _skip_optional_formats():
    for name in SKIPPED:
        if name not in sys.modules and "jsonschema" not in sys.modules:
            sys.modules[name] = None  # an ImportError for it: jsonschema leaves that format unchecked


def _deferred(name, functions):
    """A stand-in module for ``name`` whose ``functions`` (and any other attribute) import the real one."""
    shim = types.ModuleType(name, f"Stands in for {name} until one of its functions is called.")

    def real():
        if sys.modules.get(name) is shim:
            del sys.modules[name]
        return importlib.import_module(name)

    def forwarding(function):
        def call(*args, **kwargs):
            return getattr(real(), function)(*args, **kwargs)

        call.__name__ = call.__qualname__ = function
        return call

    for function in functions:
        setattr(shim, function, forwarding(function))

    def attribute(key):
        if key.startswith("__"):  # what the import system asks of any module (``__path__``...)
            raise AttributeError(key)
        return getattr(real(), key)

    shim.__getattr__ = attribute
    return shim


def _defer_unused_imports():
    for name, functions in DEFERRED.items():
        if name not in sys.modules and name.partition(".")[0] not in sys.modules:
            sys.modules[name] = _deferred(name, functions)


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
_defer_unused_imports()
_enter_nbgrader_without_extensions()
