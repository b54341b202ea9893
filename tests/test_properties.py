"""Properties that hold for every input, tried on many random ones by hypothesis."""

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import tinynn

small = st.floats(-2, 2, allow_nan=False, allow_infinity=False)


@st.composite
def networks(draw):
    n_inputs = draw(st.integers(1, 4))
    hidden = draw(st.integers(1, 5))
    n_outputs = draw(st.integers(1, 3))
    rows = draw(st.integers(1, 3))
    layer_0 = draw(arrays(np.float64, (rows, n_inputs), elements=small))
    goals = draw(arrays(np.float64, (rows, n_outputs), elements=small))
    weights_0_1 = draw(arrays(np.float64, (n_inputs, hidden), elements=small))
    weights_1_2 = draw(arrays(np.float64, (hidden, n_outputs), elements=small))
    return layer_0, goals, weights_0_1, weights_1_2


@settings(max_examples=200, deadline=None)
@given(networks())
def test_backprop_agrees_with_finite_differences(network):
    layer_0, goals, weights_0_1, weights_1_2 = network
    # Nudging a weight across relu's corner changes the slope; stay clear of the corners.
    assume(np.all(np.abs(layer_0 @ weights_0_1) > 1e-3))
    _, deltas_1_2, _ = tinynn.backprop(layer_0, goals, weights_0_1, weights_1_2)
    assume(np.max(np.abs(deltas_1_2)) > 1e-3)
    assert tinynn.compare_gradients(layer_0, goals, weights_0_1, weights_1_2) < 1e-7


@settings(max_examples=300, deadline=None)
@given(small, small, small, st.floats(0.01, 1.0))
def test_a_small_enough_alpha_always_lowers_the_error(input, weight, goal_pred, fraction):
    assume(abs(input) > 1e-3 and abs(input * weight - goal_pred) > 1e-6)
    alpha = fraction / input**2  # below 2 / input**2, where the steps start to overshoot
    before = tinynn.squared_error(tinynn.predict(input, weight), goal_pred)
    new_weight = tinynn.gradient_descent_step(input, goal_pred, weight, alpha=alpha)
    after = tinynn.squared_error(tinynn.predict(input, new_weight), goal_pred)
    assert after < before


@settings(max_examples=50, deadline=None)
@given(networks())
def test_no_function_changes_its_arguments(network):
    arguments = [a.copy() for a in network]
    layer_0, goals, weights_0_1, weights_1_2 = network
    tinynn.forward(layer_0, weights_0_1, weights_1_2)
    tinynn.backprop(layer_0, goals, weights_0_1, weights_1_2)
    tinynn.compare_gradients(layer_0, goals, weights_0_1, weights_1_2)
    tinynn.numerical_gradient(
        lambda w01, w12: tinynn.network_error(layer_0, goals, w01, w12), [weights_0_1, weights_1_2]
    )
    tinynn.train_hidden(layer_0, goals, weights_0_1, weights_1_2, alpha=0.1, iterations=2)
    tinynn.train_hidden(layer_0, goals, weights_0_1, weights_1_2, 0.1, 2, batch_size=2)
    inputs, goal_preds, weights = layer_0, goals[:, 0], weights_0_1[:, 0]
    tinynn.train(inputs, goal_preds, weights, alpha=0.1, iterations=2)
    tinynn.train(inputs, goal_preds, weights, 0.1, 2, batch_size=len(inputs), frozen=weights > 0)
    tinynn.weighted_sums(inputs[0], weights_0_1.T)
    tinynn.weight_deltas_for(inputs[0], goals[0, 0], frozen=weights > 0)
    tinynn.weight_deltas_for(inputs[0], weights_1_2[:, 0])
    for before, after in zip(arguments, [layer_0, goals, weights_0_1, weights_1_2]):
        assert np.array_equal(before, after)
