# source: written for review — numerical_partial/divides_by_h
# expect: FACTOR
# why: central difference divided by h, not by the 2h between the two points: twice the expected.
import numpy as np


def numerical_partial(f, point, i, h=1e-5):
    x = np.array(point, dtype=float)
    e = np.zeros_like(x)
    e[i] = h
    return (f(x + e) - f(x - e)) / h
