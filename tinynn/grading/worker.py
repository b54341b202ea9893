"""A grading worker: a process that grades the notebooks the grader sends it, one at a time.

The grader starts each worker with `python -c BOOT FOLDER` (see `tinynn.grading.pool`), sends
it the copy of tinynn to import as its first line, then one task per line; the worker answers
each task with a line `{"kernel": pid}` once the kernel runs, then `{"rows": [...]}`. It imports
every chapter's exercises before any kernel runs, and judges what kernels hand back with them.
A notebook that kills its kernel's parent kills only this worker: the grader starts another.
"""

import importlib
import json
import os
import pkgutil
import threading
import time
from dataclasses import asdict
from pathlib import Path

from tinynn.grading import sandbox
from tinynn.grading.judging import grade_notebook
from tinynn.grading.snapshot import Snapshot


def serve(snapshot_data, folder, tasks, replies):
    """Grade each task read from `tasks`, writing the replies to `replies`."""
    snapshot = Snapshot.from_json(snapshot_data["snapshot"])
    isolation = sandbox.Isolation(**snapshot_data["isolation"])
    _import_every_chapter()
    folder = Path(folder)
    # A sandboxed kernel sees the worker's own copy of tinynn and HOME files, read-only.
    home_files = snapshot.write_home(folder / "home") if isolation.sandboxed else None
    lib = folder / "lib" if isolation.sandboxed else None
    current = {"kernel": None}
    _watch_parent(current)

    def send(message):
        replies.write(json.dumps(message) + "\n")
        replies.flush()

    def on_kernel(pid):
        current["kernel"] = pid
        send({"kernel": pid})

    for line in tasks:
        task = json.loads(line)
        scratch = Path(task["scratch"])
        scratch.mkdir(parents=True, exist_ok=True)  # made again if a notebook deleted it
        rows = grade_notebook(
            task["path"],
            timeout=task["timeout"],
            name=task["notebook"],
            learner=task["learner"],
            sha256=task["sha256"] or None,
            snapshot=snapshot,
            limits=sandbox.Limits(**task["limits"]),
            isolation=isolation,
            scratch=scratch,
            lib=lib,
            home_files=home_files,
            on_kernel=on_kernel,
        )
        current["kernel"] = None
        send({"rows": [asdict(row) for row in rows]})


def _import_every_chapter():
    """Import every exercise module now, from the worker's own copy, before any kernel runs."""
    import tinynn.exercises

    for module in pkgutil.iter_modules(tinynn.exercises.__path__):
        if module.name.startswith("ch"):
            importlib.import_module(f"tinynn.exercises.{module.name}")


def _watch_parent(current):
    """If the grader goes away, kill the running kernel and exit: leave no kernel behind."""
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        sandbox.kill_group(current["kernel"])
        os._exit(3)

    threading.Thread(target=watch, daemon=True).start()
