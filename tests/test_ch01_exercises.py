"""Chapter 1's exercises: answers no listed mistake explains, and what each answer means.
(Every listed mistake, the solution and the blank are tested in test_exercises.py.)"""

import math

from exercise_helpers import answer_from, assert_correct, assert_not_yet, check_exercise

from tinynn import learn, predict
from tinynn.exercises import ch01


def test_q1_predict():
    check_exercise(
        ch01.q1,
        wrong=[
            (lambda input, weight: -input * weight, "wrong sign"),
            (lambda input, weight: input * weight * 2, "(5.0, 1.0) is too big"),
            (lambda input, weight: input - weight, "(5.0, 1.0) is too small"),
        ],
    )


def test_q1_a_rounded_prediction_no_longer_passes():
    assert_not_yet(ch01.q1, lambda input, weight: round(input * weight), "rounded the prediction")


def test_q2_squared_error_by_hand():
    check_exercise(ch01.q2, wrong=[(15.0, "is too small"), ("16", "should be a number")])
    # `(6 - 10)^2` in Python really is -2: the message explains the operator.
    assert (6 - 10) ^ 2 == -2
    assert_not_yet(ch01.q2, (6 - 10) ^ 2, "`^` is not a power", "`**`")


def test_q3_the_miss_after_ten_iterations():
    history = learn(5, 42, 1.0, alpha=0.01, iterations=10)
    miss = 42 - predict(5, history.final_weights)
    solution = check_exercise(
        ch01.q3,
        wrong=[
            (round(history.final_error, 1), "looks like history.final_error"),
            (-miss, "wrong sign"),
            (3.0, "is too big"),
        ],
    )
    assert solution == miss
    assert_correct(ch01.q3, float(f"{miss:.4g}"))  # four significant digits are enough


def test_q4_iterations_until_the_error_is_below_a_thousandth():
    iterations = check_exercise(
        ch01.q4,
        wrong=[
            (10, ("my_iterations = 10", "not below 0.001 yet", "more iterations")),
            (40, "fewer iterations already get there"),
            (2.5, "whole number"),
            (0, "at least 1"),
            (10**9, "far more than needed"),
            ("26", "should be a number"),
        ],
    )
    # The answer really is the first count whose last error is below 0.001.
    assert learn(5, 42, 1.0, alpha=0.01, iterations=iterations).final_error < 0.001
    assert learn(5, 42, 1.0, alpha=0.01, iterations=iterations - 1).final_error >= 0.001
    # One short: the message explains the off-by-one without giving the number away.
    result = assert_not_yet(ch01.q4, iterations - 1, "before it learns")
    assert str(iterations) not in result.message
    assert_correct(ch01.q4, float(iterations))


def test_q4_remark_names_the_factor_the_errors_really_shrink_by():
    errors = learn(5, 42, 1.0, alpha=0.01, iterations=30).errors
    assert all(math.isclose(b / a, 0.5625) for a, b in zip(errors, errors[1:]))
    assert "0.5625" in assert_correct(ch01.q4, answer_from(ch01.q4.source)).message
