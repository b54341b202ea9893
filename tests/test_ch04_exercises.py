"""Chapter 4's exercises: every solution passes, realistic mistakes get a helpful "not yet"."""

import numpy as np
from exercise_helpers import assert_correct, assert_not_yet, check_exercise

from tinynn import learn
from tinynn.exercises import ch04


def test_q1_the_edge_for_input_2():
    solution = check_exercise(
        ch04.q1,
        wrong=[
            (0.25, ("factor 0", "lands in one step")),  # the one-step alpha
            (1.0, "2 / input"),  # forgot to square the input
            (0.49, ("still converges", "exactly -1")),  # "the largest that converges", roughly
            (0.1, "too small"),  # the chapter's alpha: converges, but isn't the edge
            (2.0, "too big"),
        ],
    )
    # At the edge the error neither shrinks nor grows; just above, it grows.
    errors = learn(2, 0.5, 0.8, alpha=solution, iterations=50).errors
    assert max(errors) / min(errors) < 1 + 1e-9
    assert learn(2, 0.5, 0.8, alpha=solution * 1.01, iterations=50).errors[-1] > errors[-1]


def test_q2_one_step_for_input_half():
    solution = check_exercise(
        ch04.q2,
        wrong=[
            (0.25, "is input**2"),
            (2.0, "1 / input"),
            (8.0, ("the edge", "factor of 0")),
            (1.0, ("chapter 3's plain step", "many steps")),
            (3.9, "too small"),
        ],
    )
    history = learn(0.5, 0.5, 0.8, alpha=solution, iterations=3)
    assert history.errors[0] > 0
    assert history.errors[1:] == [0.0, 0.0]  # on the goal after one step


def diverges_no_square(input, alpha):
    """Forgets to square the input."""
    return alpha * input > 2


def diverges_at_the_edge(input, alpha):
    """Counts oscillating forever (factor exactly -1) as diverging."""
    return 1 - alpha * input**2 <= -1


def diverges_if_negative(input, alpha):
    """Takes any zig-zag (negative factor) for divergence."""
    return 1 - alpha * input**2 < 0


def diverges_if_alpha_big(input, alpha):
    """Looks at alpha alone."""
    return alpha > 1


def factor_not_verdict(input, alpha):
    """Returns the factor instead of True/False."""
    return 1 - alpha * input**2


def diverges_positive_inputs_only(input, alpha):
    """Thinks a negative input reverses the step and so can't diverge."""
    return input > 0 and alpha * input**2 > 2


def test_q3_will_it_diverge():
    solution = check_exercise(
        ch04.q3,
        wrong=[
            (diverges_no_square, ("diverges_no_square(2.0, 1.0)", "does diverge")),
            (diverges_at_the_edge, ("(2.0, 0.5)", "doesn't diverge", "exactly -1")),
            (diverges_if_negative, ("(2.0, 0.4)", "doesn't diverge", "flips sign")),
            (diverges_if_alpha_big, ("(2.0, 1.0)", "does diverge")),
            (factor_not_verdict, ("returned 0.6", "True (diverges) or False")),
            (diverges_positive_inputs_only, ("(-3.0, 0.3)", "negative input, squared")),
        ],
    )
    # The solution agrees with what learning actually does, on a grid of inputs and alphas
    # (skipping the edge itself, where 60 steps can't tell growing from not growing).
    for input in np.linspace(-3, 3, 13):
        for alpha in (0.05, 0.1, 0.2, 0.3, 0.45, 0.7, 1.0, 2.0, 5.0):
            if abs(alpha * input**2 - 2) < 0.2:
                continue
            errors = learn(float(input), 0.5, 0.8, alpha=alpha, iterations=60).errors
            grows = errors[-1] > errors[0]
            assert solution(float(input), alpha) == grows, (input, alpha)


def test_q3_accepts_numpy_booleans():
    assert_correct(ch04.q3, lambda input, alpha: np.abs(1 - alpha * np.square(input)) > 1)


def test_q4_how_fast_the_error_falls():
    solution = check_exercise(
        ch04.q4,
        wrong=[
            (0.6, ("how the miss", "the miss squared")),  # the factor itself
            (0.4, "alpha * input**2"),
            (-0.6, "negative"),
            (1 / 0.36, "old error / new error"),
            (0.3, "too small"),
        ],
    )
    history = learn(2, 0.5, 0.8, alpha=0.1, iterations=20)
    ratios = [after / before for before, after in zip(history.errors, history.errors[1:])]
    assert all(abs(ratio - solution) < 1e-6 for ratio in ratios)


def test_not_yet_messages_never_show_the_answers():
    for exercise, answer, wrongs in [
        (ch04.q1, "0.5", (0.25, 1.0, 0.49, 0.1, 2.0)),
        (ch04.q2, "4.0", (0.25, 2.0, 8.0, 1.0, 3.9)),
        (ch04.q4, "0.36", (0.6, 0.4, -0.6, 0.3)),
    ]:
        for wrong in wrongs:
            message = assert_not_yet(exercise, wrong).message
            assert f" {answer}" not in message and f"={answer}" not in message, message
