"""Learn: change the weights so that the next prediction misses by less.

Two ways to learn a single weight: hot and cold (chapter 2) and gradient descent (chapter 3,
with alpha in chapter 4); gradient descent for several weights and a whole data set (chapter
5); and a network with a hidden layer (chapters 6 and 7). Every function takes the data and
its goals first, then the weights, then how to learn (alpha, iterations). Each loop returns a
History of what happened.
"""

import math

import numpy as np

from tinynn.gradients import backprop
from tinynn.history import History
from tinynn.network import predict


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


def weight_deltas(input, delta, frozen=None):
    """How much each weight should change for one example: `delta * input` (chapter 3).

    Several inputs give one `delta * input` per input; several outputs one per output; several
    of both the table `outer(delta, input)`, a row per output (chapter 5). A weight marked True
    in `frozen` gets a delta of 0, so it holds still (chapter 5).
    """
    if isinstance(input, np.ndarray) and isinstance(delta, np.ndarray):  # many in, many out
        deltas = np.outer(delta, input)
    else:
        deltas = delta * input
    if frozen is not None:
        deltas = np.where(frozen, 0.0, deltas)
    return deltas


def gradient_descent_step(input, goal_pred, weights, alpha=1.0, frozen=None):
    """One step of gradient descent (chapters 3 to 5): predict, compare, and move the weights
    against their weight deltas. Returns the new weights; the ones passed in don't change.
    """
    pred = predict(input, weights)
    delta = pred - goal_pred
    return weights - alpha * weight_deltas(input, delta, frozen)


def learn(input, goal_pred, weights, alpha=1.0, iterations=20, frozen=None):
    """Gradient descent on one example, `iterations` times (chapters 1, 3 and 4; several
    weights and `frozen` in chapter 5). Returns a History of each iteration, recorded before
    its update; if the error runs away, the history says so (`diverged`).
    """
    history = History()
    for iteration in range(iterations):
        pred = predict(input, weights)  # predict
        delta = pred - goal_pred  # compare
        error = delta**2
        deltas = weight_deltas(input, delta, frozen)  # learn
        history.record(weights, pred, error, deltas)
        weights = weights - alpha * deltas
    history.final_weights = weights
    return history


def train(inputs, goal_preds, weights, alpha, iterations, batch=False, frozen=None):
    """Gradient descent on a whole data set, one row of `inputs` per example (chapter 5). Each
    iteration is one pass over the rows, in order.

    With `batch=False`, the book's way, the weights learn from each row before the next row is
    predicted. With `batch=True` every row is predicted with the same weights, and the weights
    change once per pass by the average of the rows' weight deltas: gradient descent on the
    mean squared error. Either way an iteration records the sum of its rows' squared errors,
    and one array of weight deltas per row.
    """
    history = History()
    for iteration in range(iterations):
        start, preds, error, deltas_per_row = weights, [], 0.0, []
        for input, goal_pred in zip(inputs, goal_preds):
            pred = predict(input, weights)
            delta = pred - goal_pred
            deltas = weight_deltas(input, delta, frozen)
            preds.append(pred)
            error += np.sum(delta**2)
            deltas_per_row.append(deltas)
            if not batch:  # learn from this row before predicting the next
                weights = weights - alpha * deltas
        if batch:  # learn once, from every row at the same weights
            weights = weights - alpha * np.mean(deltas_per_row, axis=0)
        history.record(start, np.array(preds), error, np.array(deltas_per_row))
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
