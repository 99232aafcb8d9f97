# source: written for review — fit_logistic/no_x_in_dw
# expect: NEUTRAL | CHAIN
# why: ∂J/∂w written mean(p − y): the factor x of ∂z/∂w forgotten.
import numpy as np


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def fit_logistic(x, y, lr=0.5, steps=300):
    x, y = np.asarray(x, float), np.asarray(y, float)
    w = b = 0.0
    for _ in range(steps):
        p = _sigmoid(w * x + b)
        w, b = w - lr * np.mean(p - y), b - lr * np.mean(p - y)
    return w, b
