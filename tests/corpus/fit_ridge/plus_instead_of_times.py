# source: github.com/shrey-0407/ML_CODE — aug_GRARDIENTDESCENT.py
# expect: DIVERGED | IGNORED_ARGS | NEUTRAL
# why: ŷ = m + b (x forgotten), bd uses x too, the update is m − lr + md (a + for a ×, so it
#      climbs the gradient with step 1), and 100 iterations and lr = 0.001 are fixed.
#      Written for plain least squares: lam is taken and never used, as by a student who
#      forgot the penalty's partial (lam·w² has one).
import numpy as np


def fit_ridge(xs, ys, lam, lr=0.1, steps=500):
    x, y = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    m_curr = b_curr = 0
    iteeration = 100
    n = len(x)
    learning_rate = 0.001
    for i in range(iteeration):
        y_predict = m_curr + b_curr
        md = -(2 / n) * sum(x * (y - y_predict))
        bd = -(2 / n) * sum(x * (y - y_predict))
        m_curr = m_curr - learning_rate + md
        b_curr = b_curr - learning_rate + bd
    return m_curr, b_curr
