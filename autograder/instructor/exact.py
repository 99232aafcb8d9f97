"""Exact gradients of the named test functions of ``sandbox.testfns`` (for tests of the references)."""

import numpy as np
from numpy.typing import ArrayLike

from ..sandbox.testfns import TestFunction

__all__ = ["GRADIENTS", "exact_gradient"]


def _grad_bowl(v):
    return 2 * np.arange(1, v.size + 1) * v


def _grad_wavy(v):
    x, y = v
    return np.array([np.cos(x) * np.exp(y) + y**2, np.sin(x) * np.exp(y) + 2 * x * y])


def _grad_rosenbrock(v):
    x, y = v
    return np.array([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)])


def _grad_cubic3(v):
    x, y, z = v
    s = np.sin(x + z)
    return np.array([y * z + 3 * x**2 - s, x * z - 2 * z**2, x * y - 4 * y * z - s])


def _grad_mixed4(v):
    a, b, c, d = v
    e = np.exp(a * b / 4)
    cos = np.cos(a * d)
    return np.array([b / 4 * e - d * cos, a / 4 * e + 2 * b, 2 * c * d, c**2 - a * cos])


GRADIENTS = {
    "bowl": _grad_bowl,
    "wavy": _grad_wavy,
    "rosenbrock": _grad_rosenbrock,
    "cubic3": _grad_cubic3,
    "mixed4": _grad_mixed4,
}


def exact_gradient(f: TestFunction, point: ArrayLike) -> np.ndarray:
    """Exact gradient of the test function ``f`` (a ``TestFunction``) at ``point``."""
    return GRADIENTS[f.name](np.array(point, dtype=np.float64).ravel())
