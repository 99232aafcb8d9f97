"""A one-hidden-layer tanh network, backpropagated one example at a time, for chapter 5.

The network is ``y_hat = tanh(x @ W1 + b1) @ W2 + b2`` for one example ``x`` of shape (d,), with
loss ``(y_hat - y) ** 2``; the loss of a batch is the mean over its examples. Parameters live in a
dict: ``W1`` (d, m), ``b1`` (m,), ``W2`` (m,) and ``b2`` a float, for m hidden units. Every function
of the network works on one example, or loops over the examples of a batch.

The chain rule in matrix form is shown on something else: one linear layer ``Z = X @ W + b`` with a
squared loss (:func:`linear_backward`). The graphs drawn are the one-unit network
(:func:`draw_graph`) and a graph with a fork, a weight shared by two boxes (:func:`draw_fork_graph`);
:func:`graph_explorer` redraws either one from sliders.
"""

from collections.abc import Callable, Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from numpy.typing import ArrayLike

from autograder.numerics import central_difference
from course.style import COLORS, described, figure, rng

__all__ = [
    "init_params",
    "example_forward",
    "example_loss",
    "example_backward",
    "loss",
    "predict",
    "average_example_gradients",
    "numerical_partials",
    "local_partials",
    "sine_data",
    "train",
    "scalar_graph_values",
    "draw_graph",
    "plot_training",
    "weight_slice_explorer",
    "fork_graph_values",
    "draw_fork_graph",
    "graph_explorer",
    "linear_forward",
    "linear_loss",
    "linear_backward",
    "linear_example_backward",
]


def init_params(d: int, m: int, gen: np.random.Generator | None = None) -> dict[str, np.ndarray]:
    """Small random weights and zero biases for a network of d inputs and m hidden units."""
    gen = rng() if gen is None else gen
    return {
        "W1": gen.normal(0.0, 1.0, (d, m)),
        "b1": np.zeros(m),
        "W2": gen.normal(0.0, 1.0 / np.sqrt(m), m),
        "b2": 0.0,
    }


def example_forward(params: dict[str, np.ndarray], x: ArrayLike) -> dict[str, np.ndarray | float]:
    """Forward pass of one example ``x`` (d,): the values ``z`` (m,), ``a`` (m,), ``y_hat``."""
    z = x @ params["W1"] + params["b1"]
    a = np.tanh(z)
    y_hat = float(a @ params["W2"] + params["b2"])
    return {"z": z, "a": a, "y_hat": y_hat}


def example_loss(params: dict[str, np.ndarray], x: ArrayLike, y: float) -> float:
    """Squared error ``(y_hat - y) ** 2`` of the network on one example."""
    return (example_forward(params, x)["y_hat"] - y) ** 2


def example_backward(params: dict[str, np.ndarray], x: ArrayLike, y: float) -> dict[str, np.ndarray]:
    """Backpropagate one example: a partial per parameter, shaped like it."""
    v = example_forward(params, x)
    dL_dyhat = 2.0 * (v["y_hat"] - y)  # L = (y_hat - y)^2
    dL_db2 = dL_dyhat * 1.0  # y_hat = a.W2 + b2: local 1
    dL_dW2 = dL_dyhat * v["a"]  # local a_j; shape (m,)
    dL_da = dL_dyhat * params["W2"]  # local W2_j; shape (m,)
    dL_dz = dL_da * (1.0 - v["a"] ** 2)  # a = tanh z: local 1 - a^2
    dL_db1 = dL_dz * 1.0  # z = x.W1 + b1: local 1
    dL_dW1 = np.outer(x, dL_dz)  # (i, j): x_i * dL/dz_j; (d, m)
    return {"W1": dL_dW1, "b1": dL_db1, "W2": dL_dW2, "b2": dL_db2}


def loss(params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray) -> float:
    """Mean squared error on a batch: the average of the examples' losses."""
    return float(np.mean([example_loss(params, x_k, y_k) for x_k, y_k in zip(X, y)]))


def predict(params: dict[str, np.ndarray], X: np.ndarray) -> np.ndarray:
    """Predictions for the rows of ``X``, one example at a time; shape (n,)."""
    return np.array([example_forward(params, x_k)["y_hat"] for x_k in X])


def average_example_gradients(
    params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray
) -> dict[str, np.ndarray]:
    """Gradient of the batch loss: the mean of the examples' gradients."""
    per_example = [example_backward(params, x_k, y_k) for x_k, y_k in zip(X, y)]
    n = len(per_example)
    return {name: sum(g[name] for g in per_example) / n for name in params}


def numerical_partials(
    f: Callable[[dict[str, np.ndarray]], float], params: dict[str, np.ndarray], name: str
) -> np.ndarray | float:
    """Central-difference estimate of the partials of ``f(params)`` with respect to ``params[name]``."""
    shape = np.shape(params[name])

    def f_of(theta):
        return f({**params, name: theta.reshape(shape) if shape else theta[0]})

    theta = np.atleast_1d(np.asarray(params[name], dtype=float)).ravel()
    partials = [central_difference(f_of, theta, i) for i in range(theta.size)]
    return np.array(partials).reshape(shape) if shape else float(partials[0])


def local_partials(
    x: float, y: float, w1: float, b1: float, w2: float, b2: float
) -> list[tuple[str, float, float]]:
    """Each local partial of the one-unit graph: ``(arrow, formula, central difference)`` rows."""
    v, _ = scalar_graph_values(x, y, w1, b1, w2, b2)
    a, y_hat = v["a"], v["y_hat"]

    def slope(g, at):
        return central_difference(lambda t: g(t[0]), [at], 0)

    return [
        ("∂L/∂ŷ = 2(ŷ − y)", 2.0 * (y_hat - y), slope(lambda t: (t - y) ** 2, y_hat)),
        ("∂ŷ/∂b2 = 1", 1.0, slope(lambda t: w2 * a + t, b2)),
        ("∂ŷ/∂w2 = a", a, slope(lambda t: t * a + b2, w2)),
        ("∂ŷ/∂a = w2", w2, slope(lambda t: w2 * t + b2, a)),
        ("∂a/∂z = 1 − a²", 1.0 - a**2, slope(np.tanh, v["z"])),
        ("∂z/∂w1 = x", x, slope(lambda t: t * x + b1, w1)),
        ("∂z/∂b1 = 1", 1.0, slope(lambda t: w1 * x + t, b1)),
    ]


def sine_data(
    n: int = 40, noise: float = 0.05, gen: np.random.Generator | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """A 1-D regression task: ``y = sin(x)`` plus noise, ``x`` in [-3, 3]; X has shape (n, 1)."""
    gen = rng() if gen is None else gen
    x = np.sort(gen.uniform(-3.0, 3.0, n))
    return x[:, None], np.sin(x) + noise * gen.normal(size=n)


def train(
    params: dict[str, np.ndarray],
    X: np.ndarray,
    y: np.ndarray,
    lr: float = 0.1,
    steps: int = 2000,
    every: int = 50,
    grad: Callable[
        [dict[str, np.ndarray], np.ndarray, np.ndarray], dict[str, np.ndarray]
    ] = average_example_gradients,
) -> tuple[np.ndarray, list[tuple[int, dict[str, np.ndarray]]]]:
    """Gradient descent with gradients from ``grad(params, X, y)``.

    Returns:
        The loss at every step, and ``(step, params)`` snapshots every ``every`` steps.
    """
    params, losses, snapshots = dict(params), [], []
    for step in range(steps + 1):
        if step % every == 0:
            snapshots.append((step, dict(params)))
        losses.append(loss(params, X, y))
        grads = grad(params, X, y)
        params = {k: params[k] - lr * grads[k] for k in params}
    return np.array(losses), snapshots


def scalar_graph_values(
    x: float, y: float, w1: float, b1: float, w2: float, b2: float
) -> tuple[dict[str, float], dict[str, float]]:
    """Forward values and backward partials of the one-unit, one-example network, node by node."""
    z = w1 * x + b1
    a = np.tanh(z)
    y_hat = w2 * a + b2
    L = (y_hat - y) ** 2
    dL_dyhat = 2.0 * (y_hat - y)
    dL_da = dL_dyhat * w2
    dL_dz = dL_da * (1.0 - a**2)
    forward_values = {"z": z, "a": a, "y_hat": y_hat, "L": L}
    partials = {
        "w1": dL_dz * x,
        "b1": dL_dz,
        "z": dL_dz,
        "a": dL_da,
        "w2": dL_dyhat * a,
        "b2": dL_dyhat,
        "y_hat": dL_dyhat,
        "L": 1.0,
    }
    return forward_values, partials


_GRAPH_NODES = {  # name: (x, y, label, formula)
    "x": (0.5, 2.8, "$x$", None),
    "w1": (0.5, 1.6, "$w_1$", None),
    "b1": (0.5, 0.4, "$b_1$", None),
    "z": (2.5, 1.6, "$z$", "$w_1x+b_1$"),
    "a": (4.5, 1.6, "$a$", r"$\tanh z$"),
    "w2": (4.5, 0.4, "$w_2$", None),
    "b2": (6.5, 0.4, "$b_2$", None),
    "y_hat": (6.5, 1.6, r"$\hat y$", "$w_2a+b_2$"),
    "y": (8.5, 0.4, "$y$", None),
    "L": (8.5, 1.6, "$L$", r"$(\hat y-y)^2$"),
}
_GRAPH_EDGES = [
    ("x", "z"),
    ("w1", "z"),
    ("b1", "z"),
    ("z", "a"),
    ("a", "y_hat"),
    ("w2", "y_hat"),
    ("b2", "y_hat"),
    ("y_hat", "L"),
    ("y", "L"),
]


_FORK_NODES = {  # name: (x, y, label, formula)
    "x1": (0.5, 2.8, "$x_1$", None),
    "w": (0.5, 1.4, "$w$", None),
    "x2": (0.5, 0.0, "$x_2$", None),
    "u1": (2.5, 2.8, "$u_1$", "$wx_1$"),
    "b": (2.5, 1.4, "$b$", None),
    "u2": (2.5, 0.0, "$u_2$", "$wx_2$"),
    "y_hat": (4.5, 1.4, r"$\hat y$", "$u_1+u_2+b$"),
    "y": (6.5, 2.8, "$y$", None),
    "r": (6.5, 1.4, "$r$", r"$\hat y-y$"),
    "L": (8.5, 1.4, "$L$", "$r^2$"),
}
_FORK_EDGES = [
    ("x1", "u1"),
    ("w", "u1"),
    ("w", "u2"),
    ("x2", "u2"),
    ("u1", "y_hat"),
    ("b", "y_hat"),
    ("u2", "y_hat"),
    ("y_hat", "r"),
    ("y", "r"),
    ("r", "L"),
]


def fork_graph_values(
    x1: float, x2: float, y: float, w: float, b: float
) -> tuple[dict[str, float], dict[str, float]]:
    """Forward values and backward partials of a squared error with a shared weight.

    The prediction ``y_hat = w * x1 + w * x2 + b`` uses the same weight ``w`` in two product boxes
    ``u1`` and ``u2``, so the partial of ``w`` is the sum of what comes back along both arrows:
    ``dL/du1 * x1 + dL/du2 * x2``.
    """
    u1, u2 = w * x1, w * x2
    y_hat = u1 + u2 + b
    r = y_hat - y
    dL_dr = 2.0 * r  # L = r^2; r, y_hat, u1, u2 and b all pass it on with local partial 1
    values = {"u1": u1, "u2": u2, "y_hat": y_hat, "r": r, "L": r**2}
    partials = {
        "L": 1.0,
        "r": dL_dr,
        "y_hat": dL_dr,
        "u1": dL_dr,
        "u2": dL_dr,
        "b": dL_dr,
        "w": dL_dr * x1 + dL_dr * x2,  # the fork: one term per use of w
    }
    return values, partials


def _draw_node(ax, nodes, name, value, partial):
    """Draw one box: label and formula, forward value (black), backward partial (red)."""
    cx, cy, label, formula = nodes[name]
    box = FancyBboxPatch(
        (cx - 0.8, cy - 0.45),
        1.6,
        0.9,
        boxstyle="round,pad=0.03",
        fc="#eef3fa" if formula else "white",
        ec=COLORS["f"],
        lw=1.2,
    )
    ax.add_patch(box)
    ax.text(
        cx, cy + 0.24, f"{label} = {formula}" if formula else label, ha="center", va="center", fontsize=11
    )
    ax.text(cx, cy - 0.02, f"{value:.3f}", ha="center", va="center", fontsize=11)
    if partial is not None:
        ax.text(
            cx, cy - 0.26, f"{partial:+.3f}", ha="center", va="center", fontsize=11, color=COLORS["tangent"]
        )
    return box


def _draw_boxes(nodes, edges, values, partials, ylim):
    """A figure of the boxes and arrows of a graph, each box with its value and its partial."""
    fig, (ax,) = figure(width=8.0, height=0.9 + ylim[1] - ylim[0])
    boxes = {name: _draw_node(ax, nodes, name, values[name], partials.get(name)) for name in nodes}
    for start, end in edges:
        ax.add_patch(
            FancyArrowPatch(
                nodes[start][:2],
                nodes[end][:2],
                arrowstyle="-|>",
                mutation_scale=12,
                color="0.35",
                patchA=boxes[start],
                patchB=boxes[end],
            )
        )
    ax.set(xlim=(-0.35, 9.35), ylim=ylim, aspect="equal")
    ax.axis("off")
    ax.set_title(
        "forward values (black) and backward partials $\\partial L/\\partial$node (red)", fontsize=11
    )
    return fig


def draw_graph(
    x: float = 0.5, y: float = 0.2, w1: float = 1.5, b1: float = -0.3, w2: float = 0.8, b2: float = 0.1
) -> Figure:
    """Draw the computational graph of the one-unit network with forward values and partials."""
    values, partials = scalar_graph_values(x, y, w1, b1, w2, b2)
    values.update({"x": x, "y": y, "w1": w1, "b1": b1, "w2": w2, "b2": b2})
    return _draw_boxes(_GRAPH_NODES, _GRAPH_EDGES, values, partials, ylim=(-0.1, 3.3))


def draw_fork_graph(
    x1: float = 1.5, x2: float = 0.5, y: float = 2.0, w: float = 0.8, b: float = 0.1
) -> Figure:
    """Draw the graph of a squared error whose weight ``w`` is shared by two product boxes."""
    values, partials = fork_graph_values(x1, x2, y, w, b)
    values.update({"x1": x1, "x2": x2, "y": y, "w": w, "b": b})
    return _draw_boxes(_FORK_NODES, _FORK_EDGES, values, partials, ylim=(-0.55, 3.3))


_EXPLORED = {  # graph: (drawing function, {slider: (label, start, min, max)}, what it shows)
    "network": (
        draw_graph,
        {
            "x": ("x", 0.5, -2.0, 2.0),
            "y": ("y", 0.2, -2.0, 2.0),
            "w1": ("w₁", 1.5, -3.0, 3.0),
            "b1": ("b₁", -0.3, -2.0, 2.0),
            "w2": ("w₂", 0.8, -3.0, 3.0),
            "b2": ("b₂", 0.1, -2.0, 2.0),
        },
        (
            "The computational graph of the one-unit network: x, w1 and b1 feed "
            "z = w1 x + b1, "
            "which feeds a = tanh z; a, w2 and b2 feed the prediction y-hat; y-hat and the target "
            "y feed the loss L. Every box shows its forward value (black) and the partial of L "
            "with respect to it (red), for the inputs and weights set above."
        ),
    ),
    "fork": (
        draw_fork_graph,
        {
            "x1": ("x₁", 1.5, -3.0, 3.0),
            "x2": ("x₂", 0.5, -3.0, 3.0),
            "y": ("y", 2.0, -3.0, 3.0),
            "w": ("w", 0.8, -2.0, 2.0),
            "b": ("b", 0.1, -2.0, 2.0),
        },
        (
            "A computational graph with a fork, a shared weight: the same weight w feeds two "
            "product boxes, u1 = w x1 and u2 = w x2; u1, u2 and b feed the prediction "
            "y-hat = u1 + u2 + b; y-hat and the target y give the residual r = y-hat - y, and "
            "the loss L = r squared. Every box shows its forward value (black) and the partial "
            "of L with respect to it (red); the red number of w is the sum of what comes back "
            "from u1 (times x1) and from u2 (times x2)."
        ),
    ),
}


def graph_explorer(graph: str = "network") -> widgets.Widget:
    """Sliders for the inputs and weights of a graph; every box's value and partial is redrawn.

    Args:
        graph: ``"network"``, the one-unit network of :func:`draw_graph`, or ``"fork"``, the
            shared-weight squared error of :func:`draw_fork_graph`.

    Returns:
        An ``ipywidgets.interactive`` to display as a cell's last expression.
    """
    draw, ranges, alt = _EXPLORED[graph]
    sliders = {
        name: widgets.FloatSlider(
            value=v,
            min=lo,
            max=hi,
            step=0.05,
            description=label,
            continuous_update=False,
            layout=widgets.Layout(width="420px"),
        )
        for name, (label, v, lo, hi) in ranges.items()
    }

    def show(**inputs):
        draw(**inputs)
        plt.show()

    return described(widgets.interactive(show, **sliders), alt)


def plot_training(
    X: np.ndarray,
    y: np.ndarray,
    losses: np.ndarray,
    snapshots: list[tuple[int, dict[str, np.ndarray]]],
    show_steps: Sequence[int] = (0, 100, 500, 2000),
) -> Figure:
    """Loss per step (log scale) next to the network's fit at a few training steps."""
    fig, (ax_loss, ax_fit) = figure(ncols=2, width=4.2, height=3.4)
    ax_loss.semilogy(losses, color=COLORS["f"])
    ax_loss.set(xlabel="gradient-descent step", ylabel="training loss (MSE)")
    grid = np.linspace(-3.2, 3.2, 200)[:, None]
    ax_fit.plot(X[:, 0], y, "o", ms=4, color="0.5", label="data")
    for (step, params), shade in zip(_pick(snapshots, show_steps), np.linspace(0.35, 1.0, 4)):
        ax_fit.plot(grid[:, 0], predict(params, grid), color=plt.cm.Blues(shade), label=f"step {step}")
    ax_fit.set(xlabel="$x$", ylabel=r"$\hat y$")
    ax_fit.legend(fontsize=8, loc="upper left")
    return fig


def _pick(snapshots, steps):
    """The snapshots taken at the given steps."""
    by_step = dict(snapshots)
    return [(s, by_step[s]) for s in steps if s in by_step]


def _slice_plot(params, X, y, name, index, value):
    """The loss along one weight, the current point, and the tangent of backprop slope."""

    def with_value(v):
        theta = np.array(params[name], dtype=float)
        theta[index] = v
        return {**params, name: theta if theta.ndim else float(theta)}

    base = float(np.asarray(params[name])[index])
    grid = np.linspace(base - 2.0, base + 2.0, 121)
    slope = float(np.asarray(average_example_gradients(with_value(value), X, y)[name])[index])
    L0 = loss(with_value(value), X, y)
    fig, (ax,) = figure(width=6.0, height=3.8)
    ax.plot(grid, [loss(with_value(v), X, y) for v in grid], color=COLORS["f"], label="loss slice")
    ax.plot(
        grid,
        L0 + slope * (grid - value),
        "--",
        color=COLORS["tangent"],
        label=f"tangent, slope = backprop partial = {slope:+.3f}",
    )
    ax.plot([value], [L0], "o", color=COLORS["point"])
    label = f"{name}{list(index) if index else ''}"
    ax.set(xlabel=label, ylabel="loss", ylim=(0, None), title=f"loss = {L0:.4f} at {label} = {value:+.3f}")
    ax.legend(fontsize=8, loc="upper center")
    plt.show()


def weight_slice_explorer(params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray) -> widgets.Widget:
    """Pick a parameter and slide its value: the backprop partial is the slope of the loss slice."""
    choices = {"W1[0, 0]": ("W1", (0, 0)), "b1[0]": ("b1", (0,)), "W2[0]": ("W2", (0,)), "b2": ("b2", ())}
    pick = widgets.Dropdown(options=list(choices), value="W2[0]", description="parameter")
    offset = widgets.FloatSlider(
        value=1.0, min=-2.0, max=2.0, step=0.1, description="change", continuous_update=False
    )

    def show(choice, change):
        name, index = choices[choice]
        _slice_plot(params, X, y, name, index, float(np.asarray(params[name])[index]) + change)

    out = widgets.interactive_output(show, {"choice": pick, "change": offset})
    explorer = widgets.VBox([widgets.HBox([pick, offset]), out])
    return described(
        explorer,
        "The training loss along the chosen parameter, all others frozen "
        "(blue), the current value (green dot) and the red dashed line whose slope is "
        "the backprop partial, given in the legend.",
    )


def linear_forward(params: dict[str, np.ndarray], X: np.ndarray) -> np.ndarray:
    """One linear layer on a batch: ``Z = X @ W + b``, shape (n, c) for ``X`` (n, d), ``W`` (d, c)."""
    return X @ params["W"] + params["b"]


def linear_loss(params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> float:
    """Squared error of the layer, summed over the c outputs and averaged over the n examples."""
    return float(np.sum((linear_forward(params, X) - Y) ** 2) / len(X))


def linear_backward(params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> dict[str, np.ndarray]:
    """The whole batch at once: ``dL/dW = X.T @ G``, ``dL/db`` = G summed over the batch."""
    G = 2.0 * (linear_forward(params, X) - Y) / len(X)  # dL/dZ, (n, c)
    return {"W": X.T @ G, "b": G.sum(axis=0)}


def linear_example_backward(
    params: dict[str, np.ndarray], x: np.ndarray, y: np.ndarray
) -> dict[str, np.ndarray]:
    """One example ``x`` (d,), its loss ``sum((z - y)**2)``: ``dl/dW = outer(x, g)``, ``dl/db = g``."""
    g = 2.0 * (x @ params["W"] + params["b"] - y)  # dl/dz, shape (c,)
    return {"W": np.outer(x, g), "b": g}
