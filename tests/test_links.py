"""The course's GitHub repository is named in one placeholder, `OWNER/REPO`, everywhere a link
needs it (README's Binder and Colab badges, each chapter's first cell, which installs the
course on hosted notebooks), and `make links REPO=owner/name` replaces it in all of them."""

import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
PLACEHOLDER = "OWNER/REPO"


def first_code_cell(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "".join(next(c for c in nb["cells"] if c["cell_type"] == "code")["source"])


def test_every_chapter_installs_the_course_from_the_placeholder_repository_when_it_is_missing():
    for path in CHAPTERS:
        cell = first_code_cell(path)
        assert 'importlib.util.find_spec("tinynn") is None' in cell, path.name
        assert f'course = "https://github.com/{PLACEHOLDER}"' in cell, path.name
        assert "tinynn[hosted] @ git+{course}" in cell, path.name


def test_readme_badges_open_the_welcome_on_binder_and_colab():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert (
        f"mybinder.org/v2/gh/{PLACEHOLDER}/main?urlpath=lab/tree/chapters/00_welcome.ipynb"
        in readme
    )
    assert (
        f"colab.research.google.com/github/{PLACEHOLDER}/blob/main/chapters/00_welcome.ipynb"
        in readme
    )


def test_make_links_replaces_the_placeholder_everywhere(tmp_path):
    copy = tmp_path / "course"
    copy.mkdir()
    shutil.copy(ROOT / "Makefile", copy)
    shutil.copy(ROOT / "README.md", copy)
    shutil.copytree(ROOT / "chapters", copy / "chapters")
    done = subprocess.run(
        ["make", "-s", "links", "REPO=someone/tiny-course"],
        cwd=copy,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    for path in [copy / "README.md", *sorted((copy / "chapters").glob("*.ipynb"))]:
        text = path.read_text(encoding="utf-8")
        assert PLACEHOLDER not in text, path.name
    readme = (copy / "README.md").read_text(encoding="utf-8")
    assert "mybinder.org/v2/gh/someone/tiny-course/main" in readme
    for path in sorted((copy / "chapters").glob("[0-9][0-9]_*.ipynb")):
        assert 'course = "https://github.com/someone/tiny-course"' in first_code_cell(path)
        json.loads(path.read_text(encoding="utf-8"))  # still a notebook
    refused = subprocess.run(["make", "-s", "links"], cwd=copy, capture_output=True, text=True)
    assert refused.returncode != 0 and "usage: make links REPO=owner/name" in refused.stdout
