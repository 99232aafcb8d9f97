# source: github.com/juliosocher/Deep-Learning-Applied-Math-02 — src/numeric_derivation.py
# expect: RIGHT
# why: the repository's central difference, applied to each coordinate with our h.
import numpy as np


def derive(f, x, h=0.00001):
    return (f(x + h) - f(x - h)) / (2 * h)


def gradient(f, point, h=1e-5):
    x = np.array(point, dtype=float)
    out = np.zeros(len(x))
    for i in range(len(x)):
        e = np.zeros(len(x))
        e[i] = 1.0
        out[i] = derive(lambda t: f(x + t * e), 0.0, h)
    return out
