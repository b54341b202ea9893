"""What runs on Gradescope for each submission: grade its notebooks, write results.json.

Gradescope puts the autograder's zip in `ROOT/source`, the learner's files in `ROOT/submission`,
and reads `ROOT/results/results.json` afterwards (ROOT is `/autograder`, or AUTOGRADER_ROOT).
The notebooks are graded by the class grader (`grade_submissions`: the same sandbox, limits and
verdicts as `python -m tinynn grade`), and results.json gets one test per exercise of the
assignment: one point for a correct answer, the check's message as its output. Whatever goes
wrong, a results.json says what: a submission with no notebook, the wrong one or a broken one
scores 0 for what wasn't graded, and an autograder that fails writes the error as its result.
"""

import json
import os
import sys
import tempfile
import traceback
from importlib import import_module
from pathlib import Path

from tinynn.exercises.outcomes import CORRECT
from tinynn.grading import notebooks, sandbox
from tinynn.grading.classroom import grade_submissions
from tinynn.grading.executing import CELL_TIMEOUT, cpu_budget, timeout_seconds
from tinynn.grading.gradebook import counted
from tinynn.grading.pool import cores
from tinynn.grading.rows import LABELS, MAX_MESSAGE, one_line, plural, table
from tinynn.grading.snapshot import Snapshot, verify
from tinynn.grading.submissions import find_submissions

# The one variable that moves the autograder's folder (a test stands in a temporary one).
ROOT_VARIABLE = "AUTOGRADER_ROOT"
DEFAULT_ROOT = "/autograder"
# The assignment, written into the zip by `tinynn.grading.gradescope`.
CONFIG = "tinynn-autograder.json"
# Each exercise is worth one point.
POINTS = 1.0


def root():
    """The autograder's folder: /autograder, or AUTOGRADER_ROOT when it is set."""
    return Path(os.environ.get(ROOT_VARIABLE) or DEFAULT_ROOT)


def main(argv=None):
    """Grade `ROOT/submission` and write `ROOT/results/results.json`; 0 once it is written."""
    folder = Path(argv[0]) if argv else root()
    results = folder / "results" / "results.json"
    assignment = None
    try:
        assignment = read_assignment(folder / "source" / CONFIG)
        document = grade_folder(folder / "submission", assignment)
    except Exception as error:  # noqa: BLE001 - whatever failed, the learner gets a result
        traceback.print_exc()
        document = failed(error, assignment)
    write_results(results, document)
    print(f"Wrote {results}: {document['score']:g} of {maximum(document):g} points")
    return 0


def read_assignment(path):
    """The assignment the zip was built for: its chapters (`ch01`) and their notebooks' names."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {
        "chapters": {item["chapter"]: item["notebook"] for item in data["chapters"]},
        "timeout": data.get("timeout"),
    }


def expected_exercises(assignment):
    """Every exercise of the assignment's chapters, in order: {key: Exercise}."""
    modules = [import_module(f"tinynn.exercises.{chapter}") for chapter in assignment["chapters"]]
    return notebooks.exercises_in(modules)


# ---------------------------------------------------------------------------------------------
# Grading the submission
# ---------------------------------------------------------------------------------------------


def grade_folder(folder, assignment):
    """Grade the notebooks in `folder` for the assignment; returns the results.json document."""
    installed = Snapshot.take()
    found = verify(installed)
    if found.refused:
        raise RuntimeError(
            "the installed tinynn differs from what pip installed ("
            + ", ".join(found.differ[:5])
            + "): the autograder can't trust its own code; rebuild its image"
        )
    isolation = sandbox.isolation("auto")
    if isolation.sandboxed:
        print(f"Kernels run in a sandbox: {isolation.note}")
    else:
        print(f"WARNING: no sandbox: {isolation.note}; kernels run with the fallback protections")
    if not folder.is_dir():
        return results_for([], assignment, [f"There is no submission folder ({folder})."])
    submissions = find_submissions([folder]).submissions
    todo, notes = [], []
    for submission in submissions:
        other = _other_chapter(submission, assignment)
        if other:
            notes.append(other)
        else:
            todo.append(submission)
    if not submissions:
        notes.append(_no_notebook(folder, assignment))
    timeout = timeout_seconds(assignment["timeout"] or CELL_TIMEOUT)
    limits = sandbox.Limits(cpu_seconds=cpu_budget(timeout))
    if todo:
        grade_submissions(todo, timeout, cores(), limits, None, isolation)
    rows = [row for submission in todo for row in submission.rows]
    if rows:
        print(table(rows))
    return results_for(rows, assignment, notes)


def _other_chapter(submission, assignment):
    """Why a readable notebook with none of the assignment's exercises isn't run, or ''."""
    if submission.rows is not None:
        return ""
    try:
        data = notebooks.read_bytes(submission.path)
    except notebooks.Unreadable:
        return ""  # the grader says why, as a row
    modules = notebooks.chapter_modules(submission.path.name, notebooks.tagged_in(data))
    chapters = {module.__name__.rsplit(".", 1)[-1] for module in modules}
    if chapters & set(assignment["chapters"]):
        return ""
    wanted = ", ".join(assignment["chapters"].values())
    whose = (
        f"it holds {' and '.join(sorted(chapters))}'s exercises"
        if chapters
        else "it holds no exercises"
    )
    return f"{one_line(submission.notebook)} was not graded: {whose}; this assignment is {wanted}."


def _no_notebook(folder, assignment):
    """What a submission without a notebook holds (its first few files), and what to upload."""
    files = []
    for top, folders, names in os.walk(folder):  # never follows a link to a folder
        folders[:] = sorted(name for name in folders if not notebooks.is_hidden(name))
        files += [
            (Path(top) / name).relative_to(folder).as_posix()
            for name in sorted(names)
            if not notebooks.is_hidden(name)
        ]
    handed_in = ", ".join(one_line(name, 80) for name in files[:5]) + (", ..." * (len(files) > 5))
    what = f"it holds {handed_in}" if files else "it is empty"
    wanted = ", ".join(assignment["chapters"].values())
    return f"Your submission has no notebook (.ipynb): {what}. Upload {wanted}."


# ---------------------------------------------------------------------------------------------
# results.json
# ---------------------------------------------------------------------------------------------


def results_for(rows, assignment, notes=()):
    """The results.json document for the graded rows: a test per exercise of the assignment,
    one point if correct, with the check's message (which never holds the answer).

    Where several notebooks hold one chapter, the one with the most correct answers counts (as
    in `grade`'s gradebook); an exercise no notebook had scores 0 and says why.
    """
    kept, several = counted(rows)
    problems = [row for row in rows if row.exercise == "-"]
    lines = [*notes, *map(_full_stop, several)]
    lines += [
        _full_stop(
            f"{one_line(row.notebook)}: {LABELS.get(row.outcome, row.outcome)}: {row.message}"
        )
        for row in problems
    ]
    by_key = {row.exercise: row for row in kept if row.exercise != "-"}
    tests = []
    for key, exercise in expected_exercises(assignment).items():
        row = by_key.get(key)
        chapter = key.split(".")[0]
        if row is None:
            output = _not_handed_in(key, assignment["chapters"][chapter], problems)
        else:
            output = _sentence(LABELS.get(row.outcome, row.outcome), row.message)
        tests.append(
            {
                "name": f"{key}: {exercise.title}",
                "score": POINTS if row is not None and row.outcome == CORRECT else 0.0,
                "max_score": POINTS,
                "output": one_line(output, MAX_MESSAGE),
                "visibility": "visible",
            }
        )
    score = sum(test["score"] for test in tests)
    summary = f"{score:g} of {plural(len(tests), 'exercise')} correct, one point each."
    return {
        "score": score,
        "output": "\n".join([summary, *lines]),
        "tests": tests,
    }


def _not_handed_in(key, notebook, problems):
    """Why an exercise has no row: no notebook had it, or the one that should have couldn't
    be graded."""
    chapter = notebook.split("_")[0] + "_"
    mine = [row for row in problems if Path(row.notebook).name.startswith(chapter)]
    if mine:
        why = "; ".join(f"{one_line(r.notebook)}: {r.message}" for r in mine)
        return _full_stop(f"Not graded: {why}")
    return f"Not handed in: none of your notebooks has {key} (it is in {notebook})."


def _sentence(label, message):
    """`Not yet. Check the sign of ...`: the outcome, then the check's message."""
    label = label[:1].upper() + label[1:]
    if not message:
        return f"{label}."
    return _full_stop(f"{label}. {message[:1].upper()}{message[1:]}")


def _full_stop(text):
    return text if text.endswith((".", "?", "!")) else text + "."


def failed(error, assignment):
    """The results of an autograder that failed: every exercise 0, and the error."""
    cause = one_line(f"{type(error).__name__}: {error}", 500)
    output = f"The autograder failed, so nothing was graded ({cause}). Tell your instructor."
    tests = []
    if assignment is not None:
        try:
            exercises = expected_exercises(assignment)
        except Exception:  # noqa: BLE001 - the error above is the one to report
            exercises = {}
        tests = [
            {
                "name": f"{key}: {exercise.title}",
                "score": 0.0,
                "max_score": POINTS,
                "output": "Not graded: the autograder failed.",
                "visibility": "visible",
            }
            for key, exercise in exercises.items()
        ]
    return {"score": 0.0, "output": output, "tests": tests}


def maximum(document):
    return sum(test["max_score"] for test in document["tests"])


def write_results(path, document):
    """Write results.json whole (a temporary file renamed over it), so it is never half one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A new file of its own (never one already there, which could be a link) renamed over it.
    descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=".results-")
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(json.dumps(document, indent=2) + "\n")
    os.chmod(partial, 0o644)
    os.replace(partial, path)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
