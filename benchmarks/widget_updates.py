"""Workload 5: how long each chapter widget takes to update after a slider moves.

Each slider of each widget is dragged across its whole range, one slider step at a time, and
back; an update is what the kernel runs then (the tinynn computation and the figure rendered to
PNG), measured from setting the slider's value until it returns. The browser adds a few
milliseconds of its own on top (the browser test prints that end-to-end figure).

A new widget is one line in WIDGETS: a label, the name of its function in tinynn.widgets, and
what its chapter passes it. A name tinynn.widgets doesn't have yet is skipped with a note.
"""

import contextlib
import io
import statistics
import time

import numpy as np

import tinynn
from benchmarks import timing


def nothing():
    return (), {}


def chapter_5():
    return (*tinynn.linear_data(), [0.2, 1.4, 30.0]), {"true_weights": [0.5, 0.9, 1.2]}


def chapter_6():
    return tinynn.streetlights(), {}


def chapter_7():
    from tinynn.exercises import ch07  # the chapter's split and trained network

    digits = ch07.chapter_digits()
    names = ("test_inputs", "test_labels", "weights_0_1", "weights_1_2")
    return tuple(digits[name] for name in names), {}


WIDGETS = [
    ("chapter 1", "learning_explorer", nothing),
    ("chapter 3", "slope_explorer", nothing),
    ("chapter 4", "alpha_explorer", nothing),
    ("chapter 5", "weights_explorer", chapter_5),
    ("chapter 6", "hidden_layer_explorer", chapter_6),
    ("chapter 6", "backprop_explorer", chapter_6),
    ("chapter 7", "digit_explorer", chapter_7),
]


def positions(slider):
    """Every position of `slider`, one slider step apart: what dragging it sends."""
    if hasattr(slider, "options"):  # a selection slider: each option in turn
        return list(slider.options)
    if hasattr(slider, "base"):  # a log slider: min, max and step are exponents of its base
        return [slider.base**e for e in np.arange(slider.min, slider.max + 1e-9, slider.step)]
    values = np.arange(slider.min, slider.max + 1e-9, slider.step)
    return [int(v) for v in values] if isinstance(slider.value, int) else [float(v) for v in values]


def sweep(ui, every=1):
    """Drag every slider of `ui` across its range (every `every`-th position), then put it
    back; returns each update's seconds."""
    times = []
    for slider in ui.children:
        if not hasattr(slider, "step") and not hasattr(slider, "options"):
            continue
        start = slider.value
        for value in positions(slider)[::every]:
            began = time.perf_counter()
            slider.value = value
            times.append(time.perf_counter() - began)
        slider.value = start
    return times


def run(quick=False, widgets=WIDGETS):
    """Every listed widget swept; per widget the median and 95th percentile of its updates."""
    import matplotlib

    matplotlib.use("Agg")  # the PNG a widget sends is drawn the same way without a screen
    from tinynn import widgets as module

    results, notes = {}, []
    for label, name, data in widgets:
        make = getattr(module, name, None)
        if make is None:
            notes.append(f"{label} {name}: not in tinynn.widgets yet, skipped")
            continue
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # what the widget prints
                args, kwargs = data()
                times = sweep(make(*args, **kwargs), every=3 if quick else 1)
        except Exception as error:  # noqa: BLE001 - a widget mid-change shouldn't stop the rest
            notes.append(f"{label} {name}: failed: {type(error).__name__}: {error}")
            continue
        results[name] = {
            "label": label,
            "updates": len(times),
            "median_s": statistics.median(times),
            "p95_s": timing.percentile(times, 95),
            "slowest_s": max(times),
        }
    return {
        "description": "each widget's update as a slider is dragged across its range",
        "widgets": results,
        "notes": notes,
    }
