"""Shapes: whether the arguments of a tinynn function fit together.

Each function here is a `fit` for `arguments.checked`: it gets the checked arguments as a dict
(name to value), raises a ValueError that names the arguments, their shapes and what to try when
they don't fit, and may put a value into the form the arithmetic wants (one row of inputs as a
table of one row, one goal per row as a column). Each checked function names its fit where it is
made checked: in `tinynn/__init__.py` for the arithmetic, beside the function for plots.
"""

import numpy as np

from tinynn.arguments import MOST_UNITS, brief
from tinynn.data import DIGITS_ROWS


def shape_of(value):
    return np.shape(value)


def fit_same_shape(first, second):
    def fit(values):
        if shape_of(values[first]) != shape_of(values[second]):
            raise ValueError(
                f"{first} and {second} must have the same shape, got {shape_of(values[first])} "
                f"and {shape_of(values[second])}: compare each prediction with its own goal"
            )

    return fit


def fit_weighted_sums(values):
    input, weights = values["input"], values["weights"]
    if weights.ndim != 2 or weights.shape[1] != len(input):
        raise ValueError(
            f"weights must be a table with one row per output and one column per input: got "
            f"{len(input)} inputs and weights of shape {weights.shape}; try a table with "
            f"{len(input)} columns"
        )


def fit_weighted_sum(values):
    input, weights = values["input"], values["weights"]
    for name in ("input", "weights"):
        if not isinstance(values[name], np.ndarray) or values[name].ndim != 1:
            raise ValueError(
                f"{name} must be a list of numbers, got {brief(values[name])}: a weighted sum "
                "needs one weight per input"
            )
    if len(input) != len(weights):
        raise ValueError(
            f"input and weights must have the same length, got {len(input)} inputs and "
            f"{len(weights)} weights: each input needs exactly one weight"
        )


def fit_frozen(values, weights_shape):
    mask = values.get("frozen")
    if mask is None:
        return
    if mask.shape != weights_shape:
        want = "a single True or False" if weights_shape == () else f"shape {weights_shape}"
        raise ValueError(
            f"frozen must be True/False for each weight ({want}), got {brief(mask)}: for "
            "example [True, False, False] holds the first of three weights still"
        )


def goal_fits(name, goal, shape, per="output"):
    if shape_of(goal) != shape:
        raise ValueError(
            f"{name} must have the shape of the prediction, {shape}, got {shape_of(goal)}: "
            f"give one goal per {per}"
        )


def fit_weight_deltas(values):
    input, delta = values["input"], values["delta"]
    if isinstance(input, np.ndarray) and isinstance(delta, np.ndarray):
        shape = (len(delta), len(input))
    else:
        shape = np.broadcast_shapes(shape_of(input), shape_of(delta))
    fit_frozen(values, shape)


def fit_train(values):
    """Rows of inputs, one goal per row, one weight per input (and per frozen flag)."""
    inputs, goal_preds, weights = values["inputs"], values["goal_preds"], values["weights"]
    if goal_preds.ndim == 2 and goal_preds.shape[1] == 1:
        goal_preds = values["goal_preds"] = goal_preds[:, 0]  # a column: one goal per row
    if goal_preds.ndim != 1:
        raise ValueError(
            f"goal_preds must have one goal per row, got shape {goal_preds.shape}: train learns "
            "one output; e.g. goal_preds = [1, 1, 0, 1] for four rows"
        )
    if len(inputs) != len(goal_preds):
        raise ValueError(
            f"inputs and goal_preds must have one row per example, got {len(inputs)} rows of "
            f"inputs and {len(goal_preds)} goals: give every input row its goal"
        )
    if weights.ndim != 1 or len(weights) != inputs.shape[1]:
        raise ValueError(
            f"weights must have one weight per input: the rows have {inputs.shape[1]} inputs, "
            f"the weights shape {weights.shape}; try a list of {inputs.shape[1]} weights"
        )
    fit_frozen(values, weights.shape)


def fit_layers(values):
    """Whether the inputs (`layer_0` or `inputs`) and the weight tables fit together."""
    name = "layer_0" if "layer_0" in values else "inputs"
    layer_0, weights_0_1 = values[name], values["weights_0_1"]
    if layer_0.shape[-1] != weights_0_1.shape[0]:
        raise ValueError(
            f"weights_0_1 needs one row per input: {name} has {layer_0.shape[-1]} inputs but "
            f"weights_0_1 has shape {weights_0_1.shape}; try shape ({layer_0.shape[-1]}, hidden)"
        )
    weights_1_2 = values.get("weights_1_2")
    if weights_1_2 is not None and weights_0_1.shape[1] != weights_1_2.shape[0]:
        raise ValueError(
            f"weights_1_2 needs one row per hidden unit: weights_0_1 has shape "
            f"{weights_0_1.shape} but weights_1_2 has shape {weights_1_2.shape}; "
            f"try shape ({weights_0_1.shape[1]}, outputs)"
        )


def fit_rows_of_layer_0(values):
    """The layer shapes, then one row of layer_0 made a table of one row."""
    fit_layers(values)
    values["layer_0"] = values["layer_0"].reshape(-1, values["layer_0"].shape[-1])


def fit_digit_network(values):
    """One picture through a network with one output per digit: at least two outputs, or
    there is no runner-up."""
    fit_layers(values)
    outputs = values["weights_1_2"].shape[1]
    if outputs < 2:
        raise ValueError(
            f"weights_1_2 must have one column per digit, got {outputs}: a network that reads "
            "digits has ten outputs, e.g. weights_1_2 of shape (hidden, 10)"
        )


def fit_one_output(values):
    """One row through a network with a single output (the backprop explorer's drawing)."""
    fit_layers(values)
    if values["weights_1_2"].shape[1] != 1:
        raise ValueError(
            f"weights_1_2 must have a single column (one output), got shape "
            f"{values['weights_1_2'].shape}: e.g. init_weights(3, 4, 1)[1]"
        )


def fit_labels(values):
    """One label per row of layer_0, each the number of one of the network's outputs."""
    fit_rows_of_layer_0(values)
    rows, labels = len(values["layer_0"]), values["labels"]
    outputs = values["weights_1_2"].shape[1]
    if len(labels) != rows:
        raise ValueError(
            f"labels must have one label per row of layer_0: {rows} rows, got {len(labels)} "
            "labels; pass the labels of the same pictures, e.g. test_inputs and test_labels"
        )
    if labels.max() >= outputs:
        raise ValueError(
            f"labels must be below the number of outputs, {outputs}, got {labels.max()}: "
            "each label is the number of the output that should be biggest"
        )


def fit_split(values):
    if values["test_size"] >= DIGITS_ROWS:
        raise ValueError(
            f"test_size must leave pictures to learn from: there are {DIGITS_ROWS:,} digits, "
            f"got test_size {values['test_size']:,}; try 500"
        )


def fit_network_goal(values):
    """The layer shapes, then the goal reshaped to one row per row of layer_0."""
    fit_layers(values)
    rows = values["layer_0"].reshape(-1, values["layer_0"].shape[-1])
    values["layer_0"] = rows  # one row becomes a table of one row, as the book slices it
    shape = (len(rows), values["weights_1_2"].shape[1])
    goal = np.reshape(values["goal_pred"], -1)
    if goal.size != shape[0] * shape[1]:
        raise ValueError(
            f"goal_pred must have one goal per prediction, {shape[0] * shape[1]} in all "
            f"(shape {shape}), got shape {shape_of(values['goal_pred'])}: one goal per output "
            "for each row of layer_0"
        )
    values["goal_pred"] = goal.reshape(shape)


def fit_train_hidden(values):
    fit_layers(values)
    inputs, goal_preds = values["inputs"], values["goal_preds"]
    outputs = values["weights_1_2"].shape[1]
    if goal_preds.ndim == 1 and outputs == 1:
        goal_preds = goal_preds.reshape(-1, 1)  # one goal per row, for a single output
    if goal_preds.shape != (len(inputs), outputs):
        raise ValueError(
            f"goal_preds must have shape {(len(inputs), outputs)} (one row per input row, one "
            f"column per output), got {goal_preds.shape}: e.g. [[1], [1], [0], [0]]"
        )
    values["goal_preds"] = goal_preds


def fit_init_weights(values):
    size = values["hidden_size"] * (values["n_inputs"] + values["n_outputs"])
    if size > 10 * MOST_UNITS:
        raise ValueError(
            f"hidden_size, n_inputs and n_outputs ask for {size:,} weights, more than "
            f"{10 * MOST_UNITS:,}: try a smaller network"
        )


def fit_slopes(values):
    slopes, other = values["slopes"], values["other_slopes"]
    if len(slopes) != len(other):
        raise ValueError(
            f"slopes and other_slopes must hold the same number of arrays, got {len(slopes)} "
            f"and {len(other)}: compare the slopes of the same weights"
        )
    for i, (a, b) in enumerate(zip(slopes, other)):
        if a.shape != b.shape:
            raise ValueError(
                f"slopes[{i}] and other_slopes[{i}] must have the same shape, got {a.shape} "
                f"and {b.shape}: compare the slopes of the same weights"
            )


def fit_rows(values):
    """One goal per row of inputs (the chapter 6 pictures of a whole run)."""
    inputs, goal_preds = values["inputs"], values["goal_preds"]
    if len(goal_preds) != len(inputs):
        raise ValueError(
            f"goal_preds must have one goal per row of inputs: {len(inputs)} rows, got "
            f"{len(goal_preds)} goals; e.g. walk_vs_stop for the streetlights"
        )


def fit_hidden_run(values):
    """A hidden-layer run's history, drawn on the rows it learned from."""
    fit_rows(values)
    weights = values["history"].final_weights
    if not (isinstance(weights, tuple) and len(weights) == 2):
        raise TypeError(
            "history must be what train_hidden(...) returns, got one from another kind of "
            "learning: e.g. train_hidden(inputs, goal_preds, weights_0_1, weights_1_2, 0.2, 60)"
        )
    if weights[0].shape[0] != values["inputs"].shape[1]:
        raise ValueError(
            f"inputs must have one column per input of the history's network: its "
            f"weights_0_1 has {weights[0].shape[0]} rows, the inputs {values['inputs'].shape[1]} "
            "columns; draw the run on the rows it learned from"
        )


def fit_error_of(values):
    """`error_of` takes one argument per array of weights (or the one weight)."""
    import inspect

    count = len(values["weights"]) if "weights" in values else 1
    try:
        inspect.signature(values["error_of"]).bind(*[None] * count)
    except (TypeError, ValueError):
        examples = {1: "lambda weight: ...", 2: "lambda weights_0_1, weights_1_2: ..."}
        example = examples.get(count, f"a function of {count} arrays")
        raise TypeError(
            f"error_of must take {count} argument(s), one per array of weights, but it can't "
            f"be called that way: e.g. {example}"
        ) from None
