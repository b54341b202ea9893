"""Interactive widgets for the chapters. ipywidgets and matplotlib are imported only here,
only when a widget is made.

Each widget only wires sliders to a plain tinynn function (tested on its own); the widget
functions return the `ipywidgets.interactive` object so tests can drive it.
"""

from tinynn import _checks as check
from tinynn._checks import checked

ONE_NUMBER = check.number()


class _LiveFigure:
    """A figure whose frame (axes, ticks, labels, fixed curves) is drawn once; each update
    draws only the moving parts onto a copy of it and puts the result in `picture`, an image
    widget. That keeps a slider quick.
    """

    def __init__(self, figsize, ncols=1, dpi=80, layout="constrained"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        # Made without pyplot, so pyplot never holds on to it: it goes when the widget goes.
        self.figure = Figure(figsize=figsize, dpi=dpi, layout=layout)
        FigureCanvasAgg(self.figure)
        self.axes = self.figure.subplots(1, ncols)
        self.moving = []
        self._frame = None
        self.picture = _picture(figsize, dpi)

    def keep_frame(self, leave_out=()):
        """Draw what is on the figure now, except the artists in `leave_out`, as the frame
        every update starts from."""
        import matplotlib

        for artist in leave_out:
            artist.set_animated(True)  # a plain draw leaves animated artists out
        with matplotlib.rc_context({"text.hinting": "none"}):  # quicker text, looks the same
            self.figure.canvas.draw()
        self._frame = self.figure.canvas.copy_from_bbox(self.figure.bbox)

    def show(self, moving):
        """Swap the moving parts for `moving` (removing the last ones from the figure), draw
        them on the frame and show the picture. Returns its PNG bytes."""
        for artist in self.moving:
            artist.remove()
        self.moving = list(moving)
        return self.redraw(self.moving)

    def redraw(self, artists):
        """Draw `artists` on the frame and show the picture. Returns its PNG bytes."""
        canvas = self.figure.canvas
        canvas.restore_region(self._frame)
        for artist in artists:
            self.figure.draw_artist(artist)
        png = _png(canvas)
        self.picture.value = png
        return png


@checked(
    input=ONE_NUMBER,
    goal_pred=ONE_NUMBER,
    span=check.positive("span is how far the slider reaches each side of the bottom; try 2.6"),
)
def slope_explorer(input=0.5, goal_pred=0.8, span=2.6):
    """A weight slider on the error parabola (chapter 3): it draws the slope at that weight
    and the step gradient descent would take from there (`plots.draw_slope`).

    Each update returns the numbers it shows: pred, delta, error, slope, weight_delta and
    the new weight.
    """
    import ipywidgets

    from tinynn import error_slope, gradient_descent_step
    from tinynn.plots import draw_slope, plot_error_parabola

    if input == 0:
        raise ValueError(
            "input must not be 0 here, got 0: with input 0 the error doesn't depend on the "
            "weight, so there is no slope to explore; try 0.5"
        )
    centre = goal_pred / input
    live = _LiveFigure(figsize=(6, 3.2))
    summary = ipywidgets.Label()
    ax = live.axes
    plot_error_parabola(input, goal_pred, ax=ax, span=span)
    sample = draw_slope(ax, input, goal_pred, centre)
    ax.legend(loc="upper center", fontsize="small")
    for artist in sample:
        artist.remove()
    live.keep_frame()
    slider = ipywidgets.FloatSlider(
        value=round(centre + 0.55 * span, 1),
        min=round(centre - span, 2),
        max=round(centre + span, 2),
        step=0.05,
        description="weight",
    )

    def update(weight):
        pred = input * weight
        delta = pred - goal_pred
        slope = error_slope(input, goal_pred, weight)
        new_weight = gradient_descent_step(input, goal_pred, weight)
        summary.value = (
            f"pred {pred:.3f}, delta {delta:+.3f}, slope 2 * delta * input {slope:+.3f}, "
            f"weight_delta {delta * input:+.3f}, new weight {new_weight:.3f}"
        )
        live.show(draw_slope(ax, input, goal_pred, weight))
        return {
            "weight": weight,
            "pred": pred,
            "delta": delta,
            "error": delta**2,
            "slope": slope,
            "weight_delta": delta * input,
            "new_weight": new_weight,
        }

    ui = ipywidgets.interactive(update, weight=slider)
    return _under_the_sliders(ui, summary, live.picture)


@checked(
    weight=ONE_NUMBER,
    goal_pred=ONE_NUMBER,
    iterations=check.count("the number of iterations drawn; try 20", 200),
)
def alpha_explorer(weight=0.5, goal_pred=0.8, iterations=20):
    """Sliders for alpha and the input (chapter 4): learning from `weight` for `iterations`
    iterations, drawn as in `plots.plot_alpha_run`, with the contraction factor
    `1 - alpha * input**2` and what it means (`learning.learning_regime`).

    Each update returns the factor, the regime and the `History` it drew.
    """
    import ipywidgets

    from tinynn import contraction_factor, learn, learning_regime
    from tinynn.plots import draw_iterations, plot_iterations_frame

    live = _LiveFigure(figsize=(8, 3), ncols=2)
    summary = ipywidgets.Label()
    preds_ax, errors_ax = live.axes
    plot_iterations_frame(live.axes, goal_pred, iterations=iterations)
    live.keep_frame()
    alpha_slider = ipywidgets.FloatSlider(
        value=0.1, min=0.01, max=1.0, step=0.01, description="alpha", readout_format=".2f"
    )
    # Up to 6, so that with alpha 0.1 the edge, input sqrt(20) (about 4.47), is in reach.
    input_slider = ipywidgets.FloatSlider(
        value=2.0, min=0.0, max=6.0, step=0.1, description="input", readout_format=".1f"
    )

    def update(alpha, input):
        factor = contraction_factor(input, alpha)
        regime = learning_regime(input, alpha)
        history = learn(input, goal_pred, weight, alpha=alpha, iterations=iterations)
        # The factor and regime go above the picture: drawing text in it would cost more than
        # both lines together.
        summary.value = (
            f"contraction factor 1 - alpha * input**2 = 1 - {alpha:.2f} * {input:.1f}**2 = "
            f"{factor:+.3f}: {regime}"
        )
        live.show(
            [
                draw_iterations(preds_ax, history.preds, color="tab:blue"),
                draw_iterations(errors_ax, history.errors, log=True, color="tab:orange"),
            ]
        )
        return {"factor": factor, "regime": regime, "history": history}

    ui = ipywidgets.interactive(update, alpha=alpha_slider, input=input_slider)
    return _under_the_sliders(ui, summary, live.picture)


@checked(weight=ONE_NUMBER)
def learning_explorer(weight=1.0):
    """Sliders for the input, goal_pred, alpha and the number of iterations (chapter 1): the weight
    starts at `weight` and learns, and the two pictures of `plots.plot_learning` show the
    prediction closing in on the goal and the error falling.

    Each update returns the `History` it drew. The picture is an image under the sliders. Its
    frame (axes, ticks, labels, titles) is drawn again only when the scales change or learning
    starts or stops diverging; otherwise an update draws just the lines on a copy of it, which
    is much quicker.
    """
    import ipywidgets

    from tinynn import learn
    from tinynn.plots import plot_learning

    # Fixed margins rather than a layout engine: a frame redraw then doesn't measure labels.
    live = _LiveFigure(figsize=(7.5, 2.6), ncols=2, dpi=90, layout=None)
    live.figure.subplots_adjust(left=0.09, right=0.98, bottom=0.18, top=0.89, wspace=0.32)
    axes = live.axes
    summary = ipywidgets.Label()
    sliders = {
        "input": ipywidgets.FloatSlider(value=5.0, min=-5.0, max=10.0, step=0.5),
        "goal_pred": ipywidgets.FloatSlider(value=42.0, min=-50.0, max=100.0, step=1.0),
        "alpha": ipywidgets.FloatLogSlider(
            value=0.01, base=10, min=-3, max=-1, step=0.1, readout_format=".3f"
        ),
        "iterations": ipywidgets.IntSlider(value=20, min=1, max=60),
    }
    shown = {"frame": None}

    def update(input, goal_pred, alpha, iterations):
        history = learn(input, goal_pred, weight, alpha=alpha, iterations=iterations)
        final_pred = input * history.final_weights
        summary.value = (
            f"weight {weight:g} -> {history.final_weights:.4g}: after {iterations} iterations "
            f"it predicts {final_pred:.4g} for goal_pred {goal_pred:g}"
        )
        plot_learning(history, goal_pred, axes)
        lines = [*axes[0].lines, *axes[1].lines]
        frame = (axes[0].get_xlim(), axes[0].get_ylim(), axes[1].get_ylim(), history.diverged)
        if frame != shown["frame"]:
            live.keep_frame(leave_out=lines)
            shown["frame"] = frame
        live.redraw(lines)
        return history

    ui = ipywidgets.interactive(update, **sliders)
    return _under_the_sliders(ui, summary, live.picture)


def _picture(figsize, dpi):
    """An image widget for a figure, shown at the figure's own size (not stretched to the
    notebook's width). Updating an image widget shows quicker than output printed under an
    `interactive`, which is cleared and filled again on every move."""
    import ipywidgets

    width = round(figsize[0] * dpi)
    return ipywidgets.Image(format="png", layout={"width": f"{width}px", "max_width": "100%"})


def _under_the_sliders(ui, summary, picture):
    """Put a one-line summary and the picture under an `interactive`'s sliders."""
    *controls, output = ui.children
    ui.children = (*controls, summary, picture, output)
    return ui


def _png(canvas):
    """What an Agg canvas holds now, as PNG bytes (quick to compress, a little bigger)."""
    import io

    import numpy as np
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.asarray(canvas.buffer_rgba())).save(buffer, "png", compress_level=1)
    return buffer.getvalue()


# ---- Chapter 05: many inputs ----


def _train_batch_quickly(inputs, goal_preds, weights, alpha, iterations):
    """`tinynn.train(inputs, goal_preds, weights, alpha, iterations, batch=True)` for one
    output, written with matrix products: the same steps, thirty times quicker, so that a
    slider can rerun 2000 iterations at once. The digits may differ in the last place (NumPy
    adds up in its own order); the weight deltas per row are not recorded. Returns a History
    that stops, like train's, at the first error too big for a float.
    """
    import math

    import numpy as np

    from tinynn.history import History

    history = History()
    rows = len(inputs)
    with np.errstate(all="ignore"):
        for iteration in range(iterations):
            preds = inputs @ weights
            deltas = preds - goal_preds
            error = float(deltas @ deltas)
            history.record(weights, preds, error)
            if not math.isfinite(error):
                break
            weights = weights - alpha * (deltas @ inputs) / rows
    history.final_weights = weights
    return history.tidy()


@checked(
    true_weights=check.array((1,), "one weight per input, e.g. (0.5, 0.9, 1.2)"),
    start=check.array((1,), "one starting weight per input, e.g. (0.2, 1.4, 30.0)"),
    iterations=check.count("the number of iterations drawn; try 2000", 20_000),
)
def weights_explorer(true_weights=(0.5, 0.9, 1.2), start=(0.2, 1.4, 30.0), iterations=2000):
    """Sliders for alpha and the last weight's starting value (chapter 5): the weights start at
    `start` and learn the data set `linear_data(true_weights)` with batch gradient descent
    (`train(..., batch=True)`) for `iterations` iterations, drawn as in
    `plots.plot_weight_paths`: each weight arriving at its true value, and the mean squared
    error.

    Each update returns the `History` it drew, the final weights and the final mean squared
    error (`mean_squared_error`), and whether learning diverged.
    """
    import ipywidgets
    import numpy as np

    from tinynn.data import linear_data
    from tinynn.plots import draw_weight_paths, plot_weights_frame

    if len(start) != len(true_weights):
        raise ValueError(
            f"start must have one weight per input: got {len(start)} starting weights for "
            f"{len(true_weights)} true weights; try {tuple(float(w) for w in true_weights)}"
        )
    inputs, goal_preds = linear_data(true_weights)
    rows = len(inputs)
    reach = max(30.0, float(np.abs(start).max()))
    live = _LiveFigure(figsize=(9, 3.2), ncols=2)
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
    alpha_slider = ipywidgets.FloatSlider(
        value=0.01, min=0.001, max=0.025, step=0.001, description="alpha", readout_format=".3f"
    )
    start_slider = ipywidgets.FloatSlider(
        value=float(start[-1]),
        min=-reach,
        max=reach,
        step=1.0,
        description=f"weight {last} starts at",
        readout_format=".0f",
        style={"description_width": "initial"},
    )

    def update(alpha, last_start):
        weights = np.array(start, dtype=np.float64)
        weights[-1] = last_start
        history = _train_batch_quickly(inputs, goal_preds, weights, alpha, iterations)
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
    return _under_the_sliders(ui, summary, live.picture)


# ---- Chapter 06: the hidden layer ----


@checked(iterations=check.count("the number of iterations drawn; try 60", 1000))
def hidden_layer_explorer(iterations=60):
    """Sliders for the hidden size, the seed of the starting weights and alpha (chapter 6):
    the streetlights network trains for `iterations` iterations, one row at a time, and the
    picture of `plots.plot_hidden_run` shows whether it learned or got stuck, and which hidden
    units are dead.

    Each update returns the `History`, the dead units and the rows no unit fires for.
    """
    import ipywidgets
    import matplotlib
    import numpy as np

    from tinynn import init_weights, streetlights, train_hidden
    from tinynn.plots import dead_units, draw_hidden_run, start_hidden_picture

    inputs, goal_preds = streetlights()
    # Fixed margins rather than a layout engine: the frame is drawn once, with room for what
    # each run adds around the table (its column numbers, the dead units' marks).
    live = _LiveFigure(figsize=(9, 3.1), ncols=2, dpi=90, layout=None)
    live.figure.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.86, wspace=0.42)
    summary = ipywidgets.Label()
    sliders = {
        "hidden_size": ipywidgets.IntSlider(value=4, min=1, max=8, description="hidden size"),
        "seed": ipywidgets.IntSlider(value=1, min=0, max=19, description="seed"),
        "alpha": ipywidgets.FloatSlider(
            value=0.2, min=0.05, max=0.5, step=0.05, description="alpha", readout_format=".2f"
        ),
    }
    for slider in sliders.values():
        slider.style = {"description_width": "initial"}
    start_hidden_picture(live.axes, inputs, goal_preds, iterations)
    live.keep_frame()

    def update(hidden_size, seed, alpha):
        start = init_weights(3, hidden_size, 1, seed=seed)
        history = train_hidden(inputs, goal_preds, *start, alpha=alpha, iterations=iterations)
        weights_0_1, weights_1_2 = history.final_weights
        dead = dead_units(inputs, weights_0_1)
        layer_1 = np.maximum(inputs.dot(weights_0_1), 0.0)
        unserved = [int(row) for row in np.flatnonzero(~layer_1.any(axis=1))]
        goals = [f"{row} (goal {goal_preds[row, 0]:g})" for row in unserved]
        verdict = "learned" if history.final_error < 0.01 else "not learned"
        summary.value = (
            f"error {history.errors[0]:.3g} -> {history.final_error:.3g} after {iterations} "
            f"iterations: {verdict}. Dead units: {_listed(dead)}. Rows no unit fires for, "
            f"so predicted 0: {_listed(goals)}."
        )
        with matplotlib.rc_context(_QUICK_TEXT):
            live.show(draw_hidden_run(live.axes, history, inputs, goal_preds))
        return {"history": history, "dead_units": dead, "rows_no_unit_fires_for": unserved}

    ui = ipywidgets.interactive(update, **sliders)
    return _under_the_sliders(ui, summary, live.picture)


@checked(seed=check.seed, alpha=check.positive("alpha scales each change; try 0.2"))
def backprop_explorer(seed=1, alpha=0.2):
    """Step through one step of backpropagation on the streetlights network (chapter 6):
    sliders for the seed of the starting weights (the book's is 1, where the slider starts
    unless `seed` says otherwise), the row, and the stage (forward, compare, backward,
    learn). The drawing (`plots.draw_backprop_stage`) shows the numbers on the nodes and
    edges, and the text beside it the stage's arithmetic (`plots.backprop_ledger`).

    Each update returns the numbers of `plots.backprop_steps` for that seed, row and stage.
    """
    import ipywidgets
    import matplotlib

    from tinynn import init_weights, streetlights
    from tinynn.plots import (
        STAGES,
        backprop_ledger,
        backprop_steps,
        draw_backprop_stage,
        draw_network_frame,
    )

    inputs, goal_preds = streetlights()
    live = _LiveFigure(figsize=(9.5, 4.0), ncols=2, dpi=100, layout=None)
    network_ax, ledger_ax = live.axes
    network_ax.set_position([0.0, 0.02, 0.5, 0.9])
    ledger_ax.set_position([0.52, 0.02, 0.47, 0.9])
    ledger_ax.axis("off")
    draw_network_frame(network_ax)
    live.keep_frame()
    sliders = {
        "seed": ipywidgets.IntSlider(value=seed, min=0, max=max(19, seed), description="seed"),
        "row": ipywidgets.IntSlider(value=0, min=0, max=len(inputs) - 1, description="row"),
        "stage": ipywidgets.SelectionSlider(options=STAGES, value="forward", description="stage"),
    }
    summary = ipywidgets.Label()

    def update(seed, row, stage):
        weights_0_1, weights_1_2 = init_weights(3, 4, 1, seed=seed)
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
        with matplotlib.rc_context(_QUICK_TEXT):
            live.show([*draw_backprop_stage(network_ax, steps, stage), ledger])
        return steps

    ui = ipywidgets.interactive(update, **sliders)
    return _under_the_sliders(ui, summary, live.picture)


# Text drawn without hinting: about a quarter quicker, and it looks the same (as `keep_frame`).
_QUICK_TEXT = {"text.hinting": "none"}


def _listed(items):
    return ", ".join(str(item) for item in items) if items else "none"


# ---- Chapter 7: handwritten digits ----


def _digit_labels(name, value):
    from tinynn.plots import _labels

    return _labels(name, value)


@checked(
    inputs=check.optional(
        check.array((2,), "the test inputs: one row of 64 pixels (divided by 16) per digit")
    ),
    labels=check.optional(_digit_labels),
    weights_0_1=check.optional(
        check.array((2,), "the trained weights_0_1: one row per pixel, one column per unit")
    ),
    weights_1_2=check.optional(
        check.array((2,), "the trained weights_1_2: one row per unit, one column per digit")
    ),
)
def digit_explorer(inputs=None, labels=None, weights_0_1=None, weights_1_2=None):
    """Pick a test digit with the slider, or paint one on the 8x8 grid of buttons (a click
    inks a pixel, another click rubs it out), and watch the hidden layer's outputs and the ten
    outputs change (chapter 7). The work is `plots.digit_activity`; the picture is drawn as
    `plots.plot_digit_activity` draws it.

    Pass the chapter's `test_inputs`, `test_labels` and trained weights; with none of them,
    the widget makes the chapter's own (its split, and its network trained as in section 6).
    Each update returns what it showed: `index` and `label` (None for a painting), `pixels`,
    and `digit_activity`'s `layer_1`, `layer_2`, `digit`, `runner_up` and `active`.
    """
    import ipywidgets
    import numpy as np

    from tinynn.plots import HIDDEN_TOP, _draw_activity_frame, _set_activity, digit_activity

    given = [value is not None for value in (inputs, labels, weights_0_1, weights_1_2)]
    if any(given) and not all(given):
        raise ValueError(
            "pass all four of inputs, labels, weights_0_1 and weights_1_2, or none of them "
            "(then the widget makes the chapter's): e.g. digit_explorer(test_inputs, "
            "test_labels, weights_0_1, weights_1_2)"
        )
    if not any(given):
        from tinynn.exercises.ch07 import chapter_digits

        digits = chapter_digits()
        inputs, labels = digits["test_inputs"], digits["test_labels"]
        weights_0_1, weights_1_2 = digits["weights_0_1"], digits["weights_1_2"]
    if inputs.shape[1] != 64 or len(labels) != len(inputs):
        raise ValueError(
            f"inputs must have 64 pixels per row and labels one digit per row, got inputs of "
            f"shape {inputs.shape} and {len(labels)} labels"
        )
    digit_activity(inputs[0], weights_0_1, weights_1_2)  # says clearly if the shapes don't fit

    # Fixed margins rather than a layout engine: the frame is drawn once, and never squeezed.
    live = _LiveFigure(figsize=(6.8, 2.6), ncols=2, dpi=80, layout=None)
    live.figure.subplots_adjust(left=0.08, right=0.98, bottom=0.19, top=0.89, wspace=0.28)
    hidden_ax, outputs_ax = live.axes
    # Fixed scales, so that digits compare; a painting that fires a unit harder widens it.
    hidden_top = max(HIDDEN_TOP, 1.05 * float(np.max(_hidden_tops(inputs, weights_0_1))))
    bars = _draw_activity_frame(hidden_ax, outputs_ax, weights_0_1.shape[1], hidden_top)
    live.keep_frame(leave_out=_parts(bars))
    summary = ipywidgets.Label()
    state = {"pixels": np.array(inputs[0]), "index": 0, "label": int(labels[0])}

    pixel = ipywidgets.Layout(width="22px", height="22px", padding="0", margin="0")  # shared
    pixel_buttons = [
        ipywidgets.Button(tooltip=f"row {row}, column {column}", layout=pixel)
        for row in range(8)
        for column in range(8)
    ]
    canvas = ipywidgets.GridBox(
        pixel_buttons,
        layout=ipywidgets.Layout(
            grid_template_columns="repeat(8, 22px)", grid_gap="1px", width="max-content"
        ),
    )

    def show_pixels():
        for button, value in zip(pixel_buttons, state["pixels"]):
            grey = round(255 * (1 - min(max(float(value), 0.0), 1.0)))
            button.style.button_color = f"#{grey:02x}{grey:02x}{grey:02x}"

    def draw():
        activity = digit_activity(state["pixels"], weights_0_1, weights_1_2)
        top = float(activity["layer_1"].max())
        if top > hidden_ax.get_ylim()[1]:  # a painting beyond the scale: widen it, once
            hidden_ax.set_ylim(0, 1.05 * top)
            live.keep_frame(leave_out=_parts(bars))
        outputs = activity["layer_2"]
        live.redraw(_set_activity(bars, activity["layer_1"], outputs, state["label"]))
        said, second = activity["digit"], activity["runner_up"]
        what = (
            f"test digit {state['index']} (label {state['label']}):"
            if state["label"] is not None
            else "your painting:"
        )
        summary.value = (
            f"{what} the network says {said} (output {outputs[said]:.2f}), then "
            f"{second} ({outputs[second]:.2f}); {activity['active']} of "
            f"{len(activity['layer_1'])} hidden units are above 0"
        )
        return {
            "index": state["index"],
            "label": state["label"],
            "pixels": state["pixels"].copy(),
            **activity,
        }

    def update(index):
        state.update(pixels=np.array(inputs[index]), index=index, label=int(labels[index]))
        show_pixels()
        return draw()

    def paint(number):
        def on_click(button):
            pixels = state["pixels"]
            pixels[number] = 1.0 if pixels[number] < 0.5 else 0.0
            state.update(index=None, label=None)
            show_pixels()
            ui.result = draw()

        return on_click

    for number, button in enumerate(pixel_buttons):
        button.on_click(paint(number))
    clear = ipywidgets.Button(description="clear", layout=ipywidgets.Layout(width="90px"))

    def on_clear(button):
        state.update(pixels=np.zeros(64), index=None, label=None)
        show_pixels()
        ui.result = draw()

    clear.on_click(on_clear)
    back = ipywidgets.Button(description="test digit", layout=ipywidgets.Layout(width="90px"))
    back.on_click(lambda button: setattr(ui, "result", update(slider.value)))
    slider = ipywidgets.IntSlider(
        value=0, min=0, max=len(inputs) - 1, step=1, description="test digit"
    )
    ui = ipywidgets.interactive(update, index=slider)
    *controls, output = ui.children
    painting = ipywidgets.VBox([canvas, ipywidgets.HBox([clear, back])])
    ui.children = (
        *controls,
        summary,
        ipywidgets.HBox([painting, live.picture], layout={"align_items": "center"}),
        output,
    )
    return ui


def _hidden_tops(inputs, weights_0_1):
    """Each input row's biggest hidden-unit output: what the hidden layer's scale must fit."""
    import numpy as np

    return np.max(np.maximum(inputs.dot(weights_0_1), 0.0), axis=1)


def _parts(bars):
    hidden_bars, output_bars, truth = bars
    return [*hidden_bars, *output_bars, truth]
