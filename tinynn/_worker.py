"""A grading worker: a process that grades the notebooks the grader sends it, one at a time.

The grader starts each worker with `python -c BOOT LIB` (see `tinynn.gradebook`), sends it the
copy of tinynn to import as its first line, then one task per line; the worker answers each
task with a line `{"kernel": pid}` once the kernel runs, then `{"rows": [...]}`. A notebook
that kills its kernel's parent kills only this worker: the grader notices and starts another.
"""

import json
import os
import threading
import time
from dataclasses import asdict

from tinynn import grading, sandbox


def serve(snapshot_data, tasks, replies):
    """Grade each task read from `tasks`, writing the replies to `replies`."""
    snapshot = sandbox.Snapshot.from_json(snapshot_data)
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
        limits = sandbox.Limits(**task["limits"])
        rows = grading.grade_notebook(
            task["path"],
            timeout=task["timeout"],
            name=task["notebook"],
            learner=task["learner"],
            expected=task["expected"],
            snapshot=snapshot,
            limits=limits,
            scratch=task["scratch"],
            on_kernel=on_kernel,
        )
        current["kernel"] = None
        send({"rows": [asdict(row) for row in rows]})


def _watch_parent(current):
    """If the grader goes away, kill the running kernel and exit: leave no kernel behind."""
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        sandbox.kill_group(current["kernel"])
        os._exit(3)

    threading.Thread(target=watch, daemon=True).start()
