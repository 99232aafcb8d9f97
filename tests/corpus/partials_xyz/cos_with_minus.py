# source: written for review — partials_xyz/cos_with_minus
# expect: TRIG
# why: d sin/du taken as −cos.
import numpy as np


def partials_xyz(x, y, z):
    c = -np.cos(x * z)
    return y * z + z * c, x * z + 2 * y, x * y + x * c
