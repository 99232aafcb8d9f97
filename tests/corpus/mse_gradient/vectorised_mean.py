# source: github.com/thomasnield/oreilly_intro_to_mathematical_optimization — code/section_5/example_5_3.py
# expect: RIGHT
# why: D_m = (−2/n)·Σ x(y − ŷ), D_b = (−2/n)·Σ(y − ŷ), the two lines of its loop body.
import numpy as np


def mse_gradient(w, b, xs, ys):
    n = float(len(xs))
    Y_pred = w * xs + b
    D_m = (-2 / n) * sum(xs * (ys - Y_pred))
    D_b = (-2 / n) * sum(ys - Y_pred)
    return np.array([D_m, D_b])
