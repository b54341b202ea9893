"""Pictures of handwritten digits and of the network reading them (chapter 7): 8x8 pictures of
pixels, of weights and of pixel pushes; what hidden units look for; one digit's hidden layer and
ten outputs.
"""

import numpy as np

from tinynn import arguments as kind
from tinynn.arguments import checked
from tinynn.network import digit_activity, relu
from tinynn.shapes import fit_digit_network

# A picture of a digit is 8 rows of 8 pixels, kept one row after another: 64 numbers.
SIDE = 8
PICTURE = kind.array((1,), "64 numbers: one 8x8 picture, its top row first")
PICTURES = kind.array((2,), "one row of 64 numbers per picture, e.g. images[:20]")
LIMIT = kind.positive("limit is the size that gets the strongest colour; try 1")


def _titles(name, value):
    """None, or one text per picture."""
    if value is None:
        return None
    if isinstance(value, str) or not hasattr(value, "__iter__") or np.ndim(value) == 0:
        raise TypeError(
            f"{name} must be a list of texts, one per picture, got {kind.brief(value)}: e.g. "
            "['said 1', 'said 7']"
        )
    return [kind.text(f"{name}[{i}]", title) for i, title in enumerate(value)]


def digit(name, value):
    """One digit, a whole number from 0 to 9, as an int."""
    number = kind.whole_number(name, value)
    if not 0 <= number <= 9:
        raise ValueError(f"{name} must be a digit from 0 to 9, got {number}: e.g. {name}=8")
    return number


def digit_labels(name, value):
    """Digits 0 to 9, one per picture, as an array of ints."""
    hint = "one digit from 0 to 9 per picture, e.g. labels[:20]"
    numbers = kind.array((1,), hint)(name, value)
    if not np.all((numbers == np.round(numbers)) & (numbers >= 0) & (numbers <= 9)):
        raise ValueError(
            f"{name} must be whole numbers from 0 to 9, got {kind.brief(value)}: one digit "
            "per picture, e.g. labels[:20]"
        )
    return numbers.astype(int)


def _as_picture(name, pixels):
    if pixels.size != SIDE * SIDE:
        raise ValueError(
            f"{name} must have {SIDE * SIDE} numbers (8 rows of 8 pixels), got {pixels.size}: "
            "pass one row of images, e.g. images[0]"
        )
    return pixels.reshape(SIDE, SIDE)


@checked(
    ax=kind.axes,
    pixels=PICTURE,
    title=kind.optional(kind.text),
    centred=kind.flag,
    limit=LIMIT,
)
def draw_digit(ax, pixels, title=None, centred=False, limit=None):
    """Draw 64 numbers as an 8x8 picture, top row first (chapter 7). Returns the image.

    Pixels are drawn as ink: white for 0, black for full ink (16, or 1 once divided by 16).
    With `centred=True` the numbers are weights or pushes, either side of 0: red above 0,
    blue below, white at 0, and `limit` (by default the biggest size there) gets the
    strongest colour.
    """
    picture = _as_picture("pixels", pixels)
    if centred:
        limit = limit or float(np.max(np.abs(picture))) or 1.0
        image = ax.imshow(picture, cmap="RdBu_r", vmin=-limit, vmax=limit)
    else:
        limit = limit or (16.0 if picture.max() > 1 else 1.0)
        image = ax.imshow(picture, cmap="gray_r", vmin=0, vmax=limit)
    ax.set_xticks([])
    ax.set_yticks([])
    if title is not None:
        ax.set_title(title, fontsize=9)
    return image


@checked(
    images=PICTURES,
    titles=_titles,
    ncols=kind.count("pictures per row; try 10", 40),
    centred=kind.flag,
    limit=LIMIT,
)
def plot_digits(images, titles=None, ncols=10, centred=False, limit=None):
    """Draw each row of `images` as an 8x8 picture in a grid, `ncols` to a row, each with its
    title if `titles` is given (chapter 7). With `centred=True` all pictures share one colour
    scale, so their colours can be compared. Returns the grid of axes.
    """
    import matplotlib.pyplot as plt

    if titles is not None and len(titles) != len(images):
        raise ValueError(
            f"titles must have one text per picture: got {len(images)} pictures and "
            f"{len(titles)} titles"
        )
    for i, row in enumerate(images):
        _as_picture(f"images[{i}]", row)
    ncols = min(ncols, len(images))
    nrows = -(-len(images) // ncols)
    lines = max((title.count("\n") + 1 for title in titles), default=0) if titles else 0
    title_room = 0.05 + 0.2 * lines
    _, axes = plt.subplots(
        nrows, ncols, figsize=(0.85 * ncols, (0.85 + title_room) * nrows), squeeze=False
    )
    if centred:
        limit = limit or float(np.max(np.abs(images))) or 1.0
    for i, ax in enumerate(axes.flat):
        if i >= len(images):
            ax.axis("off")
            continue
        title = None if titles is None else titles[i]
        draw_digit(ax, images[i], title=title, centred=centred, limit=limit)
    return axes


@checked(
    weights_0_1=kind.array((2,), "the trained weights_0_1: one row per pixel, one column per unit"),
    units=kind.labels,
    inputs=PICTURES,
    labels=digit_labels,
    top=kind.count("how many of the inputs to average; try 30", 100_000),
)
def plot_hidden_units(weights_0_1, units, inputs=None, labels=None, top=30):
    """Draw what the hidden units in `units` look for (chapter 7), eight to a row: each one's
    64 incoming weights as an 8x8 picture, red where ink raises the unit's output and blue
    where ink lowers it, each on its own colour scale. Given `inputs`, each picture gets
    another under it: the average of the `top` inputs that make that unit's output biggest,
    titled with the commonest digit among them when their `labels` are given too. Returns the
    grid of axes.
    """
    import matplotlib.pyplot as plt

    units = [int(unit) for unit in units]
    hidden_size = weights_0_1.shape[1]
    if weights_0_1.shape[0] != SIDE * SIDE:
        raise ValueError(
            f"weights_0_1 must have one row per pixel, shape (64, hidden), got "
            f"{weights_0_1.shape}: pass the trained weights_0_1 of a network that reads digits"
        )
    if inputs is not None and inputs.shape[1] != SIDE * SIDE:
        raise ValueError(
            f"inputs must have one column per pixel, 64, got shape {inputs.shape}: pass "
            "pictures as the network reads them, e.g. train_inputs"
        )
    if inputs is not None and labels is not None and len(labels) != len(inputs):
        raise ValueError(
            f"labels must have one digit per row of inputs: got {len(inputs)} rows and "
            f"{len(labels)} labels"
        )
    if not units or not all(0 <= unit < hidden_size for unit in units):
        raise ValueError(
            f"units must be between 0 and {hidden_size - 1}, got {units}: the numbers of "
            "hidden units to draw, e.g. range(16)"
        )
    ncols = min(8, len(units))
    groups = -(-len(units) // ncols)
    rows_per_group = 1 if inputs is None else 2
    _, axes = plt.subplots(
        groups * rows_per_group,
        ncols,
        figsize=(1.1 * ncols, 1.35 * groups * rows_per_group),
        squeeze=False,
    )
    for ax in axes.flat:
        ax.axis("off")
    for i, unit in enumerate(units):
        group, column = divmod(i, ncols)
        ax = axes[group * rows_per_group, column]
        ax.axis("on")
        draw_digit(ax, weights_0_1[:, unit], title=f"unit {unit}", centred=True)
        if inputs is not None:
            outputs = relu(inputs.dot(weights_0_1[:, unit]))
            strongest = np.argsort(outputs, kind="stable")[::-1][:top]
            ax = axes[group * rows_per_group + 1, column]
            ax.axis("on")
            title = f"its top {len(strongest)}"
            if labels is not None:
                counts = np.bincount(labels[strongest], minlength=10)
                title = f"{counts.max()} are {counts.argmax()}s"
            draw_digit(ax, inputs[strongest].mean(axis=0), title=title)
    return axes


# The scales of the activity picture: fixed, so that pictures of different digits compare.
HIDDEN_TOP = 1.0
OUTPUTS_RANGE = (-0.5, 1.5)


@checked(
    hidden_ax=kind.axes,
    outputs_ax=kind.axes,
    hidden_top=kind.positive("hidden_top is the top of the hidden layer's scale; try 1.0"),
)
def draw_activity_frame(hidden_ax, outputs_ax, hidden_size, hidden_top=HIDDEN_TOP):
    """Draw the two panels of the activity picture without their numbers: the hidden units'
    outputs (one bar per unit) and the ten outputs (one bar per digit, a triangle under the
    true digit). Returns `(hidden_bars, output_bars, truth)`, all of height 0, to be set by
    `set_activity`.
    """
    from matplotlib.ticker import MaxNLocator

    units = np.arange(hidden_size)
    hidden_bars = hidden_ax.bar(units, np.zeros(hidden_size), width=1.0, color="tab:blue")
    hidden_ax.set_xlim(-0.5, hidden_size - 0.5)
    hidden_ax.set_ylim(0, hidden_top)
    hidden_ax.xaxis.set_major_locator(MaxNLocator(4, integer=True))
    hidden_ax.set_xlabel("hidden unit")
    hidden_ax.set_ylabel("layer_1")
    hidden_ax.set_title("the hidden layer, layer_1", fontsize=10)
    output_bars = outputs_ax.bar(range(10), np.zeros(10), color="0.7")
    (truth,) = outputs_ax.plot(
        [], [], "^", color="black", ms=8, clip_on=False, label="the true digit"
    )
    outputs_ax.axhline(0, color="black", lw=0.8)
    outputs_ax.set_xticks(range(10))
    outputs_ax.set_xlim(-0.6, 9.6)
    outputs_ax.set_ylim(*OUTPUTS_RANGE)
    outputs_ax.set_xlabel("digit")
    outputs_ax.set_ylabel("layer_2")
    outputs_ax.set_title("the ten outputs, layer_2", fontsize=10)
    outputs_ax.legend(loc="upper right", fontsize="small", handletextpad=0.2)
    return hidden_bars, output_bars, truth


@checked(label=digit)
def set_activity(bars, layer_1, layer_2, label=None):
    """Set the bars from `draw_activity_frame` to `layer_1` and `layer_2`: the biggest output
    green when it is the true digit `label` (or no label is given), red when it is not, and
    the triangle under `label`. Returns the artists that changed.
    """
    hidden_bars, output_bars, truth = bars
    for bar, height in zip(hidden_bars, layer_1):
        bar.set_height(height)
    digit = int(np.argmax(layer_2))
    right = label is None or digit == label
    for number, (bar, height) in enumerate(zip(output_bars, layer_2)):
        bar.set_height(height)
        bar.set_color(("tab:green" if right else "tab:red") if number == digit else "0.7")
    bottom = OUTPUTS_RANGE[0]
    truth.set_data([] if label is None else [label], [] if label is None else [bottom + 0.1])
    return [*hidden_bars, *output_bars, truth]


@checked(layer_0=PICTURE, label=digit, fit=fit_digit_network)
def plot_digit_activity(layer_0, weights_0_1, weights_1_2, label=None):
    """Three pictures of the network reading one digit (chapter 7): the digit, its hidden
    layer's outputs and its ten outputs, the biggest (the answer) in green if it is `label`
    and red if not. What the chapter's widget shows, drawn once. Returns the three axes.
    """
    import matplotlib.pyplot as plt

    activity = digit_activity(layer_0, weights_0_1, weights_1_2)
    fig, axes = plt.subplots(
        1, 3, figsize=(9, 2.6), layout="constrained", gridspec_kw={"width_ratios": [1, 2.2, 1.6]}
    )
    title = f"label {label}" if label is not None else "the picture"
    draw_digit(axes[0], layer_0, title=title)
    hidden_top = max(HIDDEN_TOP, float(activity["layer_1"].max()) * 1.05)
    bars = draw_activity_frame(axes[1], axes[2], len(activity["layer_1"]), hidden_top)
    set_activity(bars, activity["layer_1"], activity["layer_2"], label)
    axes[1].set_title(
        f"hidden layer: {activity['active']} of {len(activity['layer_1'])} units above 0",
        fontsize=10,
    )
    axes[2].set_title(f"ten outputs: the network says {activity['digit']}", fontsize=10)
    return axes
