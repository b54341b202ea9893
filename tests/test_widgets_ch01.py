"""Chapter 1's picture of learning (`plots.plot_learning`) and its widget (`learning_explorer`).

The widget cell in the notebook is the one output nbval doesn't check, so what it computes
and draws is tested here: the plot function directly, and the sliders through ipywidgets.
"""

import math

import matplotlib.pyplot as plt
import numpy as np

from tinynn import learn
from tinynn.plots import plot_learning
from tinynn.plots.errors import LEARNING_ERRORS, learning_limits
from tinynn.widgets import learning_explorer

INPUT, GOAL, ALPHA, ITERATIONS = 0, 1, 2, 3  # the order of the widget's sliders


def lines(axes):
    """The data of the prediction line, the goal line and the error line."""
    pred, goal = (line for line in axes[0].lines if line.get_gid() in ("pred", "goal"))
    (error,) = (line for line in axes[1].lines if line.get_gid() == "error")
    return pred.get_xydata(), goal.get_ydata(), error.get_xydata()


def test_plot_learning_draws_each_prediction_and_error_per_step(axes):
    history = learn(5, 42, 1.0, alpha=0.01, iterations=20)
    assert plot_learning(history, 42, axes) is axes
    preds, goal, errors = lines(axes)
    assert preds[:, 0].tolist() == list(range(1, 21))
    assert preds[:, 1].tolist() == history.preds
    assert errors[:, 1].tolist() == history.errors
    assert list(goal) == [42, 42]
    assert axes[1].get_yscale() == "log"
    assert "goal dashed" in axes[0].get_title()
    assert "diverged" not in axes[1].get_title()


def test_plot_learning_redraws_in_place_on_the_same_axes(axes):
    plot_learning(learn(5, 42, 1.0, alpha=0.01, iterations=20), 42, axes)
    counts = [len(ax.lines) for ax in axes]
    history = learn(2, -10, 1.0, alpha=0.05, iterations=7)
    plot_learning(history, -10, axes)
    assert [len(ax.lines) for ax in axes] == counts  # moved, not drawn again
    preds, goal, errors = lines(axes)
    assert preds[:, 1].tolist() == history.preds
    assert list(goal) == [-10, -10]
    low, high = axes[0].get_ylim()
    assert low <= min(history.preds + [-10]) and high >= max(history.preds)


def test_plot_learning_says_when_learning_diverged(axes):
    history = learn(5, 42, 1.0, alpha=0.1, iterations=20)
    assert history.diverged
    plot_learning(history, 42, axes)
    assert "diverged" in axes[1].get_title()


def test_plot_learning_leaves_out_errors_a_log_scale_cannot_show(axes):
    # input 5, goal 5 and weight 1 hit the goal exactly: every error is 0.
    history = learn(5, 5, 1.0, alpha=0.01, iterations=5)
    assert history.errors == [0.0] * 5
    plot_learning(history, 5, axes)
    _, _, errors = lines(axes)
    assert np.isnan(errors[:, 1]).all()
    low, high = axes[1].get_ylim()
    assert 0 < low < high  # still a valid log axis


def test_plot_learning_makes_its_own_figure_when_given_no_axes():
    axes = plot_learning(learn(5, 42, 1.0, alpha=0.01, iterations=3), 42)
    try:
        assert len(axes) == 2
        assert axes[0].figure is axes[1].figure
    finally:
        plt.close(axes[0].figure)


def test_the_widget_starts_with_the_chapter_run():
    ui = learning_explorer()
    names = [child.description for child in ui.children[:4]]
    assert names == ["input", "goal_pred", "alpha", "iterations"]
    history = ui.result
    assert history.errors == learn(5, 42, 1.0, alpha=0.01, iterations=20).errors
    assert history.errors[-1] == 0.02447549348672308


def test_moving_goal_pred_makes_the_prediction_follow_it():
    ui = learning_explorer()
    ui.children[GOAL].value = -30.0
    assert ui.result.errors == learn(5, -30.0, 1.0, alpha=0.01, iterations=20).errors
    assert abs(5 * ui.result.final_weights - -30.0) < 0.2


def test_more_iterations_get_closer_and_input_zero_learns_nothing():
    ui = learning_explorer()
    ui.children[ITERATIONS].value = 40
    assert len(ui.result) == 40
    assert ui.result.final_error < 1e-5
    ui.children[INPUT].value = 0.0
    assert ui.result.final_weights == 1.0  # delta * input is 0: the weight never moves
    assert set(ui.result.errors) == {42.0**2}


def test_a_big_alpha_makes_it_diverge_and_a_small_one_learns_slowly():
    ui = learning_explorer()
    ui.children[ALPHA].value = 0.1
    assert math.isclose(ui.result.errors[1] / ui.result.errors[0], (1 - 0.1 * 25) ** 2)
    assert ui.result.diverged
    ui.children[ALPHA].value = 0.001
    assert not ui.result.diverged
    assert ui.result.final_error > 100  # 20 tiny steps haven't got far


def test_the_widget_leaves_no_pyplot_figures_behind():
    before = plt.get_fignums()
    ui = learning_explorer()
    for value in [1.0, 2.0, 3.0]:
        ui.children[INPUT].value = value
    assert plt.get_fignums() == before


def test_scales_cover_the_run_and_the_goal_with_round_ends():
    history = learn(5, 42, 1.0, alpha=0.01, iterations=20)
    limits = learning_limits(history, 42)
    assert limits["iterations"] == (0.5, 20.5)
    low, high = limits["preds"]
    assert low < 5 and high > 42  # the first prediction, 5, and the goal, 42
    assert low == round(low) and high == round(high)
    # The error scale is fixed, and both of the chapter's runs fit in it, the diverging one too.
    assert limits["errors"] == LEARNING_ERRORS
    diverging = learn(5, 42, 1.0, alpha=0.1, iterations=20)
    for run in (history, diverging):
        assert LEARNING_ERRORS[0] < min(run.errors) and max(run.errors) < LEARNING_ERRORS[1]
    assert learning_limits(learn(5, 42, 1.0, alpha=0.01, iterations=21), 42)["iterations"] == (
        0.5,
        25.5,
    )


def test_scales_are_kept_while_a_new_run_fits_them_well():
    shown = learning_limits(learn(5, 42, 1.0, alpha=0.01, iterations=20), 42)
    nearby = learn(5, 43, 1.0, alpha=0.01, iterations=18)
    assert learning_limits(nearby, 43, keep=shown) == shown
    # A goal outside the shown scale, or a run filling too little of it, gets a new scale.
    assert learning_limits(learn(5, 90, 1.0, alpha=0.01), 90, keep=shown)["preds"] != shown["preds"]
    small = learn(5, 6, 1.0, alpha=0.01, iterations=4)
    kept = learning_limits(small, 6, keep=shown)
    assert kept["preds"] != shown["preds"] and kept["iterations"] == (0.5, 5.5)


def test_the_picture_shows_the_current_run_only():
    ui = learning_explorer()
    picture = next(child for child in ui.children if child.__class__.__name__ == "Picture")
    summary = next(child for child in ui.children if child.__class__.__name__ == "Label")
    assert picture.alt == summary.value and "predicts" in picture.alt  # its text alternative
    first = bytes(picture.value)
    assert first.startswith(b"\x89PNG")
    ui.children[GOAL].value = 43.0
    assert bytes(picture.value) != first
    assert "goal_pred 43" in picture.alt  # the text alternative follows the picture
    ui.children[GOAL].value = 42.0
    # Back to the first run: the same pixels, with nothing of the 43 run left over.
    assert bytes(picture.value) == first
    ui.children[ALPHA].value = 0.1  # diverges: the title says so
    assert ui.result.diverged and bytes(picture.value) != first
    ui.children[ALPHA].value = 0.01
    assert bytes(picture.value) == first
