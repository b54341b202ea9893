"""Exercises for chapter 3: gradient descent, direction and amount."""

import math

from tinynn.exercises.checking import (
    Exercise,
    NotYet,
    call,
    describe_call,
    expect_number,
    is_near,
    is_number,
)
from tinynn.learning import gradient_descent_step

# ---------------------------------------------------------------------------------------------
# q1: weight_delta for a negative input
# ---------------------------------------------------------------------------------------------

# input -2.0, weight 0.5, goal_pred 0.8: pred -1.0, delta -1.8.
_Q1_DELTA = -2.0 * 0.5 - 0.8


def _check_weight_delta(my_weight_delta):
    expected = _Q1_DELTA * -2.0
    if is_near(my_weight_delta, _Q1_DELTA):
        raise NotYet(
            "my_weight_delta is delta, pred - goal_pred: weight_delta multiplies delta by the input"
        )
    if is_near(my_weight_delta, 2 * expected):
        raise NotYet(
            "my_weight_delta is 2 * delta * input, the full slope of the error: the book's "
            "weight_delta is delta * input, without the 2"
        )
    if is_near(my_weight_delta, (2.0 * 0.5 - 0.8) * 2.0):
        raise NotYet(
            "my_weight_delta is what an input of +2.0 would give: keep the input's minus sign, "
            "both in the prediction and when you multiply delta by the input"
        )
    if is_number(my_weight_delta) and my_weight_delta > 0:
        hint = "the sign is right; recheck the prediction (input * weight) and delta"
    else:
        hint = "delta is negative here, and multiplying by a negative input flips the sign"
    expect_number(my_weight_delta, expected, "my_weight_delta", hint=hint)
    return (
        "Right: the prediction is too low (delta is negative), yet weight_delta is positive, so "
        "the weight goes down. With a negative input, a smaller weight makes a bigger prediction."
    )


q1 = Exercise(
    key="ch03.q1",
    title="weight_delta for a negative input",
    check=_check_weight_delta,
    hints=[
        "Three lines: predict (`input * weight`), compare (`delta = pred - goal_pred`), then "
        "`weight_delta = delta * input`.",
        "The prediction is -2.0 * 0.5 = -1.0, so delta = -1.0 - 0.8. Keep the signs.",
        "Multiply that (negative) delta by the (negative) input -2.0: the result is positive.",
    ],
    solution="""input = -2.0
weight = 0.5
goal_pred = 0.8
my_weight_delta = (input * weight - goal_pred) * input
""",
)

# ---------------------------------------------------------------------------------------------
# q2: the slope of the error at w = 1.0
# ---------------------------------------------------------------------------------------------

# error = ((0.5 * w) - 0.8) ** 2 at w = 1.0: delta = 0.5 * 1.0 - 0.8 = -0.3, input 0.5.
_Q2_DELTA = 0.5 * 1.0 - 0.8


def _check_slope(my_slope):
    expected = 2 * _Q2_DELTA * 0.5
    if is_near(my_slope, _Q2_DELTA * 0.5):
        raise NotYet(
            "my_slope is delta * input: that's the book's weight_delta, half the slope; the "
            "slope of a square has a factor 2"
        )
    if is_near(my_slope, _Q2_DELTA**2):
        raise NotYet(
            "my_slope is the error at w = 1.0, not its slope: how much does the error change "
            "for each tiny change of w?"
        )
    if is_near(my_slope, 2 * _Q2_DELTA):
        raise NotYet(
            "my_slope is 2 * delta, without the input: when w changes by a tiny amount, the "
            "prediction changes by only 0.5 times that amount"
        )
    close = is_number(my_slope) and math.isclose(my_slope, expected, rel_tol=1e-6)
    if not close and is_number(my_slope) and math.isclose(my_slope, expected, rel_tol=1e-2):
        raise NotYet(
            "my_slope is close, but not close enough: it looks like a nudge in one direction "
            "only. Nudge both ways (`numerical_derivative`), or work it out exactly"
        )
    expect_number(
        my_slope,
        expected,
        "my_slope",
        hint="at w = 1.0 the prediction is below the goal, so a bigger w means a smaller error",
    )
    return (
        "Right: the slope is negative, so the error falls as w grows, and gradient descent "
        "moves w up. The book's weight_delta here is half of this slope."
    )


q2 = Exercise(
    key="ch03.q2",
    title="The slope of the error",
    check=_check_slope,
    hints=[
        "Measure it: `numerical_derivative(lambda w: ((0.5 * w) - 0.8) ** 2, 1.0)` nudges w "
        "both ways and divides the change in the error by the change in w.",
        "Or work it out: the slope of `delta ** 2` is `2 * delta * input`, where "
        "`delta = 0.5 * w - 0.8` and the input is 0.5.",
        "At w = 1.0, delta = 0.5 - 0.8. Now multiply: 2 times delta times 0.5.",
    ],
    solution="""# the slope of a square: 2 * delta * input, with delta = 0.5 * w - 0.8 and input 0.5
my_slope = 2 * (0.5 * 1.0 - 0.8) * 0.5
""",
)

# ---------------------------------------------------------------------------------------------
# q3: one step of gradient descent
# ---------------------------------------------------------------------------------------------

# (input, weight, goal_pred): the chapter's start, a negative input (reversal), input 0
# (stopping), and a big input (scaling).
_STEP_CASES = (
    (0.5, 0.5, 0.8),
    (-2.0, 0.5, 0.8),
    (0.0, 0.3, 0.8),
    (2.0, 1.0, 0.8),
)
# What to look at when a case is wrong in a way we can't name.
_STEP_HINTS = {
    0.5: "start from the weight and subtract the whole of delta * input",
    -2.0: "a negative input flips the sign of weight_delta = delta * input",
    0.0: "with input 0, weight_delta is 0",
    2.0: "a big input makes a big step here: take all of it, even if it overshoots",
}


# Mistakes we can name: how each one moves the weight, and what to say about it.
_STEP_MISTAKES = (
    (
        lambda weight, delta, weight_delta: weight + weight_delta,
        "moved the weight the wrong way: subtract weight_delta, so the step goes against the slope",
    ),
    (
        lambda weight, delta, weight_delta: weight_delta,
        "returned weight_delta itself: return the new weight, the old weight minus weight_delta",
    ),
    (
        lambda weight, delta, weight_delta: weight - delta,
        "stepped by delta alone: multiply delta by the input, so that an input of 0 stops the "
        "step and a negative input reverses it",
    ),
    (
        lambda weight, delta, weight_delta: weight - 2 * weight_delta,
        "stepped by 2 * delta * input, the full slope: this chapter's step (the book's, and "
        "tinynn's) is delta * input",
    ),
)


def _check_step(my_gradient_descent_step):
    answers = []
    for case in _STEP_CASES:
        input, weight, goal_pred = case
        got = call(my_gradient_descent_step, *case)
        what = describe_call(my_gradient_descent_step, case)
        expected = gradient_descent_step(input, weight, goal_pred)
        if not is_number(got):
            expect_number(got, expected, what)  # says what kind of thing came back instead
        answers.append((case, got, expected, what))
    wrong = [answer for answer in answers if not is_near(answer[1], answer[2])]
    if wrong:
        _explain_step(answers, wrong[0])
        (input, _, _), got, expected, what = wrong[0]
        expect_number(got, expected, what, hint=_STEP_HINTS[input])
    return (
        "Right: predict, compare, and move the weight against weight_delta. One line of "
        "arithmetic gives direction and amount, and stops, reverses and scales with the input."
    )


def _explain_step(answers, first_wrong):
    """Raise NotYet naming the mistake if every answer fits one we know (some cases alone
    can't tell them apart: with input 0.5, a step of delta is also a step of the full slope).
    """
    what = first_wrong[3]
    for mistake, message in _STEP_MISTAKES:
        fits = True
        for (input, weight, goal_pred), got, _, _ in answers:
            delta = input * weight - goal_pred
            fits = fits and is_near(got, mistake(weight, delta, delta * input))
        if fits:
            raise NotYet(f"{what} {message}")
    if first_wrong[0][0] == 0:
        raise NotYet(
            f"{what} moved the weight: with input 0 the prediction doesn't depend on the "
            "weight, so weight_delta is 0 and the weight should stay"
        )


q3 = Exercise(
    key="ch03.q3",
    title="One step of gradient descent",
    check=_check_step,
    hints=[
        "Predict, compare, learn: `pred = input * weight`, `delta = pred - goal_pred`, "
        "`weight_delta = delta * input`.",
        "The new weight is the old one minus weight_delta. Return it; don't print it.",
        "`return weight - (input * weight - goal_pred) * input` does it in one line.",
    ],
    solution="""def my_gradient_descent_step(input, weight, goal_pred):
    pred = input * weight
    delta = pred - goal_pred
    weight_delta = delta * input
    return weight - weight_delta
""",
)
