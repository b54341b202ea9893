"""Predict: how a network turns an input into a prediction.

A network is its weights. With one weight it multiplies (chapter 1); with several inputs it
takes a weighted sum, and with several outputs one weighted sum per output (chapter 5); with a
hidden layer it does that twice, with relu between (chapter 6). Single numbers are Python
floats here, everything bigger a NumPy array: `tinynn.predict` and the others check what you
pass and hand it over in that form.
"""

import numpy as np


def predict(input, weight):
    """A network with one weight predicts `input * weight` (chapter 1).

    Given several weights, one input predicts one number per weight: chapter 5's network with
    one input and several outputs.
    """
    return input * weight


def weighted_sum(input, weights):
    """Multiply each input by its weight and add up the results, left to right (chapter 5).

    This is the book's loop, in the book's order, so the digits come out the same as the
    book's. Given a table with one row of inputs per example, the same loop adds up every row
    at once (`input.T` pairs each input's column with its weight): one weighted sum per row.
    """
    total = 0.0
    for one_input, weight in zip(input.T, weights):
        total += one_input * weight
    return total


def weighted_sums(input, weights):
    """One weighted sum of the inputs per row of `weights`: a network with several inputs and
    several outputs, one row of weights per output (chapter 5)."""
    return np.array([weighted_sum(input, row) for row in weights])


def relu(x):
    """Keep positive numbers, turn the others into 0 (chapter 6)."""
    return np.maximum(x, 0.0)


def relu_deriv(output):
    """The slope of relu at each of its outputs: 1 where it let the number through, else 0."""
    return (output > 0) * 1.0


def forward(layer_0, weights_0_1, weights_1_2):
    """Run a one-hidden-layer network (chapter 6): `layer_1 = relu(layer_0 . weights_0_1)`,
    then `layer_2 = layer_1 . weights_1_2`. Returns `(layer_1, layer_2)`.

    `layer_0` is one row of inputs, shape `(inputs,)`, or several, shape `(rows, inputs)`;
    `weights_0_1` has shape `(inputs, hidden)` and `weights_1_2` shape `(hidden, outputs)`.
    """
    layer_1 = relu(layer_0.dot(weights_0_1))
    layer_2 = layer_1.dot(weights_1_2)
    return layer_1, layer_2


def init_weights(n_inputs, hidden_size, n_outputs=1, seed=1, scale=1.0):
    """Random starting weights between -scale and scale for a one-hidden-layer network.

    With `scale=1` they are drawn exactly as the book's chapter 6 draws them after
    `np.random.seed(seed)`: `2 * random((n_inputs, hidden_size)) - 1`, then
    `2 * random((hidden_size, n_outputs)) - 1`. They come from a generator of their own, so
    NumPy's global random state is left alone. Returns `(weights_0_1, weights_1_2)`.
    """
    random = np.random.RandomState(seed)
    weights_0_1 = (2 * random.random_sample((n_inputs, hidden_size)) - 1) * scale
    weights_1_2 = (2 * random.random_sample((hidden_size, n_outputs)) - 1) * scale
    return weights_0_1, weights_1_2


def dead_units(layer_0, weights_0_1):
    """The hidden units that relu turns off for every row of `layer_0`, as a list of their
    numbers (chapters 6 and 7). Such a unit gives 0 whatever the row, and relu's slope there is
    0, so no row ever sends it a delta: its weights never change again.
    """
    layer_1 = relu(layer_0.dot(weights_0_1))
    return [int(unit) for unit in np.flatnonzero(np.all(layer_1 == 0, axis=0))]


def digit_activity(layer_0, weights_0_1, weights_1_2):
    """Run one picture through the network and say what happened (chapter 7), as a dict:
    `layer_1` (the hidden units' outputs), `layer_2` (the ten outputs), `digit` (the biggest
    output: the network's answer), `runner_up` (the second biggest) and `active` (how many
    hidden units are above 0).
    """
    layer_1, layer_2 = forward(layer_0, weights_0_1, weights_1_2)
    ranked = np.argsort(-layer_2, kind="stable")  # on a tie the smaller digit first, as argmax
    return {
        "layer_1": layer_1,
        "layer_2": layer_2,
        "digit": int(ranked[0]),
        "runner_up": int(ranked[1]),
        "active": int(np.sum(layer_1 > 0)),
    }


def pixel_pushes(layer_0, weights_0_1, weights_1_2):
    """How much each pixel of one picture adds to each output (chapter 7): a table with one
    row per pixel and one column per output, whose column `digit` adds up to output `digit`.

    Only the hidden units above 0 pass anything on, and relu passes their sums unchanged, so
    for this picture each output is a weighted sum of the pixels: one weight per pixel, made
    of the active units' weights. A pixel's push is the pixel times that weight.
    """
    layer_1 = relu(layer_0.dot(weights_0_1))
    active = layer_1 > 0
    pixel_weights = weights_0_1[:, active].dot(weights_1_2[active])
    return layer_0[:, None] * pixel_weights
