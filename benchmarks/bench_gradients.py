"""How much faster backpropagation is than finite differences, and how tinynn's backprop
compares with PyTorch's autograd (when PyTorch is installed: `pip install torch==2.13.0`).

Run: `make bench` (or `.venv/bin/python benchmarks/bench_gradients.py`). Every figure is a ratio
of two timings taken side by side in this one run, so it means the same on any machine.
"""

import timeit

import numpy as np

import tinynn

REPEATS = 5


def best_time(function, number):
    """The best of REPEATS runs of `number` calls, per call, in seconds."""
    return min(timeit.repeat(function, number=number, repeat=REPEATS)) / number


def gradients_by_both_ways(n_inputs, hidden_size, n_outputs, rows):
    rng = np.random.default_rng(0)
    layer_0 = rng.random((rows, n_inputs))
    goal_preds = rng.random((rows, n_outputs))
    weights = tinynn.init_weights(n_inputs, hidden_size, n_outputs, seed=0)

    def by_backprop():
        tinynn.backprop(layer_0, goal_preds, *weights)

    def by_finite_differences():
        tinynn.numerical_gradient(
            lambda w01, w12: tinynn.network_error(layer_0, goal_preds, w01, w12), list(weights)
        )

    n_weights = sum(w.size for w in weights)
    backprop_time = best_time(by_backprop, 200)
    numerical_time = best_time(by_finite_differences, 1)
    label = f"{n_inputs}-{hidden_size}-{n_outputs} net, {rows} rows ({n_weights} weights)"
    print(f"{label:45} finite differences take {numerical_time / backprop_time:10,.0f}x backprop")


def against_pytorch(n_inputs=64, hidden_size=40, n_outputs=10, rows=100):
    try:
        import torch
    except ImportError:
        print("PyTorch is not installed: skipped the comparison (pip install torch==2.13.0)")
        return
    rng = np.random.default_rng(0)
    layer_0 = rng.random((rows, n_inputs))
    goal_preds = rng.random((rows, n_outputs))
    weights = tinynn.init_weights(n_inputs, hidden_size, n_outputs, seed=0)
    t_layer_0, t_goals = torch.tensor(layer_0), torch.tensor(goal_preds)
    t_weights = [torch.tensor(w, requires_grad=True) for w in weights]

    def by_tinynn():
        tinynn.backprop(layer_0, goal_preds, *weights)

    def by_torch():
        for w in t_weights:
            w.grad = None
        layer_2 = torch.relu(t_layer_0 @ t_weights[0]) @ t_weights[1]
        (0.5 * ((layer_2 - t_goals) ** 2).sum()).backward()

    by_torch()
    deltas = tinynn.backprop(layer_0, goal_preds, *weights)[:2]
    torch_slopes = [w.grad.numpy() for w in t_weights]
    agreement = tinynn.relative_difference(list(deltas), torch_slopes)
    ratio = best_time(by_tinynn, 500) / best_time(by_torch, 500)
    print(f"tinynn backprop vs PyTorch autograd (float64, {rows} rows): {ratio:.2f}x the time;")
    print(f"  same slopes to a relative difference of {agreement:.1e}")


if __name__ == "__main__":
    for shape in [(3, 4, 1, 4), (8, 16, 1, 16), (64, 40, 10, 100)]:
        gradients_by_both_ways(*shape)
    against_pytorch()
