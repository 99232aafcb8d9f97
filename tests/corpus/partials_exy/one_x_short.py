# source: written for review — partials_exy/one_x_short
# expect: CHAIN
# why: ∂f/∂y written x·e^{xy}: the inner derivative x of e^{xy} is missing, the front x kept.
import numpy as np


def partials_exy(x, y):
    e = np.exp(x * y)
    return (1 + x * y) * e, x * e
