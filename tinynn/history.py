"""A record of learning: the weights, predictions, errors and weight deltas of every iteration."""

import math

import numpy as np

# An error this many times bigger than where learning started means it is running away.
DIVERGENCE_FACTOR = 1e6


class History:
    """What happened while a network learned, one entry per iteration.

    Each entry is recorded *before* that iteration's update, as the book prints it, so
    `errors[-1]` is the book's "final error" and `final_weights` is where the last update left
    the weights. `weight_deltas[i]` is what iteration `i` subtracted from the weights, before
    alpha scaled it (None where a way of learning has no weight deltas, like hot and cold).
    """

    def __init__(
        self, weights=None, preds=None, errors=None, weight_deltas=None, final_weights=None
    ):
        """An empty History to `record` into, or one made of the lists a loop kept itself, one
        entry per iteration (`weight_deltas` None where a way of learning has none)."""
        self.weights = [] if weights is None else weights
        self.preds = [] if preds is None else preds
        self.errors = [] if errors is None else errors
        self.weight_deltas = [None] * len(self.errors) if weight_deltas is None else weight_deltas
        self.final_weights = final_weights
        self.overflowed = False

    def record(self, weights, pred, error, weight_deltas=None):
        """Add one iteration: the weights it started from, its prediction(s), its error and its
        weight deltas."""
        self.weights.append(weights)
        self.preds.append(pred)
        self.errors.append(error)
        self.weight_deltas.append(weight_deltas)

    def __len__(self):
        return len(self.errors)

    @property
    def final_error(self):
        """The error of the last iteration, measured before its update."""
        return self._last(self.errors)

    @property
    def final_pred(self):
        """The prediction(s) of the last iteration, made before its update."""
        return self._last(self.preds)

    def _last(self, values):
        if not values and self.overflowed:
            raise ValueError(
                "this History has no iterations: the very first error was too big for a "
                "float; try smaller numbers or a smaller alpha"
            )
        if not values:
            raise ValueError(
                "this History has no iterations yet: it fills up when learning runs, e.g. "
                "history = learn(0.5, 0.8, 0.5, iterations=20)"
            )
        return values[-1]

    @property
    def diverged(self):
        """True if the error ran away: it grew too big for a float, or a millionfold."""
        return bool(self.message)

    @property
    def message(self):
        """What went wrong, in words, or '' if learning didn't run away."""
        if self.overflowed:
            return (
                f"diverged: after {_iterations(len(self))} the error grew too big for a float, "
                "so learning stopped there; each step overshot by more than the last. "
                "Try a smaller alpha."
            )
        if len(self) < 2:
            return ""
        with np.errstate(over="ignore"):
            totals = np.asarray(self.errors, dtype=np.float64).reshape(len(self), -1).sum(axis=1)
        start, end = float(totals[0]), float(totals[-1])
        if end > DIVERGENCE_FACTOR * max(start, 1e-12) and end > min(totals[-2:]):
            return (
                f"diverged: the error grew from {start:.3g} to {end:.3g} in "
                f"{_iterations(len(self))}; each step overshot by more than the last. "
                "Try a smaller alpha."
            )
        return ""

    def show(self, every=1):
        """Print one line per iteration, `Error: ... Prediction: ...`, as Python prints floats.

        `every=10` prints iterations 10, 20, 30, ... (counting from 1) instead of all of them.
        """
        if isinstance(every, bool) or not isinstance(every, int) or every < 1:
            raise ValueError(
                f"every must be a whole number of at least 1, got {every!r}: every=1 prints "
                "each iteration, every=10 one in ten"
            )
        for i in range(every - 1, len(self), every):
            print(f"Error: {_text(self.errors[i])} Prediction: {_text(self.preds[i])}")

    def tidy(self):
        """End the record at the first error too big for a float (the weights stay where that
        iteration started), and make NumPy scalars plain Python floats. Returns the history."""
        if not _all_finite(self.errors):
            errors = np.asarray(self.errors, dtype=np.float64).reshape(len(self), -1)
            first = int(np.argmin(np.isfinite(errors).all(axis=1)))
            self.final_weights = self.weights[first]
            for values in (self.weights, self.preds, self.errors, self.weight_deltas):
                del values[first:]
            self.overflowed = True
        for values in (self.weights, self.preds, self.errors, self.weight_deltas):
            if _has_numpy_scalars(values):
                values[:] = [_plain(value) for value in values]
        self.final_weights = _plain(self.final_weights)
        return self

    def __repr__(self):
        if not self.errors:
            return "History(no iterations yet)"
        first, last = _text(self.errors[0]), _text(self.errors[-1])
        text = f"History({len(self)} iterations, error {first} -> {last})"
        message = self.message
        return f"{text}\n{message}" if message else text


def _all_finite(errors):
    """Whether every error is a finite number. Squared errors are never negative, so a finite
    sum means finite parts."""
    try:
        with np.errstate(over="ignore"):
            if math.isfinite(sum(errors)):  # quick, but a sum of finite errors can overflow...
                return True
    except TypeError:  # arrays of errors
        pass
    return bool(np.isfinite(np.asarray(errors, dtype=np.float64)).all())  # ...so look closer


def _iterations(count):
    return "1 iteration" if count == 1 else f"{count} iterations"


def _has_numpy_scalars(values):
    """Whether a list of recorded values holds NumPy scalars. A loop records values of one kind,
    or switches kind once, after its first update, so the first and last entries tell."""
    return any(
        isinstance(value, (np.generic, tuple)) or type(value) is np.ndarray and value.ndim == 0
        for value in values[:1] + values[-1:]
    )


def _plain(value):
    if isinstance(value, tuple):
        return tuple(_plain(item) for item in value)
    if isinstance(value, np.ndarray) and value.ndim == 0 or isinstance(value, np.generic):
        return value.item()
    return value


def _text(value):
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=17, separator=", ", floatmode="unique")
    return str(value)
