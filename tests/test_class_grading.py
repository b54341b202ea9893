"""Grading a whole class: who is who, what instructors take away, and what grading protects.

The fast tests build folders, rows and sandbox commands by hand; the ones marked `kernel` grade
classes of stand-in chapters (tests/fixtures/ch99.py), with learners who attack the grader in
every way README's "What grading protects" lists, in the sandbox and without it.
"""

import base64
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import tinynn
from tinynn import grading
from tinynn.grading import executing, gradebook, notebooks, sandbox, snapshot, submissions
from tinynn.grading.cli import main
from tinynn.grading.results import RESULTS, STARTED, STOPPED_MESSAGE, Results
from tinynn.grading.rows import Row

FIXTURES = Path(__file__).parent / "fixtures"
PACKAGE = Path(tinynn.__file__).resolve().parent

sys.path.insert(0, str(FIXTURES))
import ch99  # noqa: E402

RIGHT = {
    "ch99.q1": "def my_predict(input, weight):\n    return input * weight",
    "ch99.q2": "my_error = (1.0 - 0.5) ** 2",
    "ch99.q3": "def my_weight_deltas(inputs, delta):\n    return [i * delta for i in inputs]",
}
BLANK = {
    "ch99.q1": "def my_predict(input, weight):\n    raise NotImplementedError",
    "ch99.q2": "my_error = ...",
    "ch99.q3": "def my_weight_deltas(inputs, delta):\n    raise NotImplementedError",
}
CHECKS = {
    key: f"{key}.check({name})"
    for key, name in [
        ("ch99.q1", "my_predict"),
        ("ch99.q2", "my_error"),
        ("ch99.q3", "my_weight_deltas"),
    ]
}
BUBBLEWRAP = sandbox.isolation("auto")
needs_bubblewrap = pytest.mark.skipif(
    not BUBBLEWRAP.sandboxed, reason=f"no sandbox here: {BUBBLEWRAP.note} (make test installs it)"
)


@pytest.fixture(autouse=True)
def stand_in_chapter(monkeypatch):
    """Make `ch99` importable here (as tinynn.exercises.ch99) and in the kernels we start."""
    monkeypatch.setitem(sys.modules, "tinynn.exercises.ch99", ch99)
    monkeypatch.setenv("PYTHONPATH", str(FIXTURES))


def chapter(answers=None, extra=()):
    """A stand-in chapter notebook: each exercise cell, then its check; `extra` cells last."""
    answers = {**BLANK, **(answers or {})}
    cells = [new_code_cell("import ch99")]
    for key in BLANK:
        cell = new_code_cell(answers[key])
        cell.metadata["tags"] = [f"exercise:{key}"]
        cells += [cell, new_code_cell(CHECKS[key])]
    cells += [new_code_cell(source) for source in extra]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    return nb


def write(nb, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def touch(path, text="{}"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def found(paths):
    result = submissions.find_submissions(paths)
    return [(s.learner, s.notebook) for s in result.submissions]


def refused(paths):
    result = submissions.find_submissions(paths)
    return {(s.learner, s.notebook): s.rows[0].message for s in result.submissions if s.rows}


def files_in(folder):
    """Every regular file under `folder` and its bytes (links and pipes are not read)."""
    return {
        path: path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


# ---------------------------------------------------------------------------------------------
# Who is who, and what is refused
# ---------------------------------------------------------------------------------------------


def test_a_class_folder_holds_one_folder_per_learner_at_any_depth(tmp_path):
    touch(tmp_path / "class" / "bob" / "01_a.ipynb")
    touch(tmp_path / "class" / "alice" / "01_a.ipynb")
    touch(tmp_path / "class" / "alice" / "02_b.ipynb")
    touch(tmp_path / "class" / "carol" / "week1" / "01_a.ipynb")  # nbgrader-style subfolder
    touch(tmp_path / "class" / "dave" / "notes.txt")  # no notebooks: not a learner
    assert found([tmp_path / "class"]) == [
        ("alice", "01_a.ipynb"),
        ("alice", "02_b.ipynb"),
        ("bob", "01_a.ipynb"),
        ("carol", "week1/01_a.ipynb"),
    ]


def test_a_learner_folder_and_single_notebooks_are_graded_as_given(tmp_path):
    touch(tmp_path / "alice" / "01_a.ipynb")
    touch(tmp_path / "alice" / "extra" / "02_b.ipynb")
    touch(tmp_path / "bob" / "01_a.ipynb")
    assert found([tmp_path / "alice", tmp_path / "bob" / "01_a.ipynb"]) == [
        ("alice", "01_a.ipynb"),
        ("alice", "extra/02_b.ipynb"),
        ("bob", "01_a.ipynb"),
    ]
    # The same notebook given twice is graded once; a link to the class is the instructor's.
    assert found([tmp_path / "bob", tmp_path / "bob" / "01_a.ipynb"]) == [("bob", "01_a.ipynb")]
    (tmp_path / "link-to-bob").symlink_to(tmp_path / "bob")
    assert found([tmp_path / "link-to-bob"]) == [("bob", "01_a.ipynb")]


def test_links_in_a_learners_folder_are_refused_and_never_graded_as_anyones(tmp_path):
    """Finding 3: `aaron/01 -> ../alice/01` was graded as aaron's and alice's was skipped."""
    alice = touch(tmp_path / "class" / "alice" / "01_a.ipynb")
    key = touch(tmp_path / "key" / "01_a.ipynb")
    (tmp_path / "class" / "aaron").mkdir()
    (tmp_path / "class" / "aaron" / "01_a.ipynb").symlink_to("../alice/01_a.ipynb")
    (tmp_path / "class" / "kim").mkdir()
    (tmp_path / "class" / "kim" / "01_a.ipynb").symlink_to(key)
    (tmp_path / "class" / "kim" / "week2").symlink_to(tmp_path / "key")
    (tmp_path / "class" / "alicia").symlink_to("alice")  # a whole learner folder
    (tmp_path / "empty").mkdir()
    (tmp_path / "class" / "shared").symlink_to(tmp_path / "empty")  # no notebooks: no learner
    (tmp_path / "class" / "pat").mkdir()
    os.mkfifo(tmp_path / "class" / "pat" / "01_a.ipynb")
    assert found([tmp_path / "class"]) == [
        ("aaron", "01_a.ipynb"),
        ("alice", "01_a.ipynb"),
        ("alicia", "alicia/"),
        ("kim", "01_a.ipynb"),
        ("kim", "week2/"),
        ("pat", "01_a.ipynb"),
    ]
    why = refused([tmp_path / "class"])
    assert why == {
        (
            "aaron",
            "01_a.ipynb",
        ): "is a symbolic link (to ../alice/01_a.ipynb): links are never followed",
        ("alicia", "alicia/"): "alicia/ is a symbolic link (to alice): links are never followed, "
        "so nothing in it was graded",
        ("kim", "01_a.ipynb"): f"is a symbolic link (to {key}): links are never followed",
        ("kim", "week2/"): f"week2/ is a symbolic link (to {tmp_path / 'key'}): links are never "
        "followed, so nothing in it was graded",
        ("pat", "01_a.ipynb"): "not a regular file: not graded",
    }
    # Alice's own notebook is hers, whatever links to it.
    everyone = submissions.find_submissions([tmp_path / "class"]).submissions
    (own,) = [s for s in everyone if s.learner == "alice"]
    assert own.path == alice and own.rows is None
    # A link given by itself is refused too.
    assert refused([tmp_path / "class" / "aaron" / "01_a.ipynb"]) == {
        (
            "aaron",
            "01_a.ipynb",
        ): "is a symbolic link (to ../alice/01_a.ipynb): links are never followed"
    }


def test_learners_with_the_same_folder_name_are_told_apart(tmp_path):
    touch(tmp_path / "group1" / "alice" / "01_a.ipynb")
    touch(tmp_path / "group2" / "alice" / "01_a.ipynb")
    assert found([tmp_path / "group1" / "alice", tmp_path / "group2" / "alice"]) == [
        ("group1/alice", "01_a.ipynb"),
        ("group2/alice", "01_a.ipynb"),
    ]


def test_hidden_files_from_macos_zips_and_checkpoints_are_skipped(tmp_path):
    touch(tmp_path / "class" / "alice" / "01_a.ipynb")
    touch(tmp_path / "class" / "alice" / "._01_a.ipynb", "\x00\x05\x16\x07")
    touch(tmp_path / "class" / "alice" / ".ipynb_checkpoints" / "01_a-checkpoint.ipynb")
    touch(tmp_path / "class" / "__MACOSX" / "alice" / "._01_a.ipynb")
    result = submissions.find_submissions([tmp_path / "class"])
    assert [(s.learner, s.notebook) for s in result.submissions] == [("alice", "01_a.ipynb")]
    assert sorted(p.name for p in result.hidden) == ["._01_a.ipynb", "._01_a.ipynb"]
    assert grading.notebook_paths([tmp_path / "class" / "alice"]) == [
        tmp_path / "class" / "alice" / "01_a.ipynb"
    ]


def test_finding_nothing_to_grade_is_an_error(tmp_path, capsys):
    (tmp_path / "empty" / "alice").mkdir(parents=True)
    code = main(["grade", str(tmp_path / "empty"), "--out", str(tmp_path / "grades")])
    assert code == 1
    assert "found no notebooks to grade" in capsys.readouterr().err


def test_an_nbformat_3_notebook_is_converted_and_an_older_one_named(tmp_path):
    v3 = {
        "nbformat": 3,
        "nbformat_minor": 0,
        "metadata": {},
        "worksheets": [
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "input": "x = 1",
                        "language": "python",
                        "outputs": [],
                        "metadata": {},
                    }
                ]
            }
        ],
    }
    nb, problem = notebooks.read(touch(tmp_path / "old.ipynb", json.dumps(v3)))
    assert problem == "" and nb.cells[0].source == "x = 1"
    v2 = {"nbformat": 2, "metadata": {}, "worksheets": []}
    nb, problem = notebooks.read(touch(tmp_path / "older.ipynb", json.dumps(v2)))
    assert nb is None and "old format 2" in problem


def test_a_notebook_is_read_safely_or_named_unreadable(tmp_path):
    (tmp_path / "link.ipynb").symlink_to(touch(tmp_path / "real.ipynb"))
    os.mkfifo(tmp_path / "pipe.ipynb")  # reading it would wait for ever
    (tmp_path / "binary.ipynb").write_bytes(b"\xff\xfe\x00")
    assert notebooks.read(tmp_path / "link.ipynb") == (
        None,
        "a symbolic link: links are never followed",
    )
    assert notebooks.read(tmp_path / "pipe.ipynb") == (None, "not a file")
    assert notebooks.read(tmp_path / "binary.ipynb") == (
        None,
        "can't read it as text (UnicodeDecodeError)",
    )
    assert notebooks.read(tmp_path / "gone.ipynb") == (None, "no such file")


def test_reading_a_notebook_without_cell_ids_warns_nobody(tmp_path):
    nb = chapter()
    text = nbformat.writes(nb)
    data = json.loads(text)
    data["nbformat_minor"] = 5
    for cell in data["cells"]:
        cell.pop("id", None)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nb, problem = notebooks.read(touch(tmp_path / "no_ids.ipynb", json.dumps(data)))
    assert problem == "" and len(nb.cells) == 7


# ---------------------------------------------------------------------------------------------
# Options and messages
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["inf", "1e308"])
def test_a_huge_timeout_means_no_limit(value):
    assert grading.timeout_seconds(float(value)) is None
    assert grading.cpu_budget(None) is None
    assert grading.timeout_seconds(30) == 30.0


@pytest.mark.parametrize("value", ["0", "-1", "nan"])
def test_a_timeout_that_is_not_positive_is_a_usage_error(tmp_path, value, capsys):
    touch(tmp_path / "alice" / "01_a.ipynb")
    with pytest.raises(SystemExit) as stop:
        main(["grade", str(tmp_path / "alice"), "--timeout", value, "--out", str(tmp_path)])
    assert stop.value.code == 2
    assert "positive number of seconds" in capsys.readouterr().err


def test_an_output_that_cannot_be_written_is_noticed_before_grading(tmp_path, capsys):
    write(chapter(), tmp_path / "alice" / "99_demo.ipynb")
    out = tmp_path / "grades"
    json_path = tmp_path / "missing-folder" / "grades.json"
    code = main(["grade", str(tmp_path / "alice"), "--json", str(json_path), "--out", str(out)])
    assert code == 2
    err = capsys.readouterr().err
    assert "there is no folder" in err and "Traceback" not in err
    assert not (out / RESULTS).exists()  # nothing was graded


def test_grading_that_could_grade_no_notebook_fails(tmp_path, capsys):
    touch(tmp_path / "class" / "alice" / "01_a.ipynb", "not json")
    touch(tmp_path / "class" / "bob" / "01_a.ipynb", "[1, 2]")
    code = main(["grade", str(tmp_path / "class"), "--out", str(tmp_path / "grades")])
    assert code == 1
    assert "no notebook could be graded" in capsys.readouterr().err
    with open(tmp_path / "grades" / "outcomes.csv", newline="") as file:
        assert [(r["learner"], r["problems"]) for r in csv.DictReader(file)] == [
            ("alice", "1"),
            ("bob", "1"),
        ]


def test_a_sandbox_that_is_required_and_missing_stops_grading(tmp_path, monkeypatch, capsys):
    touch(tmp_path / "alice" / "01_a.ipynb")
    monkeypatch.setenv("PATH", str(tmp_path / "no-bwrap-here"))
    out = tmp_path / "g"
    code = main(["grade", str(tmp_path / "alice"), "--sandbox", "bubblewrap", "--out", str(out)])
    assert code == 2
    assert (
        "bubblewrap is required, but bubblewrap (bwrap) is not installed" in capsys.readouterr().err
    )


def test_a_key_that_writes_nothing_fails(tmp_path, capsys):
    touch(tmp_path / "chapters" / "01_a.ipynb", "not json")
    assert main(["key", str(tmp_path / "chapters"), "--out", str(tmp_path / "key")]) == 1
    assert "wrote no notebook" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((None,), "progress() needs the folder"),
        (("/nonexistent",), "There is no folder or notebook '/nonexistent'"),
        ((".", -1), "the time limit must be a positive number of seconds, got -1"),
    ],
)
def test_progress_explains_a_bad_folder_or_time_limit(monkeypatch, capsys, args, expected):
    monkeypatch.delenv(grading.GRADING_ENV, raising=False)
    grading.progress(*args)
    assert expected in capsys.readouterr().out


def test_a_message_is_one_line_of_printable_text_whatever_a_kernel_sent():
    row = Row("n", "ch99.q1", "not_yet", "a\x1b[2J\nb\r\x00c" + "x" * 5000)
    assert row.message.startswith("a [2J b c") and len(row.message) == 2000
    assert "\x1b" not in grading.table([Row("n\x1b[31m", "-", "error", "", "eve\x07")])


# ---------------------------------------------------------------------------------------------
# What instructors take away
# ---------------------------------------------------------------------------------------------


def class_rows():
    return [
        Row("99_demo.ipynb", "ch99.q1", "correct", "Right", "alice", "p"),
        Row("99_demo.ipynb", "ch99.q2", "not_yet", "my_error <b>is</b> too big", "alice", "p"),
        Row("99_demo.ipynb", "ch99.q1", "not_attempted", "replace it", "=cmd|x", "q"),
        Row("99_demo.ipynb", "-", "error", "cell 3 raised NameError: x", "=cmd|x", "q"),
        Row("98_bad.ipynb", "-", "unreadable", "not valid JSON", "=cmd|x", "r"),
    ]


def test_the_gradebook_has_one_row_per_learner_and_a_column_per_exercise(tmp_path):
    gradebook.write_gradebook(tmp_path, class_rows(), sandbox="bubblewrap (/usr/bin/bwrap)")
    with open(tmp_path / "grades.csv", newline="") as file:
        grades = list(csv.reader(file))
    assert grades == [
        ["learner", "ch99.q1", "ch99.q2", "correct", "exercises", "percent"],
        ["alice", "1", "0", "1", "2", "50.0"],
        ["'=cmd|x", "0", "0", "0", "2", "0.0"],
    ]
    with open(tmp_path / "outcomes.csv", newline="") as file:
        words = list(csv.reader(file))
    assert words[0] == ["learner", "ch99.q1", "ch99.q2", "notebooks", "problems", "notes"]
    assert words[1:] == [
        ["alice", "correct", "not yet", "1", "0", ""],
        ["'=cmd|x", "not attempted", "", "2", "2", ""],
    ]
    data = json.loads((tmp_path / "grades.json").read_text())
    assert len(data["rows"]) == 5 and data["rows"][4]["path"] == "r"
    assert data["sandbox"] == "bubblewrap (/usr/bin/bwrap)"
    assert data["learners"][0] == {
        "learner": "alice",
        "correct": 1,
        "exercises": 2,
        "percent": 50.0,
        "notebooks": 1,
        "problems": 0,
        "notes": [],
    }


def test_of_several_notebooks_for_one_chapter_the_best_counts_and_that_is_said(tmp_path):
    """Finding 4: "last row wins" gave an honest learner 0 for an old blank copy beside the
    finished one."""
    finished = [
        Row("99_demo.ipynb", key, "correct", "Right", "erin", "a/99_demo.ipynb") for key in BLANK
    ]
    old = [
        Row("old/99_demo.ipynb", key, "not_attempted", "blank", "erin", "a/old/99_demo.ipynb")
        for key in BLANK
    ]
    half = [
        Row("99_x.ipynb", "ch99.q1", "correct", "", "fay", "b/99_x.ipynb"),
        Row("99_y.ipynb", "ch99.q1", "not_yet", "", "fay", "b/99_y.ipynb"),
        Row("99_y.ipynb", "ch99.q2", "correct", "", "fay", "b/99_y.ipynb"),
    ]
    for rows in (old + finished, finished + old):  # whatever order they were graded in
        score = gradebook.scores(rows + half)
        assert score["erin"]["correct"] == 3
        assert score["erin"]["notes"] == [
            "ch99: 2 notebooks, counted 99_demo.ipynb (the most correct), not old/99_demo.ipynb"
        ]
    # A tie on correct answers: the one with more attempted; whole notebooks, never a mix.
    assert gradebook.scores(half)["fay"]["outcomes"] == {"ch99.q1": "not_yet", "ch99.q2": "correct"}
    gradebook.write_gradebook(tmp_path, old + finished)
    with open(tmp_path / "outcomes.csv", newline="") as file:
        (erin,) = list(csv.DictReader(file))
    assert erin["notes"].startswith("ch99: 2 notebooks, counted 99_demo.ipynb")
    page = (tmp_path / "feedback" / "erin.html").read_text()
    assert "3 of 3 exercises correct" in page and "<h2>old/99_demo.ipynb (not counted)</h2>" in page


def test_each_learner_gets_a_feedback_page_with_every_message_escaped(tmp_path):
    gradebook.write_gradebook(tmp_path, class_rows())
    pages = sorted(p.name for p in (tmp_path / "feedback").iterdir())
    assert pages == ["alice.html", "cmd_x.html"]
    alice = (tmp_path / "feedback" / "alice.html").read_text()
    assert "1 of 2 exercises correct" in alice
    assert "my_error &lt;b&gt;is&lt;/b&gt; too big" in alice and "<b>is" not in alice
    other = (tmp_path / "feedback" / "cmd_x.html").read_text()
    assert "cell 3 raised NameError: x" in other and "98_bad.ipynb" in other


# ---------------------------------------------------------------------------------------------
# Nothing lost
# ---------------------------------------------------------------------------------------------


def test_a_run_killed_midway_is_resumed_from_its_results(tmp_path, capsys):
    notebook = write(chapter(RIGHT), tmp_path / "class" / "alice" / "99_demo.ipynb")
    out = tmp_path / "grades"
    out.mkdir()
    row = {"notebook": "99_demo.ipynb", "exercise": "ch99.q1", "outcome": "correct"}
    entry = {
        "learner": "alice",
        "notebook": "99_demo.ipynb",
        "path": str(notebook),
        "sha256": hashlib.sha256(notebook.read_bytes()).hexdigest(),
        "rows": [{**row, "message": "Right", "learner": "alice", "path": str(notebook)}],
    }
    # What a killed run leaves: whole lines, then one cut short.
    (out / RESULTS).write_text(json.dumps(entry) + '\n{"learner": "bo')
    code = main(["grade", str(tmp_path / "class"), "--out", str(out), "--resume"])
    assert code == 0
    err = capsys.readouterr().err
    assert "[1/1] alice/99_demo.ipynb: 1 correct (kept from the last run)" in err
    with open(out / "grades.csv", newline="") as file:
        assert list(csv.reader(file)) == [
            ["learner", "ch99.q1", "correct", "exercises", "percent"],
            ["alice", "1", "1", "1", "100.0"],
        ]
    assert [json.loads(line) for line in (out / RESULTS).read_text().splitlines()] == [entry]


def test_grading_again_without_resume_keeps_the_earlier_results_aside(tmp_path):
    (tmp_path / RESULTS).write_text('{"an": "earlier run"}\n')
    Results(tmp_path, resume=False)
    assert (tmp_path / RESULTS).read_text() == ""
    earlier = tmp_path / (RESULTS + ".previous")
    assert earlier.read_text() == '{"an": "earlier run"}\n'


def submission(name, sha="1" * 64):
    return submissions.Submission(name, "99_demo.ipynb", Path(f"/class/{name}/99_demo.ipynb"), sha)


def test_a_notebook_that_stopped_the_grader_is_reported_and_its_neighbours_graded_again(
    tmp_path,
):
    """Finding 8: a notebook that kills the grader killed every --resume too, unnamed."""
    first = Results(tmp_path)
    alone, beside, other, stopped = (submission(n) for n in ("ann", "ben", "cid", "dot"))
    first.start(alone, alone=True)
    first.start(beside, alone=False)
    first.start(other, alone=False)
    first.cancel(other)  # Ctrl-C: the instructor stopped it, not the notebook
    first.start(stopped, alone=False)
    stopped.rows = [Row("99_demo.ipynb", "ch99.q1", "correct")]
    first.add(stopped, 1.0)
    # ...and here the grader was killed.
    again = Results(tmp_path, resume=True)
    (row,) = again.previous(alone)
    assert (row.outcome, row.message) == ("stopped_grader", STOPPED_MESSAGE)
    assert again.previous(beside) is None and again.suspect(beside)
    assert again.previous(other) is None and not again.suspect(other)
    assert [r.outcome for r in again.previous(stopped)] == ["correct"]
    assert again.previous(submission("ann", "2" * 64)) is None  # changed since: graded again


def test_a_deleted_results_folder_is_made_again_and_written_whole(tmp_path):
    """Finding 7: deleting the output folder lost the results so far."""
    out = tmp_path / "grades"
    results = Results(out)
    for name in ("ann", "ben"):
        done = submission(name)
        done.rows = [Row("99_demo.ipynb", "ch99.q1", "correct")]
        results.start(done, alone=True)
        if name == "ben":
            shutil.rmtree(out)
        results.add(done, 1.0)
    graded = [json.loads(line)["learner"] for line in (out / RESULTS).read_text().splitlines()]
    assert graded == ["ann", "ben"]
    assert len((out / STARTED).read_text().splitlines()) == 2
    # A place that can't be written at all: noted, and every result is still in memory.
    shutil.rmtree(out)
    out.write_text("a file where the folder was")
    late = submission("cid")
    late.rows = []
    results.add(late, 1.0)
    assert isinstance(results.failed, OSError)
    assert [entry["learner"] for entry in results.lines[RESULTS]] == ["ann", "ben", "cid"]


# ---------------------------------------------------------------------------------------------
# The kernel: its sandbox, limits, environment, and what the grader keeps of its outputs
# ---------------------------------------------------------------------------------------------


def test_the_grading_client_keeps_check_results_and_only_answers_handed_back_under_its_nonce():
    nb = new_notebook(cells=[new_code_cell("print('x')")])
    client = executing.grading_client(nb)
    cell = nb.cells[0]

    def message(msg_type, **content):
        return {"msg_type": msg_type, "content": content, "parent_header": {}}

    for _ in range(5000):
        client.process_message(message("stream", name="stdout", text="x" * 1000), cell, 0)
        client.process_message(message("display_data", data={"image/png": "AAAA"}), cell, 0)
    record = {"exercise": "ch99.q1", "outcome": "correct", "message": ""}
    client.process_message(
        message("display_data", data={"text/plain": "Correct"}, metadata={"tinynn": record}),
        cell,
        0,
    )
    client.process_message(
        message("error", ename="E", evalue="v" * 10**6, traceback=["t"]), cell, 0
    )
    forged = {"exercise": "ch99.q2", "outcome": "correct", "message": "m" * 10**6, "x": [1] * 99}
    client.process_message(message("display_data", metadata={"tinynn": forged}), cell, 0)
    assert [o.output_type for o in cell.outputs] == ["display_data", "error", "display_data"]
    assert cell.outputs[0].metadata["tinynn"] == record
    assert len(cell.outputs[1].evalue) == executing.MAX_TEXT
    kept = cell.outputs[2].metadata["tinynn"]
    assert sorted(kept) == ["exercise", "message", "outcome"]
    assert len(kept["message"]) == executing.MAX_TEXT

    def hand_back(nonce, key, value):
        text = json.dumps({"exercise": key, "answer": value})
        meta = {"tinynn-grader": {"nonce": nonce, "record": text}}
        client.process_message(message("display_data", metadata=meta), cell, 0)

    hand_back("n1", "ch99.q2", 0.25)  # no collection under way: ignored
    client.nonce, client.handed_back, client.handed_back_size = "n1", {}, 0
    hand_back("stolen?", "ch99.q2", 0.25)
    hand_back("n1", "ch99.q2", 0.5)
    hand_back("n1", "ch99.q2", 0.25)  # the first for each exercise is kept
    hand_back("n1", "ch99.q3", "y" * (executing.MAX_RECORD + 1))
    assert client.handed_back == {"ch99.q2": {"exercise": "ch99.q2", "answer": 0.5}}


def test_check_calls_finds_the_last_answer_expression_of_each_exercise():
    sources = [
        "ch99.q1.check(first_try)",
        "%time ch99.q1.check(my_predict)\nch99.q2.check()",
        "ch99.q3.check(answer=my_weight_deltas)",
        "not python (",
        "other.check(x)",
    ]
    assert notebooks.check_calls(sources) == {
        "ch99.q1": "my_predict",
        "ch99.q2": None,
        "ch99.q3": "my_weight_deltas",
    }


def test_a_kernel_gets_a_minimal_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    env = sandbox.kernel_environment(tmp_path / "home", tmp_path / "lib")
    assert "AWS_SECRET_ACCESS_KEY" not in env
    assert env["HOME"] == str(tmp_path / "home")
    assert env["PYTHONPATH"].split(os.pathsep) == [str(tmp_path / "lib"), str(FIXTURES)]
    assert env[sandbox.GRADING_ENV] == "1"


def test_the_sandbox_shows_a_kernel_only_what_it_needs_and_nothing_writable_but_its_own(tmp_path):
    place = executing.Place(
        tmp_path / "nb", tmp_path / "nb" / "work" / "99_demo.ipynb", tmp_path / "lib", [], True
    )
    isolation = sandbox.Isolation("/usr/bin/bwrap", "bubblewrap")
    argv = sandbox.kernel_argv(sandbox.Limits(), isolation, place, tmp_path / "nb" / "r1")
    options = argv[: argv.index("--")]
    for flag in ("--unshare-all", "--die-with-parent", "--new-session", "--disable-userns"):
        assert flag in options
    assert options[options.index("--cap-drop") + 1] == "ALL"
    pairs = list(zip(options, options[1:]))
    writable = [b for a, b in pairs if a == "--bind"]
    assert writable == [str(tmp_path / "nb" / "r1")]
    shown = {b for a, b in pairs if a in ("--ro-bind", "--bind")}
    assert str(tmp_path / "lib") in shown and str(Path.home()) not in shown
    assert "/" not in shown and str(PACKAGE) not in shown and str(PACKAGE.parent) not in shown
    assert ("--size", str(512 * 2**20)) in pairs and ("--tmpfs", "/tmp") in pairs
    assert ("--remount-ro", "/dev") in pairs and ("--tmpfs", "/dev/shm") in pairs
    assert argv[argv.index("--") + 1] == sys.executable


def test_the_kernels_limits_are_hard_so_it_cannot_raise_them_again():
    """Finding 6: with only the soft limits lowered, a kernel raised them and used 5 GiB."""
    argv = sandbox.kernel_argv(sandbox.Limits(memory_mb=300, cpu_seconds=7, file_mb=5))
    probe = (
        "import resource\n"
        "kinds = [resource.RLIMIT_AS, resource.RLIMIT_CPU, resource.RLIMIT_FSIZE,"
        " resource.RLIMIT_NOFILE]\n"
        "print([resource.getrlimit(kind) for kind in kinds])\n"
        "try:\n"
        "    resource.setrlimit(resource.RLIMIT_AS, (2**40, 2**40))\n"
        "except ValueError:\n"
        "    print('refused')\n"
    )
    code = argv[2].replace("os.execv(", f"exec({probe!r}) or (")
    done = subprocess.run([sys.executable, "-c", code, *argv[3:7]], capture_output=True, text=True)
    limits, answer = done.stdout.splitlines()
    assert limits == str([(300 * 2**20,) * 2, (7, 7), (5 * 2**20,) * 2, (1024, 1024)])
    assert answer == "refused", done.stderr


# ---------------------------------------------------------------------------------------------
# The installed tinynn, checked against its record before it is trusted
# ---------------------------------------------------------------------------------------------


def install_like_pip(folder, extra=None):
    """Lay out tinynn in `folder` as pip does for a wheel: the files (and `extra` ones, by
    name), and a RECORD of their hashes."""
    taken = snapshot.Snapshot.take()
    taken.files.update(extra or {})
    lines = []
    for name in sorted(taken.files):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(taken.files[name])
        digest = hashlib.sha256(taken.files[name]).digest()
        value = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        lines.append(f"{name},sha256={value},{len(taken.files[name])}")
    info = folder / "tinynn-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tinynn\nVersion: 0.1.0\n")
    lines += [f"{info.name}/METADATA,,", f"{info.name}/RECORD,,"]
    (info / "RECORD").write_text("\n".join(lines) + "\n")
    return folder


def grade_with(installed, *args, cwd, env=None):
    """`python -m tinynn grade ARGS` run with the tinynn installed in `installed`."""
    env = {
        **os.environ,
        **(env or {}),
        "PYTHONPATH": os.pathsep.join([str(installed), str(FIXTURES)]),
    }
    return subprocess.run(
        [sys.executable, "-m", "tinynn", "grade", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=600,
    )


@pytest.mark.kernel
def test_an_installed_tinynn_that_differs_from_its_record_is_refused(tmp_path):
    """Finding 5: an edit to the installed package outlived the run that made it."""
    installed = install_like_pip(tmp_path / "site")
    fine = grade_with(installed, tmp_path / "nothing", "--out", tmp_path / "g", cwd=tmp_path)
    assert fine.returncode == 1 and "no such file or folder" in fine.stderr, fine.stderr
    assert "differs" not in fine.stderr
    with open(installed / "tinynn" / "exercises" / "judging.py", "a") as file:
        file.write("\nexpect_number = lambda got, *args, **kwargs: got\n")
    refused_run = grade_with(installed, tmp_path / "nothing", "--out", tmp_path / "g", cwd=tmp_path)
    assert refused_run.returncode == 2
    assert (
        "the installed tinynn differs from what pip installed (tinynn/exercises/judging.py)"
        in refused_run.stderr
    )


EDIT_THE_INSTALLED_PACKAGE = (
    "import os\n"
    "site = [p for p in os.environ['PYTHONPATH'].split(os.pathsep) if p.endswith('site')][0]\n"
    "with open(os.path.join(site, 'tinynn', 'exercises', 'judging.py'), 'a') as f:\n"
    "    f.write('\\nexpect_number = lambda got, *args, **kwargs: got\\n')"
)


@pytest.mark.kernel
def test_an_edit_a_notebook_made_to_the_installed_tinynn_is_caught_by_the_next_run(tmp_path):
    """Finding 5 end to end, without the sandbox (in it, a kernel can't see the installed
    package): a notebook edits it and kills the grader before its end-of-run check; the next
    run, --resume, refuses the edited package instead of copying it into every kernel."""
    ch99_file = {"tinynn/exercises/ch99.py": (FIXTURES / "ch99.py").read_bytes()}
    installed = install_like_pip(tmp_path / "site", extra=ch99_file)
    killer = KILL_THE_GRADER.replace("MARKER", str(tmp_path / "ran.txt"))
    root, out = tmp_path / "submissions", tmp_path / "grades"
    write(chapter({}, [EDIT_THE_INSTALLED_PACKAGE, killer]), root / "mallory" / "99_demo.ipynb")
    write(chapter(RIGHT), root / "zed" / "99_demo.ipynb")
    args = ["--out", out, "--sandbox", "none", "--jobs", "1"]
    first = grade_with(installed, root, *args, cwd=tmp_path)
    assert first.returncode < 0, first.stderr  # the grader was killed
    again = grade_with(installed, root, *args, "--resume", cwd=tmp_path)
    assert again.returncode == 2
    assert "differs from what pip installed (tinynn/exercises/judging.py)" in again.stderr


def test_a_checkout_that_differs_from_its_commit_is_named(monkeypatch):
    taken = snapshot.Snapshot.take()
    found_now = snapshot.verify(taken)
    if found_now.against != "commit":
        pytest.skip(f"tinynn is not installed from a git checkout here ({found_now.against})")
    name = "tinynn/exercises/judging.py"
    taken.files[name] += b"\n# edited\n"
    after = snapshot.verify(taken)
    assert name in after.differ and not after.refused


# ---------------------------------------------------------------------------------------------
# Classes end to end, with every attack
# ---------------------------------------------------------------------------------------------

# Each hostile cell tries something the grader must survive. Paths it names are filled in
# (OUT, SUBMISSIONS) by `hostile_class`.
FORGE_MARKERS = (
    "from IPython.display import display\n"
    "for key in ['ch99.q1', 'ch99.q7', 'ch77.q1'] + [f'ch99.q{n}' for n in range(1, 16)]:\n"
    "    marker = {'exercise': key, 'outcome': 'correct', 'message': ''}\n"
    "    display({'text/plain': 'Correct'}, raw=True, metadata={'tinynn': marker})"
)
PATCH_CHECKS = (
    "import tinynn.exercises.exercise as exercise\n"
    "exercise.Exercise._outcome = lambda self, answer: ('correct', '')\n"
    "ch99.q3.check(my_weight_deltas)"
)
EDIT_OWN_COPY = (  # never the installed package, whatever happens: the test would fail instead
    "import glob, os, tinynn\n"
    "assert not tinynn.__file__.startswith('PACKAGE')\n"
    "for path in glob.glob(os.path.dirname(tinynn.__file__) + '/**/*.py', recursive=True):\n"
    "    with open(path, 'a') as f:\n"
    "        f.write('\\nraise SystemExit(1)\\n')"
)
DELETE_AROUND = (  # finding 7: deleting folders, the output folder by its absolute path
    "import glob, os, shutil\n"
    "for path in glob.glob('../**/*.ipynb', recursive=True) + glob.glob('SUBMISSIONS/**/*'):\n"
    "    try:\n"
    "        os.remove(path)\n"
    "    except OSError:\n"
    "        pass\n"
    "for path in ['../..', 'OUT', 'SUBMISSIONS']:\n"
    "    shutil.rmtree(path, ignore_errors=True)"
)
PATCH_EVERYONE = (  # finding 1: a thread patching every other notebook's files as they run
    "import glob, threading, time\n"
    "def patch_everyone():\n"
    "    end = time.time() + 15\n"
    "    while time.time() < end:\n"
    "        for path in glob.glob('SCRATCH/**/*.py', recursive=True):\n"
    "            try:\n"
    "                with open(path, 'a') as f:\n"
    "                    f.write('\\nraise SystemExit(1)\\n')\n"
    "            except OSError:\n"
    "                pass\n"
    "        time.sleep(0.1)\n"
    "threading.Thread(target=patch_everyone, daemon=True).start()\n"
    "time.sleep(3)"
)
REPLACE_EVALUATE = (  # finding 2: the answer expression replaces the checks after the import
    "import tinynn.exercises.exercise as exercise\n"
    "from tinynn.exercises.display import Result\n"
    "def forged_error():\n"
    "    exercise.Exercise.evaluate = lambda self, answer: Result(self.key, 'correct', '')\n"
    "    exercise.Exercise.hand_back = lambda self, answer: {'exercise': self.key, "
    "'outcome': 'correct'}\n"
    "    return ...\n"
    "ch99.q2.check(forged_error())"
)
STEAL_NONCE = (  # finding 2: an answer that reads the nonce and displays forged records first
    "import json, sys\n"
    "from IPython.display import display\n"
    "def my_predict(input, weight):\n"
    "    frame = sys._getframe()\n"
    "    while frame is not None:\n"
    "        nonce = frame.f_locals.get('nonce')\n"
    "        if isinstance(nonce, str):\n"
    "            for key in ['ch99.q1', 'ch99.q2', 'ch99.q3']:\n"
    "                forged = {'exercise': key, 'outcome': 'correct', 'function': {'name': 'f'},\n"
    "                          'calls': [{'kind': 'returned', 'value': 'correct'}] * 9}\n"
    "                mark = {'nonce': nonce, 'record': json.dumps(forged)}\n"
    "                display({}, metadata={'tinynn-grader': mark}, raw=True)\n"
    "            break\n"
    "        frame = frame.f_back\n"
    "    raise NotImplementedError\n"
    "ch99.q1.check(my_predict)"
)
RAISE_OWN_LIMITS = (  # finding 6
    "import resource\n"
    "for kind in (resource.RLIMIT_AS, resource.RLIMIT_FSIZE):\n"
    "    resource.setrlimit(kind, (resource.getrlimit(kind)[1],) * 2)\n"
    "blob = bytearray(5 * 2**30)"
)
RAISE_HARD_LIMIT = (
    "import resource\nresource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY,) * 2)"
)
WRITE_600_MB = (
    "with open('big.bin', 'wb') as f:\n    for _ in range(600):\n        f.write(b'x' * 2**20)"
)
HOG = [
    "while True:\n    pass",
    "import time\ntime.sleep(1000)",
    "for i in range(10**7):\n    print('x' * 100)",
    "import subprocess\nchildren = [subprocess.Popen(['sleep', '3171']) for _ in range(200)]",
    "blob = bytearray(20 * 2**30)",
    "for n in range(40):\n"
    "    for folder in ('/dev/shm', '/dev', '/tmp'):\n"
    "        try:\n"
    "            with open(f'{folder}/fill{n}', 'wb') as f:\n"
    "                f.write(b'x' * 2**29)\n"
    "        except OSError:\n"
    "            pass",
    "with open('huge.bin', 'wb') as f:\n"
    "    for _ in range(5 * 1024):\n"
    "        f.write(b'x' * 2**20)",
]
KILLERS = ["import os, signal\nos.kill(os.getppid(), signal.SIGKILL)", "import os\nos.killpg(0, 9)"]
USE_UP_FILES = (  # finding 9: the checks ran before the files ran out
    "files = []\ntry:\n    while True:\n        files.append(open('/dev/null'))\n"
    "except OSError:\n    pass"
)


def hostile_class(folder, out):
    """A class of honest learners and learners who attack the grader: returns {learner:
    (correct, exercises)} as the gradebook must show it."""
    root = folder / "submissions"

    # Every path a hostile cell names is this test's own, so that the cell could harm nothing
    # else even if it ran outside the sandbox (the grader's temporary folder has its pid).
    scratch = f"{tempfile_dir()}/tinynn-grading-{os.getpid()}-*"
    names = {"OUT": out, "SUBMISSIONS": root, "SCRATCH": scratch, "PACKAGE": PACKAGE}

    def fill(cells):
        for name, path in names.items():
            cells = [cell.replace(name, str(path)) for cell in cells]
        return cells

    expected = {}

    def learner(name, correct, *notebooks_):
        expected[name] = correct
        for notebook_name, answers, extra in notebooks_:
            write(chapter(answers, fill(extra)), root / name / notebook_name)

    # Honest learners, some with odd names and old copies.
    learner("alice", 3, ("99_demo.ipynb", RIGHT, []))
    learner("bob", 2, ("99_demo.ipynb", {**RIGHT, "ch99.q2": "my_error = 0.3"}, []))
    learner("zoe", 0, ("99_demo.ipynb", {}, []))
    touch(root / "zoe" / "._99_demo.ipynb", "\x00\x05\x16\x07")
    learner("erin", 3, ("99_demo.ipynb", RIGHT, []), ("old/99_demo.ipynb", {}, []))
    learner("fränk 日本", 3, ("99_demo.ipynb", RIGHT, []))
    learner('=HYPERLINK("evil","click")', 3, ("99_demo.ipynb", RIGHT, []))
    learner("dave", 3, ("99_demo.ipynb", RIGHT, [USE_UP_FILES]))
    expected["carl"] = 3  # handed in as nbformat 3
    old_format = nbformat.v4.downgrade(chapter(RIGHT))
    touch(root / "carl" / "99_demo.ipynb", nbformat.v3.writes_json(old_format))
    # Honest answers beside attacks on the run itself.
    learner("kim", 3, ("99_demo.ipynb", RIGHT, KILLERS))
    learner("rita", 3, ("99_demo.ipynb", RIGHT, [RAISE_OWN_LIMITS, RAISE_HARD_LIMIT, WRITE_600_MB]))
    learner("dora", 3, ("99_demo.ipynb", RIGHT, [DELETE_AROUND]))
    learner("tim", 3, ("99_demo.ipynb", RIGHT, ["x = 1"] * 2000))
    huge = chapter(RIGHT)
    huge.cells.append(new_markdown_cell("x" * 100 * 2**20))
    expected["hugo"] = 3
    write(huge, root / "hugo" / "99_demo.ipynb")
    # Learners out to forge grades or break other learners'.
    learner("mallory", 0, ("99_demo.ipynb", {}, [FORGE_MARKERS, PATCH_CHECKS, EDIT_OWN_COPY]))
    learner("pat", 0, ("99_demo.ipynb", {}, [PATCH_EVERYONE]))
    learner("fred", 0, ("99_demo.ipynb", {}, [REPLACE_EVALUATE]))
    learner("nick", 0, ("99_demo.ipynb", {}, [STEAL_NONCE]))
    learner("hogan", 0, ("99_demo.ipynb", {}, HOG))
    (root / "aaron").mkdir()
    (root / "aaron" / "99_demo.ipynb").symlink_to("../alice/99_demo.ipynb")
    key = write(chapter(RIGHT), folder / "key" / "99_demo.ipynb")
    (root / "kev").mkdir()
    (root / "kev" / "99_demo.ipynb").symlink_to(key)
    (root / "bobby").symlink_to("bob")
    expected.update(aaron=0, kev=0, bobby=0)
    notes = new_notebook(cells=[new_code_cell(FORGE_MARKERS)])
    write(notes, root / "nora" / "notes.ipynb")
    expected["nora"] = 0
    touch(root / "ivan" / "99_a.ipynb", "not json")
    (root / "ivan" / "99_b.ipynb").write_bytes(b"\xff\xfe{")
    touch(root / "ivan" / "99_c.ipynb", "[1, 2]")
    os.mkfifo(root / "ivan" / "99_d.ipynb")
    expected["ivan"] = 0
    return root, expected


class Watch:
    """Samples the memory of this process's children (the grader's workers and kernels)."""

    def __init__(self):
        self.peak = 0
        self.running = True
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()

    def sample(self):
        me = psutil.Process()
        while self.running:
            total = 0
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.1)

    def stop(self):
        self.running = False
        self.thread.join()


def gradebook_of(out):
    with open(out / "grades.csv", newline="") as file:
        return {row["learner"]: int(row["correct"]) for row in csv.DictReader(file)}


@needs_bubblewrap
@pytest.mark.kernel
def test_a_hostile_class_is_graded_learner_by_learner_in_the_sandbox(tmp_path, capsys):
    out = tmp_path / "grades"
    root, expected = hostile_class(tmp_path, out)
    before = files_in(tmp_path)
    graded = submissions.find_submissions([root]).submissions
    watch = Watch()
    rss_before = psutil.Process().memory_info().rss
    try:
        args = ["--jobs", "2", "--timeout", "5", "--memory", "768", "--sandbox", "bubblewrap"]
        code = main(["grade", str(root), "--out", str(out), *args])
    finally:
        watch.stop()
    rss_grew = max(0, psutil.Process().memory_info().rss - rss_before)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.err.count("Kernels run in a sandbox: bubblewrap") == 1

    # Every honest learner's marks are exact, and no forged "correct" reached any output.
    formula = '=HYPERLINK("evil","click")'
    marks = gradebook_of(out)
    assert marks.pop("'" + formula) == expected.pop(formula)  # never read as a formula
    assert marks == expected
    data = json.loads((out / "grades.json").read_text())
    rows = {(r["learner"], r["notebook"], r["exercise"]): r for r in data["rows"]}
    assert {r["exercise"] for r in data["rows"]} == {*BLANK, "-"}
    assert data["sandbox"] == BUBBLEWRAP.note
    mallory = rows["mallory", "99_demo.ipynb", "ch99.q1"]
    assert "(the notebook's own output said correct)" in mallory["message"]
    fred = rows["fred", "99_demo.ipynb", "ch99.q2"]
    assert fred["message"].startswith("its kernel handed back no answer the grader can read")
    nick = rows["nick", "99_demo.ipynb", "ch99.q1"]
    assert nick["message"].startswith("my_predict(0.5, 2.0) is 'correct' (a str)")
    hostile = ("mallory", "pat", "fred", "nick", "hogan", "nora", "ivan", "aaron", "kev", "bobby")
    for who in hostile:
        mine = [r for r in data["rows"] if r["learner"] == who]
        assert mine and not [r for r in mine if r["outcome"] == "correct"], who
    assert rows["nora", "notes.ipynb", "-"]["outcome"] == "no_exercises"
    # Symbolic links are refused; alice's own notebook is hers.
    for who, notebook in (
        ("aaron", "99_demo.ipynb"),
        ("kev", "99_demo.ipynb"),
        ("bobby", "bobby/"),
    ):
        assert rows[who, notebook, "-"]["outcome"] == "refused"
    assert rows["alice", "99_demo.ipynb", "ch99.q1"]["path"] == str(
        root / "alice" / "99_demo.ipynb"
    )
    # Several notebooks of one chapter: the best counts, and outcomes.csv says so.
    with open(out / "outcomes.csv", newline="") as file:
        notes = {row["learner"]: row["notes"] for row in csv.DictReader(file)}
    assert notes["erin"].startswith("ch99: 2 notebooks, counted 99_demo.ipynb")
    # The limits held: the kernel couldn't raise them, allocate 5 GiB or write 600 MiB.
    problems = [
        r["message"] for r in data["rows"] if r["learner"] == "rita" and r["exercise"] == "-"
    ]
    assert problems[0].endswith("raised MemoryError")
    assert "ValueError" in problems[1] and "OSError" in problems[2]
    hog = [r["outcome"] for r in data["rows"] if r["learner"] == "hogan" and r["exercise"] == "-"]
    assert hog.count("timed_out") >= 2
    kim = [r for r in data["rows"] if r["learner"] == "kim" and r["exercise"] == "-"]
    assert kim[0]["outcome"] == "not_run" and kim[0]["message"].startswith(
        "the kernel died in cell 9"
    )
    assert [r["outcome"] for r in data["rows"] if r["learner"] == "ivan"] == [
        "unreadable",
        "unreadable",
        "unreadable",
        "refused",
    ]
    # Nothing lost, nothing changed, nothing left behind.
    lines = [json.loads(line) for line in (out / RESULTS).read_text().splitlines()]
    assert len(lines) == len({line["path"] for line in lines}) == len(graded)
    after = files_in(tmp_path)
    assert {p: b for p, b in after.items() if p in before} == before, "a file was changed"
    assert not [p for p in before if p not in after], "a file was deleted"
    assert psutil.Process().children(recursive=True) == []
    assert not [
        p for p in psutil.process_iter(["cmdline"]) if p.info["cmdline"] == ["sleep", "3171"]
    ]
    assert not list(Path(tempfile_dir()).glob(f"tinynn-grading-{os.getpid()}-*"))
    peak = (watch.peak + rss_grew) / 2**20
    print(f"peak memory of the grader's workers and kernels, together: {peak:.0f} MB")
    assert peak < 1024, f"peak memory {peak:.0f} MB"


def tempfile_dir():
    import tempfile

    return tempfile.gettempdir()


@pytest.mark.kernel
def test_without_the_sandbox_forged_results_still_dont_count_and_nothing_is_lost(tmp_path, capsys):
    out = tmp_path / "grades"
    root = tmp_path / "submissions"
    write(chapter(RIGHT), root / "alice" / "99_demo.ipynb")
    write(chapter({**RIGHT, "ch99.q2": "my_error = 0.3"}), root / "bob" / "99_demo.ipynb")
    write(chapter({}, [FORGE_MARKERS, PATCH_CHECKS]), root / "mallory" / "99_demo.ipynb")
    write(chapter({}, [REPLACE_EVALUATE]), root / "fred" / "99_demo.ipynb")
    write(chapter({}, [STEAL_NONCE]), root / "nick" / "99_demo.ipynb")
    delete_results = DELETE_AROUND.replace("OUT", str(out)).replace("SUBMISSIONS", "nowhere")
    write(chapter(RIGHT, [delete_results]), root / "dora" / "99_demo.ipynb")
    write(new_notebook(cells=[new_code_cell(FORGE_MARKERS)]), root / "nora" / "notes.ipynb")
    code = main(["grade", str(root), "--out", str(out), "--jobs", "1", "--sandbox", "none"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert err.count("WARNING: no sandbox") == 1
    assert gradebook_of(out) == {
        "alice": 3,
        "bob": 2,
        "dora": 3,
        "fred": 0,
        "mallory": 0,
        "nick": 0,
        "nora": 0,
    }
    # dora deleted the results folder while the class was graded: it was written again, whole.
    lines = (out / RESULTS).read_text().splitlines()
    assert sorted(json.loads(line)["learner"] for line in lines) == [
        "alice",
        "bob",
        "dora",
        "fred",
        "mallory",
        "nick",
        "nora",
    ]


KILL_THE_GRADER = (
    "import os, signal\n"
    "with open('MARKER', 'a') as f:\n"
    "    f.write('ran\\n')\n"
    "worker = os.getppid()\n"
    "grader = int(open(f'/proc/{worker}/stat').read().rsplit(')', 1)[1].split()[1])\n"
    "os.kill(grader, signal.SIGKILL)\n"
    "os.kill(worker, signal.SIGKILL)"
)


def grade_in_a_process(root, out, *args):
    """The grader as its own process (a notebook may kill it), knowing the stand-in chapter."""
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(FIXTURES)!r})\n"
        "import ch99\n"
        "sys.modules['tinynn.exercises.ch99'] = ch99\n"
        "from tinynn.grading.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    argv = [sys.executable, "-c", code, "grade", str(root), "--out", str(out), "--sandbox", "none"]
    return subprocess.run([*argv, *args], capture_output=True, text=True, timeout=600)


@pytest.mark.kernel
def test_a_notebook_that_kills_the_grader_is_named_on_resume_and_nobody_else_is_blamed(tmp_path):
    """Finding 8, without the sandbox (in it, a kernel can't see the grader): graded two at a
    time, the killer and its neighbour are suspects, graded again one at a time; the one that
    kills the grader alone is then reported, and run no more."""
    marker = tmp_path / "killer-ran.txt"
    root, out = tmp_path / "submissions", tmp_path / "grades"
    write(chapter(RIGHT), root / "alice" / "99_demo.ipynb")
    killer = KILL_THE_GRADER.replace("MARKER", str(marker))
    write(chapter(RIGHT, ["import time\ntime.sleep(1)", killer]), root / "kai" / "99_demo.ipynb")
    write(chapter(RIGHT), root / "zed" / "99_demo.ipynb")
    runs = [grade_in_a_process(root, out, "--jobs", "2")]
    while runs[-1].returncode < 0 and len(runs) < 4:
        runs.append(grade_in_a_process(root, out, "--jobs", "2", "--resume"))
    assert [run.returncode for run in runs][-1] == 0, runs[-1].stderr
    assert len(runs) == 3 and marker.read_text() == "ran\nran\n"
    assert gradebook_of(out) == {"alice": 3, "kai": 0, "zed": 3}
    rows = json.loads((out / "grades.json").read_text())["rows"]
    (stopped,) = [r for r in rows if r["learner"] == "kai"]
    assert stopped["outcome"] == "stopped_grader"
    assert "stopped the grader" in runs[-1].stdout


@pytest.mark.kernel
def test_no_kernel_or_temporary_folder_is_left_behind(tmp_path, monkeypatch):
    write(chapter(RIGHT), tmp_path / "alice" / "99_demo.ipynb")
    sleeper = "import subprocess\nsubprocess.Popen(['setsid', 'sleep', '3172'])"
    write(chapter(extra=[sleeper]), tmp_path / "bob" / "99_demo.ipynb")
    monkeypatch.chdir(tmp_path)  # paths relative to where the grader runs work too
    for choice in ("auto", "none"):
        rows = grading.grade(["alice", "bob"], timeout=float("inf"), jobs=2, sandbox_choice=choice)
        assert {(r.learner, r.outcome) for r in rows} == {
            ("alice", "correct"),
            ("bob", "not_attempted"),
        }
        assert not list(Path(tempfile_dir()).glob(f"tinynn-grading-{os.getpid()}-*"))
        assert psutil.Process().children(recursive=True) == []
        if choice == "auto" and BUBBLEWRAP.sandboxed:  # a process that left its group dies too
            left = [
                p
                for p in psutil.process_iter(["cmdline"])
                if p.info["cmdline"] == ["sleep", "3172"]
            ]
            assert not left, "a process a notebook started outlived grading"
    for process in psutil.process_iter(["cmdline"]):  # what the fallback can't reach
        if process.info["cmdline"] == ["sleep", "3172"]:
            process.kill()


@pytest.mark.kernel
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc")
def test_notebook_after_notebook_the_grader_holds_no_more_threads_or_open_files(tmp_path):
    # Each kernel's client and manager hold zmq sockets and a thread. Left open, a worker that
    # graded a class of 60 slowed down notebook by notebook (chapter 7 from 16 s to 42 s, with
    # over a thousand threads), and a bigger class would run out of files.
    path = tmp_path / "alice" / "99_demo.ipynb"
    write(chapter(RIGHT), path)

    def held():
        return len(os.listdir("/proc/self/task")), len(os.listdir("/proc/self/fd"))

    assert {row.outcome for row in grading.grade_notebook(path)} == {"correct"}
    first = held()
    for _ in range(3):
        assert {row.outcome for row in grading.grade_notebook(path)} == {"correct"}
    assert held() == first


@pytest.mark.kernel
def test_kernels_that_exceed_their_memory_or_cpu_limit_are_reported_and_answers_kept(tmp_path):
    hog = "blob = bytearray(3 * 2**30)"
    write(chapter(RIGHT, extra=[hog]), tmp_path / "alice" / "99_demo.ipynb")
    spin = "x = 0\nwhile True:\n    x += 1"
    write(chapter(RIGHT, extra=[spin]), tmp_path / "bob" / "99_demo.ipynb")
    limits = sandbox.Limits(memory_mb=1024, cpu_seconds=6)
    rows = grading.grade([tmp_path], timeout=60, limits=limits, jobs=2)
    assert [(r.learner, r.exercise, r.outcome) for r in rows] == [
        ("alice", "ch99.q1", "correct"),
        ("alice", "ch99.q2", "correct"),
        ("alice", "ch99.q3", "correct"),
        ("alice", "-", "error"),
        ("bob", "ch99.q1", "correct"),
        ("bob", "ch99.q2", "correct"),
        ("bob", "ch99.q3", "correct"),
        ("bob", "-", "not_run"),
    ]
    assert rows[3].message == "cell 8 raised MemoryError"
    # The answers before the cell that killed the kernel were collected in a second kernel.
    assert rows[7].message == "the kernel died in cell 8: it used up its 6 seconds of CPU time"
