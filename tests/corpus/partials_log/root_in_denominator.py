# source: written for review — partials_log/root_in_denominator
# expect: NEUTRAL
# why: divides by √(x² + y²) instead of x² + y²: a ratio that varies with the radius.
import numpy as np


def partials_log(x, y):
    r = np.sqrt(x**2 + y**2)
    return 2 * x / r, 2 * y / r
