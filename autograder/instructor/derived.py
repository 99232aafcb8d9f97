"""Wrong answers derived from any spec's reference by changing one thing (instructor side).

Some mistakes cannot be told from the numbers alone: one update too many, a learning rate in
effect halved or doubled, a step h fixed in the code, a ReLU where the network has tanh, tanh′
taken at the activation's output. Each is the reference (or one of the spec's typical mistakes)
computed with that one thing changed, so ``mistakes(spec)`` derives them for any problem: from its
signature (an ``lr``, ``steps`` or ``h`` argument) and, for a network, from a build of the reference
as a function of its hidden activation (``ACTIVATION_BUILDS``). ``key`` stores their values after the
spec's own mistakes (which win when both match).
"""

from collections.abc import Callable

import numpy as np

from ..student import labels as L
from ..student import mistakes as M
from .spec import Mistake, Spec

__all__ = [
    "ACTIVATIONS",
    "ACTIVATION_BUILDS",
    "FIXED_STEPS",
    "defaults",
    "argument_mistakes",
    "fixed_step_mistakes",
    "activation_mistakes",
    "mistakes",
]

FIXED_STEPS = (1e-3, 1e-4, 1e-5, 1e-6)
"""Steps students write into their code (1e-4 and 1e-5 are the usual textbook choices)."""


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


ACTIVATIONS = {
    "tanh": (np.tanh, lambda z, a: 1 - a**2),
    "sigmoid": (_sigmoid, lambda z, a: a * (1 - a)),
    "ReLU": (lambda z: np.maximum(z, 0.0), lambda z, a: (z > 0).astype(float)),
    "identity": (lambda z: z, lambda z, a: np.ones_like(z)),
}
"""Each activation g as ``(g, g′)``, g′ given both z and a = g(z)."""


def defaults(signature: str) -> dict[str, float | int]:
    """The keyword defaults of a signature, e.g. ``{"lr": 0.1, "steps": 500}``."""
    inside = signature[signature.index("(") + 1 : -1]
    out = {}
    for arg in inside.split(","):
        if "=" in arg:
            name, value = (s.strip() for s in arg.split("="))
            out[name] = int(value) if value.lstrip("-").isdigit() else float(value)
    return out


def _positions(signature):
    inside = signature[signature.index("(") + 1 : -1]
    return [a.split("=")[0].strip() for a in inside.split(",")]


def _changed(fn, signature, name, change):
    """``fn`` with argument ``name`` replaced by ``change(value)`` (its default when not given)."""
    index, default = _positions(signature).index(name), defaults(signature)[name]

    def wrong(*args, **kwargs):
        if len(args) > index:
            args = (*args[:index], change(args[index]), *args[index + 1 :])
        else:
            kwargs = {**kwargs, name: change(kwargs.get(name, default))}
        return fn(*args, **kwargs)

    return wrong


def _all_parts(one, hint):
    return {part: hint for part in one.problem.value_parts}


def argument_mistakes(one: Spec) -> list[Mistake]:
    """One update too few or too many (``steps``); ``lr`` or ``steps`` fixed at its default whatever is
    given; the learning rate halved or doubled (``lr``)."""
    given, out = defaults(one.signature), []
    if "steps" in given:
        for delta, word in ((-1, "fewer"), (1, "more")):
            hint = f"yours matches one update {word}: make exactly `steps` updates (for _ in range(steps))"
            out.append(
                Mistake(
                    M.OFF_BY_ONE,
                    _changed(one.reference, one.signature, "steps", lambda s, d=delta: s + d),
                    _all_parts(one, hint),
                )
            )
    for name in ("lr", "steps"):
        if name in given:
            hint = (
                f"yours matches {name} fixed at its default ({given[name]:g}) whatever {name} is given: "
                f"use the {name} you are given, not a fixed number"
            )
            out.append(
                Mistake(
                    M.IGNORED_ARGS,
                    _changed(one.reference, one.signature, name, lambda v, d=given[name]: d),
                    _all_parts(one, hint),
                )
            )
    if "lr" in given:
        for factor, word in ((0.5, "half"), (2.0, "twice")):
            hint = (
                f"yours moves as if the learning rate were {word} the one given: check the constant in front "
                "of the gradient (a ½ in the loss, the 2 of the power rule)"
            )
            out.append(
                Mistake(
                    M.LR_SCALE,
                    _changed(one.reference, one.signature, "lr", lambda v, f=factor: v * f),
                    _all_parts(one, hint),
                )
            )
    return out


def fixed_step_mistakes(one: Spec) -> list[Mistake]:
    """The reference, and each of the spec's typical mistakes, with the step h fixed whatever h is
    given: the key then holds the reference at other steps, and a forward difference or an integer
    point is still recognised when h is also ignored."""
    if "h" not in defaults(one.signature):
        return []
    out = []
    for h in FIXED_STEPS:
        fixed = lambda v, h=h: h
        hint = f"yours matches a step fixed at h = {h:g}: use the h you are given"
        out.append(
            Mistake(M.IGNORED_H, _changed(one.reference, one.signature, "h", fixed), _all_parts(one, hint))
        )
        for m in one.mistakes:
            if m.label != M.IGNORED_H:
                hints = {
                    part: f"{text} (and the step is fixed at h = {h:g}: use the h you are given)"
                    for part, text in m.hints.items()
                }
                out.append(Mistake(m.label, _changed(m.fn, one.signature, "h", fixed), hints))
    return out


def _softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def _net_forward(g, g_prime):
    return lambda p, X: _softmax(g(X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"])


def _net_backward(g, g_prime):
    """The mean cross-entropy gradient of the softmax network with hidden activation g and g′."""

    def backward(p, X, y):
        Z1 = X @ p["W1"] + p["b1"]
        A = g(Z1)
        n = len(y)
        dZ2 = _softmax(A @ p["W2"] + p["b2"])
        dZ2[np.arange(n), y] -= 1
        dZ2 /= n
        dZ1 = dZ2 @ p["W2"].T * g_prime(Z1, A)
        return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A.T @ dZ2, "b2": dZ2.sum(axis=0)}

    return backward


ACTIVATION_BUILDS = {
    "net_forward": (_net_forward, "tanh", False),
    "net_backward": (_net_backward, "tanh", True),
}
"""Problem → (build, its activation, whether it differentiates): ``build(g, g′)`` is the reference
with hidden activation g (and derivative g′)."""


def activation_mistakes(
    one: Spec, build: Callable[..., Callable[..., object]], right: str = "tanh", backward: bool = True
) -> list[Mistake]:
    """Every other activation in the forward pass (with its own derivative); for a backward pass,
    also the right forward pass with another activation's derivative, or with its own taken at a."""
    g, g_prime = ACTIVATIONS[right]
    out = []
    if backward:
        hint = (
            f"yours matches {right}′ taken at the activation's output a instead of at z: a derivative "
            "written as a function of z must be given z (or be written with a itself)"
        )
        out.append(Mistake(L.TANH_AT_Z, build(g, lambda z, a: g_prime(a, g(a))), _all_parts(one, hint)))
    for name, (h, h_prime) in ACTIVATIONS.items():
        if name == right:
            continue
        hint = f"yours matches a {name} hidden layer: this network's hidden activation is {right}"
        out.append(Mistake(L.ACTIVATION, build(h, h_prime), _all_parts(one, hint)))
        if backward:
            hint = (
                f"yours matches {name}′ in the backward pass: differentiate the activation the forward "
                f"pass uses ({right})"
            )
            out.append(Mistake(L.ACT_PRIME, build(g, h_prime), _all_parts(one, hint)))
    return out


def mistakes(one: Spec) -> list[Mistake]:
    """Every derived wrong answer of the spec ``one``."""
    out = argument_mistakes(one) + fixed_step_mistakes(one)
    if one.name in ACTIVATION_BUILDS:
        build, right, backward = ACTIVATION_BUILDS[one.name]
        out += activation_mistakes(one, build, right, backward)
    return out
