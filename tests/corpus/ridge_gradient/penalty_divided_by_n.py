# source: written for review — ridge_gradient/penalty_divided_by_n
# expect: NEUTRAL
# why: (2Xᵀr + 2·lam·w)/n: the penalty, not a mean, is divided by n too.
import numpy as np


def ridge_gradient(w, b, X, y, lam):
    r = X @ w + b - y
    return (2 * X.T @ r + 2 * lam * w) / len(y), float(2 * np.mean(r))
