# source: github.com/kennyjung0223/neural_networks — xor_nn.py
# expect: RAISED
# why: the gradient dict refers to dw2 where dW2 was computed, and m is not defined in the
#      function: a NameError. Column layout and one-hot Y given by the adapter.
import numpy as np


def backward_prop(X, Y, cache, parameters):
    A1 = cache["A1"]
    A2 = cache["A2"]
    W2 = parameters["W2"]
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T) / m  # noqa: F821 (as in the source)
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m  # noqa: F821
    dZ1 = np.multiply(np.dot(W2.T, dZ2), 1 - np.power(A1, 2))
    dW1 = np.dot(dZ1, X.T) / m  # noqa: F821
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m  # noqa: F821
    return {"dW1": dW1, "db1": db1, "dW2": dw2, "db2": db2}  # noqa: F821


def net_backward(params, X, y):
    W1, b1, W2, b2 = params["W1"].T, params["b1"][:, None], params["W2"].T, params["b2"][:, None]
    A1 = np.tanh(W1 @ X.T + b1)
    Z2 = W2 @ A1 + b2
    A2 = np.exp(Z2) / np.exp(Z2).sum(axis=0)
    Y = np.eye(A2.shape[0])[:, y]
    g = backward_prop(X.T, Y, {"A1": A1, "A2": A2}, {"W2": W2})
    return {"W1": g["dW1"].T, "b1": g["db1"].ravel(), "W2": g["dW2"].T, "b2": g["db2"].ravel()}
