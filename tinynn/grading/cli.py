"""The instructor's command line: `python -m tinynn key ...`, `python -m tinynn grade ...` and
`python -m tinynn gradescope ...`.

Exit codes: 0 when everything given was graded (whatever the answers); 1 when a path was
missing, nothing was found, no notebook could be graded, or `key` wrote nothing; 2 when the
grader itself could not work (bad options, an output it can't write, no kernel, a sandbox that
was asked for and doesn't work, an installed tinynn that differs from what pip installed); 130
on Ctrl-C. `gradescope` exits 0 once its zip is written, 2 when it can't be.
"""

import argparse
import json
import os
import sys
from pathlib import Path

from tinynn.exercises.outcomes import OUTCOMES
from tinynn.grading import gradescope, sandbox
from tinynn.grading.classroom import grade_submissions
from tinynn.grading.executing import CELL_TIMEOUT, COULD_NOT_RUN, cpu_budget, timeout_seconds
from tinynn.grading.gradebook import as_json, class_table, write_gradebook
from tinynn.grading.key import key
from tinynn.grading.pool import cores
from tinynn.grading.results import RESULTS, Results
from tinynn.grading.rows import (
    ERROR,
    FILLED,
    MISSING,
    NO_EXERCISES,
    UNREADABLE,
    Row,
    describe,
    one_line,
    plural,
    table,
)
from tinynn.grading.snapshot import Snapshot, verify
from tinynn.grading.submissions import find_submissions


def main(argv=None):
    """Run `key` or `grade` and return the exit code (see the module's docstring)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "key":
            return _key(args)
        if args.command == "gradescope":
            return _gradescope(args, parser)
        return _grade(args, parser)
    except ImportError as error:
        print(f"tinynn {args.command}: {type(error).__name__}: {error}", file=sys.stderr)
        print("grading needs nbclient and ipykernel: pip install 'tinynn[course]'", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"tinynn {args.command}: {type(error).__name__}: {error}", file=sys.stderr)
        return 2


def _parser():
    parser = argparse.ArgumentParser(
        prog="tinynn", description="Answer keys and grading for the tinynn chapter notebooks."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    key_command = commands.add_parser(
        "key", help="write notebooks with the reference solutions filled in"
    )
    key_command.add_argument("paths", nargs="+", metavar="NOTEBOOK_OR_DIR")
    key_command.add_argument(
        "--out", required=True, metavar="DIR", help="folder for the answer key"
    )

    grade = commands.add_parser(
        "grade",
        help="run notebooks on a copy and report each exercise",
        description=(
            "Grade notebooks, one learner's folder, or a class folder holding one folder per "
            "learner. Results go to OUT/results.jsonl as each notebook is graded; at the end "
            "OUT/grades.csv, outcomes.csv, grades.json and feedback/<learner>.html are written."
        ),
    )
    grade.add_argument("paths", nargs="+", metavar="NOTEBOOK_OR_DIR")
    grade.add_argument(
        "--out",
        default="grades",
        metavar="DIR",
        help="folder for the results (default: grades, created if missing)",
    )
    grade.add_argument("--json", metavar="FILE", help="also write every row as JSON to FILE")
    grade.add_argument(
        "--jobs",
        type=int,
        default=cores(),
        metavar="N",
        help=f"notebooks graded at once (default: the number of cores, {cores()})",
    )
    grade.add_argument(
        "--timeout",
        type=float,
        default=CELL_TIMEOUT,
        metavar="SECONDS",
        help=f"seconds one cell may run (default {CELL_TIMEOUT}; inf for no limit)",
    )
    grade.add_argument(
        "--memory",
        type=int,
        default=4096,
        metavar="MB",
        help="memory (address space) one kernel may use, in MB (default 4096; 0 for no limit)",
    )
    grade.add_argument(
        "--resume",
        action="store_true",
        help="keep the results already in OUT/results.jsonl for unchanged notebooks",
    )
    grade.add_argument(
        "--sandbox",
        choices=sandbox.SANDBOX_CHOICES,
        default="auto",
        help=(
            "where kernels run: auto (bubblewrap's sandbox when it works here, else without, "
            "saying so), bubblewrap (only in it: stop if it doesn't work), none"
        ),
    )
    _gradescope_parser(commands)
    return parser


def _gradescope_parser(commands):
    command = commands.add_parser(
        "gradescope",
        help="write an autograder zip for Gradescope",
        description=(
            "Write a Gradescope autograder (setup.sh, run_autograder and this tinynn as a wheel) "
            "that grades the given chapters, one point per exercise, with the same grader and "
            "sandbox as `grade`. Run it in a checkout of the course."
        ),
    )
    command.add_argument(
        "chapters",
        nargs="*",
        metavar="CHAPTER",
        help="chapter numbers (3) or notebooks (chapters/03_gradient_descent.ipynb) the "
        "assignment grades (default: every chapter)",
    )
    command.add_argument(
        "--out", required=True, metavar="ZIP", help="the zip to write (e.g. autograder.zip)"
    )
    command.add_argument(
        "--timeout",
        type=float,
        default=CELL_TIMEOUT,
        metavar="SECONDS",
        help=f"seconds one cell may run (default {CELL_TIMEOUT})",
    )


def _say(text):
    print(text, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# key
# ---------------------------------------------------------------------------------------------


def _key(args):
    missing = _report_missing(args)
    rows = key(args.paths, args.out)
    print(table(rows))
    written = [r for r in rows if r.outcome in (FILLED, MISSING, NO_EXERCISES)]
    if not written:
        _say(f"tinynn key: wrote no notebook into {args.out}")
        return 1
    return 1 if missing else 0


def _report_missing(args):
    missing = [path for path in args.paths if not Path(path).exists()]
    for path in missing:
        _say(f"tinynn {args.command}: no such file or folder: {path}")
    return missing


# ---------------------------------------------------------------------------------------------
# gradescope
# ---------------------------------------------------------------------------------------------


def _gradescope(args, parser):
    try:
        timeout = timeout_seconds(args.timeout)
    except ValueError as error:
        parser.error(f"--timeout: {error}")
    if timeout is None:
        parser.error("--timeout: give a number of seconds (Gradescope stops a slow autograder)")
    try:
        chapters = gradescope.choose_chapters(
            args.chapters, gradescope.chapter_choices(gradescope.checkout() / "chapters")
        )
    except ValueError as error:
        parser.error(str(error))
    out = Path(args.out)
    if out.is_dir():
        raise OSError(
            f"--out {out} is a folder: give the zip's file name, e.g. {out}/autograder.zip"
        )
    if not out.parent.is_dir():
        raise OSError(f"--out {out}: there is no folder {out.parent}")
    changed = verify(Snapshot.take()).differ
    if changed:
        _say(
            "tinynn gradescope: WARNING: the zip carries tinynn as it is in this checkout, with "
            "changes not committed ("
            + ", ".join(changed[:5])
            + (", ..." * (len(changed) > 5))
            + ")"
        )
    try:
        assignment = gradescope.build(out, chapters, timeout)
    except RuntimeError as error:
        _say(f"tinynn gradescope: {error}")
        return 2
    exercises = gradescope.exercise_count(chapters)
    _say(
        f"Wrote {out}: tinynn {assignment['tinynn']}, grading "
        f"{', '.join(chapters.values())} ({plural(exercises, 'exercise')}, one point each).\n"
        "Upload it in Gradescope: a Programming Assignment, Configure Autograder, Zip file "
        "upload, an Ubuntu base image (22.04 or newer)."
    )
    return 0


# ---------------------------------------------------------------------------------------------
# grade
# ---------------------------------------------------------------------------------------------


def _grade(args, parser):
    try:
        timeout = timeout_seconds(args.timeout)
    except ValueError as error:
        parser.error(f"--timeout: {error}")
    if args.jobs < 1:
        parser.error(f"--jobs must be 1 or more, got {args.jobs}")
    if args.memory < 0:
        parser.error(f"--memory must be a number of MB (0 for no limit), got {args.memory}")
    out = Path(args.out)
    _check_outputs(out, args.json)
    installed = Snapshot.take()
    if not _trust(installed):
        return 2
    try:
        isolation = sandbox.isolation(args.sandbox)
    except RuntimeError as error:
        _say(f"tinynn grade: {error}")
        return 2

    found = find_submissions(args.paths)
    for path in found.missing:
        _say(f"tinynn grade: no such file or folder: {path}")
    if found.hidden:
        _say(
            f"tinynn grade: skipped {plural(len(found.hidden), 'hidden file')} "
            "named like notebooks (macOS's ._* files: they are never notebooks)"
        )
    submissions = found.submissions
    if not submissions:
        _say(
            "tinynn grade: found no notebooks to grade in "
            + ", ".join(map(str, args.paths))
            + ": give notebooks, a learner's folder, or a folder with one folder per learner"
        )
        return 1

    learners = len({s.learner for s in submissions})
    jobs = min(args.jobs, len(submissions))
    _say(
        f"Grading {plural(len(submissions), 'notebook')} of {plural(learners, 'learner')}, "
        f"{jobs} at a time; results go to {out / RESULTS} as they come"
    )
    if isolation.sandboxed:
        _say(f"Kernels run in a sandbox: {isolation.note}")
    else:
        _say(
            f"tinynn grade: WARNING: no sandbox: {isolation.note}. Kernels run with the fallback "
            "protections only (README: What grading protects)"
        )
    results = Results(out, resume=args.resume)
    limits = sandbox.Limits(memory_mb=args.memory or None, cpu_seconds=cpu_budget(timeout))
    on_done = _progress_printer(len(submissions), results)
    try:
        grade_submissions(submissions, timeout, jobs, limits, results, isolation, None, on_done)
    except KeyboardInterrupt:
        _say(
            f"\ntinynn grade: interrupted after {on_done.done} of {len(submissions)} notebooks; "
            f"they are kept in {results.path}: run the same command with --resume to go on"
        )
        return 130

    rows = [row for s in submissions for row in s.rows]
    rows += [Row(p.name, "-", UNREADABLE, "no such file", path=str(p)) for p in found.missing]
    print(table(rows))
    if learners > 1:
        print()
        print(class_table(rows))
    write_gradebook(out, rows, sandbox=isolation.note)
    if args.json:
        Path(args.json).write_text(json.dumps(as_json(rows), indent=2) + "\n", encoding="utf-8")
    _say(
        f"\nWrote {out / 'grades.csv'}, {out / 'outcomes.csv'}, {out / 'grades.json'} and "
        f"{out / 'feedback'}/ (one page per learner)"
    )
    _warn_if_changed(installed)
    return _exit_code(submissions, found.missing)


def _progress_printer(total, results):
    """`[  3/150] alice/03_gradient_descent.ipynb: 3 correct (2.1 s)` as each notebook ends."""
    width = len(str(total))

    def on_done(submission, seconds):
        on_done.done += 1
        where = one_line(f"{submission.learner}/{submission.notebook}")
        took = " (kept from the last run)" if submission.resumed else f" ({seconds:.1f} s)"
        _say(
            f"[{on_done.done:>{width}}/{total}] {where}: "
            f"{describe(submission.rows) or 'nothing'}{took}"
        )
        if results.failed is not None and not on_done.warned:
            on_done.warned = True
            _say(
                f"tinynn grade: WARNING: can't write {results.folder} ({results.failed}); "
                "grading goes on and keeps every result in memory for the gradebook"
            )

    on_done.done, on_done.warned = 0, False
    return on_done


def _trust(installed):
    """Check the installed tinynn against its record before grading with it: refuse files pip
    installed that changed since; warn about a checkout's uncommitted changes."""
    found = verify(installed)
    if found.refused:
        _say(
            "tinynn grade: the installed tinynn differs from what pip installed ("
            + ", ".join(found.differ[:5])
            + (", ..." if len(found.differ) > 5 else "")
            + "): a notebook graded earlier may have edited it, and a changed grader can't be "
            "trusted. Reinstall it (pip install --force-reinstall --no-deps tinynn, or your "
            "course's package) and grade again."
        )
        return False
    if found.differ:
        _say(
            "tinynn grade: WARNING: tinynn's files differ from the last git commit of its "
            "checkout ("
            + ", ".join(found.differ[:5])
            + (", ..." if len(found.differ) > 5 else "")
            + "). If you didn't change them yourself, a notebook graded earlier may have: "
            "git diff shows what changed."
        )
    return True


def _warn_if_changed(installed):
    changed = installed.changed_files()
    if changed:
        _say(
            "tinynn grade: WARNING: the installed tinynn changed while grading ("
            + ", ".join(changed)
            + "): a notebook's code may have edited it. Kernels imported a private copy, so "
            "the grades are not affected; reinstall tinynn before you use it again."
        )


def _check_outputs(out, json_path):
    """Fail now, not after an hour of grading, if the results can't be written."""
    if out.exists() and not out.is_dir():
        raise OSError(f"--out {out} is a file, not a folder")
    out.mkdir(parents=True, exist_ok=True)
    probe = out / ".tinynn-write-test"
    probe.write_text("")
    probe.unlink()
    if json_path:
        parent = Path(json_path).parent
        if not parent.is_dir():
            raise OSError(f"--json {json_path}: there is no folder {parent}")
        if not os.access(parent, os.W_OK):
            raise OSError(f"--json {json_path}: can't write into {parent}")


def _exit_code(submissions, missing):
    rows = [row for s in submissions for row in s.rows]
    if any(row.message.startswith(COULD_NOT_RUN) for row in rows):
        return 2
    if not any(_graded(s.rows) for s in submissions):
        _say("tinynn grade: no notebook could be graded")
        return 1
    return 1 if missing else 0


def _graded(rows):
    """Whether a kernel ran the notebook far enough to judge something in it."""
    return any(
        row.outcome in OUTCOMES
        or row.outcome == NO_EXERCISES
        or (row.outcome == ERROR and row.exercise != "-")
        for row in rows
    )
