"""Fixtures shared by the tests of pictures and widgets."""

import pytest

import tinynn.widgets.live


@pytest.fixture
def ax():
    """Axes of a new figure, closed after the test."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


@pytest.fixture
def axes():
    """Two axes side by side in a new figure, closed after the test."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2)
    yield axes
    plt.close(fig)


@pytest.fixture
def pngs(monkeypatch):
    """Every picture the widgets show, as PNG bytes, in order."""
    shown = []
    original = tinynn.widgets.live.LiveFigure.show

    def recording_show(self, moving):
        png = original(self, moving)
        shown.append(png)
        return png

    monkeypatch.setattr(tinynn.widgets.live.LiveFigure, "show", recording_show)
    return shown
