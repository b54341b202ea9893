"""The instructor's tools: the answer key, the grader, and the learner's progress display.

Most tests run small notebooks built here for the stand-in chapter `ch99` (tests/fixtures);
the last ones run `key` and `grade` over the real chapter notebooks.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from tinynn import grading
from tinynn.__main__ import main

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"

sys.path.insert(0, str(FIXTURES))
import ch99  # noqa: E402

STUB = "\n    # your code here\n    raise NotImplementedError"
BLANKS = {
    "ch99.q1": "def my_predict(input, weight):" + STUB,
    "ch99.q2": "my_error = ...  # your answer",
    "ch99.q3": "def my_weight_deltas(inputs, delta):" + STUB,
}
CHECKS = {
    "ch99.q1": "ch99.q1.check(my_predict)",
    "ch99.q2": "ch99.q2.check(my_error)",
    "ch99.q3": "ch99.q3.check(my_weight_deltas)",
}


@pytest.fixture(autouse=True)
def stand_in_chapter(monkeypatch):
    """Make `ch99` importable here (as tinynn.exercises.ch99) and in the kernels we start."""
    monkeypatch.setitem(sys.modules, "tinynn.exercises.ch99", ch99)
    monkeypatch.setenv("PYTHONPATH", str(FIXTURES))


def exercise_cell(key, source=None):
    cell = new_code_cell(BLANKS[key] if source is None else source)
    cell.metadata["tags"] = [f"exercise:{key}"]
    return cell


def demo_notebook(answers=None):
    """A chapter-shaped notebook: setup, then each exercise cell followed by its check."""
    answers = answers or {}
    cells = [new_markdown_cell("# A stand-in chapter"), new_code_cell("import ch99")]
    for key in BLANKS:
        cells += [exercise_cell(key, answers.get(key)), new_code_cell(CHECKS[key])]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def write(nb, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def outcomes(rows):
    return [(row.exercise, row.outcome) for row in rows]


# ---------------------------------------------------------------------------------------------
# grade
# ---------------------------------------------------------------------------------------------


@pytest.mark.kernel
def test_grading_the_blank_notebook_finds_every_exercise_not_attempted(tmp_path):
    path = write(demo_notebook(), tmp_path / "99_demo.ipynb")
    before = path.read_bytes()
    rows = grading.grade([path], timeout=30)
    assert outcomes(rows) == [
        ("ch99.q1", "not_attempted"),
        ("ch99.q2", "not_attempted"),
        ("ch99.q3", "not_attempted"),
    ]
    assert {row.notebook for row in rows} == {"99_demo.ipynb"}
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["99_demo.ipynb"]


@pytest.mark.kernel
def test_grading_reads_right_wrong_and_raising_answers_and_survives_moved_cells(tmp_path):
    nb = demo_notebook(
        {
            "ch99.q1": "def my_predict(input, weight):\n    return input + weight",
            "ch99.q2": "my_error = (1.0 - 0.5) ** 2",
            "ch99.q3": "def my_weight_deltas(inputs, delta):\n    return inputs[5]",
        }
    )
    # The learner adds scratch cells and moves the q2 exercise and its check to the end.
    nb.cells.insert(2, new_code_cell("print('trying things')"))
    nb.cells.append(new_markdown_cell("my notes"))
    q2 = [i for i, c in enumerate(nb.cells) if "ch99.q2" in str(c)]
    moved = [nb.cells[i] for i in q2]
    nb.cells = [c for i, c in enumerate(nb.cells) if i not in q2] + moved
    rows = grading.grade([write(nb, tmp_path / "99_demo.ipynb")], timeout=30)
    assert outcomes(rows) == [
        ("ch99.q1", "not_yet"),
        ("ch99.q2", "correct"),
        ("ch99.q3", "raised"),
    ]
    assert rows[0].message == "my_predict(0.5, 2.0) is too big: a prediction is input times weight"
    assert rows[2].message.startswith("my_weight_deltas([1.0, 2.0, 3.0], 0.5) raised IndexError")


@pytest.mark.kernel
def test_a_broken_notebook_is_reported_problem_by_problem_and_left_unchanged(tmp_path):
    nb = demo_notebook(
        {
            # an endless loop inside the learner's function: the check's own time limit stops it
            "ch99.q1": "def my_predict(input, weight):\n    while True:\n        pass",
            # a syntax error in the exercise cell
            "ch99.q3": "def my_weight_deltas(inputs, delta) return inputs",
        }
    )
    nb.cells.insert(2, new_code_cell("while True:\n    pass"))  # an endless loop in a cell
    del nb.cells[5]  # the learner deleted the q2 exercise cell (its check cell is still there)
    path = write(nb, tmp_path / "99_broken.ipynb")
    before = path.read_bytes()
    rows = grading.grade([path], timeout=8)
    assert [(r.exercise, r.outcome, r.message) for r in rows] == [
        ("ch99.q1", "timed_out", "your code took longer than 2 seconds (an endless loop?)"),
        ("ch99.q2", "missing", "no cell is tagged exercise:ch99.q2 (was it deleted?)"),
        ("ch99.q3", "error", "cell 7 raised SyntaxError: expected ':' (line 1)"),
        ("-", "timed_out", "cell 3 ran longer than 8 seconds (an endless loop?)"),
    ]
    assert path.read_bytes() == before


@pytest.mark.kernel
def test_a_cell_that_swallows_the_interrupt_stops_only_that_notebook(tmp_path):
    stubborn = "import time\nwhile True:\n    try:\n        time.sleep(0.1)\n"
    stubborn += "    except BaseException:\n        pass\n"
    nb = demo_notebook({"ch99.q2": "my_error = 0.25"})
    nb.cells.insert(2, new_code_cell(stubborn))
    # An output saved from an earlier session says "correct"; it must not count.
    saved = ch99.q2.evaluate(0.25)
    data, metadata = saved._repr_mimebundle_()
    nb.cells[6].outputs = [nbformat.v4.new_output("display_data", data=data, metadata=metadata)]
    path = write(nb, tmp_path / "99_stuck.ipynb")
    good = write(demo_notebook({"ch99.q2": "my_error = 0.25"}), tmp_path / "99_good.ipynb")
    rows = grading.grade([path, good], timeout=3)
    stuck = [r for r in rows if r.notebook == "99_stuck.ipynb"]
    assert outcomes(stuck) == [
        ("ch99.q1", "not_run"),
        ("ch99.q2", "not_run"),
        ("ch99.q3", "not_run"),
        ("-", "timed_out"),
    ]
    assert stuck[0].message == "the notebook stopped at cell 3, which never ended"
    good_rows = [r for r in rows if r.notebook == "99_good.ipynb"]
    assert ("ch99.q2", "correct") in outcomes(good_rows)


@pytest.mark.kernel
def test_files_that_are_not_notebooks_are_reported_and_grading_goes_on(tmp_path):
    (tmp_path / "98_bad.ipynb").write_text('{"cells": [', encoding="utf-8")
    (tmp_path / "97_list.ipynb").write_text("[1, 2]", encoding="utf-8")
    (tmp_path / "96_binary.ipynb").write_bytes(b"\xff\xfe\x00")
    write(demo_notebook(), tmp_path / "99_demo.ipynb")
    rows = grading.grade([tmp_path, tmp_path / "nowhere.ipynb"], timeout=30)
    assert [(r.notebook, r.outcome, r.message) for r in rows if r.exercise == "-"] == [
        ("96_binary.ipynb", "unreadable", "can't read it as text (UnicodeDecodeError)"),
        ("97_list.ipynb", "unreadable", "not a Jupyter notebook (no cells)"),
        ("98_bad.ipynb", "unreadable", "not valid JSON (line 1): is it a notebook?"),
        ("nowhere.ipynb", "unreadable", "no such file"),
    ]
    assert outcomes(rows[3:6]) == [(k, "not_attempted") for k in BLANKS]


@pytest.mark.kernel
def test_a_notebook_without_exercises_says_so(tmp_path):
    nb = new_notebook(cells=[new_code_cell("x = 1")])
    rows = grading.grade([write(nb, tmp_path / "notes.ipynb")], timeout=30)
    assert outcomes(rows) == [("-", "no_exercises")]


def test_the_table_and_json_list_every_row_and_the_totals():
    rows = [
        grading.Row("01_a.ipynb", "ch01.q1", "correct", "Right: a remark for the learner"),
        grading.Row("01_a.ipynb", "ch01.q2", "not_yet", "my_predict(1.0) is too big"),
        grading.Row("02_b.ipynb", "-", "unreadable", "not valid JSON (line 1)"),
    ]
    assert grading.table(rows).splitlines() == [
        "notebook    exercise  outcome     message",
        "-----------------------------------------",
        "01_a.ipynb  ch01.q1   correct",
        "01_a.ipynb  ch01.q2   not yet     my_predict(1.0) is too big",
        "02_b.ipynb  -         unreadable  not valid JSON (line 1)",
        "",
        "Totals: 1 correct, 1 not yet, 1 unreadable (2 exercises in 2 notebooks)",
    ]
    assert grading.as_json(rows)["totals"] == {"correct": 1, "not_yet": 1, "unreadable": 1}
    assert grading.as_json(rows)["rows"][1] == {
        "notebook": "01_a.ipynb",
        "exercise": "ch01.q2",
        "outcome": "not_yet",
        "message": "my_predict(1.0) is too big",
        "learner": "",
        "path": "",
    }


# ---------------------------------------------------------------------------------------------
# key
# ---------------------------------------------------------------------------------------------


@pytest.mark.kernel
def test_the_key_fills_in_the_solutions_and_grades_correct(tmp_path):
    nb = demo_notebook()
    nb.cells.insert(3, new_code_cell("# a cell the instructor added"))
    source = write(nb, tmp_path / "chapters" / "99_demo.ipynb")
    before = source.read_bytes()
    rows = grading.key([source.parent], tmp_path / "key")
    assert outcomes(rows) == [(k, "filled") for k in BLANKS]
    assert source.read_bytes() == before
    key_nb = nbformat.read(tmp_path / "key" / "99_demo.ipynb", as_version=4)
    filled = {tag: c.source for c in key_nb.cells for tag in grading.exercise_tags(c)}
    assert filled == {k: getattr(ch99, k.split(".")[1]).source.rstrip("\n") for k in BLANKS}
    graded = grading.grade([tmp_path / "key"], timeout=30)
    assert outcomes(graded) == [(k, "correct") for k in BLANKS]


def test_the_key_reports_a_missing_exercise_cell_and_never_overwrites(tmp_path):
    nb = demo_notebook()
    del nb.cells[2]
    source = write(nb, tmp_path / "99_demo.ipynb")
    rows = grading.key([source], tmp_path / "key")
    assert outcomes(rows) == [
        ("ch99.q1", "missing"),
        ("ch99.q2", "filled"),
        ("ch99.q3", "filled"),
    ]
    before = source.read_bytes()
    same = grading.key([source], tmp_path)
    assert outcomes(same) == [("-", "error")]
    assert source.read_bytes() == before


# ---------------------------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------------------------


def run_cli(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "tinynn", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


@pytest.mark.kernel
def test_the_command_line_writes_a_key_grades_it_and_writes_json(tmp_path, capsys):
    write(demo_notebook(), tmp_path / "99_demo.ipynb")
    (tmp_path / "98_bad.ipynb").write_text("not json", encoding="utf-8")
    assert main(["key", str(tmp_path), "--out", str(tmp_path / "key")]) == 0
    assert "Totals: 3 filled in, 1 unreadable" in capsys.readouterr().out
    report = tmp_path / "out.json"
    args = [str(tmp_path / "key"), str(tmp_path / "98_bad.ipynb"), "--json", str(report)]
    args += ["--out", str(tmp_path / "grades")]
    assert main(["grade", *args, "--timeout", "30"]) == 0
    out = capsys.readouterr()
    assert "Totals: 3 correct, 1 unreadable (3 exercises in 2 notebooks)" in out.out
    assert "key/99_demo.ipynb: 3 correct" in out.err
    data = json.loads(report.read_text())
    assert data["totals"] == {"correct": 3, "unreadable": 1}
    assert [r["outcome"] for r in data["rows"]] == ["correct", "correct", "correct", "unreadable"]


@pytest.mark.kernel
def test_a_notebook_the_grader_has_no_exercises_for_is_reported_not_run(tmp_path):
    # A separate process doesn't know the stand-in chapter module: tags and the check outcomes
    # the notebook displays are not enough to grade it (they could say anything).
    nb = demo_notebook({"ch99.q2": "my_error = 0.25"})
    ran = tmp_path / "ran.txt"
    nb.cells.append(new_code_cell(f"open({str(ran)!r}, 'w').close()"))
    write(nb, tmp_path / "99_demo.ipynb")
    out = tmp_path / "grades"
    graded = run_cli("grade", tmp_path, "--out", out, "--sandbox", "none", cwd=tmp_path)
    assert graded.returncode == 0, graded.stderr
    assert "Totals: 1 no exercises (0 exercises in 1 notebook)" in graded.stdout
    assert (
        "neither run nor graded"
        in json.loads((tmp_path / "grades" / "grades.json").read_text())["rows"][0]["message"]
    )


def test_the_command_line_fails_only_when_it_cannot_run(tmp_path):
    missing = run_cli("grade", tmp_path / "nowhere.ipynb", cwd=tmp_path)
    assert missing.returncode == 1
    assert "no such file or folder" in missing.stderr
    usage = run_cli("grade", cwd=tmp_path)
    assert usage.returncode == 2
    no_out = run_cli("key", tmp_path, cwd=tmp_path)
    assert no_out.returncode == 2 and "--out" in no_out.stderr
    (tmp_path / "a_file").write_text("x")
    write(demo_notebook(), tmp_path / "99_demo.ipynb")
    blocked = run_cli("key", tmp_path, "--out", tmp_path / "a_file" / "key", cwd=tmp_path)
    assert blocked.returncode == 2 and "tinynn key: " in blocked.stderr
    assert "Traceback" not in blocked.stderr


# ---------------------------------------------------------------------------------------------
# progress, for the welcome notebook
# ---------------------------------------------------------------------------------------------


@pytest.mark.kernel
def test_progress_grades_the_chapters_next_to_it_and_skips_the_welcome(tmp_path, capsys):
    write(demo_notebook({"ch99.q2": "my_error = 0.25"}), tmp_path / "99_demo.ipynb")
    write(demo_notebook(), tmp_path / "98_demo.ipynb")
    welcome = new_notebook(cells=[new_code_cell("raise SystemExit('never run me')")])
    write(welcome, tmp_path / "00_welcome.ipynb")
    (tmp_path / "notes.ipynb").write_text("not a chapter", encoding="utf-8")
    grading.progress(tmp_path, timeout=30)
    assert capsys.readouterr().out.splitlines() == [
        "Checking 2 chapter notebooks (the saved versions):",
        "  98_demo.ipynb",
        "  99_demo.ipynb",
        "98_demo.ipynb: 0 of 3 correct (ch99.q1 not attempted, ch99.q2 not attempted, "
        "ch99.q3 not attempted)",
        "99_demo.ipynb: 1 of 3 correct (ch99.q1 not attempted, ch99.q2 correct, "
        "ch99.q3 not attempted)",
    ]


@pytest.mark.kernel
def test_progress_of_one_notebook_grades_only_that_one(tmp_path, capsys):
    write(demo_notebook({"ch99.q2": "my_error = 0.25"}), tmp_path / "98_demo.ipynb")
    write(demo_notebook(), tmp_path / "99_demo.ipynb")
    grading.progress(tmp_path / "98_demo.ipynb", timeout=30)
    assert capsys.readouterr().out.splitlines() == [
        "Checking 1 chapter notebook (the saved version):",
        "  98_demo.ipynb",
        "98_demo.ipynb: 1 of 3 correct (ch99.q1 not attempted, ch99.q2 correct, "
        "ch99.q3 not attempted)",
    ]


def test_progress_inside_a_graded_notebook_does_not_grade_again(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv(grading.GRADING_ENV, "1")
    write(demo_notebook(), tmp_path / "99_demo.ipynb")
    grading.progress(tmp_path)
    assert (
        capsys.readouterr().out == "(Your progress is shown when you run this notebook yourself.)\n"
    )


def test_the_progress_table_is_deterministic_html():
    rows = [
        grading.Row("01_a.ipynb", "ch01.q1", "correct"),
        grading.Row("01_a.ipynb", "ch01.q2", "not_yet", 'x < "y"'),
    ]
    html = grading.Progress(rows)._repr_html_()
    assert html == grading.Progress(list(rows))._repr_html_()
    assert ">1 of 2</td>" in html and 'title="x &lt; &quot;y&quot;"' in html
    assert grading.Progress([]).text() == "No chapter notebooks found next to this one."


# ---------------------------------------------------------------------------------------------
# The real chapters, end to end
# ---------------------------------------------------------------------------------------------


def chapter_notebooks():
    return sorted(CHAPTERS.glob("[0-9][0-9]_*.ipynb"))


def expected_exercises():
    """Every exercise of every chapter notebook that exists, by notebook."""
    return {
        path.name: list(grading.exercises_in(grading.chapter_modules(path.name)))
        for path in chapter_notebooks()
    }


def test_every_chapter_exercise_has_a_tagged_cell_a_check_hints_and_a_solution():
    expected = expected_exercises()
    assert sum(map(len, expected.values())) > 0, "no chapter exercises found"
    for path in chapter_notebooks():
        nb = nbformat.read(path, as_version=4)
        tags = [tag for cell in nb.cells for tag in grading.exercise_tags(cell)]
        for exercise in grading.exercises_in(grading.chapter_modules(path.name)).values():
            assert tags.count(exercise.key) == 1, f"{path.name}: one cell tagged {exercise.key}"
            calls = [c for c in nb.cells if f"{exercise.key}.check(" in c.source]
            assert calls, f"{path.name}: no cell calls {exercise.key}.check(...)"
            assert exercise.hints and exercise.source.strip() and exercise.title


def snapshot(tmp_path):
    """Copy the chapters first, so that edits made while the tests run can't confuse them."""
    folder = tmp_path / "chapters"
    folder.mkdir()
    for path in chapter_notebooks():
        shutil.copyfile(path, folder / path.name)
    return folder


@pytest.mark.kernel
def test_the_key_of_every_chapter_grades_correct_and_the_chapters_stay_unchanged(tmp_path):
    expected = expected_exercises()
    chapters = snapshot(tmp_path)
    before = {path: path.read_bytes() for path in sorted(chapters.iterdir())}
    assert grading.key([chapters], tmp_path / "key")
    rows = grading.grade([tmp_path / "key"], timeout=120)
    graded = {(r.notebook, r.exercise): r for r in rows}
    found = 0
    for notebook, keys in expected.items():
        for exercise_key in keys:
            row = graded[(notebook, exercise_key)]
            assert row.outcome == "correct", f"{notebook} {exercise_key}: {row.message}"
            found += 1
    assert found > 0, "no chapter exercises found"
    assert not [r for r in rows if r.exercise == "-" and r.outcome != "no_exercises"], rows
    assert {path: path.read_bytes() for path in sorted(chapters.iterdir())} == before


@pytest.mark.kernel
def test_the_committed_chapters_grade_not_attempted_without_errors(tmp_path):
    expected = expected_exercises()
    rows = grading.grade([snapshot(tmp_path)], timeout=120)
    graded = {(r.notebook, r.exercise): r.outcome for r in rows}
    pairs = [(notebook, key) for notebook, keys in expected.items() for key in keys]
    assert pairs, "no chapter exercises found"
    assert {pair: graded.get(pair) for pair in pairs} == dict.fromkeys(pairs, "not_attempted")
    assert not [r for r in rows if r.exercise == "-" and r.outcome != "no_exercises"], rows


def test_the_grader_copy_of_tinynn_carries_bytecode_checked_against_its_source(tmp_path):
    import importlib.util

    from tinynn.grading.snapshot import Snapshot

    snapshot = Snapshot.take()
    sources = [name for name in snapshot.installed if name.endswith(".py")]
    lib = snapshot.write(tmp_path)
    for name in sources:
        data = Path(importlib.util.cache_from_source(str(lib / name))).read_bytes()
        # The flags of a hash-based pyc that Python checks against the source on import (PEP 552).
        assert int.from_bytes(data[4:8], "little") == 0b11, name
        assert data[8:16] == importlib.util.source_hash((lib / name).read_bytes()), name


@pytest.mark.kernel
def test_an_edited_copy_of_tinynn_is_imported_as_edited_not_from_its_bytecode(tmp_path):
    from tinynn.grading.snapshot import Snapshot

    lib = Snapshot.take().write(tmp_path)
    network = lib / "tinynn" / "network.py"
    network.write_text(network.read_text() + "\nEDITED = 'yes'\n")
    env = {"PYTHONPATH": str(lib), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", "import tinynn.network as n; print(n.EDITED, n.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    assert done.stdout.split() == ["yes", str(network)]
