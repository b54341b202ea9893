"""Exercises for chapter 0, the welcome: one warm-up to try the check, hint and solution buttons."""

from tinynn.exercises import Case, Exercise, Mistake

q1 = Exercise(
    key="ch00.q1",
    title="Warm-up: double a number",
    answer="my_double",
    expect=lambda number: 2 * number,
    cases=[
        Case(3.0, note="twice 3.0 is 3.0 + 3.0"),
        Case(-2.5, note="negative numbers double too"),
        Case(0.0, note="twice nothing is nothing"),
    ],
    mistakes=[
        Mistake(lambda number: number + 2, "{call} added 2: doubling means twice the number"),
        Mistake(lambda number: number**2, "{call} squared the number: doubling means twice it"),
        Mistake(lambda number: number, "{call} gave the number back unchanged: double it"),
    ],
    praise="Right: you've run a check. Every exercise in the course works this way.",
    hints=[
        "Replace `raise NotImplementedError` with a line that starts with `return`.",
        "Twice a number is the number times 2; in Python, `*` multiplies.",
        "`return 2 * number`",
    ],
    solution="""def my_double(number):
    return 2 * number
""",
)
