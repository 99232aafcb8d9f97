# source: written for review — momentum_ridge/plain_descent
# expect: NO_MOMENTUM
# why: no velocity at all: plain gradient descent with lr.
import numpy as np


def _partials(w, b, x, y, lam):
    r = y - (w * x + b)
    return -2 * np.mean(x * r) + 2 * lam * w, -2 * np.mean(r)


def momentum_ridge(x, y, lam, lr=0.05, beta=0.9, steps=200):
    x, y = np.asarray(x, float), np.asarray(y, float)
    w = b = 0.0
    for _ in range(steps):
        dw, db = _partials(w, b, x, y, lam)
        w, b = w - lr * dw, b - lr * db
    return w, b
