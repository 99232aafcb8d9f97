# source: github.com/rashika-dabas/Tensors-Implementation — numeric_derivation.py
# expect: FORWARD
# why: the repository's forward quotient, applied to each coordinate in turn with our h.
import numpy as np


def derive(f, x, h=0.001):
    return (f(x + h) - f(x)) / h


def gradient(f, point, h=1e-5):
    x = np.array(point, dtype=float)
    out = np.zeros(len(x))
    for i in range(len(x)):
        e = np.zeros(len(x))
        e[i] = 1.0
        out[i] = derive(lambda t: f(x + t * e), 0.0, h)
    return out
