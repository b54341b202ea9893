"""Fixtures shared by the widget tests."""

import pytest

import tinynn.widgets


@pytest.fixture
def pngs(monkeypatch):
    """Every picture the widgets show, as PNG bytes, in order."""
    shown = []
    original = tinynn.widgets._LiveFigure.show

    def recording_show(self, moving):
        png = original(self, moving)
        shown.append(png)
        return png

    monkeypatch.setattr(tinynn.widgets._LiveFigure, "show", recording_show)
    return shown
