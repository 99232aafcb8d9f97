# source: github.com/123liuziming/cs231n-2019 — assignment1/cs231n/classifiers/neural_net.py
# expect: NEUTRAL | ACTIVATION
# why: ReLU hidden layer whose forward pass forgets b1 (np.dot(X, W1) alone), softmax without the
#      max shift; two differences at once. reg = 0.
import numpy as np


def loss(params, X, y=None, reg=0.0):
    W1, b1 = params["W1"], params["b1"]
    W2, b2 = params["W2"], params["b2"]
    N, D = X.shape
    h_output = np.maximum(0, np.dot(X, W1))
    scores = np.dot(h_output, W2) + b2
    if y is None:
        return scores
    grads = {}
    d_softmax = np.exp(scores) / np.sum(np.exp(scores), axis=1).reshape(-1, 1)
    d_softmax[range(N), y] -= 1
    d_softmax /= N
    grads["W2"] = np.dot(h_output.T, d_softmax) + reg * W2
    grads["b2"] = np.sum(d_softmax, axis=0)
    dh = np.dot(d_softmax, W2.T)
    dh_relu = (h_output > 0) * dh
    grads["W1"] = np.dot(X.T, dh_relu) + reg * W1
    grads["b1"] = np.sum(dh_relu, axis=0)
    return None, grads


def net_backward(params, X, y):
    return loss(params, X, y, reg=0.0)[1]
