# source: github.com/rudrapoudel/hello_ml — stanford-tutorials/common/computeNumericalGradient.m
# expect: IGNORED_H
# why: an Octave exercise ported line by line: a perturbation vector with delta = 1e-4 fixed,
#      central difference; the h argument never reaches it.
import numpy as np


def compute_numerical_gradient(J, theta):
    numgrad = np.zeros(np.size(theta))
    delta = 1e-4
    perturb = np.zeros(np.size(theta))
    for i in range(np.size(theta)):
        perturb[i] = delta
        ploss = J(theta + perturb)
        nloss = J(theta - perturb)
        numgrad[i] = (ploss - nloss) / (2 * delta)
        perturb[i] = 0
    return numgrad


def numerical_partial(f, point, i, h=1e-5):
    return compute_numerical_gradient(f, np.array(point, dtype=float))[i]
