"""Exercises for the chapters: one module per chapter notebook (`ch01` for 01_...ipynb).

In a notebook: `from tinynn.exercises import ch01`, then `ch01.q1.check(my_predict)`,
`ch01.q1.hint()`, `ch01.q1.hint(2)` and `ch01.q1.solution()`. The checking machinery is in
`tinynn.exercises.checking`; chapter modules are imported only when you ask for them.
"""

from tinynn.exercises.checking import (
    Exercise,
    NotYet,
    call,
    describe_call,
    expect_array,
    expect_number,
    expect_shape,
    expect_whole_number,
    is_near,
    is_number,
)

__all__ = [
    "Exercise",
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
