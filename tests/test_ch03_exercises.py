"""Chapter 3's exercises: answers no listed mistake explains, and what each answer means.
(Every listed mistake, the solution and the blank are tested in test_exercises.py.)"""

from exercise_helpers import assert_correct, assert_not_yet, check_exercise

from tinynn import error_slope, gradient_descent_step, numerical_derivative
from tinynn.exercises import ch03


def test_q1_weight_delta_for_a_negative_input():
    solution = check_exercise(
        ch03.q1,
        wrong=[
            (3.0, ("too small", "the sign is right")),
            (5.0, ("too big", "the sign is right")),
            (0.0, ("wrong sign", "flips the sign")),
            (-1.0, ("wrong sign", "flips the sign")),
        ],
    )
    assert solution == ((-2.0 * 0.5) - 0.8) * -2.0
    for wrong in (-3.6, -1.8, 7.2, 0.4, 3.0, 100.0):
        assert "3.6" not in assert_not_yet(ch03.q1, wrong).message


def test_q2_the_slope_differs_from_every_wrong_method():
    delta = 1.5 * 1.0 - 0.8
    slope = check_exercise(ch03.q2, wrong=[(-2.1, "wrong sign"), (3.0, "too big")])
    assert abs(slope - error_slope(1.5, 0.8, 1.0)) < 1e-15
    # With input 1.5 no wrong method lands on the slope by luck (with input 0.5, 2 * input
    # is 1 and `delta` would equal the slope).
    for wrong_method in (delta, 2 * delta, delta * 1.5, delta**2):
        assert abs(wrong_method - slope) > 0.1


def test_q2_accepts_a_measured_slope():
    measured = numerical_derivative(lambda w: ((1.5 * w) - 0.8) ** 2, 1.0)
    assert measured != error_slope(1.5, 0.8, 1.0)  # not bit for bit the same number...
    assert_correct(ch03.q2, measured)  # ...but right all the same


def my_step_half(input, goal_pred, weight):
    return weight - 0.5 * (input * weight - goal_pred) * input


def test_q3_one_step_of_gradient_descent():
    solution = check_exercise(
        ch03.q3,
        wrong=[(my_step_half, "(0.5, 0.8, 0.5) is too small")],
    )
    for input in (-3.0, -0.5, 0.0, 0.25, 1.0, 4.0):
        for weight in (-1.0, 0.0, 0.5, 2.0):
            assert solution(input, 0.8, weight) == gradient_descent_step(input, 0.8, weight)


def test_q3_subtracting_with_delta_written_backwards_is_named_fairly():
    def backwards(input, goal_pred, weight):
        delta = goal_pred - input * weight
        return weight - delta * input

    result = assert_not_yet(ch03.q3, backwards, "wrong way", "goal_pred - pred")
    assert "you added" not in result.message


def test_q3_moving_only_at_input_zero_is_named():
    def moves_at_zero(input, goal_pred, weight):
        if input == 0:
            return weight + 0.1
        return gradient_descent_step(input, goal_pred, weight)

    assert_not_yet(ch03.q3, moves_at_zero, "(0.0, 0.8, 0.3)", "input 0", "should stay")
