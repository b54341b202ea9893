"""Exercises for chapter 0, the welcome: one warm-up to try the check, hint and solution buttons."""

from tinynn.exercises.checking import (
    Exercise,
    NotYet,
    call,
    describe_call,
    expect_number,
    is_number,
)


def _check_double(my_double):
    got = call(my_double, 3.0)
    what = describe_call(my_double, (3.0,))
    if is_number(got) and got == 3.0 + 2:
        raise NotYet(f"{what} added 2 to the number: doubling means twice the number")
    if is_number(got) and got == 3.0**2:
        raise NotYet(f"{what} squared the number: doubling means twice the number")
    expect_number(got, 6.0, what, hint="twice 3.0 is 3.0 + 3.0")
    for number, hint in ((-2.5, "negative numbers double too"), (0.0, "twice nothing is nothing")):
        expect_number(
            call(my_double, number), 2 * number, describe_call(my_double, (number,)), hint
        )
    return "Right: you've run a check. Every exercise in the course works this way."


q1 = Exercise(
    key="ch00.q1",
    title="Warm-up: double a number",
    check=_check_double,
    hints=[
        "Replace `raise NotImplementedError` with a line that starts with `return`.",
        "Twice a number is the number times 2; in Python, `*` multiplies.",
        "`return 2 * number`",
    ],
    solution="""def my_double(number):
    return 2 * number
""",
)
