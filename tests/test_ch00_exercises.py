"""The welcome's warm-up exercise: its solution passes, wrong tries say why, the blank is blank."""

from exercise_helpers import assert_correct, assert_raised, check_exercise

from tinynn.exercises import ch00


def test_q1_double():
    check_exercise(
        ch00.q1,
        wrong=[
            (lambda number: number + 2, "added 2"),
            (lambda number: number**2, "squared the number"),
            (lambda number: number, ("(3.0) is too small", "twice 3.0")),
            (lambda number: abs(2 * number), ("(-2.5) has the wrong sign", "negative")),
            (lambda number: 2 * number + 1e-3, "is too big"),
        ],
    )


def test_q1_the_welcome_notebook_tries():
    """The three tries the welcome shows: each gives the outcome its text promises."""

    def first_try(number):
        return number + 2

    def second_try(number):
        return number.double()

    def third_try(number):
        return number + number

    assert "first_try(3.0) added 2" in ch00.q1.evaluate(first_try).message
    assert_raised(ch00.q1, second_try, "second_try(3.0)", "AttributeError")
    assert_correct(ch00.q1, third_try)
