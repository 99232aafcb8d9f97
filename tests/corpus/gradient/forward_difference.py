# source: written for review — gradient/forward_difference
# expect: FORWARD
# why: (f(x + h·eᵢ) − f(x))/h: one-sided.
import numpy as np


def gradient(f, point, h=1e-5):
    x = np.array(point, dtype=float)
    g = np.zeros(len(x))
    for i in range(len(x)):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x)) / h
    return g
