"""Checks students' partial-derivative functions against reference gradients.

In a notebook's test cell: ``check("partials", partials)`` prints feedback and returns
the points earned; it reads the public cases and their answer key from ``public_key.json``
(regenerate with ``python -m autograder.key``). The trusted grader builds the answer key with
``key.build`` and uses ``assess.assess`` on outcomes gathered by ``sandbox.call.run_case``.
"""
from .selfcheck import check

__all__ = ["check"]
