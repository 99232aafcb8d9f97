# source: github.com/0Kelvins/cs231n-assignment — assignment1/cs231n/classifiers/neural_net.py
# expect: ACTIVATION
# why: a right softmax + cross-entropy backward pass for the course it was written for, whose
#      hidden layer is ReLU: here the hidden layer is tanh. Called with reg = 0 (no penalty here).
import numpy as np


def loss(params, X, y=None, reg=0.0):
    W1, b1 = params["W1"], params["b1"]
    W2, b2 = params["W2"], params["b2"]
    N, D = X.shape
    f = lambda X, W, b: X @ W + b
    m_scores = f(X, W1, b1)
    m_scores = np.maximum(0, m_scores)
    scores = f(m_scores, W2, b2)
    if y is None:
        return scores
    shift_scores = scores - np.max(scores, axis=1).reshape(-1, 1)
    softmax_output = np.exp(shift_scores) / np.sum(np.exp(shift_scores), axis=1).reshape(-1, 1)
    value = -np.sum(np.log(softmax_output[range(N), list(y)]))
    value = value / N + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    grads = {}
    dscores = softmax_output.copy()
    dscores[range(N), list(y)] -= 1
    dscores /= N
    grads["W2"] = m_scores.T.dot(dscores) + reg * W2
    grads["b2"] = np.sum(dscores, axis=0)
    dh = dscores.dot(W2.T)
    dh_relu = (m_scores > 0) * dh
    grads["W1"] = X.T.dot(dh_relu) + reg * W1
    grads["b1"] = np.sum(dh_relu, axis=0)
    return value, grads


def net_backward(params, X, y):
    return loss(params, X, y, reg=0.0)[1]
