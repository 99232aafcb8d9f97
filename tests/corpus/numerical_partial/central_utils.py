# source: github.com/Lautaro-Go/backend_api_modelado — utils/derivative.py
# expect: RIGHT
# why: the same central difference (default h 1e-6), called with our h along coordinate i.
import numpy as np


def numerical_derivative(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_partial(f, point, i, h=1e-5):
    x0 = np.array(point, dtype=float)

    def g(t):
        x = x0.copy()
        x[i] = t
        return f(x)

    return numerical_derivative(g, x0[i], h=h)
