# source: github.com/paudelsamir/365DaysOfData — 01-Supervised-Learning/code/day13_Linear_regression_python.py
# expect: FACTOR
# why: the course this follows defines J = (1/2m)·Σ(f − y)², so its partials have no 2: half of
#      ours (mean of the squares). Loop over examples, divide by m; returned as an array.
import numpy as np


def compute_gradient(x, y, w, b):
    m = x.shape[0]
    dj_dw = 0
    dj_db = 0
    for i in range(m):
        f_wb = w * x[i] + b
        dj_dw += (f_wb - y[i]) * x[i]
        dj_db += f_wb - y[i]
    return dj_dw / m, dj_db / m


def mse_gradient(w, b, xs, ys):
    return np.array(compute_gradient(xs, ys, w, b))
