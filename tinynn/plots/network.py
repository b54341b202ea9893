"""Pictures of a network with a hidden layer (chapter 6): one step of backpropagation drawn on
the network, stage by stage, with its arithmetic as text beside it; and a whole run of learning,
with what each hidden unit gives on each row afterwards (which shows the dead ones).
"""

import numpy as np

from tinynn import arguments as kind
from tinynn.arguments import checked
from tinynn.network import dead_units, forward
from tinynn.plots.errors import draw_iterations
from tinynn.plots.figures import power_of_ten
from tinynn.shapes import fit_hidden_run, fit_rows

HIDDEN_ERRORS = (1e-10, 10.0)  # the error scale of `plot_hidden_run`: fixed, so runs compare
ONE_LAYER_BEST = 1.0  # the smallest summed error one layer can reach on the streetlights
STAGES = ("forward", "compare", "backward", "learn")
_LIT, _DARK, _OFF, _ON = "#ffd54f", "#424242", "#e0e0e0", "#bbdefb"
_UP, _DOWN = "tab:blue", "tab:red"  # a positive weight (or change) and a negative one


def _stage(name, value):
    if not isinstance(value, str) or value not in STAGES:
        raise ValueError(
            f"{name} must be one of {', '.join(STAGES)}, got {kind.brief(value)}: e.g. "
            f"{name}='forward'"
        )
    return value


def _steps(name, value):
    if not isinstance(value, dict) or "layer_1_delta" not in value:
        raise TypeError(
            f"{name} must be what backprop_steps(...) returns, got {kind.brief(value)}: e.g. "
            "backprop_steps(lights[0], 1, weights_0_1, weights_1_2)"
        )
    return value


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


@checked(ax=kind.axes, n_inputs=kind.count("a 3-4-1 network has 3 inputs", 8))
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


@checked(ax=kind.axes, steps=_steps, stage=_stage)
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


ROWS = kind.array((2,), "one row of inputs per example, e.g. lights")


@checked(history=kind.history, inputs=ROWS, fit=fit_hidden_run)
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


@checked(inputs=ROWS, fit=fit_rows)
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
    errors_ax.yaxis.set_major_formatter(FuncFormatter(power_of_ten))
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


@checked(history=kind.history, inputs=ROWS, fit=fit_hidden_run)
def draw_hidden_run(axes, history, inputs, goal_preds):
    """The parts of `plot_hidden_run` that change with the run: the error line, and the table
    of what each hidden unit gives on each row after learning, with its column numbers, the
    dead units marked and each row's prediction (red when no unit fires for a row whose goal
    isn't 0: it is predicted 0 and can't learn). Returns the artists."""
    errors_ax, units_ax = axes
    layer_1, layer_2 = forward(inputs, *history.final_weights)
    preds = layer_2[:, 0]
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
    columns = [(unit, str(unit), 0.0, "black") for unit in range(hidden_size)]
    columns += [
        (unit, "dead", 1.0, "tab:red") for unit in dead_units(inputs, history.final_weights[0])
    ]
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


def _four_axes(name, value):
    """Four matplotlib Axes, e.g. the grid of plt.subplots(2, 2)."""
    grid = np.ravel(np.array(value, dtype=object))
    if grid.size != len(STAGES):
        raise ValueError(
            f"{name} must be four matplotlib Axes, one per stage, got {grid.size}: leave it "
            "out, or pass the axes of plt.subplots(2, 2)"
        )
    for i, ax in enumerate(grid):
        kind.axes(f"{name}[{i}]", ax)
    return value


@checked(steps=_steps, axes=_four_axes)
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
