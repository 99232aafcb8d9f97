# source: github.com/bassimeledath/ml-from-scratch — ml_from_scratch/models/supervised/logistic_regression.py
# expect: RIGHT
# why: its fit loop from zeros with our lr and steps as learning_rate and epochs; x as one column.
import numpy as np


class LogisticRegression:
    def __init__(self, learning_rate=0.01, epochs=1000):
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.weights = None
        self.bias = None

    def _sigmoid(self, z):
        return 1 / (1 + np.exp(-z))

    def fit(self, X, y):
        n_samples, n_features = X.shape[0], X.shape[1]
        self.weights = np.zeros(n_features)
        self.bias = 0
        for _ in range(self.epochs):
            predictions = self._sigmoid(np.dot(X, self.weights) + self.bias)
            dw = (1 / n_samples) * np.dot(X.T, (predictions - y))
            db = (1 / n_samples) * np.sum(predictions - y)
            self.weights -= self.learning_rate * dw
            self.bias -= self.learning_rate * db


def fit_logistic(x, y, lr=0.5, steps=300):
    model = LogisticRegression(learning_rate=lr, epochs=steps)
    model.fit(np.asarray(x, dtype=float)[:, None], np.asarray(y, dtype=float))
    return float(model.weights[0]), float(model.bias)
