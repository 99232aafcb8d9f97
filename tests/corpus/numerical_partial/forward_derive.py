# source: github.com/rashika-dabas/Tensors-Implementation — numeric_derivation.py
# expect: FORWARD
# why: the one-variable derivative is the forward quotient (f(x + h) − f(x)) / h; the adapter
#      applies it along coordinate i and passes our h (the repository's default was 0.001).
import numpy as np


def derive(f, x, h=0.001):
    return (f(x + h) - f(x)) / h


def numerical_partial(f, point, i, h=1e-5):
    x = np.array(point, dtype=float)

    def along(t):
        v = x.copy()
        v[i] = t
        return f(v)

    return derive(along, x[i], h)
