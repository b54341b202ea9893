"""Small data sets the chapters learn from. Each call returns new arrays, safe to change."""

import gzip
import hashlib
import io
from pathlib import Path

import numpy as np

from tinynn.network import weighted_sum

TRUE_WEIGHTS = (0.5, 0.9, 1.2)
TEST_SIZE = 500  # chapter 7's test set: 500 of the 1,797 digits...
SPLIT_SEED = 0  # ...picked by a shuffle with this seed

# The 8x8 handwritten digits (chapter 7): scikit-learn's copy of the UCI test set, unchanged.
# Source, licence (CC BY 4.0) and how the file was obtained: tinynn/datasets/README.md.
DIGITS_FILE = Path(__file__).parent / "datasets" / "digits.csv.gz"
DIGITS_SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"
DIGITS_BYTES = 57_523
DIGITS_ROWS = 1797


def streetlights():
    """The streetlights problem (chapter 6): three lights on or off, and whether to walk (1)
    or stop (0). Returns `(inputs, walk_vs_stop)` with shapes (4, 3) and (4, 1).
    """
    inputs = np.array([[1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 1]], dtype=np.float64)
    walk_vs_stop = np.array([[1], [1], [0], [0]], dtype=np.float64)
    return inputs, walk_vs_stop


def linear_data(true_weights=TRUE_WEIGHTS, rows=8, seed=0):
    """A data set whose goals are exact weighted sums of its inputs (chapter 5).

    The inputs are whole numbers from 1 to 9, drawn from `seed`; with three weights the first
    row is always `[6, 5, 5]`, whose goal with the default weights is 13.5. Returns
    `(inputs, goal_preds)` with shapes `(rows, len(true_weights))` and `(rows,)`.
    """
    random = np.random.default_rng(seed)
    inputs = random.integers(1, 10, size=(rows, len(true_weights))).astype(np.float64)
    if len(true_weights) == 3:
        inputs[0] = [6, 5, 5]
    goal_preds = np.array([weighted_sum(row, true_weights) for row in inputs])
    return inputs, goal_preds


class DataFileError(OSError):
    """A data file that ships with tinynn is missing, unreadable or damaged."""


_WHAT_TO_TRY = (
    "the file ships with tinynn: in a clone of the course, `git checkout -- "
    "tinynn/datasets/digits.csv.gz` restores it (or clone the course again), then reinstall "
    "with `make venv` or `pip install -e .`; if tinynn was installed some other way, reinstall "
    "it the same way with --force-reinstall"
)


def load_digits():
    """The 1,797 handwritten digits of chapter 7, each 8x8 pixels, as `(images, labels)`.

    `images` has shape (1797, 64): one row per image, its 8 rows of 8 pixels one after
    another, each pixel a whole number from 0 (blank) to 16 (full ink); `reshape(8, 8)` shows
    a row as a picture. `labels` has shape (1797,): the digit each image shows, 0 to 9. The
    file is checked against its known SHA-256 first: nothing is downloaded, ever.
    """
    try:
        compressed = DIGITS_FILE.read_bytes()
    except FileNotFoundError:
        raise DataFileError(
            f"the digits data file is missing: there is no {DIGITS_FILE}; {_WHAT_TO_TRY}"
        ) from None
    except OSError as error:
        raise DataFileError(
            f"the digits data file can't be read: {DIGITS_FILE} ({error.strerror}); {_WHAT_TO_TRY}"
        ) from None
    checksum = hashlib.sha256(compressed).hexdigest()
    if checksum != DIGITS_SHA256:
        raise DataFileError(
            f"the digits data file is damaged: {DIGITS_FILE} has {len(compressed):,} bytes and "
            f"SHA-256 {checksum}, but the real one has {DIGITS_BYTES:,} bytes and SHA-256 "
            f"{DIGITS_SHA256}; {_WHAT_TO_TRY}"
        )
    table = np.loadtxt(io.BytesIO(gzip.decompress(compressed)), delimiter=",", dtype=np.int64)
    return table[:, :64].astype(np.float64), table[:, 64].copy()


def split_digits(test_size=TEST_SIZE, seed=SPLIT_SEED):
    """Chapter 7's digits, split into pictures to learn from and pictures to test on, as
    `(train_inputs, train_labels, test_inputs, test_labels)`.

    A shuffle seeded with `seed` puts the digits in a random order that is the same every
    time; its first `test_size` pictures are the test set, the rest the training set. Pixels
    are divided by 16, so each is between 0 and 1.
    """
    images, labels = load_digits()
    order = np.random.default_rng(seed).permutation(len(labels))
    test_rows, train_rows = order[:test_size], order[test_size:]
    return images[train_rows] / 16, labels[train_rows], images[test_rows] / 16, labels[test_rows]
