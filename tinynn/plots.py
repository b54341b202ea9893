"""Pictures of learning. matplotlib is imported only when a plot is drawn.

Every function takes `ax=None` (a new figure when None), returns the axes, and never changes
matplotlib's global settings. `show(alt)` displays the current figure with a short text
alternative for readers who can't see it.
"""

import numpy as np

from tinynn import _checks as check
from tinynn._checks import checked
from tinynn.network import relu

ONE_NUMBER = check.number()
SPAN = check.optional(
    check.positive("span is how far the picture reaches each side of the bottom; try 1.0")
)


def _axes(ax, figsize=(6, 3.5)):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


@checked(
    input=ONE_NUMBER, goal_pred=ONE_NUMBER, weights=check.optional(check.array((1,))), span=SPAN
)
def plot_error_parabola(input, goal_pred, weights=None, ax=None, span=None):
    """Draw the error `(input * weight - goal_pred) ** 2` for every weight: a parabola whose
    bottom is the weight that hits the goal (chapter 3). Pass `weights` (e.g.
    `history.weights`) to draw the path learning took, one dot per iteration.

    The view is centred on the bottom, `span` to each side (when None, two and a half times
    the path's first distance from the bottom); a path that runs away leaves the picture.
    """
    ax = _axes(ax)
    path = np.array([] if weights is None else weights)
    if input != 0:
        centre = goal_pred / input
    else:
        centre = float(path[0]) if len(path) else 0.0
    if span is None:
        span = 2.5 * abs(float(path[0]) - centre) if len(path) else 0.0
        span = span or 1.0
    grid = np.linspace(centre - span, centre + span, 201)
    curve = (input * grid - goal_pred) ** 2
    ax.plot(grid, curve, color="tab:blue", label="error")
    if len(path):
        with np.errstate(over="ignore", invalid="ignore"):
            errors = (input * path - goal_pred) ** 2
        label = "weight, iteration by iteration"
        ax.plot(path, errors, "o-", color="tab:orange", ms=4, lw=1, label=label)
        ax.plot(path[:1], errors[:1], "o", color="tab:red", ms=7, label="start")
    top = max(float(curve.max()), 1e-12)
    ax.set_xlim(centre - span, centre + span)
    ax.set_ylim(-0.05 * top, 1.1 * top)
    ax.set_xlabel("weight")
    ax.set_ylabel("error")
    ax.set_title(f"error = ({input:g} * weight - {goal_pred:g}) ** 2")
    ax.legend(loc="upper center", fontsize="small")
    return ax


@checked(ax=check.axes, input=ONE_NUMBER, goal_pred=ONE_NUMBER)
def draw_slope(ax, input, goal_pred, weight):
    """Add to an error parabola the point at `weight`, the slope there as a tangent line, and
    the step gradient descent takes from there, to `weight - delta * input` (chapter 3).

    Returns the artists it added, so a widget can move them.
    """
    from tinynn.gradients import error_slope

    delta = input * weight - goal_pred
    error = delta**2
    slope = error_slope(input, goal_pred, weight)
    new_weight = weight - delta * input
    new_error = (input * new_weight - goal_pred) ** 2
    left, right = ax.get_xlim()
    line = np.array([weight, weight]) + np.array([-0.15, 0.15]) * (right - left)
    (tangent,) = ax.plot(
        line, error + slope * (line - weight), color="tab:purple", lw=2, label="slope (tangent)"
    )
    arrow = ax.annotate(
        "",
        xy=(new_weight, new_error),
        xytext=(weight, error),
        arrowprops={"arrowstyle": "-|>", "mutation_scale": 15, "color": "tab:green", "lw": 2},
    )
    # An arrow can't stand in a legend, so an empty line of the same colour names it.
    (name,) = ax.plot([], [], color="tab:green", lw=2, label="gradient descent step")
    (point,) = ax.plot([weight], [error], "o", color="tab:red", ms=7, label="weight")
    return [tangent, arrow, name, point]


@checked(input=ONE_NUMBER, goal_pred=ONE_NUMBER, span=SPAN)
def plot_slope_at(input, goal_pred, weight, ax=None, span=None):
    """Draw the error parabola with the slope at `weight` and the step gradient descent takes
    from there (chapter 3), the numbers in the title.
    """
    from tinynn.gradients import error_slope

    ax = plot_error_parabola(input, goal_pred, ax=ax, span=span)
    draw_slope(ax, input, goal_pred, weight)
    slope = error_slope(input, goal_pred, weight)
    new_weight = weight - (input * weight - goal_pred) * input
    ax.set_title(f"weight {weight:g}: slope {slope:.3g}, one step goes to {new_weight:.3g}")
    ax.legend(loc="upper center", fontsize="small")
    return ax


@checked(
    ax=check.axes,
    values=check.series,
    log=check.flag,
    color=check.colour,
    label=check.optional(check.text),
)
def draw_iterations(ax, values, log=False, color=None, label=None):
    """Add one line of numbers per iteration (errors, predictions...), iteration 1 first; an
    array per iteration is added up. With `log=True` numbers that are not above 0 are left
    out: a log scale can't show them. Returns the line.
    """
    values = np.array(values)
    if log:
        with np.errstate(invalid="ignore"):
            values = np.where((values > 0) & np.isfinite(values), values, np.nan)
    iterations = np.arange(1, len(values) + 1)
    (line,) = ax.plot(iterations, values, "o-", ms=3, lw=1.2, color=color, label=label)
    return line


@checked(histories=check.histories)
def plot_errors(histories, ax=None):
    """Draw each history's error per iteration on a log scale, where an error multiplied by the
    same factor every iteration is a straight line (chapters 3 and 4). `histories` maps labels to
    `History` objects. An error of exactly 0 can't be drawn on a log scale, so the line stops
    there, a triangle at the bottom marks the iteration where it reached 0, and the label says
    so.
    """
    from matplotlib.ticker import MaxNLocator

    ax = _axes(ax)
    reaches_zero = []
    for label, history in histories.items():
        totals = [float(np.sum(error)) for error in history.errors]
        if 0.0 in totals:
            label += " (then exactly 0)"
        line = draw_iterations(ax, history.errors, log=True, label=label)
        if 0.0 in totals:
            reaches_zero.append((totals.index(0.0) + 1, line.get_color()))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # iterations are whole numbers
    ax.set_yscale("log")
    bottom = ax.get_ylim()[0]
    for iteration, color in reaches_zero:
        ax.plot([iteration], [bottom], "v", color=color, ms=9, clip_on=False)
    ax.set_ylim(bottom=bottom)
    ax.set_xlabel("iteration")
    ax.set_ylabel("error (log scale)")
    ax.legend(fontsize="small")
    return ax


@checked(
    axes=check.axes_pair,
    goal_pred=ONE_NUMBER,
    pred_range=check.interval(),
    errors=check.interval(check.positive("the error scale is logarithmic: try (1e-20, 1e20)")),
)
def plot_iterations_frame(
    axes, goal_pred, iterations=20, pred_range=(-1.2, 2.8), errors=(1e-20, 1e20)
):
    """Draw the two empty panels of `plot_alpha_run`: prediction per iteration with the goal as a
    dashed line, and error per iteration on a log scale. The limits are fixed, so runs with
    different alphas can be compared, and the ticks are few and plain, so it redraws fast.
    """
    from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullLocator

    preds_ax, errors_ax = axes
    preds_ax.axhline(goal_pred, color="black", ls="--", lw=1)
    preds_ax.set_ylim(*pred_range)
    preds_ax.set_ylabel("prediction")
    preds_ax.set_title(f"prediction per iteration (goal_pred {goal_pred:g} dashed)", fontsize=10)
    errors_ax.set_yscale("log")
    errors_ax.set_ylim(*errors)
    errors_ax.yaxis.set_major_locator(LogLocator(numticks=5))
    errors_ax.yaxis.set_minor_locator(NullLocator())
    errors_ax.yaxis.set_major_formatter(FuncFormatter(lambda error, _: f"{error:g}"))
    errors_ax.set_ylabel("error (log scale)")
    errors_ax.set_title("error per iteration", fontsize=10)
    for ax in axes:
        ax.set_xlim(0.5, iterations + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        ax.set_xlabel("iteration")
    return axes


@checked(history=check.history, goal_pred=ONE_NUMBER, axes=check.axes_pair)
def plot_alpha_run(history, goal_pred, axes=None):
    """Chapter 4's picture of one run of learning: the prediction per iteration (does it
    zig-zag around the goal? run away?) and the error per iteration, on fixed scales.
    Returns the axes.
    """
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(8, 3), layout="constrained")
    plot_iterations_frame(axes, goal_pred, iterations=max(len(history), 1))
    draw_iterations(axes[0], history.preds, color="tab:blue")
    draw_iterations(axes[1], history.errors, log=True, color="tab:orange")
    return axes


@checked(
    inputs=check.interval(check.positive("inputs is the range of inputs shown; try (0.1, 6.0)")),
    points=check.pairs(
        ONE_NUMBER, check.positive("each point is (input, alpha), with alpha above 0")
    ),
)
def plot_alpha_boundary(ax=None, inputs=(0.1, 6.0), points=()):
    """Map which alphas converge for which inputs, one input and one weight (chapter 4): below
    `alpha = 2 / input**2` the miss shrinks every step, above it grows. The dashed line,
    `alpha = 1 / input**2`, lands in one step. `points` is a list of `(input, alpha)` to mark,
    each labelled `(input, alpha)` and what learning does there.
    """
    from tinynn.learning import learning_regime

    ax = _axes(ax)
    x = np.linspace(inputs[0], inputs[1], 200)
    edge = 2 / x**2
    bottom, top = 1e-3, 1e2
    ax.fill_between(x, bottom, edge, color="tab:green", alpha=0.2, label="converges")
    ax.fill_between(x, edge, top, color="tab:red", alpha=0.2, label="diverges")
    ax.plot(x, edge, color="black", label="alpha = 2 / input**2: oscillates forever")
    ax.plot(x, 1 / x**2, "--", color="tab:blue", label="alpha = 1 / input**2: one step")
    middle = (inputs[0] + inputs[1]) / 2
    for input, alpha in points:
        ax.plot([input], [alpha], "o", color="black", ms=6)
        regime = learning_regime(input, alpha)
        # Labels go above points that diverge, below the others, on the side with more room.
        ax.annotate(
            f"({input:g}, {alpha:g}): {regime}",
            (input, alpha),
            textcoords="offset points",
            xytext=(6 if input < middle else -6, 7 if regime == "diverges" else -15),
            ha="left" if input < middle else "right",
            fontsize="small",
            bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.8, "linewidth": 0},
        )
    ax.set_yscale("log")
    ax.set_xlim(*inputs)
    ax.set_ylim(bottom, top)
    ax.set_xlabel("input")
    ax.set_ylabel("alpha (log scale)")
    ax.legend(loc="upper right", fontsize="small")
    return ax


@checked(
    preds=check.series,
    goal_pred=check.optional(ONE_NUMBER),
    first_iteration=check.whole_number,
    label=check.text,
)
def plot_predictions(preds, goal_pred=None, ax=None, first_iteration=1, label="prediction"):
    """Draw one prediction per iteration, numbered from `first_iteration`, and the goal as a
    dashed line (chapters 1 and 2). Pass `goal_pred=None` to leave the goal line out.
    """
    ax = _axes(ax)
    iterations = np.arange(first_iteration, first_iteration + len(preds))
    marker = "o-" if len(preds) <= 60 else "-"
    ax.plot(iterations, preds, marker, ms=3, lw=1.2, label=label)
    if goal_pred is not None:
        ax.axhline(goal_pred, color="black", ls="--", lw=1, label=f"goal_pred = {goal_pred:g}")
    ax.set_xlabel("iteration")
    ax.set_ylabel("prediction")
    return ax


@checked(history=check.history, goal_pred=ONE_NUMBER, axes=check.axes_pair)
def plot_learning(history, goal_pred, axes=None):
    """Two pictures of one weight learning (chapter 1): the prediction iteration by iteration,
    closing in on the goal, and the error on a log scale. `axes` is a pair of axes; returns it.

    Called again on the same axes, it moves the lines it drew to the new numbers instead of
    drawing more, and keeps its scales when the new run still fits them well
    (`_learning_limits`): that is what keeps the chapter 1 widget quick. Errors of exactly
    0 (or overflowed to infinity) can't be drawn on a log scale and are left out.
    """
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(8, 3), layout="constrained")
    iterations = np.arange(1, len(history) + 1)
    preds = np.array([float(pred) for pred in history.preds])
    errors = np.array([float(error) for error in history.errors])
    with np.errstate(invalid="ignore"):
        errors = np.where((errors > 0) & np.isfinite(errors), errors, np.nan)
    if _find_line(axes[0], "pred") is None:
        _start_learning_picture(axes)
        shown = None
    else:
        shown = {"iterations": axes[0].get_xlim(), "preds": axes[0].get_ylim()}
        shown["errors"] = axes[1].get_ylim()
    _find_line(axes[0], "pred").set_data(iterations, preds)
    _find_line(axes[0], "goal").set_ydata([goal_pred, goal_pred])
    _find_line(axes[1], "error").set_data(iterations, errors)
    limits = _learning_limits(history, goal_pred, keep=shown)
    for ax in axes:
        ax.set_xlim(limits["iterations"])
    axes[0].set_ylim(limits["preds"])
    axes[1].set_ylim(limits["errors"])
    # The titles name the dashed line (a legend would take longer to draw than both lines), and
    # change only when learning diverges: the chapter 1 widget redraws them only then.
    # Titles at a fixed height save measuring the ticks on every redraw.
    axes[0].set_title("predict: prediction per iteration (goal dashed)", fontsize=10, y=1.0)
    if history.diverged:
        axes[1].set_title("diverged: try a smaller alpha", color="tab:red", fontsize=10, y=1.0)
    else:
        axes[1].set_title("compare: the error per iteration", color="black", fontsize=10, y=1.0)
    return axes


# The error scale of `plot_learning`: fixed, so that runs with different settings can be
# compared by eye (chapter 1's run, and its diverging run with alpha 0.1, both fit in it).
LEARNING_ERRORS = (1e-10, 1e10)


@checked(
    history=check.history,
    goal_pred=ONE_NUMBER,
    keep=check.optional(lambda name, value: dict(value)),
)
def _learning_limits(history, goal_pred, keep=None):
    """The scales of `plot_learning`'s two pictures:
    `{"iterations": (low, high), "preds": (low, high), "errors": (low, high)}`.

    The iterations' scale ends at a multiple of 5; the predictions' scale covers every finite
    prediction and the goal, widened to round numbers; the errors' scale is always
    `LEARNING_ERRORS` (errors beyond it run off the picture). `keep` holds the scales shown
    now (in the same form): each scale the new run still fits and fills at least 40% of is
    kept as it is, so a picture redrawn for a slightly different run doesn't jump around (and
    redraws quicker).
    """
    import math

    from matplotlib.ticker import MaxNLocator

    keep = keep or {}
    iterations = (0.5, len(history) + 0.5)
    shown = [float(pred) for pred in history.preds if math.isfinite(pred)] + [float(goal_pred)]
    preds = (min(shown), max(shown))
    limits = {"errors": LEARNING_ERRORS}

    if _fills(keep.get("iterations"), iterations):
        limits["iterations"] = tuple(keep["iterations"])
    else:
        limits["iterations"] = (0.5, 5 * math.ceil(len(history) / 5) + 0.5)

    if _fills(keep.get("preds"), preds):
        limits["preds"] = tuple(keep["preds"])
    else:
        low, high = preds
        pad = 0.05 * (high - low) or 1.0
        low, high = low - pad, high + pad
        ticks = MaxNLocator(5).tick_values(low, high)
        limits["preds"] = (
            float(max(t for t in ticks if t <= low)),
            float(min(t for t in ticks if t >= high)),
        )
    return limits


def _fills(scale, data, share=0.4):
    """Whether the (low, high) range `data` lies within `scale` and covers `share` of it."""
    if scale is None:
        return False
    return (
        scale[0] <= data[0]
        and data[1] <= scale[1]
        and data[1] - data[0] >= share * (scale[1] - scale[0])
    )


def _start_learning_picture(axes):
    """Draw the empty lines and labels of `plot_learning`, with few ticks so it redraws fast."""
    from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullLocator

    axes[0].plot([], [], "o-", ms=3, lw=1.2, label="prediction", gid="pred")
    axes[0].axhline(0, color="black", ls="--", lw=1, gid="goal")
    axes[0].set_ylabel("prediction")
    axes[1].plot([], [], "o-", ms=3, lw=1.2, color="tab:orange", gid="error")
    axes[1].set_yscale("log")
    axes[1].set_ylabel("error (log scale)")
    axes[1].yaxis.set_major_locator(LogLocator(numticks=5))
    axes[1].yaxis.set_minor_locator(NullLocator())
    # Plain labels (1e-5, 1, 1e5) instead of typeset powers of ten: much quicker to draw.
    axes[1].yaxis.set_major_formatter(FuncFormatter(_power_of_ten))
    axes[0].yaxis.set_major_locator(MaxNLocator(5))
    for ax in axes:
        ax.set_xlabel("iteration")
        ax.xaxis.set_major_locator(MaxNLocator(4, integer=True))


def _power_of_ten(value, _position=None):
    """A tick label for a power of ten: 1e-5, 1, 1e5."""
    import math

    exponent = round(math.log10(value))
    return "1" if exponent == 0 else f"1e{exponent}"


def _find_line(ax, gid):
    for line in ax.lines:
        if line.get_gid() == gid:
            return line
    return None


@checked(alt=check.text, fig=check.optional(lambda name, value: _figure(name, value)))
def show(alt, fig=None):
    """Display a figure (the current one when `fig` is None) with `alt`, a sentence saying what
    it shows, for readers who can't see it; then close it. The text goes where each reader
    looks for it: an HTML `<img alt=...>` (JupyterLab and nbconvert's HTML show that), the
    PNG's `alt` metadata (nbconvert's classic template) and the plain-text version.
    """
    import base64
    import html
    import io

    import matplotlib.pyplot as plt
    from IPython.display import display

    fig = plt.gcf() if fig is None else fig
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    png = buffer.getvalue()
    width = int.from_bytes(png[16:20], "big")  # a PNG's width is in its header
    data = base64.b64encode(png).decode("ascii")
    page = (
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
        f'width="{width}" style="max-width: 100%;">'
    )
    bundle = {"image/png": png, "text/html": page, "text/plain": f"[figure] {alt}"}
    display(bundle, raw=True, metadata={"image/png": {"alt": alt, "width": width}})


def _figure(name, value):
    if not hasattr(value, "savefig"):
        raise TypeError(
            f"{name} must be a matplotlib Figure or None, got {value!r}: leave it out to show "
            "the current figure"
        )
    return value


# ---- Chapter 7: handwritten digits ----

# A picture of a digit is 8 rows of 8 pixels, kept one row after another: 64 numbers.
SIDE = 8
PICTURE = check.array((1,), "64 numbers: one 8x8 picture, its top row first")
PICTURES = check.array((2,), "one row of 64 numbers per picture, e.g. images[:20]")
LIMIT = check.optional(check.positive("limit is the size that gets the strongest colour; try 1"))


def _titles(name, value):
    """None, or one text per picture."""
    if value is None:
        return None
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        raise TypeError(f"{name} must be a list of texts, one per picture, got {value!r}")
    return [check.text(f"{name}[{i}]", title) for i, title in enumerate(value)]


def _labels(name, value):
    """Digits 0 to 9, one per picture, as an array of ints."""
    hint = "one digit from 0 to 9 per picture, e.g. labels[:20]"
    numbers = check.array((1,), hint)(name, value)
    if not np.all((numbers == np.round(numbers)) & (numbers >= 0) & (numbers <= 9)):
        raise ValueError(f"{name} must be whole numbers from 0 to 9, got {check.show(value)}")
    return numbers.astype(int)


def _as_picture(name, pixels):
    if pixels.size != SIDE * SIDE:
        raise ValueError(
            f"{name} must have {SIDE * SIDE} numbers (8 rows of 8 pixels), got {pixels.size}: "
            "pass one row of images, e.g. images[0]"
        )
    return pixels.reshape(SIDE, SIDE)


@checked(
    ax=check.axes,
    pixels=PICTURE,
    title=check.optional(check.text),
    centred=check.flag,
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
    ncols=check.count("pictures per row; try 10", 40),
    centred=check.flag,
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
    units=check.array((1,), "the numbers of the hidden units to draw, e.g. [17, 27, 85]"),
    inputs=check.optional(PICTURES),
    labels=lambda name, value: None if value is None else _labels(name, value),
    top=check.count("how many of the inputs to average; try 30", 100_000),
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
            f"weights_0_1 must have one row per pixel, shape (64, hidden), got {weights_0_1.shape}"
        )
    if inputs is not None and labels is not None and len(labels) != len(inputs):
        raise ValueError(
            f"labels must have one digit per row of inputs: got {len(inputs)} rows and "
            f"{len(labels)} labels"
        )
    if not units or not all(0 <= unit < hidden_size for unit in units):
        raise ValueError(f"units must be between 0 and {hidden_size - 1}, got {units}")
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
            outputs = np.maximum(inputs.dot(weights_0_1[:, unit]), 0.0)
            strongest = np.argsort(outputs, kind="stable")[::-1][:top]
            ax = axes[group * rows_per_group + 1, column]
            ax.axis("on")
            title = f"its top {len(strongest)}"
            if labels is not None:
                counts = np.bincount(labels[strongest], minlength=10)
                title = f"{counts.max()} are {counts.argmax()}s"
            draw_digit(ax, inputs[strongest].mean(axis=0), title=title)
    return axes


@checked(
    curves=lambda name, value: _curves(name, value),
    ylabel=check.text,
    log=check.flag,
    mark=check.optional(check.whole_number),
    mark_label=check.optional(check.text),
)
def plot_passes(curves, ylabel, ax=None, log=False, mark=None, mark_label=None):
    """Draw numbers measured after each pass of learning (chapter 7): `curves` maps a label
    to a list whose entry `i` was measured after `i` passes (entry 0 before any learning).
    `mark` draws a dashed line at that pass, named `mark_label` in the legend. Returns the
    axes.
    """
    from matplotlib.ticker import MaxNLocator

    ax = _axes(ax)
    for label, values in curves.items():
        ax.plot(np.arange(len(values)), values, lw=1.5, label=label)
    if mark is not None:
        ax.axvline(mark, color="black", ls="--", lw=1, label=mark_label)
    if log:
        ax.set_yscale("log")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("passes of learning")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize="small")
    return ax


def _curves(name, value):
    if not isinstance(value, dict) or not value:
        raise TypeError(
            f"{name} must be a dict of labels to lists of numbers, got {value!r}: e.g. "
            "{'train': train_accuracies, 'test': test_accuracies}"
        )
    return {
        check.text(f"{name}'s label", label): check.series(f"{name}[{label!r}]", values)
        for label, values in value.items()
    }


@checked(layer_0=PICTURE)
def digit_activity(layer_0, weights_0_1, weights_1_2):
    """Run one picture through the network (chapter 7) and say what happened, as a dict:
    `layer_1` (the hidden units' outputs), `layer_2` (the ten outputs), `digit` (the biggest
    output: the network's answer), `runner_up` (the second biggest) and `active` (how many
    hidden units are above 0).
    """
    from tinynn.network import forward

    check.fit_layers({"layer_0": layer_0, "weights_0_1": weights_0_1, "weights_1_2": weights_1_2})
    layer_1, layer_2 = forward(layer_0, weights_0_1, weights_1_2)
    ranked = np.argsort(-layer_2, kind="stable")  # on a tie the smaller digit first, as argmax
    return {
        "layer_1": layer_1,
        "layer_2": layer_2,
        "digit": int(ranked[0]),
        "runner_up": int(ranked[1]),
        "active": int(np.sum(layer_1 > 0)),
    }


def pixel_pushes(layer_0, weights_0_1, weights_1_2):
    """How much each pixel of one picture adds to each of the ten outputs (chapter 7): a
    table of shape (64, 10) whose column `digit` adds up to output `digit`.

    Only the hidden units above 0 pass anything on, and relu passes their sums unchanged, so
    for this picture each output is a weighted sum of the pixels: one weight per pixel, made
    of the active units' weights. A pixel's push is the pixel times that weight.
    """
    layer_1 = relu(layer_0.dot(weights_0_1))
    active = layer_1 > 0
    pixel_weights = weights_0_1[:, active].dot(weights_1_2[active])
    return layer_0[:, None] * pixel_weights


pixel_pushes = checked(pixel_pushes, layer_0=PICTURE)


# The scales of the activity picture: fixed, so that pictures of different digits compare.
HIDDEN_TOP = 1.0
OUTPUTS_RANGE = (-0.5, 1.5)


@checked(
    hidden_ax=check.axes,
    outputs_ax=check.axes,
    hidden_top=check.positive("hidden_top is the top of the hidden layer's scale; try 1.0"),
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


@checked(label=check.optional(check.whole_number))
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


@checked(layer_0=PICTURE, label=check.optional(check.whole_number))
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
