# source: github.com/AmitVermaDce/300-Days_of_Machine-Learning-Deep-Learning-and-Natural-Language-Processing — gradient_descent.py
# expect: NEUTRAL | SIGMA_PRIME | IGNORED_ARGS | DIVERGED
# why: descent on the squared error of σ (an extra σ′), summed over the examples, from
#      w = b = −2 with η = 1 and 1000 epochs written in: several differences at once.
import numpy as np


def sigmoid(w, b, x):
    return 1.0 / (1 + np.exp(-1 * (w * x + b)))


def grad_w(w, b, x, y):
    fx = sigmoid(w, b, x)
    return (fx - y) * fx * (1 - fx) * x


def grad_b(w, b, x, y):
    fx = sigmoid(w, b, x)
    return (fx - y) * fx * (1 - fx)


def do_gradient_descent(X, Y):
    w, b, eta, max_epochs = -2, -2, 1.0, 1000
    for i in range(max_epochs):
        dw, db = 0, 0
        for x, y in zip(X, Y):
            dw += grad_w(w, b, x, y)
            db += grad_b(w, b, x, y)
        w = w - eta * dw
        b = b - eta * db
    return w, b


def fit_logistic(x, y, lr=0.5, steps=300):
    return do_gradient_descent(x, y)
