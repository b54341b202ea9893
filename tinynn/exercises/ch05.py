"""Exercises for chapter 5: several inputs and outputs, frozen weights, a whole data set."""

import functools
import math

import numpy as np

from tinynn import data, learning, weighted_sum
from tinynn.exercises import Exercise, Mistake, NotYet, expect_number, is_near, is_number

# ---------------------------------------------------------------------------------------------
# q1: the weight deltas for three inputs, by hand
# ---------------------------------------------------------------------------------------------

# The book's third game (the team lost, so the goal is 0) with the chapter's starting weights:
# pred 0.99 + 0.16 - 0.05 = 1.1, too high, so delta is +1.1 and every weight delta positive.
_Q1_INPUT = [9.9, 0.8, 0.5]
_Q1_WEIGHTS = [0.1, 0.2, -0.1]
_Q1_PRED = weighted_sum(_Q1_INPUT, _Q1_WEIGHTS)
_Q1_DELTA = _Q1_PRED - 0.0
_Q1_ANSWER = [_Q1_DELTA * x for x in _Q1_INPUT]


def _one_number(answer):
    return is_number(answer) or (isinstance(answer, np.ndarray) and answer.ndim == 0)


q1 = Exercise(
    key="ch05.q1",
    title="Weight deltas for three inputs",
    answer="my_weight_deltas",
    expect=_Q1_ANSWER,
    mistakes=[
        Mistake(
            lambda answer: _one_number(answer) and is_near(float(answer), sum(_Q1_ANSWER)),
            "{name} is the three weight deltas added up: each weight gets its own weight "
            "delta, so give a list of three, one per input",
            example=sum(_Q1_ANSWER),
        ),
        Mistake(
            [_Q1_DELTA] * 3,
            "{name} is delta three times: delta is shared, but each weight delta is delta "
            "times that weight's own input",
        ),
        Mistake(
            [-d for d in _Q1_ANSWER],
            "{name} has the wrong sign: delta is pred - goal_pred, and here the prediction is "
            "too high (the team lost), so delta is positive. (goal_pred - pred flips it.)",
        ),
        Mistake(
            [_Q1_DELTA * w for w in _Q1_WEIGHTS],
            "{name} multiplies delta by the weights: a weight delta is delta times the weight's "
            "input, the number the weight was multiplied by",
        ),
        Mistake(
            [(_Q1_PRED - 1) * x for x in _Q1_INPUT],
            "{name} uses goal_pred 1: the team lost its third game, so the goal is 0",
        ),
        Mistake(
            [0.01 * d for d in _Q1_ANSWER],
            "{name} has alpha in it: alpha scales the step afterwards "
            "(`weight - alpha * weight_delta`); the weight deltas come before it",
        ),
        Mistake(
            [2 * d for d in _Q1_ANSWER],
            "{name} is 2 * delta * input, the full slope of the error: the book's weight delta "
            "is delta * input, without the 2 (chapter 3)",
        ),
        Mistake(
            [_Q1_DELTA**2 * x for x in _Q1_INPUT],
            "{name} multiplies the error, delta ** 2, by the inputs: use delta itself, which "
            "keeps its sign",
        ),
    ],
    praise=(
        "Right: the prediction, 1.1, is too high, so all three weight deltas are positive and "
        "every weight goes down; the toes' by far the most, because its input is the biggest."
    ),
    hints=[
        "Predict (the weighted sum of the input and the weights), compare (`delta = pred - "
        "goal_pred`), then one weight delta per input: `delta * input[i]`.",
        "The prediction is 9.9 * 0.1 + 0.8 * 0.2 + 0.5 * -0.1. The team lost, so goal_pred is 0.",
        "delta is about 1.1: multiply it by each of 9.9, 0.8 and 0.5, and make a list of the "
        "three.",
    ],
    solution="""input = [9.9, 0.8, 0.5]  # the third game: toes, win/loss, fans
weights = [0.1, 0.2, -0.1]
goal_pred = 0  # the team lost
# pred = 9.9 * 0.1 + 0.8 * 0.2 + 0.5 * -0.1, about 1.1; delta = pred - goal_pred
my_weight_deltas = [(weighted_sum(input, weights) - goal_pred) * x for x in input]
""",
)

# ---------------------------------------------------------------------------------------------
# q2: the shape of a many-in, many-out weight-delta table
# ---------------------------------------------------------------------------------------------


def _rows_and_columns(answer):
    """For numbers that no listed mistake explains: say what a table's shape is made of."""
    if not isinstance(answer, (tuple, list)) or not all(map(is_number, answer)):
        return
    if len(answer) != 2:
        count = "1 number" if len(answer) == 1 else f"{len(answer)} numbers"
        raise NotYet(f"my_shape has {count}: a table's shape has two, (rows, columns)")
    raise NotYet(
        "my_shape is not the table's shape yet: it is (rows, columns), and the weights here "
        "have one row per output and one column per input. Count the outputs and the inputs "
        "again"
    )


q2 = Exercise(
    key="ch05.q2",
    title="The shape of the weight-delta table",
    answer="my_shape",
    expect=(2, 5),
    tolerance=0.0,
    mistakes=[
        Mistake(
            (5, 2),
            "{name} has one row per input: that is chapter 6's layout (and what "
            "np.outer(input, delta) gives). Here the weights have one row per output, and "
            "each weight needs its own weight delta, in the same place",
        ),
        Mistake(
            (5,),
            "{name} is one weight delta per input, which is right for one output. Here each of "
            "the 2 outputs has its own delta, and so its own row of weight deltas",
        ),
        Mistake(
            (2,),
            "{name} is the shape of delta, one per output: the weight deltas are every delta "
            "times every input",
        ),
        Mistake(
            10,
            "{name} is how many weight deltas there are. A shape also says how they are laid "
            "out: (rows, columns), like NumPy's `.shape`",
        ),
    ],
    check=_rows_and_columns,
    praise=(
        "Right: (outputs, inputs), the shape of the weights, because there is one weight delta "
        "per weight: row i, column j is delta[i] * input[j], `np.outer(delta, input)`."
    ),
    hints=[
        "Each weight needs exactly one weight delta, so the weight-delta table has the same "
        "shape as the table of weights.",
        "The weights are kept the chapter 5 way: one row per output, one number in each row "
        "per input.",
        "2 outputs, 5 inputs: (rows, columns) = (outputs, inputs). Write it as a tuple.",
    ],
    solution="""# one weight delta per weight, so the weights' shape:
# one row per output, one column per input
my_shape = (2, 5)
""",
)

# ---------------------------------------------------------------------------------------------
# q3: what a frozen weight tells you, on the whole data set
# ---------------------------------------------------------------------------------------------


@functools.cache
def _floors():
    """The lowest mean squared error of `linear_data()` with each input left out (its weight
    held at 0), and with the first weight held at the guess's 0.2, by least squares."""
    inputs, goal_preds = data.linear_data()
    rows = len(inputs)
    left_out = []
    for k in range(3):
        others = inputs[:, [j for j in range(3) if j != k]]
        _, residual, _, _ = np.linalg.lstsq(others, goal_preds)
        left_out.append(float(residual[0]) / rows)
    # Held at 0.2 instead of 0: the other two fit what is left after 0.2 * the first input.
    _, residual, _, _ = np.linalg.lstsq(inputs[:, 1:], goal_preds - 0.2 * inputs[:, 0])
    return left_out, float(residual[0]) / rows


def _floor():
    return _floors()[0][0]


@functools.cache
def _one_row_at_a_time():
    """Where the mean squared error settles with the first weight frozen at 0 and batch_size=1:
    each row pulls the weights its own way, so it never gets down to the lowest."""
    inputs, goal_preds = data.linear_data()
    run = learning.train(
        inputs,
        goal_preds,
        np.array([0.0, 1.4, 30.0]),
        0.01,
        2000,
        1,
        frozen=np.array([True, False, False]),
    )
    return run.final_error / len(inputs)


def _near(value, target, tolerance=1e-6):
    return is_number(value) and abs(value - target) <= tolerance * abs(target)


def _above_or_below(answer):
    value = expect_number(answer, _floor(), "my_lowest_error", rel_tol=math.inf)  # a number?
    if value > _floor():
        raise NotYet(
            "my_lowest_error is too big: is the error still falling at the end of your run? "
            "Then it hasn't reached its lowest yet; run more iterations, learning from all 8 rows "
            "at once (batch_size=8). (And check that only the first weight is frozen, and at 0.)"
        )
    raise NotYet(
        "my_lowest_error is too small: with the first weight at 0, no weights do better. "
        "Check that the first weight (not another) is frozen, and that you divide the summed "
        "error by the 8 rows"
    )


q3 = Exercise(
    key="ch05.q3",
    title="What a frozen weight tells you",
    answer="my_lowest_error",
    expect=_floor,
    mistakes=[
        Mistake(
            lambda answer: _near(answer, 8 * _floor()),
            "{name} is the sum of the 8 rows' squared errors (that's what `final_error` of "
            "`train` holds): the mean squared error divides it by the number of rows",
            example=8 * _floor(),
        ),
        Mistake(
            lambda answer: _near(answer, _floors()[1]),
            "{name} is what you get with the first weight frozen at the guess, 0.2. Leaving "
            "the input out means its weight is 0: start the first weight at 0, then freeze it",
            example=_floors()[1],
        ),
        Mistake(
            lambda answer: _near(answer, _floors()[0][2]),
            "{name} is the chapter's run, with the third input left out: this time freeze the "
            "first weight (at 0) and let the other two learn",
            example=_floors()[0][2],
        ),
        Mistake(
            lambda answer: _near(answer, _one_row_at_a_time(), 0.01),
            "{name} is where learning one row at a time settles (`batch_size=1`, train's "
            "default): each row pulls the weights its own way, so more iterations won't help. "
            "Learn from all 8 rows at once, `batch_size=8`, as section 9 does",
            example=1.4,
        ),
        Mistake(
            lambda answer: is_number(answer) and answer == 0,
            "{name} is 0, but the other two weights can't make up for the first input "
            "completely: run it, and watch where the error stops",
            example=0.0,
        ),
    ],
    check=_above_or_below,
    tolerance=0.005,  # a mean squared error the way the chapter prints it, 0.46, is right too
    praise=(
        "Right: without the first input the error can't get below about 0.4598, while without "
        "the third it stays above 12.1. The first input is nearly replaceable: in this table it "
        "is big or small mostly when the second is, so weight 2 takes over most of its job. The "
        "third input carries something the others can't."
    ),
    hints=[
        "Leave the first input out: start its weight at 0 and freeze it there "
        "(`frozen=[True, False, False]`), then train the other two as in section 9.",
        "`train(inputs, goal_preds, [0.0, 1.4, 30.0], alpha=0.01, iterations=2000, "
        "batch_size=8, frozen=[True, False, False])`. Check the error has stopped falling.",
        "Its `final_error` is the sum over the 8 rows: divide by 8 for the mean squared error.",
    ],
    solution="""# Leave the first input out: its weight starts at 0 and is frozen there,
# and the other two learn.
my_lowest_error = train(
    *linear_data(), [0.0, 1.4, 30.0], alpha=0.01, iterations=2000, batch_size=8,
    frozen=[True, False, False],
).final_error / 8  # the mean over the 8 rows
""",
)

# ---------------------------------------------------------------------------------------------
# q4: the largest alpha that still converges on the data set
# ---------------------------------------------------------------------------------------------


@functools.cache
def _edge():
    """Where batch gradient descent on `linear_data()` starts to diverge: alpha = 2 / the
    largest eigenvalue of the inputs' mean outer product (about 0.02215)."""
    inputs, _ = data.linear_data()
    return float(2 / np.linalg.eigvalsh(inputs.T @ inputs / len(inputs)).max())


_SAFE_BOUND = 2 / 98.0  # 2 / the rows' average sum of inputs squared: always safe


def _largest_alpha(answer):
    value = expect_number(answer, 0.022, "my_largest_alpha", rel_tol=math.inf)  # a number?
    if value <= 0:
        raise NotYet("my_largest_alpha must be above 0: alpha scales each step")
    if value > _edge():
        raise NotYet(
            "my_largest_alpha diverges: with it `train(..., batch_size=8).diverged` is True "
            "(the error grows until it is too big for a float). Come down in steps of 0.001"
        )
    if value < 0.022:
        raise NotYet(
            "my_largest_alpha converges, but so do bigger alphas: go up in steps of 0.001 "
            "until the next one diverges"
        )
    return (
        "Right: 0.022 converges and 0.023 diverges (the exact edge is about 0.02215). It is a "
        "little above the safe bound 2 / 98, about 0.0204. Near the edge the weights zig-zag "
        "(try 0.022 on the sliders), and the edge is set by the inputs' sizes: a table with "
        "bigger inputs would need a smaller alpha."
    )


q4 = Exercise(
    key="ch05.q4",
    title="The largest alpha for the data set",
    answer="my_largest_alpha",
    mistakes=[
        Mistake(
            lambda answer: is_number(answer) and abs(answer - _SAFE_BOUND) < 5e-5,
            "{name} is 2 / 98, the bound that is always safe. It is not the edge itself: "
            "somewhat bigger alphas converge too. Try some with `train`",
            example=_SAFE_BOUND,
        ),
        Mistake(
            lambda answer: is_number(answer) and abs(answer - 2 / 86) < 5e-5,
            "{name} is 2 / 86, the edge for the first row alone (6, 5, 5: 86 when squared and "
            "added). A step from the average of all the rows has an edge of its own: try it",
            example=2 / 86,
        ),
        Mistake(
            lambda answer: is_number(answer) and abs(answer - 2 / 74.1125) < 5e-5,
            "{name} is the edge for the book's first game (section 3): this data set has "
            "other inputs, and so another edge",
            example=2 / 74.1125,
        ),
    ],
    check=_largest_alpha,
    hints=[
        "Section 7's `2 / 98` is always safe, but it is not the edge. Try alphas from there "
        "upwards with `train(inputs, goal_preds, [0.2, 1.4, 30.0], alpha=..., "
        "iterations=2000, batch_size=8)`, or with the sliders in section 10.",
        "Look at `.diverged` for each alpha, or at whether the mean squared error falls.",
        "0.020 and 0.021 converge. Try 0.022 and 0.023.",
    ],
    solution="""# 2 / 98 (about 0.0204) is always safe; trying upwards from there,
# 0.022 converges and 0.023 diverges
my_largest_alpha = 0.022
""",
)
