# source: written for review — ridge_gradient/half_convention
# expect: HALF
# why: the data term differentiated as if J had a ½ in front.
import numpy as np


def ridge_gradient(w, b, X, y, lam):
    r = X @ w + b - y
    return X.T @ r / len(y) + 2 * lam * w, float(np.mean(r))
