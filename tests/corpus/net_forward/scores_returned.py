# source: written for review — net_forward/scores_returned
# expect: NO_SOFTMAX
# why: returns the scores Z2: the softmax forgotten.
import numpy as np


def net_forward(params, X):
    A = np.tanh(X @ params["W1"] + params["b1"])
    return A @ params["W2"] + params["b2"]
