"""Problem set 5, automatic differentiation (chapter 8): local backward rules and a topological backward.

Students complete a scalar reverse-mode ``Value`` class: one local rule per task, then ``backward``.
The notebook's locked harness builds an expression from a *program* (plain data, so the sandbox can
pass it) with the student's class and returns ∂out/∂input for each input:

* inputs are nodes ``0 … k−1``; every operation appends one node; the last node is the output;
* an operation is ``[op, i]`` (unary), ``[op, i, j]`` (binary) or ``["pow", i, c]`` (constant c).

Each rule is graded on random graphs of that rule glued with the given ``add`` and ``mul``, walked on
the tape (creation order reversed), so a broken ``backward`` costs nothing there; ``backward`` is graded
on graphs of ``add`` and ``mul`` only (fan-out, diamonds, deep chains). The reference here is an engine
of its own, with switches that make it commit each typical mistake.
"""

import math
from collections.abc import Sequence

import numpy as np

from ...student.problems import Case
from ..spec import Mistake, Spec

__all__ = [
    "PART",
    "FORWARD",
    "LOCAL",
    "RULES",
    "Node",
    "build",
    "walk",
    "gradients",
    "evaluate",
    "expression",
    "random_program",
    "path_count",
    "rule_cases",
    "backward_cases",
    "SPECS",
    "ACCUMULATE",
    "NO_CHAIN",
    "SUB_SIGN",
    "POW_FACTOR",
    "POW_DECREMENT",
    "AT_INPUT",
    "AT_OUTPUT",
    "EXP_INPUT",
    "SIGMOID_ONLY",
    "TANH_NO_SQUARE",
    "NO_VISITED",
    "NOT_REVERSED",
    "NO_SEED",
    "NOT_TOPOLOGICAL",
]

# --- misconception labels of this problem set ---------------------------------------------------------

ACCUMULATE = "gradient overwritten (= instead of +=)"
NO_CHAIN = "the gradient arriving from above (out.grad) was not multiplied in"
SUB_SIGN = "sign of the subtracted operand"
POW_FACTOR = "power rule: the factor c is missing"
POW_DECREMENT = "power rule: the exponent was not lowered"
AT_INPUT = "local derivative taken at the input instead of the output"
AT_OUTPUT = "local derivative taken at the output instead of the input"
EXP_INPUT = "the derivative of exp taken as its input"
SIGMOID_ONLY = "sigmoid′ taken as σ alone"
TANH_NO_SQUARE = "tanh′: the square is missing"
NO_VISITED = "a node reached by two paths was processed twice (no visited set)"
NOT_REVERSED = (
    "only the output passed its gradient on (no walk back to the inputs, or the order not reversed)"
)
NO_SEED = "the output's gradient was not seeded with 1"
NOT_TOPOLOGICAL = "a node passed its gradient on before every user had added to it (not a topological order)"

# --- the reference engine -----------------------------------------------------------------------------


def _sigmoid(a):
    return 1.0 / (1.0 + math.exp(-a))


FORWARD = {
    "add": lambda a, b: a + b,
    "mul": lambda a, b: a * b,
    "sub": lambda a, b: a - b,
    "pow": lambda a, c: a**c,
    "exp": math.exp,
    "log": math.log,
    "tanh": math.tanh,
    "sigmoid": _sigmoid,
}
"""Each operation's value from its operands' values (pow: the base's value and the constant)."""

LOCAL = {
    "add": lambda out, a, b: (1.0, 1.0),
    "mul": lambda out, a, b: (b, a),
    "sub": lambda out, a, b: (1.0, -1.0),
    "pow": lambda out, a, c: (c * a ** (c - 1),),
    "exp": lambda out, a: (out,),
    "log": lambda out, a: (1.0 / a,),
    "tanh": lambda out, a: (1.0 - out**2,),
    "sigmoid": lambda out, a: (out * (1.0 - out),),
}
"""Each operation's local partials ∂out/∂operand, from the output's and operands' values."""

RULES = ("sub", "pow", "exp", "log", "tanh", "sigmoid")
"""The operations whose local rule students write (add and mul are given)."""


class Node:
    """A value of the reference engine: data, grad, parents, and the closure passing grad back."""

    __slots__ = ("data", "grad", "parents", "back")

    def __init__(self, data, parents=()):
        self.data, self.grad, self.parents = float(data), 0.0, tuple(parents)
        self.back = lambda: None


def _backward_closure(out, parents, local, overwrite, chain):
    """The local rule: each parent gets local partial × out.grad (the switches make it wrong)."""

    def back():
        g = out.grad if chain else 1.0
        for parent, d in zip(parents, local):
            parent.grad = d * g if overwrite else parent.grad + d * g

    return back


def _node(op, operands, const, slip):
    """One operation's node; ``slip`` maps an op to a wrong ``(local, overwrite, chain)``."""
    values = [p.data for p in operands] + ([const] if op == "pow" else [])
    out = Node(FORWARD[op](*values), operands)
    local_fn, overwrite, chain = slip.get(op, (LOCAL[op], False, True))
    out.back = _backward_closure(out, operands, local_fn(out.data, *values), overwrite, chain)
    return out


def build(program: Sequence[Sequence], inputs: Sequence[float], slip: dict | None = None) -> list[Node]:
    """Every node of ``program`` at ``inputs``: the inputs, then one node per operation."""
    nodes = [Node(x) for x in inputs]
    for op, *args in program:
        operands = [nodes[int(args[0])]] if op == "pow" or len(args) == 1 else [nodes[int(i)] for i in args]
        nodes.append(_node(op, operands, float(args[1]) if op == "pow" else None, slip or {}))
    return nodes


def _post_order(out, visited=True):
    """Every node reachable from ``out``, each after its parents (once each, unless not ``visited``)."""
    order, seen, stack = [], set(), [(out, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
        elif not visited or id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((p, False) for p in reversed(node.parents))
    return order


def _breadth_first(out):
    order, seen, queue = [], {id(out)}, [out]
    while queue:
        node = queue.pop(0)
        order.append(node)
        for p in node.parents:
            if id(p) not in seen:
                seen.add(id(p))
                queue.append(p)
    return order


def _pre_order(out):
    """A walk that passes each node's gradient on, then goes to its parents: once per path."""
    stack = [out]
    while stack:
        node = stack.pop()
        node.back()
        stack.extend(reversed(node.parents))


def walk(nodes: Sequence[Node], order: str = "topo") -> None:
    """Run the backward pass over ``nodes`` (output last) in the given order."""
    out = nodes[-1]
    out.grad = 0.0 if order == "no seed" else 1.0
    if order == "preorder":
        return _pre_order(out)
    sequence = {
        "tape": lambda: nodes[::-1],
        "topo": lambda: _post_order(out)[::-1],
        "no seed": lambda: _post_order(out)[::-1],
        "no visited": lambda: _post_order(out, visited=False)[::-1],
        "not reversed": lambda: _post_order(out),
        "bfs": lambda: _breadth_first(out),
    }[order]
    for node in sequence():
        node.back()


def gradients(
    program: Sequence[Sequence], inputs: Sequence[float], order: str = "topo", slip: dict | None = None
) -> np.ndarray:
    """∂out/∂input for each input, a float array (the reference when ``order`` and ``slip`` are default)."""
    nodes = build(program, inputs, slip)
    walk(nodes, order)
    return np.array([v.grad for v in nodes[: len(inputs)]])


def evaluate(program: Sequence[Sequence], inputs: Sequence[float]) -> float:
    """The output's value on plain floats (for central differences)."""
    return build(program, inputs)[-1].data


# --- case labels --------------------------------------------------------------------------------------

_SYMBOL = {"add": "+", "mul": "·", "sub": "−"}


def expression(program: Sequence[Sequence], n_inputs: int) -> str:
    """The program as named steps, e.g. ``"v2 = x0·x1, v3 = exp(v2)"``."""

    def name(i):
        return f"x{i}" if i < n_inputs else f"v{i}"

    steps = []
    for k, (op, *args) in enumerate(program):
        if op == "pow":
            text = f"{name(args[0])}^{args[1]:g}"
        elif op in _SYMBOL:
            text = f"{name(args[0])} {_SYMBOL[op]} {name(args[1])}"
        else:
            text = f"{op}({name(args[0])})"
        steps.append(f"{name(n_inputs + k)} = {text}")
    return ", ".join(steps)


def _fmt_inputs(inputs):
    return "[" + ", ".join(f"{v:g}" for v in inputs) + "]"


def _case(program, inputs):
    """A case; its label spells the program out when it is short, or summarises it."""
    program, inputs = [list(step) for step in program], [float(v) for v in inputs]
    if len(program) <= 6:
        text = f"{expression(program, len(inputs))} at x = {_fmt_inputs(inputs)}"
    else:
        ops = sorted({step[0] for step in program})
        text = (
            f"a graph of {len(program)} operations ({', '.join(ops)}) on {len(inputs)} "
            f"input{'s' if len(inputs) > 1 else ''}"
        )
    return Case((program, inputs), {}, text)


# --- random graphs ------------------------------------------------------------------------------------

_SAFE = 30.0  # every value and gradient of a drawn graph stays within ±_SAFE
_MAX_PATHS = 3000  # a walk that visits a node once per path stays short


def _operand(rng, n_nodes, recent):
    """A node index: mostly one of the last few (deep chains), sometimes any (fan-out, diamonds)."""
    if rng.random() < recent:
        return int(n_nodes - 1 - rng.integers(min(3, n_nodes)))
    return int(rng.integers(n_nodes))


def _step(rng, op, n_nodes, recent):
    first = _operand(rng, n_nodes, recent)
    if op == "pow":
        return ["pow", first, float(rng.choice([2.0, 3.0, -1.0, 0.5, 1.5, -2.0]))]
    if op in ("add", "mul", "sub"):
        return [op, first, _operand(rng, n_nodes, recent)]
    return [op, first]


def path_count(program: Sequence[Sequence], n_inputs: int) -> int:
    """How many nodes a walk from the output visits when it visits a node once per path to it."""
    visits = [1] * n_inputs
    for op, *args in program:
        operands = args[:1] if op == "pow" or len(args) == 1 else args
        visits.append(1 + sum(visits[int(i)] for i in operands))
    return visits[-1]


def _fine(program, inputs):
    """Whether every value and gradient of the graph is finite and moderate, and its paths few."""
    if path_count(program, len(inputs)) > _MAX_PATHS:
        return False
    try:
        with np.errstate(all="raise"):
            nodes = build(program, inputs)
            walk(nodes)
    except (ValueError, TypeError, OverflowError, ZeroDivisionError, FloatingPointError):
        return False
    values = [n.data for n in nodes] + [n.grad for n in nodes]
    return all(math.isfinite(v) and abs(v) < _SAFE for v in values)


def random_program(
    rng: np.random.Generator,
    inputs: Sequence[float],
    n_ops: int,
    ops: Sequence[str],
    weights: Sequence[float] | None = None,
    recent: float = 0.7,
) -> list[list]:
    """A random graph on ``inputs`` of ``n_ops`` operations drawn from ``ops`` (retrying unsafe steps)."""
    program = []
    while len(program) < n_ops:
        for _ in range(50):
            op = str(rng.choice(ops, p=weights))
            step = _step(rng, op, len(inputs) + len(program), recent)
            if _fine(program + [step], inputs):
                program.append(step)
                break
        else:
            program.append(["add", len(inputs) + len(program) - 1, int(rng.integers(len(inputs)))])
    return program


def _inputs(rng, k, positive=False):
    lo = 0.2 if positive else -1.5
    return [float(v) for v in np.round(rng.uniform(lo, 1.5, k), 3)]


def rule_cases(rng: np.random.Generator, rule: str, n_cases: int = 10) -> list[Case]:
    """Graphs where ``rule`` makes a third of the operations or more, glued with add and mul."""
    out = []
    for k in range(n_cases):
        n_in, n_ops = int(rng.integers(1, 4)), int(rng.integers(3, 16))
        inputs = _inputs(rng, n_in, positive=rule in ("log", "pow"))
        program = []
        while sum(step[0] == rule for step in program) < max(1, n_ops // 3):
            program = random_program(
                rng, inputs, n_ops, [rule, "add", "mul"], [0.5, 0.25, 0.25], recent=0.6 if k % 2 else 0.9
            )
        out.append(_case(program, inputs))
    return out


def _chain(n_links, k):
    """A deep chain over ``k`` inputs: v ← v·x_j + x_j, ``n_links`` times."""
    program, last = [], 0
    for link in range(n_links):
        j = link % k
        program.append(["mul", last, j])
        program.append(["add", k + len(program) - 1, j])
        last = k + len(program) - 1
    return program


def backward_cases(rng: np.random.Generator, n_cases: int = 10) -> list[Case]:
    """Graphs of add and mul with fan-out and diamonds, and deep chains (up to 300 nodes)."""
    out = []
    for k in range(n_cases):
        n_in = int(rng.integers(2, 5))
        inputs = [float(v) for v in np.round(rng.uniform(-1.0, 1.0, n_in), 3)]
        if k % 3 == 2:
            program = _chain(int(rng.integers(40, 150)), n_in)
        else:
            program = random_program(
                rng, inputs, int(rng.integers(6, 40)), ["add", "mul"], recent=[0.3, 0.6][k % 2]
            )
        out.append(_case(program, inputs))
    return out


# --- the specs ----------------------------------------------------------------------------------------

_SIGNATURE = "{}(program, inputs)"
PART = "∂out/∂inputs"
"""The one graded part: the gradient with respect to every input, an array."""


def _slipped(rule, local=None, overwrite=False, chain=True):
    """A wrong answer: the reference engine with one rule's backward changed, walked on the tape."""
    slip = {rule: (local or LOCAL[rule], overwrite, chain)}
    return lambda program, inputs: gradients(program, inputs, "tape", slip)


_ACC_HINT = (
    "a value used by several operations receives a gradient from each of them: add yours to "
    "what its .grad already holds"
)
_CHAIN_HINT = (
    "the chain rule: what a node passes to its operand is its local partial times the gradient "
    "that arrived at the node itself"
)


def _common(rule):
    return (
        Mistake(ACCUMULATE, _slipped(rule, overwrite=True), {PART: _ACC_HINT}),
        Mistake(NO_CHAIN, _slipped(rule, chain=False), {PART: _CHAIN_HINT}),
    )


_RULE_MISTAKES = {
    "sub": (
        Mistake(
            SUB_SIGN,
            _slipped("sub", lambda out, a, b: (1.0, 1.0)),
            {PART: "when the second operand grows, a − b shrinks: its local partial is negative"},
        ),
    ),
    "pow": (
        Mistake(
            POW_FACTOR,
            _slipped("pow", lambda out, a, c: (a ** (c - 1),)),
            {PART: "the power rule brings the old exponent down in front as a factor"},
        ),
        Mistake(
            POW_DECREMENT,
            _slipped("pow", lambda out, a, c: (c * a**c,)),
            {PART: "the power rule lowers the exponent by one"},
        ),
    ),
    "exp": (
        Mistake(
            EXP_INPUT,
            _slipped("exp", lambda out, a: (a,)),
            {PART: "differentiate e^a with respect to a: the result is not a itself"},
        ),
    ),
    "log": (
        Mistake(
            AT_OUTPUT,
            _slipped("log", lambda out, a: (1.0 / out,)),
            {PART: "the derivative of ln u depends on its argument u, not on the value ln u"},
        ),
    ),
    "tanh": (
        Mistake(
            AT_INPUT,
            _slipped("tanh", lambda out, a: (1.0 - a**2,)),
            {PART: "tanh′ is a function of tanh's output, not of its input (chapter 5)"},
        ),
        Mistake(
            TANH_NO_SQUARE,
            _slipped("tanh", lambda out, a: (1.0 - out,)),
            {PART: "derive tanh′ again from tanh = sinh/cosh with the quotient rule"},
        ),
    ),
    "sigmoid": (
        Mistake(
            AT_INPUT,
            _slipped("sigmoid", lambda out, a: (a * (1.0 - a),)),
            {PART: "σ′ can be written with σ's output alone; the input a is not what goes in"},
        ),
        Mistake(
            SIGMOID_ONLY,
            _slipped("sigmoid", lambda out, a: (out,)),
            {PART: "differentiate 1/(1 + e^(−a)) with the chain rule: two factors appear"},
        ),
    ),
}

_FORBIDDEN = {
    "sub": ["-out.grad", "-1*out.grad", "-1.0*out.grad"],
    "pow": ["c*a.data**(c-1)", "c*self.data**(c-1)", "c·a^(c−1)", "c*x**(c-1)", "ca^{c-1}"],
    "exp": ["out.data*out.grad", "math.exp(a.data)*out.grad", "e^a*out.grad", "exp(a)*out.grad"],
    "log": ["1/a.data", "out.grad/a.data", "1/x", "1/a"],
    "tanh": ["1-out.data**2", "1-t**2", "1−tanh²", "1-a**2", "1-tanh(a)**2"],
    "sigmoid": ["out.data*(1-out.data)", "s*(1-s)", "σ(1−σ)", "σ(a)(1−σ(a))", "sigmoid(a)*(1-sigmoid(a))"],
}

_PUBLIC = {
    "sub": [
        ([["sub", 0, 1]], [2.0, 0.5]),
        ([["sub", 0, 0]], [1.5]),
        ([["sub", 0, 1], ["mul", 2, 0], ["sub", 3, 1]], [0.5, -1.0]),
    ],
    "pow": [
        ([["pow", 0, 3.0]], [1.5]),
        ([["pow", 0, 0.5], ["mul", 1, 0]], [2.0]),
        ([["mul", 0, 1], ["pow", 2, -1.0], ["add", 3, 0]], [0.8, 1.25]),
    ],
    "exp": [
        ([["exp", 0]], [0.5]),
        ([["mul", 0, 1], ["exp", 2], ["mul", 3, 0]], [0.7, -0.4]),
        ([["exp", 0], ["exp", 1], ["add", 2, 1]], [-0.3]),
    ],
    "log": [
        ([["log", 0]], [2.0]),
        ([["mul", 0, 0], ["log", 1], ["mul", 2, 0]], [1.5]),
        ([["add", 0, 1], ["log", 2], ["add", 3, 0]], [0.5, 1.2]),
    ],
    "tanh": [
        ([["tanh", 0]], [0.5]),
        ([["mul", 0, 1], ["tanh", 2], ["mul", 3, 0]], [0.6, -1.1]),
        ([["tanh", 0], ["tanh", 1], ["add", 2, 1]], [0.8]),
    ],
    "sigmoid": [
        ([["sigmoid", 0]], [0.3]),
        ([["mul", 0, 1], ["sigmoid", 2], ["mul", 3, 1]], [1.2, -0.5]),
        ([["sigmoid", 0], ["sigmoid", 1], ["add", 1, 2]], [-0.7]),
    ],
}


def _rule_spec(rule):
    name = f"grad_{rule}"
    return Spec(
        name=name,
        signature=_SIGNATURE.format(name),
        parts=(PART,),
        layout="array",
        reference=lambda program, inputs: gradients(program, inputs, "tape"),
        public=lambda: [_case(p, x) for p, x in _PUBLIC[rule]],
        hidden=lambda rng: rule_cases(rng, rule),
        mistakes=_RULE_MISTAKES[rule] + _common(rule),
        derived=rule != "tanh",  # tanh′ is derived in chapter 5
        forbidden={PART: _FORBIDDEN[rule]},
    )


_ORDER_HINTS = {
    NO_VISITED: "a node reachable along two paths must appear once in the order: remember the nodes "
    "already placed",
    NOT_REVERSED: "every node must pass its gradient on, and only after the nodes that use it: walk the "
    "whole order, from the output back to the inputs",
    NO_SEED: "∂out/∂out is the first gradient of the pass; the others are all built from it",
    NOT_TOPOLOGICAL: "a node may pass its gradient on only once every node that uses it has added its "
    "share: order the nodes so that each comes after all of its users",
}


def _order_mistake(label, order):
    return Mistake(
        label, lambda program, inputs: gradients(program, inputs, order), {PART: _ORDER_HINTS[label]}
    )


_BACKWARD_PUBLIC = [
    ([["mul", 0, 1], ["add", 2, 0]], [2.0, 3.0]),
    ([["mul", 0, 0], ["mul", 0, 1], ["add", 2, 3], ["mul", 4, 1]], [1.5, -0.5]),
    ([["add", 0, 1], ["mul", 2, 0], ["mul", 2, 1], ["add", 3, 4], ["mul", 5, 2]], [0.5, 1.0]),
    (_chain(30, 2), [0.9, -0.3]),
]

BACKWARD = Spec(
    name="gradients_of",
    signature=_SIGNATURE.format("gradients_of"),
    parts=(PART,),
    layout="array",
    reference=gradients,
    public=lambda: [_case(p, x) for p, x in _BACKWARD_PUBLIC],
    hidden=backward_cases,
    mistakes=(
        _order_mistake(NO_VISITED, "no visited"),
        _order_mistake(NOT_REVERSED, "not reversed"),
        _order_mistake(NO_SEED, "no seed"),
        _order_mistake(NOT_TOPOLOGICAL, "bfs"),
        _order_mistake(NOT_TOPOLOGICAL, "preorder"),
    ),
    points=(2, 4),
    forbidden={PART: ["reversed(topo)", "build_topo", "visited.add", "topo.append"]},
)

SPECS = [_rule_spec(rule) for rule in RULES] + [BACKWARD]
