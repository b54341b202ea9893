"""Chapter 0's warm-up: wrong answers no listed mistake explains still get a useful "not yet".
(Every listed mistake, the solution and the blank are tested in test_exercises.py.)"""

from exercise_helpers import check_exercise

from tinynn.exercises import ch00


def my_double_in_thirds(number):
    return number * 3


def my_double_positive_only(number):
    return abs(number) * 2


def test_q1_double():
    check_exercise(
        ch00.q1,
        wrong=[
            (my_double_in_thirds, ("my_double_in_thirds(3.0) is too big", "3.0 + 3.0")),
            (my_double_positive_only, ("(-2.5) has the wrong sign", "negative numbers double")),
        ],
    )
