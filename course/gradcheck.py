"""Finite differences, their error curve, and the gradient check of chapter 6.

The step, the tolerances and the centred difference come from ``autograder.numerics``, so the
chapter shows the very numbers the grader uses.
"""

from collections.abc import Callable

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from autograder.numerics import EPS, RTOL, central_difference, rel_error
from course.style import COLORS, described, figure

__all__ = [
    "plot_loss_curves",
    "forward_difference",
    "difference_errors",
    "plot_error_curve",
    "gradient_check",
    "step_size_explorer",
]

STEPS = np.logspace(-14, -1, 131)
"""Steps h of the error curve, ten per decade."""


def plot_loss_curves(curves: dict[str, ArrayLike]) -> Figure:
    """Training loss per step (log scale) for each labelled run in ``curves``."""
    fig, (ax,) = figure(width=6.5, height=3.8)
    for (label, losses), color in zip(
        curves.items(), ["0.1", COLORS["tangent"], COLORS["path"], COLORS["point"], COLORS["f"]]
    ):
        ax.semilogy(losses, color=color, label=label, lw=2.0 if label == "correct" else 1.3)
    ax.set(xlabel="gradient-descent step", ylabel="training loss")
    ax.legend(fontsize=8)
    return fig


def forward_difference(f: Callable[[np.ndarray], float], x: ArrayLike, i: int, h: float = EPS) -> float:
    """Forward difference ``(f(x + h e_i) - f(x)) / h`` of ``f`` at the 1-D point ``x``."""
    x_plus = np.array(x, dtype=np.float64)
    x_plus[i] += h
    return float((f(x_plus) - f(np.asarray(x, dtype=np.float64))) / h)


def difference_errors(
    f: Callable[[np.ndarray], float], df_dx: float, x: ArrayLike, i: int = 0, steps: ArrayLike = STEPS
) -> tuple[np.ndarray, np.ndarray]:
    """Absolute errors of the forward and centred differences of ``f`` at ``x`` for each step."""
    forward = [abs(forward_difference(f, x, i, h) - df_dx) for h in steps]
    central = [abs(central_difference(f, x, i, h) - df_dx) for h in steps]
    return np.array(forward), np.array(central)


def _draw_error_curve(ax, f, df_dx, x, steps=STEPS):
    """The error-versus-step curves on log-log axes, with slope guides for O(h) and O(h^2)."""
    forward, central = difference_errors(f, df_dx, x, steps=steps)
    tiny = 1e-18  # an exact hit would vanish from a log axis
    ax.loglog(steps, forward + tiny, color=COLORS["path"], label="forward difference")
    ax.loglog(steps, central + tiny, color=COLORS["f"], label="central difference")
    big = steps > 1e-4
    # guides drawn a decade below the curves, so that both stay visible
    ax.loglog(steps[big], 0.03 * steps[big], ":", color="0.4", label="slope 1: $O(h)$")
    ax.loglog(steps[big], 0.01 * steps[big] ** 2, "--", color="0.4", label="slope 2: $O(h^2)$")
    ax.axvline(EPS, color=COLORS["point"], lw=0.8)
    ax.set(xlabel="step $h$", ylabel="|estimate − true derivative|", ylim=(1e-13, 1e-1))
    return central


def plot_error_curve(f: Callable[[np.ndarray], float], df_dx: float, x: ArrayLike) -> Figure:
    """Figure: the V-shaped error curves of both differences; the green line marks ``EPS``."""
    fig, (ax,) = figure(width=6.5, height=4.2)
    _draw_error_curve(ax, f, df_dx, x)
    ax.legend(fontsize=8, loc="lower left")
    ax.set_title("truncation falls to the right of the V, round-off rises to the left", fontsize=10)
    return fig


def gradient_check(
    grad: ArrayLike, f: Callable[[np.ndarray], float], x: ArrayLike
) -> list[tuple[int, float, float, float, bool]]:
    """Compare an analytic gradient with centred differences, one partial at a time.

    Args:
        grad: The gradient to check, an array with one entry per coordinate of ``x``.
        f: The function, of a 1-D float array.
        x: The point.

    Returns:
        A list of ``(i, analytic, numerical, relative error, passed)`` rows.
    """
    rows = []
    for i, analytic in enumerate(np.asarray(grad, dtype=float)):
        numerical = central_difference(f, x, i)
        err = float(rel_error(analytic, numerical))
        rows.append((i, float(analytic), numerical, err, err <= RTOL))
    return rows


def _secant_panel(ax, f, df_dx, x0, h):
    """Zoom on f around x0 at the scale of h, minus its tangent line, with both secants.

    Subtracting the tangent makes both errors visible: curvature at large h, float64 rounding
    noise at small h. A secant's tilt on this plot is its error as a slope estimate.
    """
    t = np.linspace(-2.0, 2.0, 81) * h
    base = f(np.array([x0]))

    def residual(s):
        return f(np.array([x0 + s])) - base - df_dx * s

    central = central_difference(f, [x0], 0, h)
    forward = forward_difference(f, [x0], 0, h)
    ax.plot(t / h, [residual(s) for s in t], ".", ms=3, color=COLORS["f"], label="$f$ − tangent")
    ax.plot(t / h, (forward - df_dx) * t, color=COLORS["path"], label="forward secant − tangent")
    ax.plot(t / h, (central - df_dx) * t, color=COLORS["tangent"], label="central secant − tangent")
    ax.plot([-1, 0, 1], [residual(-h), 0.0, residual(h)], "o", color=COLORS["point"])
    ax.axhline(0.0, ls="--", color="0.3", lw=0.8)
    ax.set(xlabel="$t/h$ (offset from $x_0$ in units of $h$)", ylabel="$f(x_0 + t)$ − tangent line")
    ax.set_title(
        f"central {central:.12f}\nforward {forward:.12f}\ntrue    {df_dx:.12f}",
        fontsize=9,
        fontfamily="monospace",
    )
    ax.legend(fontsize=7, loc="best")
    return central


def step_size_explorer(
    f: Callable[[np.ndarray], float] | None = None, df_dx: float | None = None, x0: float = 1.0
) -> widgets.Widget:
    """Slide log10(h): the central secant against the tangent, and where h sits on the V curve."""
    f = f or (lambda w: np.sin(w[0]))
    df_dx = np.cos(x0) if df_dx is None else df_dx
    slider = widgets.FloatSlider(
        value=np.log10(EPS), min=-14.0, max=-1.0, step=0.5, description="log10(h)", continuous_update=False
    )

    def show(log_h):
        h = 10.0**log_h
        fig, (ax_secant, ax_curve) = figure(ncols=2, width=3.7, height=3.5)
        estimate = _secant_panel(ax_secant, f, df_dx, x0, h)
        _draw_error_curve(ax_curve, f, df_dx, [x0])
        ax_curve.set_xticks([1e-13, 1e-10, 1e-7, 1e-4, 1e-1])
        ax_curve.plot([h], [abs(estimate - df_dx) + 1e-18], "o", ms=9, color=COLORS["tangent"])
        ax_curve.set_title(f"h = {h:.0e}: error {abs(estimate - df_dx):.1e}", fontsize=10)
        plt.show()

    out = widgets.interactive_output(show, {"log_h": slider})
    return described(
        widgets.VBox([slider, out]),
        "Left: the function minus its tangent line, "
        "zoomed to the scale of h, with the forward (orange) and central (red) "
        "secants; the title lists both estimates and the true derivative. Right: the "
        "V-shaped error curves against h, with the current h marked by a red dot.",
    )
