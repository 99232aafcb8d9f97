"""Slopes, tangents and slices: the figures and explorers of chapters 1 and 2.

Chapter 1 (derivatives) uses :func:`secant_figure` and :func:`tangent_explorer`; chapter 2 (partial
derivatives) uses :func:`surface_with_slices`, :func:`slice_figure`, :func:`slice_explorer`,
:func:`loss_surface_explorer` and :func:`tangent_plane_explorer`.
Every function takes plain callables that work elementwise on NumPy arrays, so later chapters can
reuse them with their own losses, e.g. ``slice_explorer(make_line_loss(x, y), names=("w", "b"))``.
"""

from collections.abc import Callable, Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from course.style import COLORS, described, figure

__all__ = [
    "H",
    "SLICE_COLORS",
    "slope",
    "example_loss",
    "example_surface",
    "make_line_loss",
    "secant_figure",
    "tangent_explorer",
    "surface_with_slices",
    "slice_figure",
    "slice_explorer",
    "loss_surface_explorer",
    "tangent_plane_explorer",
]

H = 1e-5
"""Step of the central differences the helpers use to draw tangents."""

SLICE_COLORS = {"x": COLORS["f"], "y": COLORS["path"]}
"""Colour of the slice that moves along the first variable ("x") and along the second ("y")."""


def slope(f: Callable[[float], float], x0: float, h: float = H) -> float:
    """Central-difference slope of a one-variable function ``f`` at ``x0``."""
    return (f(x0 + h) - f(x0 - h)) / (2 * h)


def example_loss(w: ArrayLike) -> float | np.ndarray:
    """A 1-D loss with a shallow and a deep valley: ``L(w) = w**4/4 - w**2 + w/2 + 2``."""
    return 0.25 * w**4 - w**2 + 0.5 * w + 2


def example_surface(x: ArrayLike, y: ArrayLike) -> float | np.ndarray:
    """Chapter 2's worked example ``f(x, y) = x**2 * y + 3 * y`` (elementwise on arrays)."""
    return x**2 * y + 3 * y


def make_line_loss(x: ArrayLike, y: ArrayLike) -> Callable[[ArrayLike, ArrayLike], float | np.ndarray]:
    """The mean squared error of the line ``w * x + b`` on data ``(x, y)``, as ``L(w, b)``.

    Args:
        x: inputs, shape ``(n,)``.
        y: targets, shape ``(n,)``.

    Returns:
        ``L(w, b)``: takes scalars or arrays of one shape (e.g. a grid) and works elementwise.
    """
    x, y = np.asarray(x, float), np.asarray(y, float)

    def loss(w, b):
        w, b = np.asarray(w, float), np.asarray(b, float)
        residual = (w[..., None] * x + b[..., None]) - y  # ŷ − y
        return np.mean(residual**2, axis=-1)

    return loss


def _draw_tangent(ax, f, x0, width, label=True):
    """Draw the tangent of ``f`` at ``x0`` over ``x0 ± width`` and the point; return its slope."""
    m = slope(f, x0)
    xs = np.array([x0 - width, x0 + width])
    ax.plot(
        xs,
        f(x0) + m * (xs - x0),
        color=COLORS["tangent"],
        lw=2,
        label=f"tangent, slope {m:.2f}" if label else None,
    )
    ax.plot([x0], [f(x0)], "o", color=COLORS["point"], zorder=5)
    return m


def secant_figure(
    f: Callable[[float], float] = example_loss,
    x0: float = -0.8,
    hs: Sequence[float] = (1.6, 0.8, 0.3),
    lim: tuple[float, float] = (-2.2, 2.2),
    name: str = "w",
) -> Figure:
    """Secant lines through ``(x0, f(x0))`` and ``(x0 + h, f(x0 + h))`` closing in on the tangent.

    Args:
        f: a one-variable function, elementwise on arrays.
        x0: the point where the tangent touches.
        hs: the steps of the secants, largest first.
        lim: the horizontal range drawn.
        name: the name of the variable, for the axis labels.

    Returns:
        The matplotlib figure.
    """
    fig, (ax,) = figure(width=6.5, height=4.2)
    xs = np.linspace(*lim, 300)
    ax.plot(xs, f(xs), color=COLORS["f"], lw=2, label=f"$L({name})$")
    for h, alpha in zip(hs, np.linspace(0.35, 0.9, len(hs))):
        m = (f(x0 + h) - f(x0)) / h
        ax.plot(
            xs,
            f(x0) + m * (xs - x0),
            "--",
            color=COLORS["path"],
            alpha=alpha,
            label=f"secant, $h={h}$: slope {m:.2f}",
        )
        ax.plot([x0 + h], [f(x0 + h)], "o", color=COLORS["path"], alpha=alpha)
    _draw_tangent(ax, f, x0, width=lim[1] - lim[0])
    ax.set(
        xlim=lim,
        ylim=(f(xs).min() - 0.5, f(xs).max() + 0.5),
        xlabel=f"${name}$",
        ylabel=f"$L({name})$",
        title=f"Secants shrink to the tangent at ${name}_0={x0}$",
    )
    ax.legend(loc="lower right", fontsize=8)
    return fig


def _slider(description, value, lim, step=0.1):
    """A wide float slider over ``lim`` that redraws only when released."""
    return widgets.FloatSlider(
        value=value,
        min=lim[0],
        max=lim[1],
        step=step,
        description=description,
        continuous_update=False,
        layout=widgets.Layout(width="420px"),
    )


def _draw_secant_and_tangent(f, x0, h, lim, name):
    """One frame of :func:`tangent_explorer`."""
    fig, (ax,) = figure(width=6.5, height=4.0)
    xs = np.linspace(*lim, 300)
    ax.plot(xs, f(xs), color=COLORS["f"], lw=2)
    secant = (f(x0 + h) - f(x0)) / h
    ax.plot(
        xs,
        f(x0) + secant * (xs - x0),
        "--",
        color=COLORS["path"],
        label=f"secant, h = {h:.2f}: slope {secant:.3f}",
    )
    ax.plot([x0 + h], [f(x0 + h)], "o", color=COLORS["path"])
    m = _draw_tangent(ax, f, x0, width=lim[1] - lim[0])
    ax.set(
        xlim=lim,
        ylim=(f(xs).min() - 0.5, f(xs).max() + 0.5),
        xlabel=f"${name}$",
        ylabel=f"$L({name})$",
        title=f"slope at ${name}_0 = {x0:.2f}$ is {m:.3f}",
    )
    ax.legend(loc="upper center", fontsize=9)
    plt.show()


def tangent_explorer(
    f: Callable[[float], float] = example_loss, lim: tuple[float, float] = (-2.2, 2.2), name: str = "w"
) -> widgets.Widget:
    """Sliders for the point ``x0`` and the step ``h``: the curve, its tangent and a secant.

    Args:
        f: a one-variable function, elementwise on arrays.
        lim: the horizontal range drawn (and of the ``x0`` slider).
        name: the name of the variable, for the labels.

    Returns:
        An ``ipywidgets.interactive`` to display as a cell's last expression.
    """
    x0 = _slider(f"{name}₀", -0.8, lim, step=0.05)
    h = _slider("h", 0.8, (0.01, 1.5), step=0.01)
    explorer = widgets.interactive(
        _draw_secant_and_tangent,
        f=widgets.fixed(f),
        x0=x0,
        h=h,
        lim=widgets.fixed(lim),
        name=widgets.fixed(name),
    )
    return described(
        explorer,
        f"The curve L({name}) in blue, its red tangent at the green point "
        f"{name}₀ and an orange secant to the point a step h further; the legend and "
        "the title give their slopes.",
    )


def _slices(f, x0, y0):
    """The two one-variable slices of ``f`` through ``(x0, y0)``: ``f(., y0)`` and ``f(x0, .)``."""
    return (lambda x: f(x, y0)), (lambda y: f(x0, y))


def _draw_slices_3d(ax, f, x0, y0, xlim, ylim, names, zname):
    """Draw both slices of ``f`` through ``(x0, y0)``, their tangents and the point in 3-D."""
    along_x, along_y = _slices(f, x0, y0)
    xs, ys = np.linspace(*xlim, 100), np.linspace(*ylim, 100)
    ax.plot(
        xs,
        np.full_like(xs, y0),
        along_x(xs),
        color=SLICE_COLORS["x"],
        lw=3,
        label=f"freeze ${names[1]}={y0:g}$: slice ${zname}(\\cdot, {y0:g})$",
    )
    ax.plot(
        np.full_like(ys, x0),
        ys,
        along_y(ys),
        color=SLICE_COLORS["y"],
        lw=3,
        label=f"freeze ${names[0]}={x0:g}$: slice ${zname}({x0:g}, \\cdot)$",
    )
    z0, r = f(x0, y0), 0.35 * min(np.ptp(xlim), np.ptp(ylim))
    t = np.array([-r, r])
    ax.plot(
        x0 + t,
        [y0, y0],
        z0 + slope(along_x, x0) * t,
        color=COLORS["tangent"],
        lw=2.5,
        label=f"tangents: slopes $\\partial {zname}/\\partial {names[0]}$, "
        f"$\\partial {zname}/\\partial {names[1]}$",
    )
    ax.plot([x0, x0], y0 + t, z0 + slope(along_y, y0) * t, color=COLORS["tangent"], lw=2.5)
    ax.scatter([x0], [y0], [z0], color=COLORS["point"], s=40, depthshade=False, zorder=4)


def surface_with_slices(
    f: Callable[[ArrayLike, ArrayLike], float | np.ndarray],
    x0: float,
    y0: float,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    names: tuple[str, str] = ("w", "b"),
    zname: str = "L",
) -> Figure:
    """The surface ``z = f(x, y)``, its two slices through ``(x0, y0)`` and their tangents, in 3-D.

    Args:
        f: a two-variable function, elementwise on arrays.
        x0, y0: the point where the slices cross.
        xlim, ylim: the ranges of the two variables.
        names: the names of the two variables, for labels.
        zname: the name of the function, for labels.

    Returns:
        The matplotlib figure.
    """
    fig, (ax,) = figure(width=7.0, height=5.6, projection="3d")
    ax.computed_zorder = False  # keep the slices drawn over the surface
    X, Y = np.meshgrid(np.linspace(*xlim, 60), np.linspace(*ylim, 60))
    ax.plot_surface(X, Y, f(X, Y), cmap="viridis", alpha=0.45, linewidth=0, zorder=1)
    _draw_slices_3d(ax, f, x0, y0, xlim, ylim, names, zname)
    ax.set(xlim=xlim, ylim=ylim, xlabel=f"${names[0]}$", ylabel=f"${names[1]}$", zlabel=f"${zname}$")
    ax.view_init(elev=25, azim=-50)
    ax.legend(loc="upper left", fontsize=8)
    return fig


def _draw_slice(ax, g, t0, lim, color, var, frozen, zname, zlim=None):
    """Draw the slice ``g`` and its tangent at ``t0`` on ``ax``; return the slope."""
    ts = np.linspace(*lim, 200)
    ax.plot(ts, g(ts), color=color, lw=2)
    m = _draw_tangent(ax, g, t0, width=0.3 * (lim[1] - lim[0]), label=False)
    ax.set(
        xlim=lim,
        ylim=zlim,
        xlabel=f"${var}$ (while ${frozen}$ is frozen)",
        ylabel=f"${zname}$",
        title=f"$\\partial {zname}/\\partial {var} = {m:.2f}$ at ${var}_0 = {t0:.2f}$",
    )
    return m


def slice_figure(
    f: Callable[[ArrayLike, ArrayLike], float | np.ndarray],
    x0: float,
    y0: float,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    names: tuple[str, str] = ("w", "b"),
    zname: str = "L",
) -> Figure:
    """The two slices of ``f`` through ``(x0, y0)`` side by side, each with its tangent.

    The left panel freezes the second variable at ``y0`` and moves the first; its tangent slope is
    the partial derivative with respect to the first variable. The right panel does the opposite.

    Returns:
        The matplotlib figure.
    """
    fig, axes = figure(ncols=2, width=3.6, height=3.0)
    along_x, along_y = _slices(f, x0, y0)
    x_name, y_name = names
    _draw_slice(axes[0], along_x, x0, xlim, SLICE_COLORS["x"], x_name, f"{y_name}={y0}", zname)
    _draw_slice(axes[1], along_y, y0, ylim, SLICE_COLORS["y"], y_name, f"{x_name}={x0}", zname)
    return fig


def _draw_map(ax, f, x0, y0, lim, axis, names):
    """Top view: contours of ``f``, the slice line through ``(x0, y0)`` and the point.

    Returns:
        The range of heights of ``f`` over the square, padded, so every frame shares one scale.
    """
    X, Y = np.meshgrid(np.linspace(*lim, 80), np.linspace(*lim, 80))
    Z = f(X, Y)
    ax.contourf(X, Y, Z, levels=20, cmap="viridis", alpha=0.8)
    if axis == names[0]:
        ax.axhline(y0, color=SLICE_COLORS["x"], lw=3)
    else:
        ax.axvline(x0, color=SLICE_COLORS["y"], lw=3)
    ax.plot([x0], [y0], "o", color=COLORS["point"], markeredgecolor="white", ms=9)
    frozen = f"{names[1]} = {y0:.2f}" if axis == names[0] else f"{names[0]} = {x0:.2f}"
    ax.set(
        xlabel=f"${names[0]}$",
        ylabel=f"${names[1]}$",
        aspect="equal",
        title=f"top view: ${frozen}$ frozen, ${axis}$ moves",
    )
    pad = 0.05 * np.ptp(Z)
    return Z.min() - pad, Z.max() + pad


def _draw_slice_frame(f, x0, y0, axis, lim, names, zname):
    """One frame of :func:`slice_explorer`."""
    fig, axes = figure(ncols=2, width=3.6, height=3.3)
    zlim = _draw_map(axes[0], f, x0, y0, lim, axis, names)
    along_x, along_y = _slices(f, x0, y0)
    if axis == names[0]:
        _draw_slice(
            axes[1], along_x, x0, lim, SLICE_COLORS["x"], names[0], f"{names[1]}={y0:.2f}", zname, zlim
        )
    else:
        _draw_slice(
            axes[1], along_y, y0, lim, SLICE_COLORS["y"], names[1], f"{names[0]}={x0:.2f}", zname, zlim
        )
    plt.show()


def slice_explorer(
    f: Callable[[ArrayLike, ArrayLike], float | np.ndarray] = example_surface,
    lim: tuple[float, float] = (-2.0, 2.0),
    names: tuple[str, str] = ("x", "y"),
    zname: str = "f",
) -> widgets.Widget:
    """Sliders for ``x0`` and ``y0`` and a toggle for the direction of the slice.

    The left panel is a top view of ``f`` with the slice line; the right panel is the slice itself,
    a one-variable curve, with its tangent at the point. Its slope is the partial derivative.

    Args:
        f: a two-variable function, elementwise on arrays.
        lim: the range of both variables.
        names: the names of the two variables.
        zname: the name of the function.

    Returns:
        An ``ipywidgets.interactive`` to display as a cell's last expression.
    """
    x0, y0 = _slider(f"{names[0]}₀", 1.0, lim), _slider(f"{names[1]}₀", 1.5, lim)
    axis = widgets.ToggleButtons(
        options=[(f"along {n}", n) for n in names], value=names[0], description="slice"
    )
    explorer = widgets.interactive(
        _draw_slice_frame,
        f=widgets.fixed(f),
        x0=x0,
        y0=y0,
        axis=axis,
        lim=widgets.fixed(lim),
        names=widgets.fixed(names),
        zname=widgets.fixed(zname),
    )
    return described(
        explorer,
        f"Left: top view of {zname}({names[0]}, {names[1]}), bright is high, "
        "with the path of the slice through the green dot. Right: the height along that "
        "path and its red tangent; the title gives the tangent's slope, the partial.",
    )


def _draw_loss_surface_frame(f, w0, b0, wlim, blim, names, zname):
    """One frame of :func:`loss_surface_explorer`: the surface with both slices, then each slice."""
    fig = plt.figure(figsize=(7.6, 7.4), layout="constrained")
    ax3d = fig.add_subplot(2, 2, (1, 2), projection="3d")
    ax3d.computed_zorder = False
    W, B = np.meshgrid(np.linspace(*wlim, 50), np.linspace(*blim, 50))
    Z = f(W, B)
    ax3d.plot_surface(W, B, Z, cmap="viridis", alpha=0.45, linewidth=0, zorder=1)
    _draw_slices_3d(ax3d, f, w0, b0, wlim, blim, names, zname)
    ax3d.set(xlim=wlim, ylim=blim, xlabel=f"${names[0]}$", ylabel=f"${names[1]}$", zlabel=f"${zname}$")
    ax3d.view_init(elev=25, azim=-50)
    zlim = (Z.min() - 0.05 * np.ptp(Z), Z.max() + 0.05 * np.ptp(Z))
    along_w, along_b = _slices(f, w0, b0)
    w_name, b_name = names
    _draw_slice(
        fig.add_subplot(2, 2, 3),
        along_w,
        w0,
        wlim,
        SLICE_COLORS["x"],
        w_name,
        f"{b_name}={b0:.2f}",
        zname,
        zlim,
    )
    _draw_slice(
        fig.add_subplot(2, 2, 4),
        along_b,
        b0,
        blim,
        SLICE_COLORS["y"],
        b_name,
        f"{w_name}={w0:.2f}",
        zname,
        zlim,
    )
    plt.show()


def loss_surface_explorer(
    f: Callable,
    w0: float = 3.0,
    b0: float = 0.5,
    wlim: tuple[float, float] = (-1.0, 4.0),
    blim: tuple[float, float] = (-2.0, 3.0),
    names: tuple[str, str] = ("w", "b"),
    zname: str = "L",
) -> widgets.Widget:
    """The loss surface over two parameters, with a slider for each frozen value.

    The top panel is the surface with its two slices through ``(w0, b0)``; below, the left panel
    freezes the second parameter and moves the first, the right panel the opposite. The tangent
    slopes in their titles are the two partial derivatives.

    Args:
        f: a loss of two parameters, elementwise on arrays (e.g. :func:`make_line_loss`).
        w0, b0: the starting point.
        wlim, blim: the ranges of the two parameters (and of their sliders).
        names: the names of the two parameters.
        zname: the name of the loss.

    Returns:
        An ``ipywidgets.interactive`` to display as a cell's last expression.
    """
    w_slider = _slider(f"{names[0]}₀", w0, wlim)
    b_slider = _slider(f"{names[1]}₀", b0, blim)
    explorer = widgets.interactive(
        _draw_loss_surface_frame,
        f=widgets.fixed(f),
        w0=w_slider,
        b0=b_slider,
        wlim=widgets.fixed(wlim),
        blim=widgets.fixed(blim),
        names=widgets.fixed(names),
        zname=widgets.fixed(zname),
    )
    return described(
        explorer,
        f"Top: the surface {zname}({names[0]}, {names[1]}) with the blue "
        f"slice ({names[1]} frozen) and the orange slice ({names[0]} frozen) through the "
        f"green point. Below, left and right: each slice laid flat with its red tangent; the "
        f"titles give the slopes ∂{zname}/∂{names[0]} and ∂{zname}/∂{names[1]}.",
    )


def directional_slopes(f, x0, y0, angle):
    """Slope of ``f`` along the unit direction at ``angle`` (radians) from ``(x0, y0)``, twice.

    Returns:
        ``(predicted, measured)``: ``f_x cos(angle) + f_y sin(angle)`` from the two partials, and
        a central difference taken along the direction itself.
    """
    along_x, along_y = _slices(f, x0, y0)
    ux, uy = np.cos(angle), np.sin(angle)
    predicted = slope(along_x, x0) * ux + slope(along_y, y0) * uy
    measured = slope(lambda t: f(x0 + t * ux, y0 + t * uy), 0.0)
    return float(predicted), float(measured)


def _draw_tangent_plane_frame(f, x0, y0, degrees, lim, names, zname):
    """One frame of :func:`tangent_plane_explorer`."""
    along_x, along_y = _slices(f, x0, y0)
    fx, fy, z0 = slope(along_x, x0), slope(along_y, y0), f(x0, y0)
    angle = np.radians(degrees)
    ux, uy = np.cos(angle), np.sin(angle)
    fig = plt.figure(figsize=(8.4, 4.2), layout="constrained")
    ax3d = fig.add_subplot(1, 2, 1, projection="3d")
    ax3d.computed_zorder = False
    X, Y = np.meshgrid(np.linspace(*lim, 50), np.linspace(*lim, 50))
    ax3d.plot_surface(X, Y, f(X, Y), cmap="viridis", alpha=0.35, linewidth=0, zorder=1)
    r = 0.3 * np.ptp(lim)
    P, Q = np.meshgrid(np.linspace(-r, r, 2), np.linspace(-r, r, 2))
    ax3d.plot_surface(x0 + P, y0 + Q, z0 + fx * P + fy * Q, color=COLORS["tangent"], alpha=0.5, zorder=2)
    t = np.linspace(-r, r, 60)
    ax3d.plot(x0 + t * ux, y0 + t * uy, f(x0 + t * ux, y0 + t * uy), color=COLORS["path"], lw=3, zorder=3)
    ax3d.scatter([x0], [y0], [z0], color=COLORS["point"], s=40, depthshade=False, zorder=4)
    ax3d.set(xlim=lim, ylim=lim, xlabel=f"${names[0]}$", ylabel=f"${names[1]}$", zlabel=f"${zname}$")
    ax3d.set_title("surface, tangent plane (red),\ndirection $u$ (orange)", fontsize=10)
    ax3d.view_init(elev=25, azim=-55)
    _draw_direction_cut(fig.add_subplot(1, 2, 2), f, (x0, y0, z0), (fx, fy), angle, r, zname)
    plt.show()


def _draw_direction_cut(ax, f, point, partials, angle, r, zname):
    """The height of ``f`` along the direction ``angle`` and the tangent plane's line above it."""
    x0, y0, z0 = point
    predicted, measured = directional_slopes(f, x0, y0, angle)
    t = np.linspace(-r, r, 200)
    ux, uy = np.cos(angle), np.sin(angle)
    ax.plot(
        t,
        f(x0 + t * ux, y0 + t * uy),
        color=COLORS["path"],
        lw=2,
        label=f"${zname}$ along $u$: measured slope {measured:.3f}",
    )
    ax.plot(
        t,
        z0 + predicted * t,
        "--",
        color=COLORS["tangent"],
        lw=2,
        label=f"tangent plane along $u$: slope {predicted:.3f}",
    )
    ax.plot([0.0], [z0], "o", color=COLORS["point"])
    fx, fy = partials
    ax.set(
        xlabel="$t$ (distance from the point along $u$)",
        ylabel=f"${zname}$",
        title=f"${fx:.2f}\\cos\\theta {fy:+.2f}\\sin\\theta = {predicted:.3f}$",
    )
    ax.legend(fontsize=8, loc="upper left")


def tangent_plane_explorer(
    f: Callable = example_surface,
    x0: float = 1.0,
    y0: float = 1.5,
    lim: tuple[float, float] = (-2.0, 2.0),
    names: tuple[str, str] = ("x", "y"),
    zname: str = "f",
) -> widgets.Widget:
    """The tangent plane built from the two partials, and the slope it predicts in any direction.

    Sliders move the point and turn a direction ``u = (cos θ, sin θ)``. The right panel shows the
    height of ``f`` along ``u`` with the line of the tangent plane above it: the slope predicted
    from the partials alone, ``f_x cos θ + f_y sin θ``, is the measured one.

    Args:
        f: a two-variable function, elementwise on arrays.
        x0, y0: the starting point.
        lim: the range of both variables (and of the point's sliders).
        names: the names of the two variables.
        zname: the name of the function.

    Returns:
        An ``ipywidgets.interactive`` to display as a cell's last expression.
    """
    explorer = widgets.interactive(
        _draw_tangent_plane_frame,
        f=widgets.fixed(f),
        x0=_slider(f"{names[0]}₀", x0, lim),
        y0=_slider(f"{names[1]}₀", y0, lim),
        degrees=_slider("θ (degrees)", 0.0, (0.0, 360.0), 5.0),
        lim=widgets.fixed(lim),
        names=widgets.fixed(names),
        zname=widgets.fixed(zname),
    )
    return described(
        explorer,
        f"Left: the surface {zname}({names[0]}, {names[1]}), the red tangent "
        "plane at the green point and the orange path in the direction u at angle θ. "
        "Right: the height along u (orange) and the tangent plane's line (red dashed); "
        "the title gives the slope the two partials predict.",
    )
