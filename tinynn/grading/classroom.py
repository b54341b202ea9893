"""Grading a whole class: read each notebook once, grade them in parallel, lose nothing.

`grade(paths, ...)` is the grader as a library: give it notebooks, learner folders or a class
folder and it returns the rows (and, with `out`, writes the gradebook files). Each notebook is
read once, before any kernel runs, for its hash and its exercises; then workers grade them
`jobs` at a time (see `tinynn.grading.pool`), each noted in `results.jsonl` as it ends.
"""

import hashlib
import queue
import threading

from tinynn.grading import notebooks, sandbox
from tinynn.grading.executing import CELL_TIMEOUT, cpu_budget, timeout_seconds
from tinynn.grading.gradebook import write_gradebook
from tinynn.grading.pool import Pool, scratch_folder
from tinynn.grading.results import Results
from tinynn.grading.rows import ERROR, UNREADABLE, Row
from tinynn.grading.snapshot import Snapshot, font_cache
from tinynn.grading.submissions import find_submissions


def grade(
    paths,
    timeout=CELL_TIMEOUT,
    jobs=1,
    out=None,
    resume=False,
    limits=None,
    sandbox_choice="auto",
    on_start=None,
    on_done=None,
):
    """Grade notebooks, learner folders or a class folder and return the gradebook rows.

    Each notebook runs on a copy in a fresh kernel in its sandbox, `jobs` at a time. Problems
    with a notebook (not JSON, a cell that errors or runs too long, a deleted exercise cell, a
    symbolic link) become rows too; grading always goes on. With `out`, results go to
    `out/results.jsonl` as they come and the gradebook files are written at the end (`resume`
    keeps what an earlier run graded). `on_start(path)` and `on_done(submission, seconds)` are
    called as each notebook starts and ends.
    """
    found = find_submissions(paths)
    results = Results(out, resume) if out else None
    started = None if on_start is None else (lambda submission: on_start(submission.path))
    isolation = sandbox.isolation(sandbox_choice)
    grade_submissions(
        found.submissions, timeout, jobs, limits, results, isolation, started, on_done
    )
    rows = [row for s in found.submissions for row in s.rows]
    rows += [
        Row(path.name, "-", UNREADABLE, "no such file", path=str(path)) for path in found.missing
    ]
    if out:
        write_gradebook(out, rows, sandbox=isolation.note)
    return rows


def read_submissions(submissions, results=None):
    """Read each notebook once: its hash, and the exercise modules it needs, or its rows from an
    earlier run. Returns every module needed (for the copy of tinynn the kernels import). What
    can't be read as a notebook is found by the worker that grades it."""
    modules = {}
    for submission in submissions:
        if submission.rows is not None:  # refused when found
            continue
        try:
            data = notebooks.read_bytes(submission.path)
        except notebooks.Unreadable as problem:
            submission.rows = [Row(submission.notebook, "-", UNREADABLE, str(problem))]
            continue
        submission.sha256 = hashlib.sha256(data).hexdigest()
        previous = results.previous(submission) if results else None
        if previous is not None:
            submission.rows, submission.resumed = previous, True
            continue
        try:
            found = notebooks.chapter_modules(submission.path.name, notebooks.tagged_in(data))
        except Exception as error:  # noqa: BLE001 - a broken chapter module shouldn't stop grading
            message = f"can't load its exercises: {type(error).__name__}"
            submission.rows = [Row(submission.notebook, "-", ERROR, message)]
            continue
        modules.update({module.__name__: module for module in found})
    return list(modules.values())


def grade_submissions(
    submissions,
    timeout=CELL_TIMEOUT,
    jobs=1,
    limits=None,
    results=None,
    isolation=None,
    on_start=None,
    on_done=None,
):
    """Grade each submission, `jobs` at a time; fill in its `.rows` and return them all.

    Notebooks suspected of stopping an earlier run (see `tinynn.grading.results`) go first, one
    at a time. `on_start(submission)` and `on_done(submission, seconds)` are called as each one
    starts and ends (from several threads, one at a time). Ctrl-C stops every worker and kernel,
    and notes the notebooks it interrupted so that `--resume` grades them again.
    """
    timeout = None if timeout is None else timeout_seconds(timeout)
    snapshot = Snapshot.take(read_submissions(submissions, results))
    limits = limits or sandbox.Limits(cpu_seconds=cpu_budget(timeout))
    isolation = isolation or sandbox.isolation("auto")
    lock = threading.Lock()

    def finish(submission, seconds):
        for row in submission.rows:
            row.learner, row.path = submission.learner, str(submission.path)
        with lock:
            if results is not None:
                results.add(submission, seconds)
            if on_done is not None:
                on_done(submission, seconds)

    todo = [s for s in submissions if s.rows is None]
    for submission in submissions:
        if submission.rows is not None:
            finish(submission, 0.0)
    if not todo:
        return submissions
    suspects = [s for s in todo if results is not None and results.suspect(s)]
    rest = [s for s in todo if s not in suspects]
    snapshot.home = font_cache()
    scratch = scratch_folder()
    pool = Pool(snapshot, isolation, scratch, timeout, limits)
    in_flight = []
    try:
        for group, slots in ((suspects, 1), (rest, jobs)):
            if group:
                queued = queue.Queue()
                for submission in group:
                    queued.put(submission)
                alone = min(slots, len(group)) == 1
                pool.run(queued, slots, _begin(results, alone, on_start, lock, in_flight), finish)
    except KeyboardInterrupt:
        pool.stop()
        if results is not None:
            for submission in in_flight:
                if submission.rows is None:
                    results.cancel(submission)
        raise
    finally:
        pool.stop()
        sandbox.remove_tree(scratch)
    return submissions


def _begin(results, alone, on_start, lock, in_flight):
    """What to do as a notebook starts: note it (on disk first), then tell `on_start`."""

    def begin(submission):
        with lock:
            in_flight.append(submission)
            if results is not None:
                results.start(submission, alone)
            if on_start is not None:
                on_start(submission)

    return begin
