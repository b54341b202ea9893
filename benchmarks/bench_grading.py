"""How long grading a class takes: LEARNERS folders, each with every chapter, graded end to end.

Each learner's notebooks are the answer key with some exercises left blank and some answered
wrong (a different pattern per learner), so the run sees right, wrong and not-attempted
answers, as a real class gives. Two modes:

    .venv/bin/python benchmarks/bench_grading.py --learners 30 --jobs 2 [--baseline DIR]
    .venv/bin/python benchmarks/bench_grading.py --scaling [--sizes 10,30,60] [--jobs-list 1,2]

The first times `python -m tinynn grade CLASS --jobs N --out OUT` as an instructor would run it,
in bubblewrap's sandbox and without it (`--sandbox none`), side by side: the class is graded in
groups of learners, each group by every contender in turn (the order alternates), so that a
machine that gets busier or quieter meanwhile weighs on all of them alike. `--baseline DIR`
adds another version of tinynn to the comparison (DIR holds its `tinynn` package, e.g. from
`git archive main tinynn | tar -x -C DIR`). It checks that every contender gives the same
grades, and prints the seconds per notebook of each, their ratios, and by chapter.

`--scaling` grades a whole class of each size with each --jobs setting, one `grade` command
each (in the sandbox where there is one), size by size with the jobs settings alternating
which goes first. To keep the run reasonable (a notebook costs a core a few seconds) only the
smallest class is graded with every setting, and the larger ones with the most jobs (`--all`:
every size with every setting). It prints a
table (learners x jobs: seconds in all, a notebook, notebooks a minute, peak memory of the
whole run) and projects a course of 500 learners on 2 and 16 cores (see `projection`).
"""

import argparse
import importlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat

from tinynn import grading
from tinynn.grading import sandbox

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))


def make_class(folder, learners, group_size):
    """LEARNERS folders of chapter notebooks, in groups of `group_size` learners (one folder per
    group); returns the groups' folders. Each learner's exercises are right, left blank or
    wrong in turn (see `answer`), a different pattern per learner: a class as it comes."""
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
                for exercise in grading.exercise_tags(cell):
                    position += 1
                    cell.source = answer(exercise, cell.source, original.source, number + position)
            nbformat.write(solved, mine / chapter.name)
    return groups


def answer(exercise, solved, blank, turn):
    """An exercise cell as a learner hands it in: of every four turns, two right, one left
    blank, and one wrong (the solution, then its answer doubled: a slip a check catches)."""
    if turn % 4 == 0:
        return blank
    if turn % 4 != 1:
        return solved
    chapter, question = exercise.split(".")
    name = getattr(importlib.import_module(f"tinynn.exercises.{chapter}"), question).answer
    if f"def {name}(" in solved:
        return f"{solved}\n_right = {name}\n\n\ndef {name}(*args):\n    return 2 * _right(*args)\n"
    return f"{solved}\n{name} = 2 * {name}\n"


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
    """Grade one group of learners; returns the seconds it took, its rows, each notebook's
    line of results.jsonl, and the most memory the grading held at once (MB)."""
    command = [sys.executable, "-m", "tinynn", "grade", str(group), "--jobs", str(jobs)]
    command += ["--out", str(out), *extra]
    out.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [pythonpath, env.get("PYTHONPATH")]))
    start = time.perf_counter()
    # Not from the checkout: `python -m` puts the working folder first on the import path,
    # ahead of PYTHONPATH, and a baseline would then be this tinynn again.
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=out.parent,
    ) as running:
        peak = PeakMemory(running.pid)
        stdout, stderr = running.communicate()
        peak.stop()
    seconds = time.perf_counter() - start
    if running.returncode != 0:
        print(stderr[-3000:], file=sys.stderr)
        sys.exit(f"grading {group.name} ({' '.join(extra)}) failed: exit code {running.returncode}")
    rows = json.loads((out / "grades.json").read_text())["rows"]
    times = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    return seconds, rows, times, peak.most


class PeakMemory:
    """The most memory (resident, in MB) a process and all its descendants held at once,
    sampled every half second from /proc (Linux; 0 elsewhere)."""

    def __init__(self, pid):
        self.pid, self.most, self.done = pid, 0.0, threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self):
        while not self.done.wait(0.5):
            self.most = max(self.most, tree_memory_mb(self.pid))

    def stop(self):
        self.done.set()
        self.thread.join()


def tree_memory_mb(root):
    """Resident memory of `root` and its descendants, in MB, from /proc."""
    parents, resident = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            pages = int((stat.parent / "statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        pid = int(stat.parent.name)
        parents[pid], resident[pid] = int(fields[1]), pages * os.sysconf("SC_PAGE_SIZE")
    total = 0
    for pid in resident:
        ancestor = pid
        while ancestor not in (root, 0, 1) and ancestor in parents:
            ancestor = parents[ancestor]
        if ancestor == root:
            total += resident[pid]
    return total / 2**20


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--group", type=int, default=10, help="learners graded in one go")
    parser.add_argument("--baseline", metavar="DIR", help="another tinynn to time beside this")
    parser.add_argument(
        "--scaling",
        action="store_true",
        help="time whole classes of each --sizes with each --jobs-list, and project 500 learners",
    )
    parser.add_argument(
        "--phases",
        action="store_true",
        help="where each chapter's time goes: grade the key in this process, phase by phase",
    )
    parser.add_argument("--sizes", type=numbers, default="10,30,60", help="class sizes")
    parser.add_argument("--jobs-list", type=numbers, default="1,2", help="--jobs to compare")
    parser.add_argument(
        "--all", action="store_true", help="grade the largest class with every --jobs too"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tinynn-bench-grading-"))
    try:
        if args.scaling:
            scaling(folder, args)
        elif args.phases:
            phases(folder)
        else:
            compare(folder, args)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def numbers(text):
    """'10,30,60' -> [10, 30, 60] (positive whole numbers, in order)."""
    try:
        values = sorted({int(part) for part in text.split(",")})
    except ValueError:
        values = []
    if not values or values[0] < 1:
        raise argparse.ArgumentTypeError(
            f"expected positive whole numbers like 10,30, got {text!r}"
        )
    return values


def compare(folder, args):
    """Grade the class in groups, each group by every contender in turn, and report them."""
    ways = contenders(args.baseline)
    groups = make_class(folder, args.learners, args.group)
    totals = {name: [0.0, [], []] for name, _, _ in ways}
    for number, group in enumerate(groups):
        order = ways if number % 2 == 0 else ways[::-1]
        for name, extra, pythonpath in order:
            out = folder / "out" / f"{group.name}-{order.index((name, extra, pythonpath))}"
            seconds, rows, times, _ = grade(group, out, args.jobs, extra, pythonpath)
            totals[name][0] += seconds
            totals[name][1] += [(r["learner"], r["exercise"], r["outcome"]) for r in rows]
            totals[name][2] += times
    report(args, totals)


# ---------------------------------------------------------------------------------------------
# Phases: where one notebook's time goes
# ---------------------------------------------------------------------------------------------


def phases(folder, repeats=3):
    """Grade each chapter of the answer key `repeats` times in this process (in the sandbox
    where there is one), timing each phase, and print the medians by chapter.

    The phases are timed by wrapping the grader's own steps (this process only): starting the
    kernel (sandbox, Python, ipykernel, until it answers), the grader's two cells (`prepare`,
    `hand_back`), the learner's cells (those that start with an import apart), ending the
    kernel, and the rest (reading the notebook, its place, judging in the grader)."""
    from tinynn.grading import executing, judging
    from tinynn.grading.snapshot import Snapshot, font_cache

    key = folder / "key"
    grading.key(CHAPTERS, key)
    isolation = sandbox.isolation("auto")
    snapshot = Snapshot.take()
    snapshot.home = font_cache()
    spent = {}

    def add(phase, seconds):
        spent[phase] = spent.get(phase, 0.0) + seconds

    def timed_client(nb, **options):
        client = make_client(nb, **options)
        run_cell = client.execute_cell

        def execute_cell(cell, index, **more):
            start = time.perf_counter()
            try:
                return run_cell(cell, index, **more)
            finally:
                if more.get("store_history", True) is False:
                    phase = "grader's cells"
                elif cell.source.lstrip().startswith(("import ", "from ")):
                    phase = "imports"
                else:
                    phase = "cells"
                add(phase, time.perf_counter() - start)

        client.execute_cell = execute_cell
        return client

    def timed_kernel(nb, action, on_kernel, **options):
        marks = {"begin": time.perf_counter()}

        def timed_action(client):
            marks["ready"] = time.perf_counter()
            try:
                return action(client)
            finally:
                marks["done"] = time.perf_counter()

        try:
            return in_kernel(nb, timed_action, on_kernel, **options)
        finally:
            add("kernel start", marks.get("ready", marks["begin"]) - marks["begin"])
            add("kernel end", time.perf_counter() - marks.get("done", marks["begin"]))

    make_client, in_kernel = executing.grading_client, executing._in_kernel
    executing.grading_client, executing._in_kernel = timed_client, timed_kernel
    order = ["kernel start", "imports", "cells", "grader's cells", "kernel end", "the rest"]
    print(f"Seconds by phase, the median of {repeats} ({isolation.note}):")
    print("| chapter | " + " | ".join(order) + " | in all |")
    print("|---" * (len(order) + 2) + "|")
    try:
        for chapter in CHAPTERS:
            runs = []
            for _ in range(repeats):
                spent.clear()
                start = time.perf_counter()
                judging.grade_notebook(
                    key / chapter.name, snapshot=snapshot, isolation=isolation, scratch=folder
                )
                total = time.perf_counter() - start
                runs.append({**spent, "the rest": total - sum(spent.values()), "in all": total})
            medians = [statistics.median(run.get(p, 0.0) for run in runs) for p in order]
            whole = statistics.median(run["in all"] for run in runs)
            print(
                f"| {chapter.name[:2]} | "
                + " | ".join(f"{m:.2f}" for m in medians)
                + f" | {whole:.2f} |"
            )
    finally:
        executing.grading_client, executing._in_kernel = make_client, in_kernel


# ---------------------------------------------------------------------------------------------
# Scaling: whole classes, several --jobs, and the projection to a big course
# ---------------------------------------------------------------------------------------------

COURSE_LEARNERS = 500
PROJECTED_CORES = (2, 16)


def plan(sizes, jobs_list, every=False):
    """The (learners, jobs) runs, in the order to grade them: size by size, the --jobs
    settings alternating which goes first, so that a machine getting busier or quieter weighs
    on each alike. Unless `every`, only the smallest class is graded with every setting and
    the larger ones with the most jobs (what an instructor runs)."""
    runs = []
    for number, learners in enumerate(sizes):
        order = jobs_list if number % 2 == 0 else jobs_list[::-1]
        for jobs in order:
            if every or learners == sizes[0] or jobs == jobs_list[-1]:
                runs.append((learners, jobs))
    return runs


def scaling(folder, args):
    """Grade a class of each size with each --jobs (one `grade` command each, in the sandbox
    when there is one), print the table and project a course of 500 learners."""
    extra = ["--sandbox", "bubblewrap" if sandbox.isolation("auto").sandboxed else "none"]
    classes = {n: make_class(folder / f"size{n}", n, n)[0] for n in args.sizes}
    measured = []
    for learners, jobs in plan(args.sizes, args.jobs_list, args.all):
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        out = folder / "out" / f"{learners}-{jobs}"
        seconds, rows, times, memory = grade(classes[learners], out, jobs, extra, None)
        measured.append(
            {"learners": learners, "jobs": jobs, "notebooks": len(times), "seconds": seconds}
        )
        measured[-1] |= {"memory_mb": memory, "load": load, "outcomes": outcome_counts(rows)}
        print(
            f"  {learners} learners, --jobs {jobs}: {len(times)} notebooks in {seconds:.0f} s, "
            f"peak memory {memory:.0f} MB (load {load:.1f} before)",
            file=sys.stderr,
        )
    print(
        f"Grading {' '.join(extra)}, every chapter ({len(CHAPTERS)} notebooks a learner), on "
        f"{os.cpu_count()} cores ({platform.machine()}, Python {platform.python_version()}):"
    )
    print(scaling_table(measured))
    print(f"Outcomes of the {measured[-1]['learners']}-learner class:", measured[-1]["outcomes"])
    print(projection_text(measured))


def outcome_counts(rows):
    """{'correct': 420, 'not yet': 105, ...} over the rows of a gradebook."""
    counts = {}
    for row in rows:
        counts[row["outcome"]] = counts.get(row["outcome"], 0) + 1
    return counts


def scaling_table(measured):
    """The measured runs as a Markdown table: learners x jobs."""
    lines = [
        "| learners | --jobs | notebooks | seconds in all | seconds a notebook "
        "| notebooks a minute | peak memory (MB) |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in measured:
        each = run["seconds"] / run["notebooks"]
        lines.append(
            f"| {run['learners']} | {run['jobs']} | {run['notebooks']} | {run['seconds']:.0f} "
            f"| {each:.2f} | {60 / each:.0f} | {run['memory_mb']:.0f} |"
        )
    return "\n".join(lines)


def projection(measured, notebooks, cores):
    """Hours to grade `notebooks` on each number of `cores`, and the memory that takes.

    The model: a notebook costs one core `core_seconds`, the seconds a notebook took with
    --jobs 1; with more jobs (as many as cores) each core does a share `efficiency` of that
    work, measured from the largest class graded with both the fewest and the most jobs:
    efficiency = seconds with the fewest / (seconds with the most x jobs ratio). The same
    efficiency is assumed for any number of cores. Memory is the peak measured with the most
    jobs, divided by its jobs, times the cores."""
    jobs = sorted({run["jobs"] for run in measured})
    sizes = [
        r["learners"]
        for r in measured
        if r["jobs"] == jobs[-1]
        and any(o["learners"] == r["learners"] and o["jobs"] == jobs[0] for o in measured)
    ]
    if len(jobs) < 2 or not sizes:
        raise ValueError("the projection needs one class size graded with two --jobs settings")
    learners = max(sizes)

    def run(number):
        return next(r for r in measured if r["learners"] == learners and r["jobs"] == number)

    fewest, most = run(jobs[0]), run(jobs[-1])
    few_each = fewest["seconds"] / fewest["notebooks"]
    most_each = most["seconds"] / most["notebooks"]
    core_seconds = few_each * jobs[0]
    efficiency = few_each / (most_each * jobs[-1] / jobs[0])
    memory_per_job = most["memory_mb"] / jobs[-1]
    found = {}
    for count in cores:
        each = core_seconds / (count * efficiency)
        found[count] = {
            "seconds_a_notebook": each,
            "hours": notebooks * each / 3600,
            "memory_mb": memory_per_job * count,
        }
    return {
        "learners": learners,
        "core_seconds": core_seconds,
        "efficiency": efficiency,
        "memory_per_job_mb": memory_per_job,
        "cores": found,
    }


def projection_text(measured):
    """The projection for a course of 500 learners, in words."""
    notebooks = COURSE_LEARNERS * len(CHAPTERS)
    found = projection(measured, notebooks, PROJECTED_CORES)
    lines = [
        f"A course of {COURSE_LEARNERS} learners ({notebooks} notebooks), projected from the "
        f"{found['learners']}-learner class: a notebook costs a core {found['core_seconds']:.2f} s "
        f"alone, and each core gives {found['efficiency']:.0%} of that with every core busy; "
        f"memory {found['memory_per_job_mb']:.0f} MB a job (the peak measured, divided by jobs):"
    ]
    for count, figures in found["cores"].items():
        lines.append(
            f"  {count} cores, --jobs {count}: {figures['seconds_a_notebook']:.2f} s a notebook, "
            f"{figures['hours']:.1f} hours, about {figures['memory_mb'] / 1024:.1f} GB of memory"
        )
    return "\n".join(lines)


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
    outcomes = outcome_counts({"outcome": outcome} for _, _, outcome in graded[0])
    print("outcomes (the same for every contender):", outcomes)


if __name__ == "__main__":
    main()
