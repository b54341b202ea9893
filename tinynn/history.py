"""A record of learning: what the weights, predictions and errors were at every step."""

import math

import numpy as np

# An error this many times bigger than where learning started means it is running away.
DIVERGENCE_FACTOR = 1e6


class History:
    """What happened while a network learned, one entry per step.

    Each entry is recorded *before* that step's update, as the book prints it, so `errors[-1]`
    is the book's "final error" and `final_weights` is where the last update left the weights.
    """

    def __init__(self):
        self.weights = []
        self.preds = []
        self.errors = []
        self.final_weights = None
        self.diverged = False
        self.message = ""

    def record(self, weights, pred, error):
        """Add one step: the weights it started from, its prediction(s) and its error."""
        self.weights.append(_copy(weights))
        self.preds.append(_copy(pred))
        self.errors.append(_copy(error))

    def __len__(self):
        return len(self.errors)

    @property
    def final_error(self):
        """The error of the last step, measured before its update."""
        return self.errors[-1]

    @property
    def final_pred(self):
        """The prediction(s) of the last step, made before its update."""
        return self.preds[-1]

    def show(self, every=1):
        """Print one line per step, `Error: ... Prediction: ...`, as Python prints floats.

        `every=10` prints steps 10, 20, 30, ... (counting from 1) instead of all of them.
        """
        for step in range(every - 1, len(self), every):
            print(f"Error: {_text(self.errors[step])} Prediction: {_text(self.preds[step])}")

    def check_divergence(self):
        """Set `diverged` and `message` if the error ran away; return True if it did."""
        totals = [float(np.sum(error)) for error in self.errors]
        if not totals:
            return False
        start, end = totals[0], totals[-1]
        if not all(math.isfinite(total) for total in totals):
            self.diverged = True
            self.message = (
                f"diverged: the error overflowed to {end} after {len(totals)} steps, so learning "
                "stopped there; each step overshot by more than the last. Try a smaller alpha."
            )
        elif end > DIVERGENCE_FACTOR * max(start, 1e-12) and end > min(totals[-2:]):
            self.diverged = True
            self.message = (
                f"diverged: the error grew from {start:.3g} to {end:.3g} in {len(totals)} steps; "
                "each step overshot by more than the last. Try a smaller alpha."
            )
        return self.diverged

    def __repr__(self):
        if not self.errors:
            return "History(no steps yet)"
        first, last = _text(self.errors[0]), _text(self.errors[-1])
        text = f"History({len(self)} steps, error {first} -> {last})"
        return f"{text}\n{self.message}" if self.message else text


def _copy(value):
    return value.copy() if isinstance(value, np.ndarray) else value


def _text(value):
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=17, separator=", ", floatmode="unique")
    return str(value)
