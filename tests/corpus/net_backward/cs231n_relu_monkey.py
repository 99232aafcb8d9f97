# source: github.com/0SillyMonkey0/CS231n — assignment1/cs231n/classifiers/neural_net.py
# expect: ACTIVATION
# why: ReLU by zeroing negatives in place (s1[s1 < 0] = 0) and the mask (s1 > 0) on the way
#      back; softmax gradient right. The hidden layer here is tanh. reg = 0.
import numpy as np


def loss(params, X, y=None, reg=0.0):
    W1, b1 = params["W1"], params["b1"]
    W2, b2 = params["W2"], params["b2"]
    N, D = X.shape
    s1 = X.dot(W1) + b1
    s1[s1 < 0] = 0
    h1 = s1
    scores = h1.dot(W2) + b2
    if y is None:
        return scores
    scores -= np.max(scores, axis=1)[..., np.newaxis]
    exp_scores = np.exp(scores)
    sum_scores = np.sum(exp_scores, axis=1)
    softmax_s2 = exp_scores / sum_scores[..., np.newaxis]
    softmax_s2[range(N), y] -= 1
    softmax_s2 /= N
    dLdW2 = h1.T.dot(softmax_s2) + 2 * reg * W2
    dLdb2 = np.sum(softmax_s2, axis=0)
    dLds1 = softmax_s2.dot(W2.T) * (s1 > 0).astype(float)
    dLdW1 = X.T.dot(dLds1) + 2 * reg * W1
    dLdb1 = np.sum(dLds1, axis=0)
    return None, {"W2": dLdW2, "W1": dLdW1, "b2": dLdb2, "b1": dLdb1}


def net_backward(params, X, y):
    return loss(params, X, y, reg=0.0)[1]
