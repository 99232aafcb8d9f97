# source: github.com/eugenekim3107/deep-learning-from-scratch — mlp/Layer.py, mlp/activationLayer.py, mlp/losses.py
# expect: SHAPE
# why: layer objects written for one sample at a time: the bias error is the output error itself,
#      not summed over the batch, so with a batch of n rows ∂/∂b1 is (n, h) and ∂/∂b2 is (n, 1).
#      The weight errors are right. The adapter chains the three layers' backward rules (without
#      their in-place updates) with W2 as a (h, 1) column and returns W2's error flattened.
import numpy as np


def mse_prime(y_true, y_pred):
    return 2 * (y_pred - y_true) / y_true.size


def dense_backward(inp, weights, output_error):
    input_error = np.dot(output_error, weights.T)
    weights_error = np.dot(inp.T, output_error)
    return input_error, weights_error, output_error


def tanh_prime(x):
    return 1 - np.tanh(x) ** 2


def mlp_backward(params, X, y):
    W2 = params["W2"][:, None]
    z1 = np.dot(X, params["W1"]) + params["b1"]
    a1 = np.tanh(z1)
    out = np.dot(a1, W2) + params["b2"]
    err = mse_prime(y[:, None], out)
    err, dW2, db2 = dense_backward(a1, W2, err)
    err = tanh_prime(z1) * err
    _, dW1, db1 = dense_backward(X, params["W1"], err)
    return {"W1": dW1, "b1": db1, "W2": dW2.ravel(), "b2": db2}
