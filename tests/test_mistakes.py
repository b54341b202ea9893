"""Every listed mistake must be wrong on the exercise's own cases: a mistake that gives the
right answer everywhere the check looks would be judged "Correct" for the learner who makes
it (chapter 7's relu on the outputs, when every case's outputs were above 0). So, for every
exercise of every chapter:

- a function exercise: each mistake's function gives another answer than the reference on at
  least one of the cases;
- a value exercise: each mistake's value is not the right one, and a mistake that spots wrong
  answers with a test doesn't take the right answer for one (but does take its example).

The answers are compared the way the check compares them (its tolerance).
"""

import math

import numpy as np
import pytest
from test_exercises import EXERCISES

from tinynn.exercises import ch05, ch06, ch07


def close(got, expected, tolerance):
    try:
        if np.ndim(expected) == 0 and np.ndim(got) == 0:
            return math.isclose(float(got), float(expected), rel_tol=tolerance, abs_tol=1e-12)
        return np.shape(got) == np.shape(expected) and np.allclose(
            np.asarray(got, dtype=float), expected, rtol=tolerance, atol=1e-12
        )
    except (TypeError, ValueError):
        return False


FUNCTION_MISTAKES = [
    pytest.param(exercise, mistake, id=f"{exercise.key}: {mistake.message[:40]}")
    for exercise in EXERCISES
    if exercise.cases is not None
    for mistake in exercise.mistakes
    if callable(mistake.wrong)
]
VALUE_MISTAKES = [
    pytest.param(exercise, mistake, id=f"{exercise.key}: {mistake.message[:40]}")
    for exercise in EXERCISES
    if exercise.cases is None and exercise.expect is not None
    for mistake in exercise.mistakes
]


@pytest.mark.parametrize("exercise, mistake", FUNCTION_MISTAKES)
def test_a_mistaken_function_is_wrong_on_some_case(exercise, mistake):
    differ = [
        not close(mistake.wrong(*case.args), exercise.expect(*case.args), exercise.tolerance)
        for case in exercise.cases
    ]
    assert any(differ), f"{exercise.key}: the mistake gives the right answer on every case"


@pytest.mark.parametrize("exercise, mistake", VALUE_MISTAKES)
def test_a_mistaken_value_is_not_the_right_one(exercise, mistake):
    expected = exercise.expect() if callable(exercise.expect) else exercise.expect
    if callable(mistake.wrong):
        assert not mistake.wrong(expected), f"{exercise.key}: the right answer looks mistaken"
        assert mistake.wrong(mistake.example), f"{exercise.key}: its example isn't the mistake"
    else:
        assert not close(mistake.wrong, expected, exercise.tolerance), exercise.key


def test_the_natural_variants_learners_found_are_listed_and_wrong():
    """The variants a learner's-eye review found judged right (issue: chapters 5-7)."""
    # chapter 7, q2: relu on the outputs too
    outputs_relu = [m for m in ch07.q2.mistakes if "relu on the outputs" in m.message]
    assert outputs_relu and ch07.q2.evaluate(outputs_relu[0].wrong).outcome == "not_yet"
    # chapter 7, q3: the push toward 5 alone, and another picture (images[478])
    for slip in ("toward 5 alone", "images[478]"):
        assert ch07.q3.evaluate(round(ch07._q3_values()[slip], 4)).outcome == "not_yet", slip
    # chapter 6, q4: forgetting to square can't hit the answer any more (it asks predictions)
    assert ch06.q4.evaluate(0.25).outcome == "not_yet"
    # chapter 5, q3: the chapter's printed 0.46 is right; one row at a time is named
    assert ch05.q3.evaluate(0.46).outcome == "correct"
    assert "batch_size=8" in ch05.q3.evaluate(1.4).message
