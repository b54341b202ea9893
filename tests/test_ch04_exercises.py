"""Chapter 4's exercises: answers no listed mistake explains, and what each answer means.
(Every listed mistake, the solution and the blank are tested in test_exercises.py.)"""

import numpy as np
from exercise_helpers import assert_not_yet, check_exercise

from tinynn import contraction_factor, learn
from tinynn.exercises import ch04


def test_q1_the_edge_for_input_2():
    edge = check_exercise(ch04.q1, wrong=[(0.1, "too small"), (2.0, "too big")])
    # At the edge the error neither shrinks nor grows; just above, it grows.
    errors = learn(2, 0.8, 0.5, alpha=edge, iterations=50).errors
    assert max(errors) / min(errors) < 1 + 1e-9
    assert learn(2, 0.8, 0.5, alpha=edge * 1.01, iterations=50).errors[-1] > errors[-1]


def test_q2_one_step_for_input_half():
    alpha = check_exercise(ch04.q2, wrong=[(3.9, "too small")])
    history = learn(0.5, 0.8, 0.5, alpha=alpha, iterations=3)
    assert history.errors[0] > 0
    assert history.errors[1:] == [0.0, 0.0]  # on the goal after one step


def test_q3_will_it_diverge():
    def alpha_alone(input, alpha):
        return alpha > 1

    def factor_not_verdict(input, alpha):
        return 1 - alpha * input**2

    verdict = check_exercise(
        ch04.q3,
        wrong=[
            (alpha_alone, ("(2.0, 1.0) returned False", "its errors grow")),
            (factor_not_verdict, ("return True or False",)),
        ],
    )
    # Its verdict matches what learning really does over a long run.
    for input, alpha in [(2.0, 0.51), (0.5, 9.0), (2.0, 0.4), (3.0, 0.2)]:
        run = learn(input, 0.8, 0.5, alpha=alpha, iterations=2000)
        assert verdict(input, alpha) == run.diverged


def test_q3_running_learn_misses_the_slow_divergence_and_the_message_says_why():
    assert not learn(2.0, 0.8, 0.5, alpha=0.51).diverged  # 20 iterations can't see it
    assert contraction_factor(2.0, 0.51) < -1  # the factor can
    result = assert_not_yet(
        ch04.q3,
        lambda input, alpha: learn(input, 0.8, 0.5, alpha=alpha).diverged,
        "(2.0, 0.51)",
        "slow divergence",
    )
    assert "Kernel" not in result.message


def test_q3_a_huge_return_value_is_cut_short():
    result = assert_not_yet(ch04.q3, lambda input, alpha: list(range(10**6)))
    assert len(result.message) < 300


def test_q4_error_ratio():
    ratio = check_exercise(ch04.q4, wrong=[(0.5, "too big"), (0.1, "too small")])
    errors = learn(2, 0.8, 0.5, alpha=0.1, iterations=5).errors
    assert np.allclose([b / a for a, b in zip(errors, errors[1:])], ratio)
