"""The outcomes a check can have, and the signals that carry them out of a learner's code.

A check ends in one of five outcomes. Judging raises `NotYet` (with a message that never gives
the answer away) when an answer is wrong; running the learner's code raises the other signals
when it finds the blank, an exception, or a time limit. `tinynn.exercises.exercise` turns
whichever was raised into the outcome and its message.
"""

CORRECT = "correct"
NOT_YET = "not_yet"
NOT_ATTEMPTED = "not_attempted"
RAISED = "raised"
TIMED_OUT = "timed_out"

OUTCOMES = (CORRECT, NOT_YET, NOT_ATTEMPTED, RAISED, TIMED_OUT)


class NotYet(Exception):
    """The answer is not right yet; the message says what to look at (never the answer)."""


class NotAttempted(Exception):
    """The answer is still the blank placeholder the cell came with."""


class Raised(Exception):
    """The learner's code raised; the message names the call and the exception."""


class TimedOut(BaseException):
    """Raised by the time limit's alarm; a BaseException so that `except Exception` in a
    learner's code can't swallow it."""
