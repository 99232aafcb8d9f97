"""Checks students' partial-derivative functions against reference gradients.

In a notebook's test cell: ``check("partials", partials)`` prints feedback and returns the points
earned; it reads the public cases and their answer key from ``student/public_key.json``.

* ``autograder.student``: what students receive (self-check, comparison, misconceptions, numerics).
* ``autograder.instructor``: one spec per graded problem (reference, cases, typical mistakes), the
  answer keys and the grading secret behind the hidden cases. Never shipped.
* ``autograder.sandbox``: runs a student's function and encodes the outcome as plain data.
* ``grading``, ``notebooks``, ``jail``, ``record``, ``report``, ``cli``: grading a class.
"""

from .student import check

__all__ = ["check"]
