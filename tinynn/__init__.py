"""tinynn: the arithmetic of *Grokking Deep Learning*'s first chapters, small enough to read.

Predict (`network`), compare (`losses`), learn (`learning`), slopes (`gradients`), a record of
learning (`history`) and small data sets (`data`). Only NumPy is imported here; plots and
widgets import matplotlib and ipywidgets when you use them.
"""

from tinynn.data import linear_data, streetlights
from tinynn.gradients import (
    backprop,
    compare_gradients,
    error_slope,
    numerical_derivative,
    numerical_gradient,
    relative_difference,
)
from tinynn.history import History
from tinynn.learning import (
    contraction_factor,
    gradient_descent_step,
    hot_and_cold,
    hot_and_cold_step,
    learn,
    learning_regime,
    train,
    train_hidden,
)
from tinynn.losses import mean_squared_error, network_error, squared_error
from tinynn.network import forward, init_weights, predict, relu, relu_deriv, weighted_sum

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
    "weighted_sum",
]
