"""Grade chapter notebooks, write the answer key, and show a learner their progress.

`grade` runs each notebook in a fresh kernel on a temporary copy and reads every check's
outcome from the metadata it leaves in its output; `key` fills the reference solutions into the
cells tagged `exercise:<key>`; `progress` grades a learner's own chapters from the welcome
notebook. Nothing here changes the notebooks it is given.
"""

import contextlib
import html
import importlib
import json
import logging
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from tinynn.exercises.checking import COLOURS, LABELS, Exercise, _show

# Seconds one cell may run before the grader interrupts it.
CELL_TIMEOUT = 60

# Set in the kernels the grader starts, so `progress()` in a graded notebook doesn't recurse.
GRADING_ENV = "TINYNN_GRADING"

TAG_PREFIX = "exercise:"

# Table cells in the progress table: JupyterLab right-aligns them unless told otherwise.
LEFT = 'style="text-align: left;"'

# How a row starts when no kernel could run the notebook (the command line then fails).
COULD_NOT_RUN = "could not run the notebook"

# Outcomes the grader adds to the check outcomes (correct, not_yet, not_attempted, raised,
# timed_out): problems it found in the notebook itself.
MISSING = "missing"
NOT_RUN = "not_run"
ERROR = "error"
UNREADABLE = "unreadable"
NO_EXERCISES = "no_exercises"
FILLED = "filled"

GRADER_LABELS = {
    FILLED: "filled in",
    "correct": "correct",
    "not_yet": "not yet",
    "not_attempted": "not attempted",
    "raised": "raised",
    "timed_out": "timed out",
    MISSING: "missing",
    NOT_RUN: "not run",
    ERROR: "error",
    UNREADABLE: "unreadable",
    NO_EXERCISES: "no exercises",
}


@dataclass
class Row:
    """One line of the gradebook: a notebook, an exercise in it, and how it went."""

    notebook: str
    exercise: str
    outcome: str
    message: str = ""


# ---------------------------------------------------------------------------------------------
# Finding notebooks and their exercises
# ---------------------------------------------------------------------------------------------


def notebook_paths(paths):
    """Expand folders into the notebooks they hold (sorted); keep files as they are."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.glob("*.ipynb") if p.is_file())
        else:
            found.append(path)
    return found


def chapter_modules(name, keys=()):
    """The exercise modules for a notebook: from its name (`01_x.ipynb` -> ch01) and its tags."""
    names = [key.split(".")[0] for key in keys if "." in key]
    match = re.match(r"(\d\d)_", Path(name).name)
    if match:
        names.insert(0, f"ch{match.group(1)}")
    modules = []
    for module_name in dict.fromkeys(names):
        if not re.fullmatch(r"ch\d\d", module_name):
            continue
        try:
            modules.append(importlib.import_module(f"tinynn.exercises.{module_name}"))
        except ModuleNotFoundError:
            continue
    return modules


def exercises_in(modules):
    """Every Exercise the modules define, in the order they define them, by key."""
    found = {}
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, Exercise):
                found.setdefault(value.key, value)
    return found


def exercise_tags(cell):
    """The exercise keys a cell is tagged with (`exercise:ch01.q1` -> `ch01.q1`)."""
    tags = cell.get("metadata", {}).get("tags", [])
    if not isinstance(tags, list):
        return []
    return [t[len(TAG_PREFIX) :] for t in tags if isinstance(t, str) and t.startswith(TAG_PREFIX)]


def _read(path):
    """Read a notebook, or return (None, reason) for anything that isn't one."""
    import nbformat

    path = Path(path)
    if not path.exists():
        return None, "no such file"
    if not path.is_file():
        return None, "not a file"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, f"can't read it as text ({type(error).__name__})"
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        return None, f"not valid JSON (line {error.lineno}): is it a notebook?"
    if not isinstance(raw, dict) or "cells" not in raw:
        return None, "not a Jupyter notebook (no cells)"
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as error:  # noqa: BLE001 - nbformat raises many kinds of errors
        return None, f"not a Jupyter notebook ({type(error).__name__})"
    return nb, ""


# ---------------------------------------------------------------------------------------------
# The answer key
# ---------------------------------------------------------------------------------------------


def key(paths, out):
    """Write copies of the notebooks into folder `out` with the reference solutions filled in.

    Returns one Row per exercise: `filled` when its solution was filled in, `missing` when no
    cell carries its tag, `unreadable` for a file that isn't a notebook.
    """
    import nbformat

    out = Path(out)
    rows = []
    for path in notebook_paths(paths):
        name = path.name
        nb, problem = _read(path)
        if nb is None:
            rows.append(Row(name, "-", UNREADABLE, problem))
            continue
        if out.resolve() == path.parent.resolve():
            rows.append(Row(name, "-", ERROR, "the key would overwrite the notebook: pick --out"))
            continue
        tagged = [key for cell in nb.cells for key in exercise_tags(cell)]
        exercises = exercises_in(chapter_modules(name, tagged))
        filled = set()
        for cell in nb.cells:
            for tag in exercise_tags(cell):
                if tag in exercises:
                    cell.source = exercises[tag].source.rstrip("\n")
                    filled.add(tag)
        for cell in nb.cells:
            if cell.cell_type == "code" and (
                exercise_tags(cell) or any(f"{k}.check(" in cell.source for k in filled)
            ):
                cell.outputs, cell.execution_count = [], None
        out.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, out / name)
        for exercise_key in exercises:
            if exercise_key in filled:
                rows.append(Row(name, exercise_key, FILLED))
            else:
                rows.append(Row(name, exercise_key, MISSING, _missing_message(exercise_key)))
        if not exercises:
            rows.append(Row(name, "-", NO_EXERCISES, "copied as it is"))
    return rows


def _missing_message(exercise_key):
    return f"no cell is tagged {TAG_PREFIX}{exercise_key} (was it deleted?)"


# ---------------------------------------------------------------------------------------------
# Grading
# ---------------------------------------------------------------------------------------------


def grade(paths, timeout=CELL_TIMEOUT, on_start=None):
    """Run each notebook in a fresh kernel on a temporary copy and return the gradebook rows.

    Problems with a notebook (not JSON, a cell that errors or runs too long, a deleted exercise
    cell) become rows too; grading always goes on. `on_start(path)` is called before each one.
    """
    rows = []
    for path in notebook_paths(paths):
        if on_start is not None:
            on_start(path)
        rows += grade_notebook(path, timeout=timeout)
    return rows


def grade_notebook(path, timeout=CELL_TIMEOUT, name=None):
    """Grade one notebook (see `grade`); `name` labels its rows (default: the file name)."""
    path = Path(path)
    name = name or path.name
    nb, problem = _read(path)
    if nb is None:
        return [Row(name, "-", UNREADABLE, problem)]
    tagged = [key for cell in nb.cells for key in exercise_tags(cell)]
    try:
        expected = list(exercises_in(chapter_modules(name, tagged)))
    except Exception as error:  # noqa: BLE001 - a broken chapter module shouldn't stop grading
        return [Row(name, "-", ERROR, f"can't load its exercises: {type(error).__name__}")]
    with tempfile.TemporaryDirectory(prefix="tinynn-grade-") as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        run = _execute(copy, timeout)
    if run.nb is None:
        return [Row(name, "-", ERROR, run.stopped)]
    records = _records(run.nb)
    for exercise_key in tagged + list(records):
        if exercise_key not in expected:
            expected.append(exercise_key)
    rows = [_row(name, exercise_key, run, records) for exercise_key in expected]
    rows += _other_problems(name, run, expected)
    return rows or [Row(name, "-", NO_EXERCISES, "found no exercises in this notebook")]


def _cells_of(nb, exercise_key):
    """Positions of the cells tagged with this exercise or calling its check."""
    return [
        index
        for index, cell in enumerate(nb.cells)
        if exercise_key in exercise_tags(cell)
        or (cell.cell_type == "code" and f"{exercise_key}.check(" in cell.source)
    ]


def _row(name, exercise_key, run, records):
    """How one exercise went: its last check's outcome, or why there is none."""
    if exercise_key in records:
        record = records[exercise_key]
        return Row(name, exercise_key, record["outcome"], record.get("message", ""))
    cells = _cells_of(run.nb, exercise_key)
    if not any(exercise_key in exercise_tags(run.nb.cells[i]) for i in cells):
        return Row(name, exercise_key, MISSING, _missing_message(exercise_key))
    for index in cells:
        if index in run.timed_out:
            return Row(name, exercise_key, "timed_out", f"cell {index + 1} {run.timed_out[index]}")
        if index in run.errors:
            return Row(name, exercise_key, ERROR, f"cell {index + 1} raised {run.errors[index]}")
    if run.stopped:
        return Row(name, exercise_key, NOT_RUN, run.stopped)
    return Row(name, exercise_key, NOT_RUN, "its check never ran (no cell calls its .check())")


def _other_problems(name, run, expected):
    """Rows for cells outside any exercise that errored or ran too long, and for a stop."""
    ours = {index for exercise_key in expected for index in _cells_of(run.nb, exercise_key)}
    rows = []
    for index in sorted({*run.errors, *run.timed_out} - ours):
        if "raises-exception" in run.nb.cells[index].get("metadata", {}).get("tags", []):
            continue
        if index in run.timed_out:
            rows.append(Row(name, "-", "timed_out", f"cell {index + 1} {run.timed_out[index]}"))
        else:
            rows.append(Row(name, "-", ERROR, f"cell {index + 1} raised {run.errors[index]}"))
    if run.stopped and not expected:
        rows.append(Row(name, "-", NOT_RUN, run.stopped))
    return rows


def _records(nb):
    """The last check outcome recorded for each exercise in the executed notebook."""
    records = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            record = output.get("metadata", {}).get("tinynn")
            if isinstance(record, dict) and isinstance(record.get("exercise"), str):
                if record.get("outcome") in LABELS:
                    records[record["exercise"]] = dict(record)
    return records


class _Run:
    """What happened when a notebook ran: the notebook, cells that errored or timed out."""

    def __init__(self):
        self.nb = None
        self.errors = {}
        self.timed_out = {}
        self.stopped = ""


def _execute(path, timeout):
    """Execute the notebook at `path` cell by cell in a fresh kernel started in its folder."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    run = _Run()
    nb, problem = _read(path)
    if nb is None:
        run.stopped = problem
        return run
    for cell in nb.cells:  # outputs saved by the learner must not count: only this run's do
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    client = NotebookClient(
        nb,
        timeout=max(1, math.ceil(timeout)),
        kernel_name="python3",
        kernel_manager_class=_this_python_kernel(),
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
        log=_quiet_log(),
    )
    env = {**os.environ, GRADING_ENV: "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    try:
        # The kernel's own log (e.g. a warning about TCP) would only clutter the grader's output.
        with client.setup_kernel(env=env, cwd=str(path.parent), stderr=subprocess.DEVNULL):
            for index, cell in enumerate(nb.cells):
                try:
                    client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
                except CellTimeoutError:
                    run.timed_out[index] = f"ran longer than {timeout:g} seconds (an endless loop?)"
                    if not _interrupt(client):
                        run.stopped = f"the notebook stopped at cell {index + 1}, which never ended"
                        break
                    continue
                except DeadKernelError:
                    run.stopped = f"the kernel died in cell {index + 1}"
                    break
                error = _error_of(cell)
                if error:
                    run.errors[index] = error
    except Exception as error:  # noqa: BLE001 - kernel failed to start or vanished
        run.stopped = f"{COULD_NOT_RUN}: {type(error).__name__}: {error}"
        if not any(cell.get("outputs") for cell in nb.cells if cell.cell_type == "code"):
            return run
    run.nb = nb
    return run


def _interrupt(client, wait=5):
    """Interrupt the kernel after a timeout; True if it is ready for the next cell."""
    from jupyter_core.utils import run_sync

    try:
        return run_sync(_interrupt_and_wait)(client, wait)
    except Exception:  # noqa: BLE001 - the kernel is stuck or gone
        return False


async def _interrupt_and_wait(client, wait):
    from queue import Empty
    from time import monotonic

    from jupyter_core.utils import ensure_async

    await ensure_async(client.km.interrupt_kernel())
    msg_id = client.kc.kernel_info()
    deadline = monotonic() + wait
    while deadline > monotonic():
        try:
            msg = await ensure_async(
                client.kc.shell_channel.get_msg(timeout=deadline - monotonic())
            )
        except Empty:
            return False
        if msg["parent_header"].get("msg_id") == msg_id:
            return True
    return False


def _error_of(cell):
    """`NameError: name 'x' is not defined` for a cell whose output holds an error, else ''."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            text = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"
            # A SyntaxError names the kernel's temporary file: keep only the line number.
            text = re.sub(r"\(\S+\.py, (line \d+)\)", r"(\1)", " ".join(text.split()))
            return text if len(text) <= 100 else text[:97] + "..."
    return ""


def _this_python_kernel():
    """A kernel manager that starts this very Python (not whatever `python3` names elsewhere)."""
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpec

    class ThisPythonKernelManager(AsyncKernelManager):
        @property
        def kernel_spec(self):
            return KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                display_name="Python 3",
                language="python",
            )

    return ThisPythonKernelManager


def _quiet_log():
    log = logging.getLogger("tinynn.grading")
    log.propagate = False
    if not log.handlers:
        log.addHandler(logging.NullHandler())
    return log


# ---------------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------------


def totals(rows):
    """How many rows had each outcome, in a fixed order."""
    counts = {}
    for outcome in GRADER_LABELS:
        count = sum(row.outcome == outcome for row in rows)
        if count:
            counts[outcome] = count
    return counts


def table(rows, width=60):
    """The gradebook as plain text: notebook, exercise, outcome, message; then the totals.

    Long messages are cut to `width` characters (the JSON keeps them whole).
    """
    header = ("notebook", "exercise", "outcome", "message")
    lines = [
        (row.notebook, row.exercise, GRADER_LABELS.get(row.outcome, row.outcome), _cut(row, width))
        for row in rows
    ]
    widths = [max(len(str(line[i])) for line in [header, *lines]) for i in range(3)]
    text = []
    for line in [header, *lines]:
        cells = [str(line[i]).ljust(widths[i]) for i in range(3)]
        text.append("  ".join([*cells, line[3]]).rstrip())
    text.insert(1, "-" * len(text[0]))
    text.append("")
    text.append(summary(rows))
    return "\n".join(text)


def summary(rows):
    """`Totals: 4 correct, 1 not yet, 2 not attempted (7 exercises in 3 notebooks)`."""
    counts = totals(rows)
    parts = [f"{count} {GRADER_LABELS[outcome]}" for outcome, count in counts.items()]
    exercises = sum(row.exercise != "-" for row in rows)
    notebooks = len(dict.fromkeys(row.notebook for row in rows))
    return (
        f"Totals: {', '.join(parts) or 'nothing'} "
        f"({_plural(exercises, 'exercise')} in {_plural(notebooks, 'notebook')})"
    )


def _plural(count, word):
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _cut(row, width):
    """The row's message, short enough for a table; a correct answer needs none."""
    message = "" if row.outcome == "correct" else row.message
    return message if len(message) <= width else message[: width - 3] + "..."


def as_json(rows):
    """The gradebook as a JSON-ready dict: every row, and the totals."""
    return {"rows": [asdict(row) for row in rows], "totals": totals(rows)}


# ---------------------------------------------------------------------------------------------
# Progress, for the welcome notebook
# ---------------------------------------------------------------------------------------------


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
            marks = ", ".join(f"{row.exercise} {GRADER_LABELS[row.outcome]}" for row in rows)
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
                f'margin: 0.1em 0;">{row.exercise} {GRADER_LABELS[row.outcome]}</span>'
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

    Skips the welcome notebook (`00_...`). Each notebook runs in a fresh kernel on a copy, so
    save your work first; your files are never changed.
    """
    if os.environ.get(GRADING_ENV):
        print("(Your progress is shown when you run this notebook yourself.)")
        return
    notebooks = sorted(
        path for path in Path(folder).glob("[0-9][0-9]_*.ipynb") if not path.name.startswith("00_")
    )
    if notebooks:
        print(f"Checking {len(notebooks)} chapter notebooks (the saved versions):")
    rows = []
    for path in notebooks:
        print(f"  {path.name}", flush=True)
        with open(os.devnull, "w") as sink, contextlib.redirect_stderr(sink):
            rows += grade_notebook(path, timeout=timeout)
    _show(Progress(rows))
