"""Compare: how far the predictions are from the goals, as one number."""

import numpy as np

from tinynn.network import forward


def squared_error(pred, goal_pred):
    """`(pred - goal_pred) ** 2` (chapter 1): the miss, squared, so it is never negative and
    big misses count for much more than small ones.

    Two numbers give a number; arrays give one squared error per prediction.
    """
    return (pred - goal_pred) ** 2


def mean_squared_error(preds, goal_preds):
    """The average of the squared errors over a whole data set (chapter 5)."""
    return np.mean((preds - goal_preds) ** 2)


def network_error(layer_0, goal_pred, weights_0_1, weights_1_2):
    """The squared error of a one-hidden-layer network, summed over its outputs and rows."""
    layer_1, layer_2 = forward(layer_0, weights_0_1, weights_1_2)
    return np.sum((layer_2 - goal_pred) ** 2)


def accuracy(layer_0, labels, weights_0_1, weights_1_2):
    """How often the network's biggest output is at the right label, as a fraction: with one
    output per digit, the share of pictures it reads right (chapter 7)."""
    layer_1, layer_2 = forward(layer_0, weights_0_1, weights_1_2)
    return np.mean(np.argmax(layer_2, axis=1) == labels)
