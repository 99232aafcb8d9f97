# source: github.com/vishwagw/Building-Deep-learning-algorithms-from-scratch — forward_propogation.py
# expect: TYPE | NEUTRAL | ACTIVATION
# why: sigmoid in both layers, no biases, dz2 = a2 − y and σ′ = a(1 − a) in the hidden layer;
#      column layout and one-hot y by the adapter; no bias partials are returned.
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def back_prop(m, w1, w2, z1, a1, z2, a2, y, total_input):
    dz2 = a2 - y
    dw2 = np.dot(dz2, a1.T) / m
    dz1 = np.dot(w2.T, dz2) * a1 * (1 - a1)
    dw1 = np.dot(dz1, total_input.T) / m
    return np.reshape(dw1, w1.shape), np.reshape(dw2, w2.shape)


def net_backward(params, X, y):
    x, w1, w2 = X.T, params["W1"].T, params["W2"].T
    z1 = np.dot(w1, x)
    a1 = sigmoid(z1)
    z2 = np.dot(w2, a1)
    a2 = sigmoid(z2)
    Y = np.eye(w2.shape[0])[:, y]
    dw1, dw2 = back_prop(len(y), w1, w2, z1, a1, z2, a2, Y, x)
    return {"W1": dw1.T, "W2": dw2.T}
