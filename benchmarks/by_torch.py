"""The same learning in PyTorch, eager mode on the CPU, the way a PyTorch user writes it:
float64 tensors, autograd for the weight deltas, and the update under `torch.no_grad()`.

Same starting weights, same update order, same history as tinynn (Python floats for the
errors, as `loss.item()` gives them; copies of the weights and the outputs as tensors).
Autograd's gradient of the squared error is twice the book's weight delta, so each loop
differentiates half of it: `0.5 * error`, whose gradient is exactly the book's weight delta.
PyTorch's thread count is left at its default (the report records it).
"""

import torch


def single_weight(input, goal_pred, weight, alpha, iterations):
    """Gradient descent on one weight; returns the four lists and the final weight."""
    weight = torch.tensor(weight, dtype=torch.float64, requires_grad=True)
    weights, preds, errors, weight_deltas = [], [], [], []
    for iteration in range(iterations):
        pred = input * weight
        error = (pred - goal_pred) ** 2
        (0.5 * error).backward()
        weights.append(weight.item())
        preds.append(pred.item())
        errors.append(error.item())
        weight_deltas.append(weight.grad.item())
        with torch.no_grad():
            weight -= alpha * weight.grad
        weight.grad = None
    return weights, preds, errors, weight_deltas, weight.item()


def hidden_layer(inputs, goal_preds, weights_0_1, weights_1_2, alpha, iterations, batch_size=1):
    """A relu network with one hidden layer, `batch_size` rows per update; NumPy arrays in,
    the history out (the weights as NumPy arrays)."""
    inputs, goal_preds = torch.from_numpy(inputs), torch.from_numpy(goal_preds)
    weights_0_1 = torch.tensor(weights_0_1, dtype=torch.float64, requires_grad=True)
    weights_1_2 = torch.tensor(weights_1_2, dtype=torch.float64, requires_grad=True)
    weights, preds, errors = [], [], []
    for iteration in range(iterations):
        weights.append((weights_0_1.detach().clone(), weights_1_2.detach().clone()))
        layer_2_error, outputs = 0.0, []
        for i in range(0, len(inputs), batch_size):
            layer_0 = inputs[i : i + batch_size]
            goal_pred = goal_preds[i : i + batch_size]
            layer_2 = torch.relu(layer_0 @ weights_0_1) @ weights_1_2
            error = ((layer_2 - goal_pred) ** 2).sum()
            (0.5 * error).backward()
            layer_2_error += error.item()
            outputs.append(layer_2.detach())
            alpha_per_row = alpha / len(layer_0)
            with torch.no_grad():
                weights_1_2 -= alpha_per_row * weights_1_2.grad
                weights_0_1 -= alpha_per_row * weights_0_1.grad
            weights_0_1.grad, weights_1_2.grad = None, None
        errors.append(layer_2_error)
        preds.append(torch.cat(outputs))
    final = (weights_0_1.detach().numpy(), weights_1_2.detach().numpy())
    return weights, preds, errors, final
