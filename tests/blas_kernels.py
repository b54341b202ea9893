"""Run a command again under other BLAS kernels: `make nbval-kernels` runs nbval this way.

NumPy's OpenBLAS picks its kernels by CPU (Haswell-class on an AMD EPYC, SkylakeX on an
AVX-512 Xeon), and each family, like each thread count, rounds the last bits of a matrix
product its own way. A stored output that prints those bits passes on the machine that wrote it
and fails on the next one. This runs the command given after `--` once per variant:

- the generic x86-64 kernels (`OPENBLAS_CORETYPE=Prescott`), which every x86-64 CPU can run;
- the AVX-512 kernels (`SkylakeX`), where the CPU has AVX-512;
- the machine's own kernels with one thread (`OPENBLAS_NUM_THREADS=1`);

and skips, saying why, a variant that is the machine's default already (the ordinary stages
ran that) or that this machine can't run. Exit status: 0 when every variant passed.

    python tests/blas_kernels.py -- python -m pytest --nbval ... chapters/*.ipynb
"""

import os
import platform
import subprocess
import sys

PROBE = (
    "import numpy, threadpoolctl\n"
    "blas = [i for i in threadpoolctl.threadpool_info() if i['user_api'] == 'blas'] or [{}]\n"
    "print(blas[0].get('internal_api', 'none'), blas[0].get('architecture', ''))"
)


def blas_in(env):
    """Which BLAS NumPy loads under `env`, and which kernel family OpenBLAS picked."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    name, _, family = out.stdout.strip().partition(" ")
    return name, family


def cpu_has_avx512():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            return any(line.startswith("flags") and "avx512f" in line.split() for line in cpuinfo)
    except OSError:
        return False


def variants(default_family):
    """(label, environment changes) to run, and (label, reason) skipped."""
    runs, skipped = [], []
    if platform.machine() in ("x86_64", "AMD64"):
        forced = [("Prescott", "generic x86-64")]
        if cpu_has_avx512():
            forced.append(("SkylakeX", "AVX-512"))
        else:
            skipped.append(("SkylakeX (AVX-512)", "this CPU has no AVX-512"))
        for family, what in forced:
            if family == default_family:
                skipped.append((f"{family} ({what})", "already this machine's default"))
            else:
                runs.append((f"{family} ({what})", {"OPENBLAS_CORETYPE": family}))
    else:
        cpu = platform.machine()
        skipped.append(("x86-64 kernel families", f"this CPU is {cpu}, they can't run on it"))
    runs.append((f"{default_family}, one thread", {"OPENBLAS_NUM_THREADS": "1"}))
    return runs, skipped


def main(argv):
    if "--" not in argv or argv.index("--") == len(argv) - 1:
        sys.exit("usage: python tests/blas_kernels.py -- COMMAND [ARGS...]")
    command = argv[argv.index("--") + 1 :]
    base = {k: v for k, v in os.environ.items() if not k.startswith("OPENBLAS_")}
    name, default_family = blas_in(base)
    if name != "openblas":
        print(f"blas kernels: SKIPPED: NumPy here uses {name!r}, not OpenBLAS; nothing to vary")
        return 0
    runs, skipped = variants(default_family)
    for label, reason in skipped:
        print(f"blas kernels: skipping {label}: {reason}")
    failed = []
    for label, changes in runs:
        env = {**base, **changes}
        _, family = blas_in(env)
        print(f"blas kernels: {label}: OpenBLAS loaded its {family!r} kernels")
        sys.stdout.flush()
        if subprocess.run(command, env=env).returncode != 0:
            failed.append(label)
    if failed:
        print(f"blas kernels: FAILED under {', '.join(failed)}: a stored output depends on")
        print("  the last bits of a matrix product; print what is meaningful (see CONTRIBUTING.md)")
        return 1
    print(f"blas kernels: passed under {len(runs)} variants")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
