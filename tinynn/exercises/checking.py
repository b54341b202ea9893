"""Check a learner's answer, give hints, show a solution: the machinery behind every exercise.

A chapter module defines each exercise as an `Exercise` whose `check` function calls the
learner's code through `call` and compares what came back with `expect_number` or
`expect_array`. Anything wrong is a `NotYet` with a message that says what to look at, never
what the answer is. `Exercise.check` catches everything else, so a check never raises.
"""

import contextlib
import copy
import ctypes
import html
import io
import math
import numbers
import os
import re
import signal
import sys
import threading
import traceback
import warnings

import numpy as np

# Seconds a whole check may take before we stop the learner's code.
TIME_LIMIT = 5.0

# The outcomes a check can have, and how each one is labelled and coloured.
CORRECT = "correct"
NOT_YET = "not_yet"
NOT_ATTEMPTED = "not_attempted"
RAISED = "raised"
TIMED_OUT = "timed_out"

LABELS = {
    CORRECT: "Correct",
    NOT_YET: "Not yet",
    NOT_ATTEMPTED: "Not attempted",
    RAISED: "Your code raised",
    TIMED_OUT: "Took too long",
}
COLOURS = {
    CORRECT: "#2e7d32",
    NOT_YET: "#b35c00",
    NOT_ATTEMPTED: "#616161",
    RAISED: "#c62828",
    TIMED_OUT: "#c62828",
}


class NotYet(Exception):
    """The answer is not right yet; the message says what to look at (never the answer)."""


class _NotAttempted(Exception):
    """The answer is still the blank placeholder."""


class _Raised(Exception):
    """The learner's code raised; the message names the call and the exception."""


class _TimedOut(BaseException):
    """Raised by the alarm; a BaseException so `except Exception` in learner code can't eat it."""


# ---------------------------------------------------------------------------------------------
# Calling the learner's code
# ---------------------------------------------------------------------------------------------

# What the most recent `call` did, so a checker that trips over a strange return value can say
# which call gave it.
_last_call = {"what": None, "result": None}


def call(function, *args, **kwargs):
    """Call the learner's `function` on copies of the arguments and return what it returned.

    Raises NotYet if it is not a function, returns None, prints instead of returning, or changes
    its arguments; raises the private not-attempted signal for a blank (`...`, None, a stub
    raising NotImplementedError, an empty body); names the call if it raises.
    """
    if _is_blank(function):
        raise _NotAttempted("replace the `...` with your function, then run the check again")
    what = describe_call(function, args, kwargs)
    if not callable(function):
        raise NotYet(
            f"expected a function, got {_short_repr(function)} ({_type_name(function)}): "
            "pass the function itself, without calling it, e.g. `check(my_function)`"
        )
    copies, before = _safe_copy((args, kwargs)), _safe_copy((args, kwargs))
    printed = io.StringIO()
    try:
        with (
            contextlib.redirect_stdout(printed),
            contextlib.redirect_stderr(io.StringIO()),
            warnings.catch_warnings(),
            np.errstate(all="ignore"),
        ):
            warnings.simplefilter("ignore")
            result = function(*copies[0], **copies[1])
    except NotImplementedError:
        raise _NotAttempted("write your code in place of `raise NotImplementedError`") from None
    except _TimedOut:
        raise
    except KeyboardInterrupt:
        raise _Raised(f"{what} was interrupted before it finished") from None
    except BaseException as error:  # noqa: BLE001 - anything the learner's code raises
        raise _Raised(f"{what} raised {_describe_exception(error)}") from None
    _last_call["what"], _last_call["result"] = what, result
    if result is None and _has_empty_body(function):
        raise _NotAttempted("write the body of your function, then run the check again")
    if not _same(copies, before):
        raise NotYet(
            f"{what} changed the values it was given: work on a copy "
            "(e.g. `weights.copy()`) or build a new list/array instead of changing it in place"
        )
    if result is None:
        if printed.getvalue().strip():
            raise NotYet(f"{what} printed its answer but returned None: use `return`, not `print`")
        raise NotYet(f"{what} returned None: did you forget `return`?")
    return result


def describe_call(function, args=(), kwargs=None):
    """Write a call the way the learner would, e.g. `my_predict(0.5, 2.0)`."""
    try:
        name = getattr(function, "__name__", None)
    except Exception:  # noqa: BLE001 - an object whose attributes raise
        name = None
    if not isinstance(name, str) or not name.isidentifier():
        name = "your function"
    parts = [_short_repr(arg, 30) for arg in args]
    parts += [f"{key}={_short_repr(value, 30)}" for key, value in (kwargs or {}).items()]
    return f"{name}({', '.join(parts)})"


def _safe_copy(value):
    try:
        return copy.deepcopy(value)
    except Exception:  # noqa: BLE001 - some objects can't be copied; then we pass them as they are
        return value


def _same(a, b):
    """True when two (possibly nested) values are equal, treating NaN as equal to NaN."""
    try:
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            a, b = np.asarray(a), np.asarray(b)
            if a.shape != b.shape or a.dtype != b.dtype:
                return False
            if a.dtype.kind in "fc":
                return bool(np.array_equal(a, b, equal_nan=True))
            return bool(np.array_equal(a, b))
        if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
            return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
        if isinstance(a, dict) and isinstance(b, dict):
            return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return True
        return bool(a == b)
    except Exception:  # noqa: BLE001 - values we can't compare: assume unchanged
        return True


def _blank_pass():
    pass


def _blank_ellipsis(): ...


def _blank_docstring():
    """A docstring and nothing else."""


_EMPTY_BODIES = {f.__code__.co_code for f in (_blank_pass, _blank_ellipsis, _blank_docstring)}


def _has_empty_body(function):
    try:
        code = getattr(function, "__code__", None)
        return code is not None and getattr(code, "co_code", None) in _EMPTY_BODIES
    except Exception:  # noqa: BLE001 - an object whose attributes raise
        return False


def _is_blank(value, depth=0):
    """True for the committed placeholder: `...`, None, or a list/tuple/dict of only those."""
    if value is ... or value is None:
        return True
    if depth < 3 and type(value) in (list, tuple) and len(value) > 0:
        return all(_is_blank(item, depth + 1) for item in value)
    if depth < 3 and type(value) is dict and len(value) > 0:
        return all(_is_blank(item, depth + 1) for item in value.values())
    return False


def _has_ellipsis(value, depth=0):
    if value is ...:
        return True
    if depth < 3 and type(value) in (list, tuple):
        return any(_has_ellipsis(item, depth + 1) for item in value)
    return False


# ---------------------------------------------------------------------------------------------
# Comparing answers
# ---------------------------------------------------------------------------------------------


def expect_number(got, expected, what, hint=None, rel_tol=1e-6, abs_tol=1e-12):
    """Raise NotYet unless `got` is a single real number close to `expected`.

    The message names `what` (e.g. "my_predict(0.5, 2.0)") and says whether it is too big or too
    small, of the wrong type, NaN or infinite; `hint`, if given, is added after a colon.
    """
    value = _as_number(got, what)
    if math.isclose(value, expected, rel_tol=rel_tol, abs_tol=abs_tol):
        return value
    raise NotYet(_with_hint(f"{what} {_direction(value, expected)}", hint))


def expect_array(got, expected, what, hint=None, rel_tol=1e-6, abs_tol=1e-12):
    """Raise NotYet unless `got` is numbers of the same shape as `expected`, each close to it.

    A list works as well as a NumPy array. The message names the first entry that is off, e.g.
    "weights[1] is too big", and how many entries are off; it never shows the expected values.
    """
    expected = np.asarray(expected, dtype=np.float64)
    array = _as_array(got, what)
    if array.shape != expected.shape:
        raise NotYet(_with_hint(f"{what} {_shape_problem(array, expected.shape)}", hint))
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
    raise NotYet(_with_hint(message, hint))


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
        raise NotYet(_with_hint(f"{what} is {value!r}: it should be a whole number", hint))
    return int(value)


def expect_shape(got, shape, what, hint=None):
    """Raise NotYet unless `got` is numbers with this shape (use () for a single number)."""
    array = _as_array(got, what)
    shape = tuple(shape)
    if array.shape != shape:
        raise NotYet(_with_hint(f"{what} {_shape_problem(array, shape)}", hint))
    return array


def _as_number(got, what):
    if got is ...:
        raise _NotAttempted("replace the `...` with your answer, then run the check again")
    if isinstance(got, np.ndarray) and got.ndim == 0:
        got = got[()]
    if isinstance(got, bool) or isinstance(got, np.bool_):
        raise NotYet(f"{what} is {got} (True/False): it should be a number")
    if got is None:
        raise NotYet(f"{what} is None: it should be a number")
    if isinstance(got, np.ndarray):
        raise NotYet(f"{what} is an array of shape {got.shape}: it should be a single number")
    if type(got) in (list, tuple):
        raise NotYet(f"{what} is {_type_name(got)} of {_count(got)}: it should be a single number")
    if not isinstance(got, numbers.Real):
        raise NotYet(f"{what} is {_short_repr(got)} ({_type_name(got)}): it should be a number")
    try:
        value = float(got)
    except OverflowError:
        raise NotYet(f"{what} is too big to be a float: something grew without bound") from None
    if math.isnan(value):
        raise NotYet(f"{what} is NaN (not a number): look for 0/0 or a value that blew up")
    if math.isinf(value):
        raise NotYet(f"{what} is infinite: something grew without bound or divided by zero")
    return value


def _as_array(got, what):
    if got is ...:
        raise _NotAttempted("replace the `...` with your answer, then run the check again")
    if _has_ellipsis(got):
        raise NotYet(f"{what} still has a `...` in it: fill in every number")
    if got is None or isinstance(got, (str, bytes, dict, set)):
        raise NotYet(f"{what} is {_short_repr(got)} ({_type_name(got)}): it should be numbers")
    if isinstance(got, bool) or isinstance(got, np.bool_):
        raise NotYet(f"{what} is {got} (True/False): it should be numbers")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            array = np.array(got, dtype=np.float64)
    except Exception:  # noqa: BLE001 - ragged lists, objects, complex numbers...
        raise NotYet(
            f"{what} is {_short_repr(got)} ({_type_name(got)}): it should be numbers "
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


def _count(value):
    try:
        return f"{len(value)} items" if len(value) != 1 else "1 item"
    except Exception:  # noqa: BLE001 - e.g. a 0-d array
        return "items"


def _with_hint(message, hint):
    return f"{message}: {hint}" if hint else message


def _type_name(value):
    name = {"ndarray": "NumPy array", "NoneType": "None"}.get(type(value).__name__)
    if name is not None:
        return name if name == "None" else f"a {name}"
    name = type(value).__name__
    article = "an" if name[:1].lower() in "aeiou" else "a"
    return f"{article} {name}"


def _short_repr(value, limit=40):
    try:
        if isinstance(value, np.ndarray):
            text = f"np.array({value.tolist()!r})"
        else:
            text = repr(value)
    except Exception:  # noqa: BLE001 - a repr that raises
        return f"<{type(value).__name__}>"
    if not isinstance(text, str):
        return f"<{type(value).__name__}>"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe_exception(error):
    """`ZeroDivisionError: division by zero (at `return 1 / 0`)` in one line."""
    name = type(error).__name__
    try:
        detail = str(error)
    except Exception:  # noqa: BLE001 - an exception whose str raises
        detail = ""
    detail = " ".join(detail.split())
    if len(detail) > 120:
        detail = detail[:117] + "..."
    text = f"{name}: {detail}" if detail else name
    line = _learner_line(error)
    return f"{text} (at `{line}`)" if line else text


def _learner_line(error):
    """The source line in the learner's own code where `error` was raised, if we can find it."""
    try:
        frames = traceback.extract_tb(error.__traceback__)
    except Exception:  # noqa: BLE001
        return None
    for frame in reversed(frames):
        if not _is_learner_code(frame.filename):
            continue
        line = (frame.line or "").strip()
        if line:
            return line if len(line) <= 60 else line[:57] + "..."
    return None


def _package_folder():
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# ---------------------------------------------------------------------------------------------
# Time limit
# ---------------------------------------------------------------------------------------------


def run_with_time_limit(function, seconds):
    """Run `function()`; raise the private timeout if it takes longer than `seconds`."""
    if (
        seconds is None
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        return _run_in_thread(function, seconds)
    active = {"on": True, "fired": False}
    previous_trace = sys.gettrace()

    def on_alarm(signum, frame):
        if not active["on"]:
            return
        if active["fired"]:
            # The first stop was swallowed (a bare `except:` in a loop): stop every line.
            _stop_every_line(frame, active)
        active["fired"] = True
        raise _TimedOut

    previous = signal.signal(signal.SIGALRM, on_alarm)
    # Fire again every 0.2 s until the learner's code has really stopped.
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.2)
    try:
        try:
            return function()
        finally:
            active["on"] = False
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if active["fired"]:
            sys.settrace(previous_trace)


def _stop_every_line(frame, active):
    """Make each line of learner code raise the timeout, even inside an `except:` block."""

    def tracer(frame, event, arg):
        if active["on"] and event == "line" and _is_learner_code(frame.f_code.co_filename):
            raise _TimedOut
        return tracer

    while frame is not None:
        frame.f_trace = tracer
        frame = frame.f_back
    sys.settrace(tracer)


def _is_learner_code(filename):
    """False for Python's own files, installed packages and tinynn; True for the learner's."""
    ours = (sys.prefix, sys.base_prefix, sys.exec_prefix, _package_folder())
    return bool(filename) and not filename.startswith(ours) and not filename.startswith("<frozen")


def _run_in_thread(function, seconds):
    """The fallback off the main thread (or without SIGALRM): run in a thread and wait."""
    if seconds is None:
        return function()
    outcome = {}

    def target():
        try:
            outcome["value"] = function()
        except BaseException as error:  # noqa: BLE001 - passed back to the caller
            outcome["error"] = error

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        # Ask the thread to stop at its next bytecode; it is a daemon, so it can't block exit.
        ctypes.pythonapi.PyThreadState_SetAsyncExc(
            ctypes.c_ulong(worker.ident), ctypes.py_object(_TimedOut)
        )
        raise _TimedOut
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


# ---------------------------------------------------------------------------------------------
# Results and exercises
# ---------------------------------------------------------------------------------------------


class Result:
    """The outcome of one check: shown as a coloured label in a notebook, plain text elsewhere.

    Its display metadata carries `{"tinynn": {"exercise", "outcome", "message"}}`, which the
    grader reads from an executed notebook.
    """

    def __init__(self, exercise, outcome, message=""):
        self.exercise = exercise
        self.outcome = outcome
        self.message = message

    @property
    def record(self):
        """The machine-readable outcome, as stored in the output's metadata."""
        return {"exercise": self.exercise, "outcome": self.outcome, "message": self.message}

    def text(self):
        line = f"{LABELS[self.outcome]} ({self.exercise})"
        return f"{line}: {self.message}" if self.message else line

    def _repr_html_(self):
        colour = COLOURS[self.outcome]
        label = (
            f'<span style="background-color: {colour}; color: white; font-weight: bold; '
            f'padding: 0.1em 0.5em; border-radius: 0.25em;">{LABELS[self.outcome]}</span>'
        )
        message = f" {_inline_html(self.message)}" if self.message else ""
        return (
            f'<div style="border-left: 0.3em solid {colour}; padding: 0.3em 0.6em;">'
            f"{label} <code>{html.escape(self.exercise)}</code>{message}</div>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"text/plain": self.text(), "text/html": self._repr_html_()}
        return data, {"tinynn": self.record}

    def __repr__(self):
        return self.text()


class _Note:
    """A hint or a solution: a box in a notebook, plain text elsewhere."""

    def __init__(self, title, body, code=False):
        self.title, self.body, self.code = title, body, code

    def text(self):
        return f"{self.title}\n{self.body}" if self.code else f"{self.title}: {self.body}"

    def _repr_html_(self):
        title = f"<strong>{html.escape(self.title)}</strong>"
        box = '<div style="border-left: 0.3em solid #1565c0; padding: 0.3em 0.6em;">'
        if self.code:
            pre = '<pre style="font-family: monospace; margin: 0.4em 0 0;">'
            return f"{box}{title}{pre}{html.escape(self.body)}</pre></div>"
        return f"{box}{title}: {_inline_html(self.body)}</div>"

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": self.text(), "text/html": self._repr_html_()}

    def __repr__(self):
        return self.text()


def _inline_html(text):
    """Escape text for HTML and show `backticked` parts as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False))


def _show(thing):
    """Display in a notebook, print anywhere else; never raise."""
    try:
        from IPython import get_ipython
        from IPython.display import display

        if get_ipython() is not None:
            display(thing)
            return
    except Exception:  # noqa: BLE001 - no IPython, or display failed: fall back to print
        pass
    print(thing.text())


class Exercise:
    """One exercise: `check(answer)`, `hint(n)` and `solution()` for a learner.

    `check` is a function of the answer that returns None (or a remark) when it is right and
    raises NotYet when it is not. `solution` is the source that replaces the exercise cell in the
    answer key. The whole check must finish within `time_limit` seconds.
    """

    def __init__(self, key, title, check, hints, solution, time_limit=TIME_LIMIT):
        self.key = key
        self.title = title
        self._checker = check
        self.hints = [hints] if isinstance(hints, str) else list(hints)
        self.source = solution
        self.time_limit = time_limit

    def __repr__(self):
        return f"Exercise({self.key!r}, {self.title!r})"

    def evaluate(self, answer):
        """Check `answer` and return the Result without showing it (for the grader and tests)."""
        try:
            return Result(self.key, *self._outcome(answer))
        except BaseException:  # noqa: BLE001 - a check never raises, whatever happens
            return Result(self.key, RAISED, "the check could not finish; run the cell again")

    def check(self, answer=...):
        """Check your answer and show whether it is correct, not yet right, or not attempted."""
        _show(self.evaluate(answer))

    def hint(self, n=1):
        """Show hint number `n` (1 is the gentlest; later ones say more)."""
        count = len(self.hints)
        if count == 0:
            _show(_Note("No hints", f"try `{self.key}.solution()` to see an answer"))
            return
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or not 1 <= n <= count:
            some = "one hint" if count == 1 else f"{count}, numbered 1 to {count}"
            _show(_Note("Hints", f"this exercise has {some}: try `{self.key}.hint(1)`"))
            return
        n = int(n)
        body = self.hints[n - 1]
        if n < count:
            body += f" (more: `{self.key}.hint({n + 1})`)"
        else:
            body += f" (that was the last hint; `{self.key}.solution()` shows an answer)"
        _show(_Note(f"Hint {n} of {count}", body))

    def solution(self):
        """Show a reference solution: try the hints first!"""
        _show(_Note(f"A solution for {self.key}", self.source.rstrip("\n"), code=True))

    def _outcome(self, answer):
        if _is_blank(answer):
            return NOT_ATTEMPTED, "replace the `...` with your answer, then run the check again"
        _last_call["what"], _last_call["result"] = None, None
        try:
            remark = run_with_time_limit(lambda: self._checker(answer), self.time_limit)
        except _TimedOut:
            return TIMED_OUT, (
                f"your code took longer than {_seconds(self.time_limit)} seconds (an endless loop?)"
            )
        except NotYet as reason:
            return NOT_YET, _message(reason)
        except _NotAttempted as reason:
            return NOT_ATTEMPTED, _message(reason)
        except _Raised as reason:
            return RAISED, _message(reason)
        except KeyboardInterrupt:
            return RAISED, "the check was interrupted before it finished"
        except Exception as error:  # noqa: BLE001 - the checker tripped over a strange answer
            return NOT_YET, _unusable(answer, error)
        return CORRECT, remark if isinstance(remark, str) else ""


def _message(reason):
    """The reason as one line of text."""
    try:
        return " ".join(str(reason).split())
    except Exception:  # noqa: BLE001 - an exception whose str raises
        return ""


def _unusable(answer, error):
    """Say that the check could not use an answer, e.g. text where a number belongs."""
    name = type(error).__name__
    if _last_call["what"] is not None:
        got = _last_call["result"]
        return (
            f"the check could not use what {_last_call['what']} returned, "
            f"{_short_repr(got)} ({_type_name(got)}) ({name})"
        )
    return (
        f"the check could not use your answer, "
        f"{_short_repr(answer)} ({_type_name(answer)}) ({name})"
    )


def _seconds(value):
    return f"{value:g}"
