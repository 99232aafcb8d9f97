"""A tiny reverse-mode automatic differentiation engine on a tape, for chapter 8.

The computational graph is plain data: every ``Var`` records its value and, for each parent, the
*local partial* ∂(this node)/∂(parent), computed when the node is made. A ``Tape`` keeps the nodes in
creation order. Reverse mode walks the tape backwards once and gives ∂out/∂(every node); forward mode
walks it forwards once per input. Only addition and multiplication have rules here: problem set 5
adds the others and replaces the tape by a topological sort of the graph.
"""

from collections.abc import Callable, Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from numpy.typing import ArrayLike

from autograder.numerics import central_difference
from course.style import COLORS, described, figure

__all__ = [
    "Tape",
    "Var",
    "backward",
    "forward_tangents",
    "zero_grad",
    "gradient",
    "numerical_gradient",
    "book_f",
    "book_loss",
    "edge_work",
    "linear_loss",
    "backward_steps",
    "forward_steps",
    "draw_tape",
    "plot_mode_costs",
    "tape_explorer",
]


class Tape:
    """The nodes of one computation, in the order they were made."""

    def __init__(self):
        self.nodes = []

    def var(self, value: float, name: str = "") -> "Var":
        """A leaf: an input (or a constant) of the computation."""
        return Var(value, self, (), name)


class Var:
    """A number on a tape: its value, its gradient, and its parents with the local partials."""

    def __init__(self, value, tape, parents=(), name="", op=""):
        self.value, self.grad, self.dot = float(value), 0.0, 0.0
        self.tape, self.parents, self.name, self.op = tape, tuple(parents), name, op
        tape.nodes.append(self)

    def _lift(self, other):
        """``other`` as a node of this tape (a plain number becomes a constant leaf)."""
        return other if isinstance(other, Var) else self.tape.var(other, "const")

    def __add__(self, other):
        other = self._lift(other)  # ∂(a + b)/∂a = 1, ∂(a + b)/∂b = 1
        return Var(self.value + other.value, self.tape, [(self, 1.0), (other, 1.0)], op="+")

    def __mul__(self, other):
        other = self._lift(other)  # ∂(ab)/∂a = b, ∂(ab)/∂b = a
        return Var(self.value * other.value, self.tape, [(self, other.value), (other, self.value)], op="×")

    __radd__, __rmul__ = __add__, __mul__

    def __repr__(self):
        return f"Var({self.value:g}, grad={self.grad:g})"


def backward(out: Var) -> None:
    """Reverse mode: fill ``grad`` = ∂out/∂node for every node, walking the tape backwards once."""
    out.grad = 1.0
    for node in reversed(out.tape.nodes):
        for parent, local in node.parents:
            parent.grad += local * node.grad  # += : a node used twice gets both paths


def forward_tangents(out: Var, seed: Var) -> float:
    """Forward mode: fill ``dot`` = ∂node/∂seed for every node, walking the tape forwards once."""
    for node in out.tape.nodes:
        node.dot = 1.0 if node is seed else sum(local * p.dot for p, local in node.parents)
    return out.dot


def zero_grad(tape: Tape) -> None:
    """Set every gradient on the tape back to 0 (``backward`` adds to what is there)."""
    for node in tape.nodes:
        node.grad = 0.0


def gradient(f: Callable[..., Var], point: Sequence[float]) -> np.ndarray:
    """∂f/∂(each input) at ``point`` by one reverse pass; ``f`` takes and returns ``Var``s."""
    tape = Tape()
    inputs = [tape.var(v, f"x{i}") for i, v in enumerate(point)]
    backward(f(*inputs))
    return np.array([v.grad for v in inputs])


def numerical_gradient(f: Callable[..., float], point: ArrayLike) -> np.ndarray:
    """The same partials by central differences of ``f`` on plain floats (chapter 6)."""
    point = np.asarray(point, dtype=float)
    return np.array([central_difference(lambda p: f(*p), point, i) for i in range(point.size)])


def book_f(x: Var | float, y: Var | float) -> Var | float:
    """Chapter 2's example f(x, y) = x²y + 3y, with the operations of the engine only."""
    return x * x * y + 3 * y


def book_loss(w: Var | float, b: Var | float, x: float = 2.0, y: float = 3.0) -> Var | float:
    """The one-point squared loss (wx + b − y)² of chapters 2–4, with + and × only."""
    r = w * x + b + (-y)
    return r * r


def linear_loss(n: int, gen: np.random.Generator) -> tuple[Var, list[Var]]:
    """A loss of ``n`` parameters, (Σᵢ wᵢxᵢ − y)², recorded on a tape; returns (loss, weights)."""
    tape = Tape()
    weights = [tape.var(v, f"w{i}") for i, v in enumerate(gen.normal(size=n))]
    total = tape.var(0.0)
    for w, x in zip(weights, gen.normal(size=n)):
        total = total + w * float(x)
    r = total + (-1.0)
    return r * r, weights


def edge_work(out: Var, n_inputs: int) -> tuple[int, int]:
    """Local partials used (multiply–adds) for the whole gradient: forward mode, reverse mode."""
    edges = sum(len(node.parents) for node in out.tape.nodes)
    return n_inputs * edges, edges


def backward_steps(out: Var) -> list[tuple[Var | None, list[float]]]:
    """Snapshots of a reverse pass: ``(node being done, grads of every node)`` after each step."""
    zero_grad(out.tape)
    out.grad = 1.0
    shots = [(None, [n.grad for n in out.tape.nodes])]
    for node in reversed(out.tape.nodes):
        for parent, local in node.parents:
            parent.grad += local * node.grad
        shots.append((node, [n.grad for n in out.tape.nodes]))
    return shots


def forward_steps(out: Var, seed: Var) -> list[tuple[Var | None, list[float | None]]]:
    """Snapshots of a forward pass from ``seed``: ``(node done, tangents of the nodes done so far)``."""
    done, shots = [], [(None, [None] * len(out.tape.nodes))]
    for node in out.tape.nodes:
        node.dot = 1.0 if node is seed else sum(local * p.dot for p, local in node.parents)
        done.append(node.dot)
        shots.append((node, done + [None] * (len(out.tape.nodes) - len(done))))
    return shots


def _layout(nodes):
    """A position per node: column = longest path from a leaf, rows spread within a column."""
    depth = {}
    for node in nodes:
        depth[id(node)] = 1 + max((depth[id(p)] for p, _ in node.parents), default=-1)
    columns, where = {}, {}
    for node in nodes:
        columns.setdefault(depth[id(node)], []).append(node)
    for d, col in sorted(columns.items()):
        for k, n in enumerate(col):
            lone = len(col) == 1 and n.parents  # a lone node sits between its parents
            y = np.mean([where[id(p)][1] for p, _ in n.parents]) if lone else 0.6 * (len(col) - 1) - 1.2 * k
            where[id(n)] = (2.3 * d, y)
    return where


def _box(ax, xy, node, number, current, numbers, colour):
    title = node.name if not node.parents else f"{node.op}"
    box = FancyBboxPatch(
        (xy[0] - 0.75, xy[1] - 0.42),
        1.5,
        0.84,
        boxstyle="round,pad=0.03",
        fc="#fde9c9" if current else ("#eef3fa" if node.parents else "white"),
        ec=COLORS["f"],
        lw=2.2 if current else 1.2,
    )
    ax.add_patch(box)
    ax.text(
        xy[0], xy[1] + 0.2, f"{number}: {title} = {node.value:.3g}", ha="center", va="center", fontsize=10
    )
    if numbers is not None:
        ax.text(xy[0], xy[1] - 0.17, f"{numbers:+.3g}", ha="center", va="center", fontsize=11, color=colour)
    return box


def draw_tape(
    out: Var, numbers: Sequence[float | None], current: Var | None = None, title: str = ""
) -> Figure:
    """Draw the graph on ``out``'s tape: node number (tape order), operation, value, and ``numbers``.

    Args:
        out: The output node; every node of its tape is drawn.
        numbers: One number (or None for "not yet") per node: gradients or tangents.
        current: The node to highlight (the one a pass has just processed), or None.
        title: The figure's title.
    """
    nodes = out.tape.nodes
    where = _layout(nodes)
    fig, (ax,) = figure(width=8.0, height=3.6)
    colour = COLORS["tangent"]
    boxes = {
        id(n): _box(ax, where[id(n)], n, k, n is current, numbers[k], colour) for k, n in enumerate(nodes)
    }
    for node in nodes:
        for k, (parent, _) in enumerate(node.parents):
            twice = [p for p, _ in node.parents].count(parent) > 1  # x * x: two arrows, bent apart
            ax.add_patch(
                FancyArrowPatch(
                    where[id(parent)],
                    where[id(node)],
                    arrowstyle="-|>",
                    mutation_scale=12,
                    color="0.4",
                    patchA=boxes[id(parent)],
                    patchB=boxes[id(node)],
                    connectionstyle=f"arc3,rad={0.25 * (2 * k - 1) if twice else 0}",
                )
            )
    xs, ys = zip(*where.values())
    ax.set(xlim=(min(xs) - 1, max(xs) + 1), ylim=(min(ys) - 0.7, max(ys) + 0.7), aspect="equal")
    ax.axis("off")
    ax.set_title(title, fontsize=11)
    return fig


def plot_mode_costs(
    sizes: Sequence[int] = (1, 2, 5, 10, 20, 50, 100, 200), gen: np.random.Generator | None = None
) -> Figure:
    """Local partials used for a whole gradient, forward vs reverse mode, as parameters grow."""
    gen = np.random.default_rng(0) if gen is None else gen
    work = [edge_work(linear_loss(n, gen)[0], n) for n in sizes]
    fig, (ax,) = figure(width=6.0, height=3.8)
    ax.loglog(sizes, [f for f, _ in work], "o-", color=COLORS["path"], label="forward mode: n passes")
    ax.loglog(sizes, [r for _, r in work], "s-", color=COLORS["f"], label="reverse mode: 1 pass")
    ax.set(
        xlabel="number of parameters n",
        ylabel="local partials multiplied",
        title="cost of the full gradient of one loss",
    )
    ax.legend(fontsize=9)
    return fig


def _explorer_plot(mode, step):
    tape = Tape()
    x, y = tape.var(2.0, "x"), tape.var(3.0, "y")
    out = book_f(x, y)
    if mode == "reverse":
        shots = backward_steps(out)
        what = "∂f/∂node (red), reverse pass: tape walked from the end"
    else:
        shots = forward_steps(out, x if mode == "forward from x" else y)
        what = f"∂node/∂{mode[-1]} (red), forward pass: tape walked from the start"
    node, numbers = shots[min(step, len(shots) - 1)]
    draw_tape(out, numbers, node, f"f = x²y + 3y at (2, 3); step {min(step, len(shots) - 1)}: {what}")
    plt.show()


def tape_explorer() -> widgets.Widget:
    """Step through a forward-mode or reverse-mode pass over the graph of f(x, y) = x²y + 3y."""
    mode = widgets.Dropdown(
        options=["forward from x", "forward from y", "reverse"], value="reverse", description="mode"
    )
    step = widgets.IntSlider(value=3, min=0, max=7, description="step", continuous_update=False)
    out = widgets.interactive_output(_explorer_plot, {"mode": mode, "step": step})
    return described(
        widgets.VBox([widgets.HBox([mode, step]), out]),
        "The graph of f = x²y + 3y with each node's value, and the derivatives filled in so far "
        "by the chosen mode, up to the chosen step.",
    )
