"""Grading one notebook: run it in its sandbox, then judge each exercise in the grader's process.

The kernel only hands back data: the values each answer produced (see `tinynn.grading.collect`).
The verdict is reached here, by the exercise's own judging code, from that data alone, so what
a notebook displays, or does to the checks in its kernel, is never a grade. A notebook the
grader has no exercise module for is reported, not run.
"""

import hashlib
import tempfile
from pathlib import Path

from tinynn.exercises.display import LABELS as CHECK_LABELS
from tinynn.exercises.outcomes import CORRECT, TIMED_OUT
from tinynn.grading import notebooks, sandbox
from tinynn.grading.executing import (
    CELL_TIMEOUT,
    cpu_budget,
    execute,
    make_place,
    timeout_seconds,
)
from tinynn.grading.rows import (
    ERROR,
    LABELS,
    MISSING,
    NO_EXERCISES,
    NOT_RUN,
    UNREADABLE,
    Row,
    one_line,
)
from tinynn.grading.snapshot import Snapshot

NOT_GRADED = (
    "no exercises the grader knows: its name doesn't start with a chapter's number (01_...) and "
    "no cell is tagged with a chapter's exercise, so it was neither run nor graded"
)


def grade_notebook(
    path,
    timeout=CELL_TIMEOUT,
    name=None,
    *,
    learner="",
    sha256=None,
    snapshot=None,
    limits=None,
    isolation=None,
    scratch=None,
    lib=None,
    home_files=None,
    on_kernel=None,
):
    """Grade one notebook and return its rows; `name` labels them (default: the file name).

    `timeout` is in seconds (None or infinity: no limit). `sha256`, when given, is the hash the
    file had when it was found (a file that changed since is not graded); `snapshot` is the copy
    of tinynn its kernel imports (default: the installed one, now); `limits` and `isolation`
    bound its kernel; `scratch` is where its temporary folder goes, `lib` and `home_files` a
    shared copy of tinynn and HOME files a sandboxed kernel may see read-only; `on_kernel(pid)`
    is told the kernel's process id once it runs.
    """
    path = Path(path)
    name = name or path.name
    timeout = None if timeout is None else timeout_seconds(timeout)
    try:
        data = notebooks.read_bytes(path)
        if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
            message = "the notebook changed while the class was graded: grade it again"
            return [Row(name, "-", ERROR, message, learner)]
        nb = notebooks.parse(data)
    except notebooks.Unreadable as problem:
        return [Row(name, "-", UNREADABLE, str(problem), learner)]
    try:
        keys, modules = notebooks.expected_exercises(nb, path.name)
    except Exception as error:  # noqa: BLE001 - a broken chapter module shouldn't stop grading
        return [Row(name, "-", ERROR, f"can't load its exercises: {type(error).__name__}", learner)]
    if not keys:
        return [Row(name, "-", NO_EXERCISES, NOT_GRADED, learner)]
    exercises = notebooks.exercises_in(modules)
    snapshot = snapshot or Snapshot.take(modules)
    limits = limits or sandbox.Limits(cpu_seconds=cpu_budget(timeout))
    isolation = isolation or sandbox.isolation("auto")
    folder = Path(tempfile.mkdtemp(prefix="tinynn-grade-", dir=scratch))
    try:
        place = make_place(folder, path.name, data, snapshot, isolation, lib, home_files)
        run = execute(nb, place, timeout, limits, isolation, on_kernel)
    finally:
        sandbox.remove_tree(folder)
    if run.nb is None:
        return [Row(name, "-", ERROR, run.stopped, learner)]
    shown = _shown(run.nb)
    rows = [_row(name, exercises[key], run, shown) for key in keys]
    rows += _other_problems(name, run, keys)
    if run.stopped and not any(row.message.startswith(run.stopped) for row in rows):
        rows.append(Row(name, "-", NOT_RUN, run.stopped))
    for row in rows:
        row.learner = learner
    return rows


def _row(name, exercise, run, shown):
    """How one exercise went, and why there is no outcome when there is none."""
    key = exercise.key
    handed_back = run.handed_back.get(key, {})
    said = shown.get(key)
    if "answer" in handed_back or "function" in handed_back:
        try:
            result = exercise.judge(handed_back)
        except (ValueError, TypeError, KeyError, RecursionError):
            return Row(name, key, ERROR, "its kernel handed back an answer the grader can't read")
        message = result.message
        if said == CORRECT and result.outcome != CORRECT:
            message += " (the notebook's own output said correct)"
        return Row(name, key, result.outcome, message)
    cells = notebooks.cells_of(run.nb, key)
    if not any(key in notebooks.exercise_tags(run.nb.cells[i]) for i in cells):
        return Row(name, key, MISSING, notebooks.missing_message(key))
    for index in cells:
        if index in run.timed_out:
            return Row(name, key, TIMED_OUT, f"cell {index + 1} {run.timed_out[index]}")
        if index in run.errors:
            return Row(name, key, ERROR, f"cell {index + 1} raised {run.errors[index]}")
    own = f"the notebook's own output said {LABELS[said]}" if said else ""
    if run.stopped:
        return Row(name, key, NOT_RUN, run.stopped + (f"; before that, {own}" if own else ""))
    if "unusable" in handed_back:
        raised = one_line(handed_back["unusable"], 100)
        message = f"its answer raised {raised} when the grader read it"
        return Row(name, key, ERROR, message + (f"; {own}" if own else ""))
    if "problem" in handed_back:
        problem = one_line(handed_back["problem"], 200)
        return Row(name, key, ERROR, f"the grader could not collect its answer: {problem}")
    if run.collect_problem:
        return Row(name, key, ERROR, run.collect_problem)
    if handed_back:
        message = "its kernel handed back no answer the grader can read (was the grader's code "
        return Row(name, key, ERROR, message + "changed in the kernel?)")
    message = f"its check never ran (no cell calls {key}.check(...))"
    return Row(name, key, NOT_RUN, message + (f"; {own}" if own else ""))


def _other_problems(name, run, keys):
    """Rows for cells outside any exercise that errored or ran too long."""
    ours = {index for key in keys for index in notebooks.cells_of(run.nb, key)}
    rows = []
    for index in sorted({*run.errors, *run.timed_out} - ours):
        if "raises-exception" in run.nb.cells[index].get("metadata", {}).get("tags", []):
            continue
        if index in run.timed_out:
            rows.append(Row(name, "-", TIMED_OUT, f"cell {index + 1} {run.timed_out[index]}"))
        else:
            rows.append(Row(name, "-", ERROR, f"cell {index + 1} raised {run.errors[index]}"))
    return rows


def _shown(nb):
    """The last check outcome the notebook itself displayed for each exercise."""
    shown = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            record = output.get("metadata", {}).get("tinynn")
            if isinstance(record, dict) and isinstance(record.get("exercise"), str):
                if record.get("outcome") in CHECK_LABELS:
                    shown[record["exercise"]] = record["outcome"]
    return shown
