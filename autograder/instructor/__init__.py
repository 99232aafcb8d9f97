"""The instructor side (never shipped): the specs, the cases, the answer keys and the grading secret.

``cases(name, hidden, secret)`` gives the cases a problem is checked at; ``instructor.key.build(name,
cases)`` the answer key at them (the reference and the typical mistakes evaluated there, as plain data).
"""

from ..student.problems import case_data
from .secret import grading_secret, hidden_rng
from .specs import SETS, SPECS, spec

__all__ = ["SPECS", "SETS", "spec", "cases", "case_data", "grading_secret", "hidden_rng"]


def cases(name: str, hidden: bool = False, secret: str | None = None) -> list:
    """The cases ``name`` is checked at: its public ones, or hidden ones drawn from the secret.

    Args:
        name: A problem's name.
        hidden: Whether to return the hidden cases.
        secret: The grading secret (default: ``grading_secret()``, found from the current folder).

    Returns:
        A list of ``Case``; the same list for the same secret.
    """
    one = spec(name)
    if not hidden:
        return list(one.public())
    return list(one.hidden(hidden_rng(secret or grading_secret(), name)))
