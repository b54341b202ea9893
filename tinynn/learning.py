"""Learn: change the weights so that the next prediction misses by less.

Two ways to learn a single weight: hot and cold (chapter 2) and gradient descent (chapters 1
and 3, with alpha in chapter 4); gradient descent for several weights on a whole data set
(chapter 5); and a network with a hidden layer (chapters 6 and 7). Every function takes the
data and its goals first, then the weights, then how to learn (alpha, iterations, batch_size).
Each loop returns a History of what happened.
"""

import math

import numpy as np

from tinynn.gradients import backprop
from tinynn.history import History
from tinynn.network import weighted_sum


def hot_and_cold_step(input, goal_pred, weight, step_amount):
    """One step of hot and cold (chapter 2): try the weight a little higher and a little lower,
    and keep whichever misses by less. If both miss by the same, the weight stays put.
    """
    up_error = (input * (weight + step_amount) - goal_pred) ** 2
    down_error = (input * (weight - step_amount) - goal_pred) ** 2
    if down_error < up_error:
        return weight - step_amount
    if down_error > up_error:
        return weight + step_amount
    return weight


def hot_and_cold(input, goal_pred, weight, step_amount, iterations):
    """Hot and cold, `iterations` times: predict, compare, record, and take one
    `hot_and_cold_step`. Returns a History of each iteration, recorded before its step.
    """
    history = History()
    for iteration in range(iterations):
        pred = input * weight
        history.record(weight, pred, (pred - goal_pred) ** 2)
        weight = hot_and_cold_step(input, goal_pred, weight, step_amount)
    history.final_weights = weight
    return history


def gradient_descent_step(input, goal_pred, weight, alpha=1.0):
    """One step of gradient descent on one weight (chapter 3): predict, compare, and move the
    weight against its weight delta, scaled by alpha (chapter 4). Returns the new weight.
    """
    pred = input * weight
    delta = pred - goal_pred
    weight_delta = delta * input
    return weight - alpha * weight_delta


def learn(input, goal_pred, weight, alpha=1.0, iterations=20):
    """Predict, compare, learn, `iterations` times, for a network with one weight (chapter 1):
    gradient descent (chapter 3), each step scaled by alpha (chapter 4). Returns a History of
    each iteration, recorded before its update; if the error runs away, it says so.
    """
    weights, preds, errors, weight_deltas = [], [], [], []
    for iteration in range(iterations):
        pred = input * weight  # predict
        delta = pred - goal_pred  # compare
        error = delta**2
        weight_delta = delta * input
        weights.append(weight)  # record the iteration, before the update
        preds.append(pred)
        errors.append(error)
        weight_deltas.append(weight_delta)
        weight = weight - alpha * weight_delta  # learn
    return History(weights, preds, errors, weight_deltas, final_weights=weight)


def weight_deltas_for(input, delta, frozen=None):
    """How much each weight should change for one example: `delta * input` (chapter 5).

    Several inputs give one `delta * input` per input; one input and several outputs one per
    output; several of both the table `outer(delta, input)`, a row per output, the layout of a
    table of weights. A weight marked True in `frozen` gets a delta of 0, so it holds still.
    """
    if isinstance(input, np.ndarray) and isinstance(delta, np.ndarray):  # many in, many out
        weight_deltas = np.outer(delta, input)
    else:
        weight_deltas = delta * input
    if frozen is not None:
        weight_deltas = np.where(frozen, 0.0, weight_deltas)
    return weight_deltas


def train(inputs, goal_preds, weights, alpha, iterations, batch_size=1, frozen=None):
    """Gradient descent on a whole data set: one row of `inputs` per example, one output
    (chapter 5). Each iteration is one pass over the rows, in order, `batch_size` rows per
    update.

    With `batch_size=1`, the book's way, the weights learn from each row before the next row
    is predicted. With a bigger batch, every row of the batch is predicted with the same
    weights, and the weights change by the average of the rows' weight deltas; one batch of
    every row is gradient descent on the mean squared error. A weight marked True in `frozen`
    holds still. Each iteration records the sum of its rows' squared errors and one row of
    weight deltas per row.
    """
    history = History()
    for iteration in range(iterations):
        start, preds, error, all_weight_deltas = weights, [], 0.0, []
        for first in range(0, len(inputs), batch_size):
            input = inputs[first : first + batch_size]  # a batch: one row per example
            goal_pred = goal_preds[first : first + batch_size]
            pred = weighted_sum(input, weights)  # predict: one weighted sum per row
            delta = pred - goal_pred  # compare
            error += np.sum(delta**2)
            weight_deltas = delta[:, None] * input  # learn: delta * input, one row per example
            if frozen is not None:
                weight_deltas[:, frozen] = 0.0
            weights = weights - alpha * np.mean(weight_deltas, axis=0)
            preds.append(pred)
            all_weight_deltas.append(weight_deltas)
        history.record(start, np.concatenate(preds), error, np.concatenate(all_weight_deltas))
    history.final_weights = weights
    return history


def train_hidden(inputs, goal_preds, weights_0_1, weights_1_2, alpha, iterations, batch_size=1):
    """Train a one-hidden-layer relu network by backpropagation (chapters 6 and 7).

    Each iteration is one pass over the rows in order, `batch_size` rows per update (1 is the
    book's one row at a time); a batch's weight deltas are averaged over its rows. An
    iteration records the sum of the rows' squared errors, each measured before its own update.
    """
    history = History()
    for iteration in range(iterations):
        start, preds, error = (weights_0_1, weights_1_2), [], 0.0
        for first in range(0, len(inputs), batch_size):
            layer_0 = inputs[first : first + batch_size]
            goal_pred = goal_preds[first : first + batch_size]
            deltas_0_1, deltas_1_2, layer_2 = backprop(layer_0, goal_pred, weights_0_1, weights_1_2)
            preds.append(layer_2)
            error += np.sum((layer_2 - goal_pred) ** 2)
            alpha_per_row = alpha / len(layer_0)  # the deltas add up over the batch's rows
            weights_1_2 = weights_1_2 - alpha_per_row * deltas_1_2
            weights_0_1 = weights_0_1 - alpha_per_row * deltas_0_1
        history.record(start, np.concatenate(preds), error)
    history.final_weights = (weights_0_1, weights_1_2)
    return history


def contraction_factor(input, alpha=1.0):
    """What one gradient descent step multiplies the miss `pred - goal_pred` by, for one input
    and one weight: `1 - alpha * input ** 2` (chapter 4).
    """
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
