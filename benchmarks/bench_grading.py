"""How long grading a class takes: LEARNERS folders, each with every chapter, graded end to end.

Each learner's notebooks are the answer key with some exercises put back to the blank (a
different pattern per learner), so the run sees correct and not-attempted answers. Run:

    .venv/bin/python benchmarks/bench_grading.py --learners 30 --jobs 2

It times `python -m tinynn grade CLASS --jobs N --out OUT` as an instructor would run it.
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tinynn-bench-grading-"))
    try:
        submissions = make_class(folder, args.learners)
        out = folder / "grades"
        command = [sys.executable, "-m", "tinynn", "grade", str(submissions)]
        command += ["--jobs", str(args.jobs), "--out", str(out)]
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            print(done.stderr[-3000:], file=sys.stderr)
            sys.exit(f"grading failed with exit code {done.returncode}")
        data = json.loads((out / "grades.json").read_text())
        notebooks = len({row["path"] for row in data["rows"]})
        print(
            f"{args.learners} learners x {len(CHAPTERS)} chapters = {notebooks} notebooks, "
            f"--jobs {args.jobs}, on {os.cpu_count()} cores ({platform.machine()}, "
            f"Python {platform.python_version()}): {seconds:.0f} s "
            f"({seconds / 60:.1f} min, {seconds / notebooks:.2f} s a notebook)"
        )
        print("outcomes:", data["totals"])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
