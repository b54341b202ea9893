"""What book/build.py does to a chapter before the website is built from it: widgets become a
note, and nothing else changes (figures, with their alt text in metadata, stay as they are).
The built site itself is checked in a browser (tests/browser/test_site.py, make site-check)."""

import base64
import copy
import importlib.util
import io
from pathlib import Path

import nbformat
import pytest
from matplotlib.figure import Figure

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
ALT = "A straight line from (0, 0) to (1, 1): the error falls as the weight grows."


def load_build():
    """Import book/build.py (the script behind `make site`) as a module."""
    spec = importlib.util.spec_from_file_location("book_build", ROOT / "book" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = load_build()


@pytest.fixture(scope="module")
def png():
    """A small real PNG, base64-encoded as a notebook stores it."""
    figure = Figure(figsize=(1, 1))
    figure.add_subplot().plot([0, 1], [0, 1])
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=40)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def figure_stored_once(png):
    """A figure as the chapters store it: image/png, its alt text in metadata."""
    return nbformat.v4.new_output(
        "display_data",
        data={"image/png": png, "text/plain": f"[figure] {ALT}"},
        metadata={"image/png": {"alt": ALT, "width": 40}},
    )


def test_a_figure_stored_once_is_left_as_it_is(png):
    once = figure_stored_once(png)
    assert build.prepare_output(once) == once


def test_html_stays_as_it_is():
    table = nbformat.v4.new_output("display_data", data={"text/html": "<table></table>"})
    assert build.prepare_output(table) == table


def test_a_widget_becomes_a_note():
    widget = nbformat.v4.new_output(
        "execute_result",
        data={
            build.WIDGET_VIEW: {"model_id": "1f52b9", "version_major": 2, "version_minor": 0},
            "text/plain": "interactive(children=(FloatSlider(value=5.0, ...",
        },
        execution_count=3,
    )
    note = build.prepare_output(widget)
    assert set(note.data) == {"text/markdown", "text/plain"}
    assert "interactive widget" in note.data["text/markdown"]


def test_table_of_contents_starts_with_the_first_chapter():
    toc = build.table_of_contents(["00_welcome.ipynb", "01_a.ipynb", "02_b.ipynb"])
    assert toc.splitlines() == [
        "format: jb-book",
        "root: 00_welcome",
        "chapters:",
        "- file: 01_a",
        "- file: 02_b",
    ]
    assert build.table_of_contents(["00_welcome.ipynb"]) == "format: jb-book\nroot: 00_welcome\n"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_prepared_chapter_keeps_every_figure_and_cell(chapter):
    notebook = nbformat.read(chapter, as_version=4)
    untouched = copy.deepcopy(notebook)
    prepared = build.prepare_notebook(notebook)
    assert notebook == untouched, "prepare_notebook changed its argument"
    assert "widgets" not in prepared.metadata
    assert [c.source for c in prepared.cells] == [c.source for c in notebook.cells]
    for before, after in zip(notebook.cells, prepared.cells, strict=True):
        outputs = list(zip(before.get("outputs", []), after.get("outputs", []), strict=True))
        for old, new in outputs:
            if build.WIDGET_VIEW in old.get("data", {}):
                assert new.data["text/markdown"] == build.WIDGET_NOTE
            elif "image/png" in old.get("data", {}):
                assert new.data["image/png"] == old.data["image/png"]
                assert new.metadata == old.metadata
            else:
                assert new == old
