"""Contour plots, gradient arrows and gradient descent, for chapters 3 and 4.

Chapter 3 (the gradient) uses :func:`plot_contours`, :func:`plot_gradient_field` and
:func:`gradient_explorer` on the example loss :func:`bowl`. Chapter 4 (gradient descent) fits a line
to :func:`line_data` by descending its mean squared error (:func:`mse_grad`), and uses
:func:`descent_explorer`.
"""

from collections.abc import Callable

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.contour import QuadContourSet
from matplotlib.ticker import LogFormatter
from numpy.typing import ArrayLike

from course import SEED
from course.slices import make_line_loss
from course.style import COLORS, controls_above, described, figure, rng, slider

__all__ = [
    "DESCENT_START",
    "DESCENT_WINDOW",
    "bowl",
    "bowl_grad",
    "plot_contours",
    "plot_arrow",
    "plot_gradient_field",
    "directional_derivative",
    "gradient_explorer",
    "line_data",
    "mse_grad",
    "descend",
    "plot_path",
    "plot_loss_curve",
    "descent_explorer",
]

TRUE_W, TRUE_B = 2.0, -1.0
"""The line behind :func:`line_data`: y = 2x − 1, before noise."""

DESCENT_START = (-0.5, 2.5)
"""Where the chapter 4 runs of gradient descent start, as (w, b)."""

DESCENT_WINDOW = ((-1.0, 4.0), (-3.0, 3.0))
"""The (w, b) window of the chapter 4 contour plots."""


def bowl(w: ArrayLike, b: ArrayLike) -> float | np.ndarray:
    """The example loss of chapter 3, L(w, b) = w² + wb + 2b² (works on arrays).

    Args:
        w: weight, a number or an array.
        b: bias, a number or an array of the same shape.

    Returns:
        The loss at each (w, b).
    """
    return w**2 + w * b + 2 * b**2


def bowl_grad(w: ArrayLike, b: ArrayLike) -> np.ndarray:
    """The gradient of :func:`bowl`: (∂L/∂w, ∂L/∂b) = (2w + b, w + 4b)."""
    return np.array([2 * w + b, w + 4 * b])


def plot_contours(
    ax: Axes,
    J: Callable[[ArrayLike, ArrayLike], float | np.ndarray],
    wlim: tuple[float, float] = (-2.5, 2.5),
    blim: tuple[float, float] = (-2.5, 2.5),
    levels: int = 12,
    n: int = 200,
) -> QuadContourSet:
    """Draw the level sets of a loss L(w, b) on ``ax`` (equal scales, so right angles look right).

    Args:
        ax: a matplotlib axes.
        J: a function of two arrays ``w`` and ``b`` (a grid) returning the loss on that grid.
        wlim: range of the weight w, on the horizontal axis.
        blim: range of the bias b, on the vertical axis.
        levels: number of contour lines, or the loss values to draw them at.
        n: grid points per axis.

    Returns:
        The matplotlib contour set.
    """
    w, b = np.meshgrid(np.linspace(*wlim, n), np.linspace(*blim, n))
    contours = ax.contour(w, b, J(w, b), levels=levels, cmap="viridis", linewidths=1)
    ax.set(xlabel="weight $w$", ylabel="bias $b$", xlim=wlim, ylim=blim, aspect="equal")
    return contours


def plot_arrow(
    ax: Axes, p: ArrayLike, v: ArrayLike, color: str, label: str | None = None, scale: float = 1.0
) -> None:
    """Draw the vector ``v`` as an arrow from the point ``p``, ``scale`` times its true length."""
    ax.quiver(
        *p,
        *v,
        color=color,
        label=label,
        angles="xy",
        scale_units="xy",
        scale=1 / scale,
        width=0.012,
        zorder=3,
    )


def plot_gradient_field(
    ax: Axes,
    grad: Callable[[ArrayLike, ArrayLike], np.ndarray],
    wlim: tuple[float, float] = (-2.5, 2.5),
    blim: tuple[float, float] = (-2.5, 2.5),
    n: int = 9,
    scale: float = 0.08,
) -> None:
    """Draw the gradient as arrows on an ``n`` × ``n`` grid of points; lengths are to scale.

    Args:
        ax: a matplotlib axes.
        grad: a function ``grad(w, b)`` returning the pair (∂L/∂w, ∂L/∂b); works on arrays.
        wlim: range of w.
        blim: range of b.
        n: arrows per axis.
        scale: every arrow is drawn ``scale`` times the length of its gradient.
    """
    w, b = np.meshgrid(np.linspace(*wlim, n), np.linspace(*blim, n))
    dL_dw, dL_db = grad(w, b)
    ax.quiver(
        w,
        b,
        dL_dw,
        dL_db,
        color=COLORS["tangent"],
        angles="xy",
        scale_units="xy",
        scale=1 / scale,
        width=0.005,
    )


def directional_derivative(grad: ArrayLike, u: ArrayLike) -> float:
    """The rate of change along the direction ``u``: ∇L · u / ‖u‖."""
    u = np.asarray(u, dtype=float)
    return float(np.dot(grad, u) / np.linalg.norm(u))


def _draw_gradient_view(J, grad, w, b, phi):
    """Contours with ∇L and u at (w, b), next to D_u L as a function of the angle of u."""
    g = grad(w, b)
    u = np.array([np.cos(np.radians(phi)), np.sin(np.radians(phi))])
    slope = directional_derivative(g, u)
    fig, (ax, ax_phi) = figure(ncols=2, width=3.6, height=3.4)
    plot_contours(ax, J)
    plot_arrow(ax, (w, b), g, COLORS["tangent"], r"$\nabla L$ (drawn at 1/5 length)", scale=0.2)
    plot_arrow(ax, (w, b), u, COLORS["path"], r"direction $u$")
    ax.plot(w, b, "o", color=COLORS["point"], zorder=4)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(rf"$D_uL = {slope:.2f}$,   $\|\nabla L\| = {np.linalg.norm(g):.2f}$")
    _plot_slope_by_angle(ax_phi, g, phi, slope)
    plt.show()


def _plot_slope_by_angle(ax, g, phi, slope):
    """Plot D_u L = ‖∇L‖ cos(φ − ψ) against φ, marking φ and the gradient's own angle ψ."""
    phis = np.linspace(0, 360, 361)
    us = np.stack([np.cos(np.radians(phis)), np.sin(np.radians(phis))])
    ax.plot(phis, g @ us, color=COLORS["f"])
    norm = np.linalg.norm(g)
    ax.axhline(norm, ls="--", color=COLORS["tangent"], lw=1, label=r"$\|\nabla L\|$")
    ax.axhline(-norm, ls="--", color=COLORS["tangent"], lw=1)
    ax.axhline(0, color="grey", lw=0.5)
    ax.axvline(
        np.degrees(np.arctan2(g[1], g[0])) % 360,
        ls=":",
        color=COLORS["tangent"],
        label=r"angle of $\nabla L$",
    )
    ax.plot(phi, slope, "o", color=COLORS["path"], label=r"your $u$")
    ax.set(
        xlabel=r"angle $\varphi$ of $u$ (degrees)", ylabel=r"$D_uL$", xlim=(0, 360), xticks=range(0, 361, 90)
    )
    ax.legend(loc="lower left", fontsize=8)


def gradient_explorer(
    J: Callable[[ArrayLike, ArrayLike], float | np.ndarray] = bowl,
    grad: Callable[[float, float], np.ndarray] = bowl_grad,
) -> widgets.Widget:
    """Sliders for a point (w, b) and a direction angle φ; shows ∇L, u and D_u L there.

    Args:
        J: the loss, a function of arrays ``w`` and ``b``.
        grad: its gradient, returning (∂L/∂w, ∂L/∂b).

    Returns:
        The widget (controls above, picture below).
    """
    controls = {
        "w": slider("weight w", 1.0, -2.0, 2.0, 0.1),
        "b": slider("bias b", 1.0, -2.0, 2.0, 0.1),
        "phi": slider("angle φ of u", 30, 0, 355, 5, kind=widgets.IntSlider),
    }
    return described(
        controls_above(lambda **kw: _draw_gradient_view(J, grad, **kw), controls),
        "Contour lines of the loss over w and b with the gradient arrow and the unit direction u at "
        "the chosen point, and the directional slope D_u L against the angle of u.",
    )


def line_data(n: int = 40, noise: float = 0.5, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """Seeded synthetic data scattered around the line y = 2x − 1, with x between 0 and 3.

    Args:
        n: number of points.
        noise: standard deviation of the Gaussian noise added to y.
        seed: seed of the random generator.

    Returns:
        The arrays ``x`` and ``y``.
    """
    g = rng(seed)
    x = g.uniform(0.0, 3.0, n)
    y = TRUE_W * x + TRUE_B + noise * g.normal(size=n)
    return x, y


def mse_grad(w: float, b: float, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The partials of the mean squared error L(w, b) = mean(((wx + b) − y)²) of a line.

    They are (∂L/∂w, ∂L/∂b) = (2 mean(r x), 2 mean(r)) with residuals r = ŷ − y = (wx + b) − y; the
    loss itself is :func:`course.slices.make_line_loss`.
    """
    r = (w * x + b) - y
    return np.array([2 * np.mean(r * x), 2 * np.mean(r)])


def descend(
    grad: Callable[[float, float], np.ndarray], start: ArrayLike, eta: float, steps: int
) -> np.ndarray:
    """Run gradient descent θ ← θ − η ∇L(θ) and return every point visited.

    Args:
        grad: a function of the parameters (as separate arguments) returning the gradient.
        start: the starting parameters, e.g. (w, b).
        eta: the learning rate η.
        steps: the number of updates.

    Returns:
        An array of shape (steps + 1, len(start)): the start, then the point after each step.
    """
    path = [np.asarray(start, dtype=float)]
    for _ in range(steps):
        path.append(path[-1] - eta * grad(*path[-1]))
    return np.array(path)


def plot_path(ax: Axes, path: np.ndarray, color: str = COLORS["path"], label: str | None = None) -> None:
    """Draw a descent path (rows of (w, b)) on a contour plot: dots joined by lines, start ringed."""
    ax.plot(path[:, 0], path[:, 1], ".-", color=color, lw=1.2, ms=4, label=label)
    ax.plot(*path[0], "o", mfc="none", mec=color, ms=8)


class _PlainLogFormatter(LogFormatter):
    """Log-axis labels as plain numbers (0.6, 2, 1e+04); minor ticks labelled on short ranges only."""

    def __call__(self, x, pos=None):
        return f"{x:g}" if super().__call__(x, pos) else ""


def plot_loss_curve(
    ax: Axes, losses: ArrayLike, color: str = COLORS["path"], label: str | None = None
) -> None:
    """Plot the loss after each step on a log scale, so slow and fast convergence both show."""
    ax.semilogy(np.arange(len(losses)), losses, color=color, label=label)
    ax.yaxis.set_major_formatter(_PlainLogFormatter())
    ax.yaxis.set_minor_formatter(_PlainLogFormatter(minor_thresholds=(1.5, 0.5)))
    ax.set(xlabel="step", ylabel=r"loss $L(w, b)$ (log scale)")


def _draw_descent_view(x, y, eta, steps):
    """Contours of the MSE with the descent path, next to its loss curve."""
    J = make_line_loss(x, y)
    path = descend(lambda w, b: mse_grad(w, b, x, y), DESCENT_START, eta, steps)
    losses = J(path[:, 0], path[:, 1])
    fig, (ax, ax_loss) = figure(ncols=2, width=3.6, height=3.4)
    plot_contours(ax, J, *DESCENT_WINDOW, levels=np.geomspace(0.2, 60, 12))
    plot_path(ax, path)
    ax.plot(*np.polyfit(x, y, 1), "*", color=COLORS["point"], ms=12, label="minimum")
    ax.legend(loc="lower left", fontsize=8)
    plot_loss_curve(ax_loss, losses)
    ax_loss.set_xlim(0, max(steps, 1))
    verdict = "diverging" if losses[-1] > losses[0] else f"L = {losses[-1]:.3g}"
    ax_loss.set_title(rf"$\eta = {eta:.2f}$: {verdict} after {steps} steps")
    plt.show()


def descent_explorer(n: int = 40, seed: int = SEED) -> widgets.Widget:
    """Sliders for the learning rate η and the number of steps, replaying descent on the MSE.

    Args:
        n: number of data points of :func:`line_data`.
        seed: its seed.

    Returns:
        The widget (controls above, contour plot with path and loss curve below).
    """
    x, y = line_data(n, seed=seed)
    controls = {
        "eta": slider("learning rate η", 0.1, 0.01, 0.26, 0.01),
        "steps": slider("steps", 30, 1, 100, 1, kind=widgets.IntSlider),
    }
    return described(
        controls_above(lambda **kw: _draw_descent_view(x, y, **kw), controls),
        "Contour lines of the mean squared error with the path gradient descent takes from its "
        "start, and the loss after each step on a log scale.",
    )
