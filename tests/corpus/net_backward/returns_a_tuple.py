# source: written for review — net_backward/returns_a_tuple
# expect: TYPE
# why: the four gradients in a tuple, not a dict.
import numpy as np


def _softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def _backward(params, X, y, act_prime):
    A = np.tanh(X @ params["W1"] + params["b1"])
    n = len(y)
    dZ2 = _softmax(A @ params["W2"] + params["b2"])
    dZ2[np.arange(n), y] -= 1
    dZ2 /= n
    dZ1 = dZ2 @ params["W2"].T * act_prime(A)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A.T @ dZ2, "b2": dZ2.sum(axis=0)}


def net_backward(params, X, y):
    g = _backward(params, X, y, lambda A: 1 - A**2)
    return g["W1"], g["b1"], g["W2"], g["b2"]
