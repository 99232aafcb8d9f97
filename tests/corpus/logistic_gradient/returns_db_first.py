# source: github.com/Silva-6/stanford-machine_learning — 00-supervised_learning/practice_lab/compute_gradient_logistic.py
# expect: SWAPPED | TYPE | SHAPE
# why: the mean logistic-loss gradient, looped over examples and features, right in itself, but
#      returned as (dj_db, dj_dw): the scalar first, the vector second.
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def compute_gradient(X, y, w, b, *argv):
    m, n = X.shape
    dj_dw = np.zeros(w.shape)
    dj_db = 0.0
    for i in range(m):
        z_i = np.dot(X[i], w) + b
        f_wb = sigmoid(z_i)
        dj_db += f_wb - y[i]
        for j in range(n):
            dj_dw[j] = dj_dw[j] + (f_wb - y[i]) * X[i][j]
    dj_dw = dj_dw / m
    dj_db = dj_db / m
    return dj_db, dj_dw


def logistic_gradient(w, b, X, y):
    return compute_gradient(X, y, np.asarray(w, dtype=float), b)
