# source: written for review — logistic_gradient/sum_for_mean
# expect: MEAN
# why: X.T @ (p − y) and sum(p − y) without dividing by n.
import numpy as np


def logistic_gradient(w, b, X, y):
    p = 1 / (1 + np.exp(-(X @ w + b)))
    return X.T @ (p - y), float(np.sum(p - y))
