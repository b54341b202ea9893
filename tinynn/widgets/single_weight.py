"""Sliders for a network with one weight: learning it (chapter 1), the slope of its error
(chapter 3), and what alpha does to it (chapter 4).
"""

import math

from tinynn import (
    arguments as kind,
)
from tinynn import (
    contraction_factor,
    error_slope,
    gradient_descent_step,
    learn,
    learning_regime,
)
from tinynn.arguments import checked
from tinynn.plots import (
    draw_iterations,
    draw_slope,
    plot_error_parabola,
    plot_iterations_frame,
    plot_learning,
)
from tinynn.widgets.live import LiveFigure, under_the_sliders

ONE_NUMBER = kind.number()


@checked(
    input=ONE_NUMBER,
    goal_pred=ONE_NUMBER,
    span=kind.positive("span is how far the slider reaches each side of the bottom; try 2.6"),
)
def slope_explorer(input=0.5, goal_pred=0.8, span=2.6):
    """A weight slider on the error parabola (chapter 3): it draws the slope at that weight
    and the step gradient descent would take from there (`plots.draw_slope`).

    Each update returns the numbers it shows: pred, delta, error, slope, weight_delta and
    the new weight.
    """
    import ipywidgets

    from tinynn.widgets import controls

    if input == 0:
        raise ValueError(
            "input must not be 0 here, got 0: with input 0 the error doesn't depend on the "
            "weight, so there is no slope to explore; try 0.5"
        )
    centre = goal_pred / input
    live = LiveFigure(figsize=(6, 3.2))
    summary = ipywidgets.Label()
    ax = live.axes
    plot_error_parabola(input, goal_pred, ax=ax, span=span)
    sample = draw_slope(ax, input, goal_pred, centre)
    ax.legend(loc="upper center", fontsize="small")
    for artist in sample:
        artist.remove()
    live.keep_frame()
    start, step = round(centre + 0.55 * span, 1), 0.05
    low = start - step * math.floor((start - (centre - span)) / step + 1e-9)  # a step apart
    high = start + step * math.floor((centre + span - start) / step + 1e-9)  # from the start
    slider = controls.slider("weight", low, high, step, start, "{:.2f}")

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
    return under_the_sliders(ui, summary, live.picture)


@checked(
    weight=ONE_NUMBER,
    goal_pred=ONE_NUMBER,
    iterations=kind.count("the number of iterations drawn; try 20", 200),
)
def alpha_explorer(weight=0.5, goal_pred=0.8, iterations=20):
    """Sliders for alpha and the input (chapter 4): learning from `weight` for `iterations`
    iterations, drawn as in `plots.plot_alpha_run`, with the contraction factor
    `1 - alpha * input**2` and what it means (`learning.learning_regime`).

    Each update returns the factor, the regime and the `History` it drew.
    """
    import ipywidgets

    from tinynn.widgets import controls

    live = LiveFigure(figsize=(8, 3), ncols=2)
    summary = ipywidgets.Label()
    preds_ax, errors_ax = live.axes
    plot_iterations_frame(live.axes, goal_pred, iterations=iterations)
    live.keep_frame()
    alpha_slider = controls.slider("alpha", 0.01, 1.0, 0.01, 0.1, "{:.2f}")
    # Up to 6, so that with alpha 0.1 the edge, input sqrt(20) (about 4.47), is in reach.
    input_slider = controls.slider("input", 0.0, 6.0, 0.1, 2.0, "{:.1f}")

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
    return under_the_sliders(ui, summary, live.picture)


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

    from tinynn.widgets import controls

    # Fixed margins rather than a layout engine: a frame redraw then doesn't measure labels.
    live = LiveFigure(figsize=(7.5, 2.6), ncols=2, dpi=90, layout=None)
    live.figure.subplots_adjust(left=0.09, right=0.98, bottom=0.18, top=0.89, wspace=0.32)
    axes = live.axes
    summary = ipywidgets.Label()
    sliders = {
        "input": controls.slider("input", -5.0, 10.0, 0.5, 5.0, "{:.1f}"),
        "goal_pred": controls.slider("goal_pred", -50.0, 100.0, 1.0, 42.0, "{:.0f}"),
        "alpha": controls.log_slider("alpha", 0.001, 0.1, 10, 0.01, "{:.3f}"),
        "iterations": controls.slider("iterations", 1, 60, 1, 20),
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
    return under_the_sliders(ui, summary, live.picture)
