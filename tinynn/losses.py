"""Compare: how far a prediction is from the goal, as one number that is never negative."""

import numpy as np

from tinynn import _checks


def squared_error(pred, goal_pred):
    """`(pred - goal_pred) ** 2` (chapter 1): the miss, squared, so it is never negative and
    big misses count for much more than small ones.

    Two numbers give a float; arrays give one squared error per prediction.
    """
    pred = _checks.scalar_or_array("pred", pred)
    goal_pred = _checks.scalar_or_array("goal_pred", goal_pred)
    if np.shape(pred) != np.shape(goal_pred):
        raise ValueError(
            f"pred and goal_pred must have the same shape, got {np.shape(pred)} and "
            f"{np.shape(goal_pred)}: compare each prediction with its own goal"
        )
    return square(pred - goal_pred)


def mean_squared_error(preds, goal_preds):
    """The average of the squared errors over a whole data set (chapter 5), as a float."""
    return float(np.mean(squared_error(preds, goal_preds)))


def square(delta):
    """`delta ** 2`, giving infinity instead of an OverflowError when a float gets too big."""
    if isinstance(delta, float):
        try:
            return delta**2
        except OverflowError:
            return float("inf")
    with np.errstate(over="ignore", invalid="ignore"):
        return delta**2


def network_error(layer_0, goal_pred, weights_0_1, weights_1_2):
    """The squared error of a one-hidden-layer network, summed over its outputs and rows."""
    from tinynn.network import forward

    _, layer_2 = forward(layer_0, weights_0_1, weights_1_2)
    goal_pred = _checks.array("goal_pred", goal_pred)
    if goal_pred.size != layer_2.size:
        raise ValueError(
            f"goal_pred must have one goal per prediction, {layer_2.shape}, got {goal_pred.shape}"
        )
    return float(np.sum(square(layer_2 - goal_pred.reshape(layer_2.shape))))
