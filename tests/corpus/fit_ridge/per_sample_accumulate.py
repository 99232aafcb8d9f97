# source: github.com/arjunan-k/ML_Projects — Gradient_Descent/README.md
# expect: NO_REG
# why: one step accumulates −2·x·(y − ŷ)/N and −2·(y − ŷ)/N over the examples, then updates
#      both; the loop over epochs calls it `steps` times with our lr.
#      Written for plain least squares: lam is taken and never used, as by a student who
#      forgot the penalty's partial (lam·w² has one).
import numpy as np


def gradient_descent(x, y, w, b, learning_rate):
    dldw = 0.0
    dldb = 0.0
    N = x.shape[0]
    for xi, yi in zip(x, y):
        dldw += -2 * xi * (yi - (w * xi + b)) * (1 / N)
        dldb += -2 * (yi - (w * xi + b)) * (1 / N)
    w = w - learning_rate * dldw
    b = b - learning_rate * dldb
    return w, b


def fit_ridge(xs, ys, lam, lr=0.1, steps=500):
    w = 0.0
    b = 0.0
    for epoch in range(steps):
        w, b = gradient_descent(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float), w, b, lr)
    return w, b
