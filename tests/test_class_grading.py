"""Grading a whole class: who is who, what instructors take away, and what grading protects.

The fast tests build folders and rows by hand; the ones marked `kernel` grade a small class of
stand-in chapters (tests/fixtures/ch99.py), one learner of which is hostile.
"""

import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

import tinynn
from tinynn import grading
from tinynn.grading import executing, gradebook, notebooks, sandbox, submissions
from tinynn.grading.results import RESULTS, Results
from tinynn.__main__ import main

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


# ---------------------------------------------------------------------------------------------
# Who is who
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
    # The same notebook given twice is graded once.
    assert found([tmp_path / "bob", tmp_path / "bob" / "01_a.ipynb"]) == [("bob", "01_a.ipynb")]
    # A notebook that is a link to a file elsewhere is still the learner's.
    (tmp_path / "carol").mkdir()
    (tmp_path / "carol" / "01_a.ipynb").symlink_to(tmp_path / "bob" / "01_a.ipynb")
    assert found([tmp_path / "carol"]) == [("carol", "01_a.ipynb")]


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


# ---------------------------------------------------------------------------------------------
# What instructors take away
# ---------------------------------------------------------------------------------------------


def class_rows():
    Row = grading.Row
    return [
        Row("99_demo.ipynb", "ch99.q1", "correct", "Right", "alice", "p"),
        Row("99_demo.ipynb", "ch99.q2", "not_yet", "my_error <b>is</b> too big", "alice", "p"),
        Row("99_demo.ipynb", "ch99.q1", "not_attempted", "replace it", "=cmd|x", "q"),
        Row("99_demo.ipynb", "-", "error", "cell 3 raised NameError: x", "=cmd|x", "q"),
        Row("98_bad.ipynb", "-", "unreadable", "not valid JSON", "=cmd|x", "r"),
    ]


def test_the_gradebook_has_one_row_per_learner_and_a_column_per_exercise(tmp_path):
    gradebook.write_gradebook(tmp_path, class_rows())
    with open(tmp_path / "grades.csv", newline="") as file:
        grades = list(csv.reader(file))
    assert grades == [
        ["learner", "ch99.q1", "ch99.q2", "correct", "exercises", "percent"],
        ["alice", "1", "0", "1", "2", "50.0"],
        ["'=cmd|x", "0", "0", "0", "2", "0.0"],
    ]
    with open(tmp_path / "outcomes.csv", newline="") as file:
        words = list(csv.reader(file))
    assert words[0] == ["learner", "ch99.q1", "ch99.q2", "notebooks", "problems"]
    assert words[1:] == [
        ["alice", "correct", "not yet", "1", "0"],
        ["'=cmd|x", "not attempted", "", "2", "2"],
    ]
    data = json.loads((tmp_path / "grades.json").read_text())
    assert len(data["rows"]) == 5 and data["rows"][4]["path"] == "r"
    assert data["learners"][0] == {
        "learner": "alice",
        "correct": 1,
        "exercises": 2,
        "percent": 50.0,
        "notebooks": 1,
        "problems": 0,
    }


def test_each_learner_gets_a_feedback_page_with_every_message_escaped(tmp_path):
    gradebook.write_gradebook(tmp_path, class_rows())
    pages = sorted(p.name for p in (tmp_path / "feedback").iterdir())
    assert pages == ["alice.html", "cmd_x.html"]
    alice = (tmp_path / "feedback" / "alice.html").read_text()
    assert "1 of 2 exercises correct" in alice
    assert "my_error &lt;b&gt;is&lt;/b&gt; too big" in alice and "<b>is" not in alice
    other = (tmp_path / "feedback" / "cmd_x.html").read_text()
    assert "cell 3 raised NameError: x" in other and "98_bad.ipynb" in other


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
    assert [json.loads(line) for line in (out / RESULTS).read_text().splitlines()] == [
        entry
    ]


def test_grading_again_without_resume_keeps_the_earlier_results_aside(tmp_path):
    (tmp_path / RESULTS).write_text('{"an": "earlier run"}\n')
    Results(tmp_path, resume=False)
    assert (tmp_path / RESULTS).read_text() == ""
    earlier = tmp_path / (RESULTS + ".previous")
    assert earlier.read_text() == '{"an": "earlier run"}\n'


def test_the_grading_client_keeps_check_results_and_drops_printed_text():
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


# ---------------------------------------------------------------------------------------------
# A class end to end, with a hostile learner
# ---------------------------------------------------------------------------------------------

# Cells a hostile learner adds to a blank notebook, each trying something the grader must
# survive: forging a "correct", patching the checks, editing tinynn, deleting files around it.
HOSTILE = [
    # Forge correct results by displaying the check's marker: for q1, and for exercises that
    # don't exist (they must not become gradebook columns).
    "from IPython.display import display\n"
    "for key in ['ch99.q1', 'ch99.q7', 'ch77.q1']:\n"
    "    marker = {'exercise': key, 'outcome': 'correct', 'message': ''}\n"
    "    display({'text/plain': 'Correct'}, raw=True, metadata={'tinynn': marker})",
    # Patch the checking machinery in this kernel so every check says correct.
    "import tinynn.exercises.checking as checking\n"
    "checking.Exercise._outcome = lambda self, answer: ('correct', '')\n"
    "ch99.q3.check(my_weight_deltas)",
    # Edit the tinynn it imports, as an editable install would let it (see edit_tinynn).
    "EDIT",
    # Delete every notebook it can find around its folder.
    "import glob, os\n"
    "for path in glob.glob('../**/*.ipynb', recursive=True) + glob.glob('*.ipynb'):\n"
    "    os.remove(path)",
    # Flood the output.
    "for i in range(200000):\n    print('x' * 100)",
]


def edit_tinynn(report):
    """A cell that edits the `tinynn` its kernel imports so that every check says correct, and
    writes that file's path to `report`. It refuses to edit the installed package, so that this
    test can never damage the working tree: the test fails instead."""
    payload = "\\nExercise._outcome = lambda self, answer: ('correct', '')\\n"
    return (
        "import tinynn.exercises.checking as checking\n"
        f"with open({str(report)!r}, 'w') as f:\n"
        "    f.write(checking.__file__)\n"
        f"if not checking.__file__.startswith({str(PACKAGE)!r}):\n"
        "    with open(checking.__file__, 'a') as f:\n"
        f'        f.write("{payload}")\n'
    )


@pytest.mark.kernel
def test_a_class_with_a_hostile_learner_is_graded_learner_by_learner(tmp_path, capsys):
    submissions = tmp_path / "submissions"
    write(chapter(RIGHT), submissions / "alice" / "99_demo.ipynb")
    write(chapter({**RIGHT, "ch99.q2": "my_error = 0.3"}), submissions / "bob" / "99_demo.ipynb")
    seen = tmp_path / "kernel-imported.txt"
    hostile = [edit_tinynn(seen) if cell == "EDIT" else cell for cell in HOSTILE]
    write(chapter(extra=hostile), submissions / "mallory" / "99_demo.ipynb")
    killer = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"
    write(chapter(RIGHT, extra=[killer]), submissions / "mallory" / "98_killer.ipynb")
    write(chapter(), submissions / "zoe" / "99_demo.ipynb")
    touch(submissions / "zoe" / "._99_demo.ipynb", "\x00\x05\x16\x07")
    before = {path: path.read_bytes() for path in sorted(submissions.rglob("*")) if path.is_file()}
    out = tmp_path / "grades"

    code = main(["grade", str(submissions), "--out", str(out), "--jobs", "2", "--timeout", "20"])

    # The hostile kernel imported (and edited) a private copy of tinynn, not the installed one.
    assert seen.exists() and not seen.read_text().startswith(str(PACKAGE)), seen.read_text()
    assert code == 0
    captured = capsys.readouterr()
    after = {path: path.read_bytes() for path in sorted(submissions.rglob("*")) if path.is_file()}
    assert after == before, "grading changed a submission"

    data = json.loads((out / "grades.json").read_text())
    got = {(r["learner"], r["notebook"], r["exercise"]): r for r in data["rows"]}
    outcome = {k: r["outcome"] for k, r in got.items()}
    for key in BLANK:
        assert outcome["alice", "99_demo.ipynb", key] == "correct"
        assert outcome["zoe", "99_demo.ipynb", key] == "not_attempted"
    assert outcome["bob", "99_demo.ipynb", "ch99.q2"] == "not_yet"
    # The forged marker and the patched check don't count; the instructor is told.
    assert outcome["mallory", "99_demo.ipynb", "ch99.q1"] == "not_attempted"
    assert "own output said correct" in got["mallory", "99_demo.ipynb", "ch99.q1"]["message"]
    assert outcome["mallory", "99_demo.ipynb", "ch99.q3"] == "not_attempted"
    # Killing the grader's process costs only that notebook.
    killed = got["mallory", "98_killer.ipynb", "-"]
    assert killed["outcome"] == "error"
    assert killed["message"].startswith(
        "the grader's process for this notebook was killed (SIGKILL)"
    )
    assert {r["path"] for r in data["rows"]} == {
        str(p) for p in before if p.name != "._99_demo.ipynb"
    }

    assert {r["exercise"] for r in data["rows"]} == {*BLANK, "-"}
    with open(out / "grades.csv", newline="") as file:
        grades = list(csv.DictReader(file))
    assert [(g["learner"], g["correct"], g["exercises"]) for g in grades] == [
        ("alice", "3", "3"),
        ("bob", "2", "3"),
        ("mallory", "0", "3"),
        ("zoe", "0", "3"),
    ]
    pages = sorted(p.name for p in (out / "feedback").iterdir())
    assert pages == ["alice.html", "bob.html", "mallory.html", "zoe.html"]
    assert "my_error" in (out / "feedback" / "bob.html").read_text()
    lines = (out / RESULTS).read_text().splitlines()
    assert len(lines) == 5
    assert not (out / (RESULTS + ".previous")).exists()
    assert "[5/5]" in captured.err and "skipped 1 hidden" in captured.err
    assert "Totals:" in captured.out and "mallory  0 of 3" in captured.out

    # Only bob changes his notebook: --resume grades only that one again.
    write(chapter(RIGHT), submissions / "bob" / "99_demo.ipynb")
    code = main(["grade", str(submissions), "--out", str(out), "--resume", "--jobs", "1"])
    captured = capsys.readouterr()
    assert captured.err.count("(kept from the last run)") == 4
    with open(out / "grades.csv", newline="") as file:
        assert [g["correct"] for g in csv.DictReader(file)] == ["3", "3", "0", "0"]


@pytest.mark.kernel
def test_no_kernel_or_temporary_folder_is_left_behind(tmp_path, monkeypatch):
    write(chapter(RIGHT), tmp_path / "alice" / "99_demo.ipynb")
    sleeper = "import subprocess\nsubprocess.Popen(['sleep', '300'])"
    write(chapter(extra=[sleeper]), tmp_path / "bob" / "99_demo.ipynb")
    mine = set(Path(tempfile.gettempdir()).glob("tinynn-grading-*"))
    monkeypatch.chdir(tmp_path)  # paths relative to where the grader runs work too
    rows = grading.grade(["alice", "bob"], timeout=float("inf"), jobs=2)
    assert {(r.learner, r.outcome) for r in rows} == {
        ("alice", "correct"),
        ("bob", "not_attempted"),
    }
    assert set(Path(tempfile.gettempdir()).glob("tinynn-grading-*")) <= mine
    sleeping = subprocess.run(["pgrep", "-f", "^sleep 300$"], capture_output=True, text=True)
    assert sleeping.stdout.strip() == "", "a process a notebook started outlived grading"


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
    # The answers before the cell that killed the kernel were re-checked in a second kernel.
    assert rows[7].message == "the kernel died in cell 8: it used up its 6 seconds of CPU time"


def test_the_kernel_wrapper_sets_its_limits():
    argv = sandbox.kernel_argv(sandbox.Limits(memory_mb=100, cpu_seconds=7, file_mb=None))
    code = argv[2].replace("os.execv(", "print(resource.getrlimit(resource.RLIMIT_CPU)) or (")
    done = subprocess.run([sys.executable, "-c", code, *argv[3:6]], capture_output=True, text=True)
    assert done.stdout.startswith("(7,"), done.stderr
