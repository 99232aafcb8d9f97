"""Shared figure style and the seeded random generator every chapter uses."""

import html

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from course import SEED

__all__ = ["COLORS", "rng", "figure", "described", "slider", "controls_above"]

ALT_CLASS = "explorer-alt"
"""CSS class of the hidden widget that holds the text alternative of an explorer's picture."""

COLORS = {"f": "#1f77b4", "tangent": "#d62728", "point": "#2ca02c", "path": "#ff7f0e"}


def rng(seed: int = SEED) -> np.random.Generator:
    """A NumPy generator seeded so cached execution is deterministic."""
    return np.random.default_rng(seed)


def figure(
    ncols: int = 1, width: float = 5.0, height: float = 3.6, projection: str | None = None
) -> tuple[Figure, list[Axes]]:
    """A figure with ``ncols`` axes side by side, in the course's size."""
    kw = {"subplot_kw": {"projection": projection}} if projection else {}
    fig, axes = plt.subplots(1, ncols, figsize=(width * ncols, height), squeeze=False, **kw)
    fig.set_layout_engine("constrained")
    return fig, list(axes[0])


def described(explorer: widgets.Widget, text: str) -> widgets.Widget:
    """Give an explorer's picture a text alternative that says what it shows.

    The text goes into a hidden ``HTML`` widget appended to the explorer's box; on the website,
    ``assets/offline-widgets.js`` copies it into the ``alt`` of the picture drawn in that box.
    (A ``tooltip`` on the ``Output`` itself would break the website's widget manager.)

    Args:
        explorer: the explorer's box, e.g. an ``ipywidgets.interactive`` or a ``VBox``.
        text: what the picture shows, in words.

    Returns:
        ``explorer``, so a helper can end with ``return described(explorer, ...)``.
    """
    alt = widgets.HTML(value=html.escape(text), layout=widgets.Layout(display="none"))
    alt.add_class(ALT_CLASS)
    explorer.children = (*explorer.children, alt)
    return explorer


def slider(
    description: str,
    value: float,
    lo: float,
    hi: float,
    step: float = 0.1,
    kind: type = widgets.FloatSlider,
    width: str = "440px",
    label_width: str = "120px",
) -> widgets.Widget:
    """A float (or ``kind``) slider that redraws only on release, so explorers stay quick on a projector."""
    return kind(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        continuous_update=False,
        style={"description_width": label_width},
        layout=widgets.Layout(width=width),
    )


def controls_above(draw: object, controls: dict) -> widgets.Widget:
    """The controls, one per line, above the picture that ``draw(**values)`` makes from them."""
    return widgets.VBox([*controls.values(), widgets.interactive_output(draw, controls)])
