# source: github.com/Pranavsenthil25/ML_Project — utils/linear_utils.py
# expect: NEUTRAL | LR_SCALE | NO_REG
# why: descent on J = Σ(f − y)²/2m: its gradient is half of ours, so every step is as if the
#      learning rate were halved.
#      Written for plain least squares: lam is taken and never used, as by a student who
#      forgot the penalty's partial (lam·w² has one).
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


def gradient_descent(x, y, w_in, b_in, alpha, num_iters):
    w = w_in
    b = b_in
    for i in range(num_iters):
        dj_dw, dj_db = compute_gradient(x, y, w, b)
        w -= alpha * dj_dw
        b -= alpha * dj_db
    return w, b


def fit_ridge(xs, ys, lam, lr=0.1, steps=500):
    return gradient_descent(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float), 0.0, 0.0, lr, steps)
