"""Shared figure style and the seeded random generator every chapter uses."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from course import SEED

__all__ = ["COLORS", "rng", "figure"]

COLORS = {"f": "#1f77b4", "tangent": "#d62728", "point": "#2ca02c", "path": "#ff7f0e"}


def rng(seed: int = SEED) -> np.random.Generator:
    """A NumPy generator seeded so cached execution is deterministic."""
    return np.random.default_rng(seed)


def figure(ncols: int = 1, width: float = 5.0, height: float = 3.6, projection: str | None = None) -> tuple[Figure, list[Axes]]:
    """A figure with ``ncols`` axes side by side, in the course's size."""
    kw = {"subplot_kw": {"projection": projection}} if projection else {}
    fig, axes = plt.subplots(1, ncols, figsize=(width * ncols, height), squeeze=False, **kw)
    fig.set_layout_engine("constrained")
    return fig, list(axes[0])
