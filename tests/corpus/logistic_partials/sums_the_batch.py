# source: written for review — logistic_partials/sums_the_batch
# expect: SCALAR_ONLY
# why: sums over x and y arrays where one value per example is due: right on scalars only.
import numpy as np


def logistic_partials(w, b, x, y):
    s = 1 / (1 + np.exp(-(w * x + b)))
    return np.sum((s - y) * x), np.sum(s - y)
