# source: written for review — net_forward/softmax_over_examples
# expect: WRONG_AXIS
# why: softmax normalised down the columns (axis=0), over the examples.
import numpy as np


def _softmax(Z, axis=1):
    E = np.exp(Z - Z.max(axis=axis, keepdims=True))
    return E / E.sum(axis=axis, keepdims=True)


def net_forward(params, X):
    A = np.tanh(X @ params["W1"] + params["b1"])
    return _softmax(A @ params["W2"] + params["b2"], axis=0)
