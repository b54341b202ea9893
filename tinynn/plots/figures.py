"""Showing a figure in a notebook, and what every picture shares: new axes, plain tick labels.

`show(alt, description)` displays the current figure once, as a PNG that carries its short
text alternative in its metadata (nbconvert and the course website put it in `<img alt>`), with
the longer description as visible text under it, for every reader, on every site.
"""

from tinynn import arguments as kind
from tinynn.arguments import checked

# A screen reader reads alt text in one go: keep it to a sentence, the rest goes under the picture.
MOST_ALT = 150
MARKDOWN_SIGNS = set("\\`*_[]<>#|~")  # shown as themselves in a caption, not as formatting
# Set in the kernels the grader starts (see `tinynn.grading.sandbox`). The grader keeps no
# pictures, so `show` closes a figure there without drawing it (most of a chapter's grading time).
GRADING_ENV = "TINYNN_GRADING"


def new_axes(ax, figsize=(6, 3.5)):
    """`ax`, or when it is None the axes of a new figure of this size."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


def power_of_ten(value, _position=None):
    """A tick label for a power of ten: 1e-5, 1, 1e5 (quicker to draw than typeset powers)."""
    import math

    exponent = round(math.log10(value))
    return "1" if exponent == 0 else f"1e{exponent}"


def _alt(name, value):
    value = kind.text(name, value)
    if not value.strip() or len(value) > MOST_ALT:
        raise ValueError(
            f"{name} must be a short sentence, 1 to {MOST_ALT} characters, got {len(value)}: "
            "say what the picture is in a few words, and put the details in the description"
        )
    return value


def _figure(name, value):
    if not hasattr(value, "savefig"):
        raise TypeError(
            f"{name} must be a matplotlib Figure or None, got {kind.brief(value)}: leave it "
            "out to show the current figure"
        )
    return value


def _small_png(png):
    """The same picture in 256 colours: a third of the size or less, so a chapter stays quick
    to open on GitHub, and the difference is hard to see in a plot."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(buffer, "png", optimize=True)
    return buffer.getvalue()


@checked(alt=_alt, description=kind.text, fig=_figure)
def show(alt, description, fig=None):
    """Display a figure (the current one when `fig` is None), then close it.

    `alt` says in a sentence what the picture is, for readers who can't see it: it goes into
    the PNG's metadata, where nbconvert and the course website read it for `<img alt>`, and
    into the output's plain text. `description` says what to see in it; it is shown as text
    under the picture, where every reader finds it (JupyterLab doesn't read the alt yet).
    When the grader runs the notebook, the figure is closed undrawn and nothing is displayed.
    """
    import io
    import os

    import matplotlib.pyplot as plt
    from IPython.display import display

    fig = plt.gcf() if fig is None else fig
    if os.environ.get(GRADING_ENV):
        plt.close(fig)
        return
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    png = _small_png(buffer.getvalue())
    width = int.from_bytes(png[16:20], "big")  # a PNG's width is in its header
    picture = {"image/png": png, "text/plain": f"[figure] {alt}"}
    display(picture, raw=True, metadata={"image/png": {"alt": alt, "width": width}})
    markdown = "".join("\\" + c if c in MARKDOWN_SIGNS else c for c in description)
    caption = {"text/markdown": f"*Figure: {markdown}*", "text/plain": f"Figure: {description}"}
    display(caption, raw=True)
