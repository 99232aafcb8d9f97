# source: written for review — quadratic_gradient/as_if_symmetric
# expect: SYMMETRIC
# why: 2Ax: the symmetric case's shortcut on a non-symmetric A.
import numpy as np


def quadratic_gradient(A, x):
    return 2 * np.asarray(A, float) @ np.asarray(x, float)
