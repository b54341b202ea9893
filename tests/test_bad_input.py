"""Bad input raises an error that says what is wrong, shows the value, and says what to try.

First the cases a probe found, one by one; then a property test that throws arbitrary values at
every public entry point (the core, the plots, the widgets, History) and accepts only a result,
or a TypeError/ValueError naming the argument, with nothing written to stderr and no warning.
"""

import contextlib
import inspect
import io
import re
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

import tinynn
from tinynn import plots, widgets

STREETLIGHTS = tinynn.streetlights()
START = tinynn.init_weights(3, 4, 1, seed=0)

# (call, error type, words the message must contain)
BAD_CALLS = {
    "alpha zero": (
        lambda: tinynn.learn(0.5, 0.8, 0.5, alpha=0),
        ValueError,
        "alpha must be positive, got 0.0",
    ),
    "alpha negative": (
        lambda: tinynn.gradient_descent_step(0.5, 0.8, 0.5, alpha=-0.1),
        ValueError,
        "got -0.1",
    ),
    "alpha nan": (lambda: tinynn.learn(0.5, 0.8, 0.5, alpha=float("nan")), ValueError, "finite"),
    "alpha text": (lambda: tinynn.learn(0.5, 0.8, 0.5, alpha="0.1"), TypeError, "'0.1'"),
    "hidden alpha zero": (
        lambda: tinynn.train_hidden(*STREETLIGHTS, *START, 0, 60),
        ValueError,
        "alpha must be positive",
    ),
    "weight nan": (lambda: tinynn.predict(0.5, float("nan")), ValueError, "NaN or infinity"),
    "input inf": (lambda: tinynn.learn(float("inf"), 0.8, 0.5), ValueError, "finite number"),
    "goal text": (lambda: tinynn.squared_error(0.5, "0.8"), TypeError, "'0.8'"),
    "input None": (lambda: tinynn.predict(None, 0.5), TypeError, "None"),
    "input True": (lambda: tinynn.predict(True, 0.8), TypeError, "True/False"),
    "complex weights": (lambda: tinynn.predict(0.5, [1 + 2j, 2]), TypeError, "complex"),
    "huge int": (lambda: tinynn.predict(10**400, 1), ValueError, "too big for a float"),
    "weights dict": (lambda: tinynn.weighted_sum([1, 2], {"a": 1}), TypeError, "must be numbers"),
    "ragged weights": (
        lambda: tinynn.weighted_sums([1, 2], [[1, 2], [3]]),
        TypeError,
        "same length",
    ),
    "weight bool": (lambda: tinynn.hot_and_cold_step(0.5, 0.8, True, 0.1), TypeError, "True"),
    "lengths differ": (
        lambda: tinynn.weighted_sum([1, 2, 3], [1, 2]),
        ValueError,
        "3 inputs and 2 weights",
    ),
    "table columns": (
        lambda: tinynn.weighted_sums([1, 2, 3], [[1, 2], [3, 4]]),
        ValueError,
        "one column per input",
    ),
    "empty inputs": (lambda: tinynn.weighted_sum([], []), ValueError, "empty"),
    "empty data set": (
        lambda: tinynn.train([], [], [0.1], alpha=0.1, iterations=1),
        ValueError,
        "empty",
    ),
    "goal shape": (
        lambda: tinynn.train([[2.0]], [[0.8, 0.1]], [0.1], 0.1, 1),
        ValueError,
        "one goal per row",
    ),
    "rows vs goals": (
        lambda: tinynn.train([[1, 2], [3, 4]], [1.0], [0.1, 0.2], 0.1, 1),
        ValueError,
        "2 rows of inputs and 1 goals",
    ),
    "zero iterations": (
        lambda: tinynn.learn(0.5, 0.8, 0.5, iterations=0),
        ValueError,
        "at least 1, got 0",
    ),
    "float iterations": (
        lambda: tinynn.hot_and_cold(0.5, 0.8, 0.5, 0.001, 10.5),
        TypeError,
        "10.5",
    ),
    "step zero": (
        lambda: tinynn.hot_and_cold_step(0.5, 0.8, 0.5, 0),
        ValueError,
        "step_amount must be positive",
    ),
    "hidden size zero": (
        lambda: tinynn.init_weights(3, 0),
        ValueError,
        "hidden_size must be at least 1, got 0",
    ),
    "seed negative": (
        lambda: tinynn.init_weights(3, 4, seed=-1),
        ValueError,
        "seed must be between",
    ),
    "seed None": (lambda: tinynn.init_weights(3, 4, seed=None), TypeError, "the same seed"),
    "seed text": (lambda: tinynn.linear_data(seed="x"), TypeError, "seed must be a whole number"),
    "layer shapes": (lambda: tinynn.forward([1, 0], *START), ValueError, "2 inputs"),
    "hidden goals": (
        lambda: tinynn.train_hidden(STREETLIGHTS[0], [1, 1, 0], *START, 0.1, 1),
        ValueError,
        "goal_preds must have shape (4, 1)",
    ),
    "frozen mask": (
        lambda: tinynn.weight_deltas_for([1, 2], 1.0, frozen=[0]),
        TypeError,
        "frozen must be True/False",
    ),
    "frozen text": (
        lambda: tinynn.train([[1, 2]], [1.0], [0.1, 0.2], 0.1, 1, frozen="nonsense"),
        TypeError,
        "frozen must be True/False",
    ),
    "batch size array": (
        lambda: tinynn.train([[1.0]], [1.0], [0.5], 0.1, 1, batch_size=np.array([1, 2])),
        TypeError,
        "batch_size must be a whole number",
    ),
    "three dims": (
        lambda: tinynn.weighted_sum(np.zeros((1, 1, 1)), [1]),
        ValueError,
        "shape (1, 1, 1)",
    ),
    "nudge zero": (
        lambda: tinynn.numerical_derivative(lambda w: w, 1.0, nudge=0),
        ValueError,
        "try 1e-5",
    ),
    "no function": (
        lambda: tinynn.numerical_derivative(None, 1.0),
        TypeError,
        "error_of must be a function",
    ),
    "function returns text": (
        lambda: tinynn.numerical_derivative(lambda w: "big", 1.0),
        TypeError,
        "error_of must return a number",
    ),
    "no slopes": (
        lambda: tinynn.relative_difference([], []),
        ValueError,
        "slopes is an empty list",
    ),
    "empty history": (lambda: tinynn.History().final_error, ValueError, "no iterations yet"),
    "show every 0": (lambda: tinynn.learn(0.5, 0.8, 0.5).show(every=0), ValueError, "every=10"),
    "parabola input None": (
        lambda: plots.plot_error_parabola(None, 0.8),
        TypeError,
        "input must be a number",
    ),
    "explorer span": (lambda: widgets.slope_explorer(span=-1), ValueError, "span must be positive"),
    "explorer iterations": (
        lambda: widgets.alpha_explorer(iterations=0),
        ValueError,
        "iterations must be at least 1",
    ),
    "explorer input 0": (
        lambda: widgets.slope_explorer(input=0),
        ValueError,
        "input must not be 0",
    ),
    "plot a list of histories": (lambda: plots.plot_errors([1, 2]), TypeError, "dict of labels"),
}


@pytest.mark.parametrize("name", BAD_CALLS)
def test_bad_input_says_what_is_wrong(name):
    call, error_type, words = BAD_CALLS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(error_type) as caught:
            call()
    message = str(caught.value)
    assert words in message
    assert ":" in message, "every message ends with what to try, after a colon"


def test_overflow_is_quiet_infinity_not_a_warning_or_a_crash(capfd):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert tinynn.predict(1e300, [1e300, 1.0]).tolist() == [float("inf"), 1e300]
        assert tinynn.contraction_factor(1e200) == -float("inf")
        history = tinynn.train([[2.0, 3.0]], [0.8], [0.5, 0.5], alpha=1.0, iterations=2000)
        inputs, goals = tinynn.linear_data()
        tinynn.train(inputs, goals, [0.2, 1.4, 30], alpha=1.0, iterations=2000, batch_size=8)
        tinynn.train_hidden(*STREETLIGHTS, *START, 10.0, 60)
    assert history.diverged
    assert capfd.readouterr() == ("", "")


# ---------------------------------------------------------------------------------------------
# Arbitrary values at every public entry point. Derandomized: the same examples on every run,
# so CI can't fail on a draw nobody has seen; run with more examples and other seeds (e.g.
# --hypothesis-seed=N, max_examples raised) when changing checks, to explore further.
# ---------------------------------------------------------------------------------------------

floats = st.floats(allow_nan=True, allow_infinity=True)
small_floats = st.floats(-10, 10)
ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 12),
    st.sampled_from([0, -1, 2**64, 10**30, 10**400]),
    floats,
    st.complex_numbers(max_magnitude=10, allow_nan=False),
    st.text(max_size=4),
    st.binary(max_size=3),
    st.lists(small_floats, max_size=4),
    st.lists(st.lists(small_floats, max_size=3), max_size=3),  # often ragged
    st.lists(st.booleans(), min_size=1, max_size=3),
    st.lists(st.one_of(st.none(), st.text(max_size=2), floats), max_size=3),
    st.tuples(small_floats, small_floats),
    arrays(
        st.sampled_from([np.float64, np.int64, np.bool_, np.complex128, np.float32]),
        array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3),
    ),
    st.dictionaries(st.text(max_size=2), small_floats, max_size=2),
    st.sampled_from([lambda *w: 0.5, print, object(), tinynn.History(), {1, 2}]),
)

# A valid value for each argument name, so that one bad argument at a time reaches its check.
GOOD = {
    "input": 0.5,
    "inputs": [[1.0, 0.0], [0.0, 1.0]],
    "layer_0": [[1.0, 0.0, 1.0]],
    "weight": 0.5,
    "weights": 0.5,
    "weights_0_1": START[0],
    "weights_1_2": START[1],
    "goal_pred": 0.8,
    "goal_preds": [1.0, 0.0],
    "pred": 0.5,
    "preds": [0.5, 0.6],
    "delta": -0.3,
    "x": [1.0, -1.0],
    "output": [1.0, 0.0],
    "alpha": 0.1,
    "step_amount": 0.01,
    "nudge": 1e-5,
    "iterations": 3,
    "batch_size": 1,
    "n_inputs": 3,
    "hidden_size": 4,
    "true_weights": [0.5, 0.9],
    "error_of": lambda *weights: 0.25,
    "slopes": [np.ones(2)],
    "other_slopes": [np.ones(2)],
    "span": 1.0,
    "values": [1.0, 0.5],
    "log": True,
    "histories": {"a run": tinynn.learn(0.5, 0.8, 0.5, iterations=3)},
    "history": tinynn.learn(0.5, 0.8, 0.5, iterations=3),
    "label": "a line",
    "alt": "a picture",
    "every": 1,
    "count": 3,
    "rows": 1,
    "names": ["toes", "win/loss", "fans"],
    "stage": "forward",
    "seed": 1,
    "start": 30.0,
}


def public_functions(module):
    """Every public function a module defines (not the ones it imports)."""
    return [
        value
        for name, value in vars(module).items()
        if inspect.isfunction(value)
        and not name.startswith("_")
        and value.__module__ == module.__name__
    ]


CORE = [getattr(tinynn, name) for name in tinynn.__all__ if name != "History"]
PLOTS = [f for f in public_functions(plots) if f.__name__ != "show"]
WIDGETS = public_functions(widgets)

LINEAR = tinynn.linear_data(rows=4)
HIDDEN_RUN = tinynn.train_hidden(*STREETLIGHTS, *START, alpha=0.2, iterations=3)
BACKPROP_STEPS = tinynn.backprop_steps([1.0, 0.0, 1.0], 1.0, *START, alpha=0.2)

# Where a function needs a valid value other than the one its argument's name suggests.
GOOD_FOR = {
    "plot_weight_paths": {"history": tinynn.train(*LINEAR, [0.2, 1.4, 3.0], 0.01, 5)},
    "draw_weight_paths": {"history": tinynn.train(*LINEAR, [0.2, 1.4, 3.0], 0.01, 5)},
    "plot_hidden_run": {"history": HIDDEN_RUN, "inputs": STREETLIGHTS[0]},
    "draw_hidden_run": {"history": HIDDEN_RUN, "inputs": STREETLIGHTS[0]},
    "start_hidden_picture": {"inputs": STREETLIGHTS[0]},
    "dead_units": {"inputs": STREETLIGHTS[0]},
    "backprop_steps": {"layer_0": [1.0, 0.0, 1.0], "goal_pred": 1.0},
    "backprop_ledger": {"steps": BACKPROP_STEPS, "stage": "forward"},
    "draw_backprop_stage": {"steps": BACKPROP_STEPS, "stage": "backward"},
    "plot_backprop_stages": {"steps": BACKPROP_STEPS},
}


def show_every(history, every):
    """History.show, a public method: `every` is the argument tried."""
    return history.show(every)


show_every.__signature__ = inspect.Signature(
    [inspect.Parameter("every", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
)


def arguments_for(function):
    """Arbitrary values for every argument but the axes (a good value is always one choice)."""
    parameters = inspect.signature(function).parameters
    good = {**GOOD, **GOOD_FOR.get(function.__name__, {})}
    names = [name for name in parameters if name not in ("ax", "axes")]
    return st.fixed_dictionaries(
        {name: st.one_of(st.just(good.get(name, 1)), ANYTHING) for name in names}
    )


def with_axes(function, kwargs):
    """Fresh matplotlib axes for a function that needs them (one, or a pair side by side)."""
    parameters = inspect.signature(function).parameters
    for name in ("ax", "axes"):
        if name in parameters and parameters[name].default is inspect.Parameter.empty:
            _, made = plt.subplots(1, 1 if name == "ax" else 2)
            kwargs = {**kwargs, name: made}
    return kwargs


def call_quietly(function, kwargs):
    """Call; return the exception it raised (or None), and what it printed to stderr."""
    stderr = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(stderr):
        warnings.simplefilter("always")
        try:
            function(**kwargs)
            error = None
        except Exception as raised:  # noqa: BLE001 - judged below
            error = raised
        finally:
            plt.close("all")
    return error, stderr.getvalue(), [str(w.message) for w in caught]


def assert_clear(function, kwargs, error, stderr, warned):
    name = function.__name__
    assert stderr == "", f"{name}{kwargs} wrote to stderr: {stderr!r}"
    assert not warned, f"{name}{kwargs} warned: {warned}"
    if error is None:
        return
    assert type(error) in (TypeError, ValueError), (
        f"{name}({kwargs}) raised a raw {type(error).__name__}: {error}"
    )
    message = str(error)
    params = list(inspect.signature(function).parameters)
    named = any(re.search(rf"\b{re.escape(p)}\b", message) for p in params)
    assert named, f"{name}: {message!r} names none of {params}"
    assert ":" in message, f"{name}: {message!r} doesn't say what to try"


def run_property(function, kwargs):
    if function is show_every:
        kwargs = {"history": GOOD["history"], **kwargs}
        error, stderr, warned = call_quietly(lambda history, every: history.show(every), kwargs)
        assert_clear(show_every, {"every": kwargs["every"]}, error, stderr, warned)
        return
    error, stderr, warned = call_quietly(function, with_axes(function, kwargs))
    assert_clear(function, kwargs, error, stderr, warned)


@pytest.mark.parametrize("function", CORE + [show_every], ids=lambda f: f.__name__)
@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(data=st.data())
def test_any_value_at_the_core_gives_a_result_or_a_clear_error(function, data):
    run_property(function, data.draw(arguments_for(function)))


@pytest.mark.parametrize("function", PLOTS, ids=lambda f: f.__name__)
@settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(data=st.data())
def test_any_value_at_a_plot_gives_a_picture_or_a_clear_error(function, data):
    run_property(function, data.draw(arguments_for(function)))


@pytest.mark.parametrize("function", WIDGETS, ids=lambda f: f.__name__)
@settings(
    max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(data=st.data())
def test_any_value_at_a_widget_gives_a_widget_or_a_clear_error(function, data):
    run_property(function, data.draw(arguments_for(function)))
