# source: written for review — ridge_gradient/bias_per_sample
# expect: SHAPE
# why: ∂J/∂b left as the n per-example terms, not summed.
import numpy as np


def ridge_gradient(w, b, X, y, lam):
    r = X @ w + b - y
    return 2 * X.T @ r / len(y) + 2 * lam * w, 2 * r / len(y)
