# source: written for review — partials_exy/sign_in_exponent
# expect: NEUTRAL
# why: e^{−xy} written for e^{xy}: both partials wrong by a factor that varies with xy, no pattern to name.
import numpy as np


def partials_exy(x, y):
    e = np.exp(-x * y)
    return (1 + x * y) * e, x**2 * e
