"""Showing a check's result, a hint or a solution: a coloured box in a notebook, text elsewhere.

Each outcome has a label in words and a colour, so colour is never the only cue, and a result
is a status region, so a screen reader announces it when it appears. A result's display carries
`{"tinynn": {"exercise", "outcome", "message"}}` in its metadata: what the notebook itself said
(the grader only mentions it; it judges for itself).
"""

import html
import re

from tinynn.exercises.outcomes import CORRECT, NOT_ATTEMPTED, NOT_YET, RAISED, TIMED_OUT

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


class Result:
    """The outcome of one check: shown as a coloured label in a notebook, plain text elsewhere.

    Its display metadata carries `{"tinynn": {"exercise", "outcome", "message"}}`.
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
        message = f" {inline_html(self.message)}" if self.message else ""
        # role="status": a screen reader announces the result when it appears.
        return (
            f'<div role="status" style="border-left: 0.3em solid {colour}; '
            f'padding: 0.3em 0.6em;">{label} <code>{html.escape(self.exercise)}</code>'
            f"{message}</div>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"text/plain": self.text(), "text/html": self._repr_html_()}
        return data, {"tinynn": self.record}

    def __repr__(self):
        return self.text()


class Note:
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
        return f"{box}{title}: {inline_html(self.body)}</div>"

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": self.text(), "text/html": self._repr_html_()}

    def __repr__(self):
        return self.text()


def inline_html(text):
    """Escape text for HTML and show `backticked` parts as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False))


def show(thing):
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
