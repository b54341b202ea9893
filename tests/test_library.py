"""What tinynn computes, checked against the arithmetic written out by hand."""

import numpy as np
import pytest

import tinynn


def test_each_shape_of_network_has_its_function():
    assert tinynn.predict(0.5, 0.8) == 0.4  # chapter 1: one input, one weight
    assert tinynn.predict(2, [0.1, 0.2]).tolist() == [0.2, 0.4]  # one input, several outputs
    assert tinynn.weighted_sum([1, 2, 3], [0.5, 0.9, 1.2]) == 0.5 + 1.8 + 3.5999999999999996
    table = [[1, 0, 0], [0, 2, 0]]  # several inputs and outputs: one row per output
    assert tinynn.weighted_sums([3, 4, 5], table).tolist() == [3.0, 8.0]
    with pytest.raises(TypeError, match="weighted_sum"):
        tinynn.predict([1, 2, 3], [0.5, 0.9, 1.2])  # several inputs need a weighted sum


def test_weighted_sum_of_a_table_is_each_rows_in_the_books_order():
    rows = np.array([[0.1, 0.2, 0.3], [8.5, 0.65, 1.2], [1.0, 1.0, 1.0]])
    weights = np.array([0.7, 0.11, 0.13])
    from tinynn import network

    together = network.weighted_sum(rows, weights)
    assert together.tolist() == [tinynn.weighted_sum(row, weights) for row in rows]


def test_scalars_come_back_as_python_floats():
    assert type(tinynn.predict(1, 2)) is float
    assert type(tinynn.weighted_sum([1, 2], [3, 4])) is float
    assert type(tinynn.squared_error(1, 3)) is float
    assert type(tinynn.gradient_descent_step(1, 0.8, 0.5)) is float
    assert type(tinynn.numerical_derivative(lambda w: w * w, 3.0)) is float


def test_weighted_sum_adds_left_to_right_like_the_book():
    inputs, weights = [0.1, 0.2, 0.3], [0.7, 0.11, 0.13]
    expected = 0
    for input, weight in zip(inputs, weights):
        expected += input * weight
    assert tinynn.weighted_sum(inputs, weights) == expected


def test_hot_and_cold_step_moves_toward_the_goal_and_stays_when_tied():
    assert tinynn.hot_and_cold_step(0.5, 0.8, 0.5, 0.001) == 0.501
    assert tinynn.hot_and_cold_step(0.5, 0.8, 2.0, 0.001) == 1.999
    assert tinynn.hot_and_cold_step(0.0, 0.8, 0.5, 0.001) == 0.5


def test_gradient_descent_step_is_chapter_3s_for_one_weight():
    assert tinynn.gradient_descent_step(0.5, 0.8, 0.5) == 0.5 - (0.5 * 0.5 - 0.8) * 0.5
    assert tinynn.gradient_descent_step(2, 0.8, 0.5, alpha=0.1) == 0.5 - 0.1 * ((1.0 - 0.8) * 2)
    with pytest.raises(TypeError, match="weight must be a number"):
        tinynn.gradient_descent_step(0.5, 0.8, [0.5, 0.2])


def test_frozen_weights_stay_put_while_the_others_learn():
    inputs, weights = [[8.5, 0.65, 1.2]], [0.1, 0.2, -0.1]
    history = tinynn.train(
        inputs, [1.0], weights, alpha=0.3, iterations=3, frozen=[True, False, False]
    )
    assert history.final_weights[0] == 0.1
    assert history.final_weights[1] != 0.2
    assert history.errors[-1] < history.errors[0]
    assert [deltas[0, 0] for deltas in history.weight_deltas] == [0.0, 0.0, 0.0]


def test_history_records_before_each_update():
    history = tinynn.learn(0.5, 0.8, 0.5, iterations=2)
    assert history.weights[0] == 0.5
    assert history.preds[1] == 0.5 * history.weights[1]
    assert history.weight_deltas[1] == (history.preds[1] - 0.8) * 0.5
    assert history.final_weights == tinynn.gradient_descent_step(0.5, 0.8, history.weights[1])


def test_history_show_prints_like_the_book(capsys):
    tinynn.learn(0.5, 0.8, 0.5, iterations=20).show(every=10)
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "Error: 5.408208020258491e-06 Prediction: 0.7976744445781151"
    assert len(lines) == 2


def test_per_row_training_is_the_book_loop():
    inputs, goal_preds = tinynn.linear_data(rows=4)
    weights = np.array([0.2, 1.4, 30.0])
    history = tinynn.train(inputs, goal_preds, weights, alpha=0.001, iterations=2)
    expected, total = weights.copy(), 0.0
    for row, goal in zip(inputs, goal_preds):
        delta = tinynn.weighted_sum(row, expected) - goal
        total += delta**2
        expected = expected - 0.001 * (delta * row)
    assert history.errors[0] == total
    assert history.weights[1].tolist() == expected.tolist()


def test_backprop_matches_a_hand_written_pass():
    layer_0 = np.array([[1.0, 0.0, 1.0]])
    weights_0_1, weights_1_2 = tinynn.init_weights(3, 4, 1, seed=1)
    layer_1 = np.maximum(layer_0 @ weights_0_1, 0)
    layer_2 = layer_1 @ weights_1_2
    layer_2_delta = layer_2 - 1.0
    layer_1_delta = (layer_2_delta @ weights_1_2.T) * (layer_1 > 0)
    deltas_0_1, deltas_1_2, pred = tinynn.backprop(layer_0, [1.0], weights_0_1, weights_1_2)
    assert np.allclose(deltas_1_2, layer_1.T @ layer_2_delta, rtol=0, atol=1e-15)
    assert np.allclose(deltas_0_1, layer_0.T @ layer_1_delta, rtol=0, atol=1e-15)
    assert pred.tolist() == layer_2.tolist()


def test_the_true_slope_at_half_alpha_is_the_book_run_exactly():
    """The seed post uses the true slope (2 * delta ...) with alpha 0.1; the book drops the 2
    and uses alpha 0.2. Doubling is exact in floating point, so the runs agree to the last bit."""
    layer_0, goals = tinynn.streetlights()
    weights_0_1, weights_1_2 = tinynn.init_weights(3, 4, 1, seed=1)
    history = tinynn.train_hidden(layer_0, goals, weights_0_1, weights_1_2, 0.2, 5)
    for _ in range(5):
        for row, goal in zip(layer_0, goals):
            deltas_0_1, deltas_1_2, _ = tinynn.backprop(row, goal, weights_0_1, weights_1_2)
            weights_1_2 = weights_1_2 - 0.1 * (2 * deltas_1_2)
            weights_0_1 = weights_0_1 - 0.1 * (2 * deltas_0_1)
    assert history.final_weights[0].tolist() == weights_0_1.tolist()
    assert history.final_weights[1].tolist() == weights_1_2.tolist()


def test_finite_differences_and_backprop_train_the_same_from_the_same_start():
    """The source's "resetting to the initial weights" reset nothing; from a true reset, the
    two ways of getting slopes give the same training curve."""
    layer_0, goals = tinynn.streetlights()
    start = tinynn.init_weights(3, 4, 1, seed=0)
    weights = [w.copy() for w in start]
    numerical_errors = []
    for _ in range(10):
        total = 0.0
        for row, goal in zip(layer_0, goals):
            total += tinynn.network_error(row, goal, *weights)
            slopes = tinynn.numerical_gradient(
                lambda w01, w12, row=row, goal=goal: tinynn.network_error(row, goal, w01, w12),
                weights,
            )
            weights = [w - 0.1 * s for w, s in zip(weights, slopes)]
        numerical_errors.append(total)
    backprop_errors = tinynn.train_hidden(layer_0, goals, *start, alpha=0.2, iterations=10).errors
    assert np.allclose(numerical_errors, backprop_errors, rtol=1e-7, atol=0)


def test_init_weights_draws_like_the_books_global_seed():
    state = np.random.get_state()
    try:
        np.random.seed(1)
        expected_0_1 = 2 * np.random.random((3, 4)) - 1
        expected_1_2 = 2 * np.random.random((4, 1)) - 1
    finally:
        np.random.set_state(state)
    before = np.random.get_state()[1].copy()
    weights_0_1, weights_1_2 = tinynn.init_weights(3, 4, 1, seed=1)
    assert weights_0_1.tolist() == expected_0_1.tolist()
    assert weights_1_2.tolist() == expected_1_2.tolist()
    assert (np.random.get_state()[1] == before).all(), "init_weights must not touch the global seed"


def test_mini_batches_average_the_weight_deltas():
    layer_0, goals = tinynn.streetlights()
    start = tinynn.init_weights(3, 4, 1, seed=0)
    history = tinynn.train_hidden(layer_0, goals, *start, alpha=0.1, iterations=1, batch_size=4)
    deltas_0_1, deltas_1_2, _ = tinynn.backprop(layer_0, goals, *start)
    assert np.allclose(history.final_weights[0], start[0] - 0.1 * deltas_0_1 / 4)
    assert np.allclose(history.final_weights[1], start[1] - 0.1 * deltas_1_2 / 4)


def test_linear_data_is_seeded_and_exact():
    first, second = tinynn.linear_data(seed=3), tinynn.linear_data(seed=3)
    assert first[0].tolist() == second[0].tolist()
    assert tinynn.linear_data(seed=4)[0].tolist() != first[0].tolist()
    for row, goal in zip(*first):
        assert tinynn.weighted_sum(row, [0.5, 0.9, 1.2]) == goal


def test_divergence_stops_before_nan_and_says_what_to_try():
    history = tinynn.learn(2, 0.8, 0.5, iterations=5000)
    assert history.diverged
    assert len(history) < 5000
    assert not np.isnan(history.errors).any()
    assert "alpha" in history.message
    inputs, goal_preds = tinynn.linear_data()
    data_set = tinynn.train(
        inputs, goal_preds, [0.2, 1.4, 30], alpha=0.1, iterations=50, batch_size=8
    )
    assert data_set.diverged and "alpha" in data_set.message
    assert not tinynn.train(inputs, goal_preds, [0.2, 1.4, 30], alpha=0.01, iterations=50).diverged


@pytest.mark.parametrize("module", ["tinynn", "tinynn.plots", "tinynn.widgets"])
def test_importing_draws_in_nothing_heavy(module):
    import subprocess
    import sys

    code = f"import sys, {module}; print('matplotlib' in sys.modules, 'ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_show_source_shows_the_library_code_itself():
    import inspect

    from tinynn.source import show_source

    shown = show_source(tinynn.squared_error)
    assert repr(shown) == inspect.getsource(tinynn.squared_error)
    assert shown._repr_markdown_().startswith("```python\ndef squared_error(")
    page = shown._repr_html_()
    assert page.startswith('<pre style="font-family: monospace;')
    assert "squared_error" in page and "<script" not in page


def test_the_shown_source_is_the_arithmetic_alone():
    """What `show_source` shows holds no checking: the checks live in the public wrapper."""
    import inspect

    from tinynn import learning, network

    for function in (tinynn.predict, tinynn.learn, tinynn.squared_error, tinynn.train_hidden):
        source = inspect.getsource(function)
        assert "arguments" not in source and "np.errstate" not in source and "raise" not in source
    assert inspect.getsource(tinynn.learn) == inspect.getsource(learning.learn)
    assert inspect.signature(tinynn.predict) == inspect.signature(network.predict)
    assert tinynn.learn.__doc__ == learning.learn.__doc__


def test_weight_deltas_are_the_books_for_every_shape():
    assert tinynn.weight_deltas_for(2.0, 0.5) == 1.0
    assert tinynn.weight_deltas_for([8.5, 0.65], -0.14).tolist() == [-0.14 * 8.5, -0.14 * 0.65]
    assert tinynn.weight_deltas_for(0.65, [0.1, -0.2]).tolist() == [0.1 * 0.65, -0.2 * 0.65]
    table = tinynn.weight_deltas_for([1.0, 2.0, 3.0], [0.5, -1.0])
    assert table.tolist() == [[0.5, 1.0, 1.5], [-1.0, -2.0, -3.0]]  # one row per output
    frozen = tinynn.weight_deltas_for(
        [1.0, 2.0, 3.0], [0.5, -1.0], frozen=[[True] * 3, [False] * 3]
    )
    assert frozen.tolist() == [[0.0, 0.0, 0.0], [-1.0, -2.0, -3.0]]


def test_frozen_must_fit_the_weights_and_be_true_or_false():
    assert tinynn.weight_deltas_for(0.5, 0.3, frozen=True) == 0.0
    assert tinynn.weight_deltas_for(0.5, 0.3, frozen=False) == 0.3 * 0.5
    for wrong in ("nonsense", [1, 0, 0], [True, False], 1, 0.5):
        with pytest.raises((TypeError, ValueError), match="frozen"):
            tinynn.train([[1.0, 2.0, 3.0]], [1.0], [0.1, 0.2, 0.3], 0.1, 1, frozen=wrong)


def test_learn_is_one_weight_and_says_where_many_go():
    with pytest.raises(TypeError, match="weight must be a number"):
        tinynn.learn(2.0, 0.8, [0.5, 0.5])
    with pytest.raises(TypeError, match="input must be a number"):
        tinynn.learn([2.0, 3.0], 0.8, 0.5)


def test_a_batch_of_every_row_learns_from_their_average():
    inputs, goal_preds = tinynn.linear_data(rows=4)
    weights = np.array([0.2, 1.4, 30.0])
    history = tinynn.train(inputs, goal_preds, weights, alpha=0.001, iterations=1, batch_size=4)
    deltas = [
        (tinynn.weighted_sum(row, weights) - goal) * row for row, goal in zip(inputs, goal_preds)
    ]
    assert history.final_weights.tolist() == (weights - 0.001 * np.mean(deltas, axis=0)).tolist()
    halves = tinynn.train(inputs, goal_preds, weights, alpha=0.001, iterations=1, batch_size=2)
    first = weights - 0.001 * np.mean(deltas[:2], axis=0)
    assert halves.weights[0].tolist() == weights.tolist()
    assert not np.array_equal(halves.final_weights, history.final_weights)
    second = [
        (tinynn.weighted_sum(row, first) - goal) * row
        for row, goal in zip(inputs[2:], goal_preds[2:])
    ]
    assert halves.final_weights.tolist() == (first - 0.001 * np.mean(second, axis=0)).tolist()


def test_train_hidden_takes_one_goal_per_row_for_a_single_output():
    layer_0, goals = tinynn.streetlights()
    start = tinynn.init_weights(3, 4, 1, seed=1)
    as_table = tinynn.train_hidden(layer_0, goals, *start, alpha=0.2, iterations=10)
    as_list = tinynn.train_hidden(layer_0, [1, 1, 0, 0], *start, alpha=0.2, iterations=10)
    assert as_list.errors == as_table.errors


def test_a_huge_alpha_gives_a_diverged_history_not_an_error():
    inputs, goal_preds = tinynn.linear_data()
    for history in (
        tinynn.train([[2.0, 3.0]], [0.8], [0.5, 0.5], alpha=1e200, iterations=50),
        tinynn.learn(2.0, 0.8, 0.5, alpha=1e300, iterations=50),
        tinynn.train(inputs, goal_preds, [0.2, 1.4, 30], alpha=1e100, iterations=50),
        tinynn.train(inputs, goal_preds, [0.2, 1.4, 30], alpha=1e100, iterations=50, batch_size=8),
    ):
        assert history.diverged and "smaller alpha" in history.message
        assert np.all(np.isfinite(np.array(history.errors, dtype=float)))


def test_an_error_too_big_for_a_float_ends_the_history_where_it_overflowed():
    history = tinynn.learn(2, 0.8, 0.5, iterations=1000)
    assert 300 < len(history) < 1000 and history.diverged
    assert "too big for a float" in history.message
    # The final weights are where the overflowing iteration started: one update past the last.
    last = tinynn.gradient_descent_step(2, 0.8, history.weights[-1])
    assert history.final_weights == last
    assert type(history.final_weights) is float and type(history.errors[-1]) is float


def test_relu_gives_plain_zeros_and_numbers_come_back_plain():
    assert tinynn.relu(-2.0) == 0.0 and str(tinynn.relu(-2.0)) == "0.0"
    assert tinynn.relu([1.0, -2.0]).tolist() == [1.0, 0.0]
    assert str(tinynn.relu(np.array([-1.0]))[0]) == "0.0"  # not -0.0
    assert type(tinynn.mean_squared_error([1.0, 2.0], [1.0, 1.0])) is float
    assert type(tinynn.network_error([1, 0, 1], 1, *tinynn.init_weights(3, 4))) is float
    assert tinynn.contraction_factor(1e200) == -float("inf")
    assert tinynn.learning_regime(2e154, 0.1) == "diverges"
    assert tinynn.squared_error(1e200, 0) == float("inf")


def test_history_says_clearly_when_it_is_empty_or_asked_nonsense():
    empty = tinynn.History()
    with pytest.raises(ValueError, match="no iterations yet"):
        _ = empty.final_error
    assert repr(empty) == "History(no iterations yet)"
    with pytest.raises(ValueError, match="every must be a whole number"):
        tinynn.learn(0.5, 0.8, 0.5).show(every=0)
