# source: github.com/t-suzuki-shl/0_start_ai_170928 — src/05_nn/33_grad.py
# expect: IGNORED_H | INT_POINT
# why: h = 1e-4 fixed inside; zeros_like(x) and x[i] = t + h on an int point lose the step.
import numpy as np


def grad(f, x):
    h = 1e-4
    y = np.zeros_like(x)
    for i in range(x.size):
        t = x[i]
        x[i] = t + h
        ya = f(x)
        x[i] = t - h
        yb = f(x)
        y[i] = (ya - yb) / (2 * h)
        x[i] = t
    return y


def gradient(f, point, h=1e-5):
    return grad(f, np.asarray(point))
