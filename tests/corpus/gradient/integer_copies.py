# source: written for review — gradient/integer_copies
# expect: INT_POINT
# why: np.array(point) keeps an integer point's dtype: x[i] += h is lost.
import numpy as np


def gradient(f, point, h=1e-5):
    x = np.array(point)
    g = np.zeros(len(x))
    for i in range(len(x)):
        x_plus, x_minus = x.copy(), x.copy()
        x_plus[i] += h
        x_minus[i] -= h
        g[i] = (f(x_plus) - f(x_minus)) / (2 * h)
    return g
