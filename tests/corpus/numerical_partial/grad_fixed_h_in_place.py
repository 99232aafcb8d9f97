# source: github.com/t-suzuki-shl/0_start_ai_170928 — src/05_nn/33_grad.py
# expect: IGNORED_H | INT_POINT
# why: the step is fixed (h = 1e-4) whatever h is passed, and the gradient array is
#      np.zeros_like(x), an int array for an int point, where x[i] = t + h is also cut back.
#      The adapter turns the point into an array (the code needs x.size) and picks entry i.
import numpy as np


def grad(f, x):
    h = 1e-4
    y = np.zeros_like(x)
    for i in range(x.size):
        t = x[i]
        x[i] = t + h
        ya = f(x)
        x[i] = t - h
        yb = f(x)
        y[i] = (ya - yb) / (2 * h)
        x[i] = t
    return y


def numerical_partial(f, point, i, h=1e-5):
    return grad(f, np.asarray(point))[i]
