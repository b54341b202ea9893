"""The grader's rows: one per notebook and exercise, with its outcome and the check's message.

Besides a check's five outcomes (correct, not yet, not attempted, raised, timed out), the grader
has its own for problems with the notebook itself: a deleted exercise cell (missing), a cell that
failed (error), a notebook that stopped before its check (not run), a file that isn't a notebook
(unreadable), a symbolic link (refused), and one that stopped the grader itself in an earlier
run. `table` and `summary` print rows for a terminal; `as_json` gives them to a program.
"""

import re
import unicodedata
from dataclasses import asdict, dataclass

from tinynn.exercises.outcomes import CORRECT, NOT_ATTEMPTED, NOT_YET, RAISED, TIMED_OUT

MISSING = "missing"
NOT_RUN = "not_run"
ERROR = "error"
UNREADABLE = "unreadable"
NO_EXERCISES = "no_exercises"
FILLED = "filled"
REFUSED = "refused"
STOPPED_GRADER = "stopped_grader"

LABELS = {
    FILLED: "filled in",
    CORRECT: "correct",
    NOT_YET: "not yet",
    NOT_ATTEMPTED: "not attempted",
    RAISED: "raised",
    TIMED_OUT: "timed out",
    MISSING: "missing",
    NOT_RUN: "not run",
    ERROR: "error",
    UNREADABLE: "unreadable",
    REFUSED: "refused",
    STOPPED_GRADER: "stopped the grader",
    NO_EXERCISES: "no exercises",
}

# Outcomes that say something went wrong with the notebook rather than with an answer.
PROBLEMS = {ERROR, UNREADABLE, NOT_RUN, TIMED_OUT, REFUSED, STOPPED_GRADER}

# How long a message may be (the JSON keeps it whole up to here; the table cuts it shorter).
MAX_MESSAGE = 2000


@dataclass
class Row:
    """One line of the gradebook: a notebook, an exercise in it, and how it went.

    `learner` is whose notebook it is (their folder's name) and `path` the file that was graded;
    both are empty where they don't apply (the answer key, a learner's own progress). The
    message is kept to one line of printable text: parts of it may come from a learner's code.
    """

    notebook: str
    exercise: str
    outcome: str
    message: str = ""
    learner: str = ""
    path: str = ""

    def __post_init__(self):
        self.message = one_line(self.message, MAX_MESSAGE)


def one_line(text, limit=None):
    """Text as one line with no control characters (which could move a terminal's cursor)."""
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in str(text))
    text = re.sub(r" {2,}", " ", text).strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 3] + "..."
    return text


def row_from_json(data):
    """A Row from its JSON form (fields it doesn't know are ignored)."""
    fields = ("notebook", "exercise", "outcome", "message", "learner", "path")
    return Row(**{name: str(data[name]) for name in fields if name in data})


def totals(rows):
    """How many rows had each outcome, in a fixed order."""
    counts = {}
    for outcome in LABELS:
        count = sum(row.outcome == outcome for row in rows)
        if count:
            counts[outcome] = count
    return counts


def describe(rows):
    """`4 correct, 1 not yet` for one notebook's rows."""
    return ", ".join(f"{count} {LABELS[outcome]}" for outcome, count in totals(rows).items())


def table(rows, width=60):
    """The gradebook as plain text: (learner,) notebook, exercise, outcome, message; then the
    totals. The learner column is there when rows have learners.

    Long messages are cut to `width` characters (the JSON keeps them whole).
    """
    learners = any(row.learner for row in rows)
    header = ("learner",) * learners + ("notebook", "exercise", "outcome", "message")
    lines = [
        tuple(one_line(name) for name in (row.learner,) * learners + (row.notebook,))
        + (row.exercise, LABELS.get(row.outcome, row.outcome), _cut(row, width))
        for row in rows
    ]
    columns = len(header) - 1
    widths = [max(len(str(line[i])) for line in [header, *lines]) for i in range(columns)]
    text = []
    for line in [header, *lines]:
        cells = [str(line[i]).ljust(widths[i]) for i in range(columns)]
        text.append("  ".join([*cells, line[-1]]).rstrip())
    text.insert(1, "-" * len(text[0]))
    text.append("")
    text.append(summary(rows))
    return "\n".join(text)


def summary(rows):
    """`Totals: 4 correct, 1 not yet, 2 not attempted (7 exercises in 3 notebooks)`."""
    counts = totals(rows)
    parts = [f"{count} {LABELS[outcome]}" for outcome, count in counts.items()]
    exercises = sum(row.exercise != "-" for row in rows)
    notebooks = len(dict.fromkeys((row.learner, row.path or row.notebook) for row in rows))
    return (
        f"Totals: {', '.join(parts) or 'nothing'} "
        f"({plural(exercises, 'exercise')} in {plural(notebooks, 'notebook')})"
    )


def plural(count, word):
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _cut(row, width):
    """The row's message, short enough for a table; a correct answer needs none."""
    message = "" if row.outcome == CORRECT else row.message
    return message if len(message) <= width else message[: width - 3] + "..."


def as_json(rows):
    """The gradebook as a JSON-ready dict: every row, and the totals."""
    return {"rows": [asdict(row) for row in rows], "totals": totals(rows)}
