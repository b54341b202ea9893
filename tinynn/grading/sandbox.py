"""Where a learner's kernel runs: a bubblewrap sandbox where the system has one, limits always.

With Debian's `bwrap` (bubblewrap, the sandbox Flatpak uses) each kernel sees a private `/tmp`
(its working folder and HOME, of bounded size), the Python it runs on, a copy of `tinynn` and the
notebook, all read-only, and nothing else of the machine: no network, its own process and IPC
namespaces (it can't see or signal the grader or another kernel), no capabilities, and when its
sandbox ends every process it started ends too. Without bubblewrap (macOS, Windows, containers
that refuse it) kernels fall back to a fresh folder, a process group and the limits.

Either way a kernel has hard limits (it can't raise them again) on memory, CPU time, the size of
a file it writes and open files, and a minimal environment with no secrets in it.
"""

import ast
import functools
import math
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass
from pathlib import Path

from tinynn.plots import figures

# Environment variables a kernel keeps from the grader's; everything else (tokens, keys,
# proxies, the grader's own Jupyter settings) is left out.
# (SYSTEMROOT and the like: Python and ZeroMQ need them on Windows.)
KEPT_ENVIRONMENT = (
    *("PATH", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TZ", "PYTHONPATH"),
    *("SYSTEMROOT", "WINDIR", "COMSPEC", "PATHEXT"),
)

# Set in the kernels the grader starts, so that `progress()` in a graded notebook doesn't
# recurse and `show()` draws no picture (the grader keeps none).
GRADING_ENV = figures.GRADING_ENV

# Choosing the sandbox: "auto" (bubblewrap if it works here), "bubblewrap" (only), "none".
SANDBOX_CHOICES = ("auto", "bubblewrap", "none")

# The read-only system folders and /etc files a kernel's Python needs (those that exist).
SYSTEM_FOLDERS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
ETC_FILES = (
    *("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "timezone", "passwd", "group"),
    *("nsswitch.conf", "alternatives", "mime.types", "os-release"),
)

# What a sandboxed kernel may keep in /dev/shm (where Python's multiprocessing makes locks).
SHM_MB = 64

# Inside the sandbox: the kernel's working folder and HOME, on its private /tmp.
SANDBOX_WORK = "/tmp/work"
SANDBOX_HOME = "/tmp/home"


@dataclass(frozen=True)
class Limits:
    """What one kernel may use: memory (MB of address space), CPU seconds, largest file (MB),
    open files. None means no limit. The CPU limit counts the whole kernel's life, not one cell.
    In the sandbox `file_mb` also bounds everything the kernel writes, together.
    """

    memory_mb: int | None = 4096
    cpu_seconds: int | None = 600
    file_mb: int | None = 512
    open_files: int | None = 1024


@dataclass(frozen=True)
class Isolation:
    """How kernels are isolated in this run: `bwrap` (its path) or None, and why, in words."""

    bwrap: str | None
    note: str

    @property
    def sandboxed(self):
        return self.bwrap is not None


# ---------------------------------------------------------------------------------------------
# Is bubblewrap here, and does it work?
# ---------------------------------------------------------------------------------------------


def isolation(choice="auto"):
    """The isolation kernels get for `choice` (see SANDBOX_CHOICES); raises RuntimeError when
    bubblewrap is required but doesn't work here."""
    if choice not in SANDBOX_CHOICES:
        raise ValueError(f"the sandbox must be one of {', '.join(SANDBOX_CHOICES)}, got {choice!r}")
    if choice == "none":
        return Isolation(None, "no sandbox (asked for): kernels run with the fallback protections")
    found = _probe_bubblewrap(os.environ.get("PATH"))
    if found.sandboxed or choice == "auto":
        return found
    raise RuntimeError(f"bubblewrap is required, but {found.note}")


@functools.cache
def _probe_bubblewrap(path):
    """Try the sandbox once per process (and PATH): a kernel's very Python must run in it."""
    bwrap = shutil.which("bwrap", path=path)
    if os.name != "posix" or not sys.platform.startswith("linux"):
        return Isolation(None, f"bubblewrap needs Linux (this is {sys.platform})")
    if bwrap is None:
        return Isolation(
            None,
            "bubblewrap (bwrap) is not installed: on Debian or Ubuntu, apt-get install bubblewrap",
        )
    argv = [bwrap, *_sandbox_options(Limits(), [], [])]
    argv += ["--", sys.executable, "-c", "import ipykernel"]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=_probe_env())
    except (OSError, subprocess.SubprocessError) as error:
        return Isolation(None, f"bubblewrap could not start ({type(error).__name__})")
    if done.returncode != 0:
        said = (done.stderr.strip().splitlines() or ["no message"])[-1][:200]
        return Isolation(None, f"bubblewrap refused to run here ({said})")
    return Isolation(bwrap, f"bubblewrap ({bwrap})")


def _probe_env():
    return {name: os.environ[name] for name in KEPT_ENVIRONMENT if name in os.environ}


# ---------------------------------------------------------------------------------------------
# The command that starts a kernel
# ---------------------------------------------------------------------------------------------

# Run by the kernel's own Python before ipykernel starts: set the limits, soft and hard alike so
# the kernel can't raise them again, then become ipykernel. (jupyter_client already starts the
# kernel in a new session, so it leads its own process group.) A limit the system doesn't
# support (macOS refuses some) is skipped rather than fatal.
_LIMITS_THEN_KERNEL = """\
import os, resource, sys
names = ("RLIMIT_AS", "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_NOFILE", "RLIMIT_CORE")
for name, value in zip(names, [*sys.argv[1:5], "0"]):
    if value != "-" and hasattr(resource, name):
        kind = getattr(resource, name)
        try:
            hard = resource.getrlimit(kind)[1]
            limit = int(value) if hard == resource.RLIM_INFINITY else min(int(value), hard)
            resource.setrlimit(kind, (limit, limit))
        except (ValueError, OSError):
            pass
os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *sys.argv[5:]])
"""


def kernel_argv(limits, isolation=None, place=None, run=None):
    """The command that starts a kernel of this very Python under `limits`: inside bubblewrap
    when `isolation` has it (`place` says what to show the kernel, and `run` is the folder for
    its connection file and sockets), on POSIX systems with the limits only otherwise, and
    elsewhere (Windows) a plain kernel."""
    if os.name != "posix":
        return [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    values = [
        limits.memory_mb and limits.memory_mb * 2**20,
        limits.cpu_seconds,
        limits.file_mb and limits.file_mb * 2**20,
        limits.open_files,
    ]
    kernel = [
        sys.executable,
        "-c",
        _LIMITS_THEN_KERNEL,
        *("-" if value is None else str(int(value)) for value in values),
        "-f",
        "{connection_file}",
        "--HistoryManager.enabled=False",
    ]
    if isolation is None or not isolation.sandboxed:
        return kernel
    read_only = [place.lib]
    files = [(place.notebook, f"{SANDBOX_WORK}/{place.notebook.name}")]
    files += [(path, f"{SANDBOX_HOME}/.matplotlib/{path.name}") for path in place.home_files]
    options = _sandbox_options(limits, read_only, files, writable=[run])
    return [isolation.bwrap, *options, "--", *kernel]


def _sandbox_options(limits, read_only, files, writable=()):
    """bwrap's options: namespaces, the read-only system, a private /tmp, and the given paths
    (`read_only` folders at the same path, `files` as (source, destination), `writable`
    folders at the same path)."""
    options = ["--unshare-all", "--unshare-user", "--disable-userns", "--cap-drop", "ALL"]
    options += ["--die-with-parent", "--new-session", "--unsetenv", "JPY_PARENT_PID"]
    # /dev, a memory-backed folder, is read-only but for a small /dev/shm.
    options += ["--dev", "/dev", "--size", str(SHM_MB * 2**20), "--tmpfs", "/dev/shm"]
    options += ["--remount-ro", "/dev", "--proc", "/proc"]
    if limits.file_mb:
        options += ["--size", str(limits.file_mb * 2**20)]
    # The private /tmp first: what is shown of the grader's own /tmp is mounted over it.
    options += ["--tmpfs", "/tmp", "--dir", SANDBOX_WORK, "--dir", SANDBOX_HOME]
    for folder in SYSTEM_FOLDERS:
        if os.path.islink(folder):
            options += ["--symlink", os.readlink(folder), folder]
        elif os.path.isdir(folder):
            options += ["--ro-bind", folder, folder]
    for name in ETC_FILES:
        if os.path.exists(f"/etc/{name}"):
            options += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    python = python_folders(os.environ.get("PYTHONPATH", ""))
    for folder in dict.fromkeys(map(str, [*python, *read_only])):
        options += ["--ro-bind", folder, folder]
    for source, destination in files:
        options += ["--ro-bind", str(source), destination]
    for folder in writable:
        options += ["--bind", str(folder), str(folder)]
    return options + ["--chdir", SANDBOX_WORK]


@functools.cache
def python_folders(pythonpath):
    """The folders a kernel's Python and its packages live in, which it must see (read-only):
    the installation, the virtual environment, and the folders on the import path of a fresh
    Python with this PYTHONPATH (asked of one, so that nothing on this process's own path is
    shown by accident)."""
    asked = subprocess.run(
        [sys.executable, "-c", "import sys; print(repr(sys.path))"],
        capture_output=True,
        text=True,
        env={**_probe_env(), "PYTHONPATH": pythonpath},
        timeout=60,
    )
    entries = ast.literal_eval(asked.stdout.strip()) if asked.returncode == 0 else []
    folders = {sys.base_prefix, sys.prefix, sys.exec_prefix}
    folders |= {entry for entry in entries if entry and os.path.isdir(entry)}
    hidden = {"/", "/tmp", *_source_checkout()}
    found = []
    for folder in sorted(map(os.path.realpath, folders)):
        if folder in hidden or any(folder.startswith(f + os.sep) for f in found):
            continue
        found.append(folder)
    return tuple(found)


def _source_checkout():
    """The folder holding this tinynn when it is a checkout installed in place (`pip install -e`
    puts the repository itself on the import path): the kernel imports its private copy instead,
    and must not see the rest of the repository. Empty for an ordinary install, whose folder
    holds the other packages too."""
    folder = os.path.realpath(Path(__file__).resolve().parents[2])
    installed = {os.path.realpath(path) for path in sysconfig.get_paths().values()}
    return () if folder in installed else (folder,)


def kernel_environment(home, lib, tmp=None):
    """A minimal environment: a few locale and path variables, HOME, the private copy of tinynn
    first on the import path, and one thread per numeric library (grading runs several kernels
    side by side)."""
    env = {name: os.environ[name] for name in KEPT_ENVIRONMENT if name in os.environ}
    env.setdefault("PATH", os.defpath)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(lib), env.get("PYTHONPATH")]))
    tmp = str(tmp or home)
    env.update(
        {
            "HOME": str(home),
            "IPYTHONDIR": str(Path(home) / ".ipython"),
            "MPLCONFIGDIR": str(Path(home) / ".matplotlib"),
            "JUPYTER_CONFIG_DIR": str(Path(home) / ".jupyter"),
            "TMPDIR": tmp,
            "TEMP": tmp,
            "TMP": tmp,
            **ONE_THREAD,
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            GRADING_ENV: "1",
        }
    )
    return env


# One thread per numeric library: kernels run side by side, and the grader's judging must add up
# matrix products in the same order as the kernel did.
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


# ---------------------------------------------------------------------------------------------
# The running kernel
# ---------------------------------------------------------------------------------------------


def kernel_manager_class(argv, ipc=None, sandboxed=False):
    """A kernel manager that starts `argv` (not whatever `python3` names elsewhere); with `ipc`
    (a folder), it talks to the kernel over Unix sockets there instead of TCP, which is also
    what reaches a kernel in the sandbox's own network namespace."""
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpec

    # In the sandbox an interrupt can't be a signal from outside: it is a message to the kernel.
    mode = "message" if sandboxed else "signal"
    spec = KernelSpec(argv=argv, display_name="Python 3", language="python", interrupt_mode=mode)
    ready_client = _ready_client_class()

    class GradingKernelManager(AsyncKernelManager):
        in_sandbox = sandboxed

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.client_factory = ready_client
            if ipc is not None:
                self.transport = "ipc"
                self.ip = str(Path(ipc) / "k")
                self.connection_file = str(Path(ipc) / "kernel.json")

        @property
        def kernel_spec(self):
            return spec

    return GradingKernelManager


@functools.cache
def _ready_client_class():
    """`ReadyClient`, made once when first needed (jupyter_client is imported only to grade)."""
    from queue import Empty

    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_core.utils import ensure_async

    class ReadyClient(AsyncKernelClient):
        """A kernel client that knows the kernel is ready as soon as it has answered on both
        channels. jupyter_client's own waits, after that, for 0.2 s of silence from the kernel:
        a fifth of a second for every notebook graded, with nothing to do."""

        async def wait_for_ready(self, timeout=None):
            deadline = time.monotonic() + (math.inf if timeout is None else timeout)
            while True:
                asked = self.kernel_info()
                reply = await self._answer(self.shell_channel, asked, wait=1)
                # The kernel says on IOPub when it is done with the request: then that channel
                # is connected too. (If it isn't yet, the kernel is asked again.)
                if reply is not None and await self._answer(
                    self.iopub_channel, asked, wait=1, idle=True
                ):
                    self._handle_kernel_info_reply(reply)
                    return
                if not await ensure_async(self.is_alive()):
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

        async def _answer(self, channel, asked, wait, idle=False):
            """The first message on `channel` answering request `asked` (with `idle`, the
            status saying the kernel is done with it) within `wait` seconds, or None; other
            messages are passed over."""
            end = time.monotonic() + wait
            while time.monotonic() < end:
                try:
                    msg = await ensure_async(channel.get_msg(timeout=end - time.monotonic()))
                except Empty:
                    return None
                if msg["parent_header"].get("msg_id") != asked:
                    continue
                if not idle or msg["content"].get("execution_state") == "idle":
                    return msg
            return None

    return ReadyClient


def kernel_pid(client):
    """The process id of the client's kernel (or of its sandbox), or None."""
    try:
        return client.km.provisioner.process.pid
    except AttributeError:
        return None


def kernel_exit_signal(client):
    """The signal that ended the client's kernel (e.g. SIGXCPU), or None. (bubblewrap reports a
    kernel killed by signal N as exit code 128 + N.)"""
    try:
        code = client.km.provisioner.process.poll()
        sandboxed = getattr(client.km, "in_sandbox", False)
    except AttributeError:
        return None
    if code is not None and sandboxed and code > 128:
        code = 128 - code
    if code is None or code >= 0 or -code not in signal.valid_signals():
        return None
    return signal.Signals(-code)


def kill_group(pid):
    """Kill a kernel and every process it started in its group (quietly if they are gone); for
    a sandbox, that ends every process inside it."""
    if not pid or pid <= 1 or not hasattr(os, "killpg") or pid == os.getpgrp():
        return
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


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
