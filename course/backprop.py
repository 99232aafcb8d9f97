"""A one-hidden-layer tanh network, backpropagated one example at a time, for chapter 5.

The network is ``y_hat = tanh(x @ W1 + b1) @ W2 + b2`` for one example ``x`` of shape (d,), with
loss ``(y_hat - y) ** 2``; the loss of a batch is the mean over its examples. Parameters live in a
dict: ``W1`` (d, h), ``b1`` (h,), ``W2`` (h,) and ``b2`` a float. Every function here works on one
example, or loops over the examples of a batch: the vectorised batch version is problem set 4.
"""
from collections.abc import Callable, Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from numpy.typing import ArrayLike

from autograder.numerics import central_difference
from course.style import COLORS, figure, rng

__all__ = [
    "init_params", "example_forward", "example_loss", "example_backward", "loss", "predict",
    "average_example_gradients", "numerical_partials", "local_partials", "sine_data", "train",
    "scalar_graph_values", "draw_graph", "plot_training", "weight_slice_explorer",
]


def init_params(d: int, h: int, gen: np.random.Generator | None = None) -> dict[str, np.ndarray]:
    """Small random weights and zero biases for a d-input, h-unit network."""
    gen = rng() if gen is None else gen
    return {"W1": gen.normal(0.0, 1.0, (d, h)), "b1": np.zeros(h),
            "W2": gen.normal(0.0, 1.0 / np.sqrt(h), h), "b2": 0.0}


def example_forward(params: dict[str, np.ndarray], x: ArrayLike) -> dict[str, np.ndarray | float]:
    """Forward pass of one example ``x`` (d,): the values ``z`` (h,), ``a`` (h,), ``y_hat``."""
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
    dL_dyhat = 2.0 * (v["y_hat"] - y)    # L = (y_hat - y)^2
    dL_db2 = dL_dyhat * 1.0              # y_hat = a.W2 + b2: local 1
    dL_dW2 = dL_dyhat * v["a"]           # local a_j; shape (h,)
    dL_da = dL_dyhat * params["W2"]      # local W2_j; shape (h,)
    dL_dz = dL_da * (1.0 - v["a"] ** 2)  # a = tanh z: local 1 - a^2
    dL_db1 = dL_dz * 1.0                 # z = x.W1 + b1: local 1
    dL_dW1 = np.outer(x, dL_dz)          # (i, j): x_i * dL/dz_j; (d, h)
    return {"W1": dL_dW1, "b1": dL_db1, "W2": dL_dW2, "b2": dL_db2}


def loss(params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray) -> float:
    """Mean squared error on a batch: the average of the examples' losses."""
    return float(np.mean([example_loss(params, x_k, y_k) for x_k, y_k in zip(X, y)]))


def predict(params: dict[str, np.ndarray], X: np.ndarray) -> np.ndarray:
    """Predictions for the rows of ``X``, one example at a time; shape (n,)."""
    return np.array([example_forward(params, x_k)["y_hat"] for x_k in X])


def average_example_gradients(params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
    """Gradient of the batch loss: the mean of the examples' gradients."""
    per_example = [example_backward(params, x_k, y_k)
                   for x_k, y_k in zip(X, y)]
    n = len(per_example)
    return {name: sum(g[name] for g in per_example) / n for name in params}


def numerical_partials(f: Callable[[dict[str, np.ndarray]], float], params: dict[str, np.ndarray], name: str) -> np.ndarray | float:
    """Central-difference estimate of the partials of ``f(params)`` with respect to ``params[name]``."""
    shape = np.shape(params[name])

    def f_of(theta):
        return f({**params, name: theta.reshape(shape) if shape else theta[0]})

    theta = np.atleast_1d(np.asarray(params[name], dtype=float)).ravel()
    partials = [central_difference(f_of, theta, i) for i in range(theta.size)]
    return np.array(partials).reshape(shape) if shape else float(partials[0])


def local_partials(x: float, y: float, w1: float, b1: float, w2: float, b2: float) -> list[tuple[str, float, float]]:
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


def sine_data(n: int = 40, noise: float = 0.05, gen: np.random.Generator | None = None) -> tuple[np.ndarray, np.ndarray]:
    """A 1-D regression task: ``y = sin(x)`` plus noise, ``x`` in [-3, 3]; X has shape (n, 1)."""
    gen = rng() if gen is None else gen
    x = np.sort(gen.uniform(-3.0, 3.0, n))
    return x[:, None], np.sin(x) + noise * gen.normal(size=n)


def train(params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray, lr: float = 0.1, steps: int = 2000, every: int = 50, grad: Callable[[dict[str, np.ndarray], np.ndarray, np.ndarray], dict[str, np.ndarray]] = average_example_gradients) -> tuple[np.ndarray, list[tuple[int, dict[str, np.ndarray]]]]:
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


def scalar_graph_values(x: float, y: float, w1: float, b1: float, w2: float, b2: float) -> tuple[dict[str, float], dict[str, float]]:
    """Forward values and backward partials of the one-unit, one-example network, node by node."""
    z = w1 * x + b1
    a = np.tanh(z)
    y_hat = w2 * a + b2
    L = (y_hat - y) ** 2
    dL_dyhat = 2.0 * (y_hat - y)
    dL_da = dL_dyhat * w2
    dL_dz = dL_da * (1.0 - a**2)
    forward_values = {"z": z, "a": a, "y_hat": y_hat, "L": L}
    partials = {"w1": dL_dz * x, "b1": dL_dz, "z": dL_dz, "a": dL_da, "w2": dL_dyhat * a,
                "b2": dL_dyhat, "y_hat": dL_dyhat, "L": 1.0}
    return forward_values, partials


_GRAPH_NODES = {  # name: (x, y, label, formula)
    "x": (0.5, 2.8, "$x$", None), "w1": (0.5, 1.6, "$w_1$", None), "b1": (0.5, 0.4, "$b_1$", None),
    "z": (2.5, 1.6, "$z$", "$w_1x+b_1$"), "a": (4.5, 1.6, "$a$", r"$\tanh z$"),
    "w2": (4.5, 0.4, "$w_2$", None), "b2": (6.5, 0.4, "$b_2$", None),
    "y_hat": (6.5, 1.6, r"$\hat y$", "$w_2a+b_2$"), "y": (8.5, 0.4, "$y$", None),
    "L": (8.5, 1.6, "$L$", r"$(\hat y-y)^2$"),
}
_GRAPH_EDGES = [("x", "z"), ("w1", "z"), ("b1", "z"), ("z", "a"), ("a", "y_hat"), ("w2", "y_hat"),
                ("b2", "y_hat"), ("y_hat", "L"), ("y", "L")]


def _draw_node(ax, name, value, partial):
    """Draw one box: label and formula, forward value (black), backward partial (red)."""
    cx, cy, label, formula = _GRAPH_NODES[name]
    box = FancyBboxPatch((cx - 0.8, cy - 0.45), 1.6, 0.9, boxstyle="round,pad=0.03",
                         fc="#eef3fa" if formula else "white", ec=COLORS["f"], lw=1.2)
    ax.add_patch(box)
    ax.text(cx, cy + 0.24, f"{label} = {formula}" if formula else label, ha="center", va="center",
            fontsize=11)
    ax.text(cx, cy - 0.02, f"{value:.3f}", ha="center", va="center", fontsize=11)
    if partial is not None:
        ax.text(cx, cy - 0.26, f"{partial:+.3f}", ha="center", va="center", fontsize=11,
                color=COLORS["tangent"])
    return box


def draw_graph(x: float = 0.5, y: float = 0.2, w1: float = 1.5, b1: float = -0.3, w2: float = 0.8, b2: float = 0.1) -> Figure:
    """Draw the computational graph of the one-unit network with forward values and partials."""
    values, partials = scalar_graph_values(x, y, w1, b1, w2, b2)
    values.update({"x": x, "y": y, "w1": w1, "b1": b1, "w2": w2, "b2": b2})
    fig, (ax,) = figure(width=8.0, height=3.4)
    boxes = {name: _draw_node(ax, name, values[name], partials.get(name)) for name in _GRAPH_NODES}
    for start, end in _GRAPH_EDGES:
        ax.add_patch(FancyArrowPatch(_GRAPH_NODES[start][:2], _GRAPH_NODES[end][:2],
                                     arrowstyle="-|>", mutation_scale=12, color="0.35",
                                     patchA=boxes[start], patchB=boxes[end]))
    ax.set(xlim=(-0.35, 9.35), ylim=(-0.1, 3.3), aspect="equal")
    ax.axis("off")
    ax.set_title("forward values (black) and backward partials $\\partial L/\\partial$node (red)",
                 fontsize=11)
    return fig


def plot_training(X: np.ndarray, y: np.ndarray, losses: np.ndarray, snapshots: list[tuple[int, dict[str, np.ndarray]]], show_steps: Sequence[int] = (0, 100, 500, 2000)) -> Figure:
    """Loss per step (log scale) next to the network's fit at a few training steps."""
    fig, (ax_loss, ax_fit) = figure(ncols=2, width=4.2, height=3.4)
    ax_loss.semilogy(losses, color=COLORS["f"])
    ax_loss.set(xlabel="gradient-descent step", ylabel="training loss (MSE)")
    grid = np.linspace(-3.2, 3.2, 200)[:, None]
    ax_fit.plot(X[:, 0], y, "o", ms=4, color="0.5", label="data")
    for (step, params), shade in zip(_pick(snapshots, show_steps), np.linspace(0.35, 1.0, 4)):
        ax_fit.plot(grid[:, 0], predict(params, grid), color=plt.cm.Blues(shade),
                    label=f"step {step}")
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
    ax.plot(grid, L0 + slope * (grid - value), "--", color=COLORS["tangent"],
            label=f"tangent, slope = backprop partial = {slope:+.3f}")
    ax.plot([value], [L0], "o", color=COLORS["point"])
    label = f"{name}{list(index) if index else ''}"
    ax.set(xlabel=label, ylabel="loss", ylim=(0, None),
           title=f"loss = {L0:.4f} at {label} = {value:+.3f}")
    ax.legend(fontsize=8, loc="upper center")
    plt.show()


def weight_slice_explorer(params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray) -> widgets.Widget:
    """Pick a parameter and slide its value: the backprop partial is the slope of the loss slice."""
    choices = {"W1[0, 0]": ("W1", (0, 0)), "b1[0]": ("b1", (0,)), "W2[0]": ("W2", (0,)),
               "b2": ("b2", ())}
    pick = widgets.Dropdown(options=list(choices), value="W2[0]", description="parameter")
    offset = widgets.FloatSlider(value=1.0, min=-2.0, max=2.0, step=0.1, description="change",
                                 continuous_update=False)

    def show(choice, change):
        name, index = choices[choice]
        _slice_plot(params, X, y, name, index, float(np.asarray(params[name])[index]) + change)

    out = widgets.interactive_output(show, {"choice": pick, "change": offset})
    return widgets.VBox([widgets.HBox([pick, offset]), out])
