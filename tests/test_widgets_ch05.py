"""Chapter 5: the pictures of several weights learning, and the widget's sliders.

The widget cell is the only output nbval doesn't check, so what it computes and draws is
tested here: the functions directly, and the sliders through `ipywidgets.interactive`.
"""

from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest

from tinynn import linear_data, train
from tinynn.plots import draw_weight_paths, plot_weight_paths, plot_weights_frame
from tinynn.widgets import weights_explorer

CHAPTER = Path(__file__).resolve().parent.parent / "chapters" / "05_many_inputs.ipynb"
ALPHA, START = 0, 1  # the order of the widget's sliders
GUESS = [0.2, 1.4, 30.0]
FIRST_GAME = [8.5, 0.65, 1.2]


# ---------------------------------------------------------------------------------------------
# The pictures
# ---------------------------------------------------------------------------------------------


def test_the_frame_names_each_weight_and_dashes_the_true_ones(axes):
    plot_weights_frame(axes, 3, iterations=50, true_weights=[0.5, 0.9, 1.2], names=["a", "b", "c"])
    weights_ax, errors_ax = axes
    labels = [text.get_text() for text in weights_ax.get_legend().get_texts()]
    assert labels == ["a", "b", "c", "true weights"]
    dashed = [line for line in weights_ax.lines if line.get_linestyle() == "--"]
    assert [line.get_ydata()[0] for line in dashed[:3]] == [0.5, 0.9, 1.2]
    assert errors_ax.get_yscale() == "log" and weights_ax.get_xscale() == "linear"
    assert weights_ax.get_xlim() == (0, 51)


def test_the_frame_can_count_iterations_on_a_log_scale(axes):
    plot_weights_frame(axes, 2, iterations=2000, log_iterations=True)
    assert axes[0].get_xscale() == "log" and axes[0].get_xlim() == (1, 2000)
    assert axes[1].get_xscale() == "linear"  # the error's straight line stays straight
    labels = [text.get_text() for text in axes[0].get_legend().get_texts()]
    assert labels == ["weight 1", "weight 2"]


def test_the_frame_wants_one_name_per_weight(axes):
    with pytest.raises(ValueError, match="names must have one entry per weight"):
        plot_weights_frame(axes, 3, names=["a", "b"])
    with pytest.raises(ValueError, match="true_weights must have one entry per weight"):
        plot_weights_frame(axes, 3, true_weights=[0.5, 0.9])
    with pytest.raises(TypeError, match="list of labels"):
        plot_weights_frame(axes, 3, names="abc")


def test_draw_weight_paths_draws_each_weight_and_the_mean_squared_error(axes):
    inputs, goal_preds = linear_data()
    history = train(inputs, goal_preds, GUESS, alpha=0.01, iterations=50, batch_size=8)
    plot_weights_frame(axes, 3, iterations=50, weight_range=(-10, 31), errors=(1e-5, 1e5))
    *weight_lines, error_line = draw_weight_paths(axes, history, rows=len(inputs))
    assert len(weight_lines) == 3
    for i, line in enumerate(weight_lines):
        assert list(line.get_xdata()) == list(range(1, 51))
        assert np.array_equal(line.get_ydata(), [weights[i] for weights in history.weights])
    assert np.allclose(error_line.get_ydata(), np.array(history.errors) / 8, rtol=1e-15)


def test_a_weight_that_runs_off_the_picture_stops_there(axes):
    inputs, goal_preds = linear_data()
    history = train(inputs, goal_preds, GUESS, alpha=0.03, iterations=40, batch_size=8)
    plot_weights_frame(axes, 3, iterations=40, weight_range=(-33, 33))
    *weight_lines, _ = draw_weight_paths(axes, history, rows=8)
    for i, line in enumerate(weight_lines):
        path = np.array([weights[i] for weights in history.weights])
        outside = np.flatnonzero(np.abs(path) > 33)
        shown = line.get_ydata()
        first = outside[0]
        assert np.array_equal(shown[: first + 1], path[: first + 1])  # up to where it leaves
        assert np.isnan(shown[first + 1 :]).all()  # and nothing after


def test_plot_weight_paths_fits_the_run_and_says_what_error_it_draws():
    inputs, goal_preds = linear_data()
    history = train(inputs, goal_preds, GUESS, alpha=0.01, iterations=2000, batch_size=8)
    weights_ax, errors_ax = plot_weight_paths(history, true_weights=[0.5, 0.9, 1.2], rows=8)
    low, high = weights_ax.get_ylim()
    assert low < np.min(history.weights) and np.max(history.weights) < high
    assert weights_ax.get_xscale() == "log"  # 2000 iterations: quick start, slow finish
    bottom, top = errors_ax.get_ylim()
    errors = np.array(history.errors) / 8
    assert bottom <= errors.min() and errors.max() <= top
    assert errors_ax.get_ylabel() == "mean squared error (log scale)"
    plt.close(weights_ax.figure)


def test_plot_weight_paths_of_one_example_draws_its_error_and_at_least_three_decades():
    history = train(
        [FIRST_GAME], [1], [0.1, 0.2, -0.1], alpha=0.3, iterations=20, frozen=[True, False, False]
    )
    weights_ax, errors_ax = plot_weight_paths(history, names=["toes", "win/loss", "fans"])
    assert errors_ax.get_ylabel() == "error (log scale)"
    assert weights_ax.get_xscale() == "linear"
    toes_line = weights_ax.lines[3]  # after the three empty lines that name the colours
    assert set(toes_line.get_ydata()) == {0.1}
    plt.close(weights_ax.figure)
    flat = train(
        *linear_data(), [0.2, 1.4, 0.0], 0.01, 2000, batch_size=8, frozen=[False, False, True]
    )
    _, errors_ax = plot_weight_paths(flat, rows=8)
    bottom, top = errors_ax.get_ylim()
    assert top / bottom >= 1000  # a floor near 12 still gets ticks to read it by
    plt.close(errors_ax.figure)


# ---------------------------------------------------------------------------------------------
# The widget
# ---------------------------------------------------------------------------------------------


def explorer(**options):
    """The widget as chapter 5 makes it: the data set, the guess, the true weights."""
    return weights_explorer(*linear_data(), GUESS, true_weights=[0.5, 0.9, 1.2], **options)


def test_the_widget_starts_with_the_chapters_run(pngs):
    ui = explorer()
    sliders = ui.children[:2]
    assert [slider.description for slider in sliders] == ["alpha", "weight 3 starts at"]
    assert sliders[ALPHA].value == 0.01 and sliders[START].value == 30.0
    history = ui.result["history"]
    assert len(history) == 2000 and list(history.weights[0]) == GUESS
    assert np.round(ui.result["final_weights"], 6).tolist() == [0.5, 0.9, 1.2]
    assert ui.result["mean_squared_error"] == pytest.approx(2.18e-17, rel=0.01)
    assert not ui.result["diverged"]
    chapters_run = train(*linear_data(), GUESS, 0.01, 2000, batch_size=8)
    assert history.errors == chapters_run.errors  # train's own run, digit for digit
    assert "0.5000, 0.9000, 1.2000" in ui.children[2].value
    assert len(pngs) == 1 and pngs[0].startswith(b"\x89PNG")


def test_moving_alpha_relearns_and_past_the_edge_diverges(pngs):
    ui = explorer()
    ui.children[ALPHA].value = 0.001
    slow = ui.result
    assert not slow["diverged"] and slow["mean_squared_error"] > 0.1  # far from done
    assert np.abs(slow["final_weights"] - [0.5, 0.9, 1.2]).max() > 0.1
    ui.children[ALPHA].value = 0.023
    assert ui.result["diverged"]
    assert "diverged" in ui.children[2].value and "smaller alpha" in ui.children[2].value
    assert len(set(pngs)) == len(pngs) == 3  # the first picture, then one per move


def test_the_edge_of_exercise_4_can_be_found_with_the_alpha_slider():
    ui = explorer()
    slider = ui.children[ALPHA]
    verdicts = {}
    for value in slider.options:
        slider.value = float(value)
        verdicts[round(float(value), 3)] = ui.result["diverged"]
    assert not any(verdict for alpha, verdict in verdicts.items() if alpha <= 0.022)
    assert all(verdict for alpha, verdict in verdicts.items() if alpha >= 0.023)


def test_the_start_slider_moves_the_third_weights_start_only():
    ui = explorer()
    ui.children[START].value = -20.0
    history = ui.result["history"]
    assert list(history.weights[0]) == [0.2, 1.4, -20.0]
    reference = train(*linear_data(), [0.2, 1.4, -20.0], 0.01, 2000, batch_size=8)
    assert ui.result["final_weights"].tolist() == reference.final_weights.tolist()
    # From below, weights 1 and 2 go up first instead of down.
    assert history.weights[1][0] > 0.2 and history.weights[1][1] > 1.4
    assert ui.children[START].min == -30.0 and ui.children[START].max == 30.0


def test_the_widget_checks_its_arguments():
    inputs, goal_preds = linear_data()
    with pytest.raises(ValueError, match="start must have one weight per input"):
        weights_explorer(inputs, goal_preds, (0.2, 1.4))
    with pytest.raises(ValueError, match="true_weights must have one weight per input"):
        weights_explorer(inputs, goal_preds, GUESS, true_weights=[0.5, 0.9])
    with pytest.raises(ValueError, match="goal_preds must have one goal per row"):
        weights_explorer(inputs, goal_preds[:5], GUESS)
    with pytest.raises(ValueError, match="for the slider to reach them"):
        weights_explorer(inputs, goal_preds, (0.2, 1.4, 1e308))
    with pytest.raises(ValueError, match="iterations must be at least 1"):
        weights_explorer(inputs, goal_preds, GUESS, iterations=0)


def test_the_widget_leaves_no_figures_behind():
    before = plt.get_fignums()
    ui = explorer(iterations=100)
    for value in (0.005, 0.02):
        ui.children[ALPHA].value = value
    assert plt.get_fignums() == before


def test_only_the_widget_cell_is_unchecked_and_a_static_figure_follows_it():
    nb = nbformat.read(CHAPTER, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    ignored = [
        i for i, cell in enumerate(code) if "nbval-ignore-output" in cell.metadata.get("tags", [])
    ]
    assert [code[i].source for i in ignored] == [
        "weights_explorer(inputs, goal_preds, guess, true_weights=true_weights)"
    ]
    following = code[ignored[0] + 1]
    assert "show(" in following.source
    assert any("image/png" in output.get("data", {}) for output in following.outputs)
