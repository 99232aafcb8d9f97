# source: github.com/juliosocher/Deep-Learning-Applied-Math-02 — src/numeric_derivation.py
# expect: RIGHT
# why: a central difference in one variable, applied along coordinate i with our h.
import numpy as np


def derive(f, x, h=0.00001):
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_partial(f, point, i, h=1e-5):
    x = np.array(point, dtype=float)

    def along(t):
        v = x.copy()
        v[i] = t
        return f(v)

    return derive(along, x[i], h)
