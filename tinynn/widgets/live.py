"""What every widget is made of: a figure redrawn quickly, shown as an image under the sliders.

A widget only wires its sliders to library functions and to a `draw_` function of
`tinynn.plots`; this module holds the parts they share, so each widget is a few lines of wiring.
"""

# Text drawn without hinting: about a quarter quicker, and it looks the same.
QUICK_TEXT = {"text.hinting": "none"}


class LiveFigure:
    """A figure whose frame (axes, ticks, labels, fixed curves) is drawn once; each update
    draws only the moving parts onto a copy of it and puts the result in `picture`, an image
    widget. That keeps a slider quick.
    """

    def __init__(self, figsize, ncols=1, dpi=80, layout="constrained"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        # Made without pyplot, so pyplot never holds on to it: it goes when the widget goes.
        self.figure = Figure(figsize=figsize, dpi=dpi, layout=layout)
        FigureCanvasAgg(self.figure)
        self.axes = self.figure.subplots(1, ncols)
        self.moving = []
        self._frame = None
        self.picture = picture(figsize, dpi)

    def keep_frame(self, leave_out=()):
        """Draw what is on the figure now, except the artists in `leave_out`, as the frame
        every update starts from."""
        import matplotlib

        for artist in leave_out:
            artist.set_animated(True)  # a plain draw leaves animated artists out
        with matplotlib.rc_context(QUICK_TEXT):
            self.figure.canvas.draw()
        self._frame = self.figure.canvas.copy_from_bbox(self.figure.bbox)

    def show(self, moving):
        """Swap the moving parts for `moving` (removing the last ones from the figure), draw
        them on the frame and show the picture. Returns its PNG bytes."""
        for artist in self.moving:
            artist.remove()
        self.moving = list(moving)
        return self.redraw(self.moving)

    def redraw(self, artists):
        """Draw `artists` on the frame and show the picture. Returns its PNG bytes."""
        canvas = self.figure.canvas
        canvas.restore_region(self._frame)
        for artist in artists:
            self.figure.draw_artist(artist)
        image = png(canvas)
        self.picture.value = image
        return image


def picture(figsize, dpi):
    """A picture widget for a figure, shown at the figure's own size (not stretched to the
    notebook's width). Updating a picture shows quicker than output printed under an
    `interactive`, which is cleared and filled again on every move."""
    from tinynn.widgets.controls import Picture

    return Picture(width=round(figsize[0] * dpi))


def under_the_sliders(ui, summary, picture):
    """Put a one-line summary and the picture under an `interactive`'s sliders; the summary is
    the picture's text alternative too (`describe_picture`)."""
    *sliders, output = ui.children
    describe_picture(picture, summary)
    ui.children = (*sliders, summary, picture, output)
    return ui


def describe_picture(picture, summary):
    """Keep the picture's text alternative the same as the summary line above it, however the
    sliders move: what a screen reader says for the picture is what it shows."""
    import ipywidgets

    ipywidgets.dlink((summary, "value"), (picture, "alt"))


def png(canvas):
    """What an Agg canvas holds now, as PNG bytes (quick to compress, a little bigger)."""
    import io

    import numpy as np
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.asarray(canvas.buffer_rgba())).save(buffer, "png", compress_level=1)
    return buffer.getvalue()
