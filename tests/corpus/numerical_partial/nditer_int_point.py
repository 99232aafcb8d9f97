# source: github.com/eliben/deep-learning-samples — gradients/numgrad.py
# expect: INT_POINT
# why: the cs231n loop changes x in place and restores it; on an int point np.asarray keeps
#      ints, so oldval ± h is cut back to oldval and the int grad array stores 0.
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


def numerical_partial(f, point, i, h=1e-5):
    return eval_numerical_gradient(f, np.asarray(point), h=h)[i]
