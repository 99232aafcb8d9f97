# source: github.com/KrikunovEV/study — ML/Backprop.py
# expect: NEUTRAL | ACTIVATION | NO_SOFTMAX
# why: a sigmoid hidden layer, no biases, and a linear output (it fits a regression): ŷ = σ(X·W1)·W2.
import numpy as np


def net_forward(params, X):
    h = 1 / (1 + np.exp(-X.dot(params["W1"])))
    return h.dot(params["W2"])
