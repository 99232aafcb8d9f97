"""Wrong answers derived from a reference by changing one thing (instructor side, never shipped).

Some mistakes cannot be told from the numbers alone: one update too many, a learning rate in
effect doubled, a sigmoid where the network has tanh. They are the reference computed with that one
thing changed. ``variants(name)`` derives them for any problem from its signature (a ``steps`` or
``lr`` argument) and, for networks, from a reference written as a function of its activation
(``ACTIVATION_BUILDS``); ``key`` stores their values like those of ``variants.VARIANTS``.
"""
import numpy as np

from . import reference as ref
from .mistakes import ACTIVATION, ACTIVATION_PRIME, LR_SCALE, OFF_BY_ONE, TANH_AT_Z
from .problems import PROBLEMS
from .variants import Variant

__all__ = ["ACTIVATIONS", "ACTIVATION_BUILDS", "defaults", "argument_variants", "activation_variants",
           "variants"]


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


ACTIVATIONS = {
    "tanh": (np.tanh, lambda z, a: 1 - a**2),
    "sigmoid": (_sigmoid, lambda z, a: a * (1 - a)),
    "ReLU": (lambda z: np.maximum(z, 0.0), lambda z, a: (z > 0).astype(float)),
    "identity": (lambda z: z, lambda z, a: np.ones_like(z)),
}
"""Each activation g as ``(g, g′)`` with g′ given both z and a = g(z)."""


def defaults(problem):
    """The keyword defaults of the signature, e.g. ``{"lr": 0.1, "steps": 1000}``."""
    inside = problem.signature[problem.signature.index("(") + 1 : -1]
    out = {}
    for arg in inside.split(","):
        if "=" in arg:
            name, value = (s.strip() for s in arg.split("="))
            out[name] = int(value) if value.lstrip("-").isdigit() else float(value)
    return out


def _changed(fn, name, default, change):
    """``fn`` with keyword ``name`` replaced by ``change(value)`` (the default when not given)."""
    def wrong(*args, **kwargs):
        return fn(*args, **{**kwargs, name: change(kwargs.get(name, default))})
    return wrong


def _both(problem, hint):
    return {part: hint for part in problem.value_parts}


def argument_variants(problem, fn):
    """One update too few or too many (``steps``); learning rate halved or doubled (``lr``)."""
    given = defaults(problem)
    out = []
    if "steps" in given:
        for delta, word in ((-1, "fewer"), (1, "more")):
            hint = f"yours matches one update {word}: make exactly `steps` updates (for _ in range(steps))"
            out.append(Variant(OFF_BY_ONE, _changed(fn, "steps", given["steps"], lambda s, d=delta: s + d),
                               _both(problem, hint)))
    if "lr" in given:
        for factor, word in ((0.5, "half"), (2.0, "twice")):
            hint = (f"yours moves as if the learning rate were {word} the one given: check the constant in "
                    "front of the gradient (a ½ in the loss, the 2 of the power rule)")
            out.append(Variant(LR_SCALE, _changed(fn, "lr", given["lr"], lambda v, f=factor: v * f),
                               _both(problem, hint)))
    return out


def _mlp_forward(g, g_prime):
    return lambda p, X: g(X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]


def _mlp_backward(g, g_prime):
    """Every partial of the mean squared error with hidden activation g and derivative g′."""
    def backward(p, X, y):
        z = X @ p["W1"] + p["b1"]
        a = g(z)
        delta = 2 * (a @ p["W2"] + p["b2"] - y) / len(y)
        dz = np.outer(delta, p["W2"]) * g_prime(z, a)
        return {"W1": X.T @ dz, "b1": dz.sum(axis=0), "W2": a.T @ delta, "b2": float(delta.sum())}
    return backward


ACTIVATION_BUILDS = {"mlp_forward": (_mlp_forward, "tanh", False), "mlp_backward": (_mlp_backward, "tanh", True)}
"""Problem → (build, its activation, whether it differentiates): ``build(g, g′)`` is the reference
with hidden activation g (and derivative g′)."""


def activation_variants(problem, build, right="tanh", backward=True):
    """Another activation in the forward pass (with its own derivative), and, for a backward pass,
    the right forward pass with another activation's derivative, or with its own taken at a = g(z)."""
    g, g_prime = ACTIVATIONS[right]
    out = []
    if backward:
        hint = (f"yours matches {right}′ taken at the activation's output a instead of at z: a derivative "
                f"written as a function of z must be given z (or written with a itself)")
        out.append(Variant(TANH_AT_Z, build(g, lambda z, a: g_prime(a, g(a))), _both(problem, hint)))
    for name, (h, h_prime) in ACTIVATIONS.items():
        if name in (right, "identity"):  # identity has its own variants (NO_TANH, TANH)
            continue
        hint = f"yours matches a {name} hidden layer: this network's hidden activation is {right}"
        out.append(Variant(ACTIVATION, build(h, h_prime), _both(problem, hint)))
        if not backward:
            continue
        hint = (f"yours matches {name}′ in the backward pass: differentiate the activation the forward "
                f"pass uses ({right}), at its own output")
        out.append(Variant(ACTIVATION_PRIME, build(g, h_prime), _both(problem, hint)))
    return out


def variants(name):
    """Every derived wrong answer of problem ``name``."""
    problem = PROBLEMS[name]
    out = argument_variants(problem, getattr(ref, name))
    if name in ACTIVATION_BUILDS:
        build, right, backward = ACTIVATION_BUILDS[name]
        out += activation_variants(problem, build, right, backward)
    return out
