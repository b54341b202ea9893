"""Check a learner's answer, give hints, show a solution: the machinery behind every exercise.

An exercise is mostly data. It names the learner's answer (`my_predict`), says what is right (a
value, or a reference function and the cases to call it with) and lists the mistakes learners
really make, each with the message that explains it (`Mistake`). `Exercise.check` then does the
same thing for every exercise: a blank is "not attempted"; a known mistake gets its message;
anything else wrong gets "too big", "wrong sign", ... but never the answer. A check never raises,
never shows a traceback from tinynn, and stops the learner's code after a few seconds.
"""

import contextlib
import copy
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
    its arguments; raises the private not-attempted signal for the committed blank (`...`, or a
    stub raising NotImplementedError); names the call if it raises.
    """
    if _is_blank(function):
        raise _NotAttempted("replace the `...` with your function, then run the check again")
    what = describe_call(function, args, kwargs)
    if function is None:
        raise NotYet(
            "the answer is None, not a function: define it with `def`, run that cell, then "
            "check it by name, e.g. `check(my_function)`"
        )
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
        raise _Raised(f"{what} was interrupted before it finished. {INTERRUPT_NOTE}") from None
    except BaseException as error:  # noqa: BLE001 - anything the learner's code raises
        raise _Raised(f"{what} raised {_describe_exception(error)}") from None
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
    """True for the committed placeholder: `...`, or a list/tuple/dict of nothing but `...`.
    (None is an attempt: it is what `x = print(...)` gives.)"""
    if value is ...:
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


# What a learner reads when they interrupt a check, or when it runs out of time.
INTERRUPT_NOTE = (
    "A time limit (and Jupyter's interrupt) can stop Python code, but not one long step inside "
    "Python's or NumPy's own C code, such as sum(range(10**13)): if a cell never stops, use "
    "Kernel > Restart"
)


def run_with_time_limit(function, seconds):
    """Run `function()`; raise the private timeout if it takes longer than `seconds`.

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
        raise _TimedOut

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
    """Make each line of learner code raise the timeout, even inside an `except:` block."""

    def tracer(frame, event, arg):
        if state["running"] and event == "line" and _is_learner_code(frame.f_code.co_filename):
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


class Mistake:
    """A mistake learners make, and what to tell them when they make it.

    `wrong` is what the mistake gives: for an exercise that asks for a value, the wrong value
    (or a function `wrong(answer) -> bool` that spots it, with an `example` of such an answer);
    for one that asks for a function, a function that makes the mistake, called on the same
    cases as the learner's. `message` may use `{name}` (the answer's name, e.g. `my_error`) and
    `{call}` (the first call where the mistake shows, e.g. `my_predict(0.5, 0.3)`).
    """

    def __init__(self, wrong, message, example=None):
        self.wrong = wrong
        self.message = message
        self.example = wrong if example is None and not callable(wrong) else example

    def __repr__(self):
        return f"Mistake({self.message[:40]!r}...)"


class Case:
    """One call a function exercise tries: its arguments, and what to look at if only this one is
    wrong (`note`)."""

    def __init__(self, *args, note=None):
        self.args = args
        self.note = note

    def __repr__(self):
        return f"Case{self.args!r}"


class Exercise:
    """One exercise: `check(answer)`, `hint(n)` and `solution()` for a learner.

    - `answer`: the name the learner's cell defines, e.g. `"my_predict"` or `"my_error"`.
    - `expect`: the right answer. For a value: the value, or a function of no arguments that
      works it out. For a function: a reference function, tried on every `Case` in `cases`.
    - `mistakes`: the `Mistake`s a check recognises, tried in order.
    - `library`: tinynn's own function that does what the learner is asked to write (a learner
      who hands it in is told, kindly, that the exercise is to write it).
    - `check`: an extra check for what data can't say, run on an answer that is not the
      expected one (or on every answer, when there is no `expect`); it raises NotYet with a
      message, or returns a remark for a right answer.
    - `tolerance`: how close (relative) a number must be to count as right.
    - `praise`: the remark a correct answer gets.

    Written this way an exercise is mostly data, and its tests can be generated from it. An
    exercise made only of a `check` function (which raises NotYet, or returns a remark when the
    answer is right) works too.
    """

    def __init__(
        self,
        key,
        title,
        hints,
        solution,
        answer=None,
        expect=None,
        cases=None,
        mistakes=(),
        library=None,
        check=None,
        tolerance=1e-6,
        praise="",
        time_limit=TIME_LIMIT,
    ):
        self.key = key
        self.title = title
        self.hints = [hints] if isinstance(hints, str) else list(hints)
        self.source = solution
        self.answer = answer
        self.expect = expect
        self.cases = (
            None if cases is None else [c if isinstance(c, Case) else Case(*c) for c in cases]
        )
        self.mistakes = list(mistakes)
        self.library = library
        self._extra_check = check
        self.tolerance = tolerance
        self.praise = praise
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

    # --- what a check does ----------------------------------------------------------------

    def _outcome(self, answer):
        if _is_blank(answer):
            return NOT_ATTEMPTED, "replace the `...` with your answer, then run the check again"
        _last_call["what"], _last_call["result"] = None, None
        try:
            remark = run_with_time_limit(lambda: self._judge(answer), self.time_limit)
        except _TimedOut:
            seconds = _seconds(self.time_limit)
            return TIMED_OUT, f"your code took longer than {seconds} seconds (an endless loop?)"
        except NotYet as reason:
            return NOT_YET, _message(reason)
        except _NotAttempted as reason:
            return NOT_ATTEMPTED, _message(reason)
        except _Raised as reason:
            return RAISED, _message(reason)
        except KeyboardInterrupt:
            return RAISED, f"you interrupted the check before it finished. {INTERRUPT_NOTE}"
        except Exception as error:  # noqa: BLE001 - the checker tripped over a strange answer
            return NOT_YET, _unusable(answer, error)
        return CORRECT, remark if isinstance(remark, str) else self.praise

    def _judge(self, answer):
        """Raise NotYet (or the not-attempted signal) unless `answer` is right; return a remark."""
        if self.library is not None and _is_same_function(answer, self.library):
            raise NotYet(
                f"that is tinynn's own `{self.library.__name__}`: right, of course, and a good "
                f"idea to try! This exercise is about writing it yourself: define "
                f"`{self.answer}` with the arithmetic in it"
            )
        if self.cases is not None:
            self._judge_function(answer)
            return self._extra(answer)
        return self._judge_value(answer)

    def _extra(self, answer):
        """The exercise's own check, if it has one: raises NotYet, or returns a remark."""
        remark = None if self._extra_check is None else self._extra_check(answer)
        return remark if isinstance(remark, str) else self.praise

    def _judge_value(self, answer):
        name = self.answer or "your answer"
        if answer is None:
            raise NotYet(
                f"{name} is None. `x = print(...)` makes x None: print shows a value but "
                "doesn't give it back; assign the value itself (or `return` it)"
            )
        if _has_none(answer):
            raise NotYet(f"{name} holds None: fill in every number (print gives None back)")
        expected = self.expect() if callable(self.expect) else self.expect
        if self.expect is not None and _matches(answer, expected, self.tolerance):
            return self.praise
        for mistake in self.mistakes:
            if _value_fits(mistake.wrong, answer):
                raise NotYet(mistake.message.format(name=name, call=name))
        remark = self._extra(answer)
        if self.expect is None:
            return remark
        if np.ndim(expected) == 0:
            expect_number(answer, expected, name, rel_tol=self.tolerance)
        else:
            expect_array(answer, expected, name, rel_tol=self.tolerance)
        return remark

    def _judge_function(self, answer):
        results = []
        for case in self.cases:
            got = call(answer, *case.args)
            expected = self.expect(*case.args)
            results.append((case, got, expected, describe_call(answer, case.args)))
        wrong = [r for r in results if not _matches(r[1], r[2], self.tolerance)]
        if not wrong:
            return
        for _, got, _, what in wrong:
            _say_what_came_back(got, what, wrong[0][2])
        for mistake in self.mistakes:
            if all(_matches(got, mistake.wrong(*case.args), 1e-9) for case, got, _, _ in results):
                what = wrong[0][3]
                raise NotYet(mistake.message.format(name=self.answer, call=what))
        case, got, expected, what = wrong[0]
        if isinstance(expected, (bool, np.bool_)):
            raise NotYet(_with_hint(f"{what} returned {bool(got)}, which is not right", case.note))
        if np.ndim(expected) == 0:
            expect_number(got, expected, what, hint=case.note, rel_tol=self.tolerance)
        else:
            expect_array(got, expected, what, hint=case.note, rel_tol=self.tolerance)


def _is_same_function(answer, library):
    """Whether `answer` is tinynn's own function (or its checked wrapper)."""
    try:
        ours = {library, getattr(library, "__wrapped__", library)}
        return callable(answer) and (answer in ours or getattr(answer, "__wrapped__", None) in ours)
    except Exception:  # noqa: BLE001 - an answer that can't be compared isn't ours
        return False


def _has_none(value, depth=0):
    if value is None:
        return True
    if depth < 3 and type(value) in (list, tuple):
        return any(_has_none(item, depth + 1) for item in value)
    return False


def _matches(got, expected, tolerance):
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


def _value_fits(wrong, answer):
    if callable(wrong):
        try:
            return bool(wrong(answer))
        except Exception:  # noqa: BLE001 - a strange answer doesn't fit
            return False
    return _matches(answer, wrong, 1e-9)


def _say_what_came_back(got, what, expected):
    """Raise NotYet if a call gave back something that can't be compared at all (NaN, text, a
    list where a number belongs...), saying what it was, capped in length."""
    if isinstance(expected, (bool, np.bool_)):
        if not isinstance(got, (bool, np.bool_)):
            raise NotYet(
                f"{what} returned {_short_repr(got)} ({_type_name(got)}): return True or False"
            )
        return
    if is_number(got) and math.isnan(got):
        raise NotYet(f"{what} returned NaN (not a number): look for 0/0 or inf - inf")
    if np.ndim(expected) == 0:
        _as_number(got, what)
    else:
        _as_array(got, what)


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
