# source: github.com/sourabh-burnwal/ML — nn_backprop.py
# expect: FACTOR
# why: the course's backward pass (dZ2 = A2 − Y, then 1/m) is the gradient of ½·mean squared
#      error for a linear output: half of every partial. The adapter feeds it our network's
#      forward values in the column layout it expects (X of shape (d, n), W1 of shape (h, d)).
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


def mlp_backward(params, X, y):
    Xc, Y = X.T, y[None, :]
    W1, b1, W2, b2 = params["W1"].T, params["b1"][:, None], params["W2"][None, :], params["b2"]
    A1 = np.tanh(W1 @ Xc + b1)
    A2 = W2 @ A1 + b2
    g = backward_propagation({"W1": W1, "W2": W2}, {"A1": A1, "A2": A2}, Xc, Y)
    return {"W1": g["dW1"].T, "b1": g["db1"].ravel(), "W2": g["dW2"].ravel(), "b2": g["db2"].item()}
