# source: github.com/rurusasu/Python — AI/NeuralNet/test_dobot/common/gradient.py
# expect: RAISED
# why: tmp_val = [idx] is a list: tmp_val + h raises a TypeError before anything is computed.
import numpy as np


def _gradient(f, x):
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


def gradient(f, point, h=1e-5):
    return _gradient(f, np.asarray(point, dtype=float))
