"""Chapter 1's exercises: every solution passes, realistic mistakes get a helpful "not yet"."""

import math

from exercise_helpers import answer_from, assert_correct, assert_not_yet, check_exercise

from tinynn import learn, predict
from tinynn.exercises import ch01


def test_q1_predict():
    check_exercise(
        ch01.q1,
        wrong=[
            (lambda input, weight: input + weight, "added the input and the weight"),
            (lambda input, weight: input, ("(0.5, 2.0)", "gave back the input")),
            (lambda input, weight: weight, "gave back the weight"),
            (lambda input, weight: -input * weight, "wrong sign"),
            (lambda input, weight: input * weight * 2, "(5.0, 1.0) is too big"),
            (lambda input, weight: input / weight, "(0.5, 2.0) is too small"),
        ],
    )


def test_q2_squared_error_by_hand():
    check_exercise(
        ch01.q2,
        wrong=[
            (-4.0, "is negative"),
            (4.0, "now square that miss"),
            (64.0, "subtract first, then square"),
            (6.0, "the prediction itself"),
            (15.0, "is too small"),
            ("16", "should be a number"),
        ],
    )


def test_q3_the_miss_after_ten_epochs():
    history = learn(5, 1.0, 42, alpha=0.01, iterations=10)
    miss = 42 - predict(5, history.final_weights)
    solution = check_exercise(
        ch01.q3,
        wrong=[
            (history.final_error, "looks like history.final_error"),
            (round(history.final_error, 1), "looks like history.final_error"),
            (42 - history.final_pred, "made before the last update"),
            (miss**2, "looks squared"),
            (42 - miss, "the trained network's prediction"),
            (-miss, "wrong sign"),
            (0.12, "after 20 epochs"),
            (3.0, "is too big"),
        ],
    )
    assert solution == miss
    # Rounded to four significant digits is still right.
    assert_correct(ch01.q3, float(f"{miss:.4g}"))


def test_q4_epochs_until_the_error_is_below_a_thousandth():
    epochs = check_exercise(
        ch01.q4,
        wrong=[
            (10, ("my_epochs = 10", "not below 0.001 yet", "more epochs")),
            (40, "fewer epochs already get there"),
            (2.5, "whole number"),
            (0, "at least 1"),
            (10**9, "far more than needed"),
            ("26", "should be a number"),
        ],
    )
    # The answer really is the first epoch count whose last error is below 0.001.
    assert learn(5, 1.0, 42, alpha=0.01, iterations=epochs).final_error < 0.001
    assert learn(5, 1.0, 42, alpha=0.01, iterations=epochs - 1).final_error >= 0.001
    # One short: the message explains the off-by-one without giving the number away.
    result = assert_not_yet(ch01.q4, epochs - 1, "before it learns")
    assert str(epochs) not in result.message
    assert_correct(ch01.q4, float(epochs))


def test_q4_remark_names_the_factor_the_errors_really_shrink_by():
    errors = learn(5, 1.0, 42, alpha=0.01, iterations=30).errors
    assert all(math.isclose(b / a, 0.5625) for a, b in zip(errors, errors[1:]))
    assert "0.5625" in assert_correct(ch01.q4, answer_from(ch01.q4.source)).message
