"""Exercises for chapter 7: handwritten digits, one output per digit, accuracy, mini-batches.

`chapter_digits()` makes the chapter's split and trains its network, as sections 4 and 7 do,
for the checks that need them.
"""

import functools
import math

import numpy as np

import tinynn
from tinynn.exercises import Case, Exercise, Mistake, NotYet, expect_number, is_number

# ---------------------------------------------------------------------------------------------
# The chapter's split and network
# ---------------------------------------------------------------------------------------------

WEIGHT_SEED = 1
WEIGHT_SCALE = 0.1
RECIPE = {"hidden_size": 128, "alpha": 0.3, "iterations": 100, "batch_size": 32}


@functools.cache
def _split():
    train_inputs, train_labels, test_inputs, test_labels = tinynn.split_digits()
    return {
        "train_inputs": train_inputs,
        "train_labels": train_labels,
        "test_inputs": test_inputs,
        "test_labels": test_labels,
    }


def _train(settings):
    """Train the chapter's way with these settings; returns the History."""
    split = _split()
    weights = tinynn.init_weights(
        64, settings["hidden_size"], 10, seed=WEIGHT_SEED, scale=WEIGHT_SCALE
    )
    goal_preds = np.eye(10)[split["train_labels"]]
    return tinynn.train_hidden(
        split["train_inputs"],
        goal_preds,
        *weights,
        alpha=settings["alpha"],
        iterations=settings["iterations"],
        batch_size=settings["batch_size"],
    )


@functools.cache
def _chapter_weights():
    return _train(RECIPE).final_weights


def chapter_digits():
    """The chapter's split (section 4: `split_digits()`) and its network trained as in
    section 7, as a dict of new arrays: `train_inputs`, `train_labels`, `test_inputs`,
    `test_labels`, `weights_0_1`, `weights_1_2`. The first call trains (a fraction of a
    second); later ones copy.
    """
    weights_0_1, weights_1_2 = _chapter_weights()
    digits = {**_split(), "weights_0_1": weights_0_1, "weights_1_2": weights_1_2}
    return {name: array.copy() for name, array in digits.items()}


# ---------------------------------------------------------------------------------------------
# q1: read the network's answer
# ---------------------------------------------------------------------------------------------

_Q1_OUTPUTS = [0.02, -0.07, 0.11, -0.31, 0.05, 0.58, 0.09, -0.12, 0.46, 0.04]

q1 = Exercise(
    key="ch07.q1",
    title="Read the network's answer",
    answer="my_digit",
    expect=5,
    mistakes=[
        Mistake(
            3,
            "{name} is where the smallest output is (the one furthest below 0): the answer is "
            "the digit whose output is biggest",
        ),
        Mistake(
            6,
            "{name} counts the outputs from 1: the first output is for the digit 0, so the "
            "digit is the output's position counting from 0",
        ),
        Mistake(
            0.58,
            "{name} is the biggest output itself: the answer is which digit it belongs to, its "
            "position in the list",
        ),
        Mistake(
            8,
            "{name} is the second biggest output: close, and the network's second choice, but "
            "not its answer",
        ),
    ],
    praise=(
        "Right: output 5 is the biggest, so the network says 5; `np.argmax(outputs)` finds it. "
        "Its second choice, 8, isn't far behind: a 5 and an 8 share a lot of ink."
    ),
    hints=[
        "Each output belongs to one digit: the first to 0, the second to 1, and so on. The "
        "network's answer is the digit whose output is biggest.",
        "Find the biggest number in the list, then count its position from 0. (`np.argmax` "
        "does both.)",
        "The biggest is 0.58, the sixth number: position 5, counting from 0.",
    ],
    solution="""outputs = [0.02, -0.07, 0.11, -0.31, 0.05, 0.58, 0.09, -0.12, 0.46, 0.04]
my_digit = int(np.argmax(outputs))
""",
)

# ---------------------------------------------------------------------------------------------
# q2: read a digit by hand, from its pixels and the weights
# ---------------------------------------------------------------------------------------------

# Four test pictures, pixels 0 to 16 as load_digits gives them (a 6, a 2, a 5 and a 2), and a
# small random network (8 hidden units): the check only asks for its arithmetic.
_Q2_PICTURES = np.array(
    [
        [0, 0, 1, 13, 7, 0, 0, 0, 0, 0, 7, 14, 2, 0, 0, 0, 0, 0, 13, 5, 0, 0, 0, 0, 0, 0]
        + [16, 3, 0, 0, 0, 0, 0, 3, 16, 10, 12, 12, 3, 0, 0, 3, 16, 11, 5, 9, 12, 0, 0, 1]
        + [13, 11, 4, 13, 11, 0, 0, 0, 1, 12, 16, 11, 2, 0],
        [0, 0, 10, 15, 2, 0, 0, 0, 0, 7, 16, 16, 6, 0, 0, 0, 0, 12, 13, 12, 9, 0, 0, 0, 0]
        + [8, 9, 13, 7, 0, 0, 0, 0, 0, 0, 16, 5, 0, 0, 0, 0, 0, 6, 15, 1, 0, 0, 0, 0, 0, 16]
        + [14, 4, 5, 8, 3, 0, 0, 8, 16, 16, 16, 16, 9],
        [0, 2, 13, 13, 11, 9, 0, 0, 0, 10, 16, 16, 16, 15, 10, 0, 0, 11, 16, 9, 0, 0, 0, 0]
        + [0, 3, 15, 16, 8, 0, 0, 0, 0, 0, 2, 11, 14, 0, 0, 0, 0, 0, 0, 8, 16, 0, 0, 0, 0, 0]
        + [1, 11, 11, 0, 0, 0, 0, 1, 16, 15, 4, 0, 0, 0],
        [0, 4, 15, 15, 8, 0, 0, 0, 0, 8, 16, 16, 16, 3, 0, 0, 0, 1, 0, 1, 15, 5, 0, 0, 0, 0]
        + [0, 0, 11, 6, 0, 0, 0, 0, 0, 3, 15, 2, 0, 0, 0, 0, 4, 15, 16, 14, 6, 0, 0, 6, 16]
        + [16, 15, 11, 3, 0, 0, 7, 14, 11, 0, 0, 0, 0],
    ],
    dtype=np.float64,
)
_Q2_WEIGHTS = tinynn.init_weights(64, 8, 10, seed=3)
# And a picture of a 7 on another small network, for which all ten outputs are below 0: relu on
# the outputs would turn them all into 0s, and the biggest 0 is the first, digit 0.
_Q2_NEGATIVE = (tinynn.load_digits()[0][1748], *tinynn.init_weights(64, 8, 10, seed=7))


def _layers(pixels, weights_0_1, weights_1_2):
    layer_0 = np.asarray(pixels, dtype=np.float64) / 16
    layer_1 = np.maximum(layer_0.dot(weights_0_1), 0.0)
    return layer_1, layer_1.dot(weights_1_2)


def _read_digit(pixels, weights_0_1, weights_1_2):
    _, layer_2 = _layers(pixels, weights_0_1, weights_1_2)
    return int(np.argmax(layer_2))


def _by_hand(my_read_digit):
    """The exercise is to run the network by hand: not with tinynn's forward."""
    code = getattr(my_read_digit, "__code__", None)
    scope = getattr(my_read_digit, "__globals__", {})
    ours = {tinynn.forward, tinynn.forward.__wrapped__}
    names = code.co_names if code is not None else ()
    if any(scope.get(name) in ours for name in names) or (
        "forward" in names and any(scope.get(name) is tinynn for name in names)
    ):
        raise NotYet(
            "my_read_digit calls tinynn's `forward`: right, but the exercise is to run the "
            "network by hand: layer_1 = relu(layer_0.dot(weights_0_1)), then layer_2"
        )


q2 = Exercise(
    key="ch07.q2",
    title="Read a digit by hand",
    answer="my_read_digit",
    expect=_read_digit,
    cases=[Case(picture, *_Q2_WEIGHTS) for picture in _Q2_PICTURES] + [Case(*_Q2_NEGATIVE)],
    mistakes=[
        Mistake(
            lambda pixels, weights_0_1, weights_1_2: int(
                np.argmax((pixels / 16).dot(weights_0_1).dot(weights_1_2))
            ),
            "{call} gives the answer of a network without relu: layer_1 is "
            "relu(layer_0.dot(weights_0_1)), the hidden units' sums with the negative ones "
            "set to 0",
        ),
        Mistake(
            lambda pixels, weights_0_1, weights_1_2: int(
                np.argmax(np.maximum(_layers(pixels, weights_0_1, weights_1_2)[1], 0.0))
            ),
            "{call} put relu on the outputs too: relu goes between the layers, on layer_1 only. "
            "The ten outputs, layer_2 = layer_1.dot(weights_1_2), are compared as they are, "
            "below 0 or not",
        ),
        Mistake(
            lambda pixels, weights_0_1, weights_1_2: int(
                np.argmin(_layers(pixels, weights_0_1, weights_1_2)[1])
            ),
            "{call} picked the smallest output: the network's answer is the digit whose "
            "output is biggest",
        ),
        Mistake(
            lambda pixels, weights_0_1, weights_1_2: int(
                np.argmax(_layers(pixels, weights_0_1, weights_1_2)[0])
            ),
            "{call} picked the biggest hidden unit (in layer_1): the answer comes from the "
            "ten outputs, layer_2 = layer_1.dot(weights_1_2)",
        ),
        Mistake(
            lambda pixels, weights_0_1, weights_1_2: float(
                np.max(_layers(pixels, weights_0_1, weights_1_2)[1])
            ),
            "{call} returned the biggest output itself: return which digit it belongs to, "
            "its position (`np.argmax`)",
        ),
    ],
    check=_by_hand,
    praise=(
        "Right: layer_1 = relu(pixels / 16 . weights_0_1), layer_2 = layer_1 . weights_1_2, "
        "and the biggest of layer_2. Did you divide by 16? Try without: the same digit! With "
        "no biases, dividing every input by 16 divides every hidden output and every output "
        "by 16, so the biggest stays the biggest."
    ),
    hints=[
        "Three lines, as chapter 6's forward pass: layer_0 is the pixels divided by 16; "
        "`layer_1 = relu(layer_0.dot(weights_0_1))`; `layer_2 = layer_1.dot(weights_1_2)`.",
        "relu keeps positive numbers and turns the others into 0: `np.maximum(x, 0)`, or "
        "tinynn's `relu`. Then the answer is the position of the biggest of the ten outputs.",
        "`return int(np.argmax(layer_2))`: the position of the biggest output, as a whole number.",
    ],
    solution="""def my_read_digit(pixels, weights_0_1, weights_1_2):
    layer_0 = pixels / 16
    layer_1 = relu(layer_0.dot(weights_0_1))
    layer_2 = layer_1.dot(weights_1_2)
    return int(np.argmax(layer_2))
""",
)

# ---------------------------------------------------------------------------------------------
# q3: explain a misclassification: the pixel that pushed hardest, and by how much
# ---------------------------------------------------------------------------------------------

Q3_TEST_DIGIT = 478  # a 6 the chapter's network reads as a 5
Q3_SAID, Q3_TRUTH = 5, 6
Q3_PIXEL = (3, 2)  # the pixel that pushed hardest toward 5 rather than 6


def _pushes_toward_5(layer_0, every_unit=False, weights_only=False):
    """Each pixel's push toward 5 rather than 6 for one picture with the chapter's network:
    the right way (the defaults), or with one of the slips learners make."""
    digits = chapter_digits()
    weights_0_1, weights_1_2 = digits["weights_0_1"], digits["weights_1_2"]
    if every_unit:  # every hidden unit counted, as if relu let them all through
        pixel_weights = weights_0_1.dot(weights_1_2)
    else:
        active = tinynn.relu(layer_0.dot(weights_0_1)) > 0
        pixel_weights = weights_0_1[:, active].dot(weights_1_2[active])
    pushes = pixel_weights if weights_only else layer_0[:, None] * pixel_weights
    return pushes[:, Q3_SAID] - pushes[:, Q3_TRUTH]


@functools.cache
def _q3_values():
    """The right push, and what the usual slips give instead."""
    digits = chapter_digits()
    picture = digits["test_inputs"][Q3_TEST_DIGIT]
    toward = _pushes_toward_5(picture)
    pushes = tinynn.pixel_pushes(picture, digits["weights_0_1"], digits["weights_1_2"])
    unshuffled = tinynn.load_digits()[0][Q3_TEST_DIGIT] / 16  # images[478]: another picture
    return {
        "push": float(toward.max()),
        "toward 5 alone": float(pushes[:, Q3_SAID].max()),
        "toward 6": float((-toward).max()),
        "weights only": float(_pushes_toward_5(picture, weights_only=True).max()),
        "every unit": float(_pushes_toward_5(picture, every_unit=True).max()),
        "all added up": float(toward.sum()),
        "not divided by 16": float(_pushes_toward_5(16 * picture).max()),
        "images[478]": float(_pushes_toward_5(unshuffled).max()),
    }


def _q3_answer():
    return _q3_values()["push"]


def _is(name):
    """A test for a Mistake: is the answer the number this slip gives (to 3 decimals)?"""
    return lambda answer: is_number(answer) and abs(answer - _q3_values()[name]) < 0.0006


def _q3_check(my_push):
    """For a wrong answer no listed mistake explains: say what to look at."""
    if isinstance(my_push, (tuple, list)) and len(my_push) == 2:
        raise NotYet(
            "my_push is a pair, a pixel's (row, column) perhaps: give how much that pixel "
            "pushed, a single number (its push toward 5 minus its push toward 6)"
        )
    value = expect_number(my_push, _q3_answer(), "my_push", rel_tol=math.inf)  # a number?
    if value <= 0:
        raise NotYet(
            "my_push is not above 0: the pixel asked for pushes toward 5 rather than 6, so its "
            "push toward 5 minus its push toward 6 is positive"
        )
    if abs(value - _q3_answer()) < 0.01:
        raise NotYet("my_push is close: give it to three decimals or more (or unrounded)")
    raise NotYet(
        "my_push isn't that pixel's push yet: for test picture 478 (test_inputs[478]), take "
        "every pixel's push toward 5 minus its push toward 6 (pixel_pushes), and give the "
        "biggest, to three decimals"
    )


q3 = Exercise(
    key="ch07.q3",
    title="Which pixel made it say 5, and how hard?",
    answer="my_push",
    expect=_q3_answer,
    tolerance=0.002,
    mistakes=[
        Mistake(
            _is("toward 5 alone"),
            "{name} is the biggest push toward 5 alone: the question is what pushed toward 5 "
            "*rather than* 6, so subtract each pixel's push toward 6 first",
            example=round(_q3_values()["toward 5 alone"], 4),
        ),
        Mistake(
            _is("toward 6"),
            "{name} is the hardest push toward 6, the right answer: the question is which "
            "pixel pushed hardest toward 5 (pushes toward 5 minus pushes toward 6)",
            example=round(_q3_values()["toward 6"], 4),
        ),
        Mistake(
            _is("weights only"),
            "{name} is the biggest weight toward 5 rather than 6, but a push is the pixel times "
            "its weight: multiply by the picture's pixels",
            example=round(_q3_values()["weights only"], 4),
        ),
        Mistake(
            _is("every unit"),
            "{name} comes from every hidden unit: only the units above 0 for this picture pass "
            "anything on (relu), so only they count in a pixel's weight",
            example=round(_q3_values()["every unit"], 4),
        ),
        Mistake(
            _is("all added up"),
            "{name} is all 64 pushes added up: output 5 minus output 6. The question is the "
            "biggest single pixel's push",
            example=round(_q3_values()["all added up"], 4),
        ),
        Mistake(
            _is("not divided by 16"),
            "{name} comes from pixels from 0 to 16: the network reads them divided by 16, as "
            "test_inputs holds them",
            example=round(_q3_values()["not divided by 16"], 4),
        ),
        Mistake(
            _is("images[478]"),
            "{name} is for another picture: images[478] is the 479th digit of the file, in its "
            "own order. Test picture 478 is test_inputs[478], after the chapter's shuffle",
            example=round(_q3_values()["images[478]"], 4),
        ),
    ],
    check=_q3_check,
    praise=(
        "Right: pixel (3, 2) pushed hardest toward 5 rather than 6. In the picture, this 6 has a "
        "flat bar across row 3 that starts at that pixel, where a 5 has the bar its bowl hangs "
        "from; the ink at (5, 2), low on the loop, pushed toward 6, but not hard enough. Draw "
        "all 64 pushes with draw_digit(..., centred=True) to see them."
    ),
    hints=[
        "Do for test digit 478 what section 12 does for the 8 read as a 1: `pixel_pushes` gives "
        "each pixel's push toward every digit.",
        "Take the pushes toward 5 minus the pushes toward 6: 64 numbers, one per pixel. The "
        "biggest is the pixel that pushed hardest toward 5 rather than 6, and its size is the "
        "answer.",
        "`toward_5.max()` is the push; `divmod(int(np.argmax(toward_5)), 8)` says which pixel "
        "(row, column) gave it.",
    ],
    solution="""pushes = pixel_pushes(test_inputs[478], weights_0_1, weights_1_2)
# each pixel's push toward 5 minus its push toward 6: the biggest is pixel (3, 2)'s
# (divmod(int(np.argmax(...)), 8) gives its (row, column))
my_push = (pushes[:, 5] - pushes[:, 6]).max()
""",
)

# ---------------------------------------------------------------------------------------------
# q4: 97% in at most 10 passes
# ---------------------------------------------------------------------------------------------

TARGET = 0.97
MOST_PASSES = 10
MOST_HIDDEN = 300
SETTINGS = ("hidden_size", "alpha", "iterations", "batch_size")
_SETTINGS_EXAMPLE = "{'hidden_size': 128, 'alpha': 0.3, 'iterations': 10, 'batch_size': 32}"


def _setting(settings, name):
    try:
        return settings[name]
    except Exception:  # noqa: BLE001 - not a dict, or the name is missing
        return None


def _whole(value, low, high):
    return is_number(value) and value == int(value) and low <= value <= high


def _read_settings(my_settings):
    """The four settings as numbers, or NotYet saying which is missing or wrong."""
    if not isinstance(my_settings, dict):
        raise NotYet(f"my_settings should be a dict of the four settings, like {_SETTINGS_EXAMPLE}")
    if any(value is ... for value in my_settings.values()):
        raise NotYet("my_settings still has a `...` in it: fill in all four settings")
    missing = [name for name in SETTINGS if name not in my_settings]
    unknown = [str(name) for name in my_settings if name not in SETTINGS]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(f"it has no {', '.join(missing)}")
        if unknown:
            problems.append(f"{', '.join(unknown)[:60]} is not one of the settings")
        raise NotYet(
            f"my_settings needs exactly hidden_size, alpha, iterations and batch_size: "
            f"{'; '.join(problems)}"
        )
    hidden_size, alpha = my_settings["hidden_size"], my_settings["alpha"]
    iterations, batch_size = my_settings["iterations"], my_settings["batch_size"]
    if not _whole(hidden_size, 1, MOST_HIDDEN):
        raise NotYet(
            f"hidden_size should be a whole number from 1 to {MOST_HIDDEN}: a bigger network "
            "takes longer to train than this check allows"
        )
    if not (is_number(alpha) and 0 < alpha < 100):
        raise NotYet("alpha should be a number above 0, such as 0.1")
    if not _whole(iterations, 1, 10**6):
        raise NotYet("iterations should be a whole number of passes, from 1 to 10")
    if not _whole(batch_size, 1, 1297):
        raise NotYet("batch_size should be a whole number of rows, from 1 to 1297")
    return {
        "hidden_size": int(hidden_size),
        "alpha": float(alpha),
        "iterations": int(iterations),
        "batch_size": int(batch_size),
    }


def _dead_units_in_words(dead, hidden):
    if hidden == 1:
        return "its only hidden unit is dead"
    if dead == hidden:
        return f"all {hidden} hidden units are dead"
    return f"{dead} of the {hidden} hidden units {'is' if dead == 1 else 'are'} dead"


def _q4_check(my_settings):
    settings = _read_settings(my_settings)
    if settings["iterations"] > MOST_PASSES:
        raise NotYet(
            f"iterations is {settings['iterations']}: the challenge is at most {MOST_PASSES} "
            "passes over the training digits"
        )
    history = _train(settings)
    split = _split()
    weights_0_1, weights_1_2 = history.final_weights
    test = tinynn.accuracy(split["test_inputs"], split["test_labels"], weights_0_1, weights_1_2)
    train = tinynn.accuracy(split["train_inputs"], split["train_labels"], weights_0_1, weights_1_2)
    dead = len(tinynn.dead_units(split["train_inputs"], weights_0_1))
    hidden = settings["hidden_size"]
    reached = f"test accuracy {test:.3f} (train {train:.3f})"
    if test >= TARGET:
        return (
            f"Right: {reached} after {settings['iterations']} passes. The chapter's batches "
            "of 32 need more passes: smaller batches make more updates per pass, as long as "
            "alpha is small enough for them. (Choosing settings by their test accuracy uses "
            "the test set a little: real projects keep a third set of examples for that.)"
        )
    if history.diverged or not np.isfinite(history.errors[-1]):
        raise NotYet(f"{reached}: the error ran away (diverged). Try a smaller alpha")
    if dead >= hidden / 2:
        raise NotYet(
            f"{reached}: {_dead_units_in_words(dead, hidden)} (0 for every training digit), "
            f"killed by steps too big for batches of {settings['batch_size']} (section 8). Try "
            "a smaller alpha, or bigger batches"
        )
    if train < 0.995:
        raise NotYet(
            f"{reached}: the network is still learning, even the training digits. It needs "
            "more learning per pass: more updates (smaller batches), or bigger steps (a bigger "
            "alpha, carefully)"
        )
    raise NotYet(
        f"{reached}: it gets almost every training digit right but fewer new ones. More "
        "hidden units, or other settings that learn as fast, may carry over better"
    )


q4 = Exercise(
    key="ch07.q4",
    title="97% in ten passes",
    answer="my_settings",
    mistakes=[
        Mistake(
            lambda answer: _read_settings(answer) == RECIPE,
            "{name} is the chapter's recipe: 100 passes. The challenge is at most 10",
            example=dict(RECIPE),
        ),
        Mistake(
            lambda answer: (
                _read_settings(answer)["batch_size"] == 1 and _read_settings(answer)["alpha"] >= 0.3
            ),
            "{name} updates the weights after every row with alpha 0.3 or more: section 8 "
            "showed that kills the hidden units. One row at a time needs a smaller alpha",
            example={"hidden_size": 128, "alpha": 0.3, "iterations": 10, "batch_size": 1},
        ),
    ],
    check=_q4_check,
    time_limit=20.0,
    hints=[
        "With batches of 32, a pass over the 1,297 training digits makes only 41 updates. "
        "Smaller batches make more updates per pass.",
        "But small batches need a smaller alpha: section 8's network died learning one row at "
        "a time with alpha 0.3, and lived with alpha 0.1.",
        "Keep 128 hidden units and try alpha 0.1 with batch_size 1, or alpha 0.3 with "
        "batch_size 8.",
    ],
    solution="""my_settings = {"hidden_size": 128, "alpha": 0.1, "iterations": 10, "batch_size": 1}
""",
)
