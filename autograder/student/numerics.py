"""Numerical tolerances and finite differences shared by the book and the grader.

The constants follow the usual gradient-check anchors:

* cs231n's gradient-check notes use a centred difference with ``h = 1e-5`` and the
  symmetric relative error ``|a - b| / max(|a| + |b|, floor)``; below ``1e-7`` is "good".
* ``torch.autograd.gradcheck`` uses ``eps=1e-6, atol=1e-5, rtol=1e-3``: loose, because it
  compares an analytic gradient with a finite difference, often in lower precision.
* HIPS autograd's ``test_util`` uses ``EPS = 1e-6`` and ``TOL = RTOL = 1e-6``.

Here the grader mostly compares two *exact* float64 formulas (the student's and the
reference), or two centred differences taken with the same step, so it can be much
tighter than torch. ``RTOL = 1e-6`` (as in autograd) lets any algebraically equal
rewrite pass (rounding is ~1e-12) while a forward difference, a wrong step ``h`` or
a dropped term is caught. ``ATOL = 1e-9`` is the absolute floor for values near zero,
where a relative error means nothing.
"""

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["EPS", "RTOL", "ATOL", "FLOOR", "rel_error", "close", "central_difference"]

EPS = 1e-5
"""Default finite-difference step h (cs231n's choice)."""

RTOL = 1e-6
"""Largest symmetric relative error accepted as a match."""

ATOL = 1e-9
"""Absolute tolerance for values near zero."""

FLOOR = ATOL / RTOL
"""Denominator floor of ``rel_error``: with it, ``close`` accepts ``|a - b| <= ATOL``."""


def rel_error(a: ArrayLike, b: ArrayLike, floor: float = FLOOR) -> np.ndarray:
    """Elementwise symmetric relative error ``|a - b| / max(|a| + |b|, floor)``.

    Args:
        a: A number or array.
        b: A number or array broadcastable with ``a``.
        floor: Smallest denominator, so that values near zero compare absolutely.

    Returns:
        A float64 array (0-d for scalars) of relative errors.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)


def close(a: ArrayLike, b: ArrayLike, rtol: float = RTOL) -> bool:
    """Whether ``a`` and ``b`` have the same shape and agree everywhere within ``rtol``.

    NaN never matches anything, infinities match only themselves.

    Args:
        a: A number or array.
        b: A number or array.
        rtol: Largest accepted symmetric relative error.

    Returns:
        A Python bool.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        return False
    same_inf = np.isinf(a) & (a == b)
    with np.errstate(invalid="ignore"):
        ok = same_inf | (rel_error(a, b) <= rtol)
    return bool(np.all(ok))


def central_difference(f: Callable[[np.ndarray], float], x: ArrayLike, i: int, h: float = EPS) -> float:
    """Centred difference ``(f(x + h e_i) - f(x - h e_i)) / 2h`` of ``f`` at ``x``.

    Args:
        f: A function of a 1-D float array returning a number.
        x: The point (list or array); it is not modified.
        i: Index of the coordinate to vary.
        h: The step.

    Returns:
        The estimate of ``∂f/∂x_i`` as a float.
    """
    x_plus = np.array(x, dtype=np.float64)
    x_minus = x_plus.copy()
    x_plus[i] += h
    x_minus[i] -= h
    return float((f(x_plus) - f(x_minus)) / (2 * h))
