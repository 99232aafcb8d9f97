# source: written for review — gradient/returns_a_list
# expect: TYPE
# why: right partials in a Python list where an array is asked for.
import numpy as np


def gradient(f, point, h=1e-5):
    x = np.array(point, dtype=float)
    out = []
    for i in range(len(x)):
        e = np.zeros_like(x)
        e[i] = h
        out.append((f(x + e) - f(x - e)) / (2 * h))
    return out
