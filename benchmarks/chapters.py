"""Workload 4: every chapter run top to bottom in a fresh kernel, as "Restart Kernel and Run All
Cells" does, and how long each took, kernel start included.

The kernel is this very Python (the project's .venv), started in `chapters/`. A chapter that
stops on an error (other than in a cell tagged `raises-exception`, where the error is the
point) is reported as failed, with the error's first line, and left out of the total.
Welcome runs `progress()`, which grades every other chapter in kernels of its own, so its time
includes running them again: a learner waits for that too.
"""

import statistics
import subprocess
import sys
import time
from pathlib import Path

CHAPTERS = Path(__file__).resolve().parent.parent / "chapters"
CELL_TIMEOUT = 300


def this_python_kernel():
    """A kernel manager that starts this very Python, whatever `python3` means elsewhere."""
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpec

    class ThisPythonKernelManager(AsyncKernelManager):
        @property
        def kernel_spec(self):
            return KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                display_name="Python 3",
                language="python",
            )

    return ThisPythonKernelManager


def run_chapter(path):
    """Run one chapter in a fresh kernel: `{"seconds", "cells_s", "error"}` (error '' if none)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        kernel_manager_class=this_python_kernel(),
        resources={"metadata": {"path": str(path.parent)}},
    )
    error, cells_started, started = "", None, time.perf_counter()
    try:
        # The kernel's own log (a warning about TCP) would only clutter the table.
        with client.setup_kernel(cwd=str(path.parent), stderr=subprocess.DEVNULL):
            cells_started = time.perf_counter()
            for index, cell in enumerate(notebook.cells):
                client.execute_cell(cell, index)
    except CellExecutionError as failure:
        error = f"cell {index + 1}: {failure.ename}: {first_line(failure.evalue)}"
    except Exception as failure:  # noqa: BLE001 - a kernel that won't start, or dies
        error = f"{type(failure).__name__}: {first_line(str(failure))}"
    ended = time.perf_counter()
    cells = ended - cells_started if cells_started is not None else 0.0
    return {"seconds": ended - started, "cells_s": cells, "error": error}


def first_line(text):
    line = next((line.strip() for line in str(text).splitlines() if line.strip()), "")
    return line if len(line) <= 160 else line[:157] + "..."


def run(quick=False, chapters=None):
    """Every chapter, `repeats` times taking turns; per chapter the median and all runs."""
    paths = sorted(chapters or CHAPTERS.glob("[0-9][0-9]_*.ipynb"))
    repeats = 1 if quick else 3
    runs = {path.stem: [] for path in paths}
    for repeat in range(repeats):
        for path in paths:
            runs[path.stem].append(run_chapter(path))
    results = {}
    for name, attempts in runs.items():
        errors = [attempt["error"] for attempt in attempts if attempt["error"]]
        seconds = [attempt["seconds"] for attempt in attempts]
        results[name] = {
            "status": "failed" if errors else "ok",
            "error": errors[0] if errors else "",
            "median_s": statistics.median(seconds),
            "runs": seconds,
            "cells_median_s": statistics.median(attempt["cells_s"] for attempt in attempts),
        }
    ran = [result["median_s"] for result in results.values() if result["status"] == "ok"]
    failed = [name for name, result in results.items() if result["status"] == "failed"]
    return {
        "description": "every chapter top to bottom in a fresh kernel (kernel start included)",
        "chapters": results,
        "total_s": sum(ran),
        "chapters_ran": len(ran),
        "chapters_failed": failed,
        "repeats": repeats,
    }
