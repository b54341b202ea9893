"""Where the grader runs a learner's notebook: a private folder, a copy of tinynn, limits.

Grading runs the learner's code with your rights, so each notebook gets what is cheap to give it:
a fresh folder holding only a copy of the notebook and a private copy of `tinynn` (taken into
memory before any learner code ran, so an edit a notebook makes to the installed package can't
reach later notebooks), a kernel in its own process group with limits on memory, CPU time and
file size, a minimal environment, and a notebook client that keeps only what the grader reads.
None of this stops code that sets out to harm the machine: see "What grading protects" in the
README, and grade in a container for that.
"""

import os
import re
import secrets
import shutil
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

import tinynn

# Environment variables a kernel keeps from the grader's; everything else (tokens, keys,
# proxies, the grader's own Jupyter settings) is left out.
# (SYSTEMROOT and the like: Python and ZeroMQ need them on Windows.)
KEPT_ENVIRONMENT = (
    *("PATH", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TZ", "PYTHONPATH"),
    *("SYSTEMROOT", "WINDIR", "COMSPEC", "PATHEXT"),
)

# Set in the kernels the grader starts, so `progress()` in a graded notebook doesn't recurse.
GRADING_ENV = "TINYNN_GRADING"

# What one notebook's outputs may hold while it runs: the grader reads only check results and
# errors, so printed text and pictures are dropped as they arrive.
MAX_KEPT_OUTPUTS = 2000
MAX_TEXT = 2000

# The metadata key of the grader's own re-check (see `grader_cell`).
GRADER_KEY = "tinynn-grader"


@dataclass(frozen=True)
class Limits:
    """What one kernel may use: memory (MB of address space), CPU seconds, largest file (MB).

    None means no limit. The CPU limit counts the whole kernel's life, not one cell.
    """

    memory_mb: int | None = 4096
    cpu_seconds: int | None = 600
    file_mb: int | None = 512


# ---------------------------------------------------------------------------------------------
# A private copy of tinynn
# ---------------------------------------------------------------------------------------------


class Snapshot:
    """The files of the `tinynn` package, read once into memory, written out as fresh copies.

    Exercise modules given to `take` that live outside the package (as the tests' stand-in
    chapter does) are added as `tinynn/exercises/<name>.py`.
    """

    def __init__(self, files, installed=None, home=None):
        self.files = dict(files)
        # The names that came from the installed package (the rest were added as `extra`).
        self.installed = set(self.files if installed is None else installed)
        # Files each kernel's HOME starts with (matplotlib's font cache: see `font_cache`).
        self.home = dict(home or {})

    @classmethod
    def take(cls, modules=()):
        package = Path(tinynn.__file__).resolve().parent
        files = {
            path.relative_to(package.parent).as_posix(): path.read_bytes()
            for path in sorted(package.rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
        }
        installed = set(files)
        for module in modules:
            source = Path(getattr(module, "__file__", "") or "")
            if source.is_file() and package not in source.resolve().parents:
                name = module.__name__.rsplit(".", 1)[-1]
                files.setdefault(f"tinynn/exercises/{name}.py", source.read_bytes())
        return cls(files, installed)

    def write(self, folder):
        """Write the copy into `folder` (which goes on sys.path) and return the folder."""
        folder = Path(folder)
        for name, data in self.files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return folder

    def changed_files(self):
        """Names of the installed package's files that differ from this snapshot (or vanished)."""
        package = Path(tinynn.__file__).resolve().parent
        changed = []
        for name in sorted(self.installed):
            try:
                if (package.parent / name).read_bytes() != self.files[name]:
                    changed.append(name)
            except OSError:
                changed.append(name)
        return changed

    def write_home(self, home):
        """Put the files every kernel's HOME starts with into `home`."""
        for name, data in self.home.items():
            path = Path(home) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    def as_json(self):
        return {
            "files": {name: data.hex() for name, data in self.files.items()},
            "installed": sorted(self.installed),
            "home": {name: data.hex() for name, data in self.home.items()},
        }

    @classmethod
    def from_json(cls, data):
        files = {name: bytes.fromhex(text) for name, text in data["files"].items()}
        home = {name: bytes.fromhex(text) for name, text in data.get("home", {}).items()}
        return cls(files, data["installed"], home)


def font_cache():
    """matplotlib's font cache, built once in a scratch folder by a separate Python, as files
    for each kernel's HOME (`.matplotlib/fontlist-*.json`); {} without matplotlib.

    Every kernel would otherwise build it again in its fresh HOME, about 0.3 s each.
    """
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="tinynn-fonts-") as folder:
        env = {**os.environ, "MPLCONFIGDIR": folder}
        try:
            subprocess.run(
                [sys.executable, "-c", "import matplotlib.font_manager"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=300,
                check=True,
            )
        except (OSError, subprocess.SubprocessError):
            return {}
        return {
            f".matplotlib/{path.name}": path.read_bytes()
            for path in Path(folder).glob("fontlist-*.json")
        }


# ---------------------------------------------------------------------------------------------
# The kernel: limits, environment, process group
# ---------------------------------------------------------------------------------------------

# Run by the kernel's own Python before ipykernel starts: set the limits, then become ipykernel.
# (jupyter_client already starts the kernel in a new session, so it leads its own process group.)
# A limit the system doesn't support (macOS refuses some) is skipped rather than fatal.
_LIMITS_THEN_KERNEL = """\
import os, resource, sys
limits = zip(("RLIMIT_AS", "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_CORE"), [*sys.argv[1:4], "0"])
for name, value in limits:
    if value != "-" and hasattr(resource, name):
        kind = getattr(resource, name)
        try:
            hard = resource.getrlimit(kind)[1]
            limit = int(value) if hard == resource.RLIM_INFINITY else min(int(value), hard)
            resource.setrlimit(kind, (limit, hard))
        except (ValueError, OSError):
            pass
os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *sys.argv[4:]])
"""


def kernel_argv(limits):
    """The command that starts a kernel of this very Python under `limits` (on POSIX systems;
    elsewhere, e.g. on Windows, a plain kernel without limits)."""
    if os.name != "posix":
        return [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    values = [
        limits.memory_mb and limits.memory_mb * 2**20,
        limits.cpu_seconds,
        limits.file_mb and limits.file_mb * 2**20,
    ]
    return [
        sys.executable,
        "-c",
        _LIMITS_THEN_KERNEL,
        *("-" if value is None else str(int(value)) for value in values),
        "-f",
        "{connection_file}",
        "--HistoryManager.enabled=False",
    ]


def kernel_environment(home, lib):
    """A minimal environment: a few locale and path variables, HOME in the notebook's folder,
    the private copy of tinynn first on the import path, and one thread per numeric library
    (grading runs several kernels side by side)."""
    env = {name: os.environ[name] for name in KEPT_ENVIRONMENT if name in os.environ}
    env.setdefault("PATH", os.defpath)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(lib), env.get("PYTHONPATH")]))
    env.update(
        {
            "HOME": str(home),
            "IPYTHONDIR": str(Path(home) / ".ipython"),
            "MPLCONFIGDIR": str(Path(home) / ".matplotlib"),
            "JUPYTER_CONFIG_DIR": str(Path(home) / ".jupyter"),
            "TMPDIR": str(home),
            "TEMP": str(home),
            "TMP": str(home),
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            GRADING_ENV: "1",
        }
    )
    return env


def kill_group(pid):
    """Kill a kernel and every process it started in its group (quietly if they are gone)."""
    if not pid or pid <= 1 or not hasattr(os, "killpg") or pid == os.getpgrp():
        return
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def kernel_manager_class(limits):
    """A kernel manager that starts this very Python under `limits` (not whatever `python3`
    names elsewhere)."""
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpec

    argv = kernel_argv(limits)

    class GradingKernelManager(AsyncKernelManager):
        @property
        def kernel_spec(self):
            return KernelSpec(argv=argv, display_name="Python 3", language="python")

    return GradingKernelManager


def kernel_pid(client):
    """The process id of the client's kernel, or None."""
    try:
        return client.km.provisioner.process.pid
    except AttributeError:
        return None


def kernel_exit_signal(client):
    """The signal that ended the client's kernel (e.g. SIGXCPU), or None."""
    try:
        code = client.km.provisioner.process.poll()
    except AttributeError:
        return None
    if code is None or code >= 0 or -code not in signal.valid_signals():
        return None
    return signal.Signals(-code)


# ---------------------------------------------------------------------------------------------
# Keeping only what the grader reads
# ---------------------------------------------------------------------------------------------


def grading_client(nb, **options):
    """A notebook client that drops printed text, pictures and widgets as they arrive.

    It keeps error outputs (shortened) and displays carrying check metadata, so a print loop
    can't make the grader's memory grow.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionComplete
    from nbformat.v4 import new_output

    class GradingClient(NotebookClient):
        kept = 0

        def process_message(self, msg, cell, cell_index):
            msg_type = msg["msg_type"]
            content = msg["content"]
            if "execution_count" in content:
                cell["execution_count"] = content["execution_count"]
            if msg_type == "status":
                if content.get("execution_state") == "idle":
                    raise CellExecutionComplete()
                return None
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

    return GradingClient(nb, store_widget_state=False, record_timing=False, **options)


def _marker(metadata):
    """The check result or grader records in a display's metadata, cut to a bounded size."""
    if not isinstance(metadata, dict):
        return {}
    marker = {}
    if isinstance(metadata.get("tinynn"), dict):
        marker["tinynn"] = _record(metadata["tinynn"])
    mark = metadata.get(GRADER_KEY)
    if isinstance(mark, dict) and isinstance(mark.get("records"), list):
        records = [_record(r) for r in mark["records"][:MAX_KEPT_OUTPUTS] if isinstance(r, dict)]
        marker[GRADER_KEY] = {"nonce": _short(mark.get("nonce")), "records": records}
    return marker


def _record(record):
    return {
        key: _short(record[key])
        for key in ("exercise", "outcome", "message", "unusable")
        if isinstance(record.get(key), str)
    }


def _short(text):
    text = text if isinstance(text, str) else ""
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 3] + "..."


# ---------------------------------------------------------------------------------------------
# The grader's own re-check
# ---------------------------------------------------------------------------------------------

_CHECK_CALL = re.compile(r"^ch\d\d\.q\d+$")


def check_calls(sources):
    """The answer expression of the last `chNN.qN.check(<expr>)` call for each exercise.

    `sources` are code cells' sources in order; returns {key: expression or None} (None for
    `check()` with no answer). IPython syntax (`%time ...`, `%%capture`, `!`) is translated
    first; a cell that still isn't Python is skipped.
    """
    from IPython.core.inputtransformer2 import TransformerManager

    transformer = TransformerManager()
    calls = {}
    for source in sources:
        for owner, answer in _calls_in(source, transformer):
            calls[owner] = answer
    return calls


def _calls_in(source, transformer, depth=0):
    """(exercise key, answer expression) for each check call in `source`, in order."""
    import ast

    try:
        tree = ast.parse(transformer.transform_cell(source))
    except (SyntaxError, ValueError, RecursionError):
        return []
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        position = (node.lineno, node.col_offset)
        if node.func.attr in ("run_line_magic", "run_cell_magic") and depth < 3:
            # A magic's line and body are strings: look for check calls inside them too.
            for argument in node.args[1:]:
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    inner = _calls_in(argument.value, transformer, depth + 1)
                    found += [(position, call) for call in inner]
            continue
        owner = ast.unparse(node.func.value)
        if node.func.attr != "check" or not _CHECK_CALL.match(owner):
            continue
        answer = node.args[0] if node.args else None
        for keyword in node.keywords:
            if keyword.arg == "answer":
                answer = keyword.value
        found.append((position, (owner, None if answer is None else ast.unparse(answer))))
    return [call for _, call in sorted(found, key=lambda item: item[0])]


# Appended to the learner's notebook after it ran. It imports the exercises from a copy of
# tinynn written just before it runs (so no file the learner's code could have edited),
# re-evaluates each answer expression in the learner's namespace, and displays the results
# under a nonce the learner's code could not have seen.
_GRADER_CELL = """\
def _tinynn_grader_cell(lib, nonce, calls):
    import importlib, sys
    from IPython import get_ipython
    from IPython.display import display

    namespace = get_ipython().user_ns
    for name in [name for name in sys.modules if name.split(".")[0] == "tinynn"]:
        del sys.modules[name]
    sys.path.insert(0, lib)
    importlib.invalidate_caches()
    records = []
    for key, expression in calls:
        chapter, question = key.split(".")
        try:
            exercise = getattr(importlib.import_module("tinynn.exercises." + chapter), question)
        except Exception:
            continue
        try:
            answer = ... if expression is None else eval(expression, namespace)
        except BaseException as error:
            records.append({"exercise": key, "unusable": type(error).__name__})
            continue
        records.append(dict(exercise.evaluate(answer).record))
    display({"text/plain": "graded"}, metadata={%(key)r: {"nonce": nonce, "records": records}},
            raw=True)


_tinynn_grader_cell(%(lib)r, %(nonce)r, %(calls)r)
"""


def grader_cell(lib, calls):
    """The source of the grader's cell and the nonce its results will carry."""
    nonce = secrets.token_hex(16)
    source = _GRADER_CELL % {
        "key": GRADER_KEY,
        "lib": str(lib),
        "nonce": nonce,
        "calls": sorted(calls.items()),
    }
    return source, nonce


def grader_records(cell, nonce):
    """The re-checked results the grader's cell displayed with this nonce, by exercise; None if
    it displayed none."""
    for output in cell.get("outputs", []):
        mark = output.get("metadata", {}).get(GRADER_KEY)
        if isinstance(mark, dict) and mark.get("nonce") == nonce:
            records = mark.get("records")
            if isinstance(records, list):
                return {r["exercise"]: r for r in records if "exercise" in r}
    return None


def remove_tree(path):
    """Remove a folder the grader made, even if a learner's code made parts of it read-only."""

    def make_writable(function, name, _exc):
        try:
            os.chmod(name, 0o700)
            function(name)
        except OSError:
            pass

    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=make_writable)
    else:
        shutil.rmtree(path, onerror=make_writable)
