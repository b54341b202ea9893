"""How long grading a class takes: LEARNERS folders, each with every chapter, graded end to end.

Each learner's notebooks are the answer key with some exercises put back to the blank (a
different pattern per learner), so the run sees correct and not-attempted answers. Run:

    .venv/bin/python benchmarks/bench_grading.py --learners 30 --jobs 2

It times `python -m tinynn grade CLASS --jobs N --out OUT` as an instructor would run it, once in
bubblewrap's sandbox and once without (`--sandbox`), on the same class, one after the other in
one run, checks that both give the same grades, and prints the seconds per notebook of each,
their ratio, and the mean seconds a notebook of each chapter took.
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


def make_class(folder, learners):
    """LEARNERS folders of chapter notebooks: the key, with some answers left blank."""
    key = folder / "key"
    grading.key(CHAPTERS, key)
    for number in range(learners):
        mine = folder / "class" / f"learner{number + 1:02d}"
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
    return folder / "class"


def grade(submissions, out, jobs, choice):
    """Grade the class with `--sandbox choice`; returns (seconds, grades.json's data)."""
    command = [sys.executable, "-m", "tinynn", "grade", str(submissions)]
    command += ["--jobs", str(jobs), "--out", str(out), "--sandbox", choice]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        print(done.stderr[-3000:], file=sys.stderr)
        sys.exit(f"grading with --sandbox {choice} failed with exit code {done.returncode}")
    return seconds, json.loads((out / "grades.json").read_text())


def by_chapter(out):
    """The mean seconds a notebook of each chapter took, from results.jsonl."""
    times = {}
    for line in (out / "results.jsonl").read_text().splitlines():
        entry = json.loads(line)
        times.setdefault(Path(entry["notebook"]).name[:2], []).append(entry["seconds"])
    return {chapter: sum(values) / len(values) for chapter, values in sorted(times.items())}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    choices = ["bubblewrap", "none"] if sandbox.isolation("auto").sandboxed else ["none"]
    folder = Path(tempfile.mkdtemp(prefix="tinynn-bench-grading-"))
    try:
        submissions = make_class(folder, args.learners)
        results = {}
        for choice in choices:
            results[choice] = (*grade(submissions, folder / choice, args.jobs, choice), choice)
        print(
            f"{args.learners} learners x {len(CHAPTERS)} chapters, --jobs {args.jobs}, on "
            f"{os.cpu_count()} cores ({platform.machine()}, Python {platform.python_version()}):"
        )
        for seconds, data, choice in results.values():
            notebooks = len({row["path"] for row in data["rows"]})
            print(
                f"  --sandbox {choice:<10} {notebooks} notebooks in {seconds:.0f} s "
                f"({seconds / 60:.1f} min): {seconds / notebooks:.2f} s a notebook"
            )
            means = ", ".join(f"{c} {s:.1f}" for c, s in by_chapter(folder / choice).items())
            print(f"  {'':<20} seconds a notebook by chapter: {means}")
        if len(results) == 2:
            (inside, data_in, _), (outside, data_out, _) = results.values()
            print(f"  in the sandbox / without: {inside / outside:.2f}x")
            same = [(r["learner"], r["exercise"], r["outcome"]) for r in data_in["rows"]]
            other = [(r["learner"], r["exercise"], r["outcome"]) for r in data_out["rows"]]
            if same != other:
                sys.exit("the two runs graded the class differently")
        print("outcomes:", next(iter(results.values()))[1]["totals"])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
