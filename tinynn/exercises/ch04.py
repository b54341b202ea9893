"""Exercises for chapter 4: divergence, alpha and the contraction factor."""

import tinynn
from tinynn.exercises import Case, Exercise, Mistake

# ---------------------------------------------------------------------------------------------
# q1: the edge for input 2
# ---------------------------------------------------------------------------------------------

q1 = Exercise(
    key="ch04.q1",
    title="The edge for input 2",
    answer="my_edge_alpha",
    expect=2 / 2.0**2,
    mistakes=[
        Mistake(
            1 / 2.0**2,
            "{name} makes the factor 0: that alpha lands in one step. The edge is further out, "
            "where the factor reaches -1",
        ),
        Mistake(
            2 / 2.0,
            "{name} looks like 2 / input: the factor is 1 - alpha * input**2, with the input "
            "squared",
        ),
        Mistake(
            lambda answer: 0.9 * 0.5 <= answer < 0.5 * (1 - 1e-6),
            "{name} still converges, but larger alphas do too: find the alpha where the factor "
            "is exactly -1 (solve 1 - alpha * 2**2 = -1)",
            example=0.49,
        ),
    ],
    praise=(
        "Right: at this alpha the miss keeps its size and flips sign forever; any alpha below it "
        "converges, any above diverges. Try `learn(2, 0.8, 0.5, alpha=...)` either side."
    ),
    hints=[
        "The miss is multiplied by the contraction factor `1 - alpha * input**2` every step. It "
        "shrinks while the factor is between -1 and 1.",
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

q2 = Exercise(
    key="ch04.q2",
    title="One step, for input 0.5",
    answer="my_one_step_alpha",
    expect=1 / 0.5**2,
    mistakes=[
        Mistake(
            0.5**2,
            "{name} is input**2: alpha should undo input**2, so that alpha * input**2 is 1 and "
            "the factor is 0",
        ),
        Mistake(
            1 / 0.5,
            "{name} looks like 1 / input: the factor 1 - alpha * input**2 has the input squared",
        ),
        Mistake(
            2 / 0.5**2,
            "{name} is the edge, where the factor is -1 and the miss flips sign for ever: one "
            "step needs a factor of 0",
        ),
        Mistake(
            1.0,
            "{name} is 1, chapter 3's plain step: with input 0.5 its factor is 1 - 0.25, so it "
            "takes many steps. One step needs a factor of 0",
        ),
    ],
    praise=(
        "Right, and it's bigger than 1: alpha isn't always small, the input decides. "
        "`learn(0.5, 0.8, 0.5, alpha=...)` with it has error 0 from the second iteration on."
    ),
    hints=[
        "The miss after a step is the miss before, times `1 - alpha * input**2`. To land on the "
        "goal in one step, that factor must be 0.",
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


def _diverges(input, alpha):
    return abs(1 - alpha * input**2) > 1


q3 = Exercise(
    key="ch04.q3",
    title="Will it diverge?",
    answer="my_diverges",
    expect=_diverges,
    cases=[
        Case(2.0, 0.1, note="the chapter's alpha for this input: look at how its errors fall"),
        Case(2.0, 1.0, note="the chapter's first run, without alpha: its errors grow"),
        Case(
            2.0,
            0.4,
            note="its factor is negative, so the miss flips sign each step, but is it bigger "
            "than 1 in size?",
        ),
        Case(
            2.0,
            0.5,
            note="its factor is exactly -1: the miss flips sign forever but keeps its size",
        ),
        Case(
            2.0,
            0.51,
            note="its factor is -1.04: the miss grows 4% a step, slowly, but for ever",
        ),
        Case(3.0, 0.3, note="the factor 1 - alpha * input**2 uses the input squared"),
        Case(-3.0, 0.3, note="a negative input, squared, is positive"),
        Case(0.5, 7.0, note="an alpha above 1 is fine when the input is small"),
        Case(0.5, 9.0, note="look at the size of the factor 1 - alpha * input**2"),
        Case(0.0, 1.0, note="with input 0 the weight never moves, so nothing can grow"),
    ],
    mistakes=[
        Mistake(
            lambda input, alpha: tinynn.learn(input, 0.8, 0.5, alpha=alpha).diverged,
            "{call} doesn't see a divergence that is there. If it asks `learn(...).diverged`: "
            "after 20 iterations a slow divergence has grown the error only a few times, too "
            "little for the history to call it. The factor tells you before you run anything",
        ),
        Mistake(
            lambda input, alpha: abs(1 - alpha * input**2) >= 1,
            "{call} counts the edge as diverging: with a factor of exactly -1 the miss flips "
            "sign forever but keeps its size; it never grows",
        ),
        Mistake(
            lambda input, alpha: alpha * input**2 > 1,
            "{call} calls a zig-zag a divergence: when alpha * input**2 is between 1 and 2 the "
            "miss flips sides but still shrinks",
        ),
        Mistake(
            lambda input, alpha: abs(1 - alpha * input) > 1,
            "{call} forgot to square the input: the factor is 1 - alpha * input**2",
        ),
    ],
    praise=(
        "Right: it diverges exactly when the factor 1 - alpha * input**2 is below -1, which is "
        "when alpha * input**2 is above 2. No need to run anything to know."
    ),
    hints=[
        "Work out the contraction factor `1 - alpha * input**2`: the miss is multiplied by it "
        "every step.",
        "The miss grows when the factor is bigger than 1 in size: `abs(factor) > 1`. Exactly -1 "
        "keeps the miss the same size, so that doesn't count as diverging.",
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

_FACTOR = 1 - 0.1 * 2.0**2

q4 = Exercise(
    key="ch04.q4",
    title="How fast the error falls",
    answer="my_error_ratio",
    expect=_FACTOR**2,
    mistakes=[
        Mistake(
            _FACTOR,
            "{name} is how the miss (pred - goal_pred) shrinks each step; the error is the miss "
            "squared",
        ),
        Mistake(
            0.1 * 2.0**2,
            "{name} is alpha * input**2: the contraction factor is 1 minus that, and the error "
            "is the miss squared",
        ),
        Mistake(-_FACTOR, "{name} is negative: an error is a square, so it is never negative"),
        Mistake(
            1 / _FACTOR**2,
            "{name} is old error / new error: take the new error over the old one (the error "
            "shrinks, so the ratio is below 1)",
        ),
        Mistake(
            1 - _FACTOR**2,
            "{name} is how much of the error goes each step: the question asks what is left of it",
        ),
    ],
    praise=(
        "Right: the miss is multiplied by the factor, so the error, the miss squared, is "
        "multiplied by the factor squared. The source's printout shows it: 0.04, 0.0144, ..."
    ),
    hints=[
        "With input 2 and alpha 0.1, first work out the contraction factor `1 - alpha * input**2`.",
        "That factor multiplies the miss, `pred - goal_pred`. The error is `miss ** 2`.",
        "So the error is multiplied by the factor squared. Check it: divide the second error of "
        "`learn(2, 0.8, 0.5, alpha=0.1)` by the first.",
    ],
    solution="""# the miss is multiplied by 1 - alpha * input**2, so the error by that squared
my_error_ratio = (1 - 0.1 * 2**2) ** 2
""",
)
