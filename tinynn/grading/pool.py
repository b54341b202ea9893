"""Grading many notebooks at once: worker processes, each grading one notebook at a time.

Each worker is a fresh Python that imports the grader from its own copy of tinynn (see
`tinynn.grading.worker`). A notebook that kills its worker costs only its own result ("the
grader's process for this notebook was killed"); the slot starts a new worker. Ctrl-C, or the
end of the run however it ends, kills every worker and kernel and removes the run's folder.
"""

import json
import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict
from pathlib import Path

from tinynn.grading import sandbox
from tinynn.grading.executing import cpu_budget
from tinynn.grading.rows import ERROR, Row, row_from_json


def cores():
    """How many cores this process may use: the default number of notebooks graded at once."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows
        return os.cpu_count() or 1


def scratch_folder():
    """A temporary folder for this run; folders left by runs that were killed are removed."""
    top = Path(tempfile.gettempdir())
    for old in top.glob("tinynn-grading-*"):
        match = re.match(r"tinynn-grading-(\d+)-", old.name)
        if match and not _alive(int(match.group(1))):
            sandbox.remove_tree(old)
    return Path(tempfile.mkdtemp(prefix=f"tinynn-grading-{os.getpid()}-", dir=top))


def _alive(pid):
    if os.name != "posix":  # os.kill would end the process there: assume it is alive
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# The worker's first lines: move stdout out of the way of its replies (a kernel inherits only
# the new fd 1), write the copy of tinynn it was sent and import the grader from there.
_BOOT = """\
import json, os, sys
replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
os.dup2(2, 1)
start = json.loads(sys.stdin.readline())
for name, data in start["snapshot"]["files"].items():
    path = os.path.join(sys.argv[1], "lib", name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as file:
        file.write(bytes.fromhex(data))
sys.path.insert(0, os.path.join(sys.argv[1], "lib"))
from tinynn.grading.worker import serve
serve(start, sys.argv[1], sys.stdin, replies)
"""


class WorkerDied(Exception):
    pass


class Pool:
    """Worker processes, one per slot, restarted when a notebook kills one."""

    def __init__(self, snapshot, isolation, scratch, timeout, limits):
        start = {"snapshot": snapshot.as_json(), "isolation": asdict(isolation)}
        self.start_line = json.dumps(start) + "\n"
        self.scratch, self.timeout, self.limits = scratch, timeout, limits
        self.workers, self.kernels = set(), {}
        self.stopping = False
        self.failure = None
        self.started = 0
        self.lock = threading.Lock()

    def run(self, todo, slots, begin, finish):
        """Grade every submission in the queue `todo` with `slots` workers at once;
        `begin(submission)` and `finish(submission, seconds)` are called around each."""
        threads = [
            threading.Thread(target=self._work, args=(todo, begin, finish), daemon=True)
            for _ in range(max(1, min(slots, todo.qsize())))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            while thread.is_alive():
                thread.join(0.2)
        if self.failure is not None:
            raise self.failure

    def _start(self):
        with self.lock:
            self.started += 1
            number = self.started
        folder = self.scratch / f"w{number}"
        folder.mkdir(parents=True)
        # Connection files (which hold a kernel's key) go into this run's own folder.
        env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(folder), "TMPDIR": str(folder)}
        env.update(sandbox.ONE_THREAD)  # judge as the kernels computed: one thread
        with open(folder / "log.txt", "wb") as log:
            worker = subprocess.Popen(
                [sys.executable, "-c", _BOOT, str(folder)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                cwd=folder,
                env=env,
                start_new_session=True,
                text=True,
                encoding="utf-8",
            )
        with self.lock:
            self.workers.add(worker)
        try:
            worker.stdin.write(self.start_line)
            worker.stdin.flush()
        except OSError:
            pass  # it died at once: reading its reply says so, with the end of its log
        return worker

    def _work(self, todo, begin, finish):
        worker = None
        try:
            while not self.stopping:
                try:
                    submission = todo.get_nowait()
                except queue.Empty:
                    break
                begin(submission)
                started = time.monotonic()
                try:
                    worker = worker or self._start()
                    submission.rows = self._grade(worker, submission)
                except WorkerDied as died:
                    worker = None
                    if self.stopping:
                        break
                    submission.rows = [Row(submission.notebook, "-", ERROR, str(died))]
                finish(submission, time.monotonic() - started)
        except BaseException as error:  # noqa: BLE001 - a bug here must not hang the run
            self.failure = error
            self.stop()
        finally:
            if worker is not None:
                self._end(worker)

    def _grade(self, worker, submission):
        task = {
            "path": str(submission.path),
            "notebook": submission.notebook,
            "learner": submission.learner,
            "sha256": submission.sha256,
            "timeout": self.timeout,
            "limits": asdict(self.limits),
            "scratch": str(self.scratch / "notebooks"),
        }
        budget = cpu_budget(self.timeout)
        # The worker stops the notebook itself; this only catches a worker that hangs.
        watchdog = threading.Timer(3 * budget + 300 if budget else 1e9, worker.kill)
        watchdog.daemon = True
        watchdog.start()
        kernel = None
        try:
            try:
                worker.stdin.write(json.dumps(task) + "\n")
                worker.stdin.flush()
            except OSError:
                pass
            for line in worker.stdout:
                try:
                    reply = json.loads(line)
                except ValueError:
                    continue
                if isinstance(reply, dict) and "kernel" in reply:
                    kernel = reply["kernel"]
                    with self.lock:
                        self.kernels[worker.pid] = kernel
                elif isinstance(reply, dict) and "rows" in reply:
                    return [row_from_json(row) for row in reply["rows"]]
        finally:
            watchdog.cancel()
            with self.lock:
                self.kernels.pop(worker.pid, None)
        self._end(worker)
        sandbox.kill_group(kernel)
        raise WorkerDied(_why_it_died(worker, kernel))

    def _end(self, worker):
        try:
            worker.stdin.close()
        except OSError:
            pass
        try:
            worker.wait(10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        with self.lock:
            self.workers.discard(worker)

    def stop(self):
        """Kill every worker and kernel now (Ctrl-C, or the run is over)."""
        self.stopping = True
        with self.lock:
            workers, kernels = list(self.workers), list(self.kernels.values())
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
        for kernel in kernels:
            sandbox.kill_group(kernel)


def _why_it_died(worker, kernel):
    """What to say when a worker died while grading a notebook."""
    code = worker.returncode
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
        message = f"the grader's process for this notebook was killed ({name}) while running it"
        if kernel is not None:
            message += ": did the notebook's code kill its parent process?"
        return message
    message = "the grader's process for this notebook died while running it"
    last = _last_line(Path(worker.args[-1]) / "log.txt")
    return f"{message} (its log ends: {last})" if last else message


def _last_line(path, limit=200):
    """The last line of a worker's log (e.g. the exception that ended it), or ''."""
    try:
        with open(path, "rb") as file:
            file.seek(max(0, file.seek(0, os.SEEK_END) - 4096))
            lines = file.read().decode("utf-8", "replace").strip().splitlines()
    except OSError:
        return ""
    last = lines[-1].strip() if lines else ""
    return last if len(last) <= limit else last[: limit - 3] + "..."
