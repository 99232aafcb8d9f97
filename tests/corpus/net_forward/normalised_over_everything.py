# source: written for review — net_forward/normalised_over_everything
# expect: NEUTRAL | WRONG_AXIS
# why: E / E.sum(): one sum over the whole batch, not one per row.
import numpy as np


def net_forward(params, X):
    A = np.tanh(X @ params["W1"] + params["b1"])
    E = np.exp(A @ params["W2"] + params["b2"])
    return E / E.sum()
