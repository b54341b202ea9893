"""Helpers for the exercises' tests.

`tests/test_exercises.py` tests every exercise from its own data (solution, blank, mistakes).
A chapter's test file adds the wrong answers no table lists, in a few lines:

    from exercise_helpers import check_exercise
    from tinynn.exercises import ch01

    def test_q1_predict():
        check_exercise(
            ch01.q1,
            wrong=[
                (lambda input, weight: -input * weight, "wrong sign"),
                (lambda input, weight: input * weight * 2, "is too big"),
            ],
        )

which checks that the reference solution is correct, that each wrong answer is "not yet" with
a message containing the given words, that the blank committed in the chapter notebook is "not
attempted", and (for a function) that an answer which raises is reported as raising. The
smaller helpers below do one of those things each.
"""

import math
from pathlib import Path

import nbformat
import numpy as np

import tinynn
from tinynn.exercises.outcomes import CORRECT, NOT_ATTEMPTED, NOT_YET, RAISED

CHAPTERS = Path(__file__).resolve().parent.parent / "chapters"


def default_namespace():
    """What a chapter provides by the time of its exercises: NumPy as `np`, `math`, tinynn's
    API, chapter 6's streetlights and chapter 7's split and trained network."""
    from tinynn.exercises import ch07

    names = {name: getattr(tinynn, name) for name in tinynn.__all__}
    lights, walk_vs_stop = tinynn.streetlights()
    digits = ch07.chapter_digits()
    chapters = {"lights": lights, "walk_vs_stop": walk_vs_stop, **digits}
    return {"np": np, "numpy": np, "math": math, "tinynn": tinynn, **names, **chapters}


def run_source(source, namespace=None):
    """Run cell source in a fresh namespace and return the names it defined."""
    scope = {**default_namespace(), **(namespace or {})}
    before = dict(scope)
    exec(compile(source, "<exercise cell>", "exec"), scope)
    return {k: v for k, v in scope.items() if k not in before or before[k] is not v}


def answer_from(source, name=None, namespace=None):
    """Run `source` (a solution or a blank cell) and return the answer it defines.

    `name` picks the variable; by default it is the one `my_...` name the source defines.
    `namespace` adds names the cell relies on from earlier cells (e.g. `{"pred": 0.5}`).
    """
    defined = run_source(source, namespace)
    if name is None:
        mine = [key for key in defined if key.startswith("my_")]
        assert len(mine) == 1, f"pass name=: the source defines {sorted(defined)}"
        name = mine[0]
    assert name in defined, f"the source doesn't define {name!r}: it defines {sorted(defined)}"
    return defined[name]


def chapter_notebook(exercise):
    """The committed chapter notebook for an exercise: `ch01.q1` -> chapters/01_*.ipynb."""
    number = exercise.key.split(".")[0].removeprefix("ch")
    found = sorted(CHAPTERS.glob(f"{number}_*.ipynb"))
    assert len(found) == 1, f"expected one chapters/{number}_*.ipynb, found {found}"
    return found[0]


def blank_cell(exercise, notebook=None):
    """The source of the cell tagged `exercise:<key>` in the (committed) notebook."""
    notebook = notebook or chapter_notebook(exercise)
    nb = nbformat.read(notebook, as_version=4)
    tag = f"exercise:{exercise.key}"
    cells = [cell for cell in nb.cells if tag in cell.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"{Path(notebook).name}: expected one cell tagged {tag}"
    return cells[0].source


def outcome_of(exercise, answer):
    """Check `answer` without displaying anything; return the Result (outcome and message)."""
    return exercise.evaluate(answer)


def assert_correct(exercise, answer):
    result = outcome_of(exercise, answer)
    assert result.outcome == CORRECT, f"{exercise.key}: {result.text()}"
    return result


def assert_not_yet(exercise, answer, *words, solution=None):
    """Assert the answer is "not yet" and the message contains each of `words`.

    If `solution` is a number with a fractional part, also assert that the message doesn't
    give it away.
    """
    result = outcome_of(exercise, answer)
    assert result.outcome == NOT_YET, f"{exercise.key}: {result.text()}"
    for word in words:
        assert word in result.message, f"{exercise.key}: {word!r} not in {result.message!r}"
    if isinstance(solution, float) and math.isfinite(solution) and not solution.is_integer():
        assert repr(solution) not in result.message, f"{exercise.key} reveals the answer: {result}"
    return result


def assert_not_attempted(exercise, answer):
    result = outcome_of(exercise, answer)
    assert result.outcome == NOT_ATTEMPTED, f"{exercise.key}: {result.text()}"
    return result


def assert_raised(exercise, answer, *words):
    result = outcome_of(exercise, answer)
    assert result.outcome == RAISED, f"{exercise.key}: {result.text()}"
    for word in words:
        assert word in result.message, f"{exercise.key}: {word!r} not in {result.message!r}"
    return result


def raising_like(function):
    """A stand-in for the learner's function with the same name that raises ValueError."""

    def raising(*args, **kwargs):
        raise ValueError("a mistake in the learner's code")

    raising.__name__ = getattr(function, "__name__", "my_function")
    return raising


def check_exercise(exercise, wrong, name=None, namespace=None, notebook=None):
    """Test one exercise completely (see the module docstring); returns the solution's answer.

    `wrong` is a list of `(answer, words)`: `words` is a string or a tuple of strings that the
    "not yet" message must contain.
    """
    assert exercise.hints, f"{exercise.key} has no hints"
    solution = answer_from(exercise.source, name, namespace)
    assert_correct(exercise, solution)
    number = solution if isinstance(solution, float) else None
    for answer, words in wrong:
        words = (words,) if isinstance(words, str) else tuple(words)
        assert_not_yet(exercise, answer, *words, solution=number)
    blank_source = blank_cell(exercise, notebook)
    assert sorted(run_source(blank_source, namespace)) == sorted(
        run_source(exercise.source, namespace)
    ), f"{exercise.key}: the solution must define the same names as the blank cell"
    assert_not_attempted(exercise, answer_from(blank_source, name, namespace))
    if callable(solution):
        assert_raised(exercise, raising_like(solution), "ValueError", solution.__name__)
    return solution
