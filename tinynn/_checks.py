"""Checks on the values learners pass in, with messages that say what to try.

Every message has three parts: what is wrong, the value that was given, and what to try.
"""

import numbers

import numpy as np


def number(name, value, hint="pass a plain number such as 0.5"):
    """Return `value` as a Python float, or raise if it is not a finite real number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r} ({type(value).__name__}): {hint}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}: {hint}")
    return value


def positive(name, value, hint):
    """Return `value` as a float, or raise if it is not a positive finite number."""
    value = number(name, value, hint)
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {value!r}: {hint}")
    return value


def count(name, value, hint):
    """Return `value` as an int, or raise if it is not a whole number of at least 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {value!r}: {hint}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value!r}: {hint}")
    return int(value)


def array(name, value, ndims=(0, 1, 2), hint="pass a number, a list of numbers or a NumPy array"):
    """Return `value` as a new float64 array with one of `ndims` dimensions, or raise."""
    if isinstance(value, (str, bytes, dict, set)) or value is None:
        raise TypeError(f"{name} must be numbers, got {value!r}: {hint}")
    try:
        result = np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be numbers, got {value!r}: {hint}") from None
    if result.ndim not in ndims:
        wanted = " or ".join(_DIMENSIONS[n] for n in ndims)
        raise ValueError(f"{name} must be {wanted}, got an array of shape {result.shape}: {hint}")
    if result.size == 0:
        raise ValueError(f"{name} is empty (shape {result.shape}): it needs at least one number")
    if not np.all(np.isfinite(result)):
        raise ValueError(f"{name} contains NaN or infinity, got {value!r}: {hint}")
    return result


def scalar_or_array(name, value, ndims=(0, 1, 2)):
    """Return a float for a single number, or a new float64 array for anything bigger."""
    result = array(name, value, ndims)
    return float(result) if result.ndim == 0 else result


_DIMENSIONS = {
    0: "a single number",
    1: "a list of numbers (one dimension)",
    2: "a table of numbers (two dimensions)",
}
