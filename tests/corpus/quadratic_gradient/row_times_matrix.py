# source: written for review — quadratic_gradient/row_times_matrix
# expect: ONE_TERM
# why: x @ A: only the terms where xₖ is the column index.
import numpy as np


def quadratic_gradient(A, x):
    return np.asarray(x, float) @ np.asarray(A, float)
