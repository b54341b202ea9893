"""Every figure of every chapter is stored once, as a PNG with a short text alternative in its
metadata and a description shown under it, and every reader shows it: nbconvert's HTML, with
and without sanitizing (a stand-in for GitHub's notebook view). (The course website and
JupyterLab count them too: tests/browser/.)"""

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tinynn.plots.figures import MOST_ALT

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
MOST_BYTES = 600_000  # readers on GitHub wait for every byte of a notebook


def figures(nb):
    """(alt, description) of every figure, in order: its PNG's alt, and the caption under it."""
    found = []
    for cell in nb.cells:
        outputs = cell.get("outputs", [])
        for i, output in enumerate(outputs):
            if "image/png" not in output.get("data", {}):
                continue
            caption = outputs[i + 1]["data"] if i + 1 < len(outputs) else {}
            alt = output.get("metadata", {}).get("image/png", {}).get("alt")
            found.append((output, alt, caption))
    return found


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_figure_is_one_png_with_a_short_alt_and_a_description_under_it(path):
    nb = nbformat.read(path, as_version=4)
    shown = figures(nb)
    assert shown or path.stem.startswith("00"), f"{path.name} has no figure"
    for output, alt, caption in shown:
        assert set(output["data"]) == {"image/png", "text/plain"}, "a figure is stored once"
        assert alt and 10 < len(alt) <= MOST_ALT, f"{path.name}: alt {alt!r}"
        assert alt in output["data"]["text/plain"]
        description = caption.get("text/plain", "")
        assert description.startswith("Figure: ") and len(description) > len(alt) / 2
        assert caption["text/markdown"].startswith("*Figure: ")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_is_small_enough_to_open_quickly(path):
    assert path.stat().st_size < MOST_BYTES, f"{path.name}: {path.stat().st_size:,} bytes"


def nbconvert_html(folder, *options):
    """Every chapter as nbconvert's HTML in `folder`, with these options: {stem: page}."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "html",
            "--output-dir",
            str(folder),
            *options,
            *map(str, CHAPTERS),
        ],
        check=True,
        capture_output=True,
    )
    return {
        path.stem: (folder / f"{path.stem}.html").read_text(encoding="utf-8") for path in CHAPTERS
    }


def pictures(page):
    """The figures' <img> tags of an nbconvert page (the template's own CSS images aside)."""
    return re.findall(r'<img [^>]*src="data:image/png;base64,[^"]+"[^>]*>', page)


@pytest.mark.kernel
@pytest.mark.parametrize("sanitize", [False, True], ids=["html", "sanitized"])
def test_nbconvert_shows_every_figure(tmp_path, sanitize):
    """`--sanitize-html` escapes an <img> inside a text/html output into visible text, and
    doesn't fall back to the PNG; a plain PNG output survives it."""
    pages = nbconvert_html(tmp_path, *(["--sanitize-html"] if sanitize else []))
    for path in CHAPTERS:
        count = len(figures(nbformat.read(path, as_version=4)))
        assert len(pictures(pages[path.stem])) == count, f"{path.name}: not every figure shown"
        assert "&lt;img" not in pages[path.stem], f"{path.name}: an <img> escaped into text"


@pytest.mark.kernel
def test_nbconvert_puts_each_figures_alt_on_its_img(tmp_path):
    """nbconvert's classic template reads the alt from the PNG's metadata (its default lab
    template doesn't yet, like JupyterLab: the description under each figure is for them)."""
    pages = nbconvert_html(tmp_path, "--template", "classic")
    for path in CHAPTERS:
        alts = [alt for _, alt, _ in figures(nbformat.read(path, as_version=4))]
        shown = [re.search(r'alt="([^"]*)"', image) for image in pictures(pages[path.stem])]
        assert [m.group(1).replace("&#39;", "'") for m in shown if m] == alts


@pytest.mark.parametrize("grading", [False, True])
def test_show_draws_and_displays_the_figure_except_in_a_kernel_the_grader_started(
    monkeypatch, grading
):
    import IPython.display
    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    from tinynn.plots import figures

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda data, **_: shown.append(data))
    if grading:
        monkeypatch.setenv(figures.GRADING_ENV, "1")
    else:
        monkeypatch.delenv(figures.GRADING_ENV, raising=False)
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3])
    figures.show("A line rising.", "It rises from 1 to 3.")
    assert not plt.fignum_exists(fig.number)  # closed either way
    assert [sorted(data) for data in shown] == (
        [] if grading else [["image/png", "text/plain"], ["text/markdown", "text/plain"]]
    )
