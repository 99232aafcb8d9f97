# source: github.com/thomasnield/oreilly_intro_to_mathematical_optimization — code/section_5/example_5_3.py
# expect: NO_REG
# why: the book example's loop, L and epochs replaced by lr and steps.
#      Written for plain least squares: lam is taken and never used, as by a student who
#      forgot the penalty's partial (lam·w² has one).
import numpy as np


def fit_ridge(xs, ys, lam, lr=0.1, steps=500):
    m = 0.0
    b = 0.0
    n = float(len(xs))
    for i in range(steps):
        Y_pred = m * xs + b
        D_m = (-2 / n) * sum(xs * (ys - Y_pred))
        D_b = (-2 / n) * sum(ys - Y_pred)
        m = m - lr * D_m
        b = b - lr * D_b
    return m, b
