# source: github.com/sg23600/ML_from_scratch — linear.py
# expect: RIGHT
# why: one function per partial, each summing the residuals and scaling by −2/N.
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


def mse_gradient(w, b, xs, ys):
    return np.array([get_gradient_at_m(xs, ys, w, b), get_gradient_at_b(xs, ys, w, b)])
