# source: written for review — gradient/loop_one_short
# expect: NEUTRAL
# why: range(len(x) − 1): the last partial stays 0.
import numpy as np


def gradient(f, point, h=1e-5):
    x = np.array(point, dtype=float)
    g = np.zeros(len(x))
    for i in range(len(x) - 1):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g
