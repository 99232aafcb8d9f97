# source: written for review — momentum_ridge/look_ahead
# expect: NEUTRAL
# why: Nesterov's look-ahead gradient where the heavy ball is asked for.
import numpy as np


def _partials(w, b, x, y, lam):
    r = y - (w * x + b)
    return -2 * np.mean(x * r) + 2 * lam * w, -2 * np.mean(r)


def momentum_ridge(x, y, lam, lr=0.05, beta=0.9, steps=200):
    x, y = np.asarray(x, float), np.asarray(y, float)
    w = b = vw = vb = 0.0
    for _ in range(steps):
        dw, db = _partials(w - lr * beta * vw, b - lr * beta * vb, x, y, lam)
        vw, vb = beta * vw + dw, beta * vb + db
        w, b = w - lr * vw, b - lr * vb
    return w, b
