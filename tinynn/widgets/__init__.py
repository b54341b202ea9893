"""Interactive widgets for the chapters; ipywidgets and matplotlib are imported only when a
widget is made.

- `single_weight`: learning one weight (chapter 1), its slope (chapter 3), alpha (chapter 4);
- `weights`: several weights learning a data set (chapter 5);
- `hidden`: a hidden layer learning, and one step of backpropagation (chapter 6);
- `digits`: the digit explorer (chapter 7);
- `live`: the quickly redrawn picture every widget shows under its sliders.

Each widget is given its data, wires its sliders to library functions and a `draw_` function
of `tinynn.plots`, and returns the `ipywidgets.interactive` object, so tests can drive it.
"""

from tinynn.widgets.digits import digit_explorer
from tinynn.widgets.hidden import backprop_explorer, hidden_layer_explorer
from tinynn.widgets.single_weight import alpha_explorer, learning_explorer, slope_explorer
from tinynn.widgets.weights import weights_explorer

__all__ = [
    "alpha_explorer",
    "backprop_explorer",
    "digit_explorer",
    "hidden_layer_explorer",
    "learning_explorer",
    "slope_explorer",
    "weights_explorer",
]
