"""Exercises for chapter 7: handwritten digits, one output per digit, accuracy, mini-batches.

`chapter_digits()` makes the chapter's split and trains its network, as sections 4 and 7 do,
for the checks that need them (and for `widgets.digit_explorer` when it is given nothing).
"""

import functools

import numpy as np

import tinynn
from tinynn.exercises import Case, Exercise, Mistake, NotYet, is_number
from tinynn.plots import pixel_pushes

# ---------------------------------------------------------------------------------------------
# The chapter's split and network
# ---------------------------------------------------------------------------------------------

SPLIT_SEED = 0
TEST_ROWS = 500
WEIGHT_SEED = 1
WEIGHT_SCALE = 0.1
RECIPE = {"hidden_size": 128, "alpha": 0.3, "iterations": 100, "batch_size": 32}


@functools.cache
def _split():
    images, labels = tinynn.load_digits()
    order = np.random.default_rng(SPLIT_SEED).permutation(len(labels))
    test_rows, train_rows = order[:TEST_ROWS], order[TEST_ROWS:]
    return {
        "train_inputs": images[train_rows] / 16,
        "train_labels": labels[train_rows],
        "test_inputs": images[test_rows] / 16,
        "test_labels": labels[test_rows],
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
    """The chapter's split (section 4: a shuffle seeded with 0, the first 500 rows for the
    test set, pixels divided by 16) and its network trained as in section 7, as a dict of new
    arrays: `train_inputs`, `train_labels`, `test_inputs`, `test_labels`, `weights_0_1`,
    `weights_1_2`. The first call trains (a fraction of a second); later ones copy.
    """
    weights_0_1, weights_1_2 = _chapter_weights()
    digits = {**_split(), "weights_0_1": weights_0_1, "weights_1_2": weights_1_2}
    return {name: array.copy() for name, array in digits.items()}


def _accuracy(inputs, labels, weights_0_1, weights_1_2):
    """How often the biggest of the network's ten outputs is the right digit, as a fraction."""
    _, layer_2 = tinynn.forward(inputs, weights_0_1, weights_1_2)
    return float(np.mean(np.argmax(layer_2, axis=1) == labels))


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


def _layers(pixels, weights_0_1, weights_1_2):
    layer_0 = np.asarray(pixels, dtype=np.float64) / 16
    layer_1 = np.maximum(layer_0.dot(weights_0_1), 0.0)
    return layer_1, layer_1.dot(weights_1_2)


def _read_digit(pixels, weights_0_1, weights_1_2):
    _, layer_2 = _layers(pixels, weights_0_1, weights_1_2)
    return int(np.argmax(layer_2))


q2 = Exercise(
    key="ch07.q2",
    title="Read a digit by hand",
    answer="my_read_digit",
    expect=_read_digit,
    cases=[Case(picture, *_Q2_WEIGHTS) for picture in _Q2_PICTURES],
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
# q3: explain a misclassification: which pixel pushed hardest
# ---------------------------------------------------------------------------------------------

Q3_TEST_DIGIT = 478  # a 6 the chapter's network reads as a 5
Q3_SAID, Q3_TRUTH = 5, 6


@functools.cache
def _q3_pushes():
    """The pushes toward 5 rather than 6 of each pixel of test digit 478, as an 8x8 table,
    and the same worked out with the three mistakes learners make."""
    digits = chapter_digits()
    layer_0 = digits["test_inputs"][Q3_TEST_DIGIT]
    weights_0_1, weights_1_2 = digits["weights_0_1"], digits["weights_1_2"]
    pushes = pixel_pushes(layer_0, weights_0_1, weights_1_2)
    toward = (pushes[:, Q3_SAID] - pushes[:, Q3_TRUTH]).reshape(8, 8)
    layer_1 = np.maximum(layer_0.dot(weights_0_1), 0.0)
    pixel_weights = weights_0_1[:, layer_1 > 0].dot(weights_1_2[layer_1 > 0])
    weights_only = (pixel_weights[:, Q3_SAID] - pixel_weights[:, Q3_TRUTH]).reshape(8, 8)
    every_unit = layer_0 * weights_0_1.dot(weights_1_2[:, Q3_SAID] - weights_1_2[:, Q3_TRUTH])
    return {
        "toward": toward,
        "pixels": layer_0.reshape(8, 8),
        "weights_only": weights_only,
        "every_unit": every_unit.reshape(8, 8),
    }


def _biggest(table):
    row, column = np.unravel_index(int(np.argmax(table)), table.shape)
    return (int(row), int(column))


def _q3_answer():
    return _biggest(_q3_pushes()["toward"])


def _is_pixel(answer, pixel):
    """Whether `answer` is the pair `pixel` (a tuple, a list or an array of two numbers)."""
    try:
        return np.shape(answer) == (2,) and all(
            is_number(a) and a == b for a, b in zip(answer, pixel)
        )
    except Exception:  # noqa: BLE001 - anything that isn't a pair isn't this pixel
        return False


def _flat_index(answer):
    try:
        row, column = _q3_answer()
        return is_number(answer) and answer == 8 * row + column
    except Exception:  # noqa: BLE001
        return False


def _q3_check(my_pixel):
    """For a wrong pixel no listed mistake explains: say what that pixel did."""
    if is_number(my_pixel):
        raise NotYet(
            "my_pixel is a single number: give two, (row, column), each from 0 to 7 (a "
            "position counted along the rows is row * 8 + column)"
        )
    try:
        row, column = (int(value) for value in my_pixel)
        whole = all(is_number(value) and value == int(value) for value in my_pixel)
    except Exception:  # noqa: BLE001 - not two numbers
        whole = False
    if not whole or not (0 <= row < 8 and 0 <= column < 8):
        raise NotYet(
            "my_pixel should be two whole numbers, (row, column), each from 0 (top, left) to "
            "7 (bottom, right)"
        )
    pushes = _q3_pushes()
    if pushes["pixels"][row, column] == 0:
        raise NotYet(
            f"pixel ({row}, {column}) is blank in this picture: a blank pixel pushes nothing, "
            "whatever its weights (pixel times weight is 0). Look among the inked ones"
        )
    push = pushes["toward"][row, column]
    if push <= 0:
        raise NotYet(
            f"pixel ({row}, {column}) pushes toward 6, the right answer: find the pixel whose "
            "push toward 5 rather than 6 is biggest"
        )
    raise NotYet(
        f"pixel ({row}, {column}) does push toward 5 rather than 6, but another pushes harder: "
        "compare all 64 and take the biggest"
    )


q3 = Exercise(
    key="ch07.q3",
    title="Which pixel made it say 5?",
    answer="my_pixel",
    expect=_q3_answer,
    mistakes=[
        Mistake(
            lambda answer: _is_pixel(answer, _biggest(-_q3_pushes()["toward"])),
            "{name} is the pixel that pushed hardest toward 6, the right answer: the question "
            "is which pushed hardest toward 5 (pushes toward 5 minus pushes toward 6)",
            example=(5, 2),
        ),
        Mistake(
            lambda answer: _is_pixel(answer, _biggest(_q3_pushes()["weights_only"])),
            "{name} has the biggest weight toward 5 rather than 6, but a push is the pixel "
            "times its weight: multiply by the picture's pixels",
            example=(0, 2),
        ),
        Mistake(
            lambda answer: _is_pixel(answer, _biggest(_q3_pushes()["every_unit"])),
            "{name} comes from every hidden unit: only the units above 0 for this picture pass "
            "anything on (relu), so only they count in a pixel's weight",
            example=(1, 3),
        ),
        Mistake(
            lambda answer: _is_pixel(answer, _q3_answer()[::-1]),
            "{name} has the row and the column swapped: give (row, column), the row counted "
            "from the top",
            example=(2, 3),
        ),
        Mistake(
            lambda answer: _is_pixel(answer, tuple(x + 1 for x in _q3_answer())),
            "{name} counts from 1: rows and columns count from 0, as Python does, so the top "
            "left pixel is (0, 0)",
            example=(4, 3),
        ),
        Mistake(
            _flat_index,
            "{name} is the pixel's position among the 64: give (row, column) instead, with "
            "`divmod(position, 8)`",
            example=26,
        ),
    ],
    check=_q3_check,
    praise=(
        "Right: pixel (3, 2) pushed hardest toward 5. In the picture, this 6 has a flat bar "
        "across row 3 that starts at that pixel, where a 5 has the bar its bowl hangs from; "
        "the ink at (5, 2), low on the loop, pushed toward 6, but not hard enough. Draw all 64 "
        "pushes with draw_digit(..., centred=True) to see them."
    ),
    hints=[
        "Do for test digit 478 what section 12 does for the 8 read as a 1: `pixel_pushes` (or "
        "your own lines) gives each pixel's push toward every digit.",
        "Take the pushes toward 5 minus the pushes toward 6: 64 numbers. The biggest is the "
        "pixel that pushed hardest toward 5 rather than 6.",
        "`np.argmax` gives its position among the 64; `divmod(position, 8)` turns that into "
        "(row, column).",
    ],
    solution="""# pushes = pixel_pushes(test_inputs[478], weights_0_1, weights_1_2)
# toward_5 = pushes[:, 5] - pushes[:, 6]
# divmod(int(np.argmax(toward_5)), 8) gives (row, column):
my_pixel = (3, 2)
""",
)

# ---------------------------------------------------------------------------------------------
# q4: 97% in at most 10 passes
# ---------------------------------------------------------------------------------------------

TARGET = 0.97
MOST_PASSES = 10
MOST_HIDDEN = 1000
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
    test = _accuracy(split["test_inputs"], split["test_labels"], weights_0_1, weights_1_2)
    train = _accuracy(split["train_inputs"], split["train_labels"], weights_0_1, weights_1_2)
    layer_1, _ = tinynn.forward(split["train_inputs"], weights_0_1, weights_1_2)
    dead = int(np.sum(np.max(layer_1, axis=0) <= 0))
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
            f"{reached}: {dead} of the {hidden} hidden units are dead (0 for every training "
            f"digit), killed by steps too big for batches of {settings['batch_size']} "
            "(section 8). Try a smaller alpha, or bigger batches"
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
