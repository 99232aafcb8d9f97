"""Problem set 4, backpropagation (chapters 5 and 7): a tanh layer and a softmax over K ≥ 3 classes."""

import numpy as np

from ...student import labels as L
from ...student import mistakes as M
from ...student.problems import UNCHANGED, Case
from ..spec import Mistake, Spec

KEYS = ("W1", "b1", "W2", "b2")


def _softmax(Z, axis=1):
    E = np.exp(Z - Z.max(axis=axis, keepdims=True))
    return E / E.sum(axis=axis, keepdims=True)


def net_forward(params, X):
    """Class probabilities P (n, K) of the tanh + softmax network."""
    A = np.tanh(X @ params["W1"] + params["b1"])
    return _softmax(A @ params["W2"] + params["b2"])


def net_backward(params, X, y):
    """The gradient of the mean cross-entropy, same keys and shapes as ``params``."""
    A = np.tanh(X @ params["W1"] + params["b1"])
    n = len(y)
    dZ2 = _softmax(A @ params["W2"] + params["b2"])
    dZ2[np.arange(n), y] -= 1
    dZ2 /= n
    dZ1 = dZ2 @ params["W2"].T * (1 - A**2)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A.T @ dZ2, "b2": dZ2.sum(axis=0)}


def _params(rng, d, h, k):
    return {
        "W1": np.round(rng.normal(0, 0.8, (d, h)), 3),
        "b1": np.round(rng.normal(0, 0.3, h), 3),
        "W2": np.round(rng.normal(0, 0.8, (h, k)), 3),
        "b2": np.round(rng.normal(0, 0.3, k), 3),
    }


def _net_case(rng, d, h, n, k, with_y):
    X = np.round(rng.normal(0, 1, (n, d)), 3)
    y = rng.integers(0, k, n).astype(np.int64)
    args = (_params(rng, d, h, k), X) + ((y,) if with_y else ())
    return Case(args, {}, f"X of shape ({n}, {d}), {h} hidden units, {k} classes")


_PUBLIC_SHAPES = [(2, 3, 4, 3), (3, 4, 6, 4)]


def _public(with_y):
    def build():
        rng = np.random.default_rng(4)  # public cases: shown to students with their answers
        return [_net_case(rng, *shape, with_y) for shape in _PUBLIC_SHAPES]

    return build


def _hidden(with_y):
    def build(rng):
        shapes = [
            (
                int(rng.integers(1, 6)),
                int(rng.integers(2, 8)),
                int(rng.integers(3, 13)),
                int(rng.choice([3, 4, 5])),
            )
            for _ in range(10)
        ]
        return [_net_case(rng, *shape, with_y) for shape in shapes]

    return build


def _forward_with(params, X, act=np.tanh, b1=True, axis=1, softmax=True):
    A = act(X @ params["W1"] + (params["b1"] if b1 else 0))
    Z = A @ params["W2"] + params["b2"]
    return _softmax(Z, axis) if softmax else Z


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


_MUTATED = "never change params, X or y in place (X -= …, params['W1'] -= …): work on new arrays"

NET_FORWARD = Spec(
    name="net_forward",
    signature="net_forward(params, X)",
    parts=("P", UNCHANGED),
    layout="array",
    reference=net_forward,
    public=_public(False),
    hidden=_hidden(False),
    mistakes=(
        Mistake(
            L.WRONG_AXIS,
            lambda p, X: _forward_with(p, X, axis=0),
            {"P": "each row is one example: its K probabilities must sum to 1"},
        ),
        Mistake(
            L.NO_SOFTMAX,
            lambda p, X: _forward_with(p, X, softmax=False),
            {"P": "the output layer's scores become probabilities through a softmax"},
        ),
        Mistake(
            M.NO_TANH,
            lambda p, X: _forward_with(p, X, act=lambda z: z),
            {"P": "the hidden layer applies tanh to its pre-activation"},
        ),
        Mistake(
            L.ACTIVATION,
            lambda p, X: _forward_with(p, X, act=_sigmoid),
            {"P": "the hidden units are tanh units, not sigmoid ones"},
        ),
        Mistake(
            M.DROPPED,
            lambda p, X: _forward_with(p, X, b1=False),
            {"P": "the hidden pre-activation includes its bias"},
        ),
    ),
    points=(1, 1),
    hints={M.MUTATED: _MUTATED},
    derived=False,
    forbidden={"P": ["np.exp(Z)/np.exp(Z).sum(axis=1,keepdims=True)", "np.tanh(X@W1+b1)@W2+b2"]},
)


def _backward_with(params, X, y, tanh_prime=lambda Z1, A: 1 - A**2, mean=True):
    Z1 = X @ params["W1"] + params["b1"]
    A = np.tanh(Z1)
    n = len(y)
    dZ2 = _softmax(A @ params["W2"] + params["b2"])
    dZ2[np.arange(n), y] -= 1
    dZ2 /= n if mean else 1
    dZ1 = dZ2 @ params["W2"].T * tanh_prime(Z1, A)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A.T @ dZ2, "b2": dZ2.sum(axis=0)}


def _no_one_hot(params, X, y):
    """P − y broadcast along the rows (labels not turned into one-hot rows)."""
    A = np.tanh(X @ params["W1"] + params["b1"])
    dZ2 = (_softmax(A @ params["W2"] + params["b2"]) - y[:, None]) / len(y)
    dZ1 = dZ2 @ params["W2"].T * (1 - A**2)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A.T @ dZ2, "b2": dZ2.sum(axis=0)}


_BACK_TANH = "going back through the hidden layer, multiply by tanh's derivative at each unit"
_TANH_AT = "tanh′ is best written with the activation A = tanh(Z1), not with Z1 itself"
_ONE_HOT = "the label picks one class per row: compare P with a one-hot row, not with the label's number"

NET_BACKWARD = Spec(
    name="net_backward",
    signature="net_backward(params, X, y)",
    parts=("∂J/∂W1", "∂J/∂b1", "∂J/∂W2", "∂J/∂b2", UNCHANGED),
    layout="dict",
    keys=KEYS,
    reference=net_backward,
    public=_public(True),
    hidden=_hidden(True),
    mistakes=(
        Mistake(
            L.TANH_PRIME,
            lambda p, X, y: _backward_with(p, X, y, lambda Z1, A: 1.0),
            {"∂J/∂W1": _BACK_TANH, "∂J/∂b1": _BACK_TANH},
        ),
        Mistake(
            L.TANH_AT_Z,
            lambda p, X, y: _backward_with(p, X, y, lambda Z1, A: 1 - Z1**2),
            {"∂J/∂W1": _TANH_AT, "∂J/∂b1": _TANH_AT},
        ),
        Mistake(
            L.ACT_PRIME,
            lambda p, X, y: _backward_with(p, X, y, lambda Z1, A: A * (1 - A)),
            {
                "∂J/∂W1": "that is the sigmoid's derivative: the hidden units are tanh",
                "∂J/∂b1": "that is the sigmoid's derivative: the hidden units are tanh",
            },
        ),
        Mistake(
            M.MEAN,
            lambda p, X, y: _backward_with(p, X, y, mean=False),
            {
                k: "J is a mean over the batch: so is every partial"
                for k in ("∂J/∂W1", "∂J/∂b1", "∂J/∂W2", "∂J/∂b2")
            },
        ),
        Mistake(L.ONE_HOT, _no_one_hot, {k: _ONE_HOT for k in ("∂J/∂W1", "∂J/∂b1", "∂J/∂W2", "∂J/∂b2")}),
    ),
    points=(2, 6),
    batch_arg=1,
    hints={
        M.MUTATED: _MUTATED,
        M.FACTOR: "the cross-entropy has no square, so no power-rule 2 or ½: check that the mean's 1/n "
        "enters once, and that no other constant creeps in",
    },
    forbidden={
        "∂J/∂W1": ["X.T@dZ1", "Xᵀ(dZ2W2ᵀ⊙(1-A²))", "X.T@(dZ2@W2.T*(1-A**2))", "1-A**2", "1-a²"],
        "∂J/∂b1": ["dZ1.sum(axis=0)", "(dZ2@W2.T*(1-A**2)).sum(axis=0)", "1-A**2", "1-a²"],
        "∂J/∂W2": ["A.T@dZ2", "Aᵀ(P-Y)/n", "A.T@(P-Y)/n"],
        "∂J/∂b2": ["dZ2.sum(axis=0)", "(P-Y).sum(axis=0)/n", "(P-Y).mean(axis=0)"],
    },
)

SPECS = [NET_FORWARD, NET_BACKWARD]
