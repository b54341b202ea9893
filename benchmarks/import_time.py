"""Workload 6: how long `import tinynn` takes in a fresh Python, alone and with plots.

Each contender is a new process that times its own imports (so Python's start-up isn't
counted); they take turns like every other contender here. `import numpy` alone is the floor:
tinynn imports NumPy and nothing else at first. "with plots" is what a chapter's setup cell
imports to draw: tinynn, its plots and matplotlib's pyplot.
"""

import os
import subprocess
import sys

from benchmarks import timing

IMPORTS = {
    "numpy": "import numpy",
    "tinynn": "import tinynn",
    "tinynn with plots": "import tinynn, tinynn.plots, matplotlib.pyplot",
}
TIMED = "import time; began = time.perf_counter(); {}; print(time.perf_counter() - began)"


def seconds_to_import(statement):
    """Seconds that `statement` takes in a fresh Python (the one running this)."""
    # Agg: the backend a chapter's inline plots use underneath, and no search for a screen.
    env = {**os.environ, "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, "-c", TIMED.format(statement)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return float(done.stdout.split()[-1])


def run(quick=False):
    repeats = 3 if quick else 11
    for statement in IMPORTS.values():  # the first import may write bytecode caches
        seconds_to_import(statement)
    runs = {name: [] for name in IMPORTS}
    for repeat in range(repeats):
        for name, statement in IMPORTS.items():
            runs[name].append(seconds_to_import(statement))
    contenders = timing.summary(runs)
    return {
        "description": "import in a fresh Python, start-up not counted",
        "contenders": contenders,
        "ratios": {"tinynn/numpy": timing.ratios(contenders)["tinynn/numpy"]},
        "repeats": repeats,
    }
