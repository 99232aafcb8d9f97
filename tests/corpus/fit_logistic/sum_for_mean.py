# source: written for review — fit_logistic/sum_for_mean
# expect: MEAN | DIVERGED
# why: np.sum for np.mean in both partials.
import numpy as np


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def fit_logistic(x, y, lr=0.5, steps=300):
    x, y = np.asarray(x, float), np.asarray(y, float)
    w = b = 0.0
    for _ in range(steps):
        p = _sigmoid(w * x + b)
        w, b = w - lr * np.sum((p - y) * x), b - lr * np.sum(p - y)
    return w, b
