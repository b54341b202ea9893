"""Chapter 5's exercises: answers no listed mistake explains, and what each answer means.
(Every listed mistake, the solution and the blank are tested in test_exercises.py.)"""

import numpy as np
from exercise_helpers import assert_not_yet, check_exercise

import tinynn
from tinynn import linear_data, train
from tinynn.exercises import ch05

GUESS = [0.2, 1.4, 30.0]


def mean_squared_error_of(history):
    inputs, _ = linear_data()
    return history.final_error / len(inputs)


def test_q1_weight_deltas_for_three_inputs():
    deltas = check_exercise(
        ch05.q1,
        wrong=[
            ([10.0, 0.88, 0.55], "my_weight_deltas[0] is too small"),
            ([10.89, 0.88], "it should be 3 numbers"),
            (12.0, "a single number"),
            (sum([10.89, 0.88, 0.55]), "added up"),
            ("10.89, 0.88, 0.55", "it should be numbers"),
            ([10.89, ..., 0.55], "fill in every number"),
        ],
    )
    # The book's way, written out: predict, compare, one delta * input per input.
    input, weights, goal_pred = [9.9, 0.8, 0.5], [0.1, 0.2, -0.1], 0
    pred = 0
    for i in range(3):
        pred += input[i] * weights[i]
    assert deltas == [(pred - goal_pred) * x for x in input]
    assert tinynn.weight_deltas_for(input, pred - goal_pred).tolist() == deltas
    # All positive (the team lost, the prediction was too high), so every weight goes down,
    # and the step lowers the error.
    assert all(delta > 0 for delta in deltas)
    history = tinynn.train([input], [goal_pred], weights, alpha=0.01, iterations=2)
    assert history.weight_deltas[0].tolist() == [deltas]
    assert history.errors[1] < history.errors[0]


def test_q1_says_the_sign_is_wrong_for_a_list_of_negated_deltas_in_another_order():
    result = assert_not_yet(ch05.q1, [-0.55, -0.88, -10.89])
    assert "wrong sign" in result.message


def test_q2_the_shape_of_the_weight_delta_table():
    shape = check_exercise(
        ch05.q2,
        wrong=[
            ((3, 3), "(rows, columns)"),
            ((2, 5, 1), "3 numbers"),
            ((1,), "1 number:"),
            ("2x5", "it should be numbers"),
        ],
    )
    # What tinynn gives for 5 inputs and 2 outputs: the weights' own shape.
    input, delta = np.arange(1.0, 6.0), np.array([0.5, -0.25])
    weights = np.zeros((2, 5))  # one row per output
    assert tinynn.weight_deltas_for(input, delta).shape == shape == weights.shape
    assert tinynn.weighted_sums(input, weights).shape == (2,)


def test_q3_what_a_frozen_weight_tells_you():
    floor = check_exercise(
        ch05.q3,
        wrong=[
            (0.5, ("too big", "run more iterations")),
            (0.3, "too small"),
            (-1.0, "too small"),
            ([0.46], "a single number"),
        ],
    )
    inputs, goal_preds = linear_data()
    # Least squares on the other two columns: no weights with the first at 0 do better.
    _, residual, _, _ = np.linalg.lstsq(inputs[:, 1:], goal_preds)
    assert np.isclose(floor, residual[0] / len(inputs), rtol=1e-9)
    # Twice as long, from elsewhere: the same floor, so it is where learning settles.
    longer = train(
        inputs, goal_preds, [0.0, -3.0, 3.0], 0.01, 4000, batch_size=8, frozen=[True, False, False]
    )
    assert np.isclose(mean_squared_error_of(longer), floor, rtol=1e-9)
    assert longer.final_weights[0] == 0.0
    # Above 0 (the first input was missing something), but far below the third input's floor.
    without_third = train(
        inputs, goal_preds, [0.2, 1.4, 0.0], 0.01, 2000, batch_size=8, frozen=[False, False, True]
    )
    assert 0.1 < floor < mean_squared_error_of(without_third) / 10


def test_q4_the_largest_alpha_for_the_data_set():
    alpha = check_exercise(
        ch05.q4,
        wrong=[
            (0.02, "bigger alphas"),
            (0.021, "bigger alphas"),
            (0.023, "diverges"),
            (0.1, "diverges"),
            (0.0, "above 0"),
            ("0.02", "it should be a number"),
        ],
    )
    inputs, goal_preds = linear_data()
    converges = train(inputs, goal_preds, GUESS, alpha=alpha, iterations=2000, batch_size=8)
    assert not converges.diverged and mean_squared_error_of(converges) < 1e-15
    # One step of 0.001 further diverges (300 iterations show it, before any overflow).
    further = train(inputs, goal_preds, GUESS, alpha=alpha + 0.001, iterations=300, batch_size=8)
    assert further.diverged
    # Above the always-safe bound of the chapter, below the first row's own edge.
    assert 2 / 98 < alpha < 2 / 86


def test_q4_accepts_any_alpha_up_to_the_exact_edge():
    assert ch05.q4.evaluate(0.0221).outcome == "correct"
    assert ch05.q4.evaluate(0.0222).outcome == "not_yet"
    run = train(*linear_data(), GUESS, alpha=0.0221, iterations=2000, batch_size=8)
    assert not run.diverged and run.errors[-1] < run.errors[0]
