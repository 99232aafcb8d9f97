# source: github.com/eugenekim3107/deep-learning-from-scratch — mlp/Layer.py, mlp/activationLayer.py, mlp/losses.py
# expect: RAISED | NEUTRAL
# why: dense, tanh, dense layers (right), then the softmax of its cross-entropy: exp(z) divided
#      by np.sum(exp(z), axis=1) without keepdims, which broadcasts the n row sums along the K
#      columns: an error when n ≠ K, wrong values when n = K.
import numpy as np


def dense_forward(input_data, weights, bias):
    return np.dot(input_data, weights) + bias


def net_forward(params, X):
    hidden = np.tanh(dense_forward(X, params["W1"], params["b1"]))
    y_pred = dense_forward(hidden, params["W2"], params["b2"])
    return np.exp(y_pred) / np.sum(np.exp(y_pred), axis=1)
