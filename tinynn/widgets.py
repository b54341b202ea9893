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

    from tinynn.plots import HIDDEN_TOP, digit_activity, draw_activity_frame, set_activity

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
    bars = draw_activity_frame(hidden_ax, outputs_ax, weights_0_1.shape[1], hidden_top)
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
        live.redraw(set_activity(bars, activity["layer_1"], outputs, state["label"]))
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
