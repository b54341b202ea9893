"""Pictures of several weights learning (chapter 5): each weight's path toward its true value,
and the error beside it, on scales a widget can keep while it redraws only the lines.
"""

import numpy as np

from tinynn import arguments as kind
from tinynn.arguments import checked
from tinynn.plots.figures import power_of_ten

# One colour per weight, the same in every chapter 5 picture.
WEIGHT_COLOURS = ("tab:blue", "tab:orange", "tab:green", "tab:purple", "tab:brown", "tab:pink")


def _names(name, value):
    """None, or one label (text) per weight."""
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise TypeError(
            f"{name} must be a list of labels, one per weight, got {kind.brief(value)}: e.g. "
            "['toes', 'win/loss', 'fans']"
        )
    return [kind.text(f"{name}[{i}]", label) for i, label in enumerate(value)]


def _weights_history(name, value):
    """A History of learning one row of weights (learn, train): one number per weight per
    iteration, at most one colour's worth of weights."""
    history = kind.history(name, value)
    if isinstance(history.weights[0], tuple):
        raise TypeError(
            f"{name} must be a History of one row of weights, as learn or train return, got "
            "one of train_hidden's two tables: draw that with plot_hidden_run"
        )
    count = np.size(history.weights[0])
    if np.ndim(history.weights[0]) > 1 or count > len(WEIGHT_COLOURS):
        raise ValueError(
            f"{name} must hold at most {len(WEIGHT_COLOURS)} weights in one row, got shape "
            f"{np.shape(history.weights[0])}: the picture draws one line per weight"
        )
    return history


def _fit_true_weights(values):
    """One true weight (and one name) per weight drawn."""
    count = values["count"] if "count" in values else np.size(values["history"].weights[0])
    for name in ("true_weights", "names"):
        given = values.get(name)
        if given is not None and len(given) != count:
            raise ValueError(
                f"{name} must have one entry per weight ({count}), got {len(given)}: e.g. "
                "true_weights=[0.5, 0.9, 1.2] and names=['toes', 'win/loss', 'fans'] for three"
            )


@checked(
    fit=_fit_true_weights,
    count=kind.count("count is how many weights there are; try 3", len(WEIGHT_COLOURS)),
    names=_names,
    weight_range=kind.interval(),
    errors=kind.interval(kind.positive("the error scale is logarithmic: try (1e-30, 1e5)")),
    error_label=kind.text,
    log_iterations=kind.flag,
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
    errors_ax.yaxis.set_major_formatter(FuncFormatter(power_of_ten))
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


ROWS = kind.count("rows is the number of rows the errors add up over; try 8", 10**7)


@checked(history=_weights_history, rows=ROWS)
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


@checked(history=_weights_history, names=_names, rows=ROWS, fit=_fit_true_weights)
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
