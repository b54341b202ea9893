"""tinynn: the arithmetic of *Grokking Deep Learning*'s first chapters, small enough to read.

Predict (`network`), compare (`losses`), learn (`learning`), slopes (`gradients`), a record of
learning (`history`) and small data sets (`data`). Only NumPy is imported here; plots and
widgets import matplotlib and ipywidgets when you use them.

The functions below are the checked versions of the ones in those modules: each looks at what
you pass it once (`arguments`: what each argument may be; `shapes`: whether they fit together),
says clearly what is wrong if something is, then runs the module's plain arithmetic (which is
what `show_source` shows). Inside the library, functions call each other directly, so a loop
of learning runs as fast as one written by hand.
"""

from tinynn import data, gradients, learning, losses, network, shapes
from tinynn.arguments import KINDS, array, checked, number
from tinynn.history import History

ONE_NUMBER = KINDS["weight"]  # a single number, as a Python float
ONE_INPUT = number(
    "a network with one weight takes one input, such as 5; several inputs, each with its own "
    "weight, make a weighted sum: weighted_sum(input, weights) (chapter 5)"
)
ONE_WEIGHT = number(
    "learn teaches one weight, such as 0.5; several weights learn with train(inputs, "
    "goal_preds, weights, alpha, iterations) (chapter 5)"
)
ONE_ROW = array((1,), "one row of inputs, e.g. [1, 0, 1]")
ONE_OR_MORE = array((0, 1), "a number, or a list of numbers, one per output")

predict = checked(network.predict, input=ONE_INPUT, weight=ONE_OR_MORE)
weighted_sum = checked(network.weighted_sum, fit=shapes.fit_weighted_sum)
weighted_sums = checked(
    network.weighted_sums,
    input=ONE_ROW,
    weights=array((2,), "a table of weights, one row per output, one column per input"),
    fit=shapes.fit_weighted_sums,
)
relu = checked(network.relu)
relu_deriv = checked(network.relu_deriv)
forward = checked(network.forward, fit=shapes.fit_layers)
init_weights = checked(network.init_weights, fit=shapes.fit_init_weights)
dead_units = checked(network.dead_units, fit=shapes.fit_rows_of_layer_0)
digit_activity = checked(network.digit_activity, layer_0=ONE_ROW, fit=shapes.fit_digit_network)
pixel_pushes = checked(network.pixel_pushes, layer_0=ONE_ROW, fit=shapes.fit_layers)

squared_error = checked(losses.squared_error, fit=shapes.fit_same_shape("pred", "goal_pred"))
mean_squared_error = checked(
    losses.mean_squared_error, fit=shapes.fit_same_shape("preds", "goal_preds")
)
network_error = checked(
    losses.network_error, goal_pred=array((0, 1, 2)), fit=shapes.fit_network_goal
)
accuracy = checked(losses.accuracy, fit=shapes.fit_labels)

hot_and_cold_step = checked(learning.hot_and_cold_step, input=ONE_NUMBER, goal_pred=ONE_NUMBER)
hot_and_cold = checked(learning.hot_and_cold, input=ONE_NUMBER, goal_pred=ONE_NUMBER)
gradient_descent_step = checked(
    learning.gradient_descent_step, input=ONE_INPUT, goal_pred=ONE_NUMBER, weight=ONE_WEIGHT
)
learn = checked(learning.learn, input=ONE_INPUT, goal_pred=ONE_NUMBER, weight=ONE_WEIGHT)
weight_deltas_for = checked(learning.weight_deltas_for, fit=shapes.fit_weight_deltas)
train = checked(
    learning.train,
    weights=array((1,), "one weight per input, e.g. [0.2, 1.4, 30.0]"),
    fit=shapes.fit_train,
)
train_hidden = checked(learning.train_hidden, fit=shapes.fit_train_hidden)
contraction_factor = checked(learning.contraction_factor, input=ONE_NUMBER)
learning_regime = checked(learning.learning_regime, input=ONE_NUMBER)

numerical_derivative = checked(gradients.numerical_derivative, fit=shapes.fit_error_of)
numerical_gradient = checked(
    gradients.numerical_gradient, weights=KINDS["slopes"], fit=shapes.fit_error_of
)
backprop = checked(gradients.backprop, goal_pred=array((0, 1, 2)), fit=shapes.fit_network_goal)
backprop_steps = checked(
    gradients.backprop_steps,
    layer_0=ONE_ROW,
    goal_pred=number("the goal of that row: one number, e.g. walk_vs_stop[0, 0]"),
    fit=shapes.fit_one_output,
)
compare_gradients = checked(
    gradients.compare_gradients, goal_pred=array((0, 1, 2)), fit=shapes.fit_network_goal
)
relative_difference = checked(gradients.relative_difference, fit=shapes.fit_slopes)
error_slope = checked(gradients.error_slope, input=ONE_NUMBER, goal_pred=ONE_NUMBER)

streetlights = checked(data.streetlights)
linear_data = checked(data.linear_data)
load_digits = checked(data.load_digits)
split_digits = checked(
    data.split_digits, test_size=KINDS["rows"], seed=KINDS["seed"], fit=shapes.fit_split
)

__all__ = [
    "History",
    "accuracy",
    "backprop",
    "backprop_steps",
    "compare_gradients",
    "contraction_factor",
    "dead_units",
    "digit_activity",
    "error_slope",
    "forward",
    "gradient_descent_step",
    "hot_and_cold",
    "hot_and_cold_step",
    "init_weights",
    "learn",
    "learning_regime",
    "linear_data",
    "load_digits",
    "mean_squared_error",
    "network_error",
    "numerical_derivative",
    "numerical_gradient",
    "pixel_pushes",
    "predict",
    "relative_difference",
    "relu",
    "relu_deriv",
    "split_digits",
    "squared_error",
    "streetlights",
    "train",
    "train_hidden",
    "weight_deltas_for",
    "weighted_sum",
    "weighted_sums",
]
