"""The Gradescope autograder: `python -m tinynn gradescope` and what its zip does there.

The fast tests check the chapters it accepts, the zip's layout and the results.json it writes,
against the fields Gradescope documents. The ones marked `kernel` build the zip with the command,
unzip it into a temporary folder standing in for /autograder, run its setup.sh once (pip
installs the course into a virtual environment there), then its run_autograder on submissions:
the answer key, a blank chapter, a half-done one, a hostile one, and ones it can't grade.
"""

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell
from test_packaging import registry_reachable

from tinynn import grading
from tinynn.grading import autograder, gradescope, sandbox
from tinynn.grading.cli import main
from tinynn.grading.rows import Row

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
CHAPTER = "01_predict_compare_learn.ipynb"  # the assignment of the end-to-end tests
ASSIGNMENT = {"chapters": {"ch01": CHAPTER}, "timeout": 10}
KEYS = ["ch01.q1", "ch01.q2", "ch01.q3", "ch01.q4"]
# What Gradescope reads in results.json (its documentation: "Autograder Specifications").
TOP_LEVEL = {"score", "output", "tests", "execution_time", "visibility", "stdout_visibility"}
TEST_FIELDS = {"name", "score", "max_score", "output", "visibility"}
VISIBILITIES = {"visible", "hidden", "after_due_date", "after_published"}


def check_shape(document):
    """results.json as Gradescope documents it, with one visible test per exercise, each worth a
    point and scored 0 or 1, and a total that is their sum."""
    assert set(document) <= TOP_LEVEL, set(document) - TOP_LEVEL
    assert isinstance(document["score"], float)
    assert isinstance(document["output"], str) and document["output"]
    assert [test["name"].split(":")[0] for test in document["tests"]] == KEYS
    for test in document["tests"]:
        assert set(test) == TEST_FIELDS
        assert isinstance(test["name"], str) and isinstance(test["output"], str)
        assert test["output"] and "\n" not in test["output"]
        assert test["max_score"] == 1.0 and test["score"] in (0.0, 1.0)
        assert test["visibility"] in VISIBILITIES
    assert document["score"] == sum(test["score"] for test in document["tests"])


def marks(document):
    return {test["name"].split(":")[0]: test["score"] for test in document["tests"]}


def outputs(document):
    return {test["name"].split(":")[0]: test["output"] for test in document["tests"]}


# ---------------------------------------------------------------------------------------------
# Choosing the chapters
# ---------------------------------------------------------------------------------------------


def test_chapters_are_named_by_number_or_notebook_and_every_one_by_default():
    choices = gradescope.chapter_choices(CHAPTERS)
    assert choices["ch03"] == "03_gradient_descent.ipynb"
    assert sorted(choices) == [f"ch{n:02d}" for n in range(8)]
    given = ["3", "chapters/01_predict_compare_learn.ipynb", "03", "7"]
    assert list(gradescope.choose_chapters(given, choices)) == ["ch01", "ch03", "ch07"]
    assert gradescope.choose_chapters([], choices) == choices


@pytest.mark.parametrize("value", ["9", "chapters/03_my_copy.ipynb", "three", "-1"])
def test_a_chapter_that_isnt_one_is_named_with_the_choices(value):
    choices = gradescope.chapter_choices(CHAPTERS)
    with pytest.raises(ValueError) as raised:
        gradescope.choose_chapters(["1", value], choices)
    message = str(raised.value)
    assert repr(value) in message and "0, 1, 2, 3, 4, 5, 6, 7" in message
    assert "chapters/00_welcome.ipynb" in message


def test_a_bad_chapter_or_output_stops_the_command_before_anything_is_built(tmp_path, capsys):
    out = tmp_path / "autograder.zip"
    with pytest.raises(SystemExit) as stopped:
        main(["gradescope", "--out", str(out), "12"])
    assert stopped.value.code == 2
    assert "no chapter '12' to grade" in capsys.readouterr().err
    assert main(["gradescope", "--out", str(tmp_path), "1"]) == 2
    assert f"--out {tmp_path} is a folder" in capsys.readouterr().err
    assert main(["gradescope", "--out", str(tmp_path / "no" / "a.zip"), "1"]) == 2
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------------------------
# The zip
# ---------------------------------------------------------------------------------------------


def test_the_zip_has_gradescopes_layout_with_executable_scripts(tmp_path):
    """setup.sh and run_autograder at the top level (executable), the wheel that setup.sh
    installs, and the assignment. (The wheel here is a file of made-up bytes: the end-to-end
    test installs a real one.)"""
    wheel = tmp_path / "tinynn-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"the wheel's bytes")
    out = tmp_path / "autograder.zip"
    gradescope.write_zip(out, wheel, {"ch01": CHAPTER, "ch03": "03_gradient_descent.ipynb"}, 20)
    with zipfile.ZipFile(out) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        assert set(infos) == {"setup.sh", "run_autograder", autograder.CONFIG, wheel.name}
        modes = {name: stat.S_IMODE(info.external_attr >> 16) for name, info in infos.items()}
        assert modes["setup.sh"] == modes["run_autograder"] == 0o755
        assert archive.read(wheel.name) == b"the wheel's bytes"
        setup = archive.read("setup.sh").decode()
        run = archive.read("run_autograder").decode()
        config = json.loads(archive.read(autograder.CONFIG))
    assert config["chapters"] == [
        {"chapter": "ch01", "notebook": CHAPTER},
        {"chapter": "ch03", "notebook": "03_gradient_descent.ipynb"},
    ]
    assert config["timeout"] == 20 and config["tinynn"] == "0.1.0"
    for text in (setup, run):
        assert text.startswith("#!/usr/bin/env bash\n") and "\r" not in text
        assert 'ROOT="${AUTOGRADER_ROOT:-/autograder}"' in text
        assert not re.search(r"@[A-Z_]+@", text), "a placeholder was left in"
    assert f'WHEEL="$ROOT/source/{wheel.name}"' in setup
    assert '-m pip install --quiet --disable-pip-version-check "$WHEEL[course]"' in setup
    assert "apt_install bubblewrap" in setup
    assert '-m tinynn.grading.autograder "$ROOT"' in run
    (tmp_path / autograder.CONFIG).write_text(json.dumps(config))
    assert autograder.read_assignment(tmp_path / autograder.CONFIG) == {
        "chapters": {"ch01": CHAPTER, "ch03": "03_gradient_descent.ipynb"},
        "timeout": 20,
    }


# ---------------------------------------------------------------------------------------------
# results.json
# ---------------------------------------------------------------------------------------------


def rows_of(notebook, outcomes, path=None):
    """Rows of one graded notebook: {exercise: (outcome, message)}."""
    return [
        Row(notebook, key, outcome, message, path=path or f"/sub/{notebook}")
        for key, (outcome, message) in outcomes.items()
    ]


def test_each_exercise_is_a_test_worth_a_point_with_the_checks_message():
    rows = rows_of(
        CHAPTER,
        {
            "ch01.q1": ("correct", "Right: well done."),
            "ch01.q2": ("not_yet", "my_error is 4.0: square the miss"),
            "ch01.q3": ("not_attempted", "replace the `...` with your answer"),
        },
    )
    document = autograder.results_for(rows, ASSIGNMENT)
    check_shape(document)
    assert marks(document) == {"ch01.q1": 1.0, "ch01.q2": 0.0, "ch01.q3": 0.0, "ch01.q4": 0.0}
    said = outputs(document)
    assert said["ch01.q1"] == "Correct. Right: well done."
    assert said["ch01.q2"] == "Not yet. My_error is 4.0: square the miss."
    assert said["ch01.q3"] == "Not attempted. Replace the `...` with your answer."
    assert said["ch01.q4"].startswith("Not handed in: none of your notebooks has ch01.q4")
    assert document["output"].startswith("1 of 4 exercises correct, one point each.")
    assert document["tests"][0]["name"] == "ch01.q1: Write predict"


def test_of_two_notebooks_for_the_chapter_the_best_counts_and_that_is_said():
    old = rows_of(CHAPTER, {key: ("not_attempted", "") for key in KEYS}, "/sub/old/" + CHAPTER)
    done = {key: ("correct", "Right.") for key in KEYS[:3]} | {"ch01.q4": ("not_yet", "no")}
    document = autograder.results_for(old + rows_of(CHAPTER, done), ASSIGNMENT)
    check_shape(document)
    assert document["score"] == 3.0
    assert "ch01: 2 notebooks, counted" in document["output"]


def test_a_notebook_that_couldnt_be_graded_says_why_in_each_of_its_exercises():
    rows = [Row(CHAPTER, "-", "unreadable", "not valid JSON (line 1): is it a notebook?")]
    notes = ["02_hot_and_cold.ipynb was not graded: it holds ch02's exercises"]
    document = autograder.results_for(rows, ASSIGNMENT, notes)
    check_shape(document)
    assert document["score"] == 0.0
    for said in outputs(document).values():
        assert said == f"Not graded: {CHAPTER}: not valid JSON (line 1): is it a notebook?"
    assert notes[0] in document["output"]
    assert f"{CHAPTER}: unreadable: not valid JSON" in document["output"]


def test_an_autograder_that_fails_still_writes_results_that_say_so(tmp_path, capsys):
    """No assignment in source/ (a broken zip): results.json scores 0 and names the error."""
    (tmp_path / "submission").mkdir()
    assert autograder.main([str(tmp_path)]) == 0
    document = json.loads((tmp_path / "results" / "results.json").read_text())
    assert set(document) <= TOP_LEVEL and document["score"] == 0.0 and document["tests"] == []
    assert document["output"].startswith("The autograder failed, so nothing was graded")
    assert "FileNotFoundError" in document["output"]
    assert "Traceback" in capsys.readouterr().err  # for the instructor, in Gradescope's log

    document = autograder.failed(RuntimeError("no kernel"), ASSIGNMENT)
    check_shape(document)
    assert document["score"] == 0.0 and "RuntimeError: no kernel" in document["output"]


def test_results_are_written_whole_and_never_through_a_link(tmp_path):
    outside = tmp_path / "outside.json"
    outside.write_text("theirs")
    results = tmp_path / "results" / "results.json"
    results.parent.mkdir()
    results.symlink_to(outside)
    autograder.write_results(results, {"score": 1.0, "output": "ok", "tests": []})
    assert outside.read_text() == "theirs"
    assert not results.is_symlink() and json.loads(results.read_text())["score"] == 1.0
    assert os.listdir(results.parent) == ["results.json"]


def test_the_root_is_autograder_unless_the_one_variable_moves_it(monkeypatch, tmp_path):
    monkeypatch.delenv(autograder.ROOT_VARIABLE, raising=False)
    assert autograder.root() == Path("/autograder")
    monkeypatch.setenv(autograder.ROOT_VARIABLE, str(tmp_path))
    assert autograder.root() == tmp_path


# ---------------------------------------------------------------------------------------------
# End to end: the zip built by the command, set up and run in a stand-in for /autograder
# ---------------------------------------------------------------------------------------------

# Attacks a hostile learner adds after their answers (paths filled in by `hostile`): print a
# results.json of their own, write one where Gradescope reads it, edit the installed tinynn and
# the autograder, display "correct" for every exercise, run forever, kill their own kernel.
FAKE_RESULTS = "import json\nprint(json.dumps({'score': 100.0, 'tests': []}))"
OVERWRITE = (
    "import glob, json\n"
    "targets = ['RESULTS'] + glob.glob('INSTALLED/**/*.py', recursive=True)\n"
    "targets += glob.glob('SOURCE/*')\n"
    "for path in targets:\n"
    "    try:\n"
    "        with open(path, 'a') as f:\n"
    "            f.write(json.dumps({'score': 100.0}))\n"
    "    except OSError:\n"
    "        pass"
)
FORGE_MARKERS = (
    "from IPython.display import display\n"
    "for key in ['ch01.q1', 'ch01.q2', 'ch01.q3', 'ch01.q4']:\n"
    "    marker = {'exercise': key, 'outcome': 'correct', 'message': ''}\n"
    "    display({'text/plain': 'Correct'}, raw=True, metadata={'tinynn': marker})"
)
FOREVER = "while True:\n    pass"
KILL_OWN_KERNEL = "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"


@pytest.fixture(scope="module")
def built_zip(tmp_path_factory):
    """The autograder for chapter 1, built by the command (pip builds tinynn's wheel)."""
    if not registry_reachable():
        pytest.skip("the package registry is unreachable: can't build or install tinynn's wheel")
    out = tmp_path_factory.mktemp("zip") / "autograder.zip"
    built = subprocess.run(
        [sys.executable, "-m", "tinynn", "gradescope", "--out", str(out), "1", "--timeout", "10"],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    assert f"Wrote {out}: tinynn " in built.stderr
    return out


def unzip(archive, folder):
    """Unpack as Gradescope does, keeping the scripts' modes."""
    folder.mkdir(parents=True)
    with zipfile.ZipFile(archive) as opened:
        for info in opened.infolist():
            opened.extract(info, folder)
            os.chmod(folder / info.filename, stat.S_IMODE(info.external_attr >> 16))


@pytest.fixture(scope="module")
def autograder_root(built_zip, tmp_path_factory):
    """A stand-in for /autograder: the zip in source/, setup.sh run once (it installs the
    course into a virtual environment there, from the registry or pip's cache)."""
    root = tmp_path_factory.mktemp("autograder")
    unzip(built_zip, root / "source")
    env = {**os.environ, autograder.ROOT_VARIABLE: str(root)}
    done = subprocess.run(
        [str(root / "source" / "setup.sh")], env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    assert "setup.sh: tinynn 0.1.0 is installed in" in done.stdout
    return root


def run_autograder(root, files):
    """Hand in `files` ({name: notebook or bytes}), run run_autograder as Gradescope does, and
    return results.json and what the autograder printed."""
    submission, results = root / "submission", root / "results"
    for folder in (submission, results):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
    for name, content in files.items():
        path = submission / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            nbformat.write(content, path)
    env = {**os.environ, autograder.ROOT_VARIABLE: str(root)}
    done = subprocess.run(
        [str(root / "source" / "run_autograder")], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads((results / "results.json").read_text()), done.stdout + done.stderr


@pytest.fixture(scope="module")
def key_and_blank(tmp_path_factory):
    """Chapter 1 as learners get it, and its answer key (`python -m tinynn key`)."""
    folder = tmp_path_factory.mktemp("key")
    rows = grading.key([CHAPTERS / CHAPTER], folder)
    assert [row.outcome for row in rows] == ["filled"] * 4
    return nbformat.read(folder / CHAPTER, as_version=4), nbformat.read(
        CHAPTERS / CHAPTER, as_version=4
    )


def solved(key_nb, blank_nb, keys):
    """The blank chapter with the key's answers to `keys` filled in."""
    nb = nbformat.from_dict(json.loads(json.dumps(blank_nb)))
    answers = {
        tag: cell.source
        for cell in key_nb.cells
        for tag in cell.get("metadata", {}).get("tags", [])
        if tag.startswith("exercise:")
    }
    for cell in nb.cells:
        for tag in cell.get("metadata", {}).get("tags", []):
            if tag.removeprefix("exercise:") in keys:
                cell.source = answers[tag]
    return nb


def expected_marks(filled):
    return {key: float(key in filled) for key in KEYS}


def installed_files(root):
    """The installed tinynn's files and their hashes."""
    (package,) = (root / "tinynn-venv").glob("lib/python3*/site-packages/tinynn")
    return {
        path: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(package.rglob("*.py"))
    }


def answers_given_away(document):
    """Lines of a solution that a learner's blank doesn't already show, found in results.json."""
    text = json.dumps(document)
    found = []
    for exercise in autograder.expected_exercises(ASSIGNMENT).values():
        for line in exercise.source.splitlines():
            if len(line.strip()) > 12 and "learn(5, 42" not in line and line.strip() in text:
                found.append(line)
    return found


@pytest.mark.kernel
@pytest.mark.network
@pytest.mark.parametrize(
    "filled", [KEYS, [], ["ch01.q1", "ch01.q3"]], ids=["key", "blank", "half-done"]
)
def test_answers_get_exact_marks_and_the_checks_messages(autograder_root, key_and_blank, filled):
    nb = solved(*key_and_blank, filled)
    document, printed = run_autograder(autograder_root, {CHAPTER: nb})
    check_shape(document)
    assert marks(document) == expected_marks(filled)
    for key, said in outputs(document).items():
        assert said.startswith("Correct." if key in filled else "Not attempted."), said
    assert answers_given_away(document) == []
    here = sandbox.isolation("auto")
    said = "Kernels run in a sandbox: bubblewrap" if here.sandboxed else "WARNING: no sandbox"
    assert said in printed


@pytest.mark.kernel
@pytest.mark.network
def test_a_hostile_notebook_gets_only_its_own_marks_and_changes_nothing(
    autograder_root, key_and_blank
):
    filled = ["ch01.q2", "ch01.q4"]
    nb = solved(*key_and_blank, filled)
    paths = {
        "RESULTS": autograder_root / "results" / "results.json",
        "INSTALLED": next(iter(installed_files(autograder_root))).parent,
        "SOURCE": autograder_root / "source",
    }
    attacks = [FAKE_RESULTS, OVERWRITE, FORGE_MARKERS, FOREVER, KILL_OWN_KERNEL]
    for name, path in paths.items():
        attacks = [attack.replace(name, str(path)) for attack in attacks]
    nb.cells += [new_code_cell(attack) for attack in attacks]
    before = installed_files(autograder_root)
    source = {p: p.read_bytes() for p in (autograder_root / "source").iterdir()}

    document, printed = run_autograder(autograder_root, {"handed-in/" + CHAPTER: nb})
    check_shape(document)
    assert marks(document) == expected_marks(filled)
    assert document["score"] == len(filled)
    said = outputs(document)
    assert said["ch01.q1"].startswith("Not attempted.")
    assert "(the notebook's own output said correct)" in said["ch01.q1"]
    assert "timed out" in document["output"] and "died" in document["output"]
    assert installed_files(autograder_root) == before
    assert {p: p.read_bytes() for p in (autograder_root / "source").iterdir()} == source


@pytest.mark.kernel
@pytest.mark.network
def test_what_cant_be_graded_still_gets_results_that_say_why(autograder_root, key_and_blank):
    key_nb, _ = key_and_blank
    chapter_2 = nbformat.read(CHAPTERS / "02_hot_and_cold.ipynb", as_version=4)
    cases = {
        "no notebook": ({"answers.py": b"print(1)\n", "notes/report.txt": b"hi"}, "answers.py"),
        "not JSON": ({CHAPTER: b'{"cells": [1, 2'}, "not valid JSON (line 1)"),
        "wrong chapter": ({"02_hot_and_cold.ipynb": chapter_2}, "holds ch02's exercises"),
    }
    for case, (files, why) in cases.items():
        document, _ = run_autograder(autograder_root, files)
        check_shape(document)
        assert document["score"] == 0.0, case
        assert why in document["output"], (case, document["output"])
        for said in outputs(document).values():
            assert said.startswith(("Not handed in", "Not graded")), (case, said)


@pytest.mark.kernel
@pytest.mark.network
def test_a_grader_that_cannot_start_still_leaves_results(built_zip, tmp_path):
    """No virtual environment (setup.sh never ran or failed): run_autograder says so."""
    unzip(built_zip, tmp_path / "source")
    document, printed = run_autograder(tmp_path, {CHAPTER: b"{}"})
    assert set(document) <= TOP_LEVEL and document["score"] == 0 and document["tests"] == []
    assert document["output"].startswith("The autograder could not run")
    assert "run_autograder: the grader stopped with exit status 127" in printed
