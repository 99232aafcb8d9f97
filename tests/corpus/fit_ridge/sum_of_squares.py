# source: github.com/StKyr/NKUA-teaching-topics — SGD/code_samples/sgd_linear_regression_minimal.py
# expect: DIVERGED | MEAN | NO_REG
# why: the partials of the sum (not the mean) of squares: with our learning rates the step is
#      n times too large and the iterates blow up. Start from 0 instead of a random point.
#      Written for plain least squares: lam is taken and never used, as by a student who
#      forgot the penalty's partial (lam·w² has one).
import numpy as np


def fit_ridge(xs, ys, lam, lr=0.1, steps=500):
    w = 0.0
    b = 0.0
    for i in range(steps):
        predictions = w * xs + b
        grad_w = sum(-2 * xs * (ys - predictions))
        grad_b = sum(-2 * (ys - predictions))
        w = w - lr * grad_w
        b = b - lr * grad_b
    return w, b
