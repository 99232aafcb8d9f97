# source: written for review — rbf_gradient/exponential_dropped
# expect: OUTER
# why: only the inner derivative: the factor e^{…} of the outer function is missing.
import numpy as np


def rbf_gradient(x, c, s):
    x, c = np.asarray(x, float), np.asarray(c, float)
    return -(x - c) / s**2
