# source: written for review — partials_log/returns_y_first
# expect: SWAPPED
# why: the two partials returned in the wrong order.
import numpy as np


def partials_log(x, y):
    r = x**2 + y**2
    return 2 * y / r, 2 * x / r
