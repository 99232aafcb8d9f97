# source: written for review — net_backward/labels_subtracted
# expect: ONE_HOT
# why: P − y[:, None]: the class indices subtracted from every column, not a one-hot row.
import numpy as np


def _softmax(Z, axis=1):
    E = np.exp(Z - Z.max(axis=axis, keepdims=True))
    return E / E.sum(axis=axis, keepdims=True)


def _backward(params, X, y, n_divide=True, one_hot=True, act_prime=None, bias_mean=False):
    A = np.tanh(X @ params["W1"] + params["b1"])
    n = len(y)
    P = _softmax(A @ params["W2"] + params["b2"])
    if one_hot:
        P[np.arange(n), y] -= 1
    else:
        P = P - y[:, None]
    dZ2 = P / n if n_divide else P
    dZ1 = dZ2 @ params["W2"].T * (act_prime(A) if act_prime else 1 - A**2)
    bias = (lambda G: G.mean(axis=0)) if bias_mean else (lambda G: G.sum(axis=0))
    return {"W1": X.T @ dZ1, "b1": bias(dZ1), "W2": A.T @ dZ2, "b2": bias(dZ2)}


def net_backward(params, X, y):
    return _backward(params, X, y, one_hot=False)
