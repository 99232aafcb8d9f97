# source: github.com/kamucomecats/D_Learning — experiments/grad.py
# expect: IGNORED_H
# why: float copies (ints are safe) but the step is fixed at 1e-4.
import numpy as np


def _gradient(f, x):
    x = x.astype(np.float64)
    grad = np.zeros_like(x)
    h = 1e-4
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        i = it.multi_index
        tmp = x[i]
        xh1 = x.copy()
        xh1[i] = tmp + h
        xh2 = x.copy()
        xh2[i] = tmp - h
        grad[i] = (f(xh1) - f(xh2)) / (2 * h)
        it.iternext()
    return grad


def gradient(f, point, h=1e-5):
    return _gradient(f, np.asarray(point))
