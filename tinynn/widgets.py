"""Interactive widgets for the chapters. ipywidgets and matplotlib are imported only here,
only when a widget is made.

Each widget only wires sliders to a plain tinynn function (tested on its own); the widget
functions return the `ipywidgets.interactive` object so tests can drive it.
"""
