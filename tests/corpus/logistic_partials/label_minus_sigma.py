# source: written for review — logistic_partials/label_minus_sigma
# expect: SIGN
# why: y − σ for σ − y: both partials have the wrong sign.
import numpy as np


def logistic_partials(w, b, x, y):
    s = 1 / (1 + np.exp(-(w * x + b)))
    return (y - s) * x, y - s
