# source: written for review — net_forward/relu_layer
# expect: ACTIVATION
# why: a ReLU hidden layer where the network has tanh.
import numpy as np


def _softmax(Z, axis=1):
    E = np.exp(Z - Z.max(axis=axis, keepdims=True))
    return E / E.sum(axis=axis, keepdims=True)


def net_forward(params, X):
    A = np.maximum(0, X @ params["W1"] + params["b1"])
    return _softmax(A @ params["W2"] + params["b2"])
