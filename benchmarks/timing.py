"""Timing side by side: contenders take turns in one process, and only ratios are compared.

Every repetition runs each contender once, in the same order (A B C A B C ...), so a machine
that slows down or speeds up part way through touches them all alike; each timed run follows an
untimed one of the same contender, to warm the caches up. Like `timeit`, a run has
the garbage collector off, so one contender doesn't pay for another's garbage. Nor does a run
start with a collection: with PyTorch loaded, one walks some 165,000 objects and hands memory
back to the system, which made the next 10,000-step loop take twice as long.
"""

import ctypes
import gc
import glob
import os
import platform
import statistics
import sys
import time

import numpy as np


def seconds_of(function):
    """How long one call of `function()` takes, in seconds."""
    gc.disable()
    try:
        start = time.perf_counter()
        function()
        return time.perf_counter() - start
    finally:
        gc.enable()


def take_turns(contenders, repeats, warm=True):
    """Run every contender once per repetition, in turn; returns each one's list of seconds.

    With `warm`, each timed run comes right after an untimed run of the same contender, so it
    doesn't pay for the caches the previous contender left cold: right after a PyTorch run,
    tinynn's 10,000 single-weight steps took 16% longer.
    """
    runs = {name: [] for name in contenders}
    for repeat in range(repeats):
        for name, function in contenders.items():
            if warm:
                function()
            runs[name].append(seconds_of(function))
    return runs


def summary(runs):
    """`{contender: {"median_s": ..., "runs": [...]}}` from each contender's list of seconds."""
    return {
        name: {"median_s": statistics.median(times), "runs": times} for name, times in runs.items()
    }


def ratios(contenders, of="tinynn"):
    """How many times as long `of` took as each other contender: ratios of the medians."""
    mine = contenders[of]["median_s"]
    return {
        f"{of}/{name}": mine / other["median_s"] for name, other in contenders.items() if name != of
    }


def percentile(values, q):
    """The q-th percentile of `values` (linear between the two nearest, as NumPy's default)."""
    return float(np.percentile(values, q))


def machine():
    """What the figures were measured on: the CPU, Python, NumPy, PyTorch and their threads."""
    info = {
        "cpu": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "system": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas": _blas_name(),
        "blas_threads": _openblas_threads(),
        "thread_variables": {
            name: os.environ[name]
            for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
            if name in os.environ
        },
    }
    try:
        import torch
    except ImportError:
        info["torch"] = None
    else:
        info["torch"] = torch.__version__
        info["torch_threads"] = torch.get_num_threads()
    return info


def _cpu_model():
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _blas_name():
    try:
        return np.show_config(mode="dicts")["Build Dependencies"]["blas"]["name"]
    except Exception:  # noqa: BLE001 - older NumPy, or a build that doesn't say
        return None


def _openblas_threads():
    """The thread count of the OpenBLAS that NumPy's wheel carries (what threadpoolctl reads),
    or None where NumPy uses another BLAS."""
    folder = os.path.dirname(np.__file__) + ".libs"
    for path in glob.glob(os.path.join(folder, "*openblas*")):
        library = ctypes.CDLL(path)
        for name in (
            "scipy_openblas_get_num_threads64_",
            "scipy_openblas_get_num_threads",
            "openblas_get_num_threads64_",
            "openblas_get_num_threads",
        ):
            if hasattr(library, name):
                return int(getattr(library, name)())
    return None


def command_line():
    """How this run was started, as something to paste into a shell."""
    return " ".join([os.path.basename(sys.executable), *sys.orig_argv[1:]])
