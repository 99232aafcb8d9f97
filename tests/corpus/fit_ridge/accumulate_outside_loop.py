# source: github.com/junedSI/DS_Fromt_scratch — Linear_Reg.py
# expect: NEUTRAL | DIVERGED | NO_REG
# why: its gd step uses only the last point (the += lines sit after the loop) and adds the
#      b-partial with the wrong sign; repeated `steps` times with our lr.
#      Written for plain least squares: lam is taken and never used, as by a student who
#      forgot the penalty's partial (lam·w² has one).
import numpy as np


def gd(m_now, b_now, xs, ys, L):
    m_gradient = 0
    b_gradient = 0
    n = len(xs)
    for i in range(n):
        x = xs[i]
        y = ys[i]
    m_gradient += -(2 / n) * x * (y - (m_now * x + b_now))
    b_gradient += (2 / n) * (y - (m_now * x + b_now))
    m = m_now - m_gradient * L
    b = b_now - b_gradient * L
    return m, b


def fit_ridge(xs, ys, lam, lr=0.1, steps=500):
    m = b = 0.0
    for _ in range(steps):
        m, b = gd(m, b, xs, ys, lr)
    return m, b
