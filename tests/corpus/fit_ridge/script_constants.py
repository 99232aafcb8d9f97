# source: github.com/vishalk2899/Machine-Learning — gradient.py
# expect: NO_REG
# why: the script's loop with its constants lr and epoch made the arguments and its data the inputs.
#      Written for plain least squares: lam is taken and never used, as by a student who
#      forgot the penalty's partial (lam·w² has one).
import numpy as np


def fit_ridge(xs, ys, lam, lr=0.1, steps=500):
    m = 0
    c = 0
    n = len(xs)
    for i in range(steps):
        y_pred = xs * m + c
        dm = (-2 / n) * sum(xs * (ys - y_pred))
        de = (-2 / n) * sum(ys - y_pred)
        m = m - lr * dm
        c = c - lr * de
    return m, c
