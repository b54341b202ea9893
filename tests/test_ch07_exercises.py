"""Chapter 7's exercises: answers no listed mistake explains, and what each answer means.
(Every listed mistake, the solution and the blank are tested in test_exercises.py.)"""

import numpy as np
import pytest
from exercise_helpers import assert_correct, assert_not_yet, assert_raised, check_exercise

from tinynn import accuracy, forward, init_weights, pixel_pushes, split_digits, train_hidden
from tinynn.exercises import ch07

# ---------------------------------------------------------------------------------------------
# The chapter's split and network, which the checks and the widget use
# ---------------------------------------------------------------------------------------------


def test_the_split_is_the_chapters_and_keeps_its_promise():
    digits = ch07.chapter_digits()
    split = dict(
        zip(["train_inputs", "train_labels", "test_inputs", "test_labels"], split_digits())
    )
    for name, array in split.items():
        assert np.array_equal(digits[name], array)
    weights = digits["weights_0_1"], digits["weights_1_2"]
    # the chapter's 0.988 (494 of 500), and at least the 97% it promises
    assert accuracy(digits["test_inputs"], digits["test_labels"], *weights) == 494 / 500


def test_chapter_digits_hands_out_copies():
    first = ch07.chapter_digits()
    first["weights_0_1"][:] = 0
    first["test_labels"][:] = 0
    second = ch07.chapter_digits()
    assert np.abs(second["weights_0_1"]).sum() > 0 and second["test_labels"].any()


# ---------------------------------------------------------------------------------------------
# q1: read the answer
# ---------------------------------------------------------------------------------------------


def test_q1_read_the_answer():
    digit = check_exercise(
        ch07.q1,
        wrong=[
            (4, "too small"),
            (7, "too big"),
            ([5], "single number"),
            ("5", "should be a number"),
        ],
    )
    assert digit == np.argmax(ch07._Q1_OUTPUTS)
    # The numbers make each mistake give a different answer: the smallest output is not the
    # one furthest from 0 by chance only, and the runner-up is close.
    outputs = np.array(ch07._Q1_OUTPUTS)
    assert len({int(np.argmin(outputs)), digit + 1, int(np.argsort(outputs)[-2]), digit}) == 4


def test_q1_takes_numpys_own_numbers():
    assert_correct(ch07.q1, np.int64(5))
    assert_correct(ch07.q1, np.argmax(np.array(ch07._Q1_OUTPUTS)))


# ---------------------------------------------------------------------------------------------
# q2: read a digit by hand
# ---------------------------------------------------------------------------------------------


def test_q2_read_a_digit_by_hand():
    def returns_the_outputs(pixels, weights_0_1, weights_1_2):
        return np.maximum((pixels / 16).dot(weights_0_1), 0).dot(weights_1_2)

    def weights_the_wrong_way_round(pixels, weights_0_1, weights_1_2):
        return int(np.argmax(pixels.dot(weights_1_2)))

    read_digit = check_exercise(
        ch07.q2, wrong=[(returns_the_outputs, ("array of shape (10,)", "single number"))]
    )
    assert_raised(ch07.q2, weights_the_wrong_way_round, "ValueError", "not aligned")
    # What the answer means: the digit the chapter's `forward` says.
    for picture in ch07._Q2_PICTURES:
        _, layer_2 = forward(picture / 16, *ch07._Q2_WEIGHTS)
        assert read_digit(picture, *ch07._Q2_WEIGHTS) == np.argmax(layer_2)


def test_q2_the_cases_tell_every_mistake_from_the_right_answer():
    cases = [case.args for case in ch07.q2.cases]
    right = [ch07._read_digit(*args) for args in cases]
    answers = {"right": right}
    for mistake in ch07.q2.mistakes:
        answers[mistake.message[:20]] = [mistake.wrong(*args) for args in cases]
    for name, given in answers.items():
        if name != "right":
            assert given != right, name
    assert len({tuple(given) for given in answers.values()}) == len(answers)
    assert len(set(right)) > 1  # the network doesn't say the same digit for every picture


def test_q2_dividing_by_16_or_not_gives_the_same_digit_and_is_accepted():
    """No biases: dividing every input by 16 divides every output by 16, the biggest stays."""

    def without_dividing(pixels, weights_0_1, weights_1_2):
        layer_1 = np.maximum(pixels.dot(weights_0_1), 0)
        return int(np.argmax(layer_1.dot(weights_1_2)))

    result = assert_correct(ch07.q2, without_dividing)
    assert "divide by 16" in result.message


def test_q2_works_on_the_chapters_network():
    digits = ch07.chapter_digits()
    weights = digits["weights_0_1"], digits["weights_1_2"]
    first = digits["train_inputs"][0] * 16  # the exercise reads pixels from 0 to 16
    assert ch07._read_digit(first, *weights) == digits["train_labels"][0]
    thin_8 = digits["test_inputs"][439] * 16  # the thin 8 of section 12
    assert ch07._read_digit(thin_8, *weights) == 1


# ---------------------------------------------------------------------------------------------
# q3: which pixel made it say 5
# ---------------------------------------------------------------------------------------------


def test_q3_the_push_of_the_pixel_that_made_it_say_5():
    push = check_exercise(
        ch07.q3,
        wrong=[
            (0.2, "isn't that pixel's push yet"),
            (0.38, "three decimals"),
            (-0.5, "not above 0"),
            ((3, 2), "a pair"),
            ("0.377", "should be a number"),
        ],
    )
    pixel = ch07.Q3_PIXEL
    digits = ch07.chapter_digits()
    pushes = pixel_pushes(digits["test_inputs"][478], digits["weights_0_1"], digits["weights_1_2"])
    toward_5 = pushes[:, 5] - pushes[:, 6]
    assert push == toward_5[8 * pixel[0] + pixel[1]] == toward_5.max()
    assert_correct(ch07.q3, round(push, 3))


def test_q3_the_picture_is_a_6_read_as_a_5():
    digits = ch07.chapter_digits()
    _, layer_2 = forward(
        digits["test_inputs"][ch07.Q3_TEST_DIGIT], digits["weights_0_1"], digits["weights_1_2"]
    )
    assert digits["test_labels"][ch07.Q3_TEST_DIGIT] == 6 and np.argmax(layer_2) == 5


def test_q3_the_answer_is_the_pixel_whose_nudge_moves_5_over_6_most():
    """An independent computation: for this picture the network is a weighted sum of its pixels
    (the active units don't change for a tiny nudge), so a pixel's push is the pixel times the
    slope of (output 5 - output 6) with respect to that pixel, measured by nudging it."""
    digits = ch07.chapter_digits()
    layer_0 = digits["test_inputs"][ch07.Q3_TEST_DIGIT]
    weights = digits["weights_0_1"], digits["weights_1_2"]

    def margin(picture):
        _, layer_2 = forward(picture, *weights)
        return layer_2[5] - layer_2[6]

    pushes = np.zeros(64)
    for i in range(64):
        up, down = layer_0.copy(), layer_0.copy()
        up[i] += 1e-6
        down[i] -= 1e-6
        pushes[i] = layer_0[i] * (margin(up) - margin(down)) / 2e-6
    assert np.isclose(pushes.sum(), margin(layer_0))  # the pushes add up to the margin
    assert divmod(int(np.argmax(pushes)), 8) == ch07.Q3_PIXEL
    assert np.isclose(pushes.max(), ch07._q3_answer(), rtol=1e-4)
    biggest, second = np.sort(pushes)[::-1][:2]
    assert biggest > 1.5 * second  # a clear answer, not a near tie


def test_q3_never_gives_the_push_away():
    for wrong in [0.2, 0.5, 0.38, (3, 3), 26]:
        message = assert_not_yet(ch07.q3, wrong).message
        assert "0.37" not in message and "(3, 2)" not in message


# ---------------------------------------------------------------------------------------------
# q4: 97% in ten passes
# ---------------------------------------------------------------------------------------------


def settings(hidden_size=128, alpha=0.1, iterations=10, batch_size=1):
    return {
        "hidden_size": hidden_size,
        "alpha": alpha,
        "iterations": iterations,
        "batch_size": batch_size,
    }


def test_q4_settings_that_are_not_settings():
    check_exercise(
        ch07.q4,
        wrong=[
            ((128, 0.1, 10, 1), "should be a dict"),
            ({**settings(), "alpha": ...}, "still has a `...`"),
            ({"hidden_size": 128, "alpha": 0.1, "iterations": 10}, "it has no batch_size"),
            ({**settings(), "seed": 2}, "seed is not one of the settings"),
            (settings(hidden_size=0), "hidden_size should be a whole number from 1"),
            (settings(hidden_size=5000), "takes longer to train than this check allows"),
            (settings(hidden_size=12.5), "hidden_size should be a whole number"),
            (settings(alpha=-0.1), "alpha should be a number above 0"),
            (settings(alpha="0.1"), "alpha should be a number above 0"),
            (settings(iterations=0), "iterations should be a whole number"),
            (settings(iterations=11), "at most 10 passes"),
            (settings(batch_size=2000), "batch_size should be a whole number"),
        ],
    )


def test_q4_settings_that_fall_short_say_why():
    assert_not_yet(
        ch07.q4, settings(alpha=0.3, batch_size=32), "test accuracy 0.966", "still learning"
    )
    assert_not_yet(ch07.q4, settings(alpha=1.0, batch_size=8), "dead", "smaller alpha")
    assert_not_yet(ch07.q4, settings(alpha=0.01, iterations=2), "still learning")


def test_q4_right_settings_report_the_accuracy_they_reach():
    """What the check reports is the test accuracy the chapter's way of training reaches,
    worked out here independently of the check."""
    digits = ch07.chapter_digits()
    start = init_weights(64, 128, 10, seed=1, scale=0.1)
    goal_preds = np.eye(10)[digits["train_labels"]]
    history = train_hidden(
        digits["train_inputs"], goal_preds, *start, alpha=0.3, iterations=10, batch_size=8
    )
    reached = accuracy(digits["test_inputs"], digits["test_labels"], *history.final_weights)
    assert reached >= 0.97
    result = assert_correct(ch07.q4, settings(alpha=0.3, batch_size=8))
    assert f"test accuracy {reached:.3f}" in result.message


@pytest.mark.parametrize("hidden_size", [16, 1000])
def test_q4_the_check_finishes_for_any_size_it_allows(hidden_size):
    result = ch07.q4.evaluate(settings(hidden_size=hidden_size))
    assert result.outcome in ("correct", "not_yet"), result.text()
