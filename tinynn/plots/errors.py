"""Pictures of errors, predictions and slopes, iteration by iteration (chapters 1 to 4, and
chapter 7's passes): the error parabola and its slope, learning runs, where alpha converges.

Every `plot_` function takes `ax=None` (a new figure when None) and returns what it drew on;
a `draw_` function adds to axes it is given, for widgets that redraw only what moves.
"""

import numpy as np

from tinynn import arguments as kind
from tinynn.arguments import checked
from tinynn.plots.figures import new_axes, power_of_ten

ONE_NUMBER = kind.number()


SPAN = kind.optional(
    kind.positive("span is how far the picture reaches each side of the bottom; try 1.0")
)


@checked(input=ONE_NUMBER, goal_pred=ONE_NUMBER, weights=kind.optional(kind.array((1,))), span=SPAN)
def plot_error_parabola(input, goal_pred, weights=None, ax=None, span=None):
    """Draw the error `(input * weight - goal_pred) ** 2` for every weight: a parabola whose
    bottom is the weight that hits the goal (chapter 3). Pass `weights` (e.g.
    `history.weights`) to draw the path learning took, one dot per iteration.

    The view is centred on the bottom, `span` to each side (when None, two and a half times
    the path's first distance from the bottom); a path that runs away leaves the picture.
    """
    ax = new_axes(ax)
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


@checked(ax=kind.axes, input=ONE_NUMBER, goal_pred=ONE_NUMBER)
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
    ax=kind.axes,
    values=kind.series,
    log=kind.flag,
    color=kind.colour,
    label=kind.optional(kind.text),
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


@checked(histories=kind.histories)
def plot_errors(histories, ax=None):
    """Draw each history's error per iteration on a log scale, where an error multiplied by the
    same factor every iteration is a straight line (chapters 3 and 4). `histories` maps labels to
    `History` objects. An error of exactly 0 can't be drawn on a log scale, so the line stops
    there, a triangle at the bottom marks the iteration where it reached 0, and the label says
    so.
    """
    from matplotlib.ticker import MaxNLocator

    ax = new_axes(ax)
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
    axes=kind.axes_pair,
    goal_pred=ONE_NUMBER,
    pred_range=kind.interval(),
    errors=kind.interval(kind.positive("the error scale is logarithmic: try (1e-20, 1e20)")),
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


@checked(history=kind.history, goal_pred=ONE_NUMBER, axes=kind.axes_pair)
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
    inputs=kind.interval(kind.positive("inputs is the range of inputs shown; try (0.1, 6.0)")),
    points=kind.pairs(
        ONE_NUMBER, kind.positive("each point is (input, alpha), with alpha above 0")
    ),
)
def plot_alpha_boundary(ax=None, inputs=(0.1, 6.0), points=()):
    """Map which alphas converge for which inputs, one input and one weight (chapter 4): below
    `alpha = 2 / input**2` the miss shrinks every step, above it grows. The dashed line,
    `alpha = 1 / input**2`, lands in one step. `points` is a list of `(input, alpha)` to mark,
    each labelled `(input, alpha)` and what learning does there.
    """
    from tinynn.learning import learning_regime

    ax = new_axes(ax)
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
    preds=kind.series,
    goal_pred=kind.optional(ONE_NUMBER),
    first_iteration=kind.whole_number,
    label=kind.text,
)
def plot_predictions(preds, goal_pred=None, ax=None, first_iteration=1, label="prediction"):
    """Draw one prediction per iteration, numbered from `first_iteration`, and the goal as a
    dashed line (chapters 1 and 2). Pass `goal_pred=None` to leave the goal line out.
    """
    ax = new_axes(ax)
    iterations = np.arange(first_iteration, first_iteration + len(preds))
    marker = "o-" if len(preds) <= 60 else "-"
    ax.plot(iterations, preds, marker, ms=3, lw=1.2, label=label)
    if goal_pred is not None:
        ax.axhline(goal_pred, color="black", ls="--", lw=1, label=f"goal_pred = {goal_pred:g}")
    ax.set_xlabel("iteration")
    ax.set_ylabel("prediction")
    return ax


@checked(history=kind.history, goal_pred=ONE_NUMBER, axes=kind.axes_pair)
def plot_learning(history, goal_pred, axes=None):
    """Two pictures of one weight learning (chapter 1): the prediction iteration by iteration,
    closing in on the goal, and the error on a log scale. `axes` is a pair of axes; returns it.

    Called again on the same axes, it moves the lines it drew to the new numbers instead of
    drawing more, and keeps its scales when the new run still fits them well
    (`learning_limits`): that is what keeps the chapter 1 widget quick. Errors of exactly
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
    limits = learning_limits(history, goal_pred, keep=shown)
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
    history=kind.history,
    goal_pred=ONE_NUMBER,
    keep=kind.optional(lambda name, value: dict(value)),
)
def learning_limits(history, goal_pred, keep=None):
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
    axes[1].yaxis.set_major_formatter(FuncFormatter(power_of_ten))
    axes[0].yaxis.set_major_locator(MaxNLocator(5))
    for ax in axes:
        ax.set_xlabel("iteration")
        ax.xaxis.set_major_locator(MaxNLocator(4, integer=True))


def _find_line(ax, gid):
    for line in ax.lines:
        if line.get_gid() == gid:
            return line
    return None


@checked(
    curves=lambda name, value: _curves(name, value),
    ylabel=kind.text,
    log=kind.flag,
    mark=kind.optional(kind.whole_number),
    mark_label=kind.optional(kind.text),
)
def plot_passes(curves, ylabel, ax=None, log=False, mark=None, mark_label=None):
    """Draw numbers measured after each pass of learning (chapter 7): `curves` maps a label
    to a list whose entry `i` was measured after `i` passes (entry 0 before any learning).
    `mark` draws a dashed line at that pass, named `mark_label` in the legend. Returns the
    axes.
    """
    from matplotlib.ticker import MaxNLocator

    ax = new_axes(ax)
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
        kind.text(f"{name}'s label", label): kind.series(f"{name}[{label!r}]", values)
        for label, values in value.items()
    }
