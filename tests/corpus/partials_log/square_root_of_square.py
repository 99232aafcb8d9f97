# source: written for review — partials_log/square_root_of_square
# expect: NEUTRAL
# why: √(y²) for y: right where y > 0 only.
import numpy as np


def partials_log(x, y):
    r = x**2 + y**2
    return 2 * x / r, 2 * np.sqrt(y**2) / r
