"""Write binder/requirements.txt: every package Binder needs, pinned exactly, for Python 3.12.

Run it with `make lock` (or `.venv/bin/python binder/lock.py`) after changing the dependencies in
pyproject.toml. It reads the core and `course` dependencies from pyproject.toml and asks pip to
resolve them as if installing on CPython 3.12 on x86_64 Linux (the machines mybinder.org builds
on), without a Python 3.12 here: `pip install --dry-run --report` with `--python-version 3.12
--only-binary=:all: --platform manylinux...`. pip evaluates environment markers (such as
`python_version < "3.12"`) for the Python that runs it, so the script then walks the
requirements again with Python 3.12's markers and keeps only the packages 3.12 really needs.
It needs the package registry, and `packaging` (in the `test` extra).
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

try:
    import tomllib
except ImportError:  # Python 3.10
    from pip._vendor import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "binder" / "requirements.txt"
PYTHON_VERSION = "3.12"
# Binder's images are Ubuntu 24.04 (glibc 2.39); accept wheels for glibc 2.35 and older.
PLATFORMS = [f"manylinux_2_{minor}_x86_64" for minor in range(35, 4, -1)] + [
    "manylinux2014_x86_64",
    "manylinux2010_x86_64",
    "manylinux1_x86_64",
    "linux_x86_64",
]
HEADER = """\
# Pinned packages for Binder (repo2docker), Python {python} on x86_64 Linux, indirect ones too.
# Generated from pyproject.toml (core + "course" dependencies) by `make lock`
# (binder/lock.py); don't edit by hand. tinynn itself is installed by binder/postBuild.
"""


def pyproject_requirements(extras=("course",)):
    """Return the core dependencies plus those of `extras`, as strings, from pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    found = list(project["dependencies"])
    for extra in extras:
        found += project["optional-dependencies"][extra]
    return found


def marker_environment(python_version=PYTHON_VERSION):
    """Return the environment markers of CPython `python_version` on x86_64 Linux."""
    environment = default_environment()
    environment.update(
        python_version=python_version,
        python_full_version=f"{python_version}.0",
        implementation_name="cpython",
        platform_python_implementation="CPython",
        sys_platform="linux",
        platform_system="Linux",
        platform_machine="x86_64",
        os_name="posix",
    )
    return environment


def pip_target_options(python_version=PYTHON_VERSION):
    """Return the pip options that make it pick wheels for `python_version` on Linux."""
    options = ["--python-version", python_version, "--implementation", "cp"]
    options += ["--only-binary=:all:"]
    for platform in PLATFORMS:
        options += ["--platform", platform]
    return options


def resolve(requirements, python_version=PYTHON_VERSION, no_deps=False):
    """Ask pip which wheels it would install for `requirements`; return its JSON report."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        command = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed"]
        command += ["--quiet", "--report", str(report), "--target", str(Path(scratch) / "t")]
        command += pip_target_options(python_version)
        if no_deps:
            command.append("--no-deps")
        command += list(requirements)
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(
                f"pip could not resolve the requirements for Python {python_version} "
                f"(exit {done.returncode}):\n{done.stderr.strip()}"
            )
        return json.loads(report.read_text())


def needed_packages(report, requirements, python_version=PYTHON_VERSION):
    """Walk `requirements` through the report's metadata with `python_version`'s markers.

    Returns {canonical name: (name, version)} of every package reached. Raises if a needed
    package is missing from the report (pip resolved for another Python's markers).
    """
    environment = marker_environment(python_version)
    by_name = {}
    for item in report["install"]:
        metadata = item["metadata"]
        by_name[canonicalize_name(metadata["name"])] = metadata
    needed = {}
    todo = [(Requirement(text), "") for text in requirements]
    while todo:
        requirement, extra = todo.pop()
        if requirement.marker and not requirement.marker.evaluate({**environment, "extra": extra}):
            continue
        name = canonicalize_name(requirement.name)
        if name not in by_name:
            raise RuntimeError(
                f"{requirement} is needed on Python {python_version} but not resolved"
            )
        metadata = by_name[name]
        if not requirement.specifier.contains(metadata["version"], prereleases=True):
            raise RuntimeError(f"resolved {name}=={metadata['version']} breaks {requirement}")
        seen_extras = needed.get(name, (None, None, set()))[2]
        new_extras = {""} | set(requirement.extras)
        if name in needed and new_extras <= seen_extras:
            continue
        needed[name] = (metadata["name"], metadata["version"], seen_extras | new_extras)
        for dependency in metadata.get("requires_dist", []):
            for wanted in new_extras - seen_extras:
                todo.append((Requirement(dependency), wanted))
    return {name: (shown, version) for name, (shown, version, _) in needed.items()}


def render(packages, python_version=PYTHON_VERSION):
    """Return the requirements.txt text for {name: (name, version)}, sorted by name."""
    lines = [f"{shown}=={version}" for _, (shown, version) in sorted(packages.items())]
    return HEADER.format(python=python_version) + "\n".join(lines) + "\n"


def main():
    requirements = pyproject_requirements()
    report = resolve(requirements)
    packages = needed_packages(report, requirements)
    REQUIREMENTS.write_text(render(packages))
    dropped = len(report["install"]) - len(packages)
    print(f"Wrote {REQUIREMENTS.relative_to(ROOT)}: {len(packages)} pinned packages", end="")
    print(f" ({dropped} that only other Pythons need left out)." if dropped else ".")


if __name__ == "__main__":
    main()
