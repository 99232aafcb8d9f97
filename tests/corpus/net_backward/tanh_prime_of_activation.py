# source: github.com/Mohamedsamir9537/cnn — cnn_second_task.py
# expect: TANH_AT_Z
# why: tanh_dev(x) = 1 − tanh(x)² is applied to the hidden layer's output, so the backward pass
#      uses 1 − tanh(a)² with a = tanh(z). Its output layer (tanh, an error y − ŷ added with +=)
#      is replaced by this network's (softmax, mean cross-entropy); its hidden-layer rule is kept.
import numpy as np


def tanh(x):
    return np.tanh(x)


def tanh_dev(x):
    return 1 - np.tanh(x) ** 2


def net_backward(params, X, y):
    hidden_output = tanh(np.dot(X, params["W1"]) + params["b1"])
    final_input = np.dot(hidden_output, params["W2"]) + params["b2"]
    P = np.exp(final_input - final_input.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    output_gradient = (P - np.eye(P.shape[1])[y]) / len(y)
    hidden_error = output_gradient.dot(params["W2"].T)
    hidden_gradient = hidden_error * tanh_dev(hidden_output)
    return {"W1": np.dot(X.T, hidden_gradient), "b1": np.sum(hidden_gradient, axis=0),
            "W2": np.dot(hidden_output.T, output_gradient), "b2": np.sum(output_gradient, axis=0)}
