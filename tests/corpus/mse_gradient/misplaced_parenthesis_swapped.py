# source: github.com/codinglab42/regression — utils/models/computeGradient.py
# expect: NEUTRAL
# why: (f_wb − y[i]·x[i]) multiplies only y by x, and the function returns (dj_db, dj_dw): two
#      mistakes at once (plus the ½ convention), which no single pattern explains.
import numpy as np


def compute_gradient(x, y, w, b):
    m = x.shape[0]
    dj_dw = 0
    dj_db = 0
    for i in range(m):
        f_wb = w * x[i] + b
        dj_dw += f_wb - y[i] * x[i]
        dj_db += f_wb - y[i]
    return dj_db / m, dj_dw / m


def mse_gradient(w, b, xs, ys):
    return np.array(compute_gradient(xs, ys, w, b))
