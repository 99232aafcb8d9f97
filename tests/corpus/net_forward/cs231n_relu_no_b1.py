# source: github.com/123liuziming/cs231n-2019 — assignment1/cs231n/classifiers/neural_net.py
# expect: NEUTRAL | ACTIVATION
# why: ReLU and no b1 in the hidden layer, then its loss's softmax (no max shift).
import numpy as np


def net_forward(params, X):
    h_output = np.maximum(0, np.dot(X, params["W1"]))
    scores = np.dot(h_output, params["W2"]) + params["b2"]
    return np.exp(scores) / np.sum(np.exp(scores), axis=1).reshape(-1, 1)
