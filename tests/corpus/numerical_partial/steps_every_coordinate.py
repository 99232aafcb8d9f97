# source: written for review — numerical_partial/steps_every_coordinate
# expect: NEUTRAL
# why: adds h to every coordinate: a directional derivative along (1, …, 1), not a partial.
import numpy as np


def numerical_partial(f, point, i, h=1e-5):
    x = np.array(point, dtype=float)
    return (f(x + h) - f(x - h)) / (2 * h)
