"""Build the course website: every chapter as a page of a book, from its stored outputs.

`make site` runs this; `python book/build.py --help` says how to call it by hand. Jupyter Book
1.x builds the pages with book/_config.yml and executes nothing, so it needs no kernel and no
network. It builds from a copy of the chapters, prepared so that a page asks nothing of any
other host:

- a widget output (only a running kernel can draw it) becomes a one-line note, and the
  notebook's stored widget state is dropped; in every chapter a still figure of the same thing
  follows each widget, introduced as such.

Figures, stored once as `image/png` with `metadata["image/png"]["alt"]`, become image files
with that alt text (book/figure_alt.py), and the description under each is text on the page.

The table of contents lists the chapters in the order of their file names (`NN_name.ipynb`),
the first one as the home page. The pages land in OUT/html (default build/site/html).
"""

import argparse
import copy
import importlib.util
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

BOOK = Path(__file__).resolve().parent
ROOT = BOOK.parent
DEFAULT_OUT = ROOT / "build" / "site"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# Each chapter says under the widget that a still figure of the same thing follows.
WIDGET_NOTE = "*An interactive widget appears here when the notebook runs in Jupyter.*"


def prepare_output(output):
    """Return the output as the website shows it (a new output; `output` is not changed)."""
    output = copy.deepcopy(output)
    data = output.get("data", {})
    if WIDGET_VIEW in data:
        return nbformat.v4.new_output(
            "display_data", data={"text/markdown": WIDGET_NOTE, "text/plain": WIDGET_NOTE}
        )
    return output


def prepare_notebook(notebook):
    """Return a copy of `notebook` ready for the website: see the module's docstring."""
    notebook = copy.deepcopy(notebook)
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = [prepare_output(output) for output in cell.outputs]
    return notebook


def table_of_contents(names):
    """Jupyter Book's _toc.yml for the notebooks `names` (file names), in this order."""
    stems = [Path(name).stem for name in names]
    lines = ["format: jb-book", f"root: {stems[0]}"]
    if stems[1:]:
        lines.append("chapters:")
        lines += [f"- file: {stem}" for stem in stems[1:]]
    return "\n".join(lines) + "\n"


def prepare_source(chapters, source):
    """Write the prepared chapters, their _toc.yml and the site's stylesheet (book/_static)
    into the folder `source`, which must not exist yet."""
    shutil.copytree(BOOK / "_static", source / "_static")
    for chapter in chapters:
        notebook = nbformat.read(chapter, as_version=4)
        nbformat.write(prepare_notebook(notebook), source / chapter.name)
    (source / "_toc.yml").write_text(table_of_contents([chapter.name for chapter in chapters]))


def jupyter_book_command():
    """The jupyter-book program installed beside this Python (the `site` extra)."""
    if importlib.util.find_spec("jupyter_book") is None:
        sys.exit(
            "book/build.py: Jupyter Book is not installed in this Python "
            f"({sys.executable}): run `make site`, which installs the `site` extra, or "
            "`pip install -e '.[site]'`"
        )
    beside = Path(sys.executable).parent / "jupyter-book"
    return str(beside) if beside.exists() else shutil.which("jupyter-book") or "jupyter-book"


def build(chapters, out):
    """Build the website of `chapters` (notebook paths) into `out`/html; return that folder."""
    command = jupyter_book_command()
    if not chapters:
        sys.exit("book/build.py: no chapters to build (expected chapters/NN_name.ipynb)")
    missing = [str(chapter) for chapter in chapters if not chapter.is_file()]
    if missing:
        sys.exit(f"book/build.py: no such notebook: {', '.join(missing)}")
    shutil.rmtree(out, ignore_errors=True)
    source = out / "src"
    prepare_source(chapters, source)
    # -W: a warning (a broken link, a figure without alt text) fails the build. Its log is
    # shown only then: on success it would point at _build/html, which is moved below.
    done = subprocess.run(
        [command, "build", str(source), "--path-output", str(out)]
        + ["--config", str(BOOK / "_config.yml"), "--toc", str(source / "_toc.yml")]
        + ["--all", "-W", "--keep-going", "-q"],
        cwd=out,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"{done.stdout}\nbook/build.py: Jupyter Book failed (exit code {done.returncode})")
    html = out / "html"
    (out / "_build" / "html").rename(html)
    shutil.rmtree(out / "_build")
    return html


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "chapters",
        nargs="*",
        type=Path,
        help="the notebooks, in order (default: chapters/NN_*.ipynb)",
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="where to build (default: build/site)"
    )
    args = parser.parse_args(argv)
    chapters = args.chapters or sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
    start = time.monotonic()
    html = build(chapters, args.out.resolve())
    pages = len(list(html.glob("*.html")))
    size = sum(path.stat().st_size for path in html.rglob("*") if path.is_file())
    print(
        f"site: {len(chapters)} chapters built in {time.monotonic() - start:.1f} s into {html} "
        f"({pages} HTML files, {size / 1e6:.1f} MB)"
    )


if __name__ == "__main__":
    main()
