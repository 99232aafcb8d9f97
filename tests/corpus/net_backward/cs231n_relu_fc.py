# source: github.com/1602077/stanford-cs231n — assignment1/cs231n/classifiers/neural_net.py
# expect: ACTIVATION
# why: fc → ReLU → fc with keepdims softmax, gradient right for a ReLU layer; ours is tanh. reg = 0.
import numpy as np


def loss(params, X, y=None, reg=0.0):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    N, D = np.array(X).shape
    fc1 = X.dot(W1) + b1
    X2 = np.maximum(0, fc1)
    scores = X2.dot(W2) + b2
    if y is None:
        return scores
    scores -= np.max(scores, axis=1, keepdims=True)
    scores_exp = np.exp(scores)
    softmax_matrix = scores_exp / np.sum(scores_exp, axis=1, keepdims=True)
    softmax_matrix[np.arange(N), y] -= 1
    softmax_matrix /= N
    dW2 = X2.T.dot(softmax_matrix)
    db2 = softmax_matrix.sum(axis=0)
    dW1 = softmax_matrix.dot(W2.T)
    dfc1 = dW1 * (fc1 > 0)
    dW1 = X.T.dot(dfc1)
    db1 = dfc1.sum(axis=0)
    dW1 += 2 * reg * W1
    dW2 += 2 * reg * W2
    return None, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def net_backward(params, X, y):
    return loss(params, X, y, reg=0.0)[1]
