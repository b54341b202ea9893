"""Every exercise, tested from its own data: the solution is correct, every listed mistake gives
its message, the committed blank is "not attempted", None is an attempt, a raising answer is
reported, and handing in tinynn's own function is noticed. A new exercise is tested here as
soon as its chapter module defines it.
"""

import importlib
import pkgutil

import pytest
from exercise_helpers import (
    answer_from,
    assert_correct,
    assert_not_attempted,
    assert_not_yet,
    assert_raised,
    blank_cell,
    raising_like,
    run_source,
)

import tinynn.exercises
from tinynn.exercises import Exercise
from tinynn.exercises.judging import matches


def chapter_modules():
    names = sorted(
        module.name
        for module in pkgutil.iter_modules(tinynn.exercises.__path__)
        if module.name.startswith("ch")
    )
    return [importlib.import_module(f"tinynn.exercises.{name}") for name in names]


EXERCISES = [
    value
    for module in chapter_modules()
    for value in vars(module).values()
    if isinstance(value, Exercise)
]
MISTAKES = [(exercise, mistake) for exercise in EXERCISES for mistake in exercise.mistakes]


def test_every_chapter_has_at_least_three_exercises_except_the_welcome():
    keys = [exercise.key for exercise in EXERCISES]
    chapters = {key.split(".")[0] for key in keys}
    for chapter in chapters - {"ch00"}:
        assert sum(key.startswith(chapter + ".") for key in keys) >= 3, chapter


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.key)
def test_the_solution_is_correct_and_defines_what_the_blank_defines(exercise):
    assert len(exercise.hints) >= 2, f"{exercise.key}: give graded hints"
    solution = answer_from(exercise.source, exercise.answer)
    assert_correct(exercise, solution)
    blank = blank_cell(exercise)
    assert sorted(run_source(blank)) == sorted(run_source(exercise.source))
    assert_not_attempted(exercise, answer_from(blank, exercise.answer))


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.key)
def test_none_is_an_attempt_not_a_blank(exercise):
    result = assert_not_yet(exercise, None)
    assert "None" in result.message
    if exercise.cases is None and not callable(answer_from(exercise.source, exercise.answer)):
        assert "print" in result.message  # `my_x = print(...)` is the usual way to get None


@pytest.mark.parametrize(
    "exercise", [e for e in EXERCISES if e.cases is not None], ids=lambda e: e.key
)
def test_a_function_that_raises_is_reported_and_tinynns_own_is_noticed(exercise):
    solution = answer_from(exercise.source, exercise.answer)
    assert_raised(exercise, raising_like(solution), "ValueError", exercise.answer)
    if exercise.library is not None:
        result = assert_not_yet(exercise, exercise.library)
        assert "tinynn's own" in result.message and "writing it yourself" in result.message


@pytest.mark.parametrize(
    "exercise, mistake", MISTAKES, ids=lambda x: x.key if isinstance(x, Exercise) else ""
)
def test_every_listed_mistake_gets_its_own_message(exercise, mistake):
    if exercise.cases is None:
        answer = mistake.example
        assert answer is not None, f"{exercise.key}: a Mistake with a test needs an example"
        expected = exercise.expect() if callable(exercise.expect) else exercise.expect
        if exercise.expect is not None:
            assert not matches(answer, expected, exercise.tolerance), "the mistake is right"
    else:

        def answer(*args):
            return mistake.wrong(*args)

        answer.__name__ = exercise.answer
    result = assert_not_yet(exercise, answer)
    words = mistake.message.replace("{call} ", "").replace("{name} ", "")
    assert words in result.message, f"{exercise.key}: {result.message!r}"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.key)
def test_a_message_is_never_long_even_for_a_huge_answer(exercise):
    huge = list(range(100_000))
    answer = (lambda *args: huge) if exercise.cases is not None else huge
    if exercise.cases is not None:
        answer.__name__ = exercise.answer
    result = exercise.evaluate(answer)
    assert len(result.message) < 400, f"{exercise.key}: {len(result.message)} characters"
