"""Second derivatives for chapter 7: Hessians, quadratic models, Newton steps, softmax.

The example functions take their variables as separate arguments and work elementwise on arrays,
like the losses of the earlier chapters: :func:`wave` is ``sin(x) cos(y)`` (it has minima, maxima and
saddles) and :func:`cubic` is ``x**3 - 3 x y**2``. Gradients and Hessians are returned as NumPy arrays
for scalar arguments; :func:`numerical_hessian` and :func:`numerical_jacobian` estimate them with
central differences, the referee of every formula here (``tests/test_curvature.py``).
"""

from collections.abc import Callable

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.contour import QuadContourSet
from numpy.typing import ArrayLike

from course.style import COLORS, controls_above, described, figure, slider

__all__ = [
    "STEP",
    "VERDICTS",
    "wave",
    "wave_grad",
    "wave_hessian",
    "cubic",
    "cubic_grad",
    "cubic_hessian",
    "numerical_jacobian",
    "numerical_hessian",
    "classify",
    "quadratic_model",
    "newton_step",
    "line_mse_hessian",
    "softmax",
    "softmax_jacobian",
    "cross_entropy",
    "cross_entropy_grad",
    "eigen_color",
    "plot_eigen_directions",
    "plot_quadratic_surface",
    "plot_quadratic_contours",
    "hessian_explorer",
    "taylor_explorer",
]

STEP = 1e-4
"""Step h of the second differences: a larger step than for slopes, since rounding is divided by h²."""

CURVES_UP, CURVES_DOWN = (COLORS["tangent"], "#e377c2"), (COLORS["f"], "#17becf")
"""Colours of the first and second eigen-direction when the surface curves up (λ > 0) along it:
reds; or down (λ < 0): blues."""

WINDOW = (-np.pi, np.pi)
"""The range of both variables in the pictures of :func:`wave`."""


def wave(x: ArrayLike, y: ArrayLike) -> float | np.ndarray:
    """The example surface f(x, y) = sin(x) cos(y): hills, valleys and saddles in a grid."""
    return np.sin(x) * np.cos(y)


def wave_grad(x: ArrayLike, y: ArrayLike) -> np.ndarray:
    """The gradient of :func:`wave`: (cos x cos y, −sin x sin y)."""
    return np.array([np.cos(x) * np.cos(y), -np.sin(x) * np.sin(y)])


def wave_hessian(x: ArrayLike, y: ArrayLike) -> np.ndarray:
    """The Hessian of :func:`wave`; both mixed partials are −cos x sin y."""
    f_xy = -np.cos(x) * np.sin(y)
    return np.array([[-np.sin(x) * np.cos(y), f_xy], [f_xy, -np.sin(x) * np.cos(y)]])


def cubic(x: ArrayLike, y: ArrayLike) -> float | np.ndarray:
    """The example f(x, y) = x³ − 3xy² (a "monkey saddle" at the origin)."""
    return x**3 - 3 * x * y**2


def cubic_grad(x: ArrayLike, y: ArrayLike) -> np.ndarray:
    """The gradient of :func:`cubic`: (3x² − 3y², −6xy)."""
    return np.array([3 * x**2 - 3 * y**2, -6 * x * y])


def cubic_hessian(x: ArrayLike, y: ArrayLike) -> np.ndarray:
    """The Hessian of :func:`cubic`: [[6x, −6y], [−6y, −6x]]."""
    return np.array([[6 * x, -6 * y], [-6 * y, -6 * x]])


def _unit(i, d):
    """The vector e_i of length d: 1 in position i, 0 elsewhere."""
    e = np.zeros(d)
    e[i] = 1.0
    return e


def numerical_jacobian(g: Callable[[np.ndarray], ArrayLike], x: ArrayLike, h: float = 1e-5) -> np.ndarray:
    """Central-difference Jacobian of a vector function ``g(x)`` at ``x``: entry (i, j) is ∂g_i/∂x_j.

    Args:
        g: a function of one 1-D array returning a 1-D array (or a number).
        x: the point, a 1-D array.
        h: the step.

    Returns:
        An array of shape (len(g(x)), len(x)).
    """
    x = np.asarray(x, dtype=float)
    steps = [h * _unit(j, x.size) for j in range(x.size)]
    columns = [(np.atleast_1d(g(x + e)) - np.atleast_1d(g(x - e))) / (2 * h) for e in steps]
    return np.stack(columns, axis=1)


def numerical_hessian(f: Callable[..., float], x: ArrayLike, h: float = STEP) -> np.ndarray:
    """Central-difference Hessian of ``f(*x)``: entry (i, j) estimates ∂²f/∂x_i∂x_j.

    Each entry is the central difference, in x_j, of the central difference in x_i: four values of f,
    with an error proportional to h².

    Args:
        f: a function of the coordinates of ``x`` as separate arguments.
        x: the point.
        h: the step.

    Returns:
        A (d, d) array, d the number of coordinates of ``x``.
    """
    x = np.asarray(x, dtype=float)
    d = x.size
    hess = np.empty((d, d))
    for i in range(d):
        for j in range(d):
            di, dj = h * _unit(i, d), h * _unit(j, d)
            corners = [f(*(x + di + dj)), f(*(x + di - dj)), f(*(x - di + dj)), f(*(x - di - dj))]
            hess[i, j] = (corners[0] - corners[1] - corners[2] + corners[3]) / (4 * h * h)
    return hess


def classify(hess: ArrayLike, tol: float = 1e-9) -> str:
    """The second-derivative test at a critical point, from the signs of the Hessian's eigenvalues.

    Args:
        hess: a symmetric (n, n) Hessian.
        tol: eigenvalues within ``tol`` of zero count as zero.

    Returns:
        "minimum", "maximum", "saddle", or "inconclusive" (some eigenvalue is zero, none of the
        others has the opposite sign).
    """
    curvatures = np.linalg.eigvalsh(hess)
    if np.any(curvatures > tol) and np.any(curvatures < -tol):
        return "saddle"
    if np.any(np.abs(curvatures) <= tol):
        return "inconclusive"
    return "minimum" if curvatures[0] > 0 else "maximum"


def quadratic_model(
    f: Callable[[float, float], float],
    grad: Callable[[float, float], np.ndarray],
    hess: Callable[[float, float], np.ndarray],
    point: ArrayLike,
) -> Callable[[ArrayLike, ArrayLike], float | np.ndarray]:
    """The second-order Taylor model of ``f`` around ``point``, as a function of (x, y) arrays.

    q(point + Δ) = f(point) + ∇f(point) · Δ + ½ Δᵀ H(point) Δ.
    """
    point = np.asarray(point, dtype=float)
    f0, g, hm = f(*point), grad(*point), hess(*point)

    def q(x, y):
        dx, dy = np.asarray(x) - point[0], np.asarray(y) - point[1]
        return (
            f0 + g[0] * dx + g[1] * dy + 0.5 * (hm[0, 0] * dx**2 + 2 * hm[0, 1] * dx * dy + hm[1, 1] * dy**2)
        )

    return q


def newton_step(
    grad: Callable[[float, float], np.ndarray], hess: Callable[[float, float], np.ndarray], theta: np.ndarray
) -> np.ndarray:
    """One Newton step from ``theta``: the step Δ = −H⁻¹∇f to the critical point of the quadratic model.

    Args:
        grad: the gradient, a function of the coordinates of ``theta``.
        hess: the Hessian, a function of the same coordinates.
        theta: the current point.

    Returns:
        The new point theta + Δ.
    """
    theta = np.asarray(theta, dtype=float)
    return theta - np.linalg.solve(hess(*theta), grad(*theta))


def line_mse_hessian(x: ArrayLike) -> np.ndarray:
    """The Hessian of the line's mean squared error in (w, b): 2 [[mean x², mean x], [mean x, 1]]."""
    x = np.asarray(x, dtype=float)
    return 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])


def softmax(z: ArrayLike) -> np.ndarray:
    """Probabilities p_k = e^{z_k} / Σ_j e^{z_j} of the logits ``z`` (shifted by max z: no overflow)."""
    e = np.exp(np.asarray(z, dtype=float) - np.max(z))
    return e / e.sum()


def softmax_jacobian(z: ArrayLike) -> np.ndarray:
    """The Jacobian of :func:`softmax`: ∂p_j/∂z_k = p_j (δ_jk − p_k), that is diag(p) − p pᵀ."""
    p = softmax(z)
    return np.diag(p) - np.outer(p, p)


def cross_entropy(z: ArrayLike, y: ArrayLike) -> float:
    """Cross-entropy −Σ_k y_k ln p_k of one example with logits ``z`` and target distribution ``y``."""
    z = np.asarray(z, dtype=float)
    log_p = z - np.max(z) - np.log(np.sum(np.exp(z - np.max(z))))
    return float(-np.dot(y, log_p))


def cross_entropy_grad(z: ArrayLike, y: ArrayLike) -> np.ndarray:
    """The gradient of :func:`cross_entropy` with respect to the logits of one example: p − y."""
    return softmax(z) - np.asarray(y, dtype=float)


# ---------------------------------------------------------------- pictures

FLAT = "0.5"
"""Colour of an eigen-direction along which the surface does not curve (λ = 0)."""

VERDICTS = {
    "minimum": "a minimum",
    "maximum": "a maximum",
    "saddle": "a saddle",
    "inconclusive": "not decided by the test (a zero curvature)",
}
"""How a figure title states each answer of :func:`classify`."""


def eigen_color(curvature: float, k: int, tol: float = 1e-9) -> str:
    """The colour of eigen-direction ``k`` (0 or 1): reds if the surface curves up, blues if down."""
    if abs(curvature) <= tol:
        return FLAT
    return (CURVES_UP if curvature > 0 else CURVES_DOWN)[k]


def plot_eigen_directions(ax: Axes, hess: ArrayLike, point: np.ndarray, length: float = 1.0) -> np.ndarray:
    """Draw the Hessian's eigen-directions through ``point``: reds where f curves up, blues where down.

    Returns:
        The eigenvalues (curvatures), smallest first.
    """
    curvatures, directions = np.linalg.eigh(hess)
    for k, (lam, v) in enumerate(zip(curvatures, directions.T)):
        color = eigen_color(lam, k)
        ends = np.array([point - length * v, point + length * v])
        ax.plot(ends[:, 0], ends[:, 1], color=color, lw=2.5, label=rf"$\lambda = {_rounded(lam)}$")
    return curvatures


def _rounded(curvature):
    """A curvature to two decimals, without a "-0.00"."""
    return f"{round(float(curvature), 2) + 0.0:.2f}"


def _grid(lim, n=120):
    return np.meshgrid(np.linspace(*lim, n), np.linspace(*lim, n))


def _quadratic(hess):
    """q(x, y) = ½ (a x² + 2b xy + c y²) for the Hessian [[a, b], [b, c]]."""
    (a, b), (_, c) = hess
    return lambda x, y: 0.5 * (a * x**2 + 2 * b * x * y + c * y**2)


def plot_quadratic_surface(ax: Axes, hess: np.ndarray, lim: tuple[float, float] = (-2, 2)) -> None:
    """Draw the surface z = ½ ΔᵀHΔ on a 3-D axes, with the eigen-directions drawn on it."""
    X, Y = _grid(lim, 40)
    q = _quadratic(hess)
    ax.plot_surface(X, Y, q(X, Y), cmap="viridis", alpha=0.55, linewidth=0)
    curvatures, directions = np.linalg.eigh(hess)
    t = np.linspace(-1.8, 1.8, 40)
    for k, (lam, v) in enumerate(zip(curvatures, directions.T)):
        ax.plot(t * v[0], t * v[1], 0.5 * lam * t**2, color=eigen_color(lam, k), lw=2.5)
    ax.set(xlabel="$x$", ylabel="$y$", zlabel="$q$")
    ax.view_init(elev=28, azim=-55)


def plot_quadratic_contours(
    ax: Axes, hess: np.ndarray, lim: tuple[float, float] = (-2, 2)
) -> tuple[QuadContourSet, np.ndarray]:
    """Contours of q = ½ ΔᵀHΔ with its eigen-directions through the origin; returns the curvatures."""
    X, Y = _grid(lim)
    Z = _quadratic(hess)(X, Y)
    cs = ax.contour(X, Y, Z, levels=15, cmap="viridis", linewidths=1) if np.ptp(Z) > 0 else None
    curvatures = plot_eigen_directions(ax, np.asarray(hess, dtype=float), np.zeros(2), 1.5)
    ax.set(xlabel="$x$", ylabel="$y$", xlim=lim, ylim=lim, aspect="equal")
    ax.legend(loc="lower right", fontsize=8)
    return cs, curvatures


def _slider(description, value, lo, hi):
    """The chapter's slider: a little narrower than chapter 3's."""
    return slider(description, value, lo, hi, width="420px", label_width="110px")


def _draw_hessian_view(f_xx, f_xy, f_yy):
    """The quadratic ½ ΔᵀHΔ as a surface and as contours, with the test's verdict."""
    hess = np.array([[f_xx, f_xy], [f_xy, f_yy]])
    fig = plt.figure(figsize=(7.6, 3.6), layout="constrained")
    plot_quadratic_surface(fig.add_subplot(1, 2, 1, projection="3d"), hess)
    ax = fig.add_subplot(1, 2, 2)
    plot_quadratic_contours(ax, hess)
    det = np.linalg.det(hess)
    fig.suptitle(
        f"det H = {det + 0.0:.2f}: the origin is {VERDICTS[classify(hess, tol=1e-6)]}\n"
        "(reds: curves up, blues: curves down, grey: flat)",
        fontsize=10,
    )
    plt.show()


def hessian_explorer() -> widgets.Widget:
    """Sliders for the three entries of a 2 × 2 Hessian; shows the quadratic bowl, dome or saddle.

    Returns:
        The widget (controls above, 3-D surface and contour map below).
    """
    controls = {
        "f_xx": _slider("∂²f/∂x²", 2.0, -3.0, 3.0),
        "f_xy": _slider("∂²f/∂x∂y", 0.5, -3.0, 3.0),
        "f_yy": _slider("∂²f/∂y²", 1.0, -3.0, 3.0),
    }
    return described(
        controls_above(_draw_hessian_view, controls),
        "The quadratic with the chosen Hessian as a surface and as contour lines with its "
        "eigen-directions, and the test's verdict: minimum, maximum or saddle.",
    )


def _draw_slices_along_eigen(ax, f, q, point, hess):
    """f and its quadratic model along each eigen-direction through ``point``, against the distance t."""
    t = np.linspace(-1.5, 1.5, 121)
    curvatures, directions = np.linalg.eigh(hess)
    for k, (lam, v) in enumerate(zip(curvatures, directions.T)):
        color = eigen_color(lam, k)
        xs, ys = point[0] + t * v[0], point[1] + t * v[1]
        ax.plot(t, f(xs, ys), color=color, lw=2, label=rf"$f$ along $\lambda = {_rounded(lam)}$")
        ax.plot(t, q(xs, ys), "--", color=color, lw=1.5, label="quadratic model")
    ax.plot(0, f(*point), "o", color=COLORS["point"])
    ax.set(xlabel="distance $t$ along the eigen-direction", ylabel="height", ylim=(-2.2, 2.2))
    ax.legend(loc="lower center", fontsize=7)


def _draw_taylor_view(f, grad, hess, x0, y0):
    """Contours of f with the local model, eigen-directions, gradient and Newton steps at (x0, y0)."""
    point = np.array([x0, y0])
    hm, q = hess(*point), quadratic_model(f, grad, hess, point)
    _, (ax, ax_t) = figure(ncols=2, width=3.8, height=3.6)
    X, Y = _grid(WINDOW)
    levels = np.linspace(-1, 1, 11)
    ax.contour(X, Y, f(X, Y), levels=levels, cmap="viridis", linewidths=0.8)
    near = _grid((-0.9, 0.9), 60)
    ax.contour(
        near[0] + x0,
        near[1] + y0,
        q(near[0] + x0, near[1] + y0),
        levels=levels,
        colors="0.35",
        linestyles="dashed",
        linewidths=0.8,
    )
    plot_eigen_directions(ax, hm, point, length=0.9)
    _draw_steps(ax, grad, hess, point)
    ax.set(
        xlabel="$x$",
        ylabel="$y$",
        xlim=WINDOW,
        ylim=WINDOW,
        aspect="equal",
        title=f"model at ({x0:.1f}, {y0:.1f}): a {_shape(hm)}",
    )
    ax.legend(loc="lower left", fontsize=7)
    _draw_slices_along_eigen(ax_t, f, q, point, hm)
    plt.show()


def _shape(hess):
    """What the quadratic model looks like: a bowl, a dome, a saddle, or flat in some direction."""
    return {
        "minimum": "bowl",
        "maximum": "dome",
        "saddle": "saddle",
        "inconclusive": "surface with no curvature in some direction",
    }[classify(hess, tol=1e-6)]


def _draw_steps(ax, grad, hess, point, eta=1.0):
    """Arrows for a gradient step −η∇f and, where H is invertible, the Newton step −H⁻¹∇f."""
    g = grad(*point)
    ax.annotate(
        "",
        point - eta * g,
        point,
        zorder=5,
        arrowprops={"arrowstyle": "->", "color": COLORS["path"], "lw": 2.5},
    )
    ax.plot([], [], color=COLORS["path"], label=rf"gradient step, $\eta = {eta}$")
    if abs(np.linalg.det(hess(*point))) > 1e-6:
        target = np.clip(newton_step(grad, hess, point), *WINDOW)
        ax.annotate(
            "",
            target,
            point,
            zorder=5,
            arrowprops={"arrowstyle": "->", "color": "k", "lw": 1.5, "linestyle": "--"},
        )
        ax.plot([], [], "k--", label="Newton step")
    ax.plot(*point, "o", color=COLORS["point"], zorder=4)


def taylor_explorer(
    f: Callable[[float, float], float] = wave,
    grad: Callable[[float, float], np.ndarray] = wave_grad,
    hess: Callable[[float, float], np.ndarray] = wave_hessian,
) -> widgets.Widget:
    """Sliders for a point (x0, y0): the quadratic Taylor model of f there, and the steps it suggests.

    The left panel shows the contours of ``f`` (solid) and of its quadratic model near the point
    (dashed), the Hessian's eigen-directions, a gradient step and the Newton step. The right panel
    shows ``f`` and the model along each eigen-direction.

    Args:
        f: a function of two arrays.
        grad: its gradient, returning (∂f/∂x, ∂f/∂y).
        hess: its Hessian, a 2 × 2 array.

    Returns:
        The widget (controls above, picture below).
    """
    controls = {"x0": _slider("x₀", 1.0, -3.0, 3.0), "y0": _slider("y₀", 0.5, -3.0, 3.0)}
    return described(
        controls_above(lambda **kw: _draw_taylor_view(f, grad, hess, **kw), controls),
        "Contour lines of the function with its second-order Taylor model (dashed) at the chosen "
        "point, the eigen-directions, the gradient and Newton steps, and slices along them.",
    )
