"""Exercises for chapter 4: divergence, alpha and the contraction factor."""

import numpy as np

from tinynn.exercises.checking import (
    Exercise,
    NotYet,
    call,
    describe_call,
    expect_number,
    is_near,
    is_number,
)

# ---------------------------------------------------------------------------------------------
# q1: the edge for input 2
# ---------------------------------------------------------------------------------------------


def _check_edge(my_edge_alpha):
    edge = 2 / 2.0**2
    if is_near(my_edge_alpha, 1 / 2.0**2):
        raise NotYet(
            "my_edge_alpha makes the factor 0: that alpha lands in one step. The edge is "
            "further out, where the factor reaches -1"
        )
    if is_near(my_edge_alpha, 2 / 2.0):
        raise NotYet(
            "my_edge_alpha looks like 2 / input: the factor is 1 - alpha * input**2, with the "
            "input squared"
        )
    if is_number(my_edge_alpha) and 0.9 * edge <= my_edge_alpha < edge * (1 - 1e-6):
        raise NotYet(
            "my_edge_alpha still converges, but larger alphas do too: find the alpha where the "
            "factor is exactly -1 (solve 1 - alpha * 2**2 = -1)"
        )
    expect_number(
        my_edge_alpha,
        edge,
        "my_edge_alpha",
        hint="at the edge the factor 1 - alpha * 2**2 is exactly -1",
    )
    return (
        "Right: at this alpha the miss keeps its size and flips sign forever; any alpha below "
        "it converges, any above diverges. Try `learn(2, 0.5, 0.8, alpha=...)` either side."
    )


q1 = Exercise(
    key="ch04.q1",
    title="The edge for input 2",
    check=_check_edge,
    hints=[
        "The miss is multiplied by the contraction factor `1 - alpha * input**2` every step. "
        "It shrinks while the factor is between -1 and 1.",
        "With input 2 the factor is `1 - alpha * 4`. Which alpha makes it exactly -1?",
        "Solve `1 - alpha * 4 = -1`: `alpha * 4 = 2`.",
    ],
    solution="""# the factor 1 - alpha * input**2 reaches -1 when alpha * input**2 = 2
my_edge_alpha = 2 / 2**2
""",
)

# ---------------------------------------------------------------------------------------------
# q2: the alpha that lands in one step, for input 0.5
# ---------------------------------------------------------------------------------------------


def _check_one_step(my_one_step_alpha):
    input = 0.5
    if is_near(my_one_step_alpha, input**2):
        raise NotYet(
            "my_one_step_alpha is input**2: alpha should undo input**2, so that "
            "alpha * input**2 is 1 and the factor is 0"
        )
    if is_near(my_one_step_alpha, 1 / input):
        raise NotYet(
            "my_one_step_alpha looks like 1 / input: the factor 1 - alpha * input**2 has the "
            "input squared"
        )
    if is_near(my_one_step_alpha, 2 / input**2):
        raise NotYet(
            "my_one_step_alpha is the edge, where the factor is -1 and the miss flips sign for "
            "ever: one step needs a factor of 0"
        )
    if is_near(my_one_step_alpha, 1.0):
        raise NotYet(
            "my_one_step_alpha is 1, chapter 3's plain step: with input 0.5 its factor is "
            "1 - 0.25, so it takes many steps. One step needs a factor of 0"
        )
    expect_number(
        my_one_step_alpha,
        1 / input**2,
        "my_one_step_alpha",
        hint="make the factor 1 - alpha * 0.5**2 exactly 0",
    )
    return (
        "Right, and it's bigger than 1: alpha isn't always small, the input decides. "
        "`learn(0.5, 0.5, 0.8, alpha=...)` with it has error 0 from the second step on."
    )


q2 = Exercise(
    key="ch04.q2",
    title="One step, for input 0.5",
    check=_check_one_step,
    hints=[
        "The miss after a step is the miss before, times `1 - alpha * input**2`. To land on "
        "the goal in one step, that factor must be 0.",
        "With input 0.5, `input**2` is 0.25. Which alpha makes `alpha * 0.25` equal to 1?",
        "alpha = 1 / input**2 = 1 / 0.25. You can type it as a fraction.",
    ],
    solution="""# the factor 1 - alpha * input**2 is 0 when alpha = 1 / input**2
my_one_step_alpha = 1 / 0.5**2
""",
)

# ---------------------------------------------------------------------------------------------
# q3: predict divergence
# ---------------------------------------------------------------------------------------------

# (input, alpha), whether it diverges, and what to think about if the answer is wrong.
_DIVERGE_CASES = (
    ((2.0, 0.1), False, "the chapter's alpha for this input: look at how its errors fall"),
    ((2.0, 1.0), True, "the chapter's first run, without alpha: look at how its errors grow"),
    (
        (2.0, 0.4),
        False,
        "its factor is negative, so the miss flips sign each step, but is it bigger than 1 in "
        "size?",
    ),
    (
        (2.0, 0.5),
        False,
        "its factor is exactly -1: the miss flips sign forever but keeps its size; it never grows",
    ),
    ((3.0, 0.3), True, "the factor 1 - alpha * input**2 uses the input squared"),
    ((-3.0, 0.3), True, "a negative input, squared, is positive"),
    (
        (0.5, 7.0),
        False,
        "an alpha above 1 is fine when the input is small: look at alpha * input**2",
    ),
    ((0.5, 9.0), True, "look at the size of the factor 1 - alpha * input**2"),
    ((0.0, 1.0), False, "with input 0 the weight never moves, so nothing can grow"),
)


def _check_diverges(my_diverges):
    for case, diverges, note in _DIVERGE_CASES:
        got = call(my_diverges, *case)
        what = describe_call(my_diverges, case)
        if not isinstance(got, (bool, np.bool_)):
            raise NotYet(f"{what} returned {got!r}: return True (diverges) or False (doesn't)")
        if bool(got) != diverges:
            verdict = "does diverge" if diverges else "doesn't diverge"
            raise NotYet(f"{what} returned {bool(got)}, but this one {verdict}: {note}")
    return (
        "Right: it diverges exactly when the factor 1 - alpha * input**2 is below -1, which is "
        "when alpha * input**2 is above 2. No need to run anything to know."
    )


q3 = Exercise(
    key="ch04.q3",
    title="Will it diverge?",
    check=_check_diverges,
    hints=[
        "Work out the contraction factor `1 - alpha * input**2`: the miss is multiplied by "
        "it every step.",
        "The miss grows when the factor is bigger than 1 in size: `abs(factor) > 1`. Exactly "
        "-1 keeps the miss the same size, so that doesn't count as diverging.",
        "`return abs(1 - alpha * input**2) > 1`",
    ],
    solution="""def my_diverges(input, alpha):
    factor = 1 - alpha * input**2
    return abs(factor) > 1
""",
)

# ---------------------------------------------------------------------------------------------
# q4: the error's ratio per step
# ---------------------------------------------------------------------------------------------


def _check_ratio(my_error_ratio):
    factor = 1 - 0.1 * 2.0**2
    if is_near(my_error_ratio, factor):
        raise NotYet(
            "my_error_ratio is how the miss (pred - goal_pred) shrinks each step; the error is "
            "the miss squared"
        )
    if is_near(my_error_ratio, 0.1 * 2.0**2):
        raise NotYet(
            "my_error_ratio is alpha * input**2: the contraction factor is 1 minus that, and "
            "the error is the miss squared"
        )
    if is_near(my_error_ratio, -factor):
        raise NotYet("my_error_ratio is negative: an error is a square, so it is never negative")
    if is_near(my_error_ratio, 1 / factor**2):
        raise NotYet(
            "my_error_ratio is old error / new error: take the new error over the old one "
            "(the error shrinks, so the ratio is below 1)"
        )
    expect_number(
        my_error_ratio,
        factor**2,
        "my_error_ratio",
        hint="compare `history.errors[1] / history.errors[0]` for learn(2, 0.5, 0.8, alpha=0.1)",
    )
    return (
        "Right: the miss is multiplied by the factor, so the error, the miss squared, is "
        "multiplied by the factor squared. The book's printout shows it: 0.04, 0.0144, ..."
    )


q4 = Exercise(
    key="ch04.q4",
    title="How fast the error falls",
    check=_check_ratio,
    hints=[
        "With input 2 and alpha 0.1, first work out the contraction factor `1 - alpha * input**2`.",
        "That factor multiplies the miss, `pred - goal_pred`. The error is `miss ** 2`.",
        "So the error is multiplied by the factor squared. Check it: divide the second error "
        "of `learn(2, 0.5, 0.8, alpha=0.1)` by the first.",
    ],
    solution="""# the miss is multiplied by 1 - alpha * input**2, so the error by that squared
my_error_ratio = (1 - 0.1 * 2**2) ** 2
""",
)
