# source: written for review — net_backward/sigmoid_derivative
# expect: ACT_PRIME
# why: A(1 − A) for tanh′: the sigmoid's derivative.
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
    return _backward(params, X, y, lambda A: A * (1 - A))
