"""The instructor's command line: `python -m tinynn key ...` and `python -m tinynn grade ...`."""

import argparse
import json
import sys
from pathlib import Path

from tinynn import grading


def main(argv=None):
    """Run `key` or `grade`: 0 when everything given was handled, non-zero if it could not run."""
    parser = argparse.ArgumentParser(
        prog="tinynn", description="Answer keys and grading for the tinynn chapter notebooks."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    key = commands.add_parser("key", help="write notebooks with the reference solutions filled in")
    key.add_argument("paths", nargs="+", metavar="NOTEBOOK_OR_DIR")
    key.add_argument("--out", required=True, metavar="DIR", help="folder for the answer key")

    grade = commands.add_parser("grade", help="run notebooks on a copy and report each exercise")
    grade.add_argument("paths", nargs="+", metavar="NOTEBOOK_OR_DIR")
    grade.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    grade.add_argument(
        "--timeout",
        type=float,
        default=grading.CELL_TIMEOUT,
        metavar="SECONDS",
        help=f"seconds one cell may run (default {grading.CELL_TIMEOUT})",
    )

    args = parser.parse_args(argv)
    if args.command == "grade" and not args.timeout > 0:
        parser.error(f"--timeout must be a positive number of seconds, got {args.timeout}")
    missing = [path for path in args.paths if not Path(path).exists()]
    for path in missing:
        print(f"tinynn {args.command}: no such file or folder: {path}", file=sys.stderr)
    try:
        rows = _key(args) if args.command == "key" else _grade(args)
    except (ImportError, OSError) as error:
        print(f"tinynn {args.command}: {type(error).__name__}: {error}", file=sys.stderr)
        if isinstance(error, ImportError):
            print(
                "grading needs nbclient and ipykernel: pip install 'tinynn[course]'",
                file=sys.stderr,
            )
        return 2
    if any(row.message.startswith(grading.COULD_NOT_RUN) for row in rows):
        return 2
    return 1 if missing else 0


def _key(args):
    rows = grading.key(args.paths, args.out)
    print(grading.table(rows))
    return rows


def _grade(args):
    rows = grading.grade(
        args.paths,
        timeout=args.timeout,
        on_start=lambda path: print(f"grading {path}", file=sys.stderr, flush=True),
    )
    print(grading.table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(grading.as_json(rows), indent=2) + "\n")
    return rows


if __name__ == "__main__":
    sys.exit(main())
