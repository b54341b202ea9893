"""Exercises for chapter 6: the hidden layer, backpropagation and stuck seeds."""

import numpy as np

import tinynn
from tinynn import data, learning, network
from tinynn.exercises import (
    Exercise,
    Mistake,
    NotYet,
    call,
    expect_array,
    is_near,
)
from tinynn.network import relu, relu_deriv

# ---------------------------------------------------------------------------------------------
# q1: one row's hidden deltas by hand
# ---------------------------------------------------------------------------------------------

# A 3-3-1 network small enough for a pencil. For the row [1, 0, 1] the hidden sums are
# [0.4, 0.1, -0.2], so relu gives [0.4, 0.1, 0]: unit 2 is off. pred = 0.16 - 0.05 = 0.11,
# delta = -0.89, and layer_1_delta = -0.89 * [0.4, -0.5, 0.2] * [1, 1, 0] = [-0.356, 0.445, 0].
_Q1_LAYER_0 = np.array([1.0, 0.0, 1.0])
_Q1_GOAL = 1.0
_Q1_WEIGHTS_0_1 = np.array([[0.5, -0.2, 0.1], [0.3, 0.4, -0.6], [-0.1, 0.3, -0.3]])
_Q1_WEIGHTS_1_2 = np.array([[0.4], [-0.5], [0.2]])


def _q1_hidden_delta(with_relu=True, gate="relu_deriv", sign=1.0, factor=1.0):
    """layer_1_delta for q1's network, right (the defaults) or with one of the usual slips."""
    sums = _Q1_LAYER_0.dot(_Q1_WEIGHTS_0_1)
    layer_1 = relu(sums) if with_relu else sums
    delta = sign * (float(layer_1.dot(_Q1_WEIGHTS_1_2)[0]) - _Q1_GOAL)
    gates = {
        "relu_deriv": relu_deriv(relu(sums)),
        "none": np.ones(3),
        "layer_1": layer_1,
    }
    return factor * delta * _Q1_WEIGHTS_1_2[:, 0] * gates[gate]


_Q1_ANSWER = _q1_hidden_delta()


def _q1_flat_list(answer):
    """The right numbers in a table of one row, as `backprop` would shape them."""
    return np.shape(answer) == (1, 3) and np.allclose(np.ravel(answer), _Q1_ANSWER)


q1 = Exercise(
    key="ch06.q1",
    title="One row's hidden deltas by hand",
    answer="my_layer_1_delta",
    expect=_Q1_ANSWER,
    mistakes=[
        Mistake(
            _q1_hidden_delta(gate="none"),
            "{name} gives unit 2 a delta, but unit 2's weighted sum is negative: relu turned "
            "it off, and relu's slope there is 0. Multiply by relu_deriv(layer_1), the gate",
        ),
        Mistake(
            _q1_hidden_delta(sign=-1.0),
            "{name} has every sign flipped: delta is pred - goal_pred, here negative (the "
            "prediction is too low)",
        ),
        Mistake(
            _q1_hidden_delta(factor=2.0),
            "{name} is twice the book's deltas: 2 * delta is the slope of the squared error, "
            "but the book's deltas (and backprop's) leave out the 2",
        ),
        Mistake(
            _q1_hidden_delta(gate="layer_1"),
            "{name} multiplies by layer_1, the units' values. The gate is relu's slope, "
            "relu_deriv(layer_1): 1 where a unit is on, whatever its value, 0 where it is off",
        ),
        Mistake(
            _q1_hidden_delta(with_relu=False),
            "{name} comes from a prediction made without relu: unit 2's sum, -0.2, must become "
            "0 before it is multiplied by weights_1_2, so pred is 0.11",
        ),
        Mistake(
            _q1_hidden_delta(with_relu=False, gate="none"),
            "{name} leaves relu out twice: in the prediction (unit 2's -0.2 must become 0, so "
            "pred is 0.11) and in the gate (unit 2 is off, so its delta is 0)",
        ),
        Mistake(
            _q1_flat_list,
            "{name} has the right numbers, in a table of one row: give them as three numbers, "
            "e.g. with np.ravel(...) or [0]",
            example=[list(_Q1_ANSWER)],
        ),
    ],
    praise=(
        "Right: unit 2 is off for this row, so it gets no delta and its weights won't change; "
        "the other two get the output's delta scaled by their weight to the output. "
        "`backprop(layer_0, goal_pred, weights_0_1, weights_1_2)` agrees: its weight deltas for "
        "weights_0_1 are layer_0 times these."
    ),
    hints=[
        "Forward first: layer_1 = relu(layer_0 . weights_0_1). With layer_0 = [1, 0, 1] that is "
        "rows 0 and 2 of weights_0_1 added up, then relu. Then pred = layer_1 . weights_1_2.",
        "layer_1 is [0.4, 0.1, 0] and pred is 0.11, so delta = pred - goal_pred = -0.89.",
        "Each unit's delta: delta times its weight to the output, times relu_deriv of its value "
        "(1 if on, 0 if off): -0.89 * 0.4 * 1, then -0.89 * -0.5 * 1, then -0.89 * 0.2 * 0.",
    ],
    solution="""layer_0 = np.array([1.0, 0.0, 1.0])
goal_pred = 1.0
weights_0_1 = np.array([[0.5, -0.2, 0.1], [0.3, 0.4, -0.6], [-0.1, 0.3, -0.3]])
weights_1_2 = np.array([[0.4], [-0.5], [0.2]])
# forward: layer_1 = relu([0.5 - 0.1, -0.2 + 0.3, 0.1 - 0.3]) = [0.4, 0.1, 0]
# pred = 0.4 * 0.4 + 0.1 * -0.5 + 0 * 0.2 = 0.11, so delta = 0.11 - 1 = -0.89
# backward: delta * each unit's weight to the output * relu's slope (1 on, 0 off)
my_layer_1_delta = [-0.89 * 0.4 * 1, -0.89 * -0.5 * 1, -0.89 * 0.2 * 0]
""",
)

# ---------------------------------------------------------------------------------------------
# q2: a planted bug, found with finite differences
# ---------------------------------------------------------------------------------------------


def buggy_backprop(layer_0, goal_pred, weights_0_1, weights_1_2):
    """The book's weight deltas for one row, with one line wrong. Returns
    `(weight_deltas_0_1, weight_deltas_1_2)`: half the true slopes, like `backprop`. The row
    may be a table of one row, `lights[0:1]`, or the plain row, `lights[0]`: the first two
    lines make it a table of one row, as `backprop` does.
    """
    layer_0 = np.reshape(layer_0, (-1, np.shape(layer_0)[-1]))
    goal_pred = np.reshape(goal_pred, (len(layer_0), -1))
    layer_1 = relu(layer_0.dot(weights_0_1))
    layer_2 = layer_1.dot(weights_1_2)
    layer_2_delta = layer_2 - goal_pred
    layer_1_delta = layer_2_delta.dot(weights_1_2.T) * layer_1
    weight_deltas_1_2 = layer_1.T.dot(layer_2_delta)
    weight_deltas_0_1 = layer_0.T.dot(layer_1_delta)
    return weight_deltas_0_1, weight_deltas_1_2


def _book_deltas(layer_0, goal_pred, weights_0_1, weights_1_2, gate=True, sign=1.0):
    """The right weight deltas (the defaults), or those of a usual slip."""
    layer_1 = relu(layer_0.dot(weights_0_1))
    layer_2_delta = sign * (layer_1.dot(weights_1_2) - goal_pred)
    layer_1_delta = layer_2_delta.dot(weights_1_2.T)
    if gate:
        layer_1_delta = layer_1_delta * relu_deriv(layer_1)
    return layer_0.T.dot(layer_1_delta), layer_1.T.dot(layer_2_delta)


def _without_gate(layer_0, goal_pred, weights_0_1, weights_1_2):
    return _book_deltas(layer_0, goal_pred, weights_0_1, weights_1_2, gate=False)


def _backwards_delta(layer_0, goal_pred, weights_0_1, weights_1_2):
    return _book_deltas(layer_0, goal_pred, weights_0_1, weights_1_2, sign=-1.0)


def _true_slopes(layer_0, goal_pred, weights_0_1, weights_1_2):
    deltas_0_1, deltas_1_2 = _book_deltas(layer_0, goal_pred, weights_0_1, weights_1_2)
    return 2 * deltas_0_1, 2 * deltas_1_2


def _transposed(layer_0, goal_pred, weights_0_1, weights_1_2):
    deltas_0_1, deltas_1_2 = _book_deltas(layer_0, goal_pred, weights_0_1, weights_1_2)
    return deltas_0_1.T, deltas_1_2


def _q2_cases():
    """Every row of the streetlights, as a table of one row, with the book's start (seed 1,
    where some units are off) and seed 0's (where every unit is on for some rows):
    `(call, start, arguments)`, the first two as a learner would write them."""
    lights, walk_vs_stop = data.streetlights()
    cases = []
    for seed in (1, 0):
        weights_0_1, weights_1_2 = network.init_weights(3, 4, 1, seed=seed)
        for row in range(len(lights)):
            rows = f"lights[{row}:{row + 1}], walk_vs_stop[{row}:{row + 1}]"
            what = f"my_backprop({rows}, weights_0_1, weights_1_2)"
            start = f"weights_0_1, weights_1_2 = init_weights(3, 4, 1, seed={seed})"
            arguments = (lights[row : row + 1], walk_vs_stop[row : row + 1])
            cases.append((what, start, (*arguments, weights_0_1, weights_1_2)))
    return cases


_Q2_CASES = _q2_cases()


def _pair(got, where):
    """The learner's two arrays of weight deltas, or NotYet saying what came back instead."""
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        count = f"{len(got)} things" if isinstance(got, (tuple, list)) else "one thing"
        raise NotYet(
            f"{where} returned {count}: return two arrays, weight_deltas_0_1 and "
            "weight_deltas_1_2, as buggy_backprop does"
        )
    return got


def _acts_like(wrong):
    """A test for a Mistake: does the learner's function give `wrong`'s numbers on every case?"""

    def same_as_wrong(my_backprop):
        for _, _, arguments in _Q2_CASES:
            got = call(my_backprop, *arguments)
            if not isinstance(got, (tuple, list)) or len(got) != 2:
                return False
            for mine, theirs in zip(got, wrong(*arguments)):
                if np.shape(mine) != np.shape(theirs) or not np.allclose(mine, theirs):
                    return False
        return True

    return same_as_wrong


def _uses(function, library_function):
    """Whether `function`'s own code calls tinynn's `library_function` by name (as
    `backprop(...)` or `tinynn.backprop(...)`), so that a wrapper round it is noticed too."""
    code = getattr(function, "__code__", None)
    scope = getattr(function, "__globals__", {})
    if code is None:
        return False
    ours = {library_function, getattr(library_function, "__wrapped__", library_function)}
    for name in code.co_names:
        value = scope.get(name)
        if value in ours or (value is tinynn and library_function.__name__ in code.co_names):
            return True
    return False


def _check_q2(my_backprop):
    if not callable(my_backprop):
        call(my_backprop)  # says what was handed in instead of a function
    for what, start, arguments in _Q2_CASES:
        deltas_0_1, deltas_1_2 = _pair(call(my_backprop, *arguments), what)
        right_0_1, right_1_2 = _book_deltas(*arguments)
        hint = (
            f"the {{which}} array {what} returns, with {start}; compare 2 * it with "
            "numerical_gradient's slopes for this row"
        )
        expect_array(deltas_1_2, right_1_2, "weight_deltas_1_2", hint.format(which="second"))
        expect_array(deltas_0_1, right_0_1, "weight_deltas_0_1", hint.format(which="first"))
    if _uses(my_backprop, tinynn.backprop):
        raise NotYet(
            "my_backprop calls tinynn's own `backprop`: right, of course, but the exercise is "
            "to write its lines yourself, from buggy_backprop's, with the bug fixed"
        )


q2 = Exercise(
    key="ch06.q2",
    title="Find the planted bug",
    answer="my_backprop",
    mistakes=[
        Mistake(
            _acts_like(buggy_backprop),
            "{name} still gives buggy_backprop's numbers: doubled, its weight deltas for "
            "weights_0_1 disagree with numerical_gradient's slopes. Which line makes the deltas "
            "that only weights_0_1 uses?",
            example=buggy_backprop,
        ),
        Mistake(
            _acts_like(_without_gate),
            "{name} sends a delta to units that relu turned off, so their incoming weights "
            "would learn from a row they took no part in: multiply by relu's slope, "
            "relu_deriv(layer_1), 1 where a unit is on and 0 where it is off",
            example=_without_gate,
        ),
        Mistake(
            _acts_like(_backwards_delta),
            "{name} has every sign flipped: layer_2_delta is layer_2 - goal_pred, as in "
            "buggy_backprop",
            example=_backwards_delta,
        ),
        Mistake(
            _acts_like(_true_slopes),
            "{name} returns the true slopes, twice the book's deltas. Return the book's deltas, "
            "as buggy_backprop and backprop do; it is their doubles that equal the slopes",
            example=_true_slopes,
        ),
        Mistake(
            _acts_like(_transposed),
            "{name} gives weight deltas for weights_0_1 with one row per hidden unit: "
            "weights_0_1 has one row per input, so take layer_0.T.dot(layer_1_delta), as "
            "buggy_backprop does",
            example=_transposed,
        ),
    ],
    check=_check_q2,
    library=tinynn.backprop,
    praise=(
        "Right: the gate is relu's slope, relu_deriv(layer_1), 1 or 0; multiplying by layer_1 "
        "scaled each unit's delta by its value. Finite differences found it without any "
        "calculus: the slopes of weights_1_2 agreed, those of weights_0_1 didn't."
    ),
    hints=[
        "Find it first, as section 5 did: for one row, `def error_of(weights_0_1, weights_1_2)` "
        "returning `network_error(row, goal, weights_0_1, weights_1_2)`, then "
        "`numerical_gradient(error_of, [weights_0_1, weights_1_2])` gives the true slopes; "
        "`2 *` each of buggy_backprop's deltas should equal them. Which array disagrees?",
        "The slopes of weights_1_2 agree and those of weights_0_1 don't (except where a light "
        "or a unit is off, where both are 0). So the bug is in what only weights_0_1's deltas "
        "use: layer_1_delta.",
        "layer_1_delta is the delta sent back through weights_1_2, times relu's slope at each "
        "unit: `relu_deriv(layer_1)`, 1 or 0. buggy_backprop multiplies by `layer_1` itself. "
        "Copy its code into `my_backprop` and fix that line.",
    ],
    solution="""def my_backprop(layer_0, goal_pred, weights_0_1, weights_1_2):
    layer_1 = relu(layer_0.dot(weights_0_1))
    layer_2 = layer_1.dot(weights_1_2)
    layer_2_delta = layer_2 - goal_pred
    layer_1_delta = layer_2_delta.dot(weights_1_2.T) * relu_deriv(layer_1)  # the fix
    weight_deltas_1_2 = layer_1.T.dot(layer_2_delta)
    weight_deltas_0_1 = layer_0.T.dot(layer_1_delta)
    return weight_deltas_0_1, weight_deltas_1_2
""",
)

# ---------------------------------------------------------------------------------------------
# q3: which units are dead?
# ---------------------------------------------------------------------------------------------

_Q3_SEED = 16


def _q3_weights_0_1(after_learning=True):
    """Seed 16's weights_0_1 at the start, or after 60 iterations on the streetlights."""
    lights, walk_vs_stop = data.streetlights()
    weights_0_1, weights_1_2 = network.init_weights(3, 4, 1, seed=_Q3_SEED)
    if after_learning:
        history = learning.train_hidden(lights, walk_vs_stop, weights_0_1, weights_1_2, 0.2, 60)
        weights_0_1, weights_1_2 = history.final_weights
    return weights_0_1


def _q3_layer_1(after_learning=True):
    """layer_1 for every row of the streetlights, seed 16's start or after 60 iterations."""
    return relu(data.streetlights()[0].dot(_q3_weights_0_1(after_learning)))


def _indices(mask):
    return [int(i) for i in np.flatnonzero(mask)]


def _q3_dead_units(after_learning=True):
    return network.dead_units(data.streetlights()[0], _q3_weights_0_1(after_learning))


def _is_mask(answer):
    """True/False per unit instead of the units' numbers."""
    try:
        values = np.asarray(answer)
    except Exception:  # noqa: BLE001 - ragged lists and the like aren't a mask
        return False
    return values.dtype == bool and values.ndim == 1


def _unsorted(answer):
    try:
        values = [int(value) for value in answer]
    except Exception:  # noqa: BLE001 - not a list of whole numbers
        return False
    return sorted(values) == _q3_dead_units() and values != _q3_dead_units()


def _right_units_in_another_form(answer):
    """np.where's tuple holding the right array, a set of the right units, and the like."""
    units = answer[0] if isinstance(answer, tuple) and len(answer) == 1 else answer
    try:
        right_units = sorted(int(unit) for unit in units) == _q3_dead_units()
        as_asked = isinstance(answer, (list, np.ndarray)) and list(answer) == _q3_dead_units()
        return right_units and not as_asked
    except Exception:  # noqa: BLE001 - not a collection of whole numbers
        return False


def _q3_unknown(answer):
    """For a wrong answer no listed mistake explains: where to look, not what to find."""
    if is_near(answer, len(_q3_dead_units())):
        raise NotYet("my_dead_units is a count: give the units' numbers, in a list, e.g. [0, 2]")
    raise NotYet(
        "my_dead_units isn't the list of dead units yet: after training, look down each "
        "unit's column of layer_1 (one number per row); a dead unit has 0 on all four rows"
    )


q3 = Exercise(
    key="ch06.q3",
    title="Which units are dead?",
    answer="my_dead_units",
    expect=_q3_dead_units,
    mistakes=[
        Mistake(
            _is_mask,
            "{name} is True/False per unit: give the numbers of the dead units, in a list, "
            "e.g. [0, 2]",
            example=[True, False, True, True],
        ),
        Mistake(
            _q3_dead_units(after_learning=False),
            "{name} lists the units that were dead at the start. Look after learning "
            "(history.final_weights): one more unit died on the way",
        ),
        Mistake(
            _indices(~_q3_layer_1().any(axis=1)),
            "{name} lists rows, not units: the rows on which every unit gives 0. A dead unit is "
            "a column of layer_1 that is 0 on every row",
        ),
        Mistake(
            _indices(np.any(_q3_layer_1() == 0, axis=0)),
            "{name} counts units that are off on some row. Most units are off somewhere: that "
            "is relu at work. A dead unit is off on every row",
        ),
        Mistake(
            _indices(np.any(_q3_layer_1() > 0, axis=0)),
            "{name} lists the units that still fire on some row: the question asks for the others",
        ),
        Mistake(
            [unit + 1 for unit in _q3_dead_units()],
            "{name} counts the units from 1: Python (and layer_1's columns) count from 0",
        ),
        Mistake(
            _unsorted,
            "{name} has the right units: list them in increasing order",
            example=list(reversed(_q3_dead_units())),
        ),
        Mistake(
            _right_units_in_another_form,
            "{name} holds the right units, but not as a list: give them as a list of numbers, "
            "smallest first (np.where gives a tuple holding an array: take its [0]; a set has "
            "no order: sorted(...) makes a list of it)",
            example=(np.array(_q3_dead_units()),),
        ),
    ],
    check=_q3_unknown,
    praise=(
        "Right. These units give 0 on every row, so relu's slope is 0 there on every row: no "
        "delta ever reaches them, and their weights can't change again. The one live unit fires "
        "for a single row, so two walk rows get no unit at all and are predicted 0: that is the "
        "summed error of 2 this seed is stuck at."
    ),
    hints=[
        "Train as the chapter does: `history = train_hidden(lights, walk_vs_stop, "
        "*init_weights(3, 4, 1, seed=16), alpha=0.2, iterations=60)`. The trained weights are "
        "`history.final_weights`.",
        "Run the four rows forward with the trained weights: `layer_1, layer_2 = "
        "forward(lights, *history.final_weights)`. layer_1 has one row per streetlight row and "
        "one column per hidden unit.",
        "A dead unit's column is 0 on all four rows: `np.all(layer_1 == 0, axis=0)` is True "
        "for those columns, and `np.flatnonzero(...)` turns that into their numbers.",
    ],
    solution="""lights, walk_vs_stop = streetlights()
history = train_hidden(
    lights, walk_vs_stop, *init_weights(3, 4, 1, seed=16), alpha=0.2, iterations=60
)
# a dead unit gives 0 on every row: a column of zeros in layer_1
my_dead_units = np.flatnonzero(np.all(forward(lights, *history.final_weights)[0] == 0, axis=0))
""",
)

# ---------------------------------------------------------------------------------------------
# q4: another table one layer can't get right
# ---------------------------------------------------------------------------------------------

# Goals [1, 0, 0, 0]: walk only for [1, 0, 1]. One layer's predictions always satisfy
# pred_0 + pred_1 = pred_2 + pred_3 (rows 0 and 1 light the same lights as rows 2 and 3),
# but the goals give 1 and 0; the best share of that gap is a miss of 0.25 on every row, in
# whichever direction closes it: predictions 0.75, -0.25, 0.25 and 0.25 (summed error 0.25).
_Q4_GOALS = np.array([1.0, 0.0, 0.0, 0.0])
_Q4_START = np.array([0.5, 0.48, -0.7])


def _q4_best():
    """One layer's best predictions for the goals, by least squares."""
    lights, _ = data.streetlights()
    weights, *_ = np.linalg.lstsq(lights, _Q4_GOALS)
    return lights.dot(weights)


def _close_to(target, tolerance=0.02):
    """A test for a Mistake: four numbers within `tolerance` of `target`'s."""

    def near(answer):
        try:
            values = np.asarray(answer, dtype=np.float64)
        except Exception:  # noqa: BLE001 - not numbers
            return False
        return values.shape == (4,) and bool(np.all(np.abs(values - target) <= tolerance))

    return near


def _not_settled(answer):
    """Near the best, but not yet at it: learning hadn't settled (one row at a time, or too
    few iterations)."""
    return _close_to(_q4_best(), 0.1)(answer) and not _close_to(_q4_best(), 0.004)(answer)


q4 = Exercise(
    key="ch06.q4",
    title="The best one layer can do",
    answer="my_best_preds",
    expect=_q4_best,
    tolerance=0.004,
    mistakes=[
        Mistake(
            _close_to(_Q4_GOALS, 1e-6),
            "{name} is the goals themselves: one layer can't reach them. Rows 0 and 1 together "
            "light the same lights as rows 2 and 3 together, so one layer's predictions for them "
            "add up to the same, but the goals add up to 1 and to 0",
            example=[1.0, 0.0, 0.0, 0.0],
        ),
        Mistake(
            _close_to(_q4_best() - _Q4_GOALS, 0.004),
            "{name} is the misses, pred - goal_pred: give the predictions themselves",
            example=[-0.25, -0.25, 0.25, 0.25],
        ),
        Mistake(
            _close_to(np.full(4, 0.25), 0.004),
            "{name} predicts 0.25 for every row: the best a layer can do with one light, light "
            "2, which every row has. With all three lights it does better: train them all",
            example=[0.25, 0.25, 0.25, 0.25],
        ),
        Mistake(
            _close_to(np.full(4, 0.5), 0.02),
            "{name} is one layer's best on the chapter's walk_vs_stop, 0.5 for every row. These "
            "goals are [1, 0, 0, 0]: walk only for [1, 0, 1]",
            example=[0.5, 0.5, 0.5, 0.5],
        ),
        Mistake(
            _close_to(data.streetlights()[0].dot(_Q4_START), 1e-6),
            "{name} is what the starting weights predict, before any learning: train them first",
            example=[-0.2, -0.22, -0.7, 0.28],
        ),
        Mistake(
            _not_settled,
            "{name} is close, but learning hadn't settled. One row at a time the weights never "
            "stop moving: learn from all four rows at once (batch_size=4), with more "
            "iterations, or work the predictions out",
            example=[0.76, -0.23, 0.26, 0.24],
        ),
    ],
    praise=(
        "Right: 0.75, -0.25, 0.25 and 0.25, each 0.25 off its goal, a summed error of 0.25. "
        "pred_0 + pred_1 = pred_2 + pred_3 holds (0.5 on both sides), and the gap between the "
        "goals is shared evenly. Even 'walk only when light 0 is on and light 1 is off' is "
        "beyond one layer. A hidden unit does it at once: relu(light 0 - light 1) is 1 for that "
        "row and 0 for the others."
    ),
    hints=[
        "Let one layer learn the table until it settles: `train(lights, [1, 0, 0, 0], "
        "[0.5, 0.48, -0.7], alpha=0.1, iterations=2000, batch_size=4)`; its `final_pred` holds "
        "the four predictions. (One row at a time, the weights keep moving and never settle.)",
        "Or think: rows 0 and 1 together light the same lights as rows 2 and 3 together, so "
        "one layer's pred_0 + pred_1 always equals pred_2 + pred_3. The goals give 1 + 0 and "
        "0 + 0: a gap of 1.",
        "The gap of 1 is shared best evenly: a miss of 0.25 on each row, in the direction that "
        "closes the gap: row 0 under its goal, row 1 under, rows 2 and 3 over.",
    ],
    solution="""goal_preds = [1, 0, 0, 0]
# one layer learns all four rows at once (batch_size=4), until it settles
my_best_preds = train(
    lights, goal_preds, [0.5, 0.48, -0.7], alpha=0.1, iterations=2000, batch_size=4
).final_pred  # about [0.75, -0.25, 0.25, 0.25]
""",
)
