"""Slopes: how much the error changes when a weight changes.

Two ways to get them. Finite differences nudge one weight a tiny bit each way and measure the
error (slow, but needs no calculus); backpropagation works them all out at once from the deltas
(chapter 6). Comparing the two is how you catch a bug in either.
"""

import numpy as np

from tinynn import _checks
from tinynn.network import check_layer_shapes, forward, relu_deriv

STEP_HINT = "the step is how far each weight is nudged; try 1e-5"


def numerical_derivative(error_of, weight, step=1e-5):
    """The slope of `error_of` at `weight`, by central differences:
    `(error_of(weight + step) - error_of(weight - step)) / (2 * step)` (chapter 3).
    """
    weight = _checks.number("weight", weight)
    step = _checks.positive("step", step, STEP_HINT)
    return float((error_of(weight + step) - error_of(weight - step)) / (2 * step))


def numerical_gradient(error_of, weights, step=1e-5):
    """The slope of `error_of(*weights)` for every entry of every array in `weights`.

    `weights` is a list of arrays; `error_of` takes them as arguments and returns a number.
    Each entry is nudged on a private copy, so the arrays passed in are never changed (the
    source material's version changed them by accident). Returns one array per weight array.
    """
    step = _checks.positive("step", step, STEP_HINT)
    originals = [_checks.array(f"weights[{i}]", w) for i, w in enumerate(weights)]
    slopes = []
    for which, original in enumerate(originals):
        slope = np.zeros_like(original)
        for index in np.ndindex(original.shape):
            nudged = [w.copy() for w in originals]
            nudged[which][index] = original[index] + step
            error_up = error_of(*nudged)
            nudged[which][index] = original[index] - step
            error_down = error_of(*nudged)
            slope[index] = (error_up - error_down) / (2 * step)
        slopes.append(slope)
    return slopes


def backprop(layer_0, goal_pred, weights_0_1, weights_1_2):
    """The book's weight deltas for a one-hidden-layer relu network (chapter 6).

    `layer_2_delta = layer_2 - goal_pred`, `layer_1_delta = layer_2_delta . weights_1_2.T`
    times relu's slope, and each weight delta is the layer below (transposed) times the delta
    above. For several rows the deltas are summed over the rows. They are half the slope of the
    squared error, because the book drops the 2 from the slope of `delta ** 2`: alpha absorbs it.

    Returns `(weight_deltas_0_1, weight_deltas_1_2, layer_2)`.
    """
    layer_0 = _checks.array("layer_0", layer_0, ndims=(1, 2))
    goal_pred = _checks.array("goal_pred", goal_pred, ndims=(0, 1, 2))
    layer_0 = layer_0.reshape(-1, layer_0.shape[-1])
    weights_1_2 = _checks.array("weights_1_2", weights_1_2, ndims=(2,))
    layer_1, layer_2 = forward(layer_0, weights_0_1, weights_1_2)
    if goal_pred.size != layer_2.size:
        raise ValueError(
            f"goal_pred must have one goal per prediction, {layer_2.shape}, got {goal_pred.shape}"
        )
    layer_2_delta = layer_2 - goal_pred.reshape(layer_2.shape)
    layer_1_delta = layer_2_delta.dot(weights_1_2.T) * relu_deriv(layer_1)
    return layer_0.T.dot(layer_1_delta), layer_1.T.dot(layer_2_delta), layer_2


def compare_gradients(layer_0, goal_pred, weights_0_1, weights_1_2, step=1e-5):
    """How far backprop's slopes are from finite differences', relative to the biggest slope.

    Both are slopes of the network's squared error, so backprop's weight deltas are doubled
    first (see `backprop`). Around 1e-10 means they agree; around 1 means one of them is wrong.
    """
    from tinynn.losses import network_error

    layer_0 = _checks.array("layer_0", layer_0, ndims=(1, 2))
    weights_0_1 = _checks.array("weights_0_1", weights_0_1, ndims=(2,))
    weights_1_2 = _checks.array("weights_1_2", weights_1_2, ndims=(2,))
    check_layer_shapes(layer_0, weights_0_1, weights_1_2)
    numerical = numerical_gradient(
        lambda w01, w12: network_error(layer_0, goal_pred, w01, w12),
        [weights_0_1, weights_1_2],
        step,
    )
    deltas_0_1, deltas_1_2, _ = backprop(layer_0, goal_pred, weights_0_1, weights_1_2)
    return relative_difference([2 * deltas_0_1, 2 * deltas_1_2], numerical)


def relative_difference(slopes, other_slopes):
    """The biggest difference between two lists of slope arrays, over the biggest slope."""
    biggest_gap = max(float(np.max(np.abs(a - b))) for a, b in zip(slopes, other_slopes))
    biggest = max(float(np.max(np.abs(s))) for s in [*slopes, *other_slopes])
    return biggest_gap / max(biggest, 1e-300)


def error_slope(input, weight, goal_pred):
    """The true slope of the squared error `(input * weight - goal_pred) ** 2` at `weight`:
    `2 * delta * input` (chapter 3). The book's `weight_delta = delta * input` is half of it.
    """
    input = _checks.number("input", input)
    weight = _checks.number("weight", weight)
    goal_pred = _checks.number("goal_pred", goal_pred)
    delta = input * weight - goal_pred
    return 2 * delta * input
