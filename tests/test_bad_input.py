"""Bad input raises an error that says what is wrong, shows the value, and says what to try."""

import warnings

import numpy as np
import pytest

import tinynn

STREETLIGHTS = tinynn.streetlights()
START = tinynn.init_weights(3, 4, 1, seed=0)

BAD_CALLS = {
    "alpha zero": (
        lambda: tinynn.learn(0.5, 0.5, 0.8, alpha=0),
        ValueError,
        "alpha must be positive, got 0.0",
    ),
    "alpha negative": (
        lambda: tinynn.gradient_descent_step(0.5, 0.5, 0.8, alpha=-0.1),
        ValueError,
        "got -0.1",
    ),
    "alpha nan": (lambda: tinynn.learn(0.5, 0.5, 0.8, alpha=float("nan")), ValueError, "finite"),
    "alpha text": (lambda: tinynn.learn(0.5, 0.5, 0.8, alpha="0.1"), TypeError, "'0.1'"),
    "hidden alpha zero": (
        lambda: tinynn.train_hidden(*STREETLIGHTS, *START, 0, 60),
        ValueError,
        "alpha must be positive",
    ),
    "weight nan": (lambda: tinynn.predict(0.5, float("nan")), ValueError, "NaN or infinity"),
    "input inf": (lambda: tinynn.learn(float("inf"), 0.5, 0.8), ValueError, "NaN or infinity"),
    "goal text": (lambda: tinynn.squared_error(0.5, "0.8"), TypeError, "'0.8'"),
    "input None": (lambda: tinynn.predict(None, 0.5), TypeError, "None"),
    "weights dict": (lambda: tinynn.predict([1, 2], {"a": 1}), TypeError, "must be numbers"),
    "ragged weights": (lambda: tinynn.predict([1, 2], [[1, 2], [3]]), TypeError, "must be numbers"),
    "weight bool": (lambda: tinynn.hot_and_cold_step(0.5, True, 0.8, 0.1), TypeError, "True"),
    "lengths differ": (
        lambda: tinynn.weighted_sum([1, 2, 3], [1, 2]),
        ValueError,
        "3 inputs and 2 weights",
    ),
    "table columns": (
        lambda: tinynn.predict([1, 2, 3], [[1, 2], [3, 4]]),
        ValueError,
        "one column per input",
    ),
    "empty inputs": (lambda: tinynn.predict([], []), ValueError, "empty"),
    "empty data set": (
        lambda: tinynn.train([], [0.1], [], alpha=0.1, epochs=1),
        ValueError,
        "empty",
    ),
    "goal shape": (lambda: tinynn.learn(2, [0.1, 0.2], 0.8), ValueError, "one goal per output"),
    "rows vs goals": (
        lambda: tinynn.train([[1, 2], [3, 4]], [0.1, 0.2], [1.0], 0.1, 1),
        ValueError,
        "2 rows of inputs and 1 goals",
    ),
    "zero iterations": (
        lambda: tinynn.learn(0.5, 0.5, 0.8, iterations=0),
        ValueError,
        "at least 1, got 0",
    ),
    "float iterations": (
        lambda: tinynn.hot_and_cold(0.5, 0.5, 0.8, 0.001, 10.5),
        TypeError,
        "10.5",
    ),
    "step zero": (
        lambda: tinynn.hot_and_cold_step(0.5, 0.5, 0.8, 0),
        ValueError,
        "step_amount must be positive",
    ),
    "hidden size zero": (
        lambda: tinynn.init_weights(3, 0),
        ValueError,
        "hidden_size must be at least 1, got 0",
    ),
    "layer shapes": (lambda: tinynn.forward([1, 0], *START), ValueError, "2 inputs"),
    "hidden goals": (
        lambda: tinynn.train_hidden(STREETLIGHTS[0], [1, 1, 0, 0], *START, 0.1, 1),
        ValueError,
        "goal_preds must be a table",
    ),
    "frozen mask": (
        lambda: tinynn.gradient_descent_step([1, 2], [0.1, 0.2], 1.0, frozen=[0]),
        ValueError,
        "frozen must be True/False",
    ),
    "three dims": (lambda: tinynn.predict(np.zeros((1, 1, 1)), 1), ValueError, "shape (1, 1, 1)"),
    "numerical step": (
        lambda: tinynn.numerical_derivative(lambda w: w, 1.0, step=0),
        ValueError,
        "try 1e-5",
    ),
}


@pytest.mark.parametrize("name", BAD_CALLS)
def test_bad_input_says_what_is_wrong(name):
    call, error_type, words = BAD_CALLS[name]
    with pytest.raises(error_type) as caught:
        call()
    message = str(caught.value)
    assert words in message
    assert ":" in message, "every message ends with what to try, after a colon"


def test_divergence_warns_nobody_and_prints_nothing(capfd):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = tinynn.learn([2.0, 3.0], [0.5, 0.5], 0.8, alpha=1.0, iterations=2000)
        inputs, goals = tinynn.linear_data()
        tinynn.train(inputs, [0.2, 1.4, 30], goals, alpha=1.0, epochs=2000, batch=True)
        tinynn.train_hidden(*STREETLIGHTS, *START, 10.0, 60)
    assert history.diverged
    assert capfd.readouterr() == ("", "")
