# source: github.com/LiquidLittle/DeepLearningMathA2 — numeric_derivation.py
# expect: RIGHT
# why: central difference stored in a local before returning; its default h (1e-4) is replaced
#      by the h we pass, as a caller would.
import numpy as np


def derive(f, x, h=0.0001):
    answer = (f(x + h) - f(x - h)) / (2 * h)
    return answer


def numerical_partial(f, point, i, h=1e-5):
    base = np.array(point, dtype=float)
    step = np.zeros(len(base))
    step[i] = 1.0
    return derive(lambda t: f(base + t * step), 0.0, h)
