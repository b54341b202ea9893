"""Every number COURSE.md promises, reproduced from tinynn exactly (floats compared with ==)."""

import numpy as np

import tinynn


def test_chapter_1_the_network_that_learns_42():
    history = tinynn.learn(5, 1.0, 42, alpha=0.01, iterations=20)
    assert history.errors[0] == 1369.0
    assert history.errors[-1] == 0.02447549348672308
    # The source says the prediction is "off by about 0.02": that is the squared error.
    final_pred = tinynn.predict(5, history.final_weights)
    assert round(final_pred, 2) == 41.88
    assert round(42 - final_pred, 2) == 0.12


def test_chapter_1_every_printed_error():
    printed = [1369.0, 770.0625, 433.16015625, 243.6525878906251, 137.05458068847665]
    assert tinynn.learn(5, 1.0, 42, alpha=0.01, iterations=5).errors == printed


def test_chapter_2_hot_and_cold():
    history = tinynn.hot_and_cold(0.5, 0.5, 0.8, step_amount=0.001, iterations=1101)
    assert history.errors[0] == 0.30250000000000005
    assert history.final_error == 1.0799505792475652e-27
    assert history.final_pred == 0.7999999999999672


def test_chapter_3_gradient_descent():
    history = tinynn.learn(0.5, 0.5, 0.8, iterations=20)
    assert history.preds[:3] == [0.25, 0.3875, 0.49062500000000003]
    assert history.final_error == 5.408208020258491e-06
    assert history.final_pred == 0.7976744445781151


def test_chapter_4_divergence_without_alpha():
    history = tinynn.learn(2, 0.5, 0.8, iterations=20)
    assert history.final_error == 5.403406870691965e16
    assert history.final_pred == -232452292.5999999
    assert history.diverged
    assert "smaller alpha" in history.message


def test_chapter_4_alpha_tames_it():
    history = tinynn.learn(2, 0.5, 0.8, alpha=0.1, iterations=20)
    assert history.final_error == 1.485277170987127e-10
    assert history.final_pred == 0.8000121871948003
    assert not history.diverged and history.message == ""


def test_chapter_5_recovers_the_true_weights():
    inputs, goal_preds = tinynn.linear_data()
    assert goal_preds[0] == 13.5
    history = tinynn.train(inputs, [0.2, 1.4, 30], goal_preds, alpha=0.01, epochs=2000, batch=True)
    assert np.round(history.final_weights, 6).tolist() == [0.5, 0.9, 1.2]
    # 500 updates are not enough: "about 2000" is a real claim.
    early = tinynn.train(inputs, [0.2, 1.4, 30], goal_preds, alpha=0.01, epochs=500, batch=True)
    assert np.round(early.final_weights, 6).tolist() != [0.5, 0.9, 1.2]


def test_chapter_6_the_books_own_run():
    """The book's chapter 6 (seed 1, alpha 0.2) prints these six errors, every 10th pass."""
    layer_0, walk_vs_stop = tinynn.streetlights()
    weights_0_1, weights_1_2 = tinynn.init_weights(3, 4, 1, seed=1)
    history = tinynn.train_hidden(layer_0, walk_vs_stop, weights_0_1, weights_1_2, 0.2, 60)
    assert [f"{error:.12g}" for error in history.errors[9::10]] == [
        "0.634231159844",
        "0.358384076763",
        "0.0830183113303",
        "0.0064670549571",
        "0.000329266900075",
        "1.50556226651e-05",
    ]


def test_chapter_6_streetlights_learned_from_a_fixed_seed():
    layer_0, walk_vs_stop = tinynn.streetlights()
    weights_0_1, weights_1_2 = tinynn.init_weights(3, 4, 1, seed=0)
    history = tinynn.train_hidden(layer_0, walk_vs_stop, weights_0_1, weights_1_2, 0.2, 60)
    assert history.final_error < 1e-6
    _, layer_2 = tinynn.forward([1, 0, 1], *history.final_weights)
    assert abs(float(layer_2[0]) - 1) < 1e-3


def test_chapter_6_some_seeds_get_stuck_with_dead_relus():
    layer_0, walk_vs_stop = tinynn.streetlights()
    weights_0_1, weights_1_2 = tinynn.init_weights(3, 4, 1, seed=2)
    history = tinynn.train_hidden(layer_0, walk_vs_stop, weights_0_1, weights_1_2, 0.2, 60)
    mean_error = history.final_error / len(layer_0)
    assert abs(mean_error - 0.25) < 0.01
    layer_1, _ = tinynn.forward(layer_0, *history.final_weights)
    dead_units = np.all(layer_1 == 0, axis=0)
    assert dead_units.sum() >= 1
