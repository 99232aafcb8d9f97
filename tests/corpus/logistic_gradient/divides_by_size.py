# source: written for review — logistic_gradient/divides_by_size
# expect: NEUTRAL | FACTOR
# why: ∂J/∂w divided by X.size = n·d instead of n: a factor 1/d, constant only within one width.
import numpy as np


def logistic_gradient(w, b, X, y):
    p = 1 / (1 + np.exp(-(X @ w + b)))
    return X.T @ (p - y) / X.size, float(np.mean(p - y))
