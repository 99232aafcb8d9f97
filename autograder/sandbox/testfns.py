"""Named smooth test functions of a 1-D float array, passed as ``f`` to students' code.

Their exact gradients live with the instructor's reference, not here.
"""

import numpy as np

__all__ = ["FUNCTIONS", "TestFunction", "bowl", "wavy", "rosenbrock", "cubic3", "mixed4"]


def bowl(v: np.ndarray) -> float:
    """Quadratic bowl: sum of (i + 1) v_i², any dimension."""
    return float(np.sum(np.arange(1, v.size + 1) * v**2))


def wavy(v: np.ndarray) -> float:
    """2-D: sin(x) eʸ + x y²."""
    x, y = v
    return float(np.sin(x) * np.exp(y) + x * y**2)


def rosenbrock(v: np.ndarray) -> float:
    """2-D Rosenbrock: (1 − x)² + 100 (y − x²)²."""
    x, y = v
    return float((1 - x) ** 2 + 100 * (y - x**2) ** 2)


def cubic3(v: np.ndarray) -> float:
    """3-D: x y z + x³ − 2 y z² + cos(x + z)."""
    x, y, z = v
    return float(x * y * z + x**3 - 2 * y * z**2 + np.cos(x + z))


def mixed4(v: np.ndarray) -> float:
    """4-D: exp(a b / 4) + c² d − sin(a d) + b²."""
    a, b, c, d = v
    return float(np.exp(a * b / 4) + c**2 * d - np.sin(a * d) + b**2)


FUNCTIONS = {"bowl": bowl, "wavy": wavy, "rosenbrock": rosenbrock, "cubic3": cubic3, "mixed4": mixed4}


class TestFunction:
    """A test function named by ``name``: callable on a 1-D array, encodable by its name."""

    __slots__ = ("name",)
    __test__ = False  # not a pytest test class

    def __init__(self, name):
        if name not in FUNCTIONS:
            raise ValueError(f"unknown test function {name!r}")
        self.name = name

    def __call__(self, v):
        return FUNCTIONS[self.name](np.array(v, dtype=np.float64).ravel())

    def __reduce__(self):
        return (TestFunction, (self.name,))

    def __deepcopy__(self, memo):
        return self

    def __eq__(self, other):
        return type(other) is TestFunction and other.name == self.name

    def __hash__(self):
        return hash(self.name)

    def __repr__(self):
        return self.name
