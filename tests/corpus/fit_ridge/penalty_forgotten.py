# source: written for review — fit_ridge/penalty_forgotten
# expect: NO_REG
# why: descends plain least squares: the penalty's partial is never added.
import numpy as np


def _partials(w, b, x, y, lam):
    r = y - (w * x + b)
    return -2 * np.mean(x * r) + 2 * lam * w, -2 * np.mean(r)


def fit_ridge(x, y, lam, lr=0.1, steps=500):
    x, y = np.asarray(x, float), np.asarray(y, float)
    w = b = 0.0
    for _ in range(steps):
        dw, db = _partials(w, b, x, y, 0.0)
        w, b = w - lr * dw, b - lr * db
    return w, b
