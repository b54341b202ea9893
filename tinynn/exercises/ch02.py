"""Exercises for chapter 2: hot and cold."""

import functools
import math

from tinynn.exercises.checking import (
    Exercise,
    NotYet,
    call,
    describe_call,
    expect_number,
    expect_shape,
    expect_whole_number,
    is_number,
)
from tinynn.learning import hot_and_cold, hot_and_cold_step

# ---------------------------------------------------------------------------------------------
# q1: one step of hot and cold
# ---------------------------------------------------------------------------------------------

# (input, weight, goal_pred, step_amount): up is better, down is better, a negative input
# (down is better although the prediction is below the goal), and a tie (input 0).
_STEP_CASES = (
    (0.5, 0.5, 0.8, 0.1),
    (0.5, 1.0, 0.2, 0.1),
    (-2.0, 0.0, 1.0, 0.25),
    (0.0, 0.5, 0.8, 0.1),
)


def _check_step(my_hot_and_cold_step):
    for case in _STEP_CASES:
        input, weight, goal_pred, step_amount = case
        got = call(my_hot_and_cold_step, *case)
        what = describe_call(my_hot_and_cold_step, case)
        expected = hot_and_cold_step(*case)
        if is_number(got) and not math.isclose(got, expected, abs_tol=1e-12):
            _explain_step(got, expected, what, input, weight)
        expect_number(got, expected, what, abs_tol=1e-12)
    return "Right: try both ways, keep the better one, and stay put when neither is better."


def _explain_step(got, expected, what, input, weight):
    """Raise NotYet saying how the learner's step went wrong: no move, wrong way, wrong size."""
    if expected == weight:
        raise NotYet(
            f"{what} moved the weight, but with input {input:g} both tries miss by the same: "
            "when neither is better, leave the weight where it is"
        )
    if math.isclose(got, weight, abs_tol=1e-12):
        raise NotYet(
            f"{what} left the weight where it was, though one try misses by less: can the "
            "comparison that moves the weight that way ever be true?"
        )
    if (got - weight) * (expected - weight) < 0:
        if input < 0:
            raise NotYet(
                f"{what} went the wrong way: with a negative input, a bigger weight gives a "
                "smaller prediction; compare the errors of the two tries, not pred with goal_pred"
            )
        raise NotYet(f"{what} went the wrong way: keep the try whose error is smaller")
    raise NotYet(
        f"{what} moved the weight by {abs(got - weight):g}: it should move by exactly "
        "step_amount, the same distance up or down"
    )


q1 = Exercise(
    key="ch02.q1",
    title="One step of hot and cold",
    check=_check_step,
    hints=[
        "Predict twice: once with `weight + step_amount`, once with `weight - step_amount`, "
        "and work out the squared error of each.",
        "Return the weight that goes with the smaller error. If the two errors are equal, "
        "return the weight unchanged.",
        "Compare `down_error < up_error` and `down_error > up_error`: two different tests, "
        "each comparing the two errors with each other.",
    ],
    solution="""def my_hot_and_cold_step(input, weight, goal_pred, step_amount):
    up_error = (input * (weight + step_amount) - goal_pred) ** 2
    down_error = (input * (weight - step_amount) - goal_pred) ** 2
    if down_error < up_error:
        return weight - step_amount
    if down_error > up_error:
        return weight + step_amount
    return weight
""",
)

# ---------------------------------------------------------------------------------------------
# q2 and q3: how many iterations, how many predictions?
# ---------------------------------------------------------------------------------------------

_STEP_AMOUNTS = (0.1, 0.01, 0.001)
# More iterations than this aren't needed for any of the three; we don't run them.
_MOST_ITERATIONS = 2000


@functools.cache
def _long_run(step_amount):
    """Predictions of a long run: `hot_and_cold(..., iterations=n).final_pred` is `preds[n - 1]`."""
    return tuple(hot_and_cold(0.5, 0.5, 0.8, step_amount, _MOST_ITERATIONS).preds)


def _reaches(pred):
    return abs(pred - 0.8) < 1e-9


def _iterations_needed(step_amount):
    preds = _long_run(step_amount)
    return next(n for n in range(1, len(preds) + 1) if _reaches(preds[n - 1]))


def _check_iterations(my_iterations):
    counts = expect_shape(my_iterations, (3,), "my_iterations", hint="one count per step_amount")
    for index, (step_amount, count) in enumerate(zip(_STEP_AMOUNTS, counts.tolist())):
        what = f"my_iterations[{index}] (step_amount {step_amount})"
        n = expect_whole_number(count, what)
        if n < 1 or n > _MOST_ITERATIONS:
            raise NotYet(f"{what} is {n}: it should be between 1 and {_MOST_ITERATIONS}")
        needed = _iterations_needed(step_amount)
        final_pred = _long_run(step_amount)[n - 1]
        if n < needed:
            message = (
                f"{what}: after {n} iterations final_pred is {final_pred:.6g}, not yet within "
                "1e-9 of 0.8, so more are needed"
            )
            if n == needed - 1:
                message += " (final_pred is the prediction made before the last update)"
            raise NotYet(message)
        if n > needed and _reaches(final_pred):
            raise NotYet(f"{what} gets there, but fewer iterations already do: find the smallest")
        if n > needed:
            raise NotYet(
                f"{what}: after {n} iterations final_pred is {final_pred:.6g}; it reached 0.8 "
                "earlier and has stepped away again: find the first count that gets there"
            )
    return (
        "Right: every step ten times smaller needs about ten times as many iterations. Small "
        "steps can end closer to the goal, but they are slow; big steps are quick, but coarse."
    )


q2 = Exercise(
    key="ch02.q2",
    title="How many iterations?",
    check=_check_iterations,
    hints=[
        "Run `hot_and_cold(0.5, 0.5, 0.8, step_amount, iterations)` for a few numbers of "
        "iterations and look at `.final_pred`.",
        "The chapter's run with step_amount 0.001 needed 1101 iterations. The prediction "
        "starts 0.55 below the goal, and each step moves it by input * step_amount.",
        "0.55 / (0.5 * 0.1) = 11 steps, and `final_pred` is measured before the last update, "
        "so add one iteration. Do the same for the other two.",
    ],
    solution="""# The prediction starts 0.55 below the goal and moves input * step_amount a step;
# final_pred is made before the last update, so it takes one iteration more than steps.
my_iterations = [round(0.55 / (0.5 * step_amount)) + 1 for step_amount in [0.1, 0.01, 0.001]]
""",
)


def _check_predictions(my_predictions):
    counts = expect_shape(my_predictions, (3,), "my_predictions", hint="one count per run")
    counts = [expect_whole_number(count, f"my_predictions[{i}]") for i, count in enumerate(counts)]
    iterations = [_iterations_needed(step_amount) for step_amount in _STEP_AMOUNTS]
    if counts == iterations:
        raise NotYet(
            "my_predictions counts one prediction per iteration: how many times does each "
            "iteration call predict?"
        )
    if counts == [2 * n for n in iterations]:
        raise NotYet(
            "my_predictions counts the two tries, up and down: each iteration also predicts "
            "once more, at the weight itself, to measure its error"
        )
    for index, (count, n) in enumerate(zip(counts, iterations)):
        expect_number(count, 3 * n, f"my_predictions[{index}]", hint="count per iteration")
    return "Right: three predictions for every single step, and most of them are thrown away."


q3 = Exercise(
    key="ch02.q3",
    title="How many predictions?",
    check=_check_predictions,
    hints=[
        "Look at one iteration of the loop and count the predictions it makes.",
        "One prediction measures the error at the weight; then it tries one step up and one "
        "step down.",
        "Three predictions per iteration, times the iterations of each run in exercise 2.",
    ],
    solution="""my_predictions = [3 * 12, 3 * 111, 3 * 1101]
""",
)

# ---------------------------------------------------------------------------------------------
# q4: the closest it can get
# ---------------------------------------------------------------------------------------------


@functools.cache
def _errors_with_step_003():
    return tuple(hot_and_cold(0.5, 0.5, 0.8, 0.03, 200).errors)


def _check_best_error(my_best_error):
    errors = _errors_with_step_003()
    best = min(errors)
    if is_number(my_best_error) and not math.isclose(my_best_error, best, rel_tol=1e-6):
        if abs(my_best_error) < 1e-12:
            raise NotYet(
                "my_best_error is too small: the goal needs weight 0.8 / 0.5 = 1.6; starting at "
                "0.5 and moving in steps of 0.03, can the weight ever be exactly 1.6?"
            )
        if any(math.isclose(my_best_error, error, rel_tol=1e-6) for error in errors):
            raise NotYet(
                "my_best_error is an error the run does reach, but not its smallest: look at "
                "both weights either side of 1.6 and see which is closer"
            )
    expect_number(
        my_best_error,
        best,
        "my_best_error",
        hint="which weights can 0.5 plus whole steps of 0.03 reach near 1.6?",
    )
    return (
        "Right: in steps of 0.03 from 0.5 the weight can be 1.58 or 1.61, never 1.6, so it "
        "zig-zags between those two for ever and the error never gets any smaller."
    )


q4 = Exercise(
    key="ch02.q4",
    title="The closest it can get",
    check=_check_best_error,
    hints=[
        "Run `hot_and_cold(0.5, 0.5, 0.8, 0.03, 200)` and look at its errors, or reason it out: "
        "which weights can it reach at all?",
        "The weight is always 0.5 plus a whole number of steps of 0.03. The goal needs "
        "0.8 / 0.5 = 1.6. Which reachable weights lie either side of 1.6?",
        "1.58 and 1.61 are the nearest; predict with each and keep the smaller squared error "
        "(or take `min(...)` of the run's errors).",
    ],
    solution="""my_best_error = min(hot_and_cold(0.5, 0.5, 0.8, 0.03, 200).errors)
""",
)
