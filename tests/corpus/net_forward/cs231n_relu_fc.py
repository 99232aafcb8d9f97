# source: github.com/1602077/stanford-cs231n — assignment1/cs231n/classifiers/neural_net.py
# expect: ACTIVATION
# why: fc → ReLU → fc, then a keepdims softmax: ReLU where this network has tanh.
import numpy as np


def net_forward(params, X):
    fc1 = X.dot(params["W1"]) + params["b1"]
    X2 = np.maximum(0, fc1)
    scores = X2.dot(params["W2"]) + params["b2"]
    scores -= np.max(scores, axis=1, keepdims=True)
    scores_exp = np.exp(scores)
    return scores_exp / np.sum(scores_exp, axis=1, keepdims=True)
