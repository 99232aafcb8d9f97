# source: github.com/sg23600/ML_from_scratch — linear.py
# expect: NO_REG
# why: its two partial functions (−2/N · Σ …), driven by an update loop from (0, 0) that is the
#      adapter's (the file has no loop); b is updated before m, but m's partial is already computed.
#      Written for plain least squares: lam is taken and never used, as by a student who
#      forgot the penalty's partial (lam·w² has one).
import numpy as np


def get_gradient_at_b(x, y, m, b):
    diff = 0
    N = len(x)
    for i in range(N):
        diff += y[i] - (m * x[i] + b)
    return (-2 / N) * diff


def get_gradient_at_m(x, y, m, b):
    diff = 0
    N = len(x)
    for i in range(N):
        diff += x[i] * (y[i] - (m * x[i] + b))
    return (-2 / N) * diff


def fit_ridge(xs, ys, lam, lr=0.1, steps=500):
    m = b = 0
    for _ in range(steps):
        b_gradient = get_gradient_at_b(xs, ys, m, b)
        m_gradient = get_gradient_at_m(xs, ys, m, b)
        b = b - lr * b_gradient
        m = m - lr * m_gradient
    return m, b
