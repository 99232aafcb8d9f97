# source: written for review — grad_exp/derivative_is_input
# expect: EXP_INPUT
# why: d e^a/da taken as a.
import math

import numpy as np


class Value:
    def __init__(self, data, parents=()):
        self.data, self.grad, self._parents = float(data), 0.0, tuple(parents)
        self._backward = lambda: None

    def __add__(self, other):
        out = Value(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        out = Value(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out


def _unary(a, value, local):
    out = Value(value, (a,))

    def _backward():
        a.grad += local(a, out) * out.grad
    out._backward = _backward
    return out


def _tape(program, inputs, rules):
    nodes = [Value(x) for x in inputs]
    for op, *args in program:
        if op == "add":
            nodes.append(nodes[args[0]] + nodes[args[1]])
        elif op == "mul":
            nodes.append(nodes[args[0]] * nodes[args[1]])
        else:
            nodes.append(rules[op](nodes[args[0]], *args[1:]))
    nodes[-1].grad = 1.0
    for node in reversed(nodes):
        node._backward()
    return np.array([node.grad for node in nodes[:len(inputs)]])


def grad_exp(program, inputs):
    return _tape(program, inputs, {"exp": lambda a: _unary(a, math.exp(a.data), lambda a, out: a.data)})
