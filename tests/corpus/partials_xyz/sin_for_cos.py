# source: written for review — partials_xyz/sin_for_cos
# expect: NEUTRAL | TRIG
# why: d sin/du taken as sin: ∂g/∂x and ∂g/∂z wrong, no detector has this pattern.
import numpy as np


def partials_xyz(x, y, z):
    s = np.sin(x * z)
    return y * z + z * s, x * z + 2 * y, x * y + x * s
