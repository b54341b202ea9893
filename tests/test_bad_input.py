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
# Every public entry point, from a call that works. Each argument in turn is replaced by
# something else, one at a time, so that the bad one reaches its own check:
#
# - arbitrary values (hypothesis, derandomized: the same examples on every run, so CI can't
#   fail on a draw nobody has seen; raise max_examples or pass --hypothesis-seed=N to explore);
# - structural changes (every one, every run): None, one element more or fewer, one column
#   fewer, one row given as a plain list, a table transposed, one output instead of several,
#   whole numbers with a fraction, labels out of range, one axes where two are wanted.
#
# Every call must give a result or a TypeError/ValueError that names an argument and says what
# to try, with nothing on stderr and no warning. Beyond that: a change that makes two arguments
# disagree (a length that matched another's no longer does; a label or unit past the end; a
# fraction where a whole number goes) must raise, never be drawn or computed anyway; and one
# row given as a list must give what a table of that one row gives.
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

# The data of the bases. Sizes that have nothing to do with each other differ (4 streetlight
# rows, 3 lights, 5 hidden units; 6 pictures, 64 pixels, 7 hidden units, 10 digits; 8 rows of
# 3 inputs), so a size shared by two arguments is a real relation between them.
LIGHTS = STREETLIGHTS[0]
WALK = STREETLIGHTS[1]
HIDDEN = tinynn.init_weights(3, 5, 1, seed=3)
PICTURES = tinynn.split_digits()[2][:6]
DIGIT_LABELS = tinynn.split_digits()[3][:6]
DIGIT_NET = tinynn.init_weights(64, 7, 10, seed=2, scale=0.3)
LINEAR = tinynn.linear_data()
SINGLE_RUN = tinynn.learn(0.5, 0.8, 0.5, iterations=7)
LINEAR_RUN = tinynn.train(*LINEAR, [0.2, 1.4, 3.0], 0.01, 9)
HIDDEN_RUN = tinynn.train_hidden(LIGHTS, WALK, *HIDDEN, alpha=0.2, iterations=9)
BACKPROP_STEPS = tinynn.backprop_steps(LIGHTS[0], 1.0, *tinynn.init_weights(3, 4, 1, seed=0))

# A valid value for each argument name...
GOOD = {
    "input": 0.5,
    "inputs": LIGHTS,
    "layer_0": LIGHTS,
    "weight": 0.5,
    "weights": [0.5, -0.25],
    "weights_0_1": HIDDEN[0],
    "weights_1_2": HIDDEN[1],
    "goal_pred": 0.8,
    "goal_preds": WALK,
    "pred": 0.5,
    "preds": [0.5, 0.6],
    "delta": -0.3,
    "x": [1.0, -1.0],
    "output": [1.0, 0.0],
    "alpha": 0.1,
    "step_amount": 0.01,
    "nudge": 1e-5,
    "iterations": 9,
    "batch_size": 2,
    "n_inputs": 3,
    "hidden_size": 5,
    "n_outputs": 2,
    "rows": 11,
    "test_size": 100,
    "true_weights": [0.5, 0.9, 1.2],
    "error_of": lambda *weights: 0.25,
    "slopes": [np.ones(2), np.ones((2, 3))],
    "other_slopes": [np.ones(2), np.ones((2, 3))],
    "span": 1.0,
    "values": [1.0, 0.5],
    "log": True,
    "histories": {"a run": SINGLE_RUN},
    "history": SINGLE_RUN,
    "label": "a line",
    "alt": "a picture",
    "description": "what the picture shows",
    "every": 2,
    "count": 3,
    "names": ["toes", "win/loss", "fans"],
    "stage": "forward",
    "seed": 1,
    "start": [0.2, 1.4, 30.0],
    "labels": DIGIT_LABELS,
    "pixels": PICTURES[0],
    "images": PICTURES,
    "steps": BACKPROP_STEPS,
    "curves": {"train": [0.5, 0.8, 0.9], "test": [0.4, 0.7]},
    "ylabel": "accuracy",
    "units": [1, 3],
}

# ...and where a function needs other values for its call to work.
GOOD_FOR = {
    "predict": {"weight": 0.5},
    "weighted_sum": {"input": [1.0, 0.0, 1.0], "weights": [0.5, 0.48, -0.7]},
    "weighted_sums": {"input": [1.0, 0.0, 1.0], "weights": [[0.5, 0.48, -0.7], [0.1, 0.2, 0.3]]},
    "weight_deltas_for": {
        "input": [8.5, 0.65, 1.2],
        "delta": -0.14,
        "frozen": [True, False, False],
    },
    "train": {
        "inputs": LINEAR[0],
        "goal_preds": LINEAR[1],
        "weights": [0.2, 1.4, 3.0],
        "frozen": [False, False, True],
    },
    "squared_error": {"pred": [0.5, 0.2], "goal_pred": [1.0, 0.0]},
    "mean_squared_error": {"preds": [0.5, 0.2], "goal_preds": [1.0, 0.0]},
    "network_error": {"goal_pred": WALK},
    "backprop": {"goal_pred": WALK},
    "compare_gradients": {"goal_pred": WALK},
    "backprop_steps": {"layer_0": LIGHTS[0], "goal_pred": 1.0},
    "dead_units": {"layer_0": LIGHTS},
    "accuracy": {"layer_0": PICTURES, "weights_0_1": DIGIT_NET[0], "weights_1_2": DIGIT_NET[1]},
    "digit_activity": {
        "layer_0": PICTURES[0],
        "weights_0_1": DIGIT_NET[0],
        "weights_1_2": DIGIT_NET[1],
    },
    "pixel_pushes": {
        "layer_0": PICTURES[0],
        "weights_0_1": DIGIT_NET[0],
        "weights_1_2": DIGIT_NET[1],
    },
    "numerical_derivative": {"weight": 0.5, "error_of": lambda weight: weight**2},
    "numerical_gradient": {"weights": [np.ones(2), np.ones((2, 3))]},
    "plot_weight_paths": {"history": LINEAR_RUN, "rows": 8},
    "draw_weight_paths": {"history": LINEAR_RUN, "rows": 8},
    "plot_hidden_run": {"history": HIDDEN_RUN},
    "draw_hidden_run": {"history": HIDDEN_RUN},
    "plot_digit_activity": {
        "layer_0": PICTURES[0],
        "weights_0_1": DIGIT_NET[0],
        "weights_1_2": DIGIT_NET[1],
        "label": 3,
    },
    "set_activity": {"label": 3},
    "plot_hidden_units": {
        "weights_0_1": DIGIT_NET[0],
        "inputs": PICTURES,
        "labels": DIGIT_LABELS,
        "top": 4,
    },
    "plot_digits": {"titles": ["a", "b", "c", "d", "e", "f"]},
    "draw_digit": {"title": "a digit"},
    "plot_passes": {"mark": 1, "mark_label": "a pass"},
    "plot_errors": {},
    "plot_predictions": {"preds": [0.5, 0.6, 0.7], "first_iteration": 1},
    "weights_explorer": {"inputs": LINEAR[0], "goal_preds": LINEAR[1], "iterations": 30},
    "hidden_layer_explorer": {"iterations": 5},
    "backprop_explorer": {},
    "digit_explorer": {
        "inputs": PICTURES,
        "labels": DIGIT_LABELS,
        "weights_0_1": DIGIT_NET[0],
        "weights_1_2": DIGIT_NET[1],
    },
    "draw_activity_frame": {"hidden_size": 7},
    "plot_iterations_frame": {"goal_pred": 0.8},
    "plot_alpha_boundary": {"inputs": (0.1, 6.0), "points": [(2.0, 0.1)]},
    "plot_weights_frame": {"count": 3},
}


def public_functions(package):
    """Every public function the modules of a package define (not the ones they import)."""
    import pkgutil

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        module = __import__(f"{package.__name__}.{info.name}", fromlist=["_"])
        found += [
            value
            for name, value in vars(module).items()
            if inspect.isfunction(value)
            and not name.startswith("_")
            and value.__module__ == module.__name__
            and name in getattr(package, "__all__", ())
        ]
    return found


CORE = [getattr(tinynn, name) for name in tinynn.__all__ if name != "History"]
PLOTS = [f for f in public_functions(plots) if f.__name__ != "show"]
WIDGETS = public_functions(widgets)
# Values no call may take: a live drawing's bars, set by `set_activity` after its frame.
NOT_PROBED = {"set_activity"}


def show_every(history, every):
    """History.show, a public method: `every` is the argument tried."""
    return history.show(every)


def base_call(function):
    """Keyword arguments that work for `function` (but its axes): from GOOD and GOOD_FOR."""
    parameters = inspect.signature(function).parameters
    good = {**GOOD, **GOOD_FOR.get(function.__name__, {})}
    kwargs = {
        name: good[name] for name in parameters if name in good and name not in axes_names(function)
    }
    for name, parameter in parameters.items():
        required = parameter.default is inspect.Parameter.empty
        if name not in kwargs and required and name not in axes_names(function):
            kwargs[name] = 1
    return kwargs


def axes_names(function):
    parameters = inspect.signature(function).parameters
    return [name for name in ("ax", "axes", "hidden_ax", "outputs_ax") if name in parameters]


def with_axes(function, kwargs):
    """Fresh matplotlib axes for the axes a call needs and wasn't given."""
    for name in axes_names(function):
        required = inspect.signature(function).parameters[name].default is inspect.Parameter.empty
        if name not in kwargs and required:
            grid = 4 if function.__name__ == "plot_backprop_stages" else 2
            _, made = plt.subplots(1, 1 if name in ("ax", "hidden_ax", "outputs_ax") else grid)
            kwargs = {**kwargs, name: made}
    return kwargs


def call_quietly(function, kwargs):
    """Call; return the result (or None), the exception it raised (or None), what it printed to
    stderr and what it warned."""
    stderr = io.StringIO()
    result = None
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(stderr):
        warnings.simplefilter("always")
        try:
            result = function(**kwargs)
            error = None
        except Exception as raised:  # noqa: BLE001 - judged below
            error = raised
        finally:
            plt.close("all")
    return result, error, stderr.getvalue(), [str(w.message) for w in caught]


def assert_clear(function, kwargs, error, stderr, warned):
    name = function.__name__
    shown = {key: kind_of(value) for key, value in kwargs.items()}
    assert stderr == "", f"{name}({shown}) wrote to stderr: {stderr!r}"
    assert not warned, f"{name}({shown}) warned: {warned}"
    if error is None:
        return
    assert type(error) in (TypeError, ValueError), (
        f"{name}({shown}) raised a raw {type(error).__name__}: {error}"
    )
    message = str(error)
    params = list(inspect.signature(function).parameters)
    named = any(re.search(rf"\b{re.escape(p)}\b", message) for p in params)
    assert named, f"{name}: {message!r} names none of {params}"
    assert ":" in message, f"{name}: {message!r} doesn't say what to try"


def kind_of(value):
    """A short description of a value for a failure message."""
    if isinstance(value, np.ndarray):
        return f"array{value.shape}"
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__}[{len(value)}]"
    return repr(value)[:30]


def run_property(function, kwargs):
    if function is show_every:
        kwargs = {"history": GOOD["history"], **kwargs}
        _, error, stderr, warned = call_quietly(lambda history, every: history.show(every), kwargs)
        assert_clear(show_every, {"every": kwargs["every"]}, error, stderr, warned)
        return
    _, error, stderr, warned = call_quietly(function, with_axes(function, kwargs))
    assert_clear(function, kwargs, error, stderr, warned)


def arguments_for(function):
    """Arbitrary values for one argument at a time; the others keep their working values."""
    base = base_call(function)
    names = [
        name for name in inspect.signature(function).parameters if name not in axes_names(function)
    ]
    if not names:
        return st.just(base)
    return st.sampled_from(names).flatmap(
        lambda name: ANYTHING.map(lambda value: {**base, name: value})
    )


ALL = CORE + PLOTS + WIDGETS
PROBED = [f for f in ALL if f.__name__ not in NOT_PROBED]


@pytest.mark.parametrize("function", PROBED, ids=lambda f: f.__name__)
def test_every_base_call_works(function):
    """Without this, a bad argument would stop at the first broken good one."""
    result, error, stderr, warned = call_quietly(function, with_axes(function, base_call(function)))
    assert error is None and stderr == "" and not warned, f"{function.__name__}: {error!r}"


@pytest.mark.parametrize("function", CORE + [show_every], ids=lambda f: f.__name__)
@settings(
    max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(data=st.data())
def test_any_value_at_the_core_gives_a_result_or_a_clear_error(function, data):
    if function is show_every:
        run_property(function, {"every": data.draw(ANYTHING)})
        return
    run_property(function, data.draw(arguments_for(function)))


@pytest.mark.parametrize("function", [f for f in PLOTS if f in PROBED], ids=lambda f: f.__name__)
@settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(data=st.data())
def test_any_value_at_a_plot_gives_a_picture_or_a_clear_error(function, data):
    run_property(function, data.draw(arguments_for(function)))


@pytest.mark.parametrize("function", WIDGETS, ids=lambda f: f.__name__)
@settings(
    max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(data=st.data())
def test_any_value_at_a_widget_gives_a_widget_or_a_clear_error(function, data):
    run_property(function, data.draw(arguments_for(function)))


# ---------------------------------------------------------------------------------------------
# Structural changes, every one of them, each checked for what it must do
# ---------------------------------------------------------------------------------------------

WHOLE_NUMBER_ARRAYS = {"labels", "units"}  # whole numbers that count from 0 up to a size
DIGIT_ARGUMENTS = {"label"}  # a digit from 0 to 9, where an int is given


def sizes(value):
    """The sizes in a value's shape (an int counts as a size too)."""
    if isinstance(value, bool):
        return set()
    if isinstance(value, int):
        return {value}
    try:
        return set(np.shape(value))
    except Exception:  # noqa: BLE001 - ragged, or not an array at all
        return set()


def numbers(value):
    """`value` as a NumPy array of numbers (or True/False), or None when it isn't one."""
    if value is None or isinstance(value, (str, bytes, dict, bool, int, float)):
        return None
    try:
        array = np.array(value)
    except Exception:  # noqa: BLE001 - ragged lists and the like
        return None
    return array if array.dtype.kind in "iufb" and array.ndim and array.size else None


def changes(name, value):
    """(what changed, new value, what it must do) for one argument's working value: False if
    anything clear goes, True if it must raise, "related N" if it must raise when the size
    along axis N matched another argument's, "same as one row" for a row given as a list."""
    out = [("None", None, False)]
    if name in ("ax", "hidden_ax", "outputs_ax"):
        return out + [("two axes for one", "pair", False)]
    if name == "axes":
        return out + [("one axes for several", "one", False)]
    if isinstance(value, int) and not isinstance(value, bool):
        out.append(("a fraction", value + 0.5, True))
        if name in DIGIT_ARGUMENTS:
            out += [("-1", -1, True), ("10", 10, True)]
        return out
    array = numbers(value)
    if array is None:
        return out
    out += [
        ("one fewer", array[:-1], "related 0"),
        ("one more", np.concatenate([array, array[-1:]]), "related 0"),
    ]
    if array.ndim == 2:
        out += [
            ("one column fewer", array[:, :-1], "related 1"),
            ("transposed", array.T, False),
            ("its first row as a list", array[0].tolist(), "same as one row"),
        ]
        if array.shape[1] > 2:  # one output where a network has several
            out.append(("one column only", array[:, :1], "related 1"))
    if array.dtype.kind in "iu" and name in WHOLE_NUMBER_ARRAYS:
        first_is_minus_1 = np.where(np.arange(array.size) == 0, -1, array)
        out += [
            ("a fraction", array + 0.5, True),
            ("-1 in it", first_is_minus_1, True),
            ("past the end", array + 1000, True),
        ]
    return out


def related(function, base, name, axis):
    """Whether the size of `name` along `axis` equals a size of another argument."""
    size = np.shape(base[name])[axis]
    others = set()
    for other, value in base.items():
        if other != name:
            others |= sizes(value)
    return size in others


def same(a, b):
    """Whether two results are the same values (arrays, numbers, lists, dicts of them)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    try:
        return np.array_equal(np.ravel(a), np.ravel(b))
    except Exception:  # noqa: BLE001 - results that aren't values: not compared
        return True


def structural_cases():
    for function in PROBED:
        base = base_call(function)
        for name in inspect.signature(function).parameters:
            value = base.get(name, "axes")
            for what, new, must in changes(name, value):
                yield pytest.param(
                    function, name, what, new, must, id=f"{function.__name__}-{name}-{what}"
                )


@pytest.mark.parametrize("function, name, what, new, must", list(structural_cases()))
def test_a_structural_change_gives_a_result_or_a_clear_error(function, name, what, new, must):
    base = base_call(function)
    if isinstance(new, str) and new == "pair":
        new = list(plt.subplots(1, 2)[1])
    elif isinstance(new, str) and new == "one":
        new = plt.subplots()[1]
    kwargs = {**with_axes(function, {k: v for k, v in base.items() if k != name}), name: new}
    if name in axes_names(function) and what == "None":
        if inspect.signature(function).parameters[name].default is None:
            must = False
    result, error, stderr, warned = call_quietly(function, kwargs)
    assert_clear(function, kwargs, error, stderr, warned)
    if isinstance(must, str) and must.startswith("related"):
        must = related(function, base, name, int(must.split()[1]))
    if must == "same as one row":
        if error is None:
            one_row, table_error, _, _ = call_quietly(
                function, {**kwargs, name: np.array(base[name])[:1]}
            )
            if table_error is None:
                assert same(result, one_row), (
                    f"{function.__name__}: {name} given as a list gives another answer than "
                    "the same row as a table of one row"
                )
        return
    if must:
        assert error is not None, (
            f"{function.__name__}({name}: {what}) was computed or drawn anyway: it must say "
            "that the arguments disagree"
        )
