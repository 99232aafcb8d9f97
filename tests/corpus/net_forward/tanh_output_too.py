# source: github.com/Mohamedsamir9537/cnn — cnn_second_task.py
# expect: NEUTRAL | NO_SOFTMAX
# why: tanh on the output layer as well: tanh(a·W2 + b2), no softmax, so rows are no probabilities.
import numpy as np


def tanh(x):
    return np.tanh(x)


def net_forward(params, X):
    hidden_output = tanh(np.dot(X, params["W1"]) + params["b1"])
    return tanh(np.dot(hidden_output, params["W2"]) + params["b2"])
