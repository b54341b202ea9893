"""`make bench`: how fast tinynn is next to the same work by hand, as ratios measured side by side.

    .venv/bin/python -m benchmarks.run            # the full run, a few minutes
    .venv/bin/python -m benchmarks.run --quick    # under a minute
    .venv/bin/python -m benchmarks.run --only streetlights single_weight

Prints a table, writes it as Markdown to build/bench.md and every figure to build/bench.json.
A workload that fails (contenders that disagree, a chapter that can't run at all) is reported
and the others still run; the exit status is then 1. Timings are never asserted: targets
missed are reported as missed.
"""

import argparse
import json
import os
import sys
import time
import traceback
from pathlib import Path

from benchmarks import chapters, import_time, slopes, timing, training, widget_updates

WORKLOADS = {
    "streetlights": lambda quick: training.run("streetlights", quick),
    "digits": lambda quick: training.run("digits", quick),
    "single_weight": lambda quick: training.run("single_weight", quick),
    "chapters": chapters.run,
    "widgets": widget_updates.run,
    "import": import_time.run,
    "slopes": slopes.run,
}
LEARNING = ("streetlights", "digits", "single_weight")
MOST_TIMES_HAND = 1.15
COURSE_SECONDS = 60
WIDGET_SECONDS = 0.1
IMPORT_SECONDS = 0.3
DIGITS_SECONDS = 2.0  # chapter 7's promise: its network learns the digits in under 2 s


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer passes and repetitions")
    parser.add_argument("--only", nargs="+", choices=list(WORKLOADS), help="these workloads")
    parser.add_argument("--out", default="build/bench.json", help="where the JSON goes")
    args = parser.parse_args(argv)
    names = args.only or list(WORKLOADS)

    machine = timing.machine()
    print(f"Benchmarks{' (quick)' if args.quick else ''} on {describe(machine)}", flush=True)
    if machine["torch"] is None:
        print("  PyTorch is not installed: its contender is skipped (pip install torch==2.13.0)")
    results, failed = {}, []
    for name in names:
        began = time.perf_counter()
        try:
            results[name] = WORKLOADS[name](args.quick)
        except Exception as error:  # noqa: BLE001 - report it, run the rest, fail at the end
            traceback.print_exc()
            results[name] = {"error": f"{type(error).__name__}: {error}"}
            failed.append(name)
        print(f"  {name}: {time.perf_counter() - began:.1f} s", flush=True)

    report = {
        "command": command(args.quick),
        "quick": args.quick,
        "machine": machine,
        "workloads": results,
        "targets": targets(results),
    }
    table = markdown(report)
    print()
    print(table)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n")
    out.with_suffix(".md").write_text(table + "\n")
    print(f"\nWritten: {out} and {out.with_suffix('.md')}")
    if failed:
        print(f"FAILED: {', '.join(failed)} (see above)")
        return 1
    return 0


def command(quick):
    """`make bench` (with QUICK=1) when make ran this, else the Python command line."""
    if "MAKELEVEL" in os.environ:
        return "make bench QUICK=1" if quick else "make bench"
    return timing.command_line()


def describe(machine):
    torch = (
        f"PyTorch {machine['torch']} ({machine['torch_threads']} threads)"
        if machine["torch"]
        else "no PyTorch"
    )
    blas = f"{machine['blas']}, {machine['blas_threads']} threads"
    return (
        f"{machine['cpu']}, {machine['cpus_usable']} CPUs, Python {machine['python']}, "
        f"NumPy {machine['numpy']} ({blas}), {torch}"
    )


# ---------------------------------------------------------------------------------------------
# Targets: met (True), missed (False), or not known (None, with the reason)
# ---------------------------------------------------------------------------------------------


def targets(results):
    found = []

    def target(text, met, figure):
        found.append({"target": text, "met": met, "figure": figure})

    for name in LEARNING:
        entry = results.get(name)
        if not entry or "error" in entry:
            continue
        ratio = entry["ratios"]["tinynn/numpy"]
        target(
            f"{name}: tinynn at most {MOST_TIMES_HAND}x hand-written NumPy",
            ratio <= MOST_TIMES_HAND,
            f"{ratio:.2f}x",
        )
        if "tinynn/torch" in entry["ratios"]:
            ratio = entry["ratios"]["tinynn/torch"]
            target(f"{name}: tinynn faster than PyTorch eager", ratio < 1, f"{ratio:.2f}x")
        else:
            target(f"{name}: tinynn faster than PyTorch eager", None, "PyTorch not installed")
    entry = results.get("digits")
    if entry and "error" not in entry:
        took, passes = entry["contenders"]["tinynn"]["median_s"], entry.get("passes")
        full = training.chapter_7.RECIPE["iterations"]
        text = f"digits: chapter 7's training ({full} passes) under {DIGITS_SECONDS:g} s"
        if passes == full:
            target(text, took < DIGITS_SECONDS, f"{took:.2f} s")
        else:
            target(text, None, f"not known: quick mode runs {passes} passes ({seconds(took)})")
    entry = results.get("chapters")
    if entry and "error" not in entry:
        total, failed = entry["total_s"], entry["chapters_failed"]
        text = f"the whole course under {COURSE_SECONDS} s"
        if failed:
            target(
                text,
                None,
                f"{total:.1f} s for {entry['chapters_ran']} chapters; "
                f"not known: {len(failed)} failed ({', '.join(failed)})",
            )
        else:
            target(text, total < COURSE_SECONDS, f"{total:.1f} s")
    entry = results.get("widgets")
    if entry and "error" not in entry:
        for name, widget in entry["widgets"].items():
            p95 = widget["p95_s"]
            target(
                f"{name}: update under {WIDGET_SECONDS * 1000:.0f} ms at the 95th percentile",
                p95 < WIDGET_SECONDS,
                f"{p95 * 1000:.1f} ms",
            )
    entry = results.get("import")
    if entry and "error" not in entry:
        took = entry["contenders"]["tinynn"]["median_s"]
        target(f"import tinynn under {IMPORT_SECONDS} s", took < IMPORT_SECONDS, f"{took:.3f} s")
    return found


# ---------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------


def markdown(report):
    """The figures as Markdown tables, ready for a README."""
    results = report["workloads"]
    lines = [
        f"Measured with `{report['command']}` on {describe(report['machine'])}.",
        "",
        "| workload | tinynn | NumPy by hand | PyTorch eager | tinynn / NumPy | tinynn / PyTorch |",
        "|---|---|---|---|---|---|",
    ]
    for number, name in enumerate(LEARNING, start=1):
        entry = results.get(name)
        if not entry:
            continue
        if "error" in entry:
            lines.append(f"| {number}. {name} | failed: {entry['error']} | | | | |")
            continue
        contenders, ratios = entry["contenders"], entry["ratios"]
        cells = [
            seconds(contenders[c]["median_s"]) if c in contenders else "skipped"
            for c in ("tinynn", "numpy", "torch")
        ]
        cells += [
            f"{ratios[r]:.2f}x" if r in ratios else "" for r in ("tinynn/numpy", "tinynn/torch")
        ]
        lines.append(f"| {number}. {entry['description']} | {' | '.join(cells)} |")
    lines.append("")
    if "data" in results.get("digits", {}):
        lines += [f"Workload 2's data: {results['digits']['data']}.", ""]
    lines.append(
        "Medians of the runs; the contenders took turns in one process and reached the "
        "same final error first (NumPy exactly, PyTorch within 1e-9)."
    )
    rows = other_rows(results)
    if rows:
        lines += ["", "| workload | figure |", "|---|---|", *rows]
    lines += ["", "| target | figure | met |", "|---|---|---|"]
    for found in report["targets"]:
        met = {True: "yes", False: "**no**", None: "not known"}[found["met"]]
        lines.append(f"| {found['target']} | {found['figure']} | {met} |")
    return "\n".join(lines)


def other_rows(results):
    rows = []
    entry = results.get("chapters")
    if entry and "error" not in entry:
        for name, chapter in entry["chapters"].items():
            figure = seconds(chapter["median_s"])
            if chapter["status"] == "failed":
                figure = f"failed after {figure}: {chapter['error']}"
            rows.append(f"| 4. chapter {name} | {figure.replace('|', '/')} |")
        ran = f"{entry['chapters_ran']} chapters ran, {len(entry['chapters_failed'])} failed"
        rows.append(f"| 4. all chapters | {seconds(entry['total_s'])} ({ran}) |")
    entry = results.get("widgets")
    if entry and "error" not in entry:
        for name, widget in entry["widgets"].items():
            rows.append(
                f"| 5. {widget['label']} `{name}` update | median {seconds(widget['median_s'])}, "
                f"95th percentile {seconds(widget['p95_s'])} ({widget['updates']} updates) |"
            )
        rows += [f"| 5. note | {note} |" for note in entry["notes"]]
    entry = results.get("import")
    if entry and "error" not in entry:
        for name, contender in entry["contenders"].items():
            rows.append(f"| 6. `{import_time.IMPORTS[name]}` | {seconds(contender['median_s'])} |")
    entry = results.get("slopes")
    if entry and "error" not in entry:
        for name, net in entry["nets"].items():
            ratio = net["ratios"]["finite_differences/backprop"]
            rows.append(f"| finite differences vs backprop, {name} | {ratio:,.0f}x as long |")
    for name, entry in results.items():
        if name not in LEARNING and "error" in entry:
            rows.append(f"| {name} | failed: {entry['error']} |")
    return rows


def seconds(value):
    """A duration in the unit that reads best: 38.5 ms, 1.52 s."""
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 0.001:
        return f"{value * 1000:.1f} ms"
    return f"{value * 1e6:.0f} µs"


if __name__ == "__main__":
    sys.exit(main())
