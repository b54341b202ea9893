"""Besides the six workloads: why backpropagation (chapter 6) beats finite differences
(chapter 3), more so the more weights a network has.

For networks of growing size: one call of `tinynn.backprop` (timed over 100) against one call
of `tinynn.numerical_gradient` for every weight, taking turns. Both must give the same slopes
first (`compare_gradients` under 1e-7, asserted).
"""

import numpy as np

import tinynn
from benchmarks import timing

# (inputs, hidden units, outputs, rows)
SHAPES = [(3, 4, 1, 4), (8, 16, 1, 16), (64, 40, 10, 100)]
BACKPROP_CALLS = 100


def one_net(n_inputs, hidden_size, n_outputs, rows):
    random = np.random.default_rng(0)
    layer_0 = random.random((rows, n_inputs))
    goal_preds = random.random((rows, n_outputs))
    weights_0_1, weights_1_2 = tinynn.init_weights(n_inputs, hidden_size, n_outputs, seed=0)

    def error_of(weights_0_1, weights_1_2):
        return tinynn.network_error(layer_0, goal_preds, weights_0_1, weights_1_2)

    def by_backprop():  # one call is too quick to time alone
        for call in range(BACKPROP_CALLS):
            tinynn.backprop(layer_0, goal_preds, weights_0_1, weights_1_2)

    def by_finite_differences():
        tinynn.numerical_gradient(error_of, [weights_0_1, weights_1_2])

    difference = tinynn.compare_gradients(layer_0, goal_preds, weights_0_1, weights_1_2)
    assert difference < 1e-7, f"backprop and finite differences differ by {difference:.1e}"
    contenders = {"backprop": by_backprop, "finite_differences": by_finite_differences}
    runs = timing.take_turns(contenders, 3, warm=False)  # ratios of thousands: no need
    runs["backprop"] = [seconds / BACKPROP_CALLS for seconds in runs["backprop"]]
    contenders = timing.summary(runs)
    ratio = contenders["finite_differences"]["median_s"] / contenders["backprop"]["median_s"]
    return {
        "weights": weights_0_1.size + weights_1_2.size,
        "contenders": contenders,
        "ratios": {"finite_differences/backprop": ratio},
        "agreement": {"relative_difference": difference, "tolerance": 1e-7},
    }


def run(quick=False):
    nets = {}
    for n_inputs, hidden_size, n_outputs, rows in SHAPES[:2] if quick else SHAPES:
        name = f"{n_inputs}-{hidden_size}-{n_outputs} net, {rows} rows"
        nets[name] = one_net(n_inputs, hidden_size, n_outputs, rows)
    return {
        "description": "one gradient by finite differences against one by backprop",
        "nets": nets,
    }
