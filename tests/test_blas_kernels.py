"""The stage that re-runs nbval under other BLAS kernels (tests/blas_kernels.py)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import blas_kernels  # noqa: E402


def labels(runs):
    return [label for label, _ in runs]


@pytest.mark.parametrize("default", ["Haswell", "Zen", "Sandybridge"])
def test_avx512_machine_runs_generic_and_avx512_kernels_and_one_thread(monkeypatch, default):
    monkeypatch.setattr(blas_kernels.platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(blas_kernels, "cpu_has_avx512", lambda: True)
    runs, skipped = blas_kernels.variants(default)
    assert [changes for _, changes in runs] == [
        {"OPENBLAS_CORETYPE": "Prescott"},
        {"OPENBLAS_CORETYPE": "SkylakeX"},
        {"OPENBLAS_NUM_THREADS": "1"},
    ]
    assert skipped == []


def test_the_default_family_is_not_run_twice(monkeypatch):
    monkeypatch.setattr(blas_kernels.platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(blas_kernels, "cpu_has_avx512", lambda: True)
    runs, skipped = blas_kernels.variants("SkylakeX")
    assert labels(runs) == ["Prescott (generic x86-64)", "SkylakeX, one thread"]
    assert skipped == [("SkylakeX (AVX-512)", "already this machine's default")]


def test_without_avx512_it_says_what_it_skipped(monkeypatch):
    monkeypatch.setattr(blas_kernels.platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(blas_kernels, "cpu_has_avx512", lambda: False)
    runs, skipped = blas_kernels.variants("Haswell")
    assert labels(runs) == ["Prescott (generic x86-64)", "Haswell, one thread"]
    assert skipped == [("SkylakeX (AVX-512)", "this CPU has no AVX-512")]


def test_on_arm_only_the_thread_count_varies(monkeypatch):
    monkeypatch.setattr(blas_kernels.platform, "machine", lambda: "aarch64")
    runs, skipped = blas_kernels.variants("NEOVERSEN1")
    assert [changes for _, changes in runs] == [{"OPENBLAS_NUM_THREADS": "1"}]
    assert "aarch64" in skipped[0][1]


def test_a_failing_variant_fails_the_stage(monkeypatch, capsys):
    monkeypatch.setattr(blas_kernels, "blas_in", lambda env: ("openblas", "Haswell"))
    monkeypatch.setattr(blas_kernels, "cpu_has_avx512", lambda: False)
    command = [
        sys.executable,
        "-c",
        "import os, sys; sys.exit(os.environ.get('OPENBLAS_NUM_THREADS') == '1')",
    ]
    assert blas_kernels.main(["blas_kernels.py", "--", *command]) == 1
    assert "FAILED under Haswell, one thread" in capsys.readouterr().out


def test_without_openblas_it_skips_and_says_so(monkeypatch, capsys):
    monkeypatch.setattr(blas_kernels, "blas_in", lambda env: ("accelerate", ""))
    assert blas_kernels.main(["blas_kernels.py", "--", "false"]) == 0
    assert "SKIPPED" in capsys.readouterr().out
