# source: github.com/eugenekim3107/deep-learning-from-scratch — mlp/Layer.py, mlp/activationLayer.py
# expect: RIGHT
# why: dense layer (x·W + b), tanh activation layer, dense layer, chained as the network does.
import numpy as np


def dense_forward(input_data, weights, bias):
    return np.dot(input_data, weights) + bias


def mlp_forward(params, X):
    hidden = np.tanh(dense_forward(X, params["W1"], params["b1"]))
    return dense_forward(hidden, params["W2"], params["b2"])
