"""The numerics students and the book share; they live in ``autograder.student.numerics``."""

from .student.numerics import *  # noqa: F401,F403
from .student.numerics import __all__  # noqa: F401
