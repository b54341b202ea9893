"""Slopes: how much the error changes when a weight changes.

Two ways to get them. Finite differences nudge one weight a tiny bit each way and measure the
error (slow, but needs no calculus; chapter 3); backpropagation works them all out at once from
the deltas (chapter 6). Comparing the two is how you catch a bug in either.
"""

import numpy as np

from tinynn.losses import network_error
from tinynn.network import forward, relu_deriv


def numerical_derivative(error_of, weight, nudge=1e-5):
    """The slope of `error_of` at `weight`, by nudging it both ways (chapter 3):
    `(error_of(weight + nudge) - error_of(weight - nudge)) / (2 * nudge)`.
    """
    return (error_of(weight + nudge) - error_of(weight - nudge)) / (2 * nudge)


def numerical_gradient(error_of, weights, nudge=1e-5):
    """The slope of `error_of(*weights)` for every entry of every array in `weights`, by
    nudging each entry both ways in turn (chapter 6). Returns one array of slopes per array.

    Each nudge is made on fresh copies, so the arrays passed in never change: the source this
    chapter comes from "copied" its arrays by assignment, which copies nothing.
    """
    slopes = []
    for which, original in enumerate(weights):
        slope = np.zeros_like(original)
        for index in np.ndindex(original.shape):
            nudged = [w.copy() for w in weights]
            nudged[which][index] = original[index] + nudge
            error_up = error_of(*nudged)
            nudged[which][index] = original[index] - nudge
            error_down = error_of(*nudged)
            slope[index] = (error_up - error_down) / (2 * nudge)
        slopes.append(slope)
    return slopes


def backprop(layer_0, goal_pred, weights_0_1, weights_1_2):
    """The book's weight deltas for a one-hidden-layer relu network (chapter 6).

    `layer_2_delta = layer_2 - goal_pred`; `layer_1_delta` sends it back through
    `weights_1_2`, times relu's slope; each weight delta is the layer below (transposed) times
    the delta above. For several rows, the deltas add up over the rows. They are half the
    slope of the squared error: the book drops the 2 from the slope of `delta ** 2`, and alpha
    absorbs it. Returns `(weight_deltas_0_1, weight_deltas_1_2, layer_2)`.
    """
    layer_1, layer_2 = forward(layer_0, weights_0_1, weights_1_2)
    layer_2_delta = layer_2 - goal_pred
    layer_1_delta = layer_2_delta.dot(weights_1_2.T) * relu_deriv(layer_1)
    weight_deltas_1_2 = layer_1.T.dot(layer_2_delta)
    weight_deltas_0_1 = layer_0.T.dot(layer_1_delta)
    return weight_deltas_0_1, weight_deltas_1_2, layer_2


def backprop_steps(layer_0, goal_pred, weights_0_1, weights_1_2, alpha=0.2):
    """Every number of one step of backpropagation for one row and one output (chapter 6),
    stage by stage, as a dict: forward (`weighted_sums`, `layer_1`, `layer_2`), compare
    (`delta`, `error`), backward (`gate`, relu's slope, and `layer_1_delta`) and learn
    (`weight_deltas_0_1`, `weight_deltas_1_2`, `changes_0_1`, `changes_1_2`, the new weights).
    The layers come from `forward` and the weight deltas from `backprop`; a change is `-alpha`
    times a weight delta.
    """
    layer_1, layer_2 = forward(layer_0, weights_0_1, weights_1_2)
    layer_2_delta = layer_2 - goal_pred
    gate = relu_deriv(layer_1)
    layer_1_delta = layer_2_delta.dot(weights_1_2.T) * gate  # the line of backprop it shows
    one_row = layer_0.reshape(1, -1)  # backprop takes a table of rows
    goal = np.reshape(goal_pred, (1, 1))
    deltas_0_1, deltas_1_2, _ = backprop(one_row, goal, weights_0_1, weights_1_2)
    changes_0_1, changes_1_2 = -alpha * deltas_0_1, -alpha * deltas_1_2
    return {
        "layer_0": layer_0,
        "goal_pred": goal_pred,
        "alpha": alpha,
        "weights_0_1": weights_0_1,
        "weights_1_2": weights_1_2,
        "weighted_sums": layer_0.dot(weights_0_1),
        "layer_1": layer_1,
        "layer_2": float(layer_2[0]),
        "delta": float(layer_2_delta[0]),
        "error": float(layer_2_delta[0]) ** 2,
        "gate": gate,
        "layer_1_delta": layer_1_delta,
        "weight_deltas_0_1": deltas_0_1,
        "weight_deltas_1_2": deltas_1_2,
        "changes_0_1": changes_0_1,
        "changes_1_2": changes_1_2,
        "new_weights_0_1": weights_0_1 + changes_0_1,
        "new_weights_1_2": weights_1_2 + changes_1_2,
    }


def compare_gradients(layer_0, goal_pred, weights_0_1, weights_1_2, nudge=1e-5):
    """How far backprop's slopes are from finite differences', relative to the biggest slope.

    Both are slopes of the network's squared error, so backprop's weight deltas are doubled
    first (see `backprop`). Around 1e-10 means they agree; around 1 means one of them is wrong.
    """

    def error_of(weights_0_1, weights_1_2):
        return network_error(layer_0, goal_pred, weights_0_1, weights_1_2)

    numerical = numerical_gradient(error_of, [weights_0_1, weights_1_2], nudge)
    deltas_0_1, deltas_1_2, _ = backprop(layer_0, goal_pred, weights_0_1, weights_1_2)
    return relative_difference([2 * deltas_0_1, 2 * deltas_1_2], numerical)


def relative_difference(slopes, other_slopes):
    """The biggest difference between two lists of slope arrays, over the biggest slope."""
    biggest_gap = max(np.max(np.abs(a - b)) for a, b in zip(slopes, other_slopes))
    biggest = max(np.max(np.abs(s)) for s in [*slopes, *other_slopes])
    return biggest_gap / max(biggest, 1e-300)


def error_slope(input, goal_pred, weight):
    """The true slope of the squared error `(input * weight - goal_pred) ** 2` at `weight`:
    `2 * delta * input` (chapter 3). The book's `weight_delta = delta * input` is half of it.
    """
    delta = input * weight - goal_pred
    return 2 * delta * input
