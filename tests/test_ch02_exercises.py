"""Chapter 2's exercises: answers no listed mistake explains, and what each answer means.
(Every listed mistake, the solution and the blank are tested in test_exercises.py.)"""

import math

from exercise_helpers import assert_correct, assert_not_yet, check_exercise

from tinynn import hot_and_cold, hot_and_cold_step
from tinynn.exercises import ch02


def my_step_too_far(input, goal_pred, weight, step_amount):
    return hot_and_cold_step(input, goal_pred, weight, 2 * step_amount)


def my_step_nan(input, goal_pred, weight, step_amount):
    return float("nan")


def test_q1_one_step_of_hot_and_cold():
    check_exercise(
        ch02.q1,
        wrong=[
            (my_step_too_far, ("(0.5, 0.8, 0.5, 0.1) is too big", "the try up misses by less")),
            (my_step_nan, ("returned NaN", "0/0")),
        ],
    )


def test_q1_nan_is_named_as_nan_not_as_a_move():
    result = assert_not_yet(ch02.q1, my_step_nan)
    assert "moved the weight by nan" not in result.message


def test_q2_iterations_for_each_step_amount():
    counts = check_exercise(
        ch02.q2,
        wrong=[
            ([12, 111], "3 numbers"),
            ([12, 111, 1000], ("step_amount 0.001", "more are needed")),
            ([12, 200, 1101], ("step_amount 0.01", "find the first count")),
            ([12.5, 111, 1101], "whole number"),
        ],
    )
    for step_amount, n in zip((0.1, 0.01, 0.001), counts):
        assert abs(hot_and_cold(0.5, 0.8, 0.5, step_amount, n).final_pred - 0.8) < 1e-9
        assert abs(hot_and_cold(0.5, 0.8, 0.5, step_amount, n - 1).final_pred - 0.8) >= 1e-9
    assert counts[2] == 1101  # the chapter's (and the book's) run


def test_q3_predictions():
    check_exercise(ch02.q3, wrong=[([36, 333, 3000], "is too small")])


def test_q4_the_closest_it_can_get():
    best = check_exercise(ch02.q4, wrong=[(1.0, "is too big")])
    # It is the error of 1.61, the nearest reachable weight: 0.5 plus 37 steps of 0.03.
    assert math.isclose(best, (0.5 * 1.61 - 0.8) ** 2, rel_tol=1e-9)
    assert_correct(ch02.q4, (0.5 * 1.61 - 0.8) ** 2)
