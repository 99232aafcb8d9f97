# source: written for review — ridge_gradient/penalty_without_2
# expect: REG_FACTOR
# why: lam·w for the partial of lam‖w‖²: the power rule's 2 forgotten on the penalty only.
import numpy as np


def ridge_gradient(w, b, X, y, lam):
    r = X @ w + b - y
    return 2 * X.T @ r / len(y) + lam * w, float(2 * np.mean(r))
