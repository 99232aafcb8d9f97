# source: written for review — fit_logistic/lr_twice
# expect: NEUTRAL | LR_SCALE
# why: lr·lr·gradient (the rate applied twice): an effective rate lr², not a fixed ratio.
import numpy as np


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def fit_logistic(x, y, lr=0.5, steps=300):
    x, y = np.asarray(x, float), np.asarray(y, float)
    w = b = 0.0
    for _ in range(steps):
        p = _sigmoid(w * x + b)
        w, b = w - lr * lr * np.mean((p - y) * x), b - lr * lr * np.mean(p - y)
    return w, b
