# source: github.com/kclark24/fml_moneybags — src/LogisticRegression.py
# expect: RAISED
# why: X.shape() calls a tuple (TypeError), and self.num_features was never set.
import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


class LogisticRegression:
    def __init__(self, learning_rate=0.001, num_iterations=10000):
        self.learning_rate = learning_rate
        self.num_iterations = num_iterations
        self.weights = None
        self.bias = None

    def fit(self, X, y):
        num_samples, num_features = X.shape()
        self.weights = np.zeros(self.num_features)
        self.bias = 0
        for i in range(self.num_iterations):
            y_pred = sigmoid(np.dot(X, self.weights) + self.bias)
            dw = (1 / num_samples) * np.dot(X.T, (y_pred - y))
            db = (1 / num_samples) * np.sum(y_pred - y)
            self.weights -= self.learning_rate * dw
            self.bias -= self.learning_rate * db


def fit_logistic(x, y, lr=0.5, steps=300):
    model = LogisticRegression(learning_rate=lr, num_iterations=steps)
    model.fit(np.asarray(x, dtype=float)[:, None], np.asarray(y, dtype=float))
    return float(model.weights[0]), float(model.bias)
