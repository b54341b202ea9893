"""Small data sets the chapters learn from. Each call returns new arrays, safe to change."""

import numpy as np

from tinynn.network import weighted_sum

TRUE_WEIGHTS = (0.5, 0.9, 1.2)


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
