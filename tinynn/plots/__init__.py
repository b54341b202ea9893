"""Pictures of learning, by what they draw; matplotlib is imported only when one is drawn.

- `errors`: errors, predictions and slopes, iteration by iteration (chapters 1 to 4, 7);
- `weights`: several weights learning (chapter 5);
- `network`: a network with a hidden layer, and backpropagation drawn on it (chapter 6);
- `digits`: handwritten digits and the network reading them (chapter 7);
- `figures`: `show(alt, description)`, which displays a figure with its text alternative.

Every `plot_` function takes `ax=None` (a new figure when None), returns what it drew on and
never changes matplotlib's global settings; a `draw_` function adds to axes it is given, and
returns what it added, so a widget can redraw just that. Pictures only draw: the numbers they
show come from the library (`tinynn.network`, `tinynn.gradients`, ...).
"""

from tinynn.plots.digits import (
    draw_activity_frame,
    draw_digit,
    plot_digit_activity,
    plot_digits,
    plot_hidden_units,
    set_activity,
)
from tinynn.plots.errors import (
    draw_iterations,
    draw_slope,
    plot_alpha_boundary,
    plot_alpha_run,
    plot_error_parabola,
    plot_errors,
    plot_iterations_frame,
    plot_learning,
    plot_passes,
    plot_predictions,
    plot_slope_at,
)
from tinynn.plots.figures import show
from tinynn.plots.network import (
    backprop_ledger,
    draw_backprop_stage,
    draw_hidden_run,
    draw_network_frame,
    plot_backprop_stages,
    plot_hidden_run,
    start_hidden_picture,
)
from tinynn.plots.weights import draw_weight_paths, plot_weight_paths, plot_weights_frame

__all__ = [
    "backprop_ledger",
    "draw_activity_frame",
    "draw_backprop_stage",
    "draw_digit",
    "draw_hidden_run",
    "draw_iterations",
    "draw_network_frame",
    "draw_slope",
    "draw_weight_paths",
    "plot_alpha_boundary",
    "plot_alpha_run",
    "plot_backprop_stages",
    "plot_digit_activity",
    "plot_digits",
    "plot_error_parabola",
    "plot_errors",
    "plot_hidden_run",
    "plot_hidden_units",
    "plot_iterations_frame",
    "plot_learning",
    "plot_passes",
    "plot_predictions",
    "plot_slope_at",
    "plot_weight_paths",
    "plot_weights_frame",
    "set_activity",
    "show",
    "start_hidden_picture",
]
