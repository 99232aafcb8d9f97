# source: written for review — ridge_gradient/residual_reversed
# expect: SIGN | NEUTRAL
# why: r = y − ŷ with the + signs kept: the data term's sign flips, the penalty's does not.
import numpy as np


def ridge_gradient(w, b, X, y, lam):
    r = y - (X @ w + b)
    return 2 * X.T @ r / len(y) + 2 * lam * w, float(2 * np.mean(r))
