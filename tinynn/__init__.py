"""tinynn: the arithmetic of *Grokking Deep Learning*'s first chapters, small enough to read.

Predict (`network`), compare (`losses`), learn (`learning`), slopes (`gradients`), a record of
learning (`history`) and small data sets (`data`). Only NumPy is imported here; plots and
widgets import matplotlib and ipywidgets when you use them.

The functions below are the checked versions of the ones in those modules: each looks at what
you pass it once, says clearly what is wrong if something is, then runs the module's plain
arithmetic (which is what `show_source` shows). Inside the library, functions call each other
directly, so a loop of learning runs as fast as one written by hand.
"""

from tinynn import data, gradients, learning, losses, network
from tinynn._checks import checked
from tinynn.history import History

predict = checked(network.predict)
weighted_sum = checked(network.weighted_sum)
relu = checked(network.relu)
relu_deriv = checked(network.relu_deriv)
forward = checked(network.forward)
init_weights = checked(network.init_weights)

squared_error = checked(losses.squared_error)
mean_squared_error = checked(losses.mean_squared_error)
network_error = checked(losses.network_error)

hot_and_cold_step = checked(learning.hot_and_cold_step)
hot_and_cold = checked(learning.hot_and_cold)
weight_deltas = checked(learning.weight_deltas)
gradient_descent_step = checked(learning.gradient_descent_step)
learn = checked(learning.learn)
train = checked(learning.train)
train_hidden = checked(learning.train_hidden)
contraction_factor = checked(learning.contraction_factor)
learning_regime = checked(learning.learning_regime)

numerical_derivative = checked(gradients.numerical_derivative)
numerical_gradient = checked(gradients.numerical_gradient)
backprop = checked(gradients.backprop)
compare_gradients = checked(gradients.compare_gradients)
relative_difference = checked(gradients.relative_difference)
error_slope = checked(gradients.error_slope)

streetlights = checked(data.streetlights)
linear_data = checked(data.linear_data)
load_digits = checked(data.load_digits)

__all__ = [
    "History",
    "backprop",
    "compare_gradients",
    "contraction_factor",
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
    "predict",
    "relative_difference",
    "relu",
    "relu_deriv",
    "squared_error",
    "streetlights",
    "train",
    "train_hidden",
    "weight_deltas",
    "weighted_sum",
]
