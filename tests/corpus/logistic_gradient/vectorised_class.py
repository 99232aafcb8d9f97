# source: github.com/bassimeledath/ml-from-scratch — ml_from_scratch/models/supervised/logistic_regression.py
# expect: RIGHT
# why: the two gradient lines of its fit loop: (1/n)·Xᵀ(σ(Xw + b) − y) and (1/n)·Σ(σ − y).
import numpy as np


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def logistic_gradient(w, b, X, y):
    n_samples = X.shape[0]
    predictions = _sigmoid(np.dot(X, w) + b)
    dw = (1 / n_samples) * np.dot(X.T, (predictions - y))
    db = (1 / n_samples) * np.sum(predictions - y)
    return dw, db
