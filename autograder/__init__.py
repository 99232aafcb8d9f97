"""Checks students' partial-derivative functions against reference gradients.

In a notebook's test cell: ``check("partials", partials)`` prints feedback and returns
the points earned. The trusted grader uses ``assess.assess`` on outcomes gathered by
``sandbox.call.run_case``.
"""
from .selfcheck import check

__all__ = ["check"]
