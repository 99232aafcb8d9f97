# source: written for review — numerical_partial/steps_the_callers_array
# expect: MUTATED
# why: np.asarray of a float array is the caller's array: stepping it in place leaves it changed by rounding.
import numpy as np


def numerical_partial(f, point, i, h=1e-5):
    x = np.asarray(point, dtype=float)
    x[i] += h
    f_plus = f(x)
    x[i] -= 2 * h
    f_minus = f(x)
    return (f_plus - f_minus) / (2 * h)
