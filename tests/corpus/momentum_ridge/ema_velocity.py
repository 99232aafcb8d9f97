# source: written for review — momentum_ridge/ema_velocity
# expect: MOMENTUM_EMA
# why: v ← βv + (1 − β)g: the other book's convention.
import numpy as np


def _partials(w, b, x, y, lam):
    r = y - (w * x + b)
    return -2 * np.mean(x * r) + 2 * lam * w, -2 * np.mean(r)


def momentum_ridge(x, y, lam, lr=0.05, beta=0.9, steps=200):
    x, y = np.asarray(x, float), np.asarray(y, float)
    w = b = vw = vb = 0.0
    for _ in range(steps):
        dw, db = _partials(w, b, x, y, lam)
        vw, vb = beta * vw + (1 - beta) * dw, beta * vb + (1 - beta) * db
        w, b = w - lr * vw, b - lr * vb
    return w, b
