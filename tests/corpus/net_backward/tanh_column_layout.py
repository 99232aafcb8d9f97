# source: github.com/sourabh-burnwal/ML — nn_backprop.py
# expect: RIGHT
# why: the tanh-layer backward pass of a well-known course (dZ2 = A2 − Y, 1/m, 1 − A1²): with A2
#      the softmax output and Y one-hot it is exactly the mean cross-entropy gradient. The adapter
#      gives it the column layout it expects and the one-hot Y; it computes the forward values.
import numpy as np


def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    dZ2 = A2 - Y
    dW2 = 1 / m * np.dot(dZ2, A1.T)
    db2 = 1 / m * np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
    dW1 = 1 / m * np.dot(dZ1, X.T)
    db1 = 1 / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def net_backward(params, X, y):
    W1, b1, W2, b2 = params["W1"].T, params["b1"][:, None], params["W2"].T, params["b2"][:, None]
    Xc = X.T
    A1 = np.tanh(W1 @ Xc + b1)
    Z2 = W2 @ A1 + b2
    E = np.exp(Z2 - Z2.max(axis=0))
    A2 = E / E.sum(axis=0)
    Y = np.zeros_like(A2)
    Y[y, np.arange(len(y))] = 1.0
    g = backward_propagation({"W2": W2}, {"A1": A1, "A2": A2}, Xc, Y)
    return {"W1": g["dW1"].T, "b1": g["db1"].ravel(), "W2": g["dW2"].T, "b2": g["db2"].ravel()}
