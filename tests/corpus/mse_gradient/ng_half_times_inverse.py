# source: github.com/BMCARDONA/solutions_supervised_machine_learning — module_2/2_computer_gradient.py
# expect: FACTOR
# why: ½ convention again, scaled with *= 1/m at the end.
import numpy as np


def compute_gradient(x, y, w, b):
    m = x.shape[0]
    dj_dw = 0
    dj_db = 0
    for i in range(m):
        prediction_i = w * x[i] + b
        dj_dw += (prediction_i - y[i]) * x[i]
        dj_db += prediction_i - y[i]
    dj_dw *= 1 / m
    dj_db *= 1 / m
    return dj_dw, dj_db


def mse_gradient(w, b, xs, ys):
    return np.array(compute_gradient(xs, ys, w, b))
