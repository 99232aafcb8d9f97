# source: written for review — fit_ridge/learning_rate_in_code
# expect: IGNORED_ARGS
# why: 0.1 written in the update instead of lr (steps used): right only where lr is the default.
import numpy as np


def _partials(w, b, x, y, lam):
    r = y - (w * x + b)
    return -2 * np.mean(x * r) + 2 * lam * w, -2 * np.mean(r)


def fit_ridge(x, y, lam, lr=0.1, steps=500):
    x, y = np.asarray(x, float), np.asarray(y, float)
    w = b = 0.0
    for _ in range(steps):
        dw, db = _partials(w, b, x, y, lam)
        w, b = w - 0.1 * dw, b - 0.1 * db
    return w, b
