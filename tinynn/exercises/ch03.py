"""Exercises for chapter 3: gradient descent, direction and amount."""

import tinynn
from tinynn import learning
from tinynn.exercises import Case, Exercise, Mistake, NotYet, is_number

# ---------------------------------------------------------------------------------------------
# q1: weight_delta for a negative input
# ---------------------------------------------------------------------------------------------

# input -2.0, goal_pred 0.8, weight 0.5: pred -1.0, delta -1.8, weight_delta 3.6.
_Q1_DELTA = -2.0 * 0.5 - 0.8
_Q1_WEIGHT_DELTA = _Q1_DELTA * -2.0


def _size_or_sign(my_weight_delta):
    """For a wrong answer no listed mistake explains: is the sign right, or the size?"""
    if is_number(my_weight_delta) and my_weight_delta > 0:
        direction = "too big" if my_weight_delta > _Q1_WEIGHT_DELTA else "too small"
        raise NotYet(
            f"my_weight_delta is {direction}: the sign is right; recheck the prediction "
            "(input * weight) and delta"
        )
    if is_number(my_weight_delta):
        raise NotYet(
            "my_weight_delta has the wrong sign: delta is negative here (the prediction is too "
            "low), and multiplying by a negative input flips the sign"
        )


q1 = Exercise(
    key="ch03.q1",
    title="weight_delta for a negative input",
    answer="my_weight_delta",
    expect=_Q1_WEIGHT_DELTA,
    mistakes=[
        Mistake(
            _Q1_DELTA,
            "{name} is delta, pred - goal_pred: weight_delta multiplies delta by the input",
        ),
        Mistake(
            -_Q1_WEIGHT_DELTA,
            "{name} has the wrong sign. delta = pred - goal_pred is negative here (the "
            "prediction is too low), and multiplying by the negative input flips it. (Writing "
            "delta as goal_pred - pred flips the sign too.)",
        ),
        Mistake(
            2 * _Q1_WEIGHT_DELTA,
            "{name} is 2 * delta * input, the full slope of the error: the book's weight_delta "
            "is delta * input, without the 2",
        ),
        Mistake(
            (2.0 * 0.5 - 0.8) * 2.0,
            "{name} is what an input of +2.0 would give: keep the input's minus sign, both in "
            "the prediction and when you multiply delta by the input",
        ),
    ],
    check=_size_or_sign,
    praise=(
        "Right: the prediction is too low (delta is negative), yet weight_delta is positive, so "
        "the weight goes down. With a negative input, a smaller weight makes a bigger prediction."
    ),
    hints=[
        "Three lines: predict (`input * weight`), compare (`delta = pred - goal_pred`), then "
        "`weight_delta = delta * input`.",
        "The prediction is -2.0 * 0.5 = -1.0, so delta = -1.0 - 0.8. Keep the signs.",
        "Multiply that (negative) delta by the (negative) input -2.0: the result is positive.",
    ],
    solution="""input = -2.0
goal_pred = 0.8
weight = 0.5
my_weight_delta = (input * weight - goal_pred) * input
""",
)

# ---------------------------------------------------------------------------------------------
# q2: the slope of the error at w = 1.0, for input 1.5
# ---------------------------------------------------------------------------------------------

# error = ((1.5 * w) - 0.8) ** 2 at w = 1.0: delta = 1.5 - 0.8 = 0.7, input 1.5. The input is
# not 0.5, so the slope (2 * delta * input), delta, 2 * delta and delta * input all differ.
_Q2_INPUT = 1.5
_Q2_DELTA = _Q2_INPUT * 1.0 - 0.8
_Q2_SLOPE = 2 * _Q2_DELTA * _Q2_INPUT


def _one_sided(answer):
    """A slope measured by nudging one way only: close, but off by about half the nudge."""
    return is_number(answer) and 1e-6 < abs(answer - _Q2_SLOPE) / _Q2_SLOPE < 1e-2


q2 = Exercise(
    key="ch03.q2",
    title="The slope of the error",
    answer="my_slope",
    expect=_Q2_SLOPE,
    mistakes=[
        Mistake(
            _Q2_DELTA * _Q2_INPUT,
            "{name} is delta * input: that's the book's weight_delta, half the slope; the slope "
            "of a square has a factor 2",
        ),
        Mistake(
            _Q2_DELTA**2,
            "{name} is the error at w = 1.0, not its slope: how much does the error change for "
            "each tiny change of w?",
        ),
        Mistake(
            2 * _Q2_DELTA,
            "{name} is 2 * delta, without the input: when w changes by a tiny amount, the "
            "prediction changes by 1.5 times that amount",
        ),
        Mistake(
            _Q2_DELTA,
            "{name} is delta, the miss: the slope says how fast the error changes with w, which "
            "is 2 * delta * input",
        ),
        Mistake(
            _one_sided,
            "{name} is close, but not close enough: it looks like a nudge in one direction "
            "only. Nudge both ways (`numerical_derivative`), or work it out exactly",
            example=((1.5 * 1.001 - 0.8) ** 2 - _Q2_DELTA**2) / 0.001,
        ),
    ],
    praise=(
        "Right: the slope is positive, so the error grows as w grows, and gradient descent moves "
        "w down. The book's weight_delta here, delta * input, is half of this slope."
    ),
    hints=[
        "Measure it, as section 5 did: `def error_at(w):` returning `((1.5 * w) - 0.8) ** 2`, "
        "then `numerical_derivative(error_at, 1.0)` nudges w both ways and divides the change "
        "in the error by the change in w.",
        "Or work it out: the slope of `delta ** 2` is `2 * delta * input`, where "
        "`delta = 1.5 * w - 0.8` and the input is 1.5.",
        "At w = 1.0, delta = 1.5 - 0.8. Now multiply: 2 times delta times 1.5.",
    ],
    solution="""# the slope of a square: 2 * delta * input, with delta = 1.5 * w - 0.8 and input 1.5
my_slope = 2 * (1.5 * 1.0 - 0.8) * 1.5
""",
)

# ---------------------------------------------------------------------------------------------
# q3: one step of gradient descent
# ---------------------------------------------------------------------------------------------


def _delta(input, goal_pred, weight):
    return input * weight - goal_pred


q3 = Exercise(
    key="ch03.q3",
    title="One step of gradient descent",
    answer="my_gradient_descent_step",
    expect=learning.gradient_descent_step,
    # The chapter's start, a negative input (reversal), input 0 (stopping), a big input (scaling).
    cases=[
        Case(0.5, 0.8, 0.5, note="start from the weight and subtract the whole of delta * input"),
        Case(-2.0, 0.8, 0.5, note="a negative input flips the sign of weight_delta"),
        Case(
            0.0,
            0.8,
            0.3,
            note="with input 0 the prediction doesn't depend on the weight, so weight_delta is "
            "0 and the weight should stay",
        ),
        Case(
            2.0, 0.8, 1.0, note="a big input makes a big step: take all of it, even past the goal"
        ),
    ],
    mistakes=[
        Mistake(
            lambda input, goal_pred, weight: weight + _delta(input, goal_pred, weight) * input,
            "{call} moved the weight the wrong way. Either weight_delta was added, or delta was "
            "written goal_pred - pred: with delta = pred - goal_pred, subtract delta * input",
        ),
        Mistake(
            lambda input, goal_pred, weight: _delta(input, goal_pred, weight) * input,
            "{call} returned weight_delta itself: return the new weight, the old weight minus "
            "weight_delta",
        ),
        Mistake(
            lambda input, goal_pred, weight: weight - _delta(input, goal_pred, weight),
            "{call} stepped by delta alone: multiply delta by the input, so that an input of 0 "
            "stops the step and a negative input reverses it",
        ),
        Mistake(
            lambda input, goal_pred, weight: weight - 2 * _delta(input, goal_pred, weight) * input,
            "{call} stepped by 2 * delta * input, the full slope: this chapter's step (the "
            "book's, and tinynn's) is delta * input",
        ),
        Mistake(
            lambda input, goal_pred, weight: weight - _delta(input, goal_pred, weight) * abs(input),
            "{call} has the wrong sign: a negative input flips the sign of weight_delta = delta "
            "* input; multiply by the input itself, not its size",
        ),
    ],
    library=tinynn.gradient_descent_step,
    praise=(
        "Right: predict, compare, and move the weight against weight_delta. One line of "
        "arithmetic gives direction and amount, and stops, reverses and scales with the input."
    ),
    hints=[
        "Predict, compare, learn: `pred = input * weight`, `delta = pred - goal_pred`, "
        "`weight_delta = delta * input`.",
        "The new weight is the old one minus weight_delta. Return it; don't print it.",
        "`return weight - (input * weight - goal_pred) * input` does it in one line.",
    ],
    solution="""def my_gradient_descent_step(input, goal_pred, weight):
    pred = input * weight
    delta = pred - goal_pred
    weight_delta = delta * input
    return weight - weight_delta
""",
)
