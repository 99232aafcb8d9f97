# source: written for review — fit_ridge/one_step_short
# expect: OFF_BY_ONE
# why: range(steps − 1): one update too few.
import numpy as np


def _partials(w, b, x, y, lam):
    r = y - (w * x + b)
    return -2 * np.mean(x * r) + 2 * lam * w, -2 * np.mean(r)


def fit_ridge(x, y, lam, lr=0.1, steps=500):
    x, y = np.asarray(x, float), np.asarray(y, float)
    w = b = 0.0
    for _ in range(steps - 1):
        dw, db = _partials(w, b, x, y, lam)
        w, b = w - lr * dw, b - lr * db
    return w, b
