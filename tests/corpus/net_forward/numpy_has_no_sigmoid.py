# source: github.com/kennyjung0223/neural_networks — xor_nn.py
# expect: RAISED
# why: np.sigmoid does not exist (AttributeError); the output layer also multiplies X, not A1.
import numpy as np


def forward_prop(X, parameters):
    Z1 = np.dot(parameters["W1"], X) + parameters["b1"]
    A1 = np.tanh(Z1)
    Z2 = np.dot(parameters["W2"], X) + parameters["b2"]
    A2 = np.sigmoid(Z2)
    return A2, {"A1": A1, "A2": A2}


def net_forward(params, X):
    p = {"W1": params["W1"].T, "b1": params["b1"][:, None], "W2": params["W2"].T, "b2": params["b2"][:, None]}
    A2, _ = forward_prop(X.T, p)
    return A2.T
