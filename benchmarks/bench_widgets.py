"""How long each chapter widget takes to redraw after a slider moves, in the kernel.

Run: `make bench` (or `.venv/bin/python benchmarks/bench_widgets.py`). Each slider of each
widget is dragged across its whole range, one slider step at a time; an update is what the
notebook runs then: the tinynn computation and the figure rendered to PNG. Chapter 1's widget
redraws its axes only when the scales must change (the slowest updates), the others never.
The browser adds its own few milliseconds on top (the browser test prints that end-to-end
figure for chapter 4). The target is under 100 ms; figures depend on the machine, so this is
a benchmark, not a test.
"""

import contextlib
import io
import statistics
import time

import matplotlib

matplotlib.use("Agg")

from tinynn.widgets import alpha_explorer, learning_explorer, slope_explorer  # noqa: E402


def positions(slider):
    """Every position of `slider`, one slider step apart: what dragging it sends."""
    import numpy as np

    if hasattr(slider, "base"):  # a log slider: min, max and step are exponents of its base
        return [slider.base**e for e in np.arange(slider.min, slider.max + 1e-9, slider.step)]
    values = np.arange(slider.min, slider.max + 1e-9, slider.step)
    return [int(v) for v in values] if isinstance(slider.value, int) else list(values)


def sweep(ui):
    """Drag every slider of `ui` across its range, one step at a time, then put it back;
    return each update's milliseconds."""
    times = []
    for slider in ui.children:
        if not hasattr(slider, "step"):
            continue
        start = slider.value
        for value in positions(slider):
            began = time.perf_counter()
            slider.value = value
            times.append((time.perf_counter() - began) * 1000)
        slider.value = start
    return times


def main():
    widgets = {
        "chapter 1 learning_explorer": learning_explorer,
        "chapter 3 slope_explorer": slope_explorer,
        "chapter 4 alpha_explorer": alpha_explorer,
    }
    for label, make in widgets.items():
        with contextlib.redirect_stdout(io.StringIO()):  # what the widget prints
            times = sweep(make())
        median, slowest = statistics.median(times), max(times)
        verdict = "ok" if median < 100 else "SLOWER THAN 100 ms"
        print(
            f"{label:28} {len(times)} updates: median {median:5.1f} ms, "
            f"90th percentile {statistics.quantiles(times, n=10)[-1]:5.1f} ms, "
            f"slowest {slowest:5.1f} ms  {verdict}"
        )


if __name__ == "__main__":
    main()
