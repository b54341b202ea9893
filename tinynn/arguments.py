"""Arguments: what each argument of a tinynn function may be, checked once, at the door.

The modules `network`, `losses`, `learning`, `gradients` and `data` hold the book's arithmetic
and nothing else; inside the library they call each other directly, so a loop runs as fast as
one written by hand. The `tinynn` namespace holds a checked version of each public function:
`checked(function)` looks at every argument once, where a call from outside comes in, and hands
the function clean values (Python floats for single numbers, new float64 arrays for the rest).
What each argument may be goes by its name (`KINDS`: one vocabulary across the library);
whether the arguments fit together (shapes, lengths) is the `fit` each checked function is
given beside it (`tinynn.shapes`). Anything wrong raises a TypeError (the wrong kind of thing)
or a ValueError (the wrong value or shape) in three parts: what is wrong, the value that was
given, and what to try.

On the way out, NumPy scalars become Python floats, and a History ends at the first error too
big for a float. Python's floats raise OverflowError where NumPy's quietly give infinity, so a
call that overflows is run again on NumPy floats: overflow always means infinity, never a crash.
"""

import functools
import inspect
import math
import numbers

import numpy as np

from tinynn.history import History

# ---------------------------------------------------------------------------------------------
# What each argument may be, by its name
# ---------------------------------------------------------------------------------------------

ALPHA_HINT = "alpha scales each step; try 0.1, or 1.0 for the plain step"
NUMBERS_HINT = "pass a number, a list of numbers or a NumPy array"
MOST_ITERATIONS = 10_000_000
MOST_UNITS = 100_000


def brief(value, limit=60):
    """`repr(value)`, cut short so that a huge value can't flood a message."""
    try:
        text = f"np.array({value.tolist()!r})" if isinstance(value, np.ndarray) else repr(value)
    except Exception:  # noqa: BLE001 - a repr that raises
        text = f"<{type(value).__name__}>"
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def number(hint="pass a plain number such as 0.5"):
    """A single real, finite number, handed back as a Python float."""

    def check(name, value):
        if isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{name} must be a number, got {value!r} (True/False): {hint}")
        if isinstance(value, np.ndarray) and value.ndim == 0:
            value = value[()]
        if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
            raise TypeError(f"{name} must be a real number, got {brief(value)} (complex): {hint}")
        if not isinstance(value, numbers.Real):
            kind = type(value).__name__
            raise TypeError(f"{name} must be a number, got {brief(value)} ({kind}): {hint}")
        try:
            value = float(value)
        except OverflowError:
            raise ValueError(
                f"{name} is too big for a float, got {brief(value)}: floats stop near 1.8e308; "
                f"{hint}"
            ) from None
        except Exception:  # noqa: BLE001 - a number-like object that can't become a float
            raise TypeError(
                f"{name} must be a number Python can turn into a float, got {brief(value)}: {hint}"
            ) from None
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}: {hint}")
        return value

    return check


def positive(hint):
    """A real number above 0, as a Python float."""
    as_number = number(hint)

    def check(name, value):
        value = as_number(name, value)
        if value <= 0:
            raise ValueError(f"{name} must be positive, got {value!r}: {hint}")
        return value

    return check


def count(hint, most):
    """A whole number from 1 to `most`, as a Python int."""

    def check(name, value):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
            raise TypeError(f"{name} must be a whole number, got {brief(value)}: {hint}")
        value = int(value)
        if value < 1:
            raise ValueError(f"{name} must be at least 1, got {value}: {hint}")
        if value > most:
            raise ValueError(f"{name} must be at most {most:,}, got {brief(value)}: {hint}")
        return value

    return check


def seed(name, value):
    """A whole number from 0 to 2**32 - 1: the same seed always gives the same numbers."""
    hint = "pass a whole number such as 1; the same seed always draws the same numbers"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {brief(value)}: {hint}")
    if not 0 <= value < 2**32:
        raise ValueError(f"{name} must be between 0 and 2**32 - 1, got {brief(value)}: {hint}")
    return int(value)


def flag(name, value):
    """True or False."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(
            f"{name} must be True or False, got {brief(value)}: write {name}=True or {name}=False"
        )
    return bool(value)


def array(ndims, hint=NUMBERS_HINT):
    """Real, finite numbers with one of `ndims` dimensions: a Python float for a single number
    (when 0 is allowed), otherwise a new float64 array (so the caller's array is never touched).
    """

    def check(name, value):
        result = _float_array(name, value, hint)
        if result.size == 0:
            raise ValueError(f"{name} is empty (shape {result.shape}): it needs numbers; {hint}")
        if result.ndim not in ndims:
            wanted = " or ".join(DIMENSIONS[n] for n in ndims)
            got = "a single number" if result.ndim == 0 else f"an array of shape {result.shape}"
            raise ValueError(f"{name} must be {wanted}, got {got}: {hint}")
        if not np.all(np.isfinite(result)):
            raise ValueError(f"{name} contains NaN or infinity, got {brief(value)}: {hint}")
        return float(result) if result.ndim == 0 else result

    return check


DIMENSIONS = {
    0: "a single number",
    1: "a list of numbers (one dimension)",
    2: "a table of numbers (two dimensions)",
}


def _float_array(name, value, hint):
    if value is None or isinstance(value, (str, bytes, dict, set, frozenset)) or callable(value):
        raise TypeError(f"{name} must be numbers, got {brief(value)}: {hint}")
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be numbers, got {value!r} (True/False): {hint}")
    try:
        raw = np.asarray(value)
    except Exception:  # noqa: BLE001 - ragged lists and objects that refuse to be arrays
        raise TypeError(
            f"{name} must be numbers, every row the same length, got {brief(value)}: {hint}"
        ) from None
    if raw.dtype.kind == "b":
        raise TypeError(f"{name} must be numbers, got True/False values {brief(value)}: {hint}")
    if raw.dtype.kind == "c":
        raise TypeError(f"{name} must be real numbers, got complex {brief(value)}: {hint}")
    if raw.dtype.kind not in "iufO":
        raise TypeError(f"{name} must be numbers, got {brief(value)}: {hint}")
    if raw.dtype.kind == "O" and not all(_is_real(item) for item in raw.flat):
        raise TypeError(f"{name} must be numbers, got {brief(value)}: {hint}")
    try:
        return raw.astype(np.float64)
    except OverflowError:
        raise ValueError(
            f"{name} holds a number too big for a float, got {brief(value)}: floats stop near "
            f"1.8e308; {hint}"
        ) from None
    except Exception:  # noqa: BLE001 - number-like objects that can't become floats
        raise TypeError(
            f"{name} must be numbers Python can turn into floats, got {brief(value)}: {hint}"
        ) from None


def _is_real(item):
    return isinstance(item, numbers.Real) and not isinstance(item, (bool, np.bool_))


def frozen(name, value):
    """None, or True/False for each weight: handed back as None or a NumPy array of bools.
    (Whether its shape fits the weights is checked with the weights.)"""
    hint = "for example [True, False, False] holds the first of three weights still"
    if value is None:
        return None
    if isinstance(value, (str, bytes, dict, set)) or callable(value):
        raise TypeError(f"{name} must be True/False for each weight, got {brief(value)}: {hint}")
    try:
        mask = np.asarray(value)
    except Exception:  # noqa: BLE001
        raise TypeError(
            f"{name} must be True/False for each weight, got {brief(value)}: {hint}"
        ) from None
    if mask.dtype.kind != "b":
        raise TypeError(f"{name} must be True/False for each weight, got {brief(value)}: {hint}")
    return mask.copy()


def function(name, value):
    """A function that returns a number: handed back wrapped, so that a wrong return value is
    named as such instead of surfacing as a puzzling error in the arithmetic."""
    if not callable(value):
        raise TypeError(
            f"{name} must be a function, got {brief(value)}: pass a function of the weight(s) "
            "that returns the error, e.g. lambda weight: (0.5 * weight - 0.8) ** 2"
        )

    @functools.wraps(value)
    def returning_a_number(*args):
        result = value(*args)
        if isinstance(result, np.ndarray) and result.size == 1:
            result = result.reshape(())[()]
        if isinstance(result, (bool, np.bool_)) or not isinstance(result, numbers.Real):
            raise TypeError(
                f"{name} must return a number, but it returned {brief(result)}: make it "
                "return the error as a single number"
            )
        return result

    return returning_a_number


def arrays(name, value):
    """A non-empty list of arrays of numbers (e.g. `[weights_0_1, weights_1_2]`), each new."""
    hint = "pass a list of weight arrays, e.g. [weights_0_1, weights_1_2]"
    if isinstance(value, np.ndarray):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be a list of arrays, got {brief(value)}: {hint}")
    if len(value) == 0:
        raise ValueError(f"{name} is an empty list: {hint}")
    as_array = array((0, 1, 2), hint)
    return [np.array(as_array(f"{name}[{i}]", item)) for i, item in enumerate(value)]


def axes(name, value):
    """A matplotlib Axes to draw on. (Where the argument may be left out, its default None
    draws a new figure: `checked` allows None for every argument whose default is None.)"""
    if not hasattr(value, "plot") or not hasattr(value, "figure"):
        raise TypeError(
            f"{name} must be a matplotlib Axes, got {brief(value)}: pass one from "
            "plt.subplots(), e.g. fig, ax = plt.subplots()"
        )
    return value


def optional(kind):
    """None, or what `kind` allows."""

    def check(name, value):
        return None if value is None else kind(name, value)

    return check


def text(name, value):
    """A string, e.g. a label."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be text (a str), got {brief(value)}: e.g. 'prediction'")
    return value


def history(name, value):
    """A History with at least one iteration in it."""
    if not isinstance(value, History):
        raise TypeError(
            f"{name} must be a History, got {brief(value)}: pass what learn(...) returns"
        )
    if len(value) == 0:
        raise ValueError(f"{name} has no iterations yet: pass what learn(...) returns")
    return value


def histories(name, value):
    """A dict of labels to Histories."""
    if not isinstance(value, dict) or not value:
        raise TypeError(
            f"{name} must be a dict of labels to Histories, got {brief(value)}: e.g. "
            "{'alpha 0.1': learn(2, 0.8, 0.5, alpha=0.1)}"
        )
    return {
        text(f"{name}'s label", label): history(f"{name}[{label!r}]", run)
        for label, run in value.items()
    }


def series(name, value):
    """One number (or array of numbers, summed) per iteration, e.g. `history.errors`: a list of
    floats. Infinity and NaN are allowed: a picture leaves them out."""
    hint = "pass one number per iteration, e.g. history.errors"
    if isinstance(value, (str, bytes, dict, set)) or value is None or callable(value):
        raise TypeError(f"{name} must be a list of numbers, got {brief(value)}: {hint}")
    try:
        items = list(value)
    except TypeError:
        raise TypeError(f"{name} must be a list of numbers, got {brief(value)}: {hint}") from None
    if not items:
        raise ValueError(f"{name} is empty: {hint}")
    totals = []
    for i, item in enumerate(items):
        as_numbers = _float_array(f"{name}[{i}]", item, hint)
        totals.append(float(np.sum(as_numbers)) if as_numbers.size else float("nan"))
    return totals


def interval(low_kind=None):
    """A pair `(low, high)` with low < high, each end of `low_kind` (any number by default)."""
    low_kind = low_kind or number()

    def check(name, value):
        hint = "pass two numbers, the low end first, e.g. (0.1, 6.0)"
        if not isinstance(value, (tuple, list)) or len(value) != 2:
            raise TypeError(f"{name} must be a pair (low, high), got {brief(value)}: {hint}")
        low, high = (low_kind(f"{name}[{i}]", end) for i, end in enumerate(value))
        if not low < high:
            raise ValueError(f"{name} must have low < high, got {brief(value)}: {hint}")
        return (low, high)

    return check


def pairs(first, second):
    """A list of `(first, second)` pairs, e.g. `[(2, 0.1), (5, 0.1)]`."""

    def check(name, value):
        hint = "pass a list of pairs, e.g. [(2, 1.0), (2, 0.1)]"
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"{name} must be a list of pairs, got {brief(value)}: {hint}")
        checked_pairs = []
        for i, pair in enumerate(value):
            if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                raise TypeError(f"{name}[{i}] must be a pair, got {brief(pair)}: {hint}")
            checked_pairs.append(
                (first(f"{name}[{i}][0]", pair[0]), second(f"{name}[{i}][1]", pair[1]))
            )
        return checked_pairs

    return check


def axes_pair(name, value):
    """Two matplotlib Axes side by side."""
    try:
        left, right = value
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be two matplotlib Axes, got {brief(value)}: pass the axes of "
            "plt.subplots(1, 2)"
        ) from None
    axes(f"{name}[0]", left), axes(f"{name}[1]", right)
    return value


def colour(name, value):
    """None (matplotlib's next colour) or a colour matplotlib knows, e.g. 'tab:blue'."""
    if value is None:
        return None
    from matplotlib.colors import is_color_like

    if not is_color_like(value):
        raise ValueError(f"{name} must be a colour, got {brief(value)}: e.g. 'tab:blue'")
    return value


def labels(name, value):
    """Whole numbers from 0 up, one per row, e.g. which digit each picture shows: a new array
    of ints. (Whether each is below the number of outputs is checked with the weights.)"""
    hint = "one whole number from 0 up per row, e.g. test_labels"
    numbers = array((1,), hint)(name, value)
    if not np.all((numbers == np.round(numbers)) & (numbers >= 0)):
        raise ValueError(f"{name} must be whole numbers from 0 up, got {brief(value)}: {hint}")
    return numbers.astype(int)


def whole_number(name, value):
    """Any whole number (not True/False), as an int."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {brief(value)}: e.g. 1")
    if abs(value) > MOST_ITERATIONS:
        raise ValueError(
            f"{name} must be at most {MOST_ITERATIONS:,} in size, got {brief(value)}: e.g. 1"
        )
    return int(value)


# The kind of each argument, by its name: one vocabulary across the library.
KINDS = {
    "input": array((0, 1), "pass a number, or a list of numbers, one per input"),
    "inputs": array((2,), "one row of inputs per example, e.g. [[8.5, 0.65], [9.5, 0.8]]"),
    "layer_0": array((1, 2), "one row of inputs, or a table with one row per example"),
    "weight": number("pass a plain number such as 0.5"),
    "weights": array((0, 1, 2)),
    "weights_0_1": array((2,), "a table with one row per input and one column per hidden unit"),
    "weights_1_2": array((2,), "a table with one row per hidden unit and one column per output"),
    "goal_pred": array((0, 1), "pass a number, or a list with one goal per output"),
    "goal_preds": array((1, 2), "one goal per example, or one row of goals per example"),
    "pred": array((0, 1, 2)),
    "preds": array((0, 1, 2)),
    "delta": array((0, 1), "delta = pred - goal_pred: a number, or one per output"),
    "x": array((0, 1, 2)),
    "output": array((0, 1, 2)),
    "alpha": positive(ALPHA_HINT),
    "step_amount": positive("step_amount is how far each try moves the weight; try 0.001"),
    "nudge": positive("the nudge is how far each weight is moved to measure; try 1e-5"),
    "iterations": count("an iteration is one pass of learning; try 20", MOST_ITERATIONS),
    "batch_size": count("rows per update; try 1, or 100 for a big data set", MOST_UNITS),
    "frozen": frozen,
    "n_inputs": count("a 3-4-1 network has 3 inputs", MOST_UNITS),
    "hidden_size": count("a 3-4-1 network has 4 hidden units", MOST_UNITS),
    "n_outputs": count("a 3-4-1 network has 1 output", MOST_UNITS),
    "rows": count("try 8", MOST_UNITS),
    "seed": seed,
    "scale": positive("scale shrinks the starting weights; try 1.0, or 0.1 for many inputs"),
    "true_weights": array((1,), "one weight per input, e.g. [0.5, 0.9, 1.2]"),
    "error_of": function,
    "slopes": arrays,
    "other_slopes": arrays,
    "labels": labels,
    "ax": axes,
    "axes": axes_pair,
}


# ---------------------------------------------------------------------------------------------
# The checked version of a function
# ---------------------------------------------------------------------------------------------


def checked(function=None, fit=None, **overrides):
    """`function` with every argument checked on the way in and its result made plain on the
    way out. Its source, signature and docstring stay those of `function`. Arguments are
    checked by their names (`KINDS`); `overrides` gives other kinds for some of them; `fit`,
    if given, is called with all the checked values to say whether they fit together (it may
    reshape them, e.g. one row into a table of one row). Used bare (`checked(f)`) or as a
    decorator (`@checked(fit=..., span=...)`).
    """
    if function is None:
        return lambda function: checked(function, fit, **overrides)
    signature = inspect.signature(function)
    name = function.__name__
    kinds = {**KINDS, **overrides}
    kinds = {
        param: optional(kinds[param])
        if signature.parameters[param].default is None
        else kinds[param]
        for param in signature.parameters
        if param in kinds
    }

    @functools.wraps(function)
    def checked_function(*args, **kwargs):
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as error:
            raise TypeError(f"{name}{signature}: {error}") from None
        bound.apply_defaults()
        values = dict(bound.arguments)
        for param, kind in kinds.items():
            values[param] = kind(param, values[param])
        if fit is not None:
            fit(values)
        with np.errstate(all="ignore"):
            try:
                result = function(**values)
            except OverflowError:  # a Python float got too big: again in NumPy floats
                result = function(**{k: numpy_float(v) for k, v in values.items()})
        return plain(result)

    return checked_function


def numpy_float(value):
    return np.float64(value) if type(value) is float else value


def plain(result):
    """NumPy scalars as Python numbers, inside tuples and lists too; a History made tidy."""
    if isinstance(result, History):
        return result.tidy()
    if isinstance(result, tuple):
        return tuple(plain(item) for item in result)
    if isinstance(result, np.ndarray) and result.ndim == 0:
        return result.item()
    if isinstance(result, np.generic):
        return result.item()
    return result
