"""Binder's environment, built for real and run: every chapter passes nbval in it.

mybinder.org (repo2docker) builds the course from binder/ alone: the Python of runtime.txt, the
pins of requirements.txt, then postBuild, which installs tinynn from the repository. Here the
same three build a fresh virtual environment from a copy of the repository's tracked files, and
nbval runs every chapter with a kernel of that environment (nbval itself runs from the test
Python: it only compares, the chapters' code runs in Binder's packages).

Two things differ from Binder, on purpose: the pins are installed with uv rather than pip (the
same wheels, in 10 s instead of over a minute; the test checks that pip agrees the result is
whole), and the Python is whatever 3.12 release this machine has (pyenv's 3.12.1 here), where
Binder takes conda-forge's newest 3.12. Without a Python of runtime.txt's version the tests skip
and say so.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version
from tracked_files import copy_tracked_files

pytestmark = pytest.mark.binder

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
KERNEL_NAME = "binder-environment"


def runtime_version():
    """The Python minor version binder/runtime.txt asks for, such as "3.12"."""
    return (BINDER / "runtime.txt").read_text().strip().removeprefix("python-")


def release(python):
    """The version in a pyenv path such as ~/.pyenv/versions/3.12.1/bin/python3.12 (for sorting)."""
    try:
        return Version(python.parents[1].name)
    except InvalidVersion:
        return Version("0")


def find_python(version):
    """A Python of `version` ("3.12") on this machine, on PATH or built by pyenv; or None."""
    candidates = [shutil.which(f"python{version}")]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    built = pyenv.glob(f"versions/{version}.*/bin/python{version}")
    candidates += sorted(built, key=release, reverse=True)
    for candidate in filter(None, candidates):
        # pyenv's shims exist for every version it has, and fail for one that isn't selected.
        asked = subprocess.run(
            [str(candidate), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
        )
        if asked.returncode == 0 and asked.stdout.strip() == version:
            return str(candidate)
    return None


def run(command, **options):
    """Run `command`; fail the test with its output's tail if it fails."""
    done = subprocess.run(command, capture_output=True, text=True, **options)
    if done.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, command))} exited {done.returncode}:\n"
            f"{(done.stdout + done.stderr)[-3000:]}"
        )
    return done


def write_kernelspec(jupyter_path, python):
    """A kernelspec named KERNEL_NAME that starts `python`'s ipykernel."""
    folder = jupyter_path / "kernels" / KERNEL_NAME
    folder.mkdir(parents=True)
    spec = {
        "argv": [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Binder's environment",
        "language": "python",
    }
    (folder / "kernel.json").write_text(json.dumps(spec))


@pytest.fixture(scope="module")
def binder(tmp_path_factory):
    """Build Binder's environment; yield (its python, the repository copy, a JUPYTER_PATH).

    Everything lives in a temporary folder, removed at the end (the environment is ~400 MB)."""
    version = runtime_version()
    python = find_python(version)
    if python is None:
        pytest.skip(
            f"binder/runtime.txt asks for Python {version}, which this machine doesn't have "
            f"(looked for python{version} on PATH and in pyenv): can't build Binder's "
            f"environment. Install Python {version} (e.g. `pyenv install {version}`) to run it."
        )
    home = tmp_path_factory.mktemp("binder")
    try:
        repo, env, jupyter_path = home / "repo", home / "env", home / "jupyter"
        copy_tracked_files(repo)
        run([python, "-m", "venv", str(env)])
        env_python = str(env / "bin" / "python")
        uv = Path(sys.executable).parent / "uv"
        install = subprocess.run(
            [str(uv), "pip", "install", "--quiet", "--python", env_python]
            + ["-r", "binder/requirements.txt"],
            cwd=repo,
            capture_output=True,
            text=True,
        )
        if install.returncode != 0:
            pytest.fail(f"installing binder/requirements.txt failed:\n{install.stderr[-3000:]}")
        # repo2docker runs postBuild from the repository with the environment first on PATH.
        path = f"{env / 'bin'}{os.pathsep}{os.environ['PATH']}"
        run(["bash", "binder/postBuild"], cwd=repo, env=dict(os.environ, PATH=path))
        write_kernelspec(jupyter_path, env_python)
        yield env_python, repo, jupyter_path
    finally:
        shutil.rmtree(home, ignore_errors=True)


def test_binders_environment_is_runtimes_python_with_exactly_the_pins_and_tinynn(binder):
    env_python, repo, _ = binder
    code = "import sys, tinynn; print(sys.version); print(tinynn.__file__)"
    # From the chapters' folder, as their kernels run (not from here, where ./tinynn would win).
    asked = run([env_python, "-c", code], cwd=repo / "chapters")
    version, tinynn_file = asked.stdout.splitlines()
    assert version.startswith(f"{runtime_version()}.")
    assert Path(tinynn_file) == repo / "tinynn" / "__init__.py", "postBuild installs tinynn -e ."

    listed = run([env_python, "-m", "pip", "list", "--format=json"])
    installed = {
        canonicalize_name(item["name"]): item["version"] for item in json.loads(listed.stdout)
    }
    assert installed.pop("pip"), "the environment's own pip, which postBuild uses"
    assert installed.pop("tinynn") == "0.1.0"
    pins = {}
    for line in (BINDER / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            requirement = Requirement(line)
            (specifier,) = requirement.specifier
            pins[canonicalize_name(requirement.name)] = specifier.version
    assert installed == pins, "Binder's environment holds other packages than the pins"
    # pip's own word that every installed package has what it requires.
    run([env_python, "-m", "pip", "check"])


def test_every_chapter_passes_nbval_in_binders_environment(binder):
    _, repo, jupyter_path = binder
    chapters = sorted(str(path.relative_to(repo)) for path in repo.glob("chapters/*.ipynb"))
    assert chapters, "no chapters in the repository copy"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    command += ["-p", "no:randomly", "--nbval", "--nbval-kernel-name", KERNEL_NAME]
    command += ["--nbval-sanitize-with", "tests/nbval_sanitize.cfg", *chapters]
    env = dict(os.environ, JUPYTER_PATH=str(jupyter_path))
    done = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    assert done.returncode == 0, f"nbval in Binder's environment: {summary}\n{done.stdout[-4000:]}"
    assert " passed" in summary and "failed" not in summary
