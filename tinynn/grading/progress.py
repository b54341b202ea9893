"""A learner's progress, for the welcome notebook: `progress()` grades their saved chapters."""

import contextlib
import html
import os
from pathlib import Path

from tinynn.exercises.display import COLOURS, show
from tinynn.grading.executing import CELL_TIMEOUT, timeout_seconds
from tinynn.grading.judging import grade_notebook
from tinynn.grading.notebooks import is_hidden
from tinynn.grading.rows import LABELS, plural
from tinynn.grading.sandbox import GRADING_ENV

# Table cells in the progress table: JupyterLab right-aligns them unless told otherwise.
LEFT = 'style="text-align: left;"'


class Progress:
    """A learner's progress: one line per chapter notebook with its exercises' outcomes."""

    def __init__(self, rows):
        self.rows = rows

    def _by_notebook(self):
        grouped = {}
        for row in self.rows:
            grouped.setdefault(row.notebook, []).append(row)
        return grouped

    def text(self):
        if not self.rows:
            return "No chapter notebooks found next to this one."
        lines = []
        for notebook, rows in self._by_notebook().items():
            exercises = [row for row in rows if row.exercise != "-"]
            correct = sum(row.outcome == "correct" for row in exercises)
            marks = ", ".join(f"{row.exercise} {LABELS[row.outcome]}" for row in rows)
            lines.append(f"{notebook}: {correct} of {len(exercises)} correct ({marks})")
        return "\n".join(lines)

    def _repr_html_(self):
        if not self.rows:
            return f"<p>{self.text()}</p>"
        body = []
        for notebook, rows in self._by_notebook().items():
            exercises = [row for row in rows if row.exercise != "-"]
            correct = sum(row.outcome == "correct" for row in exercises)
            marks = " ".join(
                f'<span title="{html.escape(row.message)}" style="background-color: '
                f"{COLOURS.get(row.outcome, '#616161')}; color: white; padding: 0 0.4em; "
                "border-radius: 0.25em; white-space: nowrap; display: inline-block; "
                f'margin: 0.1em 0;">{row.exercise} {LABELS[row.outcome]}</span>'
                for row in rows
            )
            body.append(
                f"<tr><td {LEFT}>{html.escape(notebook)}</td>"
                f"<td {LEFT}>{correct} of {len(exercises)}</td><td {LEFT}>{marks}</td></tr>"
            )
        head = "".join(f"<th {LEFT}>{name}</th>" for name in ("Notebook", "Correct", "Exercises"))
        return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": self.text(), "text/html": self._repr_html_()}

    def __repr__(self):
        return self.text()


def progress(folder=".", timeout=CELL_TIMEOUT):
    """Grade your saved chapter notebooks in `folder` and show how far you have got.

    Skips the welcome notebook (`00_...`); `folder` may also name one notebook, which is then
    the only one graded. Each notebook runs in a fresh kernel on a copy, so save your work
    first; your files are never changed.
    """
    if os.environ.get(GRADING_ENV):
        print("(Your progress is shown when you run this notebook yourself.)")
        return
    if not isinstance(folder, (str, os.PathLike)):
        print(
            "progress() needs the folder that holds your chapter notebooks, "
            f"e.g. progress('.') for this notebook's folder, not {folder!r}"
        )
        return
    place = Path(folder)
    if not place.is_dir() and not (place.is_file() and place.suffix == ".ipynb"):
        print(
            f"There is no folder or notebook {os.fspath(folder)!r}: progress('.') checks the "
            "chapters in this notebook's folder"
        )
        return
    try:
        timeout = None if timeout is None else timeout_seconds(timeout)
    except ValueError as error:
        print(f"progress(): {error}")
        return
    if place.is_file():
        notebooks = [place]
    else:
        notebooks = sorted(
            path
            for path in place.glob("[0-9][0-9]_*.ipynb")
            if not path.name.startswith("00_") and not is_hidden(path)
        )
    if notebooks:
        versions = "version" if len(notebooks) == 1 else "versions"
        print(f"Checking {plural(len(notebooks), 'chapter notebook')} (the saved {versions}):")
    rows = []
    for path in notebooks:
        print(f"  {path.name}", flush=True)
        with open(os.devnull, "w") as sink, contextlib.redirect_stderr(sink):
            rows += grade_notebook(path.resolve(), timeout=timeout)
    show(Progress(rows))
