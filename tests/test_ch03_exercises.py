"""Chapter 3's exercises: every solution passes, realistic mistakes get a helpful "not yet"."""

from exercise_helpers import assert_correct, assert_not_yet, check_exercise

from tinynn import gradient_descent_step, numerical_derivative
from tinynn.exercises import ch03
from tinynn.gradients import error_slope


def test_q1_weight_delta_for_a_negative_input():
    solution = check_exercise(
        ch03.q1,
        wrong=[
            (-3.6, ("wrong sign", "negative input flips the sign")),  # forgot the reversal
            (-1.8, ("is delta", "multiplies delta by the input")),
            (7.2, ("2 * delta * input", "without the 2")),  # the true slope
            (0.4, "input of +2.0"),  # dropped the input's minus sign
            (3.0, ("too small", "the sign is right")),
            (0.0, ("too small", "flips the sign")),
        ],
    )
    # The answer is the book's weight_delta, worked out independently of the solution's code.
    assert solution == ((-2.0 * 0.5) - 0.8) * -2.0


def test_q1_does_not_give_the_answer_away():
    for wrong in (-3.6, -1.8, 7.2, 0.4, 3.0, 100.0):
        result = assert_not_yet(ch03.q1, wrong)
        assert "3.6" not in result.message


def test_q2_the_slope_of_the_error():
    solution = check_exercise(
        ch03.q2,
        wrong=[
            # Half of it: the exact words the chapter promises.
            (
                -0.15,
                "that's the book's weight_delta, half the slope; the slope of a square has a "
                "factor 2",
            ),
            (0.3, ("wrong sign", "bigger w means a smaller error")),
            (0.09, "the error at w = 1.0, not its slope"),
            (-0.6, "2 * delta, without the input"),
            (-0.29975, ("close", "one direction only")),  # a one-sided nudge of 0.001
        ],
    )
    assert abs(solution - error_slope(0.5, 1.0, 0.8)) < 1e-15


def test_q2_accepts_a_measured_slope():
    measured = numerical_derivative(lambda w: ((0.5 * w) - 0.8) ** 2, 1.0)
    assert measured != error_slope(0.5, 1.0, 0.8)  # not bit for bit the same number...
    assert_correct(ch03.q2, measured)  # ...but right all the same


def my_step_plus(input, weight, goal_pred):
    """Adds weight_delta instead of subtracting it."""
    return weight + (input * weight - goal_pred) * input


def my_step_no_input(input, weight, goal_pred):
    """Steps by delta alone, forgetting the input."""
    return weight - (input * weight - goal_pred)


def my_step_full_slope(input, weight, goal_pred):
    """Steps by the full slope, 2 * delta * input."""
    return weight - 2 * (input * weight - goal_pred) * input


def my_step_returns_delta(input, weight, goal_pred):
    """The source's slip: the new weight set to weight_delta instead of subtracting it."""
    weight_delta = (input * weight - goal_pred) * input
    weight = weight_delta
    return weight


def my_step_abs_input(input, weight, goal_pred):
    """Ignores the reversal: multiplies by the input's size only."""
    return weight - (input * weight - goal_pred) * abs(input)


def my_step_prints(input, weight, goal_pred):
    print(weight - (input * weight - goal_pred) * input)


def test_q3_one_step_of_gradient_descent():
    solution = check_exercise(
        ch03.q3,
        wrong=[
            (my_step_plus, ("(0.5, 0.5, 0.8)", "wrong way", "subtract weight_delta")),
            (my_step_no_input, ("stepped by delta alone", "input of 0 stops")),
            (my_step_full_slope, ("2 * delta * input", "full slope")),
            (my_step_returns_delta, "returned weight_delta itself"),
            (my_step_abs_input, ("(-2.0, 0.5, 0.8)", "wrong sign", "negative input flips")),
            (my_step_prints, "use `return`, not `print`"),
        ],
    )
    for input in (-3.0, -0.5, 0.0, 0.25, 1.0, 4.0):
        for weight in (-1.0, 0.0, 0.5, 2.0):
            assert solution(input, weight, 0.8) == gradient_descent_step(input, weight, 0.8)


def test_q3_names_stopping_when_only_input_zero_is_wrong():
    def moves_at_zero(input, weight, goal_pred):
        if input == 0:
            return weight + 0.1
        return gradient_descent_step(input, weight, goal_pred)

    assert_not_yet(ch03.q3, moves_at_zero, "(0.0, 0.3, 0.8) moved the weight", "input 0")


def test_q3_does_not_misname_a_half_step():
    # With input 0.5 a half step looks like no mistake we know; it must not be called one.
    def half_step(input, weight, goal_pred):
        return weight - 0.5 * (input * weight - goal_pred) * input

    result = assert_not_yet(ch03.q3, half_step, "(0.5, 0.5, 0.8) is too small")
    assert "delta alone" not in result.message and "full slope" not in result.message
