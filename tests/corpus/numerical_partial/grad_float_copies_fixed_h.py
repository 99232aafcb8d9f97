# source: github.com/kamucomecats/D_Learning — experiments/grad.py
# expect: IGNORED_H
# why: converts to float64 and works on copies (so ints are safe), but h = 1e-4 is fixed.
import numpy as np


def gradient(f, x):
    x = x.astype(np.float64)
    grad = np.zeros_like(x)
    h = 1e-4
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        i = it.multi_index
        tmp = x[i]
        xh1 = x.copy()
        xh1[i] = tmp + h
        fxh1 = f(xh1)
        xh2 = x.copy()
        xh2[i] = tmp - h
        fxh2 = f(xh2)
        grad[i] = (fxh1 - fxh2) / (2 * h)
        it.iternext()
    return grad


def numerical_partial(f, point, i, h=1e-5):
    return gradient(f, np.asarray(point))[i]
