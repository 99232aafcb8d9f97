# source: written for review — fit_ridge/sequential_updates
# expect: SEQUENTIAL
# why: b's partial computed after w has moved.
import numpy as np


def _partials(w, b, x, y, lam):
    r = y - (w * x + b)
    return -2 * np.mean(x * r) + 2 * lam * w, -2 * np.mean(r)


def fit_ridge(x, y, lam, lr=0.1, steps=500):
    x, y = np.asarray(x, float), np.asarray(y, float)
    w = b = 0.0
    for _ in range(steps):
        w -= lr * _partials(w, b, x, y, lam)[0]
        b -= lr * _partials(w, b, x, y, lam)[1]
    return w, b
