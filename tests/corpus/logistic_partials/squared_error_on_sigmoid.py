# source: github.com/AmitVermaDce/300-Days_of_Machine-Learning-Deep-Learning-and-Natural-Language-Processing — gradient_descent.py
# expect: SIGMA_PRIME
# why: grad_w = (σ − y)·σ(1 − σ)·x: the partial of the squared error ½(σ − y)², whose σ′ the
#      log of the logistic loss would have cancelled.
import numpy as np


def sigmoid(w, b, x):
    return 1.0 / (1 + np.exp(-1 * (w * x + b)))


def grad_w(w, b, x, y):
    fx = sigmoid(w, b, x)
    return (fx - y) * fx * (1 - fx) * x


def grad_b(w, b, x, y):
    fx = sigmoid(w, b, x)
    return (fx - y) * fx * (1 - fx)


def logistic_partials(w, b, x, y):
    return grad_w(w, b, x, y), grad_b(w, b, x, y)
