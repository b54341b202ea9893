"""The digit explorer (chapter 7): pick a test digit or paint one, and watch the network read
it.
"""

import numpy as np

from tinynn import arguments as kind
from tinynn import digit_activity, relu
from tinynn.arguments import checked
from tinynn.plots import draw_activity_frame, set_activity
from tinynn.plots.digits import HIDDEN_TOP, digit_labels
from tinynn.shapes import fit_digit_network
from tinynn.widgets.live import LiveFigure, describe_picture


def _fit(values):
    """64 pixels a row, a label per row, and a network with 64 inputs and ten outputs."""
    inputs, labels = values["inputs"], values["labels"]
    if inputs.shape[1] != 64 or len(labels) != len(inputs):
        raise ValueError(
            f"inputs must have 64 pixels per row and labels one digit per row, got inputs of "
            f"shape {inputs.shape} and {len(labels)} labels: e.g. test_inputs and test_labels"
        )
    fit_digit_network({"layer_0": inputs[0], **values})


@checked(
    inputs=kind.array((2,), "the test inputs: one row of 64 pixels (divided by 16) per digit"),
    labels=digit_labels,
    weights_0_1=kind.array((2,), "the trained weights_0_1: one row per pixel, one column per unit"),
    weights_1_2=kind.array((2,), "the trained weights_1_2: one row per unit, one column per digit"),
    fit=_fit,
)
def digit_explorer(inputs, labels, weights_0_1, weights_1_2):
    """Pick a test digit with the slider, or paint one on the 8x8 grid of buttons (a click
    inks a pixel, another click rubs it out), and watch the hidden layer's outputs and the ten
    outputs change (chapter 7): `digit_activity`, drawn as `plots.plot_digit_activity` draws
    it. Pass the chapter's `test_inputs`, `test_labels` and trained weights.

    Each update returns what it showed: `index` and `label` (None for a painting), `pixels`,
    and `digit_activity`'s `layer_1`, `layer_2`, `digit`, `runner_up` and `active`.
    """
    import ipywidgets

    from tinynn.widgets import controls

    # Fixed margins rather than a layout engine: the frame is drawn once, and never squeezed.
    live = LiveFigure(figsize=(6.8, 2.6), ncols=2, dpi=80, layout=None)
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
        for number, (button, value) in enumerate(zip(pixel_buttons, state["pixels"])):
            ink = min(max(float(value), 0.0), 1.0)
            grey = round(255 * (1 - ink))
            button.style.button_color = f"#{grey:02x}{grey:02x}{grey:02x}"
            # What a screen reader says for the pixel: where it is, and how much ink it holds.
            row, column = divmod(number, 8)
            button.tooltip = f"row {row}, column {column}: ink {ink:.1f}"

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
    slider = controls.slider("test digit", 0, len(inputs) - 1, 1, 0)
    ui = ipywidgets.interactive(update, index=slider)
    *sliders, output = ui.children
    painting = ipywidgets.VBox([canvas, ipywidgets.HBox([clear, back])])
    describe_picture(live.picture, summary)
    ui.children = (
        *sliders,
        summary,
        ipywidgets.HBox([painting, live.picture], layout={"align_items": "center"}),
        output,
    )
    return ui


def _hidden_tops(inputs, weights_0_1):
    """Each input row's biggest hidden-unit output: what the hidden layer's scale must fit."""
    return np.max(relu(inputs.dot(weights_0_1)), axis=1)


def _parts(bars):
    hidden_bars, output_bars, truth = bars
    return [*hidden_bars, *output_bars, truth]
