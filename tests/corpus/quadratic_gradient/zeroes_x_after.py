# source: written for review — quadratic_gradient/zeroes_x_after
# expect: MUTATED
# why: right value, but x is overwritten in place (reused as a work array).
import numpy as np


def quadratic_gradient(A, x):
    A = np.asarray(A, float)
    out = A @ x + A.T @ x
    x[...] = 0
    return out
