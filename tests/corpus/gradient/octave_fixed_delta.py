# source: github.com/rudrapoudel/hello_ml — stanford-tutorials/common/computeNumericalGradient.m
# expect: IGNORED_H
# why: Octave port: perturbation vector, central difference, delta = 1e-4 fixed.
import numpy as np


def gradient(f, point, h=1e-5):
    theta = np.array(point, dtype=float)
    numgrad = np.zeros(theta.size)
    delta = 1e-4
    perturb = np.zeros(theta.size)
    for i in range(theta.size):
        perturb[i] = delta
        numgrad[i] = (f(theta + perturb) - f(theta - perturb)) / (2 * delta)
        perturb[i] = 0
    return numgrad
