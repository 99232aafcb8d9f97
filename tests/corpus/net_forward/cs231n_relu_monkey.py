# source: github.com/0SillyMonkey0/CS231n — assignment1/cs231n/classifiers/neural_net.py
# expect: ACTIVATION
# why: ReLU by zeroing negatives in place, then its loss's softmax (max shift, newaxis division).
import numpy as np


def net_forward(params, X):
    s1 = X.dot(params["W1"]) + params["b1"]
    s1[s1 < 0] = 0
    scores = s1.dot(params["W2"]) + params["b2"]
    scores -= np.max(scores, axis=1)[..., np.newaxis]
    exp_scores = np.exp(scores)
    return exp_scores / np.sum(exp_scores, axis=1)[..., np.newaxis]
