# source: github.com/Pranavsenthil25/ML_Project — utils/linear_utils.py
# expect: FACTOR
# why: compute_gradient of a cost defined as Σ(f − y)² / 2m: half of our partials.
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
