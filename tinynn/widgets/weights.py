"""Sliders for several weights learning a data set together (chapter 5)."""

import math

import numpy as np

from tinynn import arguments as kind
from tinynn import train
from tinynn.arguments import checked
from tinynn.plots import draw_weight_paths, plot_weights_frame
from tinynn.widgets.live import LiveFigure, under_the_sliders

# The starting weight's slider reaches this far either side of 0, or further for a bigger start.
REACH = 30.0


def _fit(values):
    """One starting weight (and one true weight) per input, within a slider's reach."""
    inputs, goal_preds, start = values["inputs"], values["goal_preds"], values["start"]
    if len(goal_preds) != len(inputs):
        raise ValueError(
            f"goal_preds must have one goal per row of inputs: {len(inputs)} rows, got "
            f"{len(goal_preds)} goals; e.g. the inputs and goal_preds of linear_data()"
        )
    for name in ("start", "true_weights"):
        given = values[name]
        if given is not None and len(given) != inputs.shape[1]:
            raise ValueError(
                f"{name} must have one weight per input: the rows have {inputs.shape[1]} "
                f"inputs, {name} has {len(given)}; e.g. [0.2, 1.4, 30.0] for three"
            )
    if float(np.abs(start).max()) > 1000 * REACH:
        raise ValueError(
            f"start's weights must be between {-1000 * REACH:g} and {1000 * REACH:g} for the "
            f"slider to reach them, got {kind.brief(start)}; try [0.2, 1.4, 30.0]"
        )


@checked(
    start=kind.array((1,), "one starting weight per input, e.g. [0.2, 1.4, 30.0]"),
    iterations=kind.count("the number of iterations drawn; try 2000", 20_000),
    fit=_fit,
)
def weights_explorer(inputs, goal_preds, start, true_weights=None, iterations=2000):
    """Sliders for alpha and the last weight's starting value (chapter 5): the weights start at
    `start` and learn the data set `inputs`, `goal_preds` with one batch of every row
    (`train(..., batch_size=len(inputs))`) for `iterations` iterations, drawn as in
    `plots.plot_weight_paths`: each weight arriving at its true value (dashed, when
    `true_weights` is given), and the mean squared error.

    Each update returns the `History` it drew, the final weights, the final mean squared error
    and whether learning diverged.
    """
    import ipywidgets

    from tinynn.widgets import controls

    rows = len(inputs)
    reach = max(REACH, float(np.abs(start).max()))
    live = LiveFigure(figsize=(9, 3.2), ncols=2)
    plot_weights_frame(
        live.axes,
        len(start),
        iterations=iterations,
        true_weights=true_weights,
        weight_range=(-1.1 * reach, 1.1 * reach),
        errors=(1e-32, 1e8),
        error_label="mean squared error",
        log_iterations=True,
    )
    live.keep_frame()
    summary = ipywidgets.Label()
    last = len(start)
    alpha_slider = controls.slider("alpha", 0.001, 0.025, 0.001, 0.01, "{:.3f}")
    low, high = -math.floor(reach), math.floor(reach)
    start_slider = controls.slider(f"weight {last} starts at", low, high, 1, start[-1], "{:.0f}")

    def update(alpha, last_start):
        weights = start.copy()
        weights[-1] = float(last_start)
        history = train(inputs, goal_preds, weights, alpha, iterations, batch_size=rows)
        final = history.final_weights
        error = history.final_error / rows
        diverged = history.diverged  # worked out from all 2000 errors: once is enough
        if diverged:
            summary.value = (
                f"alpha {alpha:.3f}: diverged after {len(history)} iterations; the mean squared "
                f"error grew to {error:.3g}. Try a smaller alpha."
            )
        else:
            shown = ", ".join(f"{weight:.4f}" for weight in final)
            summary.value = (
                f"alpha {alpha:.3f}: after {iterations} iterations the weights are [{shown}], "
                f"mean squared error {error:.3g}"
            )
        live.show(draw_weight_paths(live.axes, history, rows=rows))
        return {
            "history": history,
            "final_weights": final,
            "mean_squared_error": error,
            "diverged": diverged,
        }

    ui = ipywidgets.interactive(update, alpha=alpha_slider, last_start=start_slider)
    return under_the_sliders(ui, summary, live.picture)
