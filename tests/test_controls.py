"""The widgets' accessible slider (tinynn.widgets.controls): what it shows and announces is the
value (not an exponent or a float's noise), and it drives `ipywidgets.interactive` as
ipywidgets' own sliders do. (That a screen reader gets its name and value is checked in a real
browser, with axe-core: tests/browser/test_chapters_in_lab.py.)"""

import ipywidgets
import pytest

from tinynn.widgets import controls


def test_a_log_slider_shows_its_values_not_their_exponents():
    alpha = controls.log_slider("alpha", 0.001, 0.1, 10, 0.01, "{:.3f}")
    assert alpha.options[0] == 0.001 and alpha.options[-1] == 0.1 and len(alpha.options) == 21
    assert alpha.value == 0.01 and alpha.labels[alpha.index] == "0.010"
    assert alpha.description == "alpha"


def test_a_float_slider_shows_what_it_holds_without_float_noise():
    inputs = controls.slider("input", -5.0, 10.0, 0.5, 5.0, "{:.1f}")
    assert inputs.options[20] == 5.0 and inputs.labels[20] == "5.0"
    tenths = controls.slider("input", 0.0, 6.0, 0.1, 2.0)
    assert tenths.options[3] == 0.3 and tenths.labels[3] == "0.3"  # not 0.30000000000000004
    assert all(isinstance(n, int) for n in controls.slider("seed", 0, 19, 1, 1).options)


def test_value_and_position_follow_each_other():
    slider = controls.slider("alpha", 0.01, 1.0, 0.01, 0.1, "{:.2f}")
    slider.value = 0.234  # lands on the nearest option
    assert slider.value == 0.23 and slider.labels[slider.index] == "0.23"
    slider.index = 0  # what the browser sends
    assert slider.value == 0.01
    stages = controls.choice_slider("stage", ["forward", "compare"], "forward")
    stages.index = 1
    assert stages.value == "compare"
    with pytest.raises(Exception, match="not one of"):
        stages.value = "sideways"


def test_it_drives_interactive_like_ipywidgets_sliders():
    seen = []
    ui = ipywidgets.interactive(
        lambda alpha, seed: seen.append((alpha, seed)) or alpha * seed,
        alpha=controls.slider("alpha", 0.1, 0.5, 0.1, 0.2),
        seed=controls.slider("seed", 0, 3, 1, 2),
    )
    assert ui.result == pytest.approx(0.4) and seen[-1] == (0.2, 2)
    ui.children[1].index = 3  # a move in the browser
    assert seen[-1] == (0.2, 3) and ui.result == pytest.approx(0.6)
