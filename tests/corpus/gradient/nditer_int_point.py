# source: github.com/eliben/deep-learning-samples — gradients/numgrad.py
# expect: INT_POINT
# why: the cs231n loop on np.asarray(point): an int point keeps ints, ±h is cut back and the
#      zeros_like gradient is an int array.
import numpy as np


def eval_numerical_gradient(f, x, verbose=False, h=1e-5):
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        oldval = x[ix]
        x[ix] = oldval + h
        fxph = f(x)
        x[ix] = oldval - h
        fxmh = f(x)
        x[ix] = oldval
        grad[ix] = (fxph - fxmh) / (2 * h)
        if verbose:
            print(ix, grad[ix])
        it.iternext()
    return grad


def gradient(f, point, h=1e-5):
    return eval_numerical_gradient(f, np.asarray(point), h=h)
