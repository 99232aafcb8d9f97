# source: written for review — rbf_gradient/minus_sign_lost
# expect: SIGN
# why: the minus of the exponent lost: (x − c)/s²·k.
import numpy as np


def rbf_gradient(x, c, s):
    x, c = np.asarray(x, float), np.asarray(c, float)
    k = np.exp(-np.sum((x - c) ** 2) / (2 * s**2))
    return (x - c) / s**2 * k
