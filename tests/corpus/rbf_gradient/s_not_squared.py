# source: written for review — rbf_gradient/s_not_squared
# expect: CONSTANT_POWER
# why: divides by s where s² is due (it was labelled 'wrong variable' before: misleading, s is not differentiated).
import numpy as np


def rbf_gradient(x, c, s):
    x, c = np.asarray(x, float), np.asarray(c, float)
    k = np.exp(-np.sum((x - c) ** 2) / (2 * s**2))
    return -(x - c) / s * k
