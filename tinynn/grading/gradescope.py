"""`python -m tinynn gradescope --out autograder.zip [CHAPTERS...]`: an autograder for Gradescope.

The zip is in Gradescope's layout, everything at its top level: `setup.sh`, which Gradescope runs
once as root when it builds the autograder's image; `run_autograder`, which it runs for each
submission; a wheel of this very tinynn, built from this checkout, which setup.sh installs with
the course's packages, so the grader there is the one here; and the assignment
(`tinynn-autograder.json`: its chapters and the time a cell may run). What runs for each
submission is `tinynn.grading.autograder`.
"""

import json
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from tinynn.grading import notebooks
from tinynn.grading.autograder import CONFIG, ROOT_VARIABLE
from tinynn.grading.snapshot import Snapshot, package_folder

SETUP = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (it was written by
# `python -m tinynn gradescope`). It installs tinynn @VERSION@ from the wheel beside it, with the
# course's packages, into a virtual environment in the autograder's folder, and bubblewrap, the
# sandbox each learner's kernel runs in, where apt-get can.
set -euo pipefail
ROOT="${@ROOT_VARIABLE@:-/autograder}"
VENV="$ROOT/tinynn-venv"
WHEEL="$ROOT/source/@WHEEL@"

can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }
apt_install() {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if command -v bwrap >/dev/null; then
    echo "setup.sh: bubblewrap is here ($(command -v bwrap))"
elif can_apt; then
    echo "setup.sh: installing bubblewrap (apt-get), the sandbox for learners' kernels"
    apt_install bubblewrap || echo "setup.sh: WARNING: apt-get could not install bubblewrap"
else
    echo "setup.sh: WARNING: bubblewrap is missing, and only root with apt-get can install it"
fi

if ! python3 -c "import ensurepip, venv" 2>/dev/null && can_apt; then
    echo "setup.sh: installing Python 3 and its venv module (apt-get)"
    apt_install python3 python3-venv
fi
if ! python3 -c "import sys; sys.exit(sys.version_info < (3, 10))"; then
    echo "setup.sh: tinynn needs Python 3.10 or newer, and python3 here is" \\
        "$(python3 --version 2>&1): choose Gradescope's Ubuntu 22.04 image or newer" >&2
    exit 1
fi
rm -rf "$VENV"
python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$WHEEL[course]"
"$VENV/bin/python" -c "from tinynn.grading import sandbox
print('setup.sh: kernels will run in', sandbox.isolation('auto').note)"
echo "setup.sh: tinynn @VERSION@ is installed in $VENV"
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for each submission (it was written by `python -m tinynn gradescope`): it
# grades the notebooks in submission/ with tinynn's grader and writes results/results.json.
# When the grader can't even start, the results.json written here says so.
ROOT="${@ROOT_VARIABLE@:-/autograder}"
RESULTS="$ROOT/results/results.json"
mkdir -p "$ROOT/results"
"$ROOT/tinynn-venv/bin/python" -m tinynn.grading.autograder "$ROOT"
status=$?
if [ "$status" -ne 0 ]; then
    echo "run_autograder: the grader stopped with exit status $status" >&2
    rm -f "$RESULTS"
    echo '{"score": 0.0, "output": "The autograder could not run, so nothing was graded.' \\
        'Tell your instructor.", "tests": []}' > "$RESULTS"
fi
exit 0
"""


def checkout():
    """The checkout of the course this tinynn is installed from: the autograder carries a wheel
    built from it, and its chapter notebooks name the chapters."""
    folder = package_folder().parent
    if not (folder / "pyproject.toml").is_file() or not (folder / "chapters").is_dir():
        raise ValueError(
            f"tinynn here is installed in {folder}, which is not a checkout of the course (no "
            "pyproject.toml and chapters/): run this in your clone of the course, after "
            "`pip install -e .` there"
        )
    return folder


def chapter_choices(folder):
    """The chapters an assignment can grade: {'ch01': '01_predict_compare_learn.ipynb', ...},
    each chapter notebook in `folder` that has exercises."""
    choices = {}
    for path in sorted(Path(folder).glob("[0-9][0-9]_*.ipynb")):
        if notebooks.exercises_in(notebooks.chapter_modules(path.name)):
            choices[f"ch{path.name[:2]}"] = path.name
    return choices


def choose_chapters(values, choices):
    """The chapters named by `values` (numbers such as `3`, or notebooks such as
    `chapters/03_gradient_descent.ipynb`), in order; every chapter when there are none."""
    if not values:
        return dict(choices)
    chosen = {}
    for value in values:
        chapter = _chapter_named(str(value).strip(), choices)
        if chapter is None:
            numbers = ", ".join(str(int(key[2:])) for key in choices)
            example = next(iter(choices.values()), "01_....ipynb")
            raise ValueError(
                f"no chapter {value!r} to grade: give chapter numbers ({numbers}) or chapter "
                f"notebooks (such as chapters/{example})"
            )
        chosen[chapter] = choices[chapter]
    return dict(sorted(chosen.items()))


def _chapter_named(text, choices):
    if re.fullmatch(r"\d{1,2}", text):
        key = f"ch{int(text):02d}"
    else:
        name = Path(text).name
        key = next((key for key, notebook in choices.items() if notebook == name), None)
    return key if key in choices else None


def build_wheel(folder):
    """A wheel of this checkout's tinynn, built by pip in `folder` from a copy of its files (so
    the checkout gets no build/ folder); returns its path. Raises RuntimeError when pip fails."""
    source = Path(folder) / "tinynn-source"
    Snapshot.take().write(source)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(checkout() / name, source / name)
    wheels = Path(folder) / "wheels"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels)]
        + [str(source)],
        capture_output=True,
        text=True,
    )
    found = sorted(wheels.glob("tinynn-*.whl"))
    if built.returncode != 0 or len(found) != 1:
        said = (built.stdout + built.stderr).strip()[-1500:] or "no message"
        raise RuntimeError(f"pip could not build a wheel of tinynn: {said}")
    return found[0]


def write_zip(out, wheel, chapters, timeout):
    """Write the autograder's zip: setup.sh and run_autograder (executable), the wheel and the
    assignment. It is written whole, or not at all."""
    wheel = Path(wheel)
    version = wheel.name.split("-")[1]
    assignment = {
        "tinynn": version,
        "wheel": wheel.name,
        "timeout": timeout,
        "chapters": [{"chapter": key, "notebook": name} for key, name in chapters.items()],
    }
    files = {
        "setup.sh": (script(SETUP, wheel.name, version), 0o755),
        "run_autograder": (script(RUN_AUTOGRADER, wheel.name, version), 0o755),
        CONFIG: (json.dumps(assignment, indent=2) + "\n", 0o644),
        wheel.name: (wheel.read_bytes(), 0o644),
    }
    out = Path(out)
    with tempfile.NamedTemporaryFile(dir=out.parent, prefix=out.name, delete=False) as partial:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, (data, mode) in files.items():
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.external_attr = (stat.S_IFREG | mode) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)
    Path(partial.name).replace(out)
    return assignment


def script(template, wheel_name, version):
    """A script of the zip with its wheel, version and the root's variable filled in."""
    text = template.replace("@WHEEL@", wheel_name).replace("@VERSION@", version)
    return text.replace("@ROOT_VARIABLE@", ROOT_VARIABLE)


def build(out, chapters, timeout):
    """Build the wheel and write the autograder's zip to `out`; returns the assignment."""
    with tempfile.TemporaryDirectory(prefix="tinynn-gradescope-") as folder:
        wheel = build_wheel(folder)
        return write_zip(out, wheel, chapters, timeout)


def exercise_count(chapters):
    """How many exercises (so points) the chapters have."""
    modules = [module for name in chapters.values() for module in notebooks.chapter_modules(name)]
    return len(notebooks.exercises_in(modules))
