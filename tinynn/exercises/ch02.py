"""Exercises for chapter 2: hot and cold."""

import functools
import math

import tinynn
from tinynn import learning
from tinynn.exercises import (
    Case,
    Exercise,
    Mistake,
    NotYet,
    expect_shape,
    expect_whole_number,
)

# ---------------------------------------------------------------------------------------------
# q1: one step of hot and cold
# ---------------------------------------------------------------------------------------------


def _errors(input, goal_pred, weight, step_amount, up=None, down=None):
    """The squared errors of the two tries, a step up and a step down."""
    up = step_amount if up is None else up
    down = step_amount if down is None else down
    return (input * (weight + up) - goal_pred) ** 2, (input * (weight - down) - goal_pred) ** 2


def _stays_unless_down(input, goal_pred, weight, step_amount):
    """The source's slip: "up is better" compares the up error with itself, so never moves up."""
    up_error, down_error = _errors(input, goal_pred, weight, step_amount)
    return weight - step_amount if down_error < up_error else weight


def _wrong_way(input, goal_pred, weight, step_amount):
    return 2 * weight - learning.hot_and_cold_step(input, goal_pred, weight, step_amount)


def _by_pred_and_goal(input, goal_pred, weight, step_amount):
    """Up when the prediction is too low, down when too high: wrong for a negative input."""
    pred = input * weight
    if pred < goal_pred:
        return weight + step_amount
    if pred > goal_pred:
        return weight - step_amount
    return weight


def _moves_up_when_tied(input, goal_pred, weight, step_amount):
    up_error, down_error = _errors(input, goal_pred, weight, step_amount)
    return weight - step_amount if down_error < up_error else weight + step_amount


def _moves_down_when_tied(input, goal_pred, weight, step_amount):
    up_error, down_error = _errors(input, goal_pred, weight, step_amount)
    return weight + step_amount if up_error < down_error else weight - step_amount


def _smaller_step_down(input, goal_pred, weight, step_amount):
    """The source's other slip: a try up by step_amount, a try down by a tenth of it."""
    up_error, down_error = _errors(input, goal_pred, weight, step_amount, down=step_amount / 10)
    if down_error < up_error:
        return weight - step_amount / 10
    if down_error > up_error:
        return weight + step_amount
    return weight


q1 = Exercise(
    key="ch02.q1",
    title="One step of hot and cold",
    answer="my_hot_and_cold_step",
    expect=learning.hot_and_cold_step,
    cases=[
        Case(0.5, 0.8, 0.5, 0.1, note="here the try up misses by less"),
        Case(0.5, 0.2, 1.0, 0.1, note="here the try down misses by less"),
        Case(
            -2.0,
            1.0,
            0.0,
            0.25,
            note="with a negative input, a bigger weight gives a smaller prediction",
        ),
        Case(0.0, 0.8, 0.5, 0.1, note="with input 0 both tries miss by the same"),
    ],
    mistakes=[
        Mistake(
            lambda input, goal_pred, weight, step_amount: weight,
            "{call} left the weight where it was, though one try misses by less: can the "
            "comparisons that move the weight ever be true?",
        ),
        Mistake(
            _stays_unless_down,
            "{call} left the weight where it was, though the try up misses by less: can the "
            "comparison that moves the weight up ever be true? (Compare up_error with "
            "down_error, not with itself.)",
        ),
        Mistake(_wrong_way, "{call} went the wrong way: keep the try whose error is smaller"),
        Mistake(
            _by_pred_and_goal,
            "{call} went the wrong way: with a negative input, a bigger weight gives a smaller "
            "prediction. Compare the errors of the two tries, not pred with goal_pred",
        ),
        Mistake(
            _moves_up_when_tied,
            "{call} moved the weight, but with input 0 both tries miss by the same: when "
            "neither is better, leave the weight where it is",
        ),
        Mistake(
            _moves_down_when_tied,
            "{call} moved the weight, but with input 0 both tries miss by the same: when "
            "neither is better, leave the weight where it is",
        ),
        Mistake(
            _smaller_step_down,
            "{call} tried steps of different sizes up and down: both tries must be exactly "
            "step_amount from the weight, so that only the direction differs",
        ),
    ],
    library=tinynn.hot_and_cold_step,
    praise="Right: try both ways, keep the better one, and stay put when neither is better.",
    hints=[
        "Predict twice: once with `weight + step_amount`, once with `weight - step_amount`, and "
        "work out the squared error of each.",
        "Return the weight that goes with the smaller error. If the two errors are equal, return "
        "the weight unchanged.",
        "Compare `down_error < up_error` and `down_error > up_error`: two different tests, each "
        "comparing the two errors with each other.",
    ],
    solution="""def my_hot_and_cold_step(input, goal_pred, weight, step_amount):
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
    return tuple(learning.hot_and_cold(0.5, 0.8, 0.5, step_amount, _MOST_ITERATIONS).preds)


def _reaches(pred):
    return abs(pred - 0.8) < 1e-9


def _iterations_needed(step_amount):
    preds = _long_run(step_amount)
    return next(n for n in range(1, len(preds) + 1) if _reaches(preds[n - 1]))


def _needed():
    return [_iterations_needed(step_amount) for step_amount in _STEP_AMOUNTS]


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
            raise NotYet(
                f"{what}: after {n} iterations final_pred is {final_pred:.6g}, not yet within "
                "1e-9 of 0.8, so more are needed"
            )
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
    answer="my_iterations",
    mistakes=[
        Mistake(
            lambda answer: list(answer) == [n - 1 for n in _needed()],
            "{name} counts the steps the prediction needs (0.55 / (0.5 * step_amount)), but "
            "final_pred is the prediction made before the last update: one more iteration each",
            example=[11, 110, 1100],
        ),
    ],
    check=_check_iterations,
    hints=[
        "Run `hot_and_cold(0.5, 0.8, 0.5, step_amount, iterations)` for a few numbers of "
        "iterations and look at `.final_pred`.",
        "The chapter's run with step_amount 0.001 needed 1101 iterations. The prediction starts "
        "0.55 below the goal, and each step moves it by input * step_amount.",
        "0.55 / (0.5 * 0.1) = 11 steps, and `final_pred` is measured before the last update, so "
        "add one iteration. Do the same for the other two.",
    ],
    solution="""# The prediction starts 0.55 below the goal and moves input * step_amount a step;
# final_pred is made before the last update, so it takes one iteration more than steps.
my_iterations = [round(0.55 / (0.5 * step_amount)) + 1 for step_amount in [0.1, 0.01, 0.001]]
""",
)

q3 = Exercise(
    key="ch02.q3",
    title="How many predictions?",
    answer="my_predictions",
    expect=lambda: [3 * n for n in _needed()],
    mistakes=[
        Mistake(
            lambda answer: list(answer) == _needed(),
            "{name} counts one prediction per iteration: how many times does each iteration "
            "call predict?",
            example=[12, 111, 1101],
        ),
        Mistake(
            lambda answer: list(answer) == [2 * n for n in _needed()],
            "{name} counts the two tries, up and down: each iteration also predicts once more, "
            "at the weight itself, to measure its error",
            example=[24, 222, 2202],
        ),
        Mistake(
            lambda answer: list(answer) == [3 * (n - 1) for n in _needed()],
            "{name} counts three predictions per step, but there is one more iteration than "
            "steps (exercise 2): count per iteration",
            example=[33, 330, 3300],
        ),
    ],
    praise="Right: three predictions for every single step, and most of them are thrown away.",
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
def _run_with_step_003():
    return learning.hot_and_cold(0.5, 0.8, 0.5, 0.03, 200)


def _best_error():
    return min(_run_with_step_003().errors)


def _best_miss():
    return min(abs(pred - 0.8) for pred in _run_with_step_003().preds)


q4 = Exercise(
    key="ch02.q4",
    title="The closest it can get",
    answer="my_best_error",
    expect=_best_error,
    mistakes=[
        Mistake(
            lambda answer: abs(answer) < 1e-12,
            "{name} is too small: the goal needs weight 0.8 / 0.5 = 1.6; starting at 0.5 and "
            "moving in steps of 0.03, can the weight ever be exactly 1.6?",
            example=0.0,
        ),
        Mistake(
            lambda answer: math.isclose(answer, _best_miss(), rel_tol=1e-6),
            "{name} looks like the smallest miss, abs(pred - goal_pred): the error is the miss "
            "squared",
            example=_best_miss(),
        ),
        Mistake(
            lambda answer: (
                any(
                    math.isclose(answer, error, rel_tol=1e-6)
                    for error in _run_with_step_003().errors
                )
                and not math.isclose(answer, _best_error(), rel_tol=1e-6)
            ),
            "{name} is an error the run does reach, but not its smallest: look at both weights "
            "either side of 1.6 and see which is closer",
            example=_run_with_step_003().errors[0],
        ),
    ],
    praise=(
        "Right: in steps of 0.03 from 0.5 the weight can be 1.58 or 1.61, never 1.6, so it "
        "zig-zags between those two for ever and the error never gets any smaller."
    ),
    hints=[
        "Run `hot_and_cold(0.5, 0.8, 0.5, 0.03, 200)` and look at its errors, or reason it out: "
        "which weights can it reach at all?",
        "The weight is always 0.5 plus a whole number of steps of 0.03. The goal needs "
        "0.8 / 0.5 = 1.6. Which reachable weights lie either side of 1.6?",
        "1.58 and 1.61 are the nearest; predict with each and keep the smaller squared error "
        "(or take `min(...)` of the run's errors).",
    ],
    solution="""my_best_error = min(hot_and_cold(0.5, 0.8, 0.5, 0.03, 200).errors)
""",
)
