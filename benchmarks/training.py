"""Workloads 1 to 3: learning loops, tinynn against the same loop by hand in NumPy and PyTorch.

1. streetlights: the 3-4-1 network of chapter 6, one update per row, 1,000 passes.
2. digits: chapter 7's training, as the chapter does it: its fixed split of the shipped digits
   (1,297 training rows, pixels / 16, one-hot goals), a 64-128-10 net drawn small (seed 1,
   scale 0.1), alpha 0.3, batches of 32, 100 passes (10 in quick mode).
3. single weight: gradient descent on one weight, 10,000 steps (chapters 3 and 4).

Before anything is timed, every contender runs once and must reach tinynn's final error:
exactly, for the NumPy loops (the same arithmetic in the same order), and within a stated
tolerance for PyTorch (its matrix products may add up in another order).
"""

import math

import numpy as np

import tinynn
from benchmarks import by_hand, timing
from tinynn.exercises import ch07 as chapter_7

try:
    from benchmarks import by_torch
except ImportError:  # PyTorch isn't installed: its contender is skipped, with a note
    by_torch = None

EXACT = {"rel_tol": 0.0, "abs_tol": 0.0}
# Errors start near 1; a sum of squared errors this close is the same up to rounding.
CLOSE = {"rel_tol": 1e-9, "abs_tol": 1e-12}


def streetlights(quick):
    inputs, goal_preds = tinynn.streetlights()
    weights_0_1, weights_1_2 = tinynn.init_weights(3, 4, 1, seed=1)
    return {
        "description": "streetlights 3-4-1 net, one update per row, 1,000 passes (chapter 6)",
        "arguments": (inputs, goal_preds, weights_0_1, weights_1_2, 0.2, 1000, 1),
        "repeats": 3 if quick else 9,
    }


def digits(quick):
    inputs, labels, _, _ = tinynn.split_digits()
    goal_preds = np.eye(10)[labels]
    recipe = chapter_7.RECIPE
    weights_0_1, weights_1_2 = tinynn.init_weights(
        64,
        recipe["hidden_size"],
        10,
        seed=chapter_7.WEIGHT_SEED,
        scale=chapter_7.WEIGHT_SCALE,
    )
    passes = 10 if quick else recipe["iterations"]
    arguments = (inputs, goal_preds, weights_0_1, weights_1_2, recipe["alpha"], passes)
    return {
        "description": (
            f"chapter 7's digits: 64-128-10 net, {len(inputs):,} training rows, batches "
            f"of {recipe['batch_size']}, {passes} passes"
        ),
        "data": "tinynn.split_digits(): the chapter 7 split's 1,297 training rows",
        "passes": passes,
        "arguments": (*arguments, recipe["batch_size"]),
        "repeats": 3 if quick else 9,
    }


def single_weight(quick):
    return {
        "description": "one weight, gradient descent, 10,000 steps (chapters 3 and 4)",
        "arguments": (2.0, 0.8, 0.5, 0.1, 10_000),
        "repeats": 7 if quick else 21,
    }


def hidden_layer_contenders(arguments):
    """Each contender as a function that learns and returns (errors, final weights)."""

    def with_tinynn():
        history = tinynn.train_hidden(*arguments)
        return history.errors, history.final_weights

    def with_numpy():
        weights, preds, errors, final_weights = by_hand.hidden_layer(*arguments)
        return errors, final_weights

    def with_torch():
        weights, preds, errors, final_weights = by_torch.hidden_layer(*arguments)
        return errors, final_weights

    return with_tinynn, with_numpy, with_torch


def single_weight_contenders(arguments):
    def with_tinynn():
        history = tinynn.learn(*arguments)
        return history.errors, history.final_weights

    def with_numpy():
        weights, preds, errors, weight_deltas, final_weight = by_hand.single_weight(*arguments)
        return errors, final_weight

    def with_torch():
        weights, preds, errors, weight_deltas, final_weight = by_torch.single_weight(*arguments)
        return errors, final_weight

    return with_tinynn, with_numpy, with_torch


WORKLOADS = {
    "streetlights": (streetlights, hidden_layer_contenders),
    "digits": (digits, hidden_layer_contenders),
    "single_weight": (single_weight, single_weight_contenders),
}


def run(name, quick=False):
    """Check that the contenders agree, then time them taking turns. Returns the JSON entry."""
    make_problem, make_contenders = WORKLOADS[name]
    problem = make_problem(quick)
    with_tinynn, with_numpy, with_torch = make_contenders(problem["arguments"])
    contenders = {"tinynn": with_tinynn, "numpy": with_numpy}
    tolerances = {"numpy": EXACT}
    notes = []
    if by_torch is None:
        notes.append("PyTorch is not installed, so it was skipped: pip install torch==2.13.0")
    else:
        contenders["torch"] = with_torch
        tolerances["torch"] = CLOSE
    agreement = agree({each: function() for each, function in contenders.items()}, tolerances)
    runs = timing.take_turns(contenders, problem["repeats"])
    results = timing.summary(runs)
    entry = {
        "description": problem["description"],
        "contenders": results,
        "ratios": timing.ratios(results),
        "agreement": agreement,
        "repeats": problem["repeats"],
        "notes": notes,
    }
    for key in ("data", "passes"):
        if key in problem:
            entry[key] = problem[key]
    return entry


def agree(outcomes, tolerances):
    """How close each contender came to tinynn; raises AssertionError if one is too far."""
    errors, final_weights = outcomes["tinynn"]
    report = {"tinynn": {"final_error": float(errors[-1])}}
    for name, tolerance in tolerances.items():
        other_errors, other_weights = outcomes[name]
        final_error = float(other_errors[-1])
        report[name] = {
            "final_error": final_error,
            "final_error_difference": abs(final_error - float(errors[-1])),
            "largest_error_difference": float(
                np.max(np.abs(np.subtract(errors, np.asarray(other_errors, dtype=np.float64))))
            ),
            "largest_weight_difference": largest_difference(final_weights, other_weights),
            "tolerance": tolerance,
        }
        assert math.isclose(final_error, errors[-1], **tolerance), (
            f"{name} reached a final error of {final_error!r}, tinynn {errors[-1]!r}: "
            f"further apart than {tolerance}"
        )
    return report


def largest_difference(weights, other_weights):
    """The biggest difference between two sets of weights (a float, or a tuple of arrays)."""
    if not isinstance(weights, tuple):
        weights, other_weights = (weights,), (other_weights,)
    return max(float(np.max(np.abs(np.subtract(a, b)))) for a, b in zip(weights, other_weights))
