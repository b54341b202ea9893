"""The benchmarks (`make bench`): the hand-written loops they time tinynn against keep the very
same history tinynn keeps, and the quick mode runs every workload and writes its JSON.

Nothing here asserts a time: timings belong in the benchmark's report, not in a test.
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

import tinynn
from tinynn.exercises.outcomes import CORRECT, NOT_ATTEMPTED, NOT_YET

ROOT = Path(__file__).resolve().parent.parent
WORKLOADS = ["streetlights", "digits", "single_weight", "chapters", "widgets", "import", "slopes"]
LEARNING = ["streetlights", "digits", "single_weight"]


@pytest.fixture
def benchmarks(monkeypatch):
    """The benchmarks package, which lives beside tinynn rather than inside it."""
    monkeypatch.syspath_prepend(str(ROOT))
    import benchmarks.by_hand
    import benchmarks.chapters
    import benchmarks.training

    return benchmarks


def test_by_hand_single_weight_keeps_tinynns_history(benchmarks):
    history = tinynn.learn(2.0, 0.8, 0.5, alpha=0.1, iterations=50)
    weights, preds, errors, weight_deltas, final = benchmarks.by_hand.single_weight(
        2.0, 0.8, 0.5, 0.1, 50
    )
    assert (weights, preds, errors) == (history.weights, history.preds, history.errors)
    assert (weight_deltas, final) == (history.weight_deltas, history.final_weights)


@pytest.mark.parametrize("batch_size", [1, 3])
def test_by_hand_hidden_layer_keeps_tinynns_history(benchmarks, batch_size):
    inputs, goal_preds = tinynn.streetlights()
    inputs, goal_preds = np.vstack([inputs, inputs[:1]]), np.vstack([goal_preds, [[1.0]]])
    start = tinynn.init_weights(3, 4, 1, seed=1)
    history = tinynn.train_hidden(inputs, goal_preds, *start, 0.2, 20, batch_size)
    weights, preds, errors, final = benchmarks.by_hand.hidden_layer(
        inputs, goal_preds, *start, 0.2, 20, batch_size
    )
    assert errors == history.errors
    for mine, theirs in zip(weights + [final], history.weights + [history.final_weights]):
        assert all(np.array_equal(a, b) for a, b in zip(mine, theirs))
    assert all(np.array_equal(a, b) for a, b in zip(preds, history.preds))


def test_the_digits_workload_trains_the_chapters_recipe_on_its_split(benchmarks):
    workload = benchmarks.training.digits(quick=True)
    inputs, goal_preds, weights_0_1, weights_1_2, alpha, passes, batch_size = workload["arguments"]
    assert np.array_equal(inputs, tinynn.split_digits()[0])  # the training rows, pixels / 16
    assert goal_preds.shape == (1297, 10) and np.all(goal_preds.sum(axis=1) == 1)
    assert weights_0_1.shape == (64, 128) and np.abs(weights_0_1).max() <= 0.1
    assert (alpha, passes, batch_size) == (0.3, 10, 32)


def test_contenders_that_disagree_are_caught(benchmarks):
    same = ([1.0, 0.5], 0.25)
    report = benchmarks.training.agree(
        {"tinynn": same, "numpy": same}, {"numpy": benchmarks.training.EXACT}
    )
    assert report["numpy"]["final_error_difference"] == 0.0
    with pytest.raises(AssertionError, match="numpy reached a final error"):
        benchmarks.training.agree(
            {"tinynn": same, "numpy": ([1.0, 0.5 + 1e-15], 0.25)},
            {"numpy": benchmarks.training.EXACT},
        )


@pytest.mark.kernel
def test_a_chapter_that_fails_is_reported_with_its_error_and_left_out_of_the_total(
    benchmarks, tmp_path
):
    def notebook(name, *cells):
        path = tmp_path / name
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
        nbformat.write(nb, path)
        return path

    fine = notebook("01_fine.ipynb", "x = 1", "print(x)")
    broken = notebook("02_broken.ipynb", "x = 1", "from tinynn import no_such_thing", "x = 2")
    shows_an_error = notebook("03_shows_an_error.ipynb", "1 / 0", "x = 3")
    shows_an_error_nb = nbformat.read(shows_an_error, as_version=4)
    shows_an_error_nb.cells[0].metadata["tags"] = ["raises-exception"]
    nbformat.write(shows_an_error_nb, shows_an_error)

    result = benchmarks.chapters.run(quick=True, chapters=[fine, broken, shows_an_error])
    ran = result["chapters"]
    assert ran["01_fine"]["status"] == ran["03_shows_an_error"]["status"] == "ok"
    assert ran["02_broken"]["status"] == "failed"
    assert ran["02_broken"]["error"].startswith("cell 2: ImportError: cannot import name")
    assert result["chapters_failed"] == ["02_broken"] and result["chapters_ran"] == 2
    assert result["total_s"] == ran["01_fine"]["median_s"] + ran["03_shows_an_error"]["median_s"]


@pytest.mark.kernel
def test_quick_mode_measures_every_workload_and_the_contenders_agree(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--quick", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads(out.read_text())
    assert report["quick"] is True
    assert sorted(report["workloads"]) == sorted(WORKLOADS)
    for name, entry in report["workloads"].items():
        assert "error" not in entry, f"{name}: {entry.get('error')}"
    try:
        import torch  # noqa: F401
    except ImportError:
        torch_contenders = []
    else:
        torch_contenders = ["torch"]
    for name in LEARNING:
        entry = report["workloads"][name]
        assert sorted(entry["contenders"]) == sorted(["tinynn", "numpy", *torch_contenders])
        for contender in entry["contenders"].values():
            assert len(contender["runs"]) == entry["repeats"] and contender["median_s"] > 0
        agreement = entry["agreement"]
        assert agreement["numpy"]["final_error"] == agreement["tinynn"]["final_error"]
        assert agreement["numpy"]["largest_weight_difference"] == 0.0
        for contender in torch_contenders:
            assert agreement[contender]["final_error_difference"] <= 1e-9
        assert set(entry["ratios"]) == {f"tinynn/{c}" for c in ["numpy", *torch_contenders]}
    chapters = report["workloads"]["chapters"]
    assert chapters["chapters"], "no chapters were run"
    for chapter in chapters["chapters"].values():
        assert chapter["status"] in ("ok", "failed") and chapter["median_s"] > 0
        assert (chapter["status"] == "failed") == bool(chapter["error"])
    widgets = report["workloads"]["widgets"]
    assert widgets["widgets"] or widgets["notes"]
    for widget in widgets["widgets"].values():
        assert widget["updates"] > 0 and widget["p95_s"] >= widget["median_s"] > 0
    assert set(report["workloads"]["import"]["contenders"]) >= {"tinynn", "tinynn with plots"}
    assert report["machine"]["cpu_count"] >= 1 and report["machine"]["numpy"] == np.__version__
    assert all(target["met"] in (True, False, None) for target in report["targets"])
    assert out.with_suffix(".md").read_text().startswith("Measured with")


# ---------------------------------------------------------------------------------------------
# bench_grading: the arithmetic of the scaling mode, and the class it builds
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def bench_grading(benchmarks):
    import benchmarks.bench_grading

    return benchmarks.bench_grading


def run(learners, jobs, seconds, notebooks=80, memory_mb=0.0):
    return {
        "learners": learners,
        "jobs": jobs,
        "seconds": seconds,
        "notebooks": notebooks,
        "memory_mb": memory_mb,
    }


def test_the_projection_gives_back_what_was_measured_and_shares_the_work_among_cores(
    bench_grading,
):
    measured = [run(10, 1, 240.0), run(10, 2, 150.0, memory_mb=900.0), run(30, 2, 420.0, 240)]
    found = bench_grading.projection(measured, 4000, (2, 4, 16))
    assert found["learners"] == 10  # the one size graded with both settings
    assert found["core_seconds"] == 3.0
    assert found["efficiency"] == pytest.approx(3.0 / (2 * 150 / 80))
    two, four = found["cores"][2], found["cores"][4]
    assert two["seconds_a_notebook"] == pytest.approx(150 / 80)  # what --jobs 2 measured
    assert two["hours"] == pytest.approx(4000 * 150 / 80 / 3600)
    assert four["seconds_a_notebook"] == pytest.approx(two["seconds_a_notebook"] / 2)
    assert found["cores"][16]["memory_mb"] == pytest.approx(16 * 900.0 / 2)


def test_the_projection_says_what_it_needs(bench_grading):
    with pytest.raises(ValueError, match="two --jobs settings"):
        bench_grading.projection([run(10, 2, 150.0), run(30, 1, 400.0)], 4000, (2,))


def test_only_the_smallest_class_is_graded_with_every_jobs_setting_and_the_order_alternates(
    bench_grading,
):
    assert bench_grading.plan([10, 30, 60], [1, 2]) == [(10, 1), (10, 2), (30, 2), (60, 2)]
    every = bench_grading.plan([10, 30, 60], [1, 2], every=True)
    assert every == [(10, 1), (10, 2), (30, 2), (30, 1), (60, 1), (60, 2)]


def test_class_sizes_are_read_from_the_command_line_or_refused(bench_grading):
    assert bench_grading.numbers("30,10,30") == [10, 30]
    for text in ("", "ten", "0,10"):
        with pytest.raises(argparse.ArgumentTypeError, match="positive whole numbers"):
            bench_grading.numbers(text)


@pytest.mark.parametrize("key", ["ch03.q1", "ch03.q3"])
def test_the_bench_class_hands_in_right_blank_and_wrong_answers(bench_grading, key):
    from exercise_helpers import answer_from, blank_cell, outcome_of

    from tinynn.exercises import ch03

    exercise = getattr(ch03, key.split(".")[1])
    blank = blank_cell(exercise)
    given = {turn: bench_grading.answer(key, exercise.source, blank, turn) for turn in range(4)}
    outcomes = {
        turn: outcome_of(exercise, answer_from(source)).outcome for turn, source in given.items()
    }
    assert outcomes == {0: NOT_ATTEMPTED, 1: NOT_YET, 2: CORRECT, 3: CORRECT}
