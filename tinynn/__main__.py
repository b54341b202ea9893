"""The instructor's command line: `python -m tinynn key ...` and `python -m tinynn grade ...`.

Exit codes: 0 when everything given was graded (whatever the answers); 1 when a path was
missing, nothing was found, no notebook could be graded, or `key` wrote nothing; 2 when the
grader itself could not work (bad options, an output it can't write, no kernel); 130 on Ctrl-C.
"""

import argparse
import json
import os
import sys
from pathlib import Path

from tinynn import grading


def main(argv=None):
    """Run `key` or `grade` and return the exit code (see the module's docstring)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "key":
            return _key(args)
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

    key = commands.add_parser("key", help="write notebooks with the reference solutions filled in")
    key.add_argument("paths", nargs="+", metavar="NOTEBOOK_OR_DIR")
    key.add_argument("--out", required=True, metavar="DIR", help="folder for the answer key")

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
        default=_cores(),
        metavar="N",
        help=f"notebooks graded at once (default: the number of cores, {_cores()})",
    )
    grade.add_argument(
        "--timeout",
        type=float,
        default=grading.CELL_TIMEOUT,
        metavar="SECONDS",
        help=f"seconds one cell may run (default {grading.CELL_TIMEOUT}; inf for no limit)",
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
    return parser


def _cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


# ---------------------------------------------------------------------------------------------
# key
# ---------------------------------------------------------------------------------------------


def _key(args):
    missing = _report_missing(args)
    rows = grading.key(args.paths, args.out)
    print(grading.table(rows))
    written = [r for r in rows if r.outcome in (grading.FILLED, grading.MISSING, "no_exercises")]
    if not written:
        print(f"tinynn key: wrote no notebook into {args.out}", file=sys.stderr)
        return 1
    return 1 if missing else 0


def _report_missing(args):
    missing = [path for path in args.paths if not Path(path).exists()]
    for path in missing:
        print(f"tinynn {args.command}: no such file or folder: {path}", file=sys.stderr)
    return missing


# ---------------------------------------------------------------------------------------------
# grade
# ---------------------------------------------------------------------------------------------


def _grade(args, parser):
    from tinynn import gradebook, sandbox

    try:
        timeout = grading.timeout_seconds(args.timeout)
    except ValueError as error:
        parser.error(f"--timeout: {error}")
    if args.jobs < 1:
        parser.error(f"--jobs must be 1 or more, got {args.jobs}")
    if args.memory < 0:
        parser.error(f"--memory must be a number of MB (0 for no limit), got {args.memory}")
    out = Path(args.out)
    _check_outputs(out, args.json)

    found = gradebook.find_submissions(args.paths)
    for path in found.missing:
        print(f"tinynn grade: no such file or folder: {path}", file=sys.stderr)
    if found.hidden:
        print(
            f"tinynn grade: skipped {grading._plural(len(found.hidden), 'hidden file')} "
            "named like notebooks (macOS's ._* files: they are never notebooks)",
            file=sys.stderr,
        )
    submissions = found.submissions
    if not submissions:
        print(
            "tinynn grade: found no notebooks to grade in "
            + ", ".join(map(str, args.paths))
            + ": give notebooks, a learner's folder, or a folder with one folder per learner",
            file=sys.stderr,
        )
        return 1

    learners = len({s.learner for s in submissions})
    jobs = min(args.jobs, len(submissions))
    print(
        f"Grading {grading._plural(len(submissions), 'notebook')} of "
        f"{grading._plural(learners, 'learner')}, {jobs} at a time; results go to "
        f"{out / gradebook.RESULTS} as they come",
        file=sys.stderr,
        flush=True,
    )
    installed = sandbox.Snapshot.take()
    results = gradebook.Results(out / gradebook.RESULTS, resume=args.resume)
    limits = sandbox.Limits(
        memory_mb=args.memory or None,
        cpu_seconds=grading.cpu_budget(timeout),
    )
    done = [0]
    width = len(str(len(submissions)))

    def on_done(submission, seconds):
        done[0] += 1
        where = f"{submission.learner}/{submission.notebook}"
        took = " (kept from the last run)" if submission.resumed else f" ({seconds:.1f} s)"
        print(
            f"[{done[0]:>{width}}/{len(submissions)}] {where}: "
            f"{gradebook.describe(submission.rows) or 'nothing'}{took}",
            file=sys.stderr,
            flush=True,
        )

    try:
        gradebook.grade_submissions(submissions, timeout, jobs, limits, results, on_done=on_done)
    except KeyboardInterrupt:
        print(
            f"\ntinynn grade: interrupted after {done[0]} of {len(submissions)} notebooks; "
            f"they are kept in {results.path}: run the same command with --resume to go on",
            file=sys.stderr,
        )
        return 130

    rows = [row for s in submissions for row in s.rows]
    rows += [
        grading.Row(p.name, "-", grading.UNREADABLE, "no such file", path=str(p))
        for p in found.missing
    ]
    print(grading.table(rows))
    if learners > 1:
        print()
        print(gradebook.class_table(rows))
    gradebook.write_gradebook(out, rows)
    if args.json:
        data = gradebook.as_json(rows)
        Path(args.json).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(
        f"\nWrote {out / 'grades.csv'}, {out / 'outcomes.csv'}, {out / 'grades.json'} and "
        f"{out / 'feedback'}/ (one page per learner)",
        file=sys.stderr,
    )
    changed = installed.changed_files()
    if changed:
        print(
            "tinynn grade: WARNING: the installed tinynn changed while grading ("
            + ", ".join(changed)
            + "): a notebook's code may have edited it. Kernels imported a private copy, so "
            "the grades are not affected; reinstall tinynn before you use it again.",
            file=sys.stderr,
        )
    return _exit_code(submissions, found.missing)


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
    if any(row.message.startswith(grading.COULD_NOT_RUN) for row in rows):
        return 2
    if not any(_graded(s.rows) for s in submissions):
        print("tinynn grade: no notebook could be graded", file=sys.stderr)
        return 1
    return 1 if missing else 0


def _graded(rows):
    """Whether a kernel ran the notebook far enough to judge something in it."""
    from tinynn.exercises.checking import LABELS

    return any(
        row.outcome in LABELS
        or row.outcome == grading.NO_EXERCISES
        or (row.outcome == grading.ERROR and row.exercise != "-")
        for row in rows
    )


if __name__ == "__main__":
    sys.exit(main())
