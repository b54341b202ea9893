"""Predict: how a network turns inputs into a prediction.

A network is its weights. With one weight it multiplies (chapter 1); with several inputs it
takes a weighted sum (chapter 5); with a hidden layer it does that twice, with relu between
(chapter 6).
"""

import numpy as np

from tinynn import _checks


def weighted_sum(inputs, weights):
    """Multiply each input by its weight and add the results up, left to right (chapter 5).

    The sum runs in a plain loop, in the book's order, so the digits match the book's.
    """
    inputs = _checks.array("inputs", inputs, ndims=(1,))
    weights = _checks.array("weights", weights, ndims=(1,))
    if len(inputs) != len(weights):
        raise ValueError(
            f"inputs and weights must have the same length, got {len(inputs)} inputs and "
            f"{len(weights)} weights: each input needs exactly one weight"
        )
    total = 0.0
    for input, weight in zip(inputs.tolist(), weights.tolist()):
        total += input * weight
    return total


def predict(input, weights):
    """Predict from one input or several, with one weight, several, or a table of them.

    - one input, one weight: `input * weight` (chapter 1);
    - n inputs, n weights: their weighted sum (chapter 5);
    - one input, m weights: m predictions, `input * weight` each (chapter 5, several outputs);
    - n inputs, an (m, n) table of weights: m weighted sums, one per row (many in, many out).
    """
    input = _checks.scalar_or_array("input", input, ndims=(0, 1))
    weights = _checks.scalar_or_array("weights", weights, ndims=(0, 1, 2))
    n_inputs, weights_ndim = np.ndim(input), np.ndim(weights)
    if n_inputs == 0 and weights_ndim == 0:
        return input * weights
    if n_inputs == 0 and weights_ndim == 1:
        return input * weights
    if n_inputs == 1 and weights_ndim == 1:
        return weighted_sum(input, weights)
    if n_inputs == 1 and weights_ndim == 2:
        if weights.shape[1] != len(input):
            raise ValueError(
                f"weights must have one column per input: got {len(input)} inputs and weights "
                f"of shape {weights.shape}; try weights of shape (outputs, {len(input)})"
            )
        return np.array([weighted_sum(input, row) for row in weights])
    raise ValueError(
        f"can't predict from input of shape {np.shape(input)} with weights of shape "
        f"{np.shape(weights)}: pass one weight per input, or a table with one row per output"
    )


def relu(x):
    """Keep positive numbers, turn negative ones into 0 (chapter 6)."""
    return (x > 0) * x


def relu_deriv(output):
    """The slope of relu at each of its outputs: 1 where it let the number through, else 0."""
    return (output > 0) * 1.0


def forward(layer_0, weights_0_1, weights_1_2):
    """Run a one-hidden-layer network: `layer_1 = relu(layer_0 . weights_0_1)`, then
    `layer_2 = layer_1 . weights_1_2` (chapter 6).

    `layer_0` is one row of inputs (shape `(inputs,)`) or several (shape `(rows, inputs)`);
    `weights_0_1` has shape `(inputs, hidden)` and `weights_1_2` shape `(hidden, outputs)`.
    Returns `(layer_1, layer_2)`.
    """
    layer_0 = _checks.array("layer_0", layer_0, ndims=(1, 2))
    weights_0_1 = _checks.array("weights_0_1", weights_0_1, ndims=(2,))
    weights_1_2 = _checks.array("weights_1_2", weights_1_2, ndims=(2,))
    check_layer_shapes(layer_0, weights_0_1, weights_1_2)
    layer_1 = relu(np.dot(layer_0, weights_0_1))
    layer_2 = np.dot(layer_1, weights_1_2)
    return layer_1, layer_2


def check_layer_shapes(layer_0, weights_0_1, weights_1_2):
    """Raise a ValueError that names the mismatch if the three shapes don't fit together."""
    if layer_0.shape[-1] != weights_0_1.shape[0]:
        raise ValueError(
            f"weights_0_1 needs one row per input: layer_0 has {layer_0.shape[-1]} inputs but "
            f"weights_0_1 has shape {weights_0_1.shape}; try shape ({layer_0.shape[-1]}, hidden)"
        )
    if weights_0_1.shape[1] != weights_1_2.shape[0]:
        raise ValueError(
            f"weights_1_2 needs one row per hidden unit: weights_0_1 has shape "
            f"{weights_0_1.shape} but weights_1_2 has shape {weights_1_2.shape}; "
            f"try shape ({weights_0_1.shape[1]}, outputs)"
        )


def init_weights(n_inputs, hidden_size, n_outputs=1, seed=1):
    """Random starting weights between -1 and 1 for a one-hidden-layer network.

    They are drawn exactly as the book's chapter 6 draws them after `np.random.seed(seed)`:
    `2 * random((n_inputs, hidden_size)) - 1`, then `2 * random((hidden_size, n_outputs)) - 1`,
    but from a private generator, so NumPy's global random state is left alone.
    Returns `(weights_0_1, weights_1_2)`.
    """
    hint = "a 3-4-1 network has 3 inputs, hidden_size 4 and 1 output"
    n_inputs = _checks.count("n_inputs", n_inputs, hint)
    hidden_size = _checks.count("hidden_size", hidden_size, hint)
    n_outputs = _checks.count("n_outputs", n_outputs, hint)
    rng = np.random.RandomState(seed)
    weights_0_1 = 2 * rng.random_sample((n_inputs, hidden_size)) - 1
    weights_1_2 = 2 * rng.random_sample((hidden_size, n_outputs)) - 1
    return weights_0_1, weights_1_2
