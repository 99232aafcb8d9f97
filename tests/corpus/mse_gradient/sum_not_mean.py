# source: github.com/StKyr/NKUA-teaching-topics — SGD/code_samples/sgd_linear_regression_minimal.py
# expect: MEAN
# why: the partials of the sum of squares: Σ −2x(y − ŷ) and Σ −2(y − ŷ), n times ours.
import numpy as np


def mse_gradient(w, b, xs, ys):
    predictions = w * xs + b
    grad_w = sum(-2 * xs * (ys - predictions))
    grad_b = sum(-2 * (ys - predictions))
    return np.array([grad_w, grad_b])
