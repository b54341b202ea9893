"""The same learning written by hand in NumPy, the way the book writes it, keeping the same
history tinynn keeps. This is the yardstick: tinynn should cost little more than this.

The arithmetic is the book's, in the book's order, and the same as tinynn's, so both reach the
very same final error (the benchmark asserts it before timing anything).
"""

import numpy as np


def relu(x):
    return (x > 0) * x


def relu2deriv(output):
    return output > 0


def single_weight(input, goal_pred, weight, alpha, iterations):
    """Gradient descent on one weight (chapters 3 and 4). Returns the four lists tinynn's
    History keeps, each entry recorded before its update, and the final weight."""
    weights, preds, errors, weight_deltas = [], [], [], []
    for iteration in range(iterations):
        pred = input * weight
        delta = pred - goal_pred
        error = delta**2
        weight_delta = delta * input
        weights.append(weight)
        preds.append(pred)
        errors.append(error)
        weight_deltas.append(weight_delta)
        weight = weight - alpha * weight_delta
    return weights, preds, errors, weight_deltas, weight


def hidden_layer(inputs, goal_preds, weights_0_1, weights_1_2, alpha, iterations, batch_size=1):
    """A relu network with one hidden layer (chapters 6 to 8), `batch_size` rows per update
    (1 is the book's streetlights loop). Each pass records its starting weights, the sum of
    its rows' squared errors and every row's output."""
    weights, preds, errors = [], [], []
    for iteration in range(iterations):
        weights.append((weights_0_1, weights_1_2))
        layer_2_error, outputs = 0.0, []
        for i in range(0, len(inputs), batch_size):
            layer_0 = inputs[i : i + batch_size]
            goal_pred = goal_preds[i : i + batch_size]
            layer_1 = relu(layer_0.dot(weights_0_1))
            layer_2 = layer_1.dot(weights_1_2)
            layer_2_error += np.sum((layer_2 - goal_pred) ** 2)
            layer_2_delta = layer_2 - goal_pred
            layer_1_delta = layer_2_delta.dot(weights_1_2.T) * relu2deriv(layer_1)
            outputs.append(layer_2)
            # The weight deltas add up over the batch's rows: alpha is shared out between them.
            alpha_per_row = alpha / len(layer_0)
            weights_1_2 = weights_1_2 - alpha_per_row * layer_1.T.dot(layer_2_delta)
            weights_0_1 = weights_0_1 - alpha_per_row * layer_0.T.dot(layer_1_delta)
        errors.append(layer_2_error)
        preds.append(np.concatenate(outputs))
    return weights, preds, errors, (weights_0_1, weights_1_2)
