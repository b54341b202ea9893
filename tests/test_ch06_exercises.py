"""Chapter 6's exercises: answers no listed mistake explains, and what each answer means.
(Every listed mistake, the solution and the blank are tested in test_exercises.py.)"""

import numpy as np
from exercise_helpers import assert_correct, assert_not_yet, check_exercise

from tinynn import (
    backprop,
    dead_units,
    forward,
    init_weights,
    network_error,
    numerical_gradient,
    relu,
    relu_deriv,
    streetlights,
    train,
    train_hidden,
)
from tinynn.exercises import ch06

LIGHTS, WALK = streetlights()


def test_q1_hidden_deltas_by_hand():
    solution = check_exercise(
        ch06.q1,
        name="my_layer_1_delta",
        wrong=[
            ([0.0, 0.0, 0.0], "my_layer_1_delta[0] is too big"),
            ([-0.356, 0.445], "it should be 3 numbers"),
            (-0.89, "a single number"),
        ],
    )
    # What the answer means: backprop's weight deltas for weights_0_1 are layer_0 times these,
    # and light 0 is on, so its row of them is exactly the hidden deltas.
    layer_0 = np.array([1.0, 0.0, 1.0])
    weights_0_1 = np.array([[0.5, -0.2, 0.1], [0.3, 0.4, -0.6], [-0.1, 0.3, -0.3]])
    weights_1_2 = np.array([[0.4], [-0.5], [0.2]])
    deltas_0_1, _, pred = backprop(layer_0, 1.0, weights_0_1, weights_1_2)
    assert np.allclose(deltas_0_1[0], solution)
    assert not deltas_0_1[1].any()  # light 1 is off
    assert abs(pred[0, 0] - 0.11) < 1e-12
    assert solution[2] == 0  # unit 2 is off for this row


def test_q1_accepts_the_answer_worked_out_in_code():
    layer_0 = np.array([1.0, 0.0, 1.0])
    weights_0_1 = np.array([[0.5, -0.2, 0.1], [0.3, 0.4, -0.6], [-0.1, 0.3, -0.3]])
    weights_1_2 = np.array([[0.4], [-0.5], [0.2]])
    layer_1 = relu(layer_0.dot(weights_0_1))
    delta = layer_1.dot(weights_1_2) - 1.0
    assert_correct(ch06.q1, delta.dot(weights_1_2.T) * relu_deriv(layer_1))


def test_q2_the_fix_agrees_with_finite_differences_and_the_bug_does_not():
    solution = check_exercise(ch06.q2, wrong=[])
    weights_0_1, weights_1_2 = init_weights(3, 4, 1, seed=1)
    row, goal = LIGHTS[2:3], WALK[2:3]  # the row the chapter suggests

    def error_of(w01, w12):
        return network_error(row, goal, w01, w12)

    slopes_0_1, slopes_1_2 = numerical_gradient(error_of, [weights_0_1, weights_1_2])
    fixed_0_1, fixed_1_2 = solution(row, goal, weights_0_1, weights_1_2)
    assert np.allclose(2 * fixed_0_1, slopes_0_1, atol=1e-8)
    assert np.allclose(2 * fixed_1_2, slopes_1_2, atol=1e-8)
    # The check in the chapter finds the bug: weights_1_2's slopes agree, weights_0_1's don't.
    buggy_0_1, buggy_1_2 = ch06.buggy_backprop(row, goal, weights_0_1, weights_1_2)
    assert np.allclose(2 * buggy_1_2, slopes_1_2, atol=1e-8)
    assert not np.allclose(2 * buggy_0_1, slopes_0_1, atol=1e-3)


def test_q2_says_what_came_back_when_it_is_not_two_arrays():
    assert_not_yet(ch06.q2, 3.0, "expected a function")
    assert_not_yet(ch06.q2, lambda *args: backprop(*args), "returned 3 things")

    def my_backprop(layer_0, goal_pred, weights_0_1, weights_1_2):
        deltas_0_1, deltas_1_2, _ = backprop(layer_0, goal_pred, weights_0_1, weights_1_2)
        return deltas_0_1, 3 * deltas_1_2

    result = assert_not_yet(ch06.q2, my_backprop, "weight_deltas_1_2[", "numerical")
    assert "the second array my_backprop(lights[0:1], walk_vs_stop[0:1], weights_0_1, " in (
        result.message
    )
    assert "with weights_0_1, weights_1_2 = init_weights(3, 4, 1, seed=1)" in result.message


def test_q2_a_fix_that_tests_the_weighted_sum_instead_of_the_output_is_right():
    def my_backprop(layer_0, goal_pred, weights_0_1, weights_1_2):
        sums = layer_0.dot(weights_0_1)
        layer_1 = relu(sums)
        layer_2_delta = layer_1.dot(weights_1_2) - goal_pred
        layer_1_delta = layer_2_delta.dot(weights_1_2.T) * (sums > 0)
        return layer_0.T.dot(layer_1_delta), layer_1.T.dot(layer_2_delta)

    assert_correct(ch06.q2, my_backprop)


def test_q2_a_function_that_changes_its_arguments_is_told():
    def my_backprop(layer_0, goal_pred, weights_0_1, weights_1_2):
        deltas_0_1, deltas_1_2, _ = backprop(layer_0, goal_pred, weights_0_1, weights_1_2)
        weights_0_1 -= 0.2 * deltas_0_1  # learning in place, as the post did
        return deltas_0_1, deltas_1_2

    assert_not_yet(ch06.q2, my_backprop, "changed the values it was given")


def test_q3_dead_units_of_seed_16():
    solution = check_exercise(
        ch06.q3,
        name="my_dead_units",
        wrong=[
            ([2], ("isn't the list of dead units yet", "down each unit's column")),
            (3, "is a count"),
            ([0, 1, 2, 3], "off on some row"),
        ],
    )
    history = train_hidden(LIGHTS, WALK, *init_weights(3, 4, 1, seed=16), 0.2, 60)
    weights_0_1, weights_1_2 = history.final_weights
    assert list(solution) == dead_units(LIGHTS, weights_0_1) == [0, 2, 3]
    # Dead units learn nothing: their weights are the same ten iterations later.
    later = train_hidden(LIGHTS, WALK, weights_0_1, weights_1_2, 0.2, 10).final_weights[0]
    assert np.array_equal(later[:, solution], weights_0_1[:, solution])
    # One more died on the way (the mistake that lists the start's dead units is real)...
    assert dead_units(LIGHTS, init_weights(3, 4, 1, seed=16)[0]) == [0, 3]
    # ...and the two walk rows no unit fires for make the summed error of 2.
    layer_1, layer_2 = forward(LIGHTS, weights_0_1, weights_1_2)
    assert np.flatnonzero(~layer_1.any(axis=1)).tolist() == [0, 1, 3]
    assert abs(history.final_error - 2) < 1e-3


def test_q3_accepts_a_numpy_array_and_a_tuple():
    assert_correct(ch06.q3, np.array([0, 2, 3]))
    assert_correct(ch06.q3, (0, 2, 3))


def test_q4_one_layers_best_predictions():
    best = check_exercise(
        ch06.q4,
        name="my_best_preds",
        wrong=[
            ([0.5, 0.1, -0.4, 0.9], "is too small"),
            ([0.75, -0.25, 0.25], "it should be 4 numbers"),
            (0.25, "a single number"),
        ],
    )
    # What they mean: the gap between the goals shared evenly, a summed error of 0.25, the
    # smallest one layer can reach (least squares agrees).
    goals = np.array([1.0, 0.0, 0.0, 0.0])
    assert np.allclose(best, [0.75, -0.25, 0.25, 0.25])
    assert np.isclose(best[0] + best[1], best[2] + best[3])
    assert np.allclose(np.sum((best - goals) ** 2), 0.25)
    _, residual, _, _ = np.linalg.lstsq(LIGHTS, goals, rcond=None)
    assert np.isclose(residual[0], 0.25)


def test_q4_accepts_a_learned_answer_but_not_an_unsettled_one():
    settled = train(
        LIGHTS, [1, 0, 0, 0], [0.5, 0.48, -0.7], alpha=0.1, iterations=600, batch_size=4
    )
    assert_correct(ch06.q4, settled.final_pred)
    one_row = train(LIGHTS, [1, 0, 0, 0], [0.5, 0.48, -0.7], alpha=0.1, iterations=2000)
    assert_not_yet(ch06.q4, one_row.final_pred, "batch_size=4")
    assert_not_yet(ch06.q4, [1, 0, 0, 0], "the goals themselves")
    assert_not_yet(ch06.q4, [-0.25, -0.25, 0.25, 0.25], "the misses")


def test_q2_investigating_a_plain_row_works_as_the_chapter_does():
    """Sections 5 and 6 use plain rows (lights[0]); buggy_backprop takes them too."""
    start = init_weights(3, 4, 1, seed=1)
    plain = ch06.buggy_backprop(LIGHTS[2], WALK[2], *start)
    table = ch06.buggy_backprop(LIGHTS[2:3], WALK[2:3], *start)
    assert all(np.array_equal(a, b) for a, b in zip(plain, table))


def test_q2_a_wrapper_round_tinynns_backprop_is_noticed():
    result = assert_not_yet(ch06.q2, lambda *arguments: backprop(*arguments)[:2], "backprop")
    assert "write its lines yourself" in result.message
