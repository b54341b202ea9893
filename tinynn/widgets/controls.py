"""A slider and a picture every reader can use: a slider with a name a screen reader says and
the value it shows, and a picture with a text alternative that follows it.

ipywidgets' own sliders draw their handle with a JavaScript library that gives it no name (the
label beside it isn't tied to it) and announces an internal number: a log slider its exponent,
`-2.0` for alpha 0.01, a float slider `5.000000000000002`. This one is the browser's own range
input, `<input type="range">`, with a `<label for=...>` (its name) and `aria-valuetext` (what it
shows), so a screen reader says "alpha, 0.010"; arrow keys, Home and End move it. It is an
anywidget: its few lines of JavaScript ship here, inside tinynn, and load from no other host.

A slider moves over a list of values, `options`, and shows each as a label (`formats`);
`value` is the option it is on. It works with `ipywidgets.interactive` like any value widget.
(Keys pressed on it don't reach the notebook, so the arrow keys move the slider.)

A `Picture` is an `<img>` with an `alt`: ipywidgets' Image has no alt, and its tooltip breaks
the view of a widget without a description (ipywidgets 8.1).
"""

import math

import anywidget
import ipywidgets
import numpy as np
import traitlets

_ESM = """
function render({ model, el }) {
  const id = "tinynn-slider-" + Math.random().toString(36).slice(2);
  const label = document.createElement("label");
  label.htmlFor = id;
  const input = document.createElement("input");
  input.type = "range";
  input.id = id;
  input.min = "0";
  input.step = "1";
  const shown = document.createElement("span");
  shown.className = "tinynn-slider-value";
  shown.setAttribute("aria-hidden", "true");  // the input announces it already
  const sync = () => {
    const labels = model.get("labels");
    const index = model.get("index");
    label.textContent = model.get("description");
    input.max = String(labels.length - 1);
    input.value = String(index);
    input.setAttribute("aria-valuetext", labels[index]);
    shown.textContent = labels[index];
  };
  input.addEventListener("input", () => {
    model.set("index", Number(input.value));
    model.save_changes();
  });
  model.on("change:index", sync);
  model.on("change:labels", sync);
  model.on("change:description", sync);
  sync();
  // Keys pressed on the slider are the slider's: the notebook around it must not act on them
  // (JupyterLab would move to another cell on an arrow key).
  input.addEventListener("keydown", (event) => event.stopPropagation());
  el.classList.add("tinynn-slider");
  el.append(label, input, shown);
}
export default { render };
"""

_CSS = """
.tinynn-slider { display: flex; align-items: center; gap: 0.6em; margin: 2px 0; }
.tinynn-slider label { min-width: 9em; text-align: right; }
.tinynn-slider input[type="range"] { width: 18em; }
.tinynn-slider .tinynn-slider-value { min-width: 4em; font-variant-numeric: tabular-nums; }
"""


class Slider(anywidget.AnyWidget, ipywidgets.ValueWidget):
    """A slider over `options` (values), each shown as its label in `labels`."""

    _esm = traitlets.Unicode(_ESM).tag(sync=True)
    _css = traitlets.Unicode(_CSS).tag(sync=True)
    index = traitlets.Int(0).tag(sync=True)
    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    value = traitlets.Any()

    def __init__(self, options, value, description, formats="{:g}"):
        options = list(options)
        labels = [formats.format(option) for option in options]
        super().__init__(labels=labels, description=description)
        self.options = options
        self.value = value

    @traitlets.validate("value")
    def _nearest_option(self, proposal):
        """Any value lands on the option nearest to it (the one equal to it, for text)."""
        wanted = proposal["value"]
        if all(isinstance(option, (int, float)) for option in self.options):
            distances = [abs(option - wanted) for option in self.options]
            return self.options[int(np.argmin(distances))]
        if wanted not in self.options:
            raise traitlets.TraitError(f"{wanted!r} is not one of {self.options}")
        return wanted

    @traitlets.observe("value")
    def _move_to_value(self, change):
        self.index = self.options.index(change["new"])

    @traitlets.observe("index")
    def _take_the_option(self, change):
        self.value = self.options[change["new"]]

    def __repr__(self):
        return f"Slider({self.description!r}, value {self.labels[self.index]})"

    @property
    def min(self):
        return self.options[0]

    @property
    def max(self):
        return self.options[-1]


def slider(description, low, high, step, value, formats="{:g}"):
    """A slider from `low` to `high` in steps of `step`, on `value`; each shown as `formats`
    shows it. The values are rounded to the step's decimals, so 0.1 * 3 shows as 0.3."""
    count = round((high - low) / step) + 1
    decimals = max(0, -math.floor(math.log10(step)) + 1)
    options = [round(low + i * step, decimals) for i in range(count)]
    if all(float(option).is_integer() for option in options) and float(step).is_integer():
        options = [int(option) for option in options]
    return Slider(options, value, description, formats)


def log_slider(description, low, high, steps_per_tenfold, value, formats="{:g}"):
    """A slider from `low` to `high` in equal steps on a log scale, `steps_per_tenfold` steps
    from one power of ten to the next; it shows (and announces) the value, not its exponent."""
    count = round(steps_per_tenfold * math.log10(high / low)) + 1
    options = [float(f"{low * 10 ** (i / steps_per_tenfold):.3g}") for i in range(count)]
    return Slider(options, value, description, formats)


def choice_slider(description, options, value):
    """A slider over named choices, e.g. the stages of backpropagation."""
    return Slider(list(options), value, description, "{}")


_PICTURE_ESM = """
function render({ model, el }) {
  const img = document.createElement("img");
  img.style.maxWidth = "100%";
  const sync = () => {
    const old = img.src;
    img.src = URL.createObjectURL(new Blob([model.get("value")], { type: "image/png" }));
    if (old) URL.revokeObjectURL(old);
    img.alt = model.get("alt");
    img.width = model.get("width");
  };
  model.on("change:value", sync);
  model.on("change:alt", () => { img.alt = model.get("alt"); });
  sync();
  el.append(img);
}
export default { render };
"""


class Picture(anywidget.AnyWidget):
    """A PNG (`value`, bytes) shown at `width` pixels, with `alt`, its text alternative."""

    _esm = traitlets.Unicode(_PICTURE_ESM).tag(sync=True)
    value = traitlets.Bytes(b"").tag(sync=True)
    alt = traitlets.Unicode("").tag(sync=True)
    width = traitlets.Int(400).tag(sync=True)

    def __repr__(self):
        return f"Picture({self.alt!r})" if self.alt else "Picture()"
