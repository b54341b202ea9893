"""How long grading a class takes: LEARNERS folders, each with every chapter, graded end to end.

Each learner's notebooks are the answer key with some exercises put back to the blank (a
different pattern per learner), so the run sees correct and not-attempted answers. Run:

    .venv/bin/python benchmarks/bench_grading.py --learners 30 --jobs 2

It times `python -m tinynn grade CLASS --jobs N --out OUT` as an instructor would run it, in
bubblewrap's sandbox and without it (`--sandbox none`), side by side: the class is graded in
groups of learners, each group by every contender in turn (the order alternates), so that a
machine that gets busier or quieter meanwhile weighs on all of them alike. `--baseline DIR`
adds another version of tinynn to the comparison (DIR holds its `tinynn` package, e.g. from
`git archive main tinynn | tar -x -C DIR`). It checks that every contender gives the same
grades, and prints the seconds per notebook of each, their ratios, and by chapter.
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from tinynn import grading
from tinynn.grading import sandbox

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))


def make_class(folder, learners, group_size):
    """LEARNERS folders of chapter notebooks, the key with some answers left blank, in groups
    of `group_size` learners (one folder per group); returns the groups' folders."""
    key = folder / "key"
    grading.key(CHAPTERS, key)
    groups = []
    for number in range(learners):
        group = folder / "class" / f"group{number // group_size + 1}"
        if group not in groups:
            groups.append(group)
        mine = group / f"learner{number + 1:02d}"
        mine.mkdir(parents=True)
        for chapter in CHAPTERS:
            blank = nbformat.read(chapter, as_version=4)
            solved = nbformat.read(key / chapter.name, as_version=4)
            position = 0
            for cell, original in zip(solved.cells, blank.cells):
                if grading.exercise_tags(cell):
                    position += 1
                    if (number + position) % 3 == 0:
                        cell.source = original.source
            nbformat.write(solved, mine / chapter.name)
    return groups


def contenders(baseline):
    """(name, extra arguments, PYTHONPATH) of each way of grading to time."""
    found = []
    if sandbox.isolation("auto").sandboxed:
        found.append(("in the sandbox", ["--sandbox", "bubblewrap"], None))
    found.append(("without it", ["--sandbox", "none"], None))
    if baseline:
        found.append((f"baseline {baseline}", [], str(Path(baseline).resolve())))
    return found


def grade(group, out, jobs, extra, pythonpath):
    """Grade one group of learners; returns the seconds it took and its rows."""
    command = [sys.executable, "-m", "tinynn", "grade", str(group), "--jobs", str(jobs)]
    command += ["--out", str(out), *extra]
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [pythonpath, env.get("PYTHONPATH")]))
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        print(done.stderr[-3000:], file=sys.stderr)
        sys.exit(f"grading {group.name} ({' '.join(extra)}) failed: exit code {done.returncode}")
    rows = json.loads((out / "grades.json").read_text())["rows"]
    times = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    return seconds, rows, times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--group", type=int, default=10, help="learners graded in one go")
    parser.add_argument("--baseline", metavar="DIR", help="another tinynn to time beside this")
    args = parser.parse_args()
    ways = contenders(args.baseline)
    folder = Path(tempfile.mkdtemp(prefix="tinynn-bench-grading-"))
    try:
        groups = make_class(folder, args.learners, args.group)
        totals = {name: [0.0, [], []] for name, _, _ in ways}
        for number, group in enumerate(groups):
            order = ways if number % 2 == 0 else ways[::-1]
            for name, extra, pythonpath in order:
                out = folder / "out" / f"{group.name}-{order.index((name, extra, pythonpath))}"
                seconds, rows, times = grade(group, out, args.jobs, extra, pythonpath)
                totals[name][0] += seconds
                totals[name][1] += [(r["learner"], r["exercise"], r["outcome"]) for r in rows]
                totals[name][2] += times
        report(args, totals)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def report(args, totals):
    """Print each contender's seconds per notebook, by chapter, and the ratios."""
    print(
        f"{args.learners} learners x {len(CHAPTERS)} chapters, --jobs {args.jobs}, in groups of "
        f"{args.group}, on {os.cpu_count()} cores ({platform.machine()}, Python "
        f"{platform.python_version()}):"
    )
    first = None
    for name, (seconds, rows, times) in totals.items():
        notebooks = len(times)
        each = seconds / notebooks
        first = first or each
        print(
            f"  {name:<16} {notebooks} notebooks in {seconds:.0f} s ({seconds / 60:.1f} min): "
            f"{each:.2f} s a notebook ({each / first:.2f}x the first)"
        )
        chapters = {}
        for entry in times:
            chapters.setdefault(Path(entry["notebook"]).name[:2], []).append(entry["seconds"])
        means = ", ".join(f"{c} {sum(s) / len(s):.1f}" for c, s in sorted(chapters.items()))
        print(f"  {'':<16} seconds each notebook took, by chapter: {means}")
    graded = [sorted(rows) for _, rows, _ in totals.values()]
    if any(rows != graded[0] for rows in graded):
        sys.exit("the contenders graded the class differently")
    outcomes = {}
    for _, _, outcome in graded[0]:
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    print("outcomes (the same for every contender):", outcomes)


if __name__ == "__main__":
    main()
