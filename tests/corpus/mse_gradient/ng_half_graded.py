# source: github.com/MiguelTorresPerez/MachineLearningSpecialization — SupervisedMachineLearning/LinearRegression/exercise2.py
# expect: FACTOR
# why: the same ½-convention gradient written with h = w·x[i] + b and the b-partial first.
import numpy as np


def compute_gradient(x, y, w, b):
    m = x.shape[0]
    dj_dw = 0
    dj_db = 0
    for i in range(m):
        h = w * x[i] + b
        dj_db += h - y[i]
        dj_dw += (h - y[i]) * x[i]
    dj_db = dj_db / m
    dj_dw = dj_dw / m
    return dj_dw, dj_db


def mse_gradient(w, b, xs, ys):
    return np.array(compute_gradient(xs, ys, w, b))
