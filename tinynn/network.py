"""Predict: how a network turns an input into a prediction.

A network is its weights. With one weight it multiplies (chapter 1); with several inputs it
takes a weighted sum (chapter 5); with a hidden layer it does that twice, with relu between
(chapter 6). Single numbers are Python floats here, everything bigger a NumPy array:
`tinynn.predict` and the others check what you pass and hand it over in that form.
"""

import numpy as np


def predict(input, weights):
    """A prediction from one input or several, with one weight, several, or a table of them.

    - one input, one weight: `input * weight` (chapter 1);
    - several inputs, one weight each: their weighted sum (chapter 5);
    - one input, one weight per output: `input * weight` for each (chapter 5);
    - several inputs, a table of weights with one row per output: a weighted sum per row.
    """
    if isinstance(weights, float):  # one input, one weight
        return input * weights
    if weights.ndim == 2:  # a table: one row of weights per output
        return np.array([weighted_sum(input, row) for row in weights])
    if isinstance(input, float):  # one input, one weight per output
        return input * weights
    return weighted_sum(input, weights)  # several inputs, one weight each


def weighted_sum(input, weights):
    """Multiply each input by its weight and add up the results, left to right (chapter 5).

    This is the book's loop, in the book's order, so the digits come out the same as the book's.
    """
    total = 0.0
    for one_input, weight in zip(input, weights):
        total += one_input * weight
    return total


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
