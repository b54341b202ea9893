"""Grade chapter notebooks, write the answer key, and show a learner their progress.

`grade_notebook` runs a notebook in a fresh kernel on a temporary copy (see `tinynn.sandbox`),
then re-checks every answer with a cell of its own and reads the outcomes; `grade` does that
for a whole class (see `tinynn.gradebook`); `key` fills the reference solutions into the cells
tagged `exercise:<key>`; `progress` grades a learner's own chapters from the welcome notebook.
Nothing here changes the notebooks it is given.
"""

import contextlib
import copy
import functools
import html
import importlib
import json
import logging
import math
import numbers
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

from tinynn import sandbox
from tinynn.exercises.checking import COLOURS, LABELS, Exercise, _show
from tinynn.sandbox import GRADING_ENV

# Seconds one cell may run before the grader interrupts it; a longer limit than MAX_TIMEOUT
# means none.
CELL_TIMEOUT = 60
MAX_TIMEOUT = 24 * 60 * 60

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
    """One line of the gradebook: a notebook, an exercise in it, and how it went.

    `learner` is whose notebook it is (their folder's name) and `path` the file that was graded;
    both are empty where they don't apply (the answer key, a learner's own progress).
    """

    notebook: str
    exercise: str
    outcome: str
    message: str = ""
    learner: str = ""
    path: str = ""


# ---------------------------------------------------------------------------------------------
# Finding notebooks and their exercises
# ---------------------------------------------------------------------------------------------


def notebook_paths(paths):
    """Expand folders into the notebooks they hold (sorted); keep files as they are.

    Hidden files in a folder (such as the `._name.ipynb` files in zips made on macOS) are
    skipped: they are never notebooks.
    """
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.glob("*.ipynb") if p.is_file() and not is_hidden(p))
        else:
            found.append(path)
    return found


def is_hidden(path):
    """True for a hidden file or folder (`.name`, macOS's `._name`) and macOS's `__MACOSX`."""
    name = Path(path).name
    return name.startswith(".") or name == "__MACOSX"


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
    if not isinstance(raw, dict):
        return None, "not a Jupyter notebook (no cells)"
    version = raw.get("nbformat")
    if "cells" not in raw and not (version == 3 and "worksheets" in raw):
        if isinstance(version, int) and version < 3:
            return None, (
                f"a Jupyter notebook in the old format {version}: open it in Jupyter and save "
                "it again to convert it"
            )
        return None, "not a Jupyter notebook (no cells)"
    try:
        # nbformat converts format 3 to 4, and warns about cells without ids: they get ids.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
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
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
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


def grade(paths, timeout=CELL_TIMEOUT, on_start=None, jobs=1, **options):
    """Grade notebooks, learner folders or a class folder and return the gradebook rows.

    Each notebook runs on a copy in a fresh kernel (see `tinynn.sandbox`), `jobs` at a time.
    Problems with a notebook (not JSON, a cell that errors or runs too long, a deleted exercise
    cell) become rows too; grading always goes on. `on_start(path)` is called before each one.
    `tinynn.gradebook.grade_class` takes the other options (an output folder, resuming...).
    """
    from tinynn import gradebook

    started = None if on_start is None else (lambda submission: on_start(submission.path))
    return gradebook.grade_class(paths, timeout=timeout, jobs=jobs, on_start=started, **options)


def expected_exercises(nb, name):
    """The exercise keys a notebook should have (from its name and tags) and their modules."""
    tagged = [key for cell in nb.cells for key in exercise_tags(cell)]
    modules = chapter_modules(name, tagged)
    return list(exercises_in(modules)), modules


def timeout_seconds(value):
    """A cell's time limit in seconds, or None for no limit (infinity, or more than a day)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or math.isnan(value)
        or value <= 0
    ):
        raise ValueError(
            f"the time limit must be a positive number of seconds, got {value!r}: try 60"
        )
    return None if value > MAX_TIMEOUT else float(value)


def cpu_budget(timeout):
    """Seconds of CPU time (and of running time) one notebook may use in all."""
    return None if timeout is None else max(600, math.ceil(10 * timeout))


def grade_notebook(
    path,
    timeout=CELL_TIMEOUT,
    name=None,
    *,
    learner="",
    expected=None,
    snapshot=None,
    limits=None,
    scratch=None,
    on_kernel=None,
):
    """Grade one notebook (see `grade`); `name` labels its rows (default: the file name).

    `timeout` is in seconds (None or infinity: no limit). `expected` lists the exercise keys
    to report (default: from the notebook's name and tags);
    `snapshot` is the copy of tinynn its kernel imports (default: the installed one, now);
    `limits` bound its kernel; `scratch` is where its temporary folder goes; `on_kernel(pid)`
    is told the kernel's process id once it runs.
    """
    path = Path(path)
    name = name or path.name
    timeout = None if timeout is None else timeout_seconds(timeout)
    nb, problem = _read(path)
    if nb is None:
        return [Row(name, "-", UNREADABLE, problem, learner)]
    tagged = [key for cell in nb.cells for key in exercise_tags(cell)]
    if expected is None:
        try:
            expected, modules = expected_exercises(nb, name)
        except Exception as error:  # noqa: BLE001 - a broken chapter module shouldn't stop grading
            message = f"can't load its exercises: {type(error).__name__}"
            return [Row(name, "-", ERROR, message, learner)]
        snapshot = snapshot or sandbox.Snapshot.take(modules)
    expected = list(expected)
    snapshot = snapshot or sandbox.Snapshot.take()
    limits = limits or sandbox.Limits(cpu_seconds=cpu_budget(timeout))
    folder = Path(tempfile.mkdtemp(prefix="tinynn-grade-", dir=scratch))
    try:
        run = _execute(path, nb, folder, timeout, snapshot, limits, on_kernel)
    finally:
        sandbox.remove_tree(folder)
    if run.nb is None:
        return [Row(name, "-", ERROR, run.stopped, learner)]
    records = _records(run.nb)
    # Exercises from the chapter modules are re-checked by the grader. Only a notebook for
    # which it has no module at all is graded from its tags and what it displayed; otherwise
    # other keys are ignored, so a displayed marker can't add exercises to the gradebook.
    verifiable = bool(expected)
    if not verifiable:
        expected = list(dict.fromkeys(tagged + list(records)))
    rows = [_row(name, k, run, records, verifiable) for k in expected]
    rows += _other_problems(name, run, expected)
    if run.stopped and not any(row.message.startswith(run.stopped) for row in rows):
        rows.append(Row(name, "-", NOT_RUN, run.stopped))
    rows = rows or [Row(name, "-", NO_EXERCISES, "found no exercises in this notebook")]
    for row in rows:
        row.learner = learner
    return rows


def _cells_of(nb, exercise_key):
    """Positions of the cells tagged with this exercise or calling its check."""
    return [
        index
        for index, cell in enumerate(nb.cells)
        if exercise_key in exercise_tags(cell)
        or (cell.cell_type == "code" and f"{exercise_key}.check(" in cell.source)
    ]


def _row(name, exercise_key, run, records, verifiable):
    """How one exercise went, and why there is no outcome when there is none.

    An exercise the grader has the module for counts only as re-checked by the grader's own
    cell; for any other, the last outcome the notebook displayed is all there is.
    """
    shown = records.get(exercise_key)
    if verifiable:
        trusted = run.rechecked.get(exercise_key, {})
        if trusted.get("outcome") in LABELS:
            message = str(trusted.get("message", ""))
            if shown and shown["outcome"] == "correct" and trusted["outcome"] != "correct":
                message += " (the notebook's own output said correct)"
            return Row(name, exercise_key, trusted["outcome"], message)
    elif shown:
        message = shown.get("message", "")
        note = "not re-checked: the grader has no exercise module for it"
        return Row(name, exercise_key, shown["outcome"], f"{message} ({note})".lstrip())
    cells = _cells_of(run.nb, exercise_key)
    if not any(exercise_key in exercise_tags(run.nb.cells[i]) for i in cells):
        return Row(name, exercise_key, MISSING, _missing_message(exercise_key))
    for index in cells:
        if index in run.timed_out:
            return Row(name, exercise_key, "timed_out", f"cell {index + 1} {run.timed_out[index]}")
        if index in run.errors:
            return Row(name, exercise_key, ERROR, f"cell {index + 1} raised {run.errors[index]}")
    if run.stopped:
        message = run.stopped
        if shown:
            said = GRADER_LABELS[shown["outcome"]]
            message += f"; before that, the notebook's own output said {said}"
        return Row(name, exercise_key, NOT_RUN, message)
    if exercise_key in run.rechecked:  # its answer expression raised when the grader re-ran it
        raised = run.rechecked[exercise_key].get("unusable", "an error")
        message = f"its answer raised {raised} when the grader re-checked it"
        if shown:
            message += f"; the notebook's own output said {GRADER_LABELS[shown['outcome']]}"
        return Row(name, exercise_key, ERROR, message)
    if run.recheck_problem:
        return Row(name, exercise_key, ERROR, run.recheck_problem)
    message = f"its check never ran (no cell calls {exercise_key}.check(...))"
    if shown:
        message += f"; the notebook's own output said {GRADER_LABELS[shown['outcome']]}"
    return Row(name, exercise_key, NOT_RUN, message)


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
    return rows


def _records(nb):
    """The last check outcome the notebook itself displayed for each exercise."""
    records = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            record = output.get("metadata", {}).get("tinynn")
            if isinstance(record, dict) and isinstance(record.get("exercise"), str):
                if record.get("outcome") in LABELS:
                    records[record["exercise"]] = dict(record)
    return records


class _Run:
    """What happened when a notebook ran: the notebook, cells that errored or timed out, and
    the grader's re-checked outcomes."""

    def __init__(self):
        self.nb = None
        self.errors = {}
        self.timed_out = {}
        self.stopped = ""
        self.rechecked = {}
        self.recheck_problem = ""


def _execute(path, nb, folder, timeout, snapshot, limits, on_kernel=None):
    """Execute a copy of the notebook cell by cell in a fresh kernel in `folder`, then re-check
    every answer with the grader's own cell.

    If the kernel dies or a cell can't be stopped, a second kernel runs the cells before that
    one again and the grader re-checks the exercises whose checks came before it.
    """
    run = _Run()
    work, home = folder / "work", folder / "home"
    work.mkdir()
    home.mkdir()
    snapshot.write_home(home)
    shutil.copyfile(path, work / path.name)
    lib = snapshot.write(folder / "lib")
    for cell in nb.cells:  # outputs saved by the learner must not count: only this run's do
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    code = [index for index, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    calls = [(index, sandbox.check_calls([nb.cells[index].source])) for index in code]
    env = sandbox.kernel_environment(home, lib)
    budget = cpu_budget(timeout)
    deadline = None if budget is None else time.monotonic() + budget
    kernel = functools.partial(_in_kernel, work=work, env=env, timeout=timeout, limits=limits)

    def first_pass(client):
        stop = _run_cells(client, nb, code, timeout, limits, run, deadline)
        if stop is None:
            _recheck(client, nb, folder, snapshot, _calls_before(calls, None), run)
        return stop

    try:
        stop = kernel(nb, first_pass, on_kernel)
    except Exception as error:  # noqa: BLE001 - kernel failed to start or vanished
        run.stopped = f"{COULD_NOT_RUN}: {type(error).__name__}: {error}"
        if not any(cell.get("outputs") for cell in nb.cells if cell.cell_type == "code"):
            return run
        stop = None
    salvage = _calls_before(calls, stop) if stop is not None else {}
    if salvage:
        again = copy.deepcopy(nb)
        before = [i for i in code if i < stop and i not in run.timed_out]

        def second_pass(client):
            if _run_cells(client, again, before, timeout, limits, _Run(), deadline) is None:
                _recheck(client, again, folder, snapshot, salvage, run)

        with contextlib.suppress(Exception):
            kernel(again, second_pass, on_kernel)
    run.nb = nb
    return run


def _in_kernel(nb, action, on_kernel, work, env, timeout, limits):
    """Start a kernel for `nb`, tell `on_kernel` its process id, run `action(client)`, and
    kill the kernel's whole process group afterwards."""
    client = sandbox.grading_client(
        nb,
        timeout=_client_timeout(timeout),
        kernel_name="python3",
        kernel_manager_class=sandbox.kernel_manager_class(limits),
        allow_errors=True,
        resources={"metadata": {"path": str(work)}},
        log=_quiet_log(),
    )
    pid = None
    try:
        # The kernel's own output (e.g. a warning about TCP) would only clutter the grader's.
        with client.setup_kernel(
            env=env, cwd=str(work), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ):
            pid = sandbox.kernel_pid(client)
            if on_kernel is not None and pid:
                on_kernel(pid)
            return action(client)
    finally:
        sandbox.kill_group(pid)


def _run_cells(client, nb, indices, timeout, limits, run, deadline):
    """Run the cells at `indices`, noting errors and timeouts in `run`; return the position of
    the cell where the notebook had to stop (the kernel died or the cell never ended), or None.
    """
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    for index in indices:
        if deadline is not None and time.monotonic() > deadline:
            run.stopped = (
                f"the notebook ran for more than {cpu_budget(timeout)} seconds in all; "
                f"cells from {index + 1} on were not run"
            )
            return None
        cell = nb.cells[index]
        try:
            client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        except CellTimeoutError:
            run.timed_out[index] = f"ran longer than {timeout:g} seconds (an endless loop?)"
            if not _interrupt(client):
                run.stopped = f"the notebook stopped at cell {index + 1}, which never ended"
                return index
            continue
        except DeadKernelError:
            run.stopped = _kernel_died(client, index, limits)
            return index
        error = _error_of(cell)
        if error:
            run.errors[index] = error
    return None


def _calls_before(calls, stop):
    """The answer expression of each exercise's last check call in a cell before `stop`."""
    merged = {}
    for index, found in calls:
        if stop is None or index < stop:
            merged.update(found)
    return merged


def _client_timeout(timeout):
    return None if timeout is None else max(1, math.ceil(timeout))


def _recheck(client, nb, folder, snapshot, calls, run):
    """Run the grader's cell after the learner's and keep the outcomes it displays."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from nbformat.v4 import new_code_cell

    fresh = snapshot.write(folder / f"check-{secrets.token_hex(8)}")
    source, nonce = sandbox.grader_cell(fresh, calls)
    cell = new_code_cell(source)
    nb.cells.append(cell)
    # Each check stops itself at its own time limit; this is room for all of them.
    client.timeout = 60 + 10 * len(calls) if client.timeout else None
    try:
        client.execute_cell(cell, len(nb.cells) - 1)
        records = sandbox.grader_records(cell, nonce)
        if records is None:
            run.recheck_problem = "the grader could not re-check the answers: " + (
                _error_of(cell) or "its cell displayed nothing"
            )
        else:
            run.rechecked = records
    except CellTimeoutError:
        run.recheck_problem = "the grader's re-check of the answers never finished"
    except DeadKernelError:
        run.recheck_problem = "the kernel died while the grader re-checked the answers"
    finally:
        nb.cells.pop()


def _kernel_died(client, index, limits):
    """Why the kernel died in cell `index`, as far as its exit says."""
    signal_number = sandbox.kernel_exit_signal(client)
    where = f"the kernel died in cell {index + 1}"
    if signal_number is None:
        return where
    if signal_number == getattr(signal, "SIGXCPU", None):
        return f"{where}: it used up its {limits.cpu_seconds} seconds of CPU time"
    if signal_number == getattr(signal, "SIGXFSZ", None):
        return f"{where}: it wrote a file larger than {limits.file_mb} MB"
    if signal_number == getattr(signal, "SIGKILL", None):
        return f"{where}: it was killed (out of memory?)"
    return f"{where} ({signal_number.name})"


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
            name, value = output.get("ename") or "Error", output.get("evalue") or ""
            text = f"{name}: {value}" if value.strip() else name
            # A SyntaxError names the kernel's temporary file: keep only the line number.
            text = re.sub(r"\(\S+\.py, (line \d+)\)", r"(\1)", " ".join(text.split()))
            return text if len(text) <= 100 else text[:97] + "..."
    return ""


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
    """The gradebook as plain text: (learner,) notebook, exercise, outcome, message; then the
    totals. The learner column is there when rows have learners.

    Long messages are cut to `width` characters (the JSON keeps them whole).
    """
    learners = any(row.learner for row in rows)
    header = ("learner",) * learners + ("notebook", "exercise", "outcome", "message")
    lines = [
        (row.learner,) * learners
        + (
            row.notebook,
            row.exercise,
            GRADER_LABELS.get(row.outcome, row.outcome),
            _cut(row, width),
        )
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
    parts = [f"{count} {GRADER_LABELS[outcome]}" for outcome, count in counts.items()]
    exercises = sum(row.exercise != "-" for row in rows)
    notebooks = len(dict.fromkeys((row.learner, row.path or row.notebook) for row in rows))
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
        print(f"Checking {_plural(len(notebooks), 'chapter notebook')} (the saved {versions}):")
    rows = []
    for path in notebooks:
        print(f"  {path.name}", flush=True)
        with open(os.devnull, "w") as sink, contextlib.redirect_stderr(sink):
            rows += grade_notebook(path, timeout=timeout)
    _show(Progress(rows))
