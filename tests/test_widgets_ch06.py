"""Chapter 6: the numbers behind the backprop explorer, its drawing, the picture of a hidden
layer learning, and both widgets.

The widget cells are the only outputs nbval doesn't check, so what they compute and draw is
tested here: the functions directly, and the sliders through `ipywidgets.interactive`.
"""

from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest

import tinynn.widgets
from tinynn import (
    backprop,
    backprop_steps,
    dead_units,
    forward,
    init_weights,
    streetlights,
    train_hidden,
)
from tinynn.plots import (
    backprop_ledger,
    draw_backprop_stage,
    draw_network_frame,
    plot_backprop_stages,
    plot_hidden_run,
)
from tinynn.plots.network import STAGES
from tinynn.widgets import backprop_explorer, hidden_layer_explorer

CHAPTER = Path(__file__).resolve().parent.parent / "chapters" / "06_hidden_layer.ipynb"
LIGHTS, WALK = streetlights()
HIDDEN_SIZE, SEED, ALPHA = 0, 1, 2  # the order of the hidden layer explorer's sliders
START, ROW, STAGE = 0, 1, 2  # the order of the backprop explorer's sliders


@pytest.fixture
def pngs(monkeypatch):
    """Like the shared `pngs` (tests/conftest.py), each picture with the number of artists
    on the figure that are not moving parts (the frame: it must not grow)."""
    shown = []
    original = tinynn.widgets.live.LiveFigure.show

    def recording_show(self, moving):
        png = original(self, moving)
        on_figure = sum(len(ax.get_children()) for ax in self.figure.axes)
        shown.append((png, on_figure - len(self.moving)))
        return png

    monkeypatch.setattr(tinynn.widgets.live.LiveFigure, "show", recording_show)
    return shown


def trained(seed, hidden_size=4, alpha=0.2, iterations=60):
    start = init_weights(3, hidden_size, 1, seed=seed)
    return train_hidden(LIGHTS, WALK, *start, alpha=alpha, iterations=iterations)


# ---------------------------------------------------------------------------------------------
# The numbers of one step of backpropagation
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("row", [0, 1, 2, 3])
def test_backprop_steps_are_backprops_numbers_and_train_hiddens_step(seed, row):
    weights_0_1, weights_1_2 = init_weights(3, 4, 1, seed=seed)
    steps = backprop_steps(LIGHTS[row], WALK[row, 0], weights_0_1, weights_1_2, alpha=0.2)
    deltas_0_1, deltas_1_2, pred = backprop(LIGHTS[row], WALK[row], weights_0_1, weights_1_2)
    assert np.array_equal(steps["weight_deltas_0_1"], deltas_0_1)
    assert np.array_equal(steps["weight_deltas_1_2"], deltas_1_2)
    assert steps["layer_2"] == pred[0, 0]
    assert steps["delta"] == pred[0, 0] - WALK[row, 0]
    layer_1, _ = forward(LIGHTS[row], weights_0_1, weights_1_2)
    assert np.array_equal(steps["layer_1"], layer_1)
    assert np.array_equal(steps["gate"], layer_1 > 0)
    # The new weights are one step of the book's learning on this row alone.
    one_step = train_hidden(
        LIGHTS[row : row + 1], WALK[row : row + 1], *(weights_0_1, weights_1_2), 0.2, 1
    )
    assert np.array_equal(steps["new_weights_0_1"], one_step.final_weights[0])
    assert np.array_equal(steps["new_weights_1_2"], one_step.final_weights[1])


def test_a_closed_gate_stops_the_delta_and_a_dark_light_stops_the_weight_delta():
    weights_0_1, weights_1_2 = init_weights(3, 4, 1, seed=1)
    steps = backprop_steps(LIGHTS[0], 1.0, weights_0_1, weights_1_2)
    assert steps["gate"].tolist() == [0.0, 1.0, 0.0, 0.0]  # only unit 1 is on for [1, 0, 1]
    assert np.count_nonzero(steps["layer_1_delta"]) == 1
    deltas = steps["weight_deltas_0_1"]
    assert not deltas[1].any()  # light 1 is off
    assert not deltas[:, [0, 2, 3]].any()  # units 0, 2 and 3 are off
    assert np.count_nonzero(deltas) == 2


def test_backprop_steps_says_what_is_wrong_with_its_arguments():
    weights_0_1, weights_1_2 = init_weights(3, 4, 1, seed=1)
    with pytest.raises(ValueError, match="one row of inputs"):
        backprop_steps(LIGHTS, 1.0, weights_0_1, weights_1_2)
    with pytest.raises(ValueError, match="weights_0_1 needs one row per input"):
        backprop_steps([1, 0], 1.0, weights_0_1, weights_1_2)
    with pytest.raises(ValueError, match="a single column"):
        backprop_steps(LIGHTS[0], 1.0, weights_0_1, np.ones((4, 2)))


def test_dead_units_are_the_units_off_on_every_row():
    assert dead_units(LIGHTS, init_weights(3, 4, 1, seed=1)[0]) == [0, 2]
    assert dead_units(LIGHTS, init_weights(3, 4, 1, seed=2)[0]) == [0, 1]
    assert dead_units(LIGHTS, trained(2).final_weights[0]) == [0, 1, 2]
    assert dead_units(LIGHTS, np.ones((3, 5))) == []
    assert dead_units(LIGHTS, -np.ones((3, 2))) == [0, 1]
    with pytest.raises(ValueError, match="one row per input"):
        dead_units(LIGHTS, np.ones((2, 4)))


# ---------------------------------------------------------------------------------------------
# The ledger: the arithmetic beside the drawing
# ---------------------------------------------------------------------------------------------


def book_steps(row, seed=1):
    return backprop_steps(LIGHTS[row], WALK[row, 0], *init_weights(3, 4, 1, seed=seed))


def test_the_ledger_does_each_stages_arithmetic_for_row_0():
    steps = book_steps(0)
    forward_lines = backprop_ledger(steps, "forward").splitlines()
    assert forward_lines[0] == "layer_0 = [1, 0, 1]"
    assert "  unit 0: relu(-0.372) = 0" in forward_lines
    assert "  unit 1: relu(0.518) = 0.518" in forward_lines
    assert forward_lines[-1] == "  pred = 0.392"
    assert "= 0.392 - 1 = -0.608" in backprop_ledger(steps, "compare")
    backward_lines = backprop_ledger(steps, "backward").splitlines()[2:]
    assert len(backward_lines) == 4  # one line per hidden unit
    assert [line.endswith("(off)") for line in backward_lines] == [True, False, True, True]
    learn_lines = backprop_ledger(steps, "learn").splitlines()
    changes = [line for line in learn_lines if "change " in line and ":" in line[4:]]
    assert len(changes) == 3  # unit 1 to the output, lights 0 and 2 to unit 1
    assert "  light 0 -> unit 1: 1 * -0.46 = -0.46, change +0.092" in learn_lines


def test_the_ledger_says_when_there_is_nothing_to_learn():
    steps = book_steps(3)  # [1, 1, 1]: every unit is off, pred 0, goal 0
    assert steps["delta"] == 0
    assert backprop_ledger(steps, "compare").splitlines()[-1] == "delta = 0: nothing to learn"
    assert "->" not in backprop_ledger(steps, "learn")


def test_the_ledger_and_the_drawing_refuse_an_unknown_stage(ax):
    with pytest.raises(ValueError, match="stage must be one of forward, compare"):
        backprop_ledger(book_steps(0), "sideways")
    with pytest.raises(TypeError, match="what backprop_steps"):
        draw_backprop_stage(ax, {"layer_0": [1, 0, 1]}, "forward")


# ---------------------------------------------------------------------------------------------
# The drawing
# ---------------------------------------------------------------------------------------------


def edges(artists):
    """The lines between two nodes (the nodes are single points)."""
    return [a for a in artists if hasattr(a, "get_xdata") and len(a.get_xdata()) == 2]


def texts(artists):
    return [a.get_text() for a in artists if hasattr(a, "get_text")]


@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_draws_sixteen_edges_and_nine_nodes(ax, stage):
    draw_network_frame(ax)
    artists = draw_backprop_stage(ax, book_steps(2), stage)
    assert len(edges(artists)) == 3 * 4 + 4
    nodes = [a for a in artists if hasattr(a, "get_xdata") and len(a.get_xdata()) == 1]
    assert len(nodes) == 3 + 4 + 1 + (1 if stage in ("compare", "backward") else 0)
    assert _STAGE_NUMBER[stage] in texts(artists)[-1]  # the title


_STAGE_NUMBER = {"forward": "1. forward", "compare": "2. compare", "backward": "3.", "learn": "4."}


def test_an_edges_width_is_its_weights_size_and_its_colour_its_sign(ax):
    draw_network_frame(ax)
    steps = book_steps(0)
    lines = edges(draw_backprop_stage(ax, steps, "forward"))
    weights = [*steps["weights_0_1"].ravel(), *steps["weights_1_2"][:, 0]]
    widths = [line.get_linewidth() for line in lines]
    assert np.argmax(widths) == np.argmax(np.abs(weights))
    for line, weight in zip(lines, weights):
        assert line.get_color() == ("tab:blue" if weight > 0 else "tab:red")


def test_the_learn_stage_writes_each_change_and_dots_the_edges_that_dont_change(ax):
    draw_network_frame(ax)
    steps = book_steps(2)
    artists = draw_backprop_stage(ax, steps, "learn")
    dotted = [line for line in edges(artists) if line.get_linestyle() == ":"]
    changes = [*steps["changes_0_1"].ravel(), *steps["changes_1_2"][:, 0]]
    assert len(dotted) == sum(change == 0 for change in changes)
    written = [t for t in texts(artists) if t.startswith(("+", "-"))]
    assert sorted(written) == sorted(f"{c:+.3g}" for c in changes if c != 0)


def test_the_backward_stage_shows_each_gate_and_each_units_delta(ax):
    draw_network_frame(ax)
    steps = book_steps(2)  # units 1 and 3 are on for [0, 0, 1]
    words = texts(draw_backprop_stage(ax, steps, "backward"))
    assert words.count("gate 1") == 2 and words.count("gate 0") == 2
    assert f"{steps['layer_1_delta'][1]:.2g}" in words
    assert "delta +0.185" in words


def test_the_frame_refuses_a_network_too_big_to_draw(ax):
    with pytest.raises(ValueError, match="at most 8"):
        draw_network_frame(ax, 3, 9)


def test_plot_backprop_stages_draws_the_four_stages_in_order():
    axes = plot_backprop_stages(book_steps(0))
    try:
        titles = [ax.texts[-1].get_text() for ax in axes.ravel()]
        assert [title.split(":")[0] for title in titles] == [
            "1. forward",
            "2. compare",
            "3. backward",
            "4. learn",
        ]
    finally:
        plt.close(axes[0, 0].figure)


# ---------------------------------------------------------------------------------------------
# The picture of a hidden layer learning
# ---------------------------------------------------------------------------------------------


def picture(history):
    axes = plot_hidden_run(history, LIGHTS, WALK)
    errors_ax, units_ax = axes
    words = [t.get_text() for t in units_ax.texts]
    colours = {t.get_text(): t.get_color() for t in units_ax.texts}
    plt.close(errors_ax.figure)
    return errors_ax, words, colours, units_ax


def test_the_picture_draws_the_errors_and_marks_the_dead_units():
    history = trained(2)
    errors_ax, words, _, units_ax = picture(history)
    (line,) = [line for line in errors_ax.lines if len(line.get_xdata()) == 60]
    assert list(line.get_ydata()) == history.errors
    assert words.count("dead") == 3  # units 0, 1 and 2
    (table,) = units_ax.images
    layer_1, _ = forward(LIGHTS, *history.final_weights)
    assert np.array_equal(table.get_array(), layer_1)


def test_only_a_row_that_no_unit_fires_for_and_should_walk_is_red():
    def red_predictions(history):
        axes = plot_hidden_run(history, LIGHTS, WALK)
        units_ax = axes[1]
        hidden_size = history.final_weights[0].shape[1]
        preds = [t for t in units_ax.texts if t.get_position()[0] == hidden_size + 0.3]
        plt.close(units_ax.figure)
        return [int(t.get_position()[1]) for t in preds if t.get_color() == "tab:red"]

    assert red_predictions(trained(2)) == [0]  # [1, 0, 1] walk: no unit left for it
    assert red_predictions(trained(16)) == [0, 1]
    assert red_predictions(trained(1)) == []  # row 3 has no unit either, but its goal is 0


# ---------------------------------------------------------------------------------------------
# The widgets
# ---------------------------------------------------------------------------------------------


def test_the_hidden_layer_widget_starts_with_the_books_run(pngs):
    ui = hidden_layer_explorer(LIGHTS, WALK)
    assert [child.description for child in ui.children[:3]] == ["hidden size", "seed", "alpha"]
    result = ui.result
    assert result["history"].errors == trained(1).errors
    assert f"{result['history'].errors[9]:.12g}" == "0.634231159844"
    assert result["dead_units"] == [0, 2]
    assert result["rows_no_unit_fires_for"] == [3]
    summary = ui.children[3].value
    assert "learned" in summary and "not learned" not in summary
    assert "3 (goal 0)" in summary


def test_the_hidden_layer_widget_shows_a_stuck_seed(pngs):
    ui = hidden_layer_explorer(LIGHTS, WALK)
    ui.children[SEED].value = 2
    assert ui.result["dead_units"] == [0, 1, 2]
    assert 0 in ui.result["rows_no_unit_fires_for"]
    assert "not learned" in ui.children[3].value and "0 (goal 1)" in ui.children[3].value
    ui.children[HIDDEN_SIZE].value = 8
    history = ui.result["history"]
    assert history.errors == trained(2, hidden_size=8).errors
    assert ui.result["dead_units"] == dead_units(LIGHTS, history.final_weights[0])
    ui.children[ALPHA].value = 0.1
    assert ui.result["history"].errors == trained(2, hidden_size=8, alpha=0.1).errors
    assert len(pngs) == 4 and len({png for png, _ in pngs}) == 4
    assert len({frame for _, frame in pngs}) == 1  # each update took its moving parts away


def test_a_hidden_size_of_one_draws_without_trouble(pngs):
    ui = hidden_layer_explorer(LIGHTS, WALK)
    for size in (1, 8, 1):
        ui.children[HIDDEN_SIZE].value = size
        assert ui.result["history"].final_weights[0].shape == (3, size)
    assert pngs[-1][0] == pngs[-3][0]  # the same run drawn the same way twice


def test_the_backprop_widget_steps_through_the_stages(pngs):
    ui = backprop_explorer(LIGHTS, WALK)
    assert [child.description for child in ui.children[:3]] == ["seed", "row", "stage"]
    assert list(ui.children[STAGE].options) == list(STAGES)
    assert ui.result["layer_2"] == backprop(LIGHTS[0], WALK[0], *init_weights(3, 4, 1, seed=1))[2]
    for stage in STAGES[1:]:
        ui.children[STAGE].value = stage
        assert "seed 1, row 0" in ui.children[3].value and stage in ui.children[3].value
    ui.children[ROW].value = 3
    assert ui.result["delta"] == 0
    ui.children[ROW].value = 2
    assert ui.result["gate"].tolist() == [0.0, 1.0, 0.0, 1.0]
    assert len({png for png, _ in pngs}) == len(pngs) == 6
    assert len({frame for _, frame in pngs}) == 1  # each update took its moving parts away


def test_the_backprop_widget_takes_another_seed():
    ui = backprop_explorer(LIGHTS, WALK)
    ui.children[START].value = 2
    for row in range(4):
        ui.children[ROW].value = row
        assert ui.result["gate"][:2].tolist() == [0.0, 0.0]  # seed 2's units 0 and 1 are dead
    assert backprop_explorer(LIGHTS, WALK, seed=2).result["gate"][:2].tolist() == [0.0, 0.0]
    assert backprop_explorer(LIGHTS, WALK, seed=40).children[START].max == 40
    with pytest.raises(ValueError, match="alpha must be positive"):
        backprop_explorer(LIGHTS, WALK, alpha=0)


def test_the_widgets_leave_no_figures_behind():
    before = plt.get_fignums()
    ui = hidden_layer_explorer(LIGHTS, WALK)
    ui.children[SEED].value = 3
    ui = backprop_explorer(LIGHTS, WALK)
    ui.children[ROW].value = 1
    assert plt.get_fignums() == before


# ---------------------------------------------------------------------------------------------
# The widget cells in the chapter
# ---------------------------------------------------------------------------------------------


def test_only_the_widget_cells_are_unchecked_and_a_static_figure_follows_each():
    nb = nbformat.read(CHAPTER, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    ignored = [
        i for i, cell in enumerate(code) if "nbval-ignore-output" in cell.metadata.get("tags", [])
    ]
    assert [code[i].source for i in ignored] == [
        "backprop_explorer(lights, walk_vs_stop)",
        "hidden_layer_explorer(lights, walk_vs_stop)",
    ]
    for i in ignored:
        following = code[i + 1]
        assert "show(" in following.source
        assert any("image/png" in output.get("data", {}) for output in following.outputs)
