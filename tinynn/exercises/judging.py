"""Judging the values a learner's answer produced: close enough, or what is wrong with them.

`expect_number(got, 0.25, "my_error")` returns the number when it is right and raises NotYet
otherwise, saying whether it is too big or too small, of the wrong type, NaN or infinite, but
never what the right value is. `expect_array` does the same for arrays, naming the first entry
that is off. These functions only look at values: they never run the learner's code, which is
what lets the grader judge in its own process what a kernel handed back.
"""

import math
import numbers
import warnings

import numpy as np

from tinynn.exercises.describing import count, short_repr, type_name
from tinynn.exercises.outcomes import NotAttempted, NotYet
from tinynn.exercises.running import has_ellipsis, last_call


def expect_number(got, expected, what, hint=None, rel_tol=1e-6, abs_tol=1e-12):
    """Raise NotYet unless `got` is a single real number close to `expected`.

    The message names `what` (e.g. "my_predict(0.5, 2.0)") and says whether it is too big or too
    small, of the wrong type, NaN or infinite; `hint`, if given, is added after a colon.
    """
    value = as_number(got, what)
    if math.isclose(value, expected, rel_tol=rel_tol, abs_tol=abs_tol):
        return value
    raise NotYet(with_hint(f"{what} {_direction(value, expected)}", hint))


def expect_array(got, expected, what, hint=None, rel_tol=1e-6, abs_tol=1e-12):
    """Raise NotYet unless `got` is numbers of the same shape as `expected`, each close to it.

    A list works as well as a NumPy array. The message names the first entry that is off, e.g.
    "weights[1] is too big", and how many entries are off; it never shows the expected values.
    """
    expected = np.asarray(expected, dtype=np.float64)
    array = as_array(got, what)
    if array.shape != expected.shape:
        raise NotYet(with_hint(f"{what} {_shape_problem(array, expected.shape)}", hint))
    close = np.isclose(array, expected, rtol=rel_tol, atol=abs_tol)
    if close.all():
        return array
    wrong = np.argwhere(~close)
    first = tuple(int(i) for i in wrong[0])
    index = ", ".join(str(i) for i in first)
    name = f"{what}[{index}]" if array.ndim else what
    message = f"{name} {_direction(float(array[first]), float(expected[first]))}"
    if array.size > 1:
        message += f" ({len(wrong)} of {array.size} numbers are off)"
    raise NotYet(with_hint(message, hint))


def is_number(value):
    """Whether `value` is a real number (a bool doesn't count): for checks that look at a wrong
    answer more closely before saying what is wrong with it."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def is_near(value, target):
    """Whether `value` is a number equal to `target` up to float rounding."""
    return is_number(value) and math.isclose(value, target, rel_tol=1e-9, abs_tol=1e-12)


def expect_whole_number(got, what, hint=None):
    """Return `got` as an int; raise NotYet unless it is a number with nothing after the point."""
    value = expect_number(got, 0.0, what, hint, rel_tol=math.inf)  # any real number passes
    if value != int(value):
        raise NotYet(with_hint(f"{what} is {value!r}: it should be a whole number", hint))
    return int(value)


def expect_shape(got, shape, what, hint=None):
    """Raise NotYet unless `got` is numbers with this shape (use () for a single number)."""
    array = as_array(got, what)
    shape = tuple(shape)
    if array.shape != shape:
        raise NotYet(with_hint(f"{what} {_shape_problem(array, shape)}", hint))
    return array


def as_number(got, what):
    """`got` as a float, or NotYet saying why it isn't one (NotAttempted for the blank)."""
    if got is ...:
        raise NotAttempted("replace the `...` with your answer, then run the check again")
    if isinstance(got, np.ndarray) and got.ndim == 0:
        got = got[()]
    if isinstance(got, bool) or isinstance(got, np.bool_):
        raise NotYet(f"{what} is {got} (True/False): it should be a number")
    if got is None:
        raise NotYet(f"{what} is None: it should be a number")
    if isinstance(got, np.ndarray):
        raise NotYet(f"{what} is an array of shape {got.shape}: it should be a single number")
    if type(got) in (list, tuple):
        raise NotYet(f"{what} is {type_name(got)} of {count(got)}: it should be a single number")
    if not isinstance(got, numbers.Real):
        raise NotYet(f"{what} is {short_repr(got)} ({type_name(got)}): it should be a number")
    try:
        value = float(got)
    except OverflowError:
        raise NotYet(f"{what} is too big to be a float: something grew without bound") from None
    if math.isnan(value):
        raise NotYet(f"{what} is NaN (not a number): look for 0/0 or a value that blew up")
    if math.isinf(value):
        raise NotYet(f"{what} is infinite: something grew without bound or divided by zero")
    return value


def as_array(got, what):
    """`got` as an array of floats, or NotYet saying why it isn't one."""
    if got is ...:
        raise NotAttempted("replace the `...` with your answer, then run the check again")
    if has_ellipsis(got):
        raise NotYet(f"{what} still has a `...` in it: fill in every number")
    if got is None or isinstance(got, (str, bytes, dict, set)):
        raise NotYet(f"{what} is {short_repr(got)} ({type_name(got)}): it should be numbers")
    if isinstance(got, bool) or isinstance(got, np.bool_):
        raise NotYet(f"{what} is {got} (True/False): it should be numbers")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            array = np.array(got, dtype=np.float64)
    except Exception:  # noqa: BLE001 - ragged lists, objects, complex numbers...
        raise NotYet(
            f"{what} is {short_repr(got)} ({type_name(got)}): it should be numbers "
            "(a list of numbers or a NumPy array, every row the same length)"
        ) from None
    if np.isnan(array).any():
        raise NotYet(f"{what} contains NaN (not a number): look for 0/0 or a value that blew up")
    if np.isinf(array).any():
        raise NotYet(f"{what} contains infinity: something grew without bound")
    return array


def _direction(value, expected):
    if expected != 0 and value == -expected:
        return "has the wrong sign"
    if (value < 0 < expected) or (expected < 0 < value):
        return "has the wrong sign"
    return "is too big" if value > expected else "is too small"


def _shape_problem(array, shape):
    if array.ndim == 0:
        return f"is a single number: it should be {_shape_words(shape)}"
    return f"has shape {array.shape}: it should be {_shape_words(shape)}"


def _shape_words(shape):
    if shape == ():
        return "a single number"
    if len(shape) == 1:
        return f"{shape[0]} numbers (shape {shape})"
    return f"an array of shape {shape}"


def with_hint(message, hint):
    """`message: hint`, or the message alone."""
    return f"{message}: {hint}" if hint else message


# ---------------------------------------------------------------------------------------------
# Comparing with the expected value and the known mistakes
# ---------------------------------------------------------------------------------------------


def has_none(value, depth=0):
    """Whether a None is anywhere in a (nested) list or tuple: what `print` gives back."""
    if value is None:
        return True
    if depth < 3 and type(value) in (list, tuple):
        return any(has_none(item, depth + 1) for item in value)
    return False


def matches(got, expected, tolerance):
    """Whether `got` is `expected`, up to `tolerance` (relative) for numbers; never raises."""
    try:
        if isinstance(expected, (bool, np.bool_)):
            return isinstance(got, (bool, np.bool_)) and bool(got) == bool(expected)
        if isinstance(got, (bool, np.bool_, str, bytes)) or got is None:
            return False
        got_array = np.asarray(got, dtype=np.float64)
        expected_array = np.asarray(expected, dtype=np.float64)
        return got_array.shape == expected_array.shape and bool(
            np.allclose(got_array, expected_array, rtol=tolerance, atol=1e-12)
        )
    except Exception:  # noqa: BLE001 - ragged lists, text, objects: not a match
        return False


def value_fits(wrong, answer):
    """Whether an answer is a Mistake's wrong value (or, for a function `wrong`, spotted by it)."""
    if callable(wrong):
        try:
            return bool(wrong(answer))
        except Exception:  # noqa: BLE001 - a strange answer doesn't fit
            return False
    return matches(answer, wrong, 1e-9)


def say_what_came_back(got, what, expected):
    """Raise NotYet if a call gave back something that can't be compared at all (NaN, text, a
    list where a number belongs...), saying what it was, capped in length."""
    if isinstance(expected, (bool, np.bool_)):
        if not isinstance(got, (bool, np.bool_)):
            raise NotYet(
                f"{what} returned {short_repr(got)} ({type_name(got)}): return True or False"
            )
        return
    if is_number(got) and math.isnan(got):
        raise NotYet(f"{what} returned NaN (not a number): look for 0/0 or inf - inf")
    if np.ndim(expected) == 0:
        as_number(got, what)
    else:
        as_array(got, what)


def unusable(answer, error):
    """Say that the check could not use an answer, e.g. text where a number belongs."""
    name = type(error).__name__
    what, got = last_call()
    if what is not None:
        return (
            f"the check could not use what {what} returned, {short_repr(got)} ({type_name(got)}) "
            f"({name})"
        )
    return (
        f"the check could not use your answer, {short_repr(answer)} ({type_name(answer)}) ({name})"
    )
