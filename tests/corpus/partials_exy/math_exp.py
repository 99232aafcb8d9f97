# source: written for review — partials_exy/math_exp
# expect: SCALAR_ONLY
# why: math.exp works on one number: right on scalars, raises on arrays.
import math

import numpy as np


def partials_exy(x, y):
    e = math.exp(x * y)
    return (1 + x * y) * e, x**2 * e
