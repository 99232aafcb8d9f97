# source: github.com/Lautaro-Go/backend_api_modelado — utils/derivative.py
# expect: RIGHT
# why: the repository's central difference (default h 1e-6), applied to each coordinate with our h.
import numpy as np


def numerical_derivative(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


def gradient(f, point, h=1e-5):
    x0 = np.array(point, dtype=float)
    grad = []
    for i in range(len(x0)):
        def g(t, i=i):
            x = x0.copy()
            x[i] = t
            return f(x)
        grad.append(numerical_derivative(g, x0[i], h=h))
    return np.array(grad)
