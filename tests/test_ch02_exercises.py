"""Chapter 2's exercises: every solution passes, realistic mistakes get a helpful "not yet"."""

from exercise_helpers import answer_from, assert_correct, assert_not_yet, check_exercise

from tinynn import hot_and_cold, hot_and_cold_step
from tinynn.exercises import ch02


def step_with_slip(input, weight, goal_pred, step_amount):
    """The blog post's compare: the up test compares the up error with itself."""
    up_error = (input * (weight + step_amount) - goal_pred) ** 2
    down_error = (input * (weight - step_amount) - goal_pred) ** 2
    if down_error < up_error:
        weight = weight - step_amount
    if up_error < up_error:
        weight = weight + step_amount
    return weight


def unequal_steps(input, weight, goal_pred, step_amount):
    """The blog post's other slip: down tries a step ten times smaller than up."""
    up_error = (input * (weight + step_amount) - goal_pred) ** 2
    down_error = (input * (weight - step_amount / 10) - goal_pred) ** 2
    if down_error < up_error:
        return weight - step_amount / 10
    if down_error > up_error:
        return weight + step_amount
    return weight


def by_prediction(input, weight, goal_pred, step_amount):
    """Go up when the prediction is too small: wrong for a negative input."""
    return weight + step_amount if input * weight < goal_pred else weight - step_amount


def if_else(input, weight, goal_pred, step_amount):
    """Right direction, but moves even when neither try is better."""
    up_error = (input * (weight + step_amount) - goal_pred) ** 2
    down_error = (input * (weight - step_amount) - goal_pred) ** 2
    return weight - step_amount if down_error < up_error else weight + step_amount


def no_return(input, weight, goal_pred, step_amount):
    """Works out the new weight and forgets to return it."""
    weight = hot_and_cold_step(input, weight, goal_pred, step_amount)


def test_q1_one_step():
    solution = check_exercise(
        ch02.q1,
        wrong=[
            (step_with_slip, "left the weight where it was"),
            (unequal_steps, ("moved the weight by 0.01", "exactly step_amount")),
            (by_prediction, ("(-2.0, 0.0, 1.0, 0.25) went the wrong way", "negative input")),
            (if_else, ("(0.0, 0.5, 0.8, 0.1) moved the weight", "leave the weight")),
            (lambda input, weight, goal_pred, step_amount: weight + step_amount, "wrong way"),
            (no_return, "forget `return`"),
        ],
    )
    # The solution agrees with the library on many cases, ties included.
    for case in [(0.5, 0.5, 0.8, 0.001), (8.5, 0.1, 1.0, 0.01), (-3.0, 2.0, -1.0, 0.5)]:
        assert solution(*case) == hot_and_cold_step(*case)


def test_q2_iterations_for_three_step_sizes():
    counts = check_exercise(
        ch02.q2,
        wrong=[
            ([11, 110, 1100], ("my_iterations[0] (step_amount 0.1)", "before the last update")),
            ([13, 112, 1102], "stepped away again"),
            ([14, 111, 1101], "fewer iterations already do"),
            ([5, 111, 1101], ("after 5 iterations", "more are needed")),
            ([12, 111], "it should be 3 numbers"),
            ([12, ..., ...], "still has a `...`"),
            ([12.5, 111, 1101], "whole number"),
            ([12, 111, 10**6], "between 1 and"),
        ],
    )
    # Each count is really the first that gets within 1e-9 of 0.8, and one fewer isn't.
    for step_amount, n in zip([0.1, 0.01, 0.001], counts):
        assert abs(hot_and_cold(0.5, 0.5, 0.8, step_amount, n).final_pred - 0.8) < 1e-9
        assert abs(hot_and_cold(0.5, 0.5, 0.8, step_amount, n - 1).final_pred - 0.8) >= 1e-9
    assert counts[2] == 1101  # the chapter's own run, as the book prints it


def test_q3_three_predictions_per_iteration():
    iterations = answer_from(ch02.q2.source)
    predictions = check_exercise(
        ch02.q3,
        wrong=[
            (iterations, "one prediction per iteration"),
            ([2 * n for n in iterations], "the two tries"),
            ([3 * n + 3 for n in iterations], "my_predictions[0] is too big"),
            ([36, 333], "it should be 3 numbers"),
        ],
    )
    assert predictions == [3 * n for n in iterations]


def test_q4_the_closest_a_step_of_003_gets():
    errors = hot_and_cold(0.5, 0.5, 0.8, 0.03, 200).errors
    best = check_exercise(
        ch02.q4,
        wrong=[
            (0.0, ("too small", "exactly 1.6")),
            ((0.5 * 1.58 - 0.8) ** 2, "not its smallest"),
            (errors[0], "not its smallest"),
            (2.4e-5, "is too small"),
            (-best_by_hand(), "wrong sign"),
        ],
    )
    assert best == min(errors)
    # Reasoned by hand, from the nearest reachable weight, it is right too.
    assert_correct(ch02.q4, best_by_hand())
    # Running longer never gets closer: the weight zig-zags between two values.
    assert min(hot_and_cold(0.5, 0.5, 0.8, 0.03, 400).errors) == best


def best_by_hand():
    return (0.5 * 1.61 - 0.8) ** 2


def test_messages_never_state_the_answers():
    for answer in ([11, 110, 1100], [13, 112, 1102]):
        message = assert_not_yet(ch02.q2, answer).message
        assert "1101" not in message and "[12" not in message
    assert "2.5" not in assert_not_yet(ch02.q4, 0.0).message
