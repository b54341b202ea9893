"""Sliders for a network with a hidden layer (chapter 6): which networks learn the
streetlights and which get stuck, and one step of backpropagation, stage by stage.
"""

import numpy as np

from tinynn import arguments as kind
from tinynn import backprop_steps, dead_units, forward, init_weights, train_hidden
from tinynn.arguments import checked
from tinynn.plots import (
    backprop_ledger,
    draw_backprop_stage,
    draw_hidden_run,
    draw_network_frame,
    start_hidden_picture,
)
from tinynn.plots.network import STAGES
from tinynn.widgets.live import QUICK_TEXT, LiveFigure, under_the_sliders

ROWS = kind.array((2,), "one row of inputs per example, e.g. lights")
ONE_GOAL_EACH = kind.array((2,), "one row with one goal per example, e.g. walk_vs_stop")


def _fit(values):
    """A goal per row of inputs, and at most 8 inputs: the drawings' room."""
    inputs, goal_preds = values["inputs"], values["goal_preds"]
    if goal_preds.shape != (len(inputs), 1):
        raise ValueError(
            f"goal_preds must have one row with one goal per row of inputs, shape "
            f"({len(inputs)}, 1), got {goal_preds.shape}: e.g. walk_vs_stop"
        )
    if inputs.shape[1] > 8 or len(inputs) > 12:
        raise ValueError(
            f"inputs must have at most 8 inputs and 12 rows for the drawing to stay readable, "
            f"got shape {inputs.shape}: e.g. the streetlights, lights"
        )


@checked(
    inputs=ROWS,
    goal_preds=ONE_GOAL_EACH,
    iterations=kind.count("the number of iterations drawn; try 60", 1000),
    fit=_fit,
)
def hidden_layer_explorer(inputs, goal_preds, iterations=60):
    """Sliders for the hidden size, the seed of the starting weights and alpha (chapter 6):
    a network learns `inputs` and `goal_preds` (the streetlights) for `iterations` iterations,
    one row at a time, and the picture of `plots.plot_hidden_run` shows whether it learned or
    got stuck, and which hidden units are dead.

    Each update returns the `History`, the dead units and the rows no unit fires for.
    """
    import ipywidgets
    import matplotlib

    from tinynn.widgets import controls

    # Fixed margins rather than a layout engine: the frame is drawn once, with room for what
    # each run adds around the table (its column numbers, the dead units' marks).
    live = LiveFigure(figsize=(9, 3.1), ncols=2, dpi=90, layout=None)
    live.figure.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.86, wspace=0.42)
    summary = ipywidgets.Label()
    sliders = {
        "hidden_size": controls.slider("hidden size", 1, 8, 1, 4),
        "seed": controls.slider("seed", 0, 19, 1, 1),
        "alpha": controls.slider("alpha", 0.05, 0.5, 0.05, 0.2, "{:.2f}"),
    }
    start_hidden_picture(live.axes, inputs, goal_preds, iterations)
    live.keep_frame()

    def update(hidden_size, seed, alpha):
        start = init_weights(inputs.shape[1], hidden_size, 1, seed=seed)
        history = train_hidden(inputs, goal_preds, *start, alpha=alpha, iterations=iterations)
        weights_0_1, weights_1_2 = history.final_weights
        dead = dead_units(inputs, weights_0_1)
        layer_1, _ = forward(inputs, weights_0_1, weights_1_2)
        unserved = [int(row) for row in np.flatnonzero(~layer_1.any(axis=1))]
        goals = [f"{row} (goal {goal_preds[row, 0]:g})" for row in unserved]
        verdict = "learned" if history.final_error < 0.01 else "not learned"
        summary.value = (
            f"error {history.errors[0]:.3g} -> {history.final_error:.3g} after {iterations} "
            f"iterations: {verdict}. Dead units: {_listed(dead)}. Rows no unit fires for, "
            f"so predicted 0: {_listed(goals)}."
        )
        with matplotlib.rc_context(QUICK_TEXT):
            live.show(draw_hidden_run(live.axes, history, inputs, goal_preds))
        return {"history": history, "dead_units": dead, "rows_no_unit_fires_for": unserved}

    ui = ipywidgets.interactive(update, **sliders)
    return under_the_sliders(ui, summary, live.picture)


@checked(
    inputs=ROWS,
    goal_preds=ONE_GOAL_EACH,
    seed=kind.seed,
    alpha=kind.positive("alpha scales each change; try 0.2"),
    fit=_fit,
)
def backprop_explorer(inputs, goal_preds, seed=1, alpha=0.2):
    """Step through one step of backpropagation on a 4-unit network learning `inputs` and
    `goal_preds` (the streetlights, chapter 6): sliders for the seed of the starting weights
    (the book's is 1, where the slider starts unless `seed` says otherwise), the row, and the
    stage (forward, compare, backward, learn). The drawing (`plots.draw_backprop_stage`) shows
    the numbers on the nodes and edges, and the text beside it the stage's arithmetic
    (`plots.backprop_ledger`).

    Each update returns the numbers of `backprop_steps` for that seed, row and stage.
    """
    import ipywidgets
    import matplotlib

    from tinynn.widgets import controls

    live = LiveFigure(figsize=(9.5, 4.0), ncols=2, dpi=100, layout=None)
    network_ax, ledger_ax = live.axes
    network_ax.set_position([0.0, 0.02, 0.5, 0.9])
    ledger_ax.set_position([0.52, 0.02, 0.47, 0.9])
    ledger_ax.axis("off")
    draw_network_frame(network_ax, n_inputs=inputs.shape[1])
    live.keep_frame()
    sliders = {
        "seed": controls.slider("seed", 0, max(19, seed), 1, seed),
        "row": controls.slider("row", 0, len(inputs) - 1, 1, 0),
        "stage": controls.choice_slider("stage", STAGES, "forward"),
    }
    summary = ipywidgets.Label()

    def update(seed, row, stage):
        weights_0_1, weights_1_2 = init_weights(inputs.shape[1], 4, 1, seed=seed)
        goal_pred = goal_preds[row, 0]
        steps = backprop_steps(inputs[row], goal_pred, weights_0_1, weights_1_2, alpha)
        lights = [int(light) for light in inputs[row]]
        summary.value = f"seed {seed}, row {row}: lights {lights}, goal_pred {goal_pred:g}; {stage}"
        ledger = ledger_ax.text(
            0.0,
            1.0,
            backprop_ledger(steps, stage),
            family="monospace",
            fontsize=9,
            va="top",
            ha="left",
            transform=ledger_ax.transAxes,
        )
        with matplotlib.rc_context(QUICK_TEXT):
            live.show([*draw_backprop_stage(network_ax, steps, stage), ledger])
        return steps

    ui = ipywidgets.interactive(update, **sliders)
    return under_the_sliders(ui, summary, live.picture)


def _listed(items):
    return ", ".join(str(item) for item in items) if items else "none"
