"""Exercises for chapter 1: predict, compare, learn."""

import functools
import math

import tinynn
from tinynn.exercises import Case, Exercise, Mistake, NotYet, expect_whole_number

# ---------------------------------------------------------------------------------------------
# q1: write predict
# ---------------------------------------------------------------------------------------------

q1 = Exercise(
    key="ch01.q1",
    title="Write predict",
    answer="my_predict",
    expect=lambda input, weight: input * weight,
    # Products that are not whole numbers, so that a rounded prediction can't pass.
    cases=[Case(5.0, 1.0), Case(2.5, 0.3), Case(-1.5, 0.7), Case(8.5, 0.0)],
    mistakes=[
        Mistake(
            lambda input, weight: input + weight,
            "{call} added the input and the weight: the weight scales the input",
        ),
        Mistake(
            lambda input, weight: input, "{call} gave back the input: the weight must change it"
        ),
        Mistake(
            lambda input, weight: weight,
            "{call} gave back the weight: the input must change the prediction",
        ),
        Mistake(
            lambda input, weight: round(input * weight),
            "{call} rounded the prediction to a whole number: keep all of it, a prediction can "
            "be any number, like 0.75",
        ),
        Mistake(
            lambda input, weight: int(input * weight),
            "{call} cut the prediction to a whole number: keep all of it, a prediction can be "
            "any number, like 0.75",
        ),
    ],
    library=tinynn.predict,
    praise="Right: a network with one weight predicts `input * weight`, nothing more.",
    hints=[
        "The network's whole job is to turn the input into a prediction using its weight.",
        "A weight of 2 should double the input, and a weight of 0 should give 0.",
        "Return the input multiplied by the weight.",
    ],
    solution="""def my_predict(input, weight):
    return input * weight
""",
)

# ---------------------------------------------------------------------------------------------
# q2: a squared error by hand
# ---------------------------------------------------------------------------------------------

# weight 3.0, input 2.0, goal 10.0: the prediction is 6.0 and the miss -4.0.
q2 = Exercise(
    key="ch01.q2",
    title="A squared error by hand",
    answer="my_error",
    expect=(2.0 * 3.0 - 10.0) ** 2,
    mistakes=[
        Mistake(
            2.0 * 3.0 - 10.0,
            "{name} is negative: that is the miss, pred - goal_pred; the squared error squares "
            "it, so it can never be negative",
        ),
        Mistake(10.0 - 2.0 * 3.0, "{name} is how far off the prediction is: now square that miss"),
        Mistake(
            -2,
            "{name} is -2: in Python `^` is not a power but a bitwise operation (exclusive or), "
            "and (6 - 10) ^ 2 gives -2. Square with `**`: `(6 - 10) ** 2`",
        ),
        Mistake(
            10.0**2 - (2.0 * 3.0) ** 2,
            "{name} squared the prediction and the goal separately: subtract first, then square "
            "the difference",
        ),
        Mistake((2.0 * 3.0) ** 2, "{name} is the prediction squared: compare it with goal_pred"),
        Mistake(2.0 * 3.0, "{name} is the prediction itself: compare it with goal_pred"),
    ],
    praise="Right: miss by 4 and the squared error is 16; miss by 0.5 and it would be 0.25.",
    hints=[
        "Two steps: predict first, then compare the prediction with the goal.",
        "The prediction is 2.0 * 3.0. The miss is the prediction minus goal_pred.",
        "Square the miss: `(pred - goal_pred) ** 2` with pred = 6.0 and goal_pred = 10.0.",
    ],
    solution="""my_error = (2.0 * 3.0 - 10.0) ** 2
""",
)

# ---------------------------------------------------------------------------------------------
# q3: the error is not the miss
# ---------------------------------------------------------------------------------------------


@functools.cache
def _ten_iterations():
    return tinynn.learn(5, 42, 1.0, alpha=0.01, iterations=10)


def _miss():
    return 42 - tinynn.predict(5, _ten_iterations().final_weights)


def _near(value, target, tolerance):
    return math.isclose(value, target, rel_tol=tolerance)


_TWENTY_ITERATIONS_MISS = 42 - tinynn.predict(
    5, tinynn.learn(5, 42, 1.0, alpha=0.01, iterations=20).final_weights
)

q3 = Exercise(
    key="ch01.q3",
    title="The error is not the miss",
    answer="my_miss",
    expect=_miss,
    tolerance=1e-3,
    mistakes=[
        Mistake(
            lambda answer: _near(answer, _ten_iterations().final_error, 0.25),
            "{name} looks like history.final_error: that is a squared error (of the 10th "
            "prediction), not a distance from 42",
            example=_ten_iterations().final_error,
        ),
        Mistake(
            lambda answer: _near(answer, 42 - _ten_iterations().final_pred, 1e-3),
            "{name} is how far history.final_pred is from 42: that prediction was made before "
            "the last update; the trained network uses history.final_weights",
            example=42 - _ten_iterations().final_pred,
        ),
        Mistake(
            lambda answer: _near(answer, _miss() ** 2, 1e-3),
            "{name} looks squared: the question asks for the distance itself",
            example=_miss() ** 2,
        ),
        Mistake(
            lambda answer: _near(answer, 42 - _miss(), 1e-3),
            "{name} is the trained network's prediction: how far is it from 42?",
            example=42 - _miss(),
        ),
        Mistake(
            lambda answer: _near(answer, _TWENTY_ITERATIONS_MISS, 0.05),
            "{name} is the miss of the chapter's network after 20 iterations: this one learns "
            "for 10 (iterations=10)",
            example=_TWENTY_ITERATIONS_MISS,
        ),
    ],
    praise=(
        "Right: after 10 iterations the network is off by about 2.08, while the last error "
        "printed (about 7.72) is a squared error, measured one update earlier."
    ),
    hints=[
        "`history.final_error` was measured before the last update, and it is squared: neither "
        "makes it the distance between the trained network's prediction and 42.",
        "The trained weight is `history.final_weights`; predict 5 with it.",
        "`42 - predict(5, history.final_weights)`",
    ],
    solution="""history = learn(5, 42, 1.0, alpha=0.01, iterations=10)
my_miss = 42 - predict(5, history.final_weights)
""",
)

# ---------------------------------------------------------------------------------------------
# q4: how many iterations?
# ---------------------------------------------------------------------------------------------

# More iterations than this aren't needed; we don't run them (a check has a time limit).
_MOST_ITERATIONS = 500


@functools.cache
def _long_run():
    """Errors of a long run: `learn(..., iterations=n).final_error` is `errors[n - 1]`."""
    return tuple(tinynn.learn(5, 42, 1.0, alpha=0.01, iterations=_MOST_ITERATIONS).errors)


def _needed():
    errors = _long_run()
    return next(n for n in range(1, len(errors) + 1) if errors[n - 1] < 0.001)


def _check_iterations(my_iterations):
    iterations = expect_whole_number(my_iterations, "my_iterations")
    if iterations < 1:
        raise NotYet(f"my_iterations is {iterations}: learning needs at least 1 iteration")
    if iterations > _MOST_ITERATIONS:
        raise NotYet(f"my_iterations is {iterations}: that is far more than needed")
    needed, final_error = _needed(), _long_run()[iterations - 1]
    if iterations < needed:
        message = (
            f"with my_iterations = {iterations}, the last error printed is {final_error:.4g}: not "
            "below 0.001 yet, so more iterations are needed"
        )
        if iterations == needed - 1:
            message += " (each iteration prints its error before it learns)"
        raise NotYet(message)
    if iterations > needed:
        raise NotYet(
            f"with my_iterations = {iterations}, the last error printed is below 0.001, but fewer "
            "iterations already get there: find the smallest number"
        )
    return (
        "Right. Each iteration multiplies the error by 0.5625, so you could also have worked it "
        "out: 1369 * 0.5625 ** (iterations - 1) < 0.001."
    )


q4 = Exercise(
    key="ch01.q4",
    title="How many iterations?",
    answer="my_iterations",
    check=_check_iterations,
    hints=[
        "Try a few numbers of iterations with `learn(5, 42, 1.0, alpha=0.01, iterations=...)` "
        "and look at `.final_error`, or print every error with `.show()` and count.",
        "The first line printed is iteration 1, and its error (1369.0) is measured before any "
        "learning. Count lines from 1, not from 0.",
        "A loop does the counting: start at 1 iteration and add one while `.final_error` is "
        "still 0.001 or more.",
    ],
    solution="""my_iterations = 1
while learn(5, 42, 1.0, alpha=0.01, iterations=my_iterations).final_error >= 0.001:
    my_iterations += 1
""",
)
