# source: github.com/rurusasu/Python — AI/NeuralNet/test_dobot/common/gradient.py
# expect: RAISED
# why: tmp_val = [idx] makes a list, so tmp_val + h raises a TypeError (and fx1/fx2 are undefined).
import numpy as np


def gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    for idx in range(x.size):
        tmp_val = [idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fx1 - fx2) / (2 * h)  # noqa: F821 (as in the source)
        x[idx] = tmp_val
    return grad


def numerical_partial(f, point, i, h=1e-5):
    return gradient(f, np.asarray(point, dtype=float))[i]
