# source: written for review — partials_log/power_rule_factor_lost
# expect: FACTOR
# why: the 2 of d(x²)/dx dropped: both partials half the expected ones.
import numpy as np


def partials_log(x, y):
    r = x**2 + y**2
    return x / r, y / r
