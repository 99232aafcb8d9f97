# source: written for review — numerical_partial/step_in_the_code
# expect: IGNORED_H
# why: the step is written 1e-4 in the code, whatever h is given.
import numpy as np


def numerical_partial(f, point, i, h=1e-5):
    x = np.array(point, dtype=float)
    e = np.zeros_like(x)
    e[i] = 1e-4
    return (f(x + e) - f(x - e)) / 2e-4
