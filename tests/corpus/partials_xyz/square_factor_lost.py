# source: written for review — partials_xyz/square_factor_lost
# expect: NEUTRAL
# why: ∂(y²)/∂y written y: ∂g/∂y is off by y, neither a factor nor a constant.
import numpy as np


def partials_xyz(x, y, z):
    c = np.cos(x * z)
    return y * z + z * c, x * z + y, x * y + x * c
