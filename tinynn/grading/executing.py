"""Running a learner's notebook in its sandbox, cell by cell, and collecting its answers as data.

`execute` starts a kernel in the notebook's own place (see `tinynn.grading.sandbox`), runs the
grader's `prepare` cell, then the learner's cells one at a time, each with a time limit, noting
those that failed or ran too long, and finally the grader's `hand_back` cell, whose displays
carry each answer as data (see `tinynn.grading.collect`). If the kernel dies or a cell can't be
stopped, a second kernel runs the cells before that one again, so that the answers checked
there still count. Only what the grader reads is kept as the cells run: printed text, pictures
and widgets are dropped as they arrive.
"""

import copy
import functools
import json
import logging
import math
import numbers
import os
import re
import secrets
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tinynn.grading import sandbox
from tinynn.grading.collect import GRADER_KEY
from tinynn.grading.notebooks import check_calls

# Seconds one cell may run before the grader interrupts it; a longer limit than MAX_TIMEOUT
# means none.
CELL_TIMEOUT = 60
MAX_TIMEOUT = 24 * 60 * 60

# How a stop message starts when no kernel could run the notebook (the command line then fails).
COULD_NOT_RUN = "could not run the notebook"

# What one notebook's outputs may hold while it runs: the grader reads only check results and
# errors, so printed text and pictures are dropped as they arrive.
MAX_KEPT_OUTPUTS = 2000
MAX_TEXT = 2000
# What the handed-back answers may hold: per exercise, and for the whole notebook.
MAX_RECORD = 8 * 2**20
MAX_HANDED_BACK = 32 * 2**20


def timeout_seconds(value):
    """A cell's time limit in seconds, or None for no limit (infinity, or more than a day)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or math.isnan(value)
        or value <= 0
    ):
        raise ValueError(
            f"the time limit must be a positive number of seconds, got {value!r}: try 60"
        )
    return None if value > MAX_TIMEOUT else float(value)


def cpu_budget(timeout):
    """Seconds of CPU time (and of running time) one notebook may use in all."""
    return None if timeout is None else max(600, math.ceil(10 * timeout))


@dataclass
class Place:
    """Where one notebook runs, on the grader's side: its own folder (removed afterwards), the
    copy of the notebook and of tinynn the kernel sees, and the files its HOME starts with.
    In the sandbox the kernel sees the copies read-only and works in a private /tmp; without
    it, the kernel works in `folder/work` with HOME in `folder/home`."""

    folder: Path
    notebook: Path
    lib: Path
    home_files: list = field(default_factory=list)
    sandboxed: bool = False

    @property
    def cwd(self):
        return sandbox.SANDBOX_WORK if self.sandboxed else str(self.folder / "work")

    @property
    def home(self):
        return sandbox.SANDBOX_HOME if self.sandboxed else str(self.folder / "home")


def make_place(folder, name, data, snapshot, isolation, lib=None, home_files=None):
    """Lay out a notebook's place in `folder`: its copy (from `data`), the tinynn it imports
    (a fresh copy, unless the sandbox can show it a shared `lib` read-only) and its HOME."""
    work, home = folder / "work", folder / "home"
    work.mkdir(parents=True)
    home.mkdir()
    notebook = work / Path(name).name
    notebook.write_bytes(data)
    if not isolation.sandboxed or lib is None:
        lib = snapshot.write(folder / "lib")
    if not isolation.sandboxed or home_files is None:
        home_files = snapshot.write_home(home)
    return Place(folder, notebook, Path(lib), list(home_files), isolation.sandboxed)


class Run:
    """What happened when a notebook ran: the notebook, the cells that errored or timed out,
    why it stopped (if it did), the answers its kernel handed back, and what it displayed."""

    def __init__(self):
        self.nb = None
        self.errors = {}
        self.timed_out = {}
        self.stopped = ""
        self.handed_back = {}
        self.collect_problem = ""


def execute(nb, place, timeout, limits, isolation, on_kernel=None):
    """Execute the notebook cell by cell in a fresh kernel in `place`, then collect every
    answer with the grader's own cell; returns the Run."""
    run = Run()
    for cell in nb.cells:  # outputs saved by the learner must not count: only this run's do
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    code = [index for index, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    calls = [(index, check_calls([nb.cells[index].source])) for index in code]
    keys = sorted({key for _, found in calls for key in found})
    tmp = "/tmp" if place.sandboxed else None
    env = sandbox.kernel_environment(place.home, place.lib, tmp)
    budget = cpu_budget(timeout)
    deadline = None if budget is None else time.monotonic() + budget
    kernel = functools.partial(
        _in_kernel, place=place, env=env, timeout=timeout, limits=limits, isolation=isolation
    )

    def first_pass(client):
        _prepare(client, nb, keys)
        stop = _run_cells(client, nb, code, timeout, limits, run, deadline)
        if stop is None:
            _collect(client, nb, _calls_before(calls, None), run)
        return stop

    try:
        stop = kernel(nb, first_pass, on_kernel, number=1)
    except Exception as error:  # noqa: BLE001 - kernel failed to start or vanished
        run.stopped = f"{COULD_NOT_RUN}: {type(error).__name__}: {error}"
        if not any(cell.get("outputs") for cell in nb.cells if cell.cell_type == "code"):
            return run
        stop = None
    salvage = _calls_before(calls, stop) if stop is not None else {}
    if salvage:
        again = copy.deepcopy(nb)
        before = [i for i in code if i < stop and i not in run.timed_out]

        def second_pass(client):
            _prepare(client, again, sorted(salvage))
            if _run_cells(client, again, before, timeout, limits, Run(), deadline) is None:
                _collect(client, again, salvage, run)

        try:
            kernel(again, second_pass, on_kernel, number=2)
        except Exception:  # noqa: BLE001, S110 - the first pass's findings stand
            pass
    run.nb = nb
    return run


def _in_kernel(nb, action, on_kernel, place, env, timeout, limits, isolation, number):
    """Start a kernel for `nb` in `place`, tell `on_kernel` its process id, run
    `action(client)`, and kill the kernel (its sandbox, or its process group) afterwards."""
    run = place.folder / f"r{number}"  # its connection file and sockets
    run.mkdir()
    argv = sandbox.kernel_argv(limits, isolation, place, run)
    ipc = run if os.name == "posix" else None
    manager = sandbox.kernel_manager_class(argv, ipc=ipc, sandboxed=isolation.sandboxed)
    client = grading_client(
        nb,
        km=manager(),
        timeout=_client_timeout(timeout),
        allow_errors=True,
        log=_quiet_log(),
    )
    cwd = str(place.folder if place.sandboxed else place.cwd)
    pid = None
    try:
        # The kernel's own output (e.g. a warning about TCP) would only clutter the grader's.
        with client.setup_kernel(
            env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ):
            pid = sandbox.kernel_pid(client)
            client.started_at = time.monotonic()
            if on_kernel is not None and pid:
                on_kernel(pid)
            return action(client)
    finally:
        sandbox.kill_group(pid)
        _close(client)


def _close(client):
    """Close the kernel client's channels and the kernel manager's sockets and zmq context.
    nbclient leaves them open when it is given the manager, and each holds a thread and a few
    open files: a worker that grades a class would slow down notebook by notebook, then run
    out of files."""
    from jupyter_core.utils import run_sync

    try:
        if client.kc is not None:
            client.kc.stop_channels()
        run_sync(client.km.cleanup_resources)()
    except Exception:  # noqa: BLE001, S110 - the notebook is graded; this is only tidying
        pass


def _run_cells(client, nb, indices, timeout, limits, run, deadline):
    """Run the cells at `indices`, noting errors and timeouts in `run`; return the position of
    the cell where the notebook had to stop (the kernel died or the cell never ended), or None.
    """
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    for index in indices:
        if deadline is not None and time.monotonic() > deadline:
            run.stopped = (
                f"the notebook ran for more than {cpu_budget(timeout)} seconds in all; "
                f"cells from {index + 1} on were not run"
            )
            return None
        cell = nb.cells[index]
        try:
            client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        except CellTimeoutError:
            run.timed_out[index] = f"ran longer than {timeout:g} seconds (an endless loop?)"
            if not _interrupt(client):
                run.stopped = f"the notebook stopped at cell {index + 1}, which never ended"
                return index
            continue
        except DeadKernelError:
            run.stopped = _kernel_died(client, index, limits)
            return index
        error = error_of(cell)
        if error:
            run.errors[index] = error
    return None


def _calls_before(calls, stop):
    """The answer expression of each exercise's last check call in a cell before `stop`."""
    merged = {}
    for index, found in calls:
        if stop is None or index < stop:
            merged.update(found)
    return merged


def _client_timeout(timeout):
    return None if timeout is None else max(1, math.ceil(timeout))


# ---------------------------------------------------------------------------------------------
# The grader's own cells
# ---------------------------------------------------------------------------------------------

_PREPARE = '__import__("tinynn.grading.collect", fromlist=["_"]).prepare(%(keys)r)'
_HAND_BACK = '__import__("tinynn.grading.collect", fromlist=["_"]).hand_back(%(calls)r, %(nonce)r)'


def _grader_cell(client, nb, source):
    """Run a cell of the grader's (not the learner's: it is not in the history); return it."""
    from nbformat.v4 import new_code_cell

    cell = new_code_cell(source)
    nb.cells.append(cell)
    try:
        client.execute_cell(cell, len(nb.cells) - 1, store_history=False)
    finally:
        nb.cells.pop()
    return cell


def _prepare(client, nb, keys):
    """Run the grader's `prepare` cell, with room to import the chapters whatever the cells'
    time limit; if it fails, `hand_back` says what is wrong later."""
    from nbclient.exceptions import CellTimeoutError

    limit = client.timeout
    client.timeout = None if limit is None else max(limit, 120)
    try:
        _grader_cell(client, nb, _PREPARE % {"keys": keys})
    except CellTimeoutError:
        pass
    finally:
        client.timeout = limit


def _collect(client, nb, calls, run):
    """Run the grader's `hand_back` cell and keep the answers it hands back, by exercise."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    client.nonce = secrets.token_hex(16)
    client.handed_back, client.handed_back_size = {}, 0
    # Each check stops itself at its own time limit; this is room for all of them.
    client.timeout = 60 + 10 * len(calls) if client.timeout else None
    source = _HAND_BACK % {"calls": sorted(calls.items()), "nonce": client.nonce}
    try:
        cell = _grader_cell(client, nb, source)
        run.handed_back.update(client.handed_back)
        missing = set(calls) - set(client.handed_back)
        if missing and error_of(cell):
            run.collect_problem = f"the grader could not collect the answers: {error_of(cell)}"
    except CellTimeoutError:
        run.handed_back.update(client.handed_back)
        run.collect_problem = "the grader's cell that collects the answers never finished"
    except DeadKernelError:
        run.handed_back.update(client.handed_back)
        run.collect_problem = "the kernel died while the grader collected the answers"
    finally:
        client.nonce = None


def _kernel_died(client, index, limits):
    """Why the kernel died in cell `index`, as far as its exit says."""
    signal_number = sandbox.kernel_exit_signal(client)
    where = f"the kernel died in cell {index + 1}"
    if signal_number is None:
        return where
    if signal_number == getattr(signal, "SIGXCPU", None):
        return f"{where}: it used up its {limits.cpu_seconds} seconds of CPU time"
    if signal_number == getattr(signal, "SIGXFSZ", None):
        return f"{where}: it wrote a file larger than {limits.file_mb} MB"
    if signal_number == getattr(signal, "SIGKILL", None):
        # A kernel at its CPU limit is killed outright (its soft limit is its hard one), so
        # only the time it had tells that from the system running out of memory.
        ran = time.monotonic() - getattr(client, "started_at", time.monotonic())
        if limits.cpu_seconds and ran >= limits.cpu_seconds:
            return f"{where}: it used up its {limits.cpu_seconds} seconds of CPU time"
        return f"{where}: it was killed (by its own code, or out of memory?)"
    return f"{where} ({signal_number.name})"


def _interrupt(client, wait=5):
    """Interrupt the kernel after a timeout; True if it is ready for the next cell."""
    from jupyter_core.utils import run_sync

    try:
        return run_sync(_interrupt_and_wait)(client, wait)
    except Exception:  # noqa: BLE001 - the kernel is stuck or gone
        return False


async def _interrupt_and_wait(client, wait):
    from queue import Empty
    from time import monotonic

    from jupyter_core.utils import ensure_async

    await ensure_async(client.km.interrupt_kernel())
    msg_id = client.kc.kernel_info()
    deadline = monotonic() + wait
    while deadline > monotonic():
        try:
            msg = await ensure_async(
                client.kc.shell_channel.get_msg(timeout=deadline - monotonic())
            )
        except Empty:
            return False
        if msg["parent_header"].get("msg_id") == msg_id:
            return True
    return False


def error_of(cell):
    """`NameError: name 'x' is not defined` for a cell whose output holds an error, else ''."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            name, value = output.get("ename") or "Error", output.get("evalue") or ""
            text = f"{name}: {value}" if value.strip() else name
            # A SyntaxError names the kernel's temporary file: keep only the line number.
            text = re.sub(r"\(\S+\.py, (line \d+)\)", r"(\1)", " ".join(text.split()))
            return text if len(text) <= 100 else text[:97] + "..."
    return ""


def _quiet_log():
    log = logging.getLogger("tinynn.grading")
    log.propagate = False
    if not log.handlers:
        log.addHandler(logging.NullHandler())
    return log


# ---------------------------------------------------------------------------------------------
# Keeping only what the grader reads
# ---------------------------------------------------------------------------------------------


def grading_client(nb, **options):
    """A notebook client that drops printed text, pictures and widgets as they arrive.

    It keeps error outputs (shortened), the check results the notebook displayed (shortened),
    and, while the grader's `hand_back` cell runs, the answers handed back under its nonce: the
    first for each exercise, within a bound on their size. So a print loop can't make the
    grader's memory grow.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionComplete
    from nbformat.v4 import new_output

    class GradingClient(NotebookClient):
        kept = 0
        nonce = None
        handed_back = {}
        handed_back_size = 0

        def process_message(self, msg, cell, cell_index):
            msg_type = msg["msg_type"]
            content = msg["content"]
            if "execution_count" in content:
                cell["execution_count"] = content["execution_count"]
            if msg_type == "status":
                if content.get("execution_state") == "idle":
                    raise CellExecutionComplete()
                return None
            if msg_type in ("display_data", "execute_result") and self.nonce:
                self.keep_handed_back(content.get("metadata"))
            if self.kept >= MAX_KEPT_OUTPUTS:
                return None
            out = None
            if msg_type == "error":
                out = new_output(
                    "error",
                    ename=_short(content.get("ename")),
                    evalue=_short(content.get("evalue")),
                    traceback=[],
                )
            elif msg_type in ("display_data", "execute_result"):
                marker = _marker(content.get("metadata"))
                if marker:
                    out = new_output("display_data", data={"text/plain": ""}, metadata=marker)
            if out is not None:
                cell.outputs.append(out)
                self.kept += 1
            return out

        def keep_handed_back(self, metadata):
            mark = metadata.get(GRADER_KEY) if isinstance(metadata, dict) else None
            if not isinstance(mark, dict) or mark.get("nonce") != self.nonce:
                return
            text = mark.get("record")
            if not isinstance(text, str) or len(text) > MAX_RECORD:
                return
            if self.handed_back_size + len(text) > MAX_HANDED_BACK:
                return
            try:
                record = json.loads(text)
            except (ValueError, RecursionError):
                return
            key = record.get("exercise") if isinstance(record, dict) else None
            if isinstance(key, str) and key not in self.handed_back:
                self.handed_back[key] = record
                self.handed_back_size += len(text)

    return GradingClient(nb, store_widget_state=False, record_timing=False, **options)


def _marker(metadata):
    """The check result a display carries in its metadata, cut to a bounded size."""
    if not isinstance(metadata, dict) or not isinstance(metadata.get("tinynn"), dict):
        return {}
    record = metadata["tinynn"]
    return {
        "tinynn": {
            key: _short(record[key])
            for key in ("exercise", "outcome", "message")
            if isinstance(record.get(key), str)
        }
    }


def _short(text):
    text = text if isinstance(text, str) else ""
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 3] + "..."
