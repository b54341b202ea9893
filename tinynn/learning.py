"""Learn: change the weights so that the next prediction misses by less.

Two ways to learn a single weight (hot and cold in chapter 2, gradient descent in chapter 3,
with alpha in chapter 4), the same for several weights (chapter 5), and a network with a hidden
layer (chapter 6). Each loop returns a `History` of what happened.
"""

import math

import numpy as np

from tinynn import _checks
from tinynn.gradients import backprop
from tinynn.history import History
from tinynn.losses import square, squared_error
from tinynn.network import check_layer_shapes, predict

ALPHA_HINT = "alpha scales each step; try 0.1, or 1.0 for the plain update"
GOALS_HINT = "one row per example, one column per output, e.g. [[1], [1], [0], [0]]"


def hot_and_cold_step(input, weight, goal_pred, step_amount):
    """One step of hot and cold (chapter 2): try the weight a little higher and a little lower,
    and keep whichever misses by less. If both miss by the same, the weight stays put.
    """
    input = _checks.number("input", input)
    weight = _checks.number("weight", weight)
    goal_pred = _checks.number("goal_pred", goal_pred)
    step_amount = _checks.positive("step_amount", step_amount, "try 0.001")
    up_error = square(goal_pred - input * (weight + step_amount))
    down_error = square(goal_pred - input * (weight - step_amount))
    if down_error < up_error:
        return weight - step_amount
    if down_error > up_error:
        return weight + step_amount
    return weight


def gradient_descent_step(input, weights, goal_pred, alpha=1.0, frozen=None):
    """One step of gradient descent: `weights - alpha * weight_delta`, where
    `weight_delta = delta * input` and `delta = pred - goal_pred` (chapters 3 to 5).

    Works for every shape `predict` takes. `frozen` is a mask of the weights to hold still
    (`True` where a weight must not change), as in chapter 5. Returns new weights; the ones
    passed in are left as they were.
    """
    alpha = _checks.positive("alpha", alpha, ALPHA_HINT)
    weights = _checks.scalar_or_array("weights", weights)
    weight_deltas, _, _ = _compare(input, weights, goal_pred, frozen)
    return weights - alpha * weight_deltas


def hot_and_cold(input, weight, goal_pred, step_amount, iterations):
    """Repeat `hot_and_cold_step`, recording each step before it moves the weight."""
    iterations = _checks.count("iterations", iterations, "try 100")
    weight = _checks.number("weight", weight)
    history = History()
    for _ in range(iterations):
        pred = predict(input, weight)
        history.record(weight, pred, squared_error(pred, goal_pred))
        weight = hot_and_cold_step(input, weight, goal_pred, step_amount)
    history.final_weights = weight
    return history


def learn(input, weights, goal_pred, alpha=1.0, iterations=20, frozen=None):
    """Repeat `gradient_descent_step` on one example, recording each step before its update.

    If the error overflows, learning stops there and the history says so (`diverged`).
    """
    alpha = _checks.positive("alpha", alpha, ALPHA_HINT)
    iterations = _checks.count("iterations", iterations, "try 20")
    weights = _checks.scalar_or_array("weights", weights)
    history = History()
    for _ in range(iterations):
        weight_deltas, pred, error = _compare(input, weights, goal_pred, frozen)
        history.record(weights, pred, error)
        if not np.all(np.isfinite(error)):
            break
        with np.errstate(all="ignore"):
            weights = weights - alpha * weight_deltas
    history.final_weights = weights
    history.check_divergence()
    return history


def train(inputs, weights, goal_preds, alpha, epochs, batch=False, frozen=None):
    """Learn a whole data set, one row of `inputs` per example (chapter 5).

    With `batch=False` the weights change after every row, in order (stochastic gradient
    descent), and each epoch's error is the sum of the rows' squared errors, each measured just
    before its own update. With `batch=True` the weights change once per epoch, by the average
    of all rows' weight deltas, and the error is the mean squared error before that update.
    """
    inputs = _checks.array("inputs", inputs, ndims=(1, 2))
    goal_preds = _checks.array("goal_preds", goal_preds, ndims=(1, 2))
    alpha = _checks.positive("alpha", alpha, ALPHA_HINT)
    epochs = _checks.count("epochs", epochs, "try 100")
    if len(inputs) != len(goal_preds):
        raise ValueError(
            f"inputs and goal_preds must have one row per example, got {len(inputs)} rows of "
            f"inputs and {len(goal_preds)} goals: give every input row its goal"
        )
    weights = _checks.scalar_or_array("weights", weights)
    history = History()
    for _ in range(epochs):
        start, preds, errors, all_deltas = weights, [], [], []
        for row, goal in zip(inputs, goal_preds):
            weight_deltas, pred, row_error = _compare(row, weights, goal, frozen)
            preds.append(pred)
            errors.append(float(np.sum(row_error)))
            if batch:
                all_deltas.append(weight_deltas)
            else:
                with np.errstate(all="ignore"):
                    weights = weights - alpha * weight_deltas
        error = float(np.mean(errors)) if batch else sum(errors)
        history.record(start, np.array(preds), error)
        if not np.isfinite(error):
            weights = start
            break
        if batch:
            with np.errstate(all="ignore"):
                weights = weights - alpha * np.mean(all_deltas, axis=0)
    history.final_weights = weights
    history.check_divergence()
    return history


def train_hidden(layer_0, goal_preds, weights_0_1, weights_1_2, alpha, iterations, batch_size=1):
    """Train a one-hidden-layer relu network by backpropagation (chapters 6 and 7).

    Each iteration is one pass over the rows in order, `batch_size` rows per update (1 is the
    book's one-row-at-a-time). A batch's weight deltas are averaged over its rows. Each pass's
    error is the sum of the rows' squared errors, each measured just before its own update.
    """
    layer_0 = _checks.array("layer_0", layer_0, (2,), "one row of inputs per example")
    goal_preds = _checks.array("goal_preds", goal_preds, (2,), GOALS_HINT)
    weights_0_1 = _checks.array("weights_0_1", weights_0_1, ndims=(2,))
    weights_1_2 = _checks.array("weights_1_2", weights_1_2, ndims=(2,))
    check_layer_shapes(layer_0, weights_0_1, weights_1_2)
    alpha = _checks.positive("alpha", alpha, ALPHA_HINT)
    iterations = _checks.count("iterations", iterations, "try 60")
    batch_size = _checks.count("batch_size", batch_size, "try 1, or 100 for big data sets")
    if goal_preds.shape != (len(layer_0), weights_1_2.shape[1]):
        raise ValueError(
            f"goal_preds must have shape {(len(layer_0), weights_1_2.shape[1])} (one row per "
            f"input row, one column per output), got {goal_preds.shape}"
        )
    history = History()
    for _ in range(iterations):
        start, preds, error = (weights_0_1, weights_1_2), [], 0.0
        with np.errstate(all="ignore"):
            for first in range(0, len(layer_0), batch_size):
                rows = slice(first, first + batch_size)
                deltas_0_1, deltas_1_2, layer_2 = backprop(
                    layer_0[rows], goal_preds[rows], weights_0_1, weights_1_2
                )
                preds.append(layer_2)
                error += float(np.sum(square(layer_2 - goal_preds[rows])))
                size = len(layer_2)
                weights_1_2 = weights_1_2 - alpha * (deltas_1_2 / size)
                weights_0_1 = weights_0_1 - alpha * (deltas_0_1 / size)
        history.record(start, np.concatenate(preds), error)
        if not np.isfinite(error):
            weights_0_1, weights_1_2 = start
            break
    history.final_weights = (weights_0_1, weights_1_2)
    history.check_divergence()
    return history


def _compare(input, weights, goal_pred, frozen):
    """Predict and compare once. Returns `(weight_deltas, pred, error)`."""
    input = _checks.scalar_or_array("input", input, ndims=(0, 1))
    pred = predict(input, weights)
    goal_pred = _checks.scalar_or_array("goal_pred", goal_pred, ndims=(0, 1))
    if np.shape(goal_pred) != np.shape(pred):
        raise ValueError(
            f"goal_pred must have the shape of the prediction, {np.shape(pred)}, got "
            f"{np.shape(goal_pred)}: give one goal per output"
        )
    with np.errstate(all="ignore"):
        delta = pred - goal_pred
        error = square(delta)
        if np.ndim(weights) == 0:
            return delta * input, pred, error
        weight_deltas = np.outer(delta, input).reshape(np.shape(weights))
    if frozen is not None:
        weight_deltas[_frozen_mask(frozen, np.shape(weights))] = 0.0
    return weight_deltas, pred, error


def _frozen_mask(frozen, shape):
    mask = np.asarray(frozen)
    if mask.dtype != bool or mask.shape != shape:
        raise ValueError(
            f"frozen must be True/False for each weight, shape {shape}, got {frozen!r}: "
            "for example [True, False, False] holds the first of three weights still"
        )
    return mask


def contraction_factor(input, alpha=1.0):
    """What one gradient descent step multiplies the miss `pred - goal_pred` by, for one input
    and one weight: `1 - alpha * input ** 2` (chapter 4).
    """
    input = _checks.number("input", input)
    alpha = _checks.positive("alpha", alpha, ALPHA_HINT)
    return 1 - alpha * input**2


def learning_regime(input, alpha=1.0):
    """Say in a few words what gradient descent will do for this input and alpha (chapter 4).

    It depends only on the contraction factor: between -1 and 1 the miss shrinks every step,
    beyond -1 it grows, and exactly 1 (input 0) never moves. Factors within 1e-9 of 0 or -1
    count as exactly 0 or -1 (a difference that would take a billion steps to show).
    """
    factor = contraction_factor(input, alpha)
    if factor == 1.0:
        return "never moves"
    if math.isclose(factor, 0.0, abs_tol=1e-9):
        return "lands in one step"
    if math.isclose(factor, -1.0, abs_tol=1e-9):
        return "oscillates forever"
    if factor > 0:
        return "converges"
    if factor > -1:
        return "converges, zig-zagging"
    return "diverges"
