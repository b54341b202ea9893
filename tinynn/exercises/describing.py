"""Describing a learner's values, calls and exceptions in a few words, for a check's message.

`my_predict(0.5, 2.0)`, `'0.25' (a str)`, `ZeroDivisionError: division by zero (at `return 1 /
0`)`: short, one line, never a traceback. `Opaque` stands in for a value that can't travel as
data from a kernel to the grader (a function, an object of the learner's own): it keeps only
these words, so the grader's messages read as the notebook's did.
"""

import os
import sys
import traceback

import numpy as np


class Opaque:
    """A value known only by how it was described: its short `repr` and its type in words.

    It has no numbers, items or behaviour, so a check treats it as the odd thing it stands for
    (and running code never calls it: it is not callable).
    """

    def __init__(self, text, type_words):
        self.text = str(text)
        self.type_words = str(type_words)

    def __repr__(self):
        return self.text


def describe_call(function, args=(), kwargs=None):
    """Write a call the way the learner would, e.g. `my_predict(0.5, 2.0)`."""
    try:
        name = getattr(function, "__name__", None)
    except Exception:  # noqa: BLE001 - an object whose attributes raise
        name = None
    if not isinstance(name, str) or not name.isidentifier():
        name = "your function"
    parts = [short_repr(arg, 30) for arg in args]
    parts += [f"{key}={short_repr(value, 30)}" for key, value in (kwargs or {}).items()]
    return f"{name}({', '.join(parts)})"


def type_name(value):
    """`a float`, `a NumPy array`, `None`: the value's type as a learner would say it."""
    if isinstance(value, Opaque):
        return value.type_words
    name = {"ndarray": "NumPy array", "NoneType": "None"}.get(type(value).__name__)
    if name is not None:
        return name if name == "None" else f"a {name}"
    name = type(value).__name__
    article = "an" if name[:1].lower() in "aeiou" else "a"
    return f"{article} {name}"


def short_repr(value, limit=40):
    """The value's `repr` on one line, cut to `limit` characters (arrays as `np.array([...])`)."""
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


def count(value):
    """`3 items`, `1 item`: how many things a list or tuple holds."""
    try:
        return f"{len(value)} items" if len(value) != 1 else "1 item"
    except Exception:  # noqa: BLE001 - e.g. a 0-d array
        return "items"


def describe_exception(error):
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
        if not is_learner_code(frame.filename):
            continue
        line = (frame.line or "").strip()
        if line:
            return line if len(line) <= 60 else line[:57] + "..."
    return None


def is_learner_code(filename):
    """False for Python's own files, installed packages and tinynn; True for the learner's."""
    ours = (sys.prefix, sys.base_prefix, sys.exec_prefix, _package_folder())
    return bool(filename) and not filename.startswith(ours) and not filename.startswith("<frozen")


def _package_folder():
    """The folder of the `tinynn` package (this file is tinynn/exercises/describing.py)."""
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
