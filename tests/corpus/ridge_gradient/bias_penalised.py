# source: written for review — ridge_gradient/bias_penalised
# expect: REG_BIAS
# why: 2·lam·b added to ∂J/∂b: the penalty holds w only.
import numpy as np


def ridge_gradient(w, b, X, y, lam):
    r = X @ w + b - y
    return 2 * X.T @ r / len(y) + 2 * lam * w, float(2 * np.mean(r) + 2 * lam * b)
