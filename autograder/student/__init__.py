"""The student side: self-checks on the public answer key, comparison, misconception labels, numerics.

This folder is what ``python -m autograder student-package`` ships (with ``autograder.sandbox``'s
``call``, ``codec`` and ``testfns``). It may import only itself, those three modules, NumPy and the
standard library (``tests/test_boundary.py`` fails on any other import).
"""

from .selfcheck import check

__all__ = ["check"]
