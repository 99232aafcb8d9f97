# source: written for review — momentum_ridge/lr_inside_velocity
# expect: RIGHT
# why: v ← βv − lr·g, θ ← θ + v: the same iterates as the chapter's form, written the other way.
import numpy as np


def _partials(w, b, x, y, lam):
    r = y - (w * x + b)
    return -2 * np.mean(x * r) + 2 * lam * w, -2 * np.mean(r)


def momentum_ridge(x, y, lam, lr=0.05, beta=0.9, steps=200):
    x, y = np.asarray(x, float), np.asarray(y, float)
    w = b = vw = vb = 0.0
    for _ in range(steps):
        dw, db = _partials(w, b, x, y, lam)
        vw, vb = beta * vw - lr * dw, beta * vb - lr * db
        w, b = w + vw, b + vb
    return w, b
