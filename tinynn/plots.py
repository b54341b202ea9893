"""Pictures of learning. matplotlib is imported only when a plot is drawn.

Every function takes `ax=None` (a new figure when None), returns the axes, and never changes
matplotlib's global settings. `show(alt)` displays the current figure with a short text
alternative for readers who can't see it.
"""

import numpy as np

from tinynn import _checks as check
from tinynn._checks import checked

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
        raise ValueError(f"names must have one label per weight ({count}), got {len(names)}")
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
