# source: github.com/0Kelvins/cs231n-assignment — assignment1/cs231n/classifiers/neural_net.py
# expect: ACTIVATION
# why: its forward pass (fc, ReLU, fc) and, from its loss, the shifted softmax of the scores:
#      a ReLU hidden layer where this network has tanh.
import numpy as np


def net_forward(params, X):
    W1, b1 = params["W1"], params["b1"]
    W2, b2 = params["W2"], params["b2"]
    f = lambda X, W, b: X @ W + b
    m_scores = f(X, W1, b1)
    m_scores = np.maximum(0, m_scores)
    scores = f(m_scores, W2, b2)
    shift_scores = scores - np.max(scores, axis=1).reshape(-1, 1)
    return np.exp(shift_scores) / np.sum(np.exp(shift_scores), axis=1).reshape(-1, 1)
