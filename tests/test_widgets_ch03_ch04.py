"""Chapters 3 and 4: the slope and contraction-factor helpers, their plots, and their widgets.

The widget cells are the only outputs nbval doesn't check, so what they compute and draw is
tested here: the functions directly, and the sliders through `ipywidgets.interactive`.
"""

import math
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest

import tinynn.widgets
from tinynn import (
    contraction_factor,
    error_slope,
    gradient_descent_step,
    learn,
    learning_regime,
    numerical_derivative,
)
from tinynn.plots import (
    draw_iterations,
    draw_slope,
    plot_alpha_boundary,
    plot_alpha_run,
    plot_error_parabola,
    plot_errors,
    plot_slope_at,
)
from tinynn.widgets import alpha_explorer, slope_explorer

CHAPTERS = Path(__file__).resolve().parent.parent / "chapters"
ALPHA, INPUT = 0, 1  # the order of the chapter 4 widget's sliders


# ---------------------------------------------------------------------------------------------
# The slope (chapter 3)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("input", [-3.0, -0.5, 0.5, 2.0, 5.0])
@pytest.mark.parametrize("weight", [-1.0, 0.0, 0.5, 1.6, 3.0])
def test_error_slope_is_the_measured_slope_and_twice_weight_delta(input, weight):
    goal_pred = 0.8
    slope = error_slope(input, goal_pred, weight)
    measured = numerical_derivative(lambda w: (input * w - goal_pred) ** 2, weight)
    assert math.isclose(slope, measured, rel_tol=1e-7, abs_tol=1e-7)
    weight_delta = weight - gradient_descent_step(input, goal_pred, weight)
    assert math.isclose(slope, 2 * weight_delta, rel_tol=1e-12, abs_tol=1e-15)
    assert type(slope) is float


def test_error_slope_says_what_is_wrong_with_bad_input():
    with pytest.raises(TypeError, match="weight must be a number"):
        error_slope(0.5, 0.8, "1.0")
    with pytest.raises(ValueError, match="input must be a finite number"):
        error_slope(float("nan"), 0.8, 1.0)


def test_the_parabola_has_its_bottom_at_the_goal_weight_and_draws_the_path(ax):
    history = learn(0.5, 0.8, 0.5, iterations=20)
    assert plot_error_parabola(0.5, 0.8, weights=history.weights, ax=ax) is ax
    curve, path, start = ax.lines
    x, y = curve.get_data()
    assert x[np.argmin(y)] == pytest.approx(1.6)
    assert np.allclose(y, (0.5 * x - 0.8) ** 2)
    assert list(path.get_xdata()) == history.weights
    assert np.allclose(path.get_ydata(), history.errors)
    assert list(start.get_xdata()) == [0.5]
    left, right = ax.get_xlim()
    assert left < 0.5 < 1.6 < right and (left + right) / 2 == pytest.approx(1.6)


def test_a_diverging_path_leaves_the_view_without_moving_it(ax):
    history = learn(2, 0.8, 0.5, iterations=20)
    plot_error_parabola(2, 0.8, weights=history.weights, ax=ax, span=1.5)
    assert ax.get_xlim() == pytest.approx((0.4 - 1.5, 0.4 + 1.5))
    assert ax.get_ylim()[1] < 20  # the view fits the bowl, not the runaway errors


def test_draw_slope_draws_the_tangent_and_the_gradient_descent_step(ax):
    plot_error_parabola(0.5, 0.8, ax=ax, span=2.6)
    before = len(ax.lines)
    tangent, arrow, name, point = draw_slope(ax, 0.5, 0.8, 3.0)
    assert len(ax.lines) == before + 3  # tangent, the arrow's legend entry, the point
    x, y = tangent.get_data()
    assert (y[1] - y[0]) / (x[1] - x[0]) == pytest.approx(error_slope(0.5, 0.8, 3.0))
    assert arrow.xyann == pytest.approx((3.0, (1.5 - 0.8) ** 2))  # from the weight...
    new_weight = gradient_descent_step(0.5, 0.8, 3.0)
    assert arrow.xy == pytest.approx((new_weight, (0.5 * new_weight - 0.8) ** 2))  # ...down
    assert list(point.get_xdata()) == [3.0]
    assert name.get_label() == "gradient descent step"


def test_plot_slope_at_puts_the_numbers_in_the_title(ax):
    plot_slope_at(0.5, 0.8, 3.0, ax=ax, span=2.6)
    assert ax.get_title() == "weight 3: slope 0.7, one step goes to 2.65"


# ---------------------------------------------------------------------------------------------
# The contraction factor (chapter 4)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("input", [-3.0, -1.0, 0.5, 2.0])
@pytest.mark.parametrize("alpha", [0.05, 0.1, 0.3, 1.0])
def test_each_step_multiplies_the_miss_by_the_contraction_factor(input, alpha):
    factor = contraction_factor(input, alpha)
    preds = learn(input, 0.8, 0.5, alpha=alpha, iterations=4).preds
    misses = [pred - 0.8 for pred in preds]
    for before, after in zip(misses, misses[1:]):
        assert after == pytest.approx(before * factor, rel=1e-9, abs=1e-15)


def test_contraction_factor_needs_a_positive_alpha():
    assert contraction_factor(2, 0.1) == 1 - 0.1 * 4
    with pytest.raises(ValueError, match="alpha must be positive, got -0.1"):
        contraction_factor(2, -0.1)
    with pytest.raises(TypeError, match="input must be a number"):
        contraction_factor([2], 0.1)


@pytest.mark.parametrize(
    "input, alpha, regime",
    [
        (2, 0.1, "converges"),
        (2, 0.25, "lands in one step"),
        (2, 0.4, "converges, zig-zagging"),
        (2, 0.5, "oscillates forever"),
        (2, 0.51, "diverges"),
        (2, 1.0, "diverges"),
        (-2, 1.0, "diverges"),
        (0.5, 4.0, "lands in one step"),
        (0.5, 7.9, "converges, zig-zagging"),
        (3, 2 / 9, "oscillates forever"),
        (0, 1.0, "never moves"),
    ],
)
def test_learning_regime_reads_the_factor(input, alpha, regime):
    assert learning_regime(input, alpha) == regime


def test_the_regime_flips_to_diverging_where_alpha_times_input_squared_passes_2():
    for input in (0.5, 1.5, 2.0, 3.0):
        edge = 2 / input**2
        assert learning_regime(input, edge * 0.99) == "converges, zig-zagging"
        assert learning_regime(input, edge) == "oscillates forever"
        assert learning_regime(input, edge * 1.01) == "diverges"


@pytest.mark.parametrize("alpha", [0.1, 0.25, 0.4, 0.5, 0.6, 1.0])
def test_what_the_regime_says_is_what_learning_does(alpha):
    regime = learning_regime(2, alpha)
    errors = learn(2, 0.8, 0.5, alpha=alpha, iterations=30).errors
    if regime == "diverges":
        assert errors[-1] > 100 * errors[0]
    elif regime == "oscillates forever":
        assert errors[-1] == pytest.approx(errors[0])
    elif regime == "lands in one step":
        assert errors[1:] == [0.0] * 29
    else:
        assert errors[-1] < 1e-6 * errors[0]


# ---------------------------------------------------------------------------------------------
# Chapter 4's pictures
# ---------------------------------------------------------------------------------------------


def test_draw_iterations_leaves_out_what_a_log_scale_cannot_show(ax):
    line = draw_iterations(ax, [0.04, 0.0, 0.0], log=True)
    x, y = line.get_data()
    assert list(x) == [1, 2, 3]
    assert y[0] == 0.04 and np.isnan(y[1:]).all()
    line = draw_iterations(ax, [1.0, -0.5, 0.0])  # predictions may be 0 or negative
    assert list(line.get_ydata()) == [1.0, -0.5, 0.0]


def test_plot_errors_draws_one_log_line_per_history(ax):
    runs = {f"alpha {a}": learn(2, 0.8, 0.5, alpha=a) for a in (1.0, 0.25, 0.1)}
    assert plot_errors(runs, ax=ax) is ax
    assert ax.get_yscale() == "log"
    named = [line for line in ax.lines if not line.get_label().startswith("_")]
    assert [line.get_label() for line in named] == [
        "alpha 1.0",
        "alpha 0.25 (then exactly 0)",
        "alpha 0.1",
    ]
    assert list(named[0].get_ydata()) == runs["alpha 1.0"].errors
    # The run that reaches exactly 0 is a single point, so a triangle marks where it drops,
    # at iteration 2, in the run's colour, at the bottom of the picture.
    (triangle,) = [line for line in ax.lines if line.get_marker() == "v"]
    assert list(triangle.get_xdata()) == [2]
    assert triangle.get_color() == named[1].get_color()
    assert triangle.get_ydata()[0] == ax.get_ylim()[0]


def test_plot_alpha_run_uses_fixed_scales_so_runs_compare():
    tamed = learn(2, 0.8, 0.5, alpha=0.1)
    wild = learn(2, 0.8, 0.5, alpha=1.0)
    limits = []
    for history in (tamed, wild):
        preds_ax, errors_ax = plot_alpha_run(history, 0.8)
        assert list(preds_ax.lines[-1].get_ydata()) == history.preds
        assert list(errors_ax.lines[-1].get_ydata()) == history.errors
        assert preds_ax.lines[0].get_ydata()[0] == 0.8  # the goal line
        limits.append((preds_ax.get_ylim(), errors_ax.get_ylim()))
        plt.close(preds_ax.figure)
    assert limits[0] == limits[1]


def test_plot_alpha_boundary_draws_the_edge_and_labels_the_points(ax):
    plot_alpha_boundary(ax=ax, points=[(2, 1.0), (2, 0.1)])
    edge, one_step = ax.lines[:2]
    x, y = edge.get_data()
    assert np.allclose(y, 2 / x**2)
    assert np.allclose(one_step.get_ydata(), 1 / one_step.get_xdata() ** 2)
    labels = [text.get_text() for text in ax.texts]
    assert labels == ["(2, 1): diverges", "(2, 0.1): converges"]


# ---------------------------------------------------------------------------------------------
# The widgets
# ---------------------------------------------------------------------------------------------


def test_the_slope_widget_starts_at_weight_3_and_follows_the_slider(pngs):
    ui = slope_explorer()
    (slider,) = ui.children[:1]
    assert slider.description == "weight"
    assert ui.result["weight"] == 3.0
    assert ui.result["slope"] == pytest.approx(0.7)
    slider.value = 0.5
    assert ui.result["slope"] == pytest.approx(-0.55)
    assert ui.result["weight_delta"] == pytest.approx(-0.275)
    assert ui.result["new_weight"] == gradient_descent_step(0.5, 0.8, 0.5)
    slider.value = 1.6
    assert ui.result["slope"] == pytest.approx(0.0, abs=1e-12)
    assert ui.result["new_weight"] == pytest.approx(1.6)
    assert len(pngs) == 3 and len(set(pngs)) == 3  # a new picture for every move
    assert all(png.startswith(b"\x89PNG") for png in pngs)


def test_the_slope_widget_refuses_input_zero():
    with pytest.raises(ValueError, match="input must not be 0 here"):
        slope_explorer(input=0)


def test_the_alpha_widget_starts_with_the_chapter_run():
    ui = alpha_explorer()
    assert [child.description for child in ui.children[:2]] == ["alpha", "input"]
    assert ui.result["factor"] == contraction_factor(2, 0.1)
    assert ui.result["regime"] == "converges"
    assert ui.result["history"].final_error == 1.485277170987127e-10
    assert ui.result["history"].final_pred == 0.8000121871948003


def test_the_regime_label_flips_as_alpha_crosses_the_edge(pngs):
    ui = alpha_explorer()
    seen = {}
    for alpha in (0.25, 0.4, 0.49, 0.5, 0.51, 1.0):
        ui.children[ALPHA].value = alpha
        seen[alpha] = ui.result["regime"]
        assert ui.result["history"].errors == learn(2, 0.8, 0.5, alpha=alpha).errors
    assert seen == {
        0.25: "lands in one step",
        0.4: "converges, zig-zagging",
        0.49: "converges, zig-zagging",
        0.5: "oscillates forever",
        0.51: "diverges",
        1.0: "diverges",
    }
    assert ui.result["history"].diverged
    assert len(set(pngs)) == len(pngs) == 7  # the first picture, then one per move


def test_moving_the_input_moves_the_edge():
    ui = alpha_explorer()
    ui.children[ALPHA].value = 0.3
    assert ui.result["regime"] == "converges, zig-zagging"  # 0.3 * 4 = 1.2
    ui.children[INPUT].value = 3.0
    assert ui.result["regime"] == "diverges"  # 0.3 * 9 = 2.7
    assert ui.result["factor"] == pytest.approx(1 - 2.7)
    ui.children[INPUT].value = 0.0
    assert ui.result["regime"] == "never moves"
    assert set(ui.result["history"].weights) == {0.5}


def test_the_widgets_leave_no_figures_behind():
    before = plt.get_fignums()
    for ui, index in ((slope_explorer(), 0), (alpha_explorer(), ALPHA)):
        for value in (0.2, 0.3, 0.4):
            ui.children[index].value = value
    assert plt.get_fignums() == before


# ---------------------------------------------------------------------------------------------
# The widget cells in the chapters
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, call",
    [
        ("03_gradient_descent.ipynb", "slope_explorer(input=1.5)"),
        ("04_divergence_and_alpha.ipynb", "alpha_explorer()"),
    ],
)
def test_only_the_widget_cell_is_unchecked_and_a_static_figure_follows_it(name, call):
    nb = nbformat.read(CHAPTERS / name, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    ignored = [
        i for i, cell in enumerate(code) if "nbval-ignore-output" in cell.metadata.get("tags", [])
    ]
    assert [code[i].source for i in ignored] == [call]
    following = code[ignored[0] + 1]
    assert "show(" in following.source
    assert any("image/png" in output.get("data", {}) for output in following.outputs)


def test_chapter_4s_activity_can_be_done_with_the_sliders():
    """ "Set alpha to 0.1 and slide the input up: where does it start to diverge?" The edge is
    input sqrt(2 / 0.1), about 4.47: the input slider must reach past it."""
    ui = alpha_explorer()
    ui.children[ALPHA].value = 0.1
    slider = ui.children[INPUT]
    assert slider.max > math.sqrt(20)
    regimes = {}
    for value in slider.options:
        slider.value = value
        regimes[round(float(value), 1)] = ui.result["regime"]
    assert regimes[4.4] != "diverges" and regimes[4.5] == "diverges"


def test_a_live_figure_swaps_its_moving_parts_instead_of_piling_them_up():
    live = tinynn.widgets.live.LiveFigure(figsize=(4, 3))
    live.axes.plot([0, 1], [0, 1])  # the frame
    live.keep_frame()
    frame_lines = len(live.axes.lines)
    pictures = []
    for y in (0.2, 0.5, 0.2):
        (dot,) = live.axes.plot([0.5], [y], "o", color="tab:red")
        pictures.append(live.show([dot]))
        assert len(live.axes.lines) == frame_lines + 1  # the old dot is gone
    assert pictures[0] != pictures[1]
    assert pictures[0] == pictures[2]  # same moving parts on the same frame: same picture
