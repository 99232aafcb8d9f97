# source: written for review — net_forward/no_max_shift
# expect: RIGHT
# why: softmax without subtracting the row maximum: the same values at these scores.
import numpy as np


def net_forward(params, X):
    A = np.tanh(X @ params["W1"] + params["b1"])
    E = np.exp(A @ params["W2"] + params["b2"])
    return E / E.sum(axis=1, keepdims=True)
