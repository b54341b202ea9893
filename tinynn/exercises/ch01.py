"""Exercises for chapter 1: predict, compare, learn."""

import functools
import math

from tinynn.exercises.checking import (
    Exercise,
    NotYet,
    call,
    describe_call,
    expect_number,
    expect_whole_number,
    is_number,
)
from tinynn.learning import learn
from tinynn.network import predict

# ---------------------------------------------------------------------------------------------
# q1: write predict
# ---------------------------------------------------------------------------------------------


def _check_predict(my_predict):
    for input, weight in ((5.0, 1.0), (0.5, 2.0), (-1.5, 4.0), (8.5, 0.0)):
        got = call(my_predict, input, weight)
        what = describe_call(my_predict, (input, weight))
        if is_number(got) and got != input * weight:
            if got == input + weight:
                raise NotYet(f"{what} added the input and the weight: the weight scales the input")
            if got == input:
                raise NotYet(f"{what} gave back the input unchanged: the weight must change it")
            if got == weight:
                raise NotYet(f"{what} gave back the weight: the input must change the prediction")
        expect_number(got, input * weight, what)
    return "Right: a network with one weight predicts `input * weight`, nothing more."


q1 = Exercise(
    key="ch01.q1",
    title="Write predict",
    check=_check_predict,
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


def _check_error(my_error):
    if is_number(my_error):
        if my_error == 2.0 * 3.0 - 10.0:
            raise NotYet(
                "my_error is negative: that is the miss, pred - goal_pred; the squared error "
                "squares it, so it can never be negative"
            )
        if my_error == 10.0 - 2.0 * 3.0:
            raise NotYet("my_error is how far off the prediction is: now square that miss")
        if my_error == 10.0**2 - (2.0 * 3.0) ** 2:
            raise NotYet(
                "my_error squared the prediction and the goal separately: subtract first, "
                "then square the difference"
            )
        if my_error == 2.0 * 3.0:
            raise NotYet("my_error is the prediction itself: compare it with goal_pred")
    expect_number(
        my_error, (2.0 * 3.0 - 10.0) ** 2, "my_error", hint="pred = input * weight, then compare"
    )
    return "Right: miss by 4 and the squared error is 16; miss by 0.5 and it would be 0.25."


q2 = Exercise(
    key="ch01.q2",
    title="A squared error by hand",
    check=_check_error,
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


def _check_miss(my_miss):
    history = learn(5, 1.0, 42, alpha=0.01, iterations=10)
    miss = 42 - predict(5, history.final_weights)
    if is_number(my_miss) and not math.isclose(my_miss, miss, rel_tol=1e-3):
        if math.isclose(my_miss, history.final_error, rel_tol=0.25):
            raise NotYet(
                "my_miss looks like history.final_error: that is a squared error (of the 10th "
                "prediction), not a distance from 42"
            )
        if math.isclose(my_miss, abs(42 - history.final_pred), rel_tol=1e-3):
            raise NotYet(
                "my_miss is how far history.final_pred is from 42: that prediction was made "
                "before the last update; the trained network uses history.final_weights"
            )
        if math.isclose(my_miss, miss**2, rel_tol=1e-3):
            raise NotYet("my_miss looks squared: the question asks for the distance itself")
        if math.isclose(my_miss, 42 - miss, rel_tol=1e-3):
            raise NotYet("my_miss is the trained network's prediction: how far is it from 42?")
        chapter_run = learn(5, 1.0, 42, alpha=0.01, iterations=20)
        if math.isclose(my_miss, 42 - predict(5, chapter_run.final_weights), rel_tol=0.05):
            raise NotYet(
                "my_miss is the chapter's network's miss after 20 epochs: this one learns for "
                "10 epochs (iterations=10)"
            )
    expect_number(
        my_miss,
        miss,
        "my_miss",
        hint="predict 5 with history.final_weights and measure the distance to 42",
        rel_tol=1e-3,
    )
    return (
        "Right: after 10 epochs the network is off by about 2.08, while the last error printed "
        "(about 7.72) is a squared error, measured one update earlier."
    )


q3 = Exercise(
    key="ch01.q3",
    title="The error is not the miss",
    check=_check_miss,
    hints=[
        "`history.final_error` was measured before the last update, and it is squared: "
        "neither makes it the distance between the trained network's prediction and 42.",
        "The trained weight is `history.final_weights`; predict 5 with it.",
        "`42 - predict(5, history.final_weights)`",
    ],
    solution="""history = learn(5, 1.0, 42, alpha=0.01, iterations=10)
my_miss = 42 - predict(5, history.final_weights)
""",
)

# ---------------------------------------------------------------------------------------------
# q4: how many epochs?
# ---------------------------------------------------------------------------------------------

# More epochs than this aren't needed; we don't run them (a check has a time limit).
_MOST_EPOCHS = 500


@functools.lru_cache(maxsize=1)
def _long_run():
    """Errors of a long run: `learn(..., iterations=n).final_error` is `errors[n - 1]`."""
    return tuple(learn(5, 1.0, 42, alpha=0.01, iterations=_MOST_EPOCHS).errors)


def _check_epochs(my_epochs):
    epochs = expect_whole_number(my_epochs, "my_epochs")
    if epochs < 1:
        raise NotYet(f"my_epochs is {epochs}: learning needs at least 1 epoch")
    if epochs > _MOST_EPOCHS:
        raise NotYet(f"my_epochs is {epochs}: that is far more than needed")
    errors = _long_run()
    needed = next(n for n in range(1, len(errors) + 1) if errors[n - 1] < 0.001)
    final_error = errors[epochs - 1]
    if epochs < needed:
        message = (
            f"with my_epochs = {epochs}, the last error printed is {final_error:.4g}: not below "
            "0.001 yet, so more epochs are needed"
        )
        if epochs == needed - 1:
            message += " (each epoch prints its error before it learns)"
        raise NotYet(message)
    if epochs > needed:
        raise NotYet(
            f"with my_epochs = {epochs}, the last error printed is below 0.001, but fewer "
            "epochs already get there: find the smallest number"
        )
    return (
        "Right. Each epoch multiplies the error by 0.5625, so you could also have worked it out: "
        "1369 * 0.5625 ** (epochs - 1) < 0.001."
    )


q4 = Exercise(
    key="ch01.q4",
    title="How many epochs?",
    check=_check_epochs,
    hints=[
        "Try a few numbers of epochs with `learn(5, 1.0, 42, alpha=0.01, iterations=...)` and "
        "look at `.final_error`, or print every error with `.show()` and count.",
        "The first line printed is epoch 1, and its error (1369.0) is measured before any "
        "learning. Count lines from 1, not from 0.",
        "A loop does the counting: start at 1 epoch and add one while `.final_error` is "
        "still 0.001 or more.",
    ],
    solution="""my_epochs = 1
while learn(5, 1.0, 42, alpha=0.01, iterations=my_epochs).final_error >= 0.001:
    my_epochs += 1
""",
)
