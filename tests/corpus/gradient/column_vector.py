# source: github.com/v-nayjack/NonLinearOpt — VJ_Assignment3/Gradient.py
# expect: SHAPE
# why: right central differences (their tol is the step, so h is passed as tol), but the result
#      is reshaped to a column g[:, np.newaxis] of shape (n, 1).
import numpy as np


def _gradient(F, x0, tol=1e-8):
    X_k = np.copy(x0)
    N = len(X_k)
    h = np.eye(N) * tol
    g = np.zeros(N)
    for i in range(N):
        H = np.copy(h[i, :])
        g[i] = (F(X_k + H) - F(X_k - H)) / (2 * tol)
    return g[:, np.newaxis]


def gradient(f, point, h=1e-5):
    return _gradient(f, point, tol=h)
