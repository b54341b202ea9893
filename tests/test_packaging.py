"""The ways to install the course agree with each other and work: pyproject.toml (pip),
environment.yml (conda), binder/ (mybinder.org via repo2docker); the notebooks render on GitHub;
`import tinynn` stays light.
"""

import importlib.util
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

try:
    import tomllib
except ImportError:  # Python 3.10
    from pip._vendor import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def load_lock():
    """Import binder/lock.py (the script behind `make lock`) as a module."""
    spec = importlib.util.spec_from_file_location("binder_lock", BINDER / "lock.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


lock = load_lock()


def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def course_requirements():
    """pyproject's core + course requirements as {canonical name: Requirement}."""
    return {canonicalize_name(r.name): r for r in map(Requirement, lock.pyproject_requirements())}


def binder_pins():
    """binder/requirements.txt as {canonical name: Requirement}; fails on duplicates."""
    pins = {}
    for line in (BINDER / "requirements.txt").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        assert not line.startswith("-"), f"binder/requirements.txt has an option line: {line}"
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name not in pins, f"{name} is pinned twice in binder/requirements.txt"
        pins[name] = requirement
    return pins


def pinned_version(requirement):
    (specifier,) = requirement.specifier
    return specifier.version


def test_pyproject_has_ranges_not_exact_pins():
    project = pyproject()["project"]
    every = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        every += extra
    for text in every:
        for specifier in Requirement(text).specifier:
            assert specifier.operator not in ("==", "==="), f"exact pin in pyproject.toml: {text}"


def test_setuptools_lists_every_package_folder():
    listed = set(pyproject()["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "tinynn").rglob("__init__.py")
    }
    assert found == listed, "[tool.setuptools] packages must name every folder of tinynn"


def test_binder_pins_are_exact():
    pins = binder_pins()
    assert pins, "binder/requirements.txt pins nothing"
    for requirement in pins.values():
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1, f"{requirement}: pin with exactly one =="
        assert specifiers[0].operator == "==", f"{requirement}: pin with =="
        assert "*" not in specifiers[0].version, f"{requirement}: no wildcards in a pin"
        assert requirement.url is None and not requirement.marker, f"{requirement}: a plain pin"
    assert "tinynn" not in pins, "tinynn is installed by binder/postBuild, not requirements.txt"


def test_binder_pins_satisfy_pyproject():
    pins = binder_pins()
    for name, requirement in course_requirements().items():
        assert name in pins, f"{name} (from pyproject.toml) is not pinned in binder/"
        version = pinned_version(pins[name])
        assert requirement.specifier.contains(version, prereleases=True), (
            f"binder pins {name}=={version}, outside pyproject's {requirement}: run `make lock`"
        )


def test_binder_runtime_and_postbuild():
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.12"
    post_build = BINDER / "postBuild"
    lines = post_build.read_text().splitlines()
    assert lines[0] == "#!/bin/bash"
    assert "set -euo pipefail" in lines
    assert "python -m pip install --no-deps -e ." in lines
    assert post_build.stat().st_mode & stat.S_IXUSR, "binder/postBuild must be executable"
    assert not (BINDER / "environment.yml").exists(), "binder/ uses requirements.txt, not conda"


def test_environment_yml_matches_pyproject():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert environment["channels"] == ["conda-forge"]
    conda, pip_sections = {}, []
    for item in environment["dependencies"]:
        if isinstance(item, dict):
            pip_sections.append(item["pip"])
            continue
        if item.startswith("python="):  # conda's "python=3.12" means 3.12.*
            item = item.replace("=", "==", 1)
        requirement = Requirement(item)
        conda[canonicalize_name(requirement.name)] = requirement
    assert pip_sections == [["-e ."]], "environment.yml installs tinynn with pip: ['-e .']"
    python = conda.pop("python")
    runtime = (BINDER / "runtime.txt").read_text().strip().removeprefix("python-")
    assert str(python.specifier) == f"=={runtime}", "pin the same Python minor as binder/"
    assert "pip" in conda and not conda.pop("pip").specifier
    wanted = course_requirements()
    assert set(conda) == set(wanted), "environment.yml lists other packages than pyproject.toml"
    for name, requirement in conda.items():
        assert requirement.specifier == wanted[name].specifier, (
            f"environment.yml says {requirement}, pyproject.toml says {wanted[name]}"
        )


def registry_reachable():
    """True if pip can reach the package registry (asked quickly, without retries)."""
    done = subprocess.run(
        [sys.executable, "-m", "pip", "index", "versions", "numpy", "--retries", "0"]
        + ["--timeout", "15"],
        capture_output=True,
        text=True,
    )
    return done.returncode == 0


@pytest.fixture(scope="module")
def binder_resolution():
    """pip's dry-run report for installing binder/requirements.txt on Python 3.12."""
    if not registry_reachable():
        pytest.skip("the package registry is unreachable: can't check that the pins resolve")
    pins = [str(requirement) for requirement in binder_pins().values()]
    return lock.resolve(pins)


@pytest.mark.network
def test_binder_pins_resolve_for_python_312_on_linux(binder_resolution):
    resolved = {
        canonicalize_name(item["metadata"]["name"]): item["metadata"]["version"]
        for item in binder_resolution["install"]
    }
    for name, requirement in binder_pins().items():
        assert resolved.get(name) == pinned_version(requirement), f"{requirement} did not resolve"
        wheel = next(
            item["download_info"]["url"].rsplit("/", 1)[-1]
            for item in binder_resolution["install"]
            if canonicalize_name(item["metadata"]["name"]) == name
        )
        assert wheel.endswith(".whl"), f"{name}: Binder would build it from source ({wheel})"


@pytest.mark.network
def test_binder_pins_are_exactly_what_python_312_needs(binder_resolution):
    needed = lock.needed_packages(binder_resolution, lock.pyproject_requirements())
    pins = binder_pins()
    missing = sorted(set(needed) - set(pins))
    extra = sorted(set(pins) - set(needed))
    assert not missing, f"needed on Python 3.12 but not pinned: {missing}; run `make lock`"
    assert not extra, f"pinned but nothing needs them: {extra}; run `make lock`"
    for name, (_, version) in needed.items():
        assert pinned_version(pins[name]) == version


@pytest.fixture(scope="module")
def repo2docker_dockerfile():
    """The Dockerfile `repo2docker --no-build .` would build for this repository."""
    repo2docker = Path(sys.executable).parent / "repo2docker"
    if not repo2docker.exists():
        repo2docker = shutil.which("repo2docker")
    assert repo2docker, "jupyter-repo2docker is in the test extra: pip install -e '.[test]'"
    done = subprocess.run(
        [str(repo2docker), "--no-build", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, f"repo2docker --no-build failed:\n{done.stderr[-3000:]}"
    return done.stdout + done.stderr


@pytest.mark.kernel
def test_repo2docker_uses_binder_requirements_and_python_312(repo2docker_dockerfile):
    text = repo2docker_dockerfile
    assert "Building conda environment for python=3.12" in text
    install = 'pip install --no-cache-dir -r "binder/requirements.txt"'
    assert install in text, "repo2docker should pip-install binder/requirements.txt"
    assert "mamba env update" not in text and "environment.yml" not in text
    # The pinned install must come before the repository is copied in, so that changing a
    # notebook doesn't reinstall every package on the next Binder build.
    copy_repo = text.index("COPY --chown=0:0 src/ ")
    assert text.index(install) < copy_repo < text.index("./binder/postBuild")


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # repo2docker's own imports
def test_repo2docker_picks_the_python_buildpack(monkeypatch):
    from repo2docker.app import Repo2Docker
    from repo2docker.buildpacks import PythonBuildPack

    app = Repo2Docker()
    monkeypatch.chdir(ROOT)
    picked = next(bp for BP in app.buildpacks if (bp := BP(base_image=app.base_image)).detect())
    assert type(picked) is PythonBuildPack
    assert picked.python_version == "3.12"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_notebook_renders_on_github_and_uses_python3_kernel(chapter):
    notebook = nbformat.read(chapter, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3"
    widgets = notebook.metadata.get("widgets")
    if widgets is not None:
        assert WIDGET_STATE in widgets, "metadata.widgets needs the widget-state+json entry"
        assert isinstance(widgets[WIDGET_STATE].get("state"), dict), (
            "GitHub shows 'Invalid Notebook' when metadata.widgets has no 'state'"
        )


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_stored_outputs_come_from_one_top_to_bottom_run(chapter):
    """`make notebooks` runs each chapter once, top to bottom, in a fresh kernel: the code
    cells are numbered 1, 2, 3... in order, every one has run, and no timings are stored.
    (An empty code cell, left for the learner to type in, is never run.)"""
    cells = nbformat.read(chapter, as_version=4).cells
    code = [c for c in cells if c.cell_type == "code" and c.source.strip()]
    counts = [cell.execution_count for cell in code]
    assert counts == list(range(1, len(code) + 1)), (
        f"{chapter.name} was not stored from one fresh run (`make notebooks`): {counts}"
    )
    timed = [i for i, cell in enumerate(code) if "execution" in cell.metadata]
    assert not timed, f"code cells {timed} of {chapter.name} store execution timings"


def test_import_tinynn_loads_neither_matplotlib_nor_ipywidgets():
    code = (
        "import json, sys, tinynn; "
        "print(json.dumps(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('matplotlib', 'ipywidgets'))))"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONSTARTUP"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_figure_has_a_text_alternative_that_html_and_jupyterlab_show(path):
    """nbconvert's HTML and JupyterLab render an output's text/html before its PNG, so the alt
    text goes on an <img> there; the PNG's metadata carries it too (nbconvert's classic
    template reads that), and so does the plain text."""
    nb = nbformat.read(path, as_version=4)
    figures = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" not in data:
                continue
            figures += 1
            alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
            assert len(alt) > 20, f"{path.name}: a figure without a real text alternative"
            page = data.get("text/html", "")
            assert page.startswith("<img") and f'alt="{alt}"' in page.replace("&#x27;", "'")
            assert alt in data["text/plain"]
    assert figures > 0 or path.stem.startswith("00"), f"{path.name} has no figure"


@pytest.mark.network
def test_a_built_wheel_carries_the_digits_data(tmp_path):
    """A plain (not editable) install, as a JupyterHub image makes, must have the data file."""
    import zipfile

    if not registry_reachable():
        pytest.skip("the package registry is unreachable: can't build a wheel in isolation")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = tmp_path.glob("tinynn-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "tinynn/datasets/digits.csv.gz" in names
    assert "tinynn/datasets/README.md" in names
    assert "tinynn/exercises/exercise.py" in names and "tinynn/grading/cli.py" in names
