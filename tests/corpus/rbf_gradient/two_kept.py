# source: written for review — rbf_gradient/two_kept
# expect: FACTOR
# why: the 2 of 2s² kept after the power rule's 2 cancelled it: half the expected.
import numpy as np


def rbf_gradient(x, c, s):
    x, c = np.asarray(x, float), np.asarray(c, float)
    k = np.exp(-np.sum((x - c) ** 2) / (2 * s**2))
    return -(x - c) / (2 * s**2) * k
