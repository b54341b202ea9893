"""Running a learner's code: on copies of its arguments, with a time limit, noticing the blank.

`call(my_function, *args)` is how every check runs the learner's function: it says when the
answer is still the blank, is not a function, raised, printed instead of returning, or changed
its arguments. `run_with_time_limit` stops code that runs too long.

The grader runs a learner's code only inside the learner's kernel. There, `recording()` notes
what each `call` gave back, as data (`tinynn.exercises.values`); in the grader's own process a
`Replayed` answer stands in for the learner's function and gives back, call by call, what was
noted, so the grader judges the values without running any of the learner's code.
"""

import contextlib
import copy
import io
import math
import signal
import sys
import threading
import warnings

import numpy as np

from tinynn.exercises import values
from tinynn.exercises.describing import (
    Opaque,
    describe_call,
    describe_exception,
    is_learner_code,
    short_repr,
    type_name,
)
from tinynn.exercises.outcomes import (
    NOT_ATTEMPTED,
    NOT_YET,
    RAISED,
    TIMED_OUT,
    NotAttempted,
    NotYet,
    Raised,
    TimedOut,
)

# What a learner reads when they interrupt a check, or when it runs out of time.
INTERRUPT_NOTE = (
    "A time limit (and Jupyter's interrupt) can stop Python code, but not one long step inside "
    "Python's or NumPy's own C code, such as sum(range(10**13)): if a cell never stops, use "
    "Kernel > Restart"
)

# What the most recent `call` did, so a checker that trips over a strange return value can say
# which call gave it.
_last_call = {"what": None, "result": None}

# The recordings under way (see `recording`): the innermost one notes each call.
_recordings = []


# ---------------------------------------------------------------------------------------------
# Calling the learner's code
# ---------------------------------------------------------------------------------------------


def call(function, *args, **kwargs):
    """Call the learner's `function` on copies of the arguments and return what it returned.

    Raises NotYet if it is not a function, returns None, prints instead of returning, or changes
    its arguments; raises NotAttempted for the committed blank (`...`, or a stub raising
    NotImplementedError); names the call if it raises.
    """
    if isinstance(function, Replayed):
        return function.replay(args, kwargs)
    if not _recordings:
        return _run(function, args, kwargs)
    noted = _recordings[-1]
    try:
        result = _run(function, args, kwargs)
    except (NotYet, NotAttempted, Raised) as signal_:
        kind = {NotYet: NOT_YET, NotAttempted: NOT_ATTEMPTED, Raised: RAISED}[type(signal_)]
        noted.append({"kind": kind, "message": message_of(signal_)})
        raise
    except TimedOut:
        noted.append({"kind": TIMED_OUT})
        raise
    noted.append({"kind": "returned", "value": values.as_data(result)})
    return result


def _run(function, args, kwargs):
    if is_blank(function):
        raise NotAttempted("replace the `...` with your function, then run the check again")
    what = describe_call(function, args, kwargs)
    if function is None:
        raise NotYet(
            "the answer is None, not a function: define it with `def`, run that cell, then "
            "check it by name, e.g. `check(my_function)`"
        )
    if not callable(function):
        raise NotYet(
            f"expected a function, got {short_repr(function)} ({type_name(function)}): "
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
        raise NotAttempted("write your code in place of `raise NotImplementedError`") from None
    except TimedOut:
        raise
    except KeyboardInterrupt:
        raise Raised(f"{what} was interrupted before it finished. {INTERRUPT_NOTE}") from None
    except BaseException as error:  # noqa: BLE001 - anything the learner's code raises
        raise Raised(f"{what} raised {describe_exception(error)}") from None
    _last_call["what"], _last_call["result"] = what, result
    if result is None and _has_empty_body(function):
        raise NotYet(f"{what} has an empty body: write its code, with a `return` at the end")
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


def last_call():
    """(what, result) of the most recent call: `my_f(1.0)` and what it returned, or Nones."""
    return _last_call["what"], _last_call["result"]


def forget_last_call():
    _last_call["what"], _last_call["result"] = None, None


def message_of(reason):
    """The reason (an exception) as one line of text."""
    try:
        return " ".join(str(reason).split())
    except Exception:  # noqa: BLE001 - an exception whose str raises
        return ""


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


# ---------------------------------------------------------------------------------------------
# Noticing the blank
# ---------------------------------------------------------------------------------------------


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


def is_blank(value, depth=0):
    """True for the committed placeholder: `...`, or a list/tuple/dict of nothing but `...`.
    (None is an attempt: it is what `x = print(...)` gives.)"""
    if value is ...:
        return True
    if depth < 3 and type(value) in (list, tuple) and len(value) > 0:
        return all(is_blank(item, depth + 1) for item in value)
    if depth < 3 and type(value) is dict and len(value) > 0:
        return all(is_blank(item, depth + 1) for item in value.values())
    return False


def has_ellipsis(value, depth=0):
    """Whether a `...` is left anywhere in a (nested) list or tuple."""
    if value is ...:
        return True
    if depth < 3 and type(value) in (list, tuple):
        return any(has_ellipsis(item, depth + 1) for item in value)
    return False


def is_library_function(answer, library):
    """Whether `answer` is tinynn's own function `library` (or its checked wrapper)."""
    if isinstance(answer, Replayed):
        return answer.is_library
    try:
        ours = {library, getattr(library, "__wrapped__", library)}
        return callable(answer) and (answer in ours or getattr(answer, "__wrapped__", None) in ours)
    except Exception:  # noqa: BLE001 - an answer that can't be compared isn't ours
        return False


# ---------------------------------------------------------------------------------------------
# The time limit
# ---------------------------------------------------------------------------------------------


def run_with_time_limit(function, seconds):
    """Run `function()`; raise TimedOut if it takes longer than `seconds`.

    An alarm signal stops the learner's Python code, and fires again every half second. If an
    alarm was swallowed (a bare `except:` in a loop), the next one also sets a tracer that stops
    every line of the learner's code; the tracer that was there before (a debugger, coverage)
    is put back afterwards. Signals only reach the main thread, where notebooks run code;
    elsewhere the function runs without a limit.
    """
    if seconds is None or threading.current_thread() is not threading.main_thread():
        return function()
    state = {"running": True, "alarms": 0}
    previous_trace = sys.gettrace()

    def on_alarm(signum, frame):
        if not state["running"]:
            return
        state["alarms"] += 1
        if state["alarms"] > 1:
            _stop_every_line(frame, state)
        raise TimedOut

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        return function()
    finally:
        state["running"] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if state["alarms"] > 1:
            sys.settrace(previous_trace)


def _stop_every_line(frame, state):
    """Make each line of learner code raise TimedOut, even inside an `except:` block."""

    def tracer(frame, event, arg):
        if state["running"] and event == "line" and is_learner_code(frame.f_code.co_filename):
            raise TimedOut
        return tracer

    while frame is not None:
        frame.f_trace = tracer
        frame = frame.f_back
    sys.settrace(tracer)


# ---------------------------------------------------------------------------------------------
# Recording in the kernel, replaying in the grader
# ---------------------------------------------------------------------------------------------


@contextlib.contextmanager
def recording():
    """Note what each `call` in this block gave back: a list of plain-data entries."""
    noted = []
    _recordings.append(noted)
    try:
        yield noted
    finally:
        _recordings.remove(noted)


def describe_function(function, library=None):
    """What the grader needs to know of a learner's function, as data: its name, how it reads,
    and whether it is tinynn's own `library` function."""
    try:
        name = getattr(function, "__name__", None)
    except Exception:  # noqa: BLE001 - an object whose attributes raise
        name = None
    return {
        "name": name if isinstance(name, str) and name.isidentifier() else "",
        "repr": short_repr(function, values.REPR_LIMIT),
        "type": type_name(function),
        "library": library is not None and is_library_function(function, library),
    }


class Replayed(Opaque):
    """A learner's function as the grader knows it: what each of its calls gave back in the
    learner's kernel, replayed in order (see `recording`). No learner code runs.

    `ended` is the outcome the kernel's own check reached: a check that timed out there may
    have stopped before the calls the grader would make next.
    """

    def __init__(self, function, calls, ended=""):
        super().__init__(function.get("repr", ""), function.get("type", "a function"))
        self.__name__ = function.get("name") or None
        self.is_library = function.get("library") is True
        self.calls = list(calls)
        self.ended = ended
        self.position = 0

    def __call__(self, *args, **kwargs):
        return self.replay(args, kwargs)

    def replay(self, args, kwargs):
        """What the learner's function gave back for this call, the next one recorded."""
        what = describe_call(self, args, kwargs)
        if self.position >= len(self.calls):
            if self.ended == TIMED_OUT:
                raise TimedOut
            raise NotYet(f"the notebook handed back nothing for {what}: its check stopped early")
        entry = self.calls[self.position]
        self.position += 1
        kind = entry.get("kind") if isinstance(entry, dict) else None
        if kind == "returned":
            result = values.decode(entry.get("value"))
            _last_call["what"], _last_call["result"] = what, result
            return result
        if kind == TIMED_OUT:
            raise TimedOut
        message = entry.get("message") if isinstance(entry, dict) else None
        message = message[: values.MAX_TEXT] if isinstance(message, str) else ""
        signals = {NOT_YET: NotYet, NOT_ATTEMPTED: NotAttempted, RAISED: Raised}
        if kind in signals:
            raise signals[kind](message)
        raise NotYet(f"the notebook handed back something unreadable for {what}")
