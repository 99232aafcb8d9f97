# source: github.com/KrikunovEV/study — ML/Backprop.py
# expect: NEUTRAL | ACTIVATION
# why: a sigmoid hidden layer and no biases at all: ŷ = σ(X·W1)·W2.
import numpy as np


def mlp_forward(params, X):
    h = 1 / (1 + np.exp(-X.dot(params["W1"])))
    return h.dot(params["W2"])
