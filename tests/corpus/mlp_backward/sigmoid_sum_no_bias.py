# source: github.com/KrikunovEV/study — ML/Backprop.py
# expect: TYPE | NEUTRAL | ACTIVATION
# why: a sigmoid hidden layer without biases and a summed squared error (2(ŷ − y), no 1/n);
#      it has no bias partials, so the dict lacks b1 and b2.
import numpy as np


def mlp_backward(params, X, y):
    h = 1 / (1 + np.exp(-X.dot(params["W1"])))
    y_pred = h.dot(params["W2"])
    grad_y_pred = 2.0 * (y_pred - y)
    grad_w2 = h.T.dot(grad_y_pred)
    grad_h = np.outer(grad_y_pred, params["W2"])
    grad_w1 = X.T.dot(grad_h * h * (1 - h))
    return {"W1": grad_w1, "W2": grad_w2}
