"""A chapter opened on a hosted notebook (Google Colab and the like), where tinynn isn't
installed: its first cell installs the course from the repository and says so in one line, and
the chapter then runs top to bottom. Tried for real in a fresh virtual environment that has only
a kernel, with the repository URL pointed at a clone of this repository (its last commit)."""

import json
import subprocess
import venv
from pathlib import Path

import nbformat
import pytest
from test_packaging import registry_reachable

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = "01_predict_compare_learn.ipynb"
PLACEHOLDER = "https://github.com/OWNER/REPO"

# Runs in the fresh environment: execute the notebook with its own kernel, as a host would.
EXECUTE = """
import sys, nbformat, nbclient
nb = nbformat.read(sys.argv[1], as_version=4)
client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=600, allow_errors=True)
client.execute(cwd=sys.argv[3])
nbformat.write(nb, sys.argv[2])
"""


@pytest.mark.network
@pytest.mark.kernel
def test_a_chapter_installs_the_course_where_it_is_missing_and_runs(tmp_path):
    if not registry_reachable():
        pytest.skip("the package registry is unreachable: a fresh environment can't be made")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    env = tmp_path / "env"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    # A host's Python: a kernel and a recent pip (older ones can't read `name @ git+file:`).
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--upgrade",
            "pip",
            "ipykernel",
            "nbclient",
        ],
        check=True,
    )
    has_tinynn = subprocess.run([str(python), "-c", "import tinynn"], capture_output=True)
    assert has_tinynn.returncode != 0, "the fresh environment must not have tinynn yet"

    notebook = nbformat.read(clone / "chapters" / CHAPTER, as_version=4)
    first = next(cell for cell in notebook.cells if cell.cell_type == "code")
    assert PLACEHOLDER in first.source
    first.source = first.source.replace(PLACEHOLDER, f"file://{clone}")
    notebook.cells.append(nbformat.v4.new_code_cell("import tinynn\nprint(tinynn.__file__)"))
    source, ran = tmp_path / "hosted.ipynb", tmp_path / "ran.ipynb"
    nbformat.write(notebook, source)
    subprocess.run(
        [str(python), "-c", EXECUTE, str(source), str(ran), str(clone / "chapters")],
        check=True,
        timeout=900,
    )

    cells = [c for c in nbformat.read(ran, as_version=4).cells if c.cell_type == "code"]
    printed = "".join(o.get("text", "") for o in cells[0].outputs if o.output_type == "stream")
    assert (
        printed == f"Installing the course from file://{clone} for this session (about a minute)\n"
    )
    errors = [
        (c.source.splitlines()[0], o.ename)
        for c in cells
        for o in c.outputs
        if o.output_type == "error"
    ]
    assert errors == [], f"cells that failed after the install: {errors}"
    where = "".join(o.get("text", "") for o in cells[-1].outputs)
    assert where.startswith(str(env)), f"tinynn came from {where!r}, not the new environment"
    assert json.dumps(cells[-2].outputs)  # the chapter's last cell ran too
