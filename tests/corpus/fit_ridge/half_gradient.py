# source: written for review — fit_ridge/half_gradient
# expect: LR_SCALE | HALF
# why: both partials half the right ones (a ½ convention on the whole loss): descends as if lr were halved.
import numpy as np


def fit_ridge(x, y, lam, lr=0.1, steps=500):
    x, y = np.asarray(x, float), np.asarray(y, float)
    w = b = 0.0
    for _ in range(steps):
        r = y - (w * x + b)
        dw, db = -np.mean(x * r) + lam * w, -np.mean(r)
        w, b = w - lr * dw, b - lr * db
    return w, b
