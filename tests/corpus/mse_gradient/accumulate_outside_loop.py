# source: github.com/junedSI/DS_Fromt_scratch — Linear_Reg.py
# expect: NEUTRAL
# why: the += lines sit after the loop (only the last point counts) and the b-partial has lost
#      its minus sign: no single pattern; the neutral message must say where to look.
import numpy as np


def mse_gradient(w, b, xs, ys):
    m_gradient = 0
    b_gradient = 0
    n = len(xs)
    for i in range(n):
        x = xs[i]
        y = ys[i]
    m_gradient += -(2 / n) * x * (y - (w * x + b))
    b_gradient += (2 / n) * (y - (w * x + b))
    return np.array([m_gradient, b_gradient])
