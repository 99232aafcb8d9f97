# source: written for review — momentum_ridge/velocity_never_decays
# expect: NEUTRAL
# why: v ← v + g: β never multiplies the velocity.
import numpy as np


def _partials(w, b, x, y, lam):
    r = y - (w * x + b)
    return -2 * np.mean(x * r) + 2 * lam * w, -2 * np.mean(r)


def momentum_ridge(x, y, lam, lr=0.05, beta=0.9, steps=200):
    x, y = np.asarray(x, float), np.asarray(y, float)
    w = b = vw = vb = 0.0
    for _ in range(steps):
        dw, db = _partials(w, b, x, y, lam)
        vw, vb = vw + dw, vb + db
        w, b = w - lr * vw, b - lr * vb
    return w, b
