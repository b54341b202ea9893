"""Exercises for the chapters: one module per chapter notebook (`ch01` for 01_...ipynb).

In a notebook: `from tinynn.exercises import ch01`, then `ch01.q1.check(my_predict)`,
`ch01.q1.hint()`, `ch01.q1.hint(2)` and `ch01.q1.solution()`. Chapter modules are imported only
when you ask for them; they define their exercises with the names below.

How a check works, one module per step:

- `exercise`: an exercise as data (`Exercise`, `Case`, `Mistake`), and the check that runs it;
- `running`: running the learner's code (`call`): on copies, with a time limit, noticing the
  blank, describing what it raised;
- `judging`: judging the values it produced (`expect_number`, `expect_array`, ...), with
  messages that never give the answer away;
- `display`: showing the result, a hint or a solution;
- `outcomes`, `describing`, `values`: the five outcomes, values in words, and values as data
  (what a kernel hands to the grader).
"""

from tinynn.exercises.describing import describe_call
from tinynn.exercises.exercise import Case, Exercise, Mistake
from tinynn.exercises.judging import (
    expect_array,
    expect_number,
    expect_shape,
    expect_whole_number,
    is_near,
    is_number,
)
from tinynn.exercises.outcomes import NotYet
from tinynn.exercises.running import call

__all__ = [
    "Case",
    "Exercise",
    "Mistake",
    "NotYet",
    "call",
    "describe_call",
    "expect_array",
    "expect_number",
    "expect_shape",
    "expect_whole_number",
    "is_near",
    "is_number",
]
