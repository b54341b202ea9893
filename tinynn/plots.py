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
    if not (centre + span) - (centre - span) > 1e-9 * max(1.0, abs(centre)):
        raise ValueError(
            f"span is too small to see next to the bottom of the bowl, weight {centre:g}: "
            f"got span {span:g}; try a span of at least {1e-6 * max(1.0, abs(centre)):g}"
        )
    grid = np.linspace(centre - span, centre + span, 201)
    curve = (input * grid - goal_pred) ** 2
    if not np.all(np.isfinite(1.1 * curve)):  # the picture reaches a tenth above the curve
        raise ValueError(
            f"input and goal_pred give errors too big for a float to draw (input {input:g}, "
            f"goal_pred {goal_pred:g}): try numbers below 1e100"
        )
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


# ---- Chapter 05: many inputs ----

# One colour per weight, the same in every chapter 5 picture.
WEIGHT_COLOURS = ("tab:blue", "tab:orange", "tab:green", "tab:purple", "tab:brown", "tab:pink")


def _names(name, value):
    """None, or one label (text) per weight."""
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise TypeError(
            f"{name} must be a list of labels, one per weight, got {check.show(value)}: e.g. "
            "['toes', 'win/loss', 'fans']"
        )
    return [check.text(f"{name}[{i}]", label) for i, label in enumerate(value)]


@checked(
    axes=check.axes_pair,
    count=check.count("count is how many weights there are; try 3", len(WEIGHT_COLOURS)),
    true_weights=check.optional(check.array((1,))),
    names=_names,
    weight_range=check.interval(),
    errors=check.interval(check.positive("the error scale is logarithmic: try (1e-30, 1e5)")),
    error_label=check.text,
    log_iterations=check.flag,
)
def plot_weights_frame(
    axes,
    count,
    iterations=20,
    true_weights=None,
    names=None,
    weight_range=(-1.0, 1.0),
    errors=(1e-30, 1e5),
    error_label="error",
    log_iterations=False,
):
    """Draw the two empty panels of `plot_weight_paths` (chapter 5): each weight per iteration,
    with its true value dashed if `true_weights` is given, and the error per iteration on a log
    scale. The scales are fixed and the ticks few, so a widget can redraw only the lines. The
    legend names each weight's colour (`names`, or "weight 1", "weight 2", ...).

    With `log_iterations=True` the weights' panel counts iterations on a log scale (1, 10, 100,
    ...), so that a quick start and a slow finish both show; the error's panel stays even.
    """
    from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullLocator

    weights_ax, errors_ax = axes
    names = names or [f"weight {i + 1}" for i in range(count)]
    if len(names) != count:
        raise ValueError(
            f"names must have one label per weight ({count}), got {len(names)}: e.g. "
            "['toes', 'win/loss', 'fans'] for three weights"
        )
    for i, name in enumerate(names):
        # Empty lines name the colours, so the moving lines never need a legend of their own.
        weights_ax.plot([], [], color=WEIGHT_COLOURS[i], lw=1.5, label=name)
    if true_weights is not None:
        for i, weight in enumerate(true_weights):
            weights_ax.axhline(weight, color=WEIGHT_COLOURS[i], ls="--", lw=1)
        weights_ax.plot([], [], color="grey", ls="--", lw=1, label="true weights")
    weights_ax.set_ylim(*weight_range)
    weights_ax.set_ylabel("weight")
    weights_ax.set_title("each weight, iteration by iteration", fontsize=10)
    weights_ax.legend(loc="upper right", fontsize="small")
    errors_ax.set_yscale("log")
    errors_ax.set_ylim(*errors)
    errors_ax.yaxis.set_major_locator(LogLocator(numticks=6))
    errors_ax.yaxis.set_minor_locator(NullLocator())
    errors_ax.yaxis.set_major_formatter(FuncFormatter(_power_of_ten))
    errors_ax.set_ylabel(f"{error_label} (log scale)")
    errors_ax.set_title(f"{error_label}, iteration by iteration", fontsize=10)
    for ax in axes:
        ax.set_xlim(0, iterations + 1)
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        ax.set_xlabel("iteration")
    if log_iterations:
        weights_ax.set_xscale("log")
        weights_ax.set_xlim(1, iterations)
        weights_ax.xaxis.set_major_locator(LogLocator(numticks=6))
        weights_ax.xaxis.set_minor_locator(NullLocator())
        weights_ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
        weights_ax.set_xlabel("iteration (log scale)")
    return axes


def _summed_errors(history):
    """One error per iteration, as an array: several outputs' errors are added up."""
    errors = np.array(history.errors, dtype=np.float64)  # quick for thousands of them
    return errors.reshape(len(history), -1).sum(axis=1)


@checked(axes=check.axes_pair, history=check.history, rows=check.count("try 8", 10**7))
def draw_weight_paths(axes, history, rows=1):
    """Add to `plot_weights_frame`'s panels one line per weight (its value at each iteration,
    before that iteration's update) and one line of the error divided by `rows` (pass the
    number of rows for `train`'s histories, whose errors are sums over the rows: that draws the
    mean squared error). A weight's line stops one iteration after it leaves the panel.
    Returns the lines, so a widget can swap them.
    """
    weights_ax, errors_ax = axes
    weights = np.array(history.weights, dtype=np.float64).reshape(len(history), -1)
    # A weight that runs off the picture is left out from there on: a diverging run would
    # otherwise fill the panel with lines from far above it to far below.
    low, high = weights_ax.get_ylim()
    outside = ~((weights >= low) & (weights <= high))
    gone = np.cumsum(outside, axis=0) - outside > 0  # some earlier iteration was outside
    weights = np.where(gone, np.nan, weights)
    iterations = np.arange(1, len(history) + 1)
    marker = "o-" if len(history) <= 60 else "-"
    lines = [
        weights_ax.plot(iterations, path, marker, ms=3, lw=1.5, color=WEIGHT_COLOURS[i])[0]
        for i, path in enumerate(weights.T)
    ]
    errors = _summed_errors(history) / rows
    with np.errstate(invalid="ignore"):
        errors = np.where((errors > 0) & np.isfinite(errors), errors, np.nan)
    lines += errors_ax.plot(iterations, errors, marker, ms=3, lw=1.5, color="black")
    return lines


@checked(
    history=check.history,
    true_weights=check.optional(check.array((1,))),
    names=_names,
    rows=check.count("try 8", 10**7),
    axes=check.axes_pair,
)
def plot_weight_paths(history, true_weights=None, names=None, rows=1, axes=None):
    """Chapter 5's picture of several weights learning: each weight per iteration (the true
    weights dashed, if known) and the error per iteration on a log scale. For `train`'s
    histories pass `rows`, the number of rows, to draw the mean squared error. Runs longer than
    100 iterations count the weights' iterations on a log scale. Returns the axes.
    """
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(9, 3.2), layout="constrained")
    weights = np.array(history.weights, dtype=np.float64).reshape(len(history), -1)
    shown = weights[np.isfinite(weights)]
    if true_weights is not None:
        shown = np.concatenate([shown, true_weights])
    low, high = float(shown.min()), float(shown.max())
    pad = 0.08 * (high - low) or 0.5
    errors = _summed_errors(history) / rows
    errors = errors[(errors > 0) & np.isfinite(errors)]
    if len(errors):
        bottom = 10.0 ** np.floor(np.log10(errors.min()))
        top = 10.0 ** np.ceil(np.log10(errors.max()))
    else:
        bottom, top = 1e-30, 1.0
    bottom = min(bottom, top / 1000)  # at least three powers of ten, so there are ticks to read
    plot_weights_frame(
        axes,
        weights.shape[1],
        iterations=len(history),
        true_weights=true_weights,
        names=names,
        weight_range=(low - pad, high + pad),
        errors=(bottom, top),
        error_label="mean squared error" if rows > 1 else "error",
        log_iterations=len(history) > 100,
    )
    draw_weight_paths(axes, history, rows=rows)
    axes[0].legend(loc="best", fontsize="small")  # placed again, now that the lines are in
    return axes


# ---- Chapter 06: the hidden layer ----

HIDDEN_ERRORS = (1e-10, 10.0)  # the error scale of `plot_hidden_run`: fixed, so runs compare
ONE_LAYER_BEST = 1.0  # the smallest summed error one layer can reach on the streetlights
STAGES = ("forward", "compare", "backward", "learn")
_LIT, _DARK, _OFF, _ON = "#ffd54f", "#424242", "#e0e0e0", "#bbdefb"
_UP, _DOWN = "tab:blue", "tab:red"  # a positive weight (or change) and a negative one


def _one_row(name, value):
    return check.array((1,), "one row of inputs, e.g. [1, 0, 1]")(name, value)


def _stage(name, value):
    if not isinstance(value, str) or value not in STAGES:
        raise ValueError(
            f"{name} must be one of {', '.join(STAGES)}, got {check.show(value)}: e.g. "
            f"{name}='forward'"
        )
    return value


def _steps(name, value):
    if not isinstance(value, dict) or "layer_1_delta" not in value:
        raise TypeError(
            f"{name} must be what backprop_steps(...) returns, got {check.show(value)}: e.g. "
            "backprop_steps(lights[0], 1, weights_0_1, weights_1_2)"
        )
    return value


def _fits_hidden(inputs, weights_0_1, weights_1_2=None):
    if inputs.shape[-1] != weights_0_1.shape[0]:
        raise ValueError(
            f"weights_0_1 needs one row per input: the rows have {inputs.shape[-1]} inputs but "
            f"weights_0_1 has shape {weights_0_1.shape}; try shape ({inputs.shape[-1]}, hidden)"
        )
    if weights_1_2 is not None and weights_1_2.shape != (weights_0_1.shape[1], 1):
        raise ValueError(
            f"weights_1_2 must have shape ({weights_0_1.shape[1]}, 1), one weight per hidden "
            f"unit and a single output, got {weights_1_2.shape}"
        )


@checked
def dead_units(inputs, weights_0_1):
    """The hidden units that relu turns off on every row of `inputs` (chapter 6), as a list of
    their numbers. Such a unit gives 0 whatever the row, relu's slope there is 0, so no row
    ever sends it a delta: its weights never change again.
    """
    _fits_hidden(inputs, weights_0_1)
    layer_1 = np.maximum(inputs.dot(weights_0_1), 0.0)
    return [int(unit) for unit in np.flatnonzero(np.all(layer_1 == 0, axis=0))]


@checked(
    layer_0=_one_row,
    goal_pred=check.number("the goal of that row: one number, e.g. walk_vs_stop[0, 0]"),
)
def backprop_steps(layer_0, goal_pred, weights_0_1, weights_1_2, alpha=0.2):
    """Every number of one step of backpropagation for one row and a single output (chapter 6),
    stage by stage, as a dict: forward (`weighted_sums`, `layer_1`, `layer_2`), compare
    (`delta`, `error`), backward (`gate`, relu's slope, and `layer_1_delta`) and learn
    (`weight_deltas_0_1`, `weight_deltas_1_2`, `changes_0_1`, `changes_1_2`, the new weights).
    The weight deltas are `backprop`'s; a change is `-alpha` times a weight delta.
    """
    _fits_hidden(layer_0, weights_0_1, weights_1_2)
    weighted_sums = layer_0.dot(weights_0_1)
    layer_1 = np.maximum(weighted_sums, 0.0)
    layer_2 = float(layer_1.dot(weights_1_2)[0])
    delta = layer_2 - goal_pred
    gate = (layer_1 > 0) * 1.0
    layer_1_delta = delta * weights_1_2[:, 0] * gate
    weight_deltas_0_1 = np.outer(layer_0, layer_1_delta)
    weight_deltas_1_2 = np.outer(layer_1, [delta])
    changes_0_1, changes_1_2 = -alpha * weight_deltas_0_1, -alpha * weight_deltas_1_2
    return {
        "layer_0": layer_0,
        "goal_pred": goal_pred,
        "alpha": alpha,
        "weights_0_1": weights_0_1,
        "weights_1_2": weights_1_2,
        "weighted_sums": weighted_sums,
        "layer_1": layer_1,
        "layer_2": layer_2,
        "delta": delta,
        "error": delta**2,
        "gate": gate,
        "layer_1_delta": layer_1_delta,
        "weight_deltas_0_1": weight_deltas_0_1,
        "weight_deltas_1_2": weight_deltas_1_2,
        "changes_0_1": changes_0_1,
        "changes_1_2": changes_1_2,
        "new_weights_0_1": weights_0_1 + changes_0_1,
        "new_weights_1_2": weights_1_2 + changes_1_2,
    }


def _number(value):
    """A number for a picture: three significant digits, and 0 for 0 (never -0)."""
    return "0" if value == 0 else f"{value:.3g}"


def _signed(value):
    return "0" if value == 0 else f"{value:+.3g}"


@checked(steps=_steps, stage=_stage)
def backprop_ledger(steps, stage):
    """The arithmetic of one stage of `backprop_steps` as lines of text, the numbers rounded
    to three digits: what the backprop explorer (chapter 6) shows beside its drawing.
    Returns a string.
    """
    layer_0, layer_1 = steps["layer_0"], steps["layer_1"]
    weights_1_2, delta = steps["weights_1_2"][:, 0], steps["delta"]
    lights = ", ".join(f"{light:g}" for light in layer_0)
    if stage == "forward":
        lines = [f"layer_0 = [{lights}]", "layer_1 = relu(layer_0 . weights_0_1):"]
        for unit, total in enumerate(steps["weighted_sums"]):
            lines.append(f"  unit {unit}: relu({_number(total)}) = {_number(layer_1[unit])}")
        lines.append("layer_2 = layer_1 . weights_1_2:")
        for unit in np.flatnonzero(layer_1):
            product = layer_1[unit] * weights_1_2[unit]
            lines.append(
                f"  unit {unit}: {_number(layer_1[unit])} * {_signed(weights_1_2[unit])}"
                f" = {_signed(product)}"
            )
        if len(np.flatnonzero(layer_1)) < len(layer_1):
            lines.append("  (units that are off add 0)")
        lines.append(f"  pred = {_number(steps['layer_2'])}")
    elif stage == "compare":
        lines = [
            "delta = pred - goal_pred",
            f"      = {_number(steps['layer_2'])} - {steps['goal_pred']:g} = {_signed(delta)}",
            f"error = delta ** 2 = {_number(steps['error'])}",
            "",
            "delta < 0: pred too low" if delta < 0 else "delta > 0: pred too high",
        ]
        if delta == 0:
            lines[-1] = "delta = 0: nothing to learn"
    elif stage == "backward":
        lines = ["layer_1_delta =", "  delta * weights_1_2 * relu_deriv(layer_1):"]
        for unit, gate in enumerate(steps["gate"]):
            value = steps["layer_1_delta"][unit]
            lines.append(
                f"  unit {unit}: {_signed(delta)} * {_signed(weights_1_2[unit])} * {gate:g}"
                f" = {_signed(value)}" + ("" if gate else "  (off)")
            )
    else:
        alpha = steps["alpha"]
        lines = [f"change = -alpha * weight_delta, alpha {alpha:g}", "weights_1_2: layer_1 * delta"]
        for unit in np.flatnonzero(steps["weight_deltas_1_2"][:, 0]):
            lines.append(
                f"  unit {unit}: {_number(layer_1[unit])} * {_signed(delta)}"
                f" = {_signed(steps['weight_deltas_1_2'][unit, 0])},"
                f" change {_signed(steps['changes_1_2'][unit, 0])}"
            )
        lines.append("weights_0_1: layer_0 * layer_1_delta")
        deltas = steps["weight_deltas_0_1"]
        for light, unit in zip(*np.nonzero(deltas)):
            lines.append(
                f"  light {light} -> unit {unit}: {layer_0[light]:g} * "
                f"{_signed(steps['layer_1_delta'][unit])} = {_signed(deltas[light, unit])},"
                f" change {_signed(steps['changes_0_1'][light, unit])}"
            )
        if np.count_nonzero(deltas) < deltas.size:
            lines.append("  (a light or a unit that is off: no change)")
    return "\n".join(lines)


def _network_positions(n_inputs, hidden_size):
    """Where the nodes of an inputs-hidden-1 network go: x is the layer, y spreads each
    layer's nodes one apart around 0 (the first at the top)."""

    def column(count, x):
        return [(x, (count - 1) / 2 - i) for i in range(count)]

    return {
        "inputs": column(n_inputs, 0.0),
        "hidden": column(hidden_size, 1.0),
        "output": (2.0, 0.0),
        "goal": (2.6, 0.0),
    }


@checked(ax=check.axes, n_inputs=check.count("a 3-4-1 network has 3 inputs", 8))
def draw_network_frame(ax, n_inputs=3, hidden_size=4):
    """The parts of a network drawing that never change (chapter 6): the names of the nodes
    and layers, and the limits. `draw_backprop_stage` draws the nodes and edges on it.
    """
    if hidden_size > 8:
        raise ValueError(
            f"hidden_size must be at most 8 for a drawing, got {hidden_size}: more nodes "
            "wouldn't be readable; try 4, the book's"
        )
    where = _network_positions(n_inputs, hidden_size)
    top = (max(n_inputs, hidden_size) - 1) / 2
    for light, (x, y) in enumerate(where["inputs"]):
        ax.text(x - 0.2, y, f"light {light}", ha="right", va="center", fontsize=9)
    for unit, (x, y) in enumerate(where["hidden"]):
        ax.text(x, y + 0.3, f"unit {unit}", ha="center", va="bottom", fontsize=8, color="dimgray")
    x, y = where["output"]
    ax.text(x, y + 0.3, "pred", ha="center", va="bottom", fontsize=8, color="dimgray")
    for x, name in ((0.0, "layer_0"), (1.0, "layer_1"), (2.0, "layer_2")):
        ax.text(x, top + 0.75, name, ha="center", va="bottom", fontsize=9, weight="bold")
    ax.set_xlim(-0.75, 2.95)
    ax.set_ylim(-top - 0.6, top + 1.15)
    ax.axis("off")
    return ax


_LABEL_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"}
_WEIGHT_KEY = "edges: blue positive weight, red negative; thicker is bigger"
_LEARN_KEY = "edges: blue weight goes up, red goes down; dotted: no change"
_STAGE_TITLES = {
    "forward": "1. forward: each layer from the one before",
    "compare": "2. compare: delta = pred - goal_pred",
    "backward": "3. backward: delta back through weights_1_2 and relu's gate",
    "learn": "4. learn: each weight changes by -alpha * weight_delta",
}


class _Drawing:
    """The edges, nodes and labels one stage adds to a network drawing, kept in a list so a
    widget can take them away again."""

    def __init__(self, ax):
        self.ax, self.artists = ax, []

    def edge(self, start, end, value, biggest, faded=False):
        """A line whose width is the size of `value`, blue if positive, red if negative;
        dotted grey for exactly 0."""
        if value == 0:
            style = {"color": "silver", "lw": 0.8, "ls": ":"}
        else:
            style = {"color": _UP if value > 0 else _DOWN, "lw": 0.6 + 4 * abs(value) / biggest}
        xs, ys = (start[0], end[0]), (start[1], end[1])
        (line,) = self.ax.plot(xs, ys, alpha=0.25 if faded else 0.85, zorder=1, **style)
        self.artists.append(line)

    def label(self, x, y, text, **style):
        style = {"ha": "center", "va": "center", "fontsize": 8, "zorder": 4, **style}
        self.artists.append(self.ax.text(x, y, text, **style))

    def on_edge(self, start, end, share, value):
        """A weight's change, written on its edge, `share` of the way along it."""
        x, y = (a + share * (b - a) for a, b in zip(start, end))
        self.label(x, y, _signed(value), fontsize=7, bbox=_LABEL_BOX)

    def node(self, where, text, face, colour="black", outline="black"):
        (circle,) = self.ax.plot(*where, "o", ms=28, mfc=face, mec=outline, mew=1.2, zorder=3)
        self.artists.append(circle)
        self.label(*where, text, color=colour, weight="bold")


def _draw_edges(drawing, steps, stage, where):
    """Every weight as an edge; in the learn stage, every weight's change instead, written on
    the edges that change."""
    weights_0_1, weights_1_2 = steps["weights_0_1"], steps["weights_1_2"][:, 0]
    if stage == "learn":
        values_0_1, values_1_2 = steps["changes_0_1"], steps["changes_1_2"][:, 0]
    else:
        values_0_1, values_1_2 = weights_0_1, weights_1_2
    biggest = max(np.max(np.abs(values_0_1)), np.max(np.abs(values_1_2)), 1e-12)
    for light, start in enumerate(where["inputs"]):
        for unit, end in enumerate(where["hidden"]):
            value = values_0_1[light, unit]
            drawing.edge(start, end, value, biggest, faded=stage == "backward")
            if stage == "learn" and value != 0:
                drawing.on_edge(start, end, 0.62, value)
    for unit, start in enumerate(where["hidden"]):
        value = values_1_2[unit]
        drawing.edge(start, where["output"], value, biggest)
        if stage == "learn" and value != 0:
            drawing.on_edge(start, where["output"], 0.38, value)


def _draw_nodes(drawing, steps, stage, where):
    """The lights, lit or dark; each hidden unit's value (its delta in the backward stage),
    grey when relu turned it off; the prediction; and the goal and delta where they count."""
    for light, spot in zip(steps["layer_0"], where["inputs"]):
        drawing.node(spot, f"{light:g}", *((_LIT, "black") if light else (_DARK, "white")))
    shown = steps["layer_1_delta"] if stage == "backward" else steps["layer_1"]
    for unit, spot in enumerate(where["hidden"]):
        on = steps["gate"][unit] != 0
        colour, outline = ("black", "black") if on else ("gray", "gray")
        drawing.node(spot, _inside(shown[unit]), _ON if on else _OFF, colour, outline)
        if stage == "backward":
            x, y = spot
            gate = f"gate {steps['gate'][unit]:g}"
            style = {"fontsize": 7, "bbox": _LABEL_BOX}
            drawing.label(x - 0.3, y + 0.17, gate, color=colour if on else "tab:red", **style)
    drawing.node(where["output"], _inside(steps["layer_2"]), "#c8e6c9")
    if stage in ("compare", "backward"):
        x, y = where["goal"]
        drawing.node(where["goal"], f"{steps['goal_pred']:g}", "white")
        drawing.label(x, y + 0.3, "goal", color="dimgray", va="bottom")
        drawing.label(x - 0.3, y - 0.45, f"delta {_signed(steps['delta'])}", color="tab:purple")


@checked(ax=check.axes, steps=_steps, stage=_stage)
def draw_backprop_stage(ax, steps, stage):
    """Draw one stage of `backprop_steps` on a `draw_network_frame` (chapter 6); returns the
    artists it added, so a widget can swap them.

    forward: each edge's width is the size of its weight (blue positive, red negative), the
    lights are lit or dark, each unit shows its value (grey when relu turned it off) and the
    output the prediction. compare: the goal and delta. backward: each unit's delta, 0 behind
    relu's closed gate. learn: each weight's change, dotted where there is none.
    """
    where = _network_positions(len(steps["layer_0"]), len(steps["layer_1"]))
    drawing = _Drawing(ax)
    _draw_edges(drawing, steps, stage, where)
    _draw_nodes(drawing, steps, stage, where)
    key = _LEARN_KEY if stage == "learn" else _WEIGHT_KEY
    drawing.label(1.1, ax.get_ylim()[0] + 0.05, key, fontsize=7, color="dimgray", va="bottom")
    title = {"transform": ax.transAxes, "ha": "center", "va": "bottom", "fontsize": 10}
    drawing.artists.append(ax.text(0.5, 1.0, _STAGE_TITLES[stage], **title))
    return drawing.artists


def _inside(value):
    """A number short enough to fit inside a node: two significant digits."""
    return "0" if value == 0 else f"{value:.2g}"


@checked(history=check.history, inputs=check.array((2,), "one row of inputs per example"))
def plot_hidden_run(history, inputs, goal_preds, axes=None):
    """Two pictures of a one-hidden-layer network learning the streetlights (chapter 6): the
    error per iteration on a log scale, with the best one layer can do dashed, and, after
    learning, what each hidden unit gives on each row. A unit that gives 0 on every row is
    dead; a row on which every unit gives 0 is predicted 0, whatever its goal.
    """
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(
            1, 2, figsize=(9, 3.2), layout="constrained", gridspec_kw={"width_ratios": [1, 1.1]}
        )
    start_hidden_picture(axes, inputs, goal_preds, len(history))
    draw_hidden_run(axes, history, inputs, goal_preds)
    return axes


@checked(axes=check.axes_pair, inputs=check.array((2,), "one row of inputs per example"))
def start_hidden_picture(axes, inputs, goal_preds, iterations=60):
    """The parts of `plot_hidden_run` that stay the same whatever the run: the error axes with
    the one-layer line, and the table's rows. (The columns, one per hidden unit, are drawn
    with the run, so a widget never redraws this frame.)"""
    from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullLocator

    errors_ax, units_ax = axes
    errors_ax.axhline(ONE_LAYER_BEST, color="black", ls="--", lw=1)
    errors_ax.text(
        iterations, ONE_LAYER_BEST * 1.6, "one layer's best", ha="right", va="bottom", fontsize=8
    )
    errors_ax.set_yscale("log")
    errors_ax.set_ylim(*HIDDEN_ERRORS)
    errors_ax.yaxis.set_major_locator(LogLocator(numticks=6))
    errors_ax.yaxis.set_minor_locator(NullLocator())
    errors_ax.yaxis.set_major_formatter(FuncFormatter(_power_of_ten))
    errors_ax.set_xlim(0.5, iterations + 0.5)
    errors_ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    errors_ax.set_xlabel("iteration")
    errors_ax.set_ylabel("summed error (log scale)")
    errors_ax.set_title("error per iteration", fontsize=10)
    rows = len(inputs)
    units_ax.set_ylim(rows - 0.5, -0.5)
    units_ax.set_xticks([])
    units_ax.set_yticks(range(rows))
    labels = [
        f"{[int(light) for light in row]} goal {float(np.ravel(goal)[0]):g}"
        for row, goal in zip(inputs, goal_preds)
    ]
    units_ax.set_yticklabels(labels, fontsize=8)
    units_ax.set_xlabel("hidden unit", labelpad=14)
    units_ax.set_title("after learning: layer_1 for each row", fontsize=10, pad=14)
    units_ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        units_ax.spines[side].set_visible(False)
    return axes


@checked(
    axes=check.axes_pair,
    history=check.history,
    inputs=check.array((2,), "one row of inputs per example"),
)
def draw_hidden_run(axes, history, inputs, goal_preds):
    """The parts of `plot_hidden_run` that change with the run: the error line, and the table
    of what each hidden unit gives on each row after learning, with its column numbers, the
    dead units marked and each row's prediction (red when no unit fires for a row whose goal
    isn't 0: it is predicted 0 and can't learn). Returns the artists."""
    errors_ax, units_ax = axes
    weights_0_1, weights_1_2 = history.final_weights
    layer_1 = np.maximum(inputs.dot(weights_0_1), 0.0)
    preds = layer_1.dot(weights_1_2)[:, 0]
    rows, hidden_size = layer_1.shape
    units_ax.set_xlim(-0.5, hidden_size + 1.1)
    artists = [draw_iterations(errors_ax, history.errors, log=True, color="tab:orange")]
    top = max(float(layer_1.max()), 1e-12)
    table = units_ax.imshow(
        layer_1,
        cmap="Blues",
        vmin=0,
        vmax=top * 1.5,
        aspect="auto",
        interpolation="nearest",
        extent=(-0.5, hidden_size - 0.5, rows - 0.5, -0.5),
    )
    artists.append(table)
    size = 7 if hidden_size > 6 else 8
    for (row, unit), value in np.ndenumerate(layer_1):
        colour = "gray" if value == 0 else "black"
        artists.append(units_ax.text(unit, row, _inside(value), **_centred(size, colour)))
    dead = np.all(layer_1 == 0, axis=0)
    columns = [(unit, str(unit), 0.0, "black") for unit in range(hidden_size)]
    columns += [(unit, "dead", 1.0, "tab:red") for unit in np.flatnonzero(dead)]
    columns += [(hidden_size + 0.3, "pred", 0.0, "black")]
    for x, text, edge, colour in columns:
        artists.append(
            units_ax.annotate(
                text,
                xy=(x, edge),
                xycoords=("data", "axes fraction"),
                xytext=(0, 2 if edge else -3),
                textcoords="offset points",
                weight="bold" if text == "dead" else "normal",
                **_centred(8, colour, va="bottom" if edge else "top"),
            )
        )
    for row, pred in enumerate(preds):
        # A row no unit fires for is predicted 0: right for a goal of 0, stuck for any other.
        stuck = not layer_1[row].any() and float(np.ravel(goal_preds[row])[0]) != 0
        colour = "tab:red" if stuck else "black"
        text = _inside(round(float(pred), 2))
        artists.append(units_ax.text(hidden_size + 0.3, row, text, **_centred(8, colour)))
    return artists


def _centred(size, colour="black", va="center"):
    return {"ha": "center", "va": va, "fontsize": size, "color": colour}


@checked(steps=_steps)
def plot_backprop_stages(steps, axes=None):
    """The four stages of one step of backpropagation (`backprop_steps`), two by two: forward,
    compare, backward and learn, each on its own drawing of the network (chapter 6). Returns
    the axes."""
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(2, 2, figsize=(9, 7.4), layout="constrained")
    for ax, stage in zip(np.ravel(axes), STAGES):
        draw_network_frame(ax, len(steps["layer_0"]), len(steps["layer_1"]))
        draw_backprop_stage(ax, steps, stage)
    return axes


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
        raise TypeError(
            f"{name} must be a list of texts, one per picture, got {check.show(value)}: e.g. "
            "['said 1', 'said 7']"
        )
    return [check.text(f"{name}[{i}]", title) for i, title in enumerate(value)]


def _labels(name, value):
    """Digits 0 to 9, one per picture, as an array of ints."""
    hint = "one digit from 0 to 9 per picture, e.g. labels[:20]"
    numbers = check.array((1,), hint)(name, value)
    if not np.all((numbers == np.round(numbers)) & (numbers >= 0) & (numbers <= 9)):
        raise ValueError(
            f"{name} must be whole numbers from 0 to 9, got {check.show(value)}: one digit "
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
def _draw_activity_frame(hidden_ax, outputs_ax, hidden_size, hidden_top=HIDDEN_TOP):
    """Draw the two panels of the activity picture without their numbers: the hidden units'
    outputs (one bar per unit) and the ten outputs (one bar per digit, a triangle under the
    true digit). Returns `(hidden_bars, output_bars, truth)`, all of height 0, to be set by
    `_set_activity`.
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
def _set_activity(bars, layer_1, layer_2, label=None):
    """Set the bars from `_draw_activity_frame` to `layer_1` and `layer_2`: the biggest output
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
    bars = _draw_activity_frame(axes[1], axes[2], len(activity["layer_1"]), hidden_top)
    _set_activity(bars, activity["layer_1"], activity["layer_2"], label)
    axes[1].set_title(
        f"hidden layer: {activity['active']} of {len(activity['layer_1'])} units above 0",
        fontsize=10,
    )
    axes[2].set_title(f"ten outputs: the network says {activity['digit']}", fontsize=10)
    return axes
