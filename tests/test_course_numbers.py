"""Every number the course promises, reproduced by tinynn exactly (floats compared with ==).

Each promised number comes either from the source a chapter follows (the posts and notes on
*Grokking Deep Learning*, or the book itself), quoted here as it is printed there, or from a
loop written out by hand in this file, the book's way. None comes from tinynn's own output.
"""

import numpy as np

import tinynn

# ---------------------------------------------------------------------------------------------
# Chapters 1 to 4: numbers printed in the sources
# ---------------------------------------------------------------------------------------------


def test_chapter_1_the_network_that_learns_42():
    history = tinynn.learn(5, 42, 1.0, alpha=0.01, iterations=20)
    # The post prints all twenty errors; these are its first five and its last.
    printed = [1369.0, 770.0625, 433.16015625, 243.6525878906251, 137.05458068847665]
    assert history.errors[:5] == printed
    assert history.errors[-1] == 0.02447549348672308
    # The post says the prediction is "off by about 0.02": that is the squared error. The
    # trained prediction is 41.88, off by 0.12.
    final_pred = tinynn.predict(5, history.final_weights)
    assert round(final_pred, 2) == 41.88
    assert round(42 - final_pred, 2) == 0.12


def test_chapter_2_hot_and_cold():
    history = tinynn.hot_and_cold(0.5, 0.8, 0.5, step_amount=0.001, iterations=1101)
    assert history.errors[0] == 0.30250000000000005
    assert history.final_error == 1.0799505792475652e-27
    assert history.final_pred == 0.7999999999999672


def test_chapter_3_gradient_descent():
    history = tinynn.learn(0.5, 0.8, 0.5, iterations=20)
    assert history.preds[:3] == [0.25, 0.3875, 0.49062500000000003]
    assert history.final_error == 5.408208020258491e-06
    assert history.final_pred == 0.7976744445781151


def test_chapter_4_divergence_without_alpha():
    history = tinynn.learn(2, 0.8, 0.5, iterations=20)
    assert history.final_error == 5.403406870691965e16
    assert history.final_pred == -232452292.5999999
    assert history.diverged
    assert "smaller alpha" in history.message


def test_chapter_4_alpha_tames_it():
    history = tinynn.learn(2, 0.8, 0.5, alpha=0.1, iterations=20)
    assert history.final_error == 1.485277170987127e-10
    assert history.final_pred == 0.8000121871948003
    assert not history.diverged and history.message == ""


# ---------------------------------------------------------------------------------------------
# Chapter 5: the book's experiments, against its loops written out by hand
# ---------------------------------------------------------------------------------------------

TOES, WIN_LOSS, FANS = [8.5, 9.5, 9.9, 9.0], [0.65, 0.8, 0.8, 0.9], [1.2, 1.3, 0.5, 1.0]
FIRST_GAME = [TOES[0], WIN_LOSS[0], FANS[0]]


def book_weighted_sum(input, weights):
    output = 0
    for i in range(len(input)):
        output += input[i] * weights[i]
    return output


def book_many_inputs(weights, alpha, iterations, frozen_first=False):
    """The book's loop for several inputs and one output, printing what it prints."""
    lines = []
    for iteration in range(iterations):
        pred = book_weighted_sum(FIRST_GAME, weights)
        error = (pred - 1) ** 2
        delta = pred - 1
        weight_deltas = [delta * input for input in FIRST_GAME]
        if frozen_first:
            weight_deltas[0] = 0
        lines.append((pred, error, delta, list(weights), list(weight_deltas)))
        weights = [w - alpha * d for w, d in zip(weights, weight_deltas)]
    return lines, weights


def test_chapter_5_many_inputs_one_output():
    expected, final = book_many_inputs([0.1, 0.2, -0.1], alpha=0.01, iterations=3)
    history = tinynn.train([FIRST_GAME], [1], [0.1, 0.2, -0.1], alpha=0.01, iterations=3)
    for i, (pred, error, delta, weights, weight_deltas) in enumerate(expected):
        assert history.preds[i].tolist() == [pred]  # one prediction per row: one row
        assert history.errors[i] == error
        assert history.weights[i].tolist() == weights
        assert history.weight_deltas[i].tolist() == [weight_deltas]
    assert history.final_weights.tolist() == final
    # What the book prints for its first step.
    assert expected[0][0] == 0.8600000000000001
    assert expected[0][4] == [-1.189999999999999, -0.09099999999999994, -0.16799999999999987]


def test_chapter_5_a_frozen_weight():
    expected, final = book_many_inputs([0.1, 0.2, -0.1], 0.3, 3, frozen_first=True)
    history = tinynn.train(
        [FIRST_GAME], [1], [0.1, 0.2, -0.1], alpha=0.3, iterations=3, frozen=[True, False, False]
    )
    assert [d[0].tolist() for d in history.weight_deltas] == [line[4] for line in expected]
    assert history.errors == [line[1] for line in expected]
    assert history.final_weights.tolist() == final
    assert history.final_weights[0] == 0.1  # it never moved, yet the error fell
    assert history.errors[-1] < history.errors[0]


def test_chapter_5_one_input_many_outputs():
    input, weights, goals, alpha = 0.65, [0.3, 0.2, 0.9], [0.1, 1, 0.1], 0.1
    preds = [input * w for w in weights]
    deltas = [p - g for p, g in zip(preds, goals)]
    weight_deltas = [d * input for d in deltas]
    expected = [w - alpha * d for w, d in zip(weights, weight_deltas)]
    deltas = tinynn.predict(input, weights) - np.array(goals)
    assert tinynn.weight_deltas_for(input, deltas).tolist() == weight_deltas
    learned = np.array(weights) - alpha * tinynn.weight_deltas_for(input, deltas)
    assert learned.tolist() == expected


def test_chapter_5_many_inputs_many_outputs():
    weights = [[0.1, 0.1, -0.3], [0.1, 0.2, 0.0], [0.0, 1.3, 0.1]]  # one row per output
    goals, alpha = [0.1, 1, 0.1], 0.01
    preds = [book_weighted_sum(FIRST_GAME, row) for row in weights]
    deltas = [p - g for p, g in zip(preds, goals)]
    outer = [[d * input for input in FIRST_GAME] for d in deltas]
    expected = [[w - alpha * d for w, d in zip(row, row_d)] for row, row_d in zip(weights, outer)]
    pred = tinynn.weighted_sums(FIRST_GAME, weights)
    assert pred.tolist() == preds
    weight_deltas = tinynn.weight_deltas_for(FIRST_GAME, pred - np.array(goals))
    assert weight_deltas.tolist() == outer
    assert (np.array(weights) - alpha * weight_deltas).tolist() == expected


def test_chapter_5_recovers_the_true_weights():
    inputs, goal_preds = tinynn.linear_data()
    assert goal_preds[0] == 13.5  # the row [6, 5, 5]: 0.5 * 6 + 0.9 * 5 + 1.2 * 5
    history = tinynn.train(
        inputs, goal_preds, [0.2, 1.4, 30], alpha=0.01, iterations=2000, batch_size=8
    )
    assert np.round(history.final_weights, 6).tolist() == [0.5, 0.9, 1.2]
    # 500 updates are not enough: "about 2000" is a real claim.
    early = tinynn.train(
        inputs, goal_preds, [0.2, 1.4, 30], alpha=0.01, iterations=500, batch_size=8
    )
    assert np.round(early.final_weights, 6).tolist() != [0.5, 0.9, 1.2]


# ---------------------------------------------------------------------------------------------
# Chapter 6: the book's streetlights, against its loops written out by hand
# ---------------------------------------------------------------------------------------------

LEARNABLE_LIGHTS = [[1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 1], [0, 1, 1], [1, 0, 1]]
LEARNABLE_GOALS = [0, 1, 0, 1, 1, 0]


def test_chapter_6_one_streetlight_row():
    weights, alpha = [0.5, 0.48, -0.7], 0.1
    errors = []
    for iteration in range(20):
        pred = book_weighted_sum([1, 0, 1], weights)
        errors.append((pred - 0) ** 2)
        weights = [w - alpha * (pred - 0) * i for w, i in zip(weights, [1, 0, 1])]
    history = tinynn.train([[1, 0, 1]], [0], [0.5, 0.48, -0.7], alpha=0.1, iterations=20)
    assert history.errors == errors
    assert history.final_weights.tolist() == weights


def test_chapter_6_the_learnable_table_one_row_at_a_time():
    weights, alpha, pass_errors, preds = [0.5, 0.48, -0.7], 0.1, [], []
    for iteration in range(40):
        total = 0
        for row, goal in zip(LEARNABLE_LIGHTS, LEARNABLE_GOALS):
            pred = book_weighted_sum(row, weights)
            total += (pred - goal) ** 2
            preds.append(pred)
            weights = [w - alpha * (pred - goal) * i for w, i in zip(weights, row)]
        pass_errors.append(total)
    history = tinynn.train(LEARNABLE_LIGHTS, LEARNABLE_GOALS, [0.5, 0.48, -0.7], 0.1, 40)
    assert history.errors == pass_errors
    assert [float(p) for run in history.preds for p in run] == preds
    assert history.final_weights.tolist() == weights


def book_hidden_run(weights_0_1, weights_1_2, alpha, iterations):
    """The book's chapter 6 loop (`delta = goal - pred`, `weights += ...`), every pass's error."""
    lights, walk = tinynn.streetlights()
    errors = []
    for iteration in range(iterations):
        total = 0
        for i in range(len(lights)):
            layer_0 = lights[i : i + 1]
            layer_1 = np.maximum(np.dot(layer_0, weights_0_1), 0)
            layer_2 = np.dot(layer_1, weights_1_2)
            total += np.sum((layer_2 - walk[i : i + 1]) ** 2)
            layer_2_delta = walk[i : i + 1] - layer_2
            layer_1_delta = layer_2_delta.dot(weights_1_2.T) * (layer_1 > 0)
            weights_1_2 = weights_1_2 + alpha * layer_1.T.dot(layer_2_delta)
            weights_0_1 = weights_0_1 + alpha * layer_0.T.dot(layer_1_delta)
        errors.append(float(total))
    return errors


def test_chapter_6_the_books_own_run():
    """The book (seed 1, alpha 0.2) prints the error every 10th pass, in Python 2's 12 digits."""
    layer_0, walk_vs_stop = tinynn.streetlights()
    weights_0_1, weights_1_2 = tinynn.init_weights(3, 4, 1, seed=1)
    history = tinynn.train_hidden(layer_0, walk_vs_stop, weights_0_1, weights_1_2, 0.2, 60)
    assert history.errors == book_hidden_run(weights_0_1, weights_1_2, 0.2, 60)
    assert [f"{error:.12g}" for error in history.errors[9::10]] == [
        "0.634231159844",
        "0.358384076763",
        "0.0830183113303",
        "0.0064670549571",
        "0.000329266900075",
        "1.50556226651e-05",
    ]


def test_chapter_6_the_posts_run_with_alpha_01():
    layer_0, walk_vs_stop = tinynn.streetlights()
    start = tinynn.init_weights(3, 4, 1, seed=1)
    history = tinynn.train_hidden(layer_0, walk_vs_stop, *start, alpha=0.1, iterations=60)
    assert history.errors == book_hidden_run(*start, 0.1, 60)


def test_chapter_6_some_seeds_get_stuck_with_dead_relus():
    layer_0, walk_vs_stop = tinynn.streetlights()
    weights_0_1, weights_1_2 = tinynn.init_weights(3, 4, 1, seed=2)
    history = tinynn.train_hidden(layer_0, walk_vs_stop, weights_0_1, weights_1_2, 0.2, 60)
    assert history.errors == book_hidden_run(weights_0_1, weights_1_2, 0.2, 60)
    mean_error = history.final_error / len(layer_0)
    assert abs(mean_error - 0.25) < 0.01
    assert len(tinynn.dead_units(layer_0, history.final_weights[0])) >= 1
