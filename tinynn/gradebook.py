"""Grading a whole class: who is who, grading in parallel, and what instructors take away.

`find_submissions` turns the folders given into (learner, notebook) pairs: a folder holding
notebooks is one learner's; a folder holding folders is a class, one folder per learner.
`grade_submissions` grades them `jobs` at a time, each in a worker process of its own (see
`tinynn._worker`), and appends each notebook's result to `results.jsonl` as soon as it is done.
`write_gradebook` builds `grades.csv`, `outcomes.csv`, `grades.json` and one feedback page per
learner from those results.
"""

import csv
import hashlib
import html
import json
import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tinynn import grading, sandbox
from tinynn.exercises.checking import COLOURS
from tinynn.grading import GRADER_LABELS, Row

RESULTS = "results.jsonl"

# Outcomes that say something went wrong with the notebook rather than with an answer.
PROBLEMS = {grading.ERROR, grading.UNREADABLE, grading.NOT_RUN, "timed_out"}


@dataclass
class Submission:
    """One notebook of one learner: `notebook` is its path inside the learner's folder."""

    learner: str
    notebook: str
    path: Path
    sha256: str = ""
    expected: list = field(default_factory=list)
    rows: list | None = None  # known before any kernel runs: unreadable, or resumed
    resumed: bool = False  # its rows were kept from an earlier run's results.jsonl


@dataclass
class Found:
    """What `find_submissions` found: the notebooks, and what it skipped or couldn't find."""

    submissions: list
    hidden: list
    missing: list


# ---------------------------------------------------------------------------------------------
# Who is who
# ---------------------------------------------------------------------------------------------


def find_submissions(paths):
    """Find every learner's notebooks under `paths`.

    - a notebook file is graded as it is; its learner is the folder it is in;
    - a folder with notebooks in it is one learner (the folder's name), with every notebook
      inside it, subfolders included;
    - a folder with no notebooks of its own is a class: each folder in it that holds notebooks
      (at any depth) is one learner.

    Hidden files and folders (`.ipynb_checkpoints`, macOS's `._*` and `__MACOSX`) are skipped.
    """
    folders = {}  # learner folder (resolved) -> [(notebook, its path inside the folder)]
    hidden, missing = [], []

    def add(folder, notebooks):
        found = folders.setdefault(folder.resolve(), [])
        found += [(notebook, notebook.relative_to(folder).as_posix()) for notebook in notebooks]

    for path in map(Path, paths):
        if not path.exists():
            missing.append(path)
        elif path.is_file():
            if grading.is_hidden(path):
                hidden.append(path)
            else:
                add(path.parent, [path])
        elif _notebooks_in(path, recursive=False):
            add(path, _notebooks_in(path))
        else:
            for child in sorted(p for p in path.iterdir() if p.is_dir()):
                if not grading.is_hidden(child) and _notebooks_in(child):
                    add(child, _notebooks_in(child))
        if path.is_dir():
            hidden += _hidden_notebooks(path)
    names = _learner_names(folders)
    submissions, seen = [], set()
    for folder, notebooks in folders.items():
        for notebook, relative in notebooks:
            if notebook.resolve() in seen:
                continue
            seen.add(notebook.resolve())
            submissions.append(Submission(names[folder], relative, notebook))
    submissions.sort(key=lambda s: (s.learner.casefold(), s.learner, _natural(s.notebook)))
    return Found(submissions, sorted(set(hidden)), missing)


def _notebooks_in(folder, recursive=True):
    """The notebooks in a folder (and its subfolders), skipping anything hidden."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not grading.is_hidden(d)) if recursive else []
        found += [
            Path(root) / name
            for name in sorted(files)
            if name.endswith(".ipynb") and not grading.is_hidden(name)
        ]
    return found


def _hidden_notebooks(folder):
    """Hidden notebook files (macOS's `._name.ipynb`), also in `__MACOSX`; not the contents of
    hidden folders such as `.ipynb_checkpoints`, which nobody hands in."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(root) / n for n in files if n.endswith(".ipynb") and grading.is_hidden(n)]
    return found


def _learner_names(folders):
    """Each learner folder's name; where two share a name, enough of the path to tell them
    apart (`a/alice`, `b/alice`)."""
    names = {folder: folder.name for folder in folders}
    depth = 1
    while len(set(names.values())) < len(names) and depth < 20:
        depth += 1
        clashes = {n for n in names.values() if list(names.values()).count(n) > 1}
        for folder in folders:
            if names[folder] in clashes:
                names[folder] = "/".join(folder.parts[-depth:])
    return names


def _natural(text):
    """Sort `ch2` before `ch10`."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


# ---------------------------------------------------------------------------------------------
# Grading in parallel
# ---------------------------------------------------------------------------------------------


def grade_class(
    paths,
    timeout=grading.CELL_TIMEOUT,
    jobs=1,
    out=None,
    resume=False,
    limits=None,
    on_start=None,
    on_done=None,
):
    """Grade everything under `paths` (see `find_submissions`) and return all the rows.

    With `out`, results go to `out/results.jsonl` as they come and the gradebook files are
    written at the end (see `write_gradebook`).
    """
    found = find_submissions(paths)
    results = Results(Path(out) / RESULTS, resume) if out else None
    submissions = grade_submissions(
        found.submissions, timeout, jobs, limits, results, on_start, on_done
    )
    rows = [row for s in submissions for row in s.rows]
    rows += [
        Row(path.name, "-", grading.UNREADABLE, "no such file", path=str(path))
        for path in found.missing
    ]
    if out:
        write_gradebook(out, rows)
    return rows


def prepare(submissions, results=None):
    """Read each notebook once: its hash, the exercises it should have, or why it can't run.

    Returns the exercise modules they need (for the copy of tinynn the kernels import).
    """
    modules = {}
    for submission in submissions:
        path, name = submission.path, submission.notebook
        try:
            submission.sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            submission.sha256 = ""
        previous = results.previous(submission) if results else None
        if previous is not None:
            submission.rows, submission.resumed = previous, True
            continue
        nb, problem = grading._read(path)
        if nb is None:
            submission.rows = [Row(name, "-", grading.UNREADABLE, problem)]
            continue
        try:
            expected, found = grading.expected_exercises(nb, path.name)
        except Exception as error:  # noqa: BLE001 - a broken chapter module shouldn't stop grading
            message = f"can't load its exercises: {type(error).__name__}"
            submission.rows = [Row(name, "-", grading.ERROR, message)]
            continue
        submission.expected = expected
        modules.update({module.__name__: module for module in found})
    return list(modules.values())


def grade_submissions(
    submissions,
    timeout=grading.CELL_TIMEOUT,
    jobs=1,
    limits=None,
    results=None,
    on_start=None,
    on_done=None,
):
    """Grade each submission, `jobs` at a time; fill in its `.rows` and return them all.

    `on_start(submission)` and `on_done(submission, seconds)` are called as each one starts and
    ends (from several threads, one at a time). Ctrl-C stops every worker and kernel.
    """
    timeout = None if timeout is None else grading.timeout_seconds(timeout)
    snapshot = sandbox.Snapshot.take(prepare(submissions, results))
    limits = limits or sandbox.Limits(cpu_seconds=grading.cpu_budget(timeout))
    lock = threading.Lock()

    def finish(submission, seconds):
        for row in submission.rows:
            row.learner, row.path = submission.learner, str(submission.path)
        with lock:
            if results is not None:
                results.add(submission, seconds)
            if on_done is not None:
                on_done(submission, seconds)

    todo = queue.Queue()
    for submission in submissions:
        if submission.rows is None:
            todo.put(submission)
        else:
            finish(submission, 0.0)
    if todo.empty():
        return submissions
    snapshot.home = sandbox.font_cache()
    scratch = _scratch_folder()
    pool = _Pool(snapshot, scratch, timeout, limits)
    slots = [
        threading.Thread(target=pool.work, args=(todo, finish, on_start, lock), daemon=True)
        for _ in range(max(1, min(jobs, todo.qsize())))
    ]
    try:
        for slot in slots:
            slot.start()
        for slot in slots:
            while slot.is_alive():
                slot.join(0.2)
    finally:
        pool.stop()
        for slot in slots:
            slot.join(5)
        sandbox.remove_tree(scratch)
    if pool.failure is not None:
        raise pool.failure
    return submissions


def _scratch_folder():
    """A temporary folder for this run; folders left by runs that were killed are removed."""
    top = Path(tempfile.gettempdir())
    for old in top.glob("tinynn-grading-*"):
        match = re.match(r"tinynn-grading-(\d+)-", old.name)
        if match and not _alive(int(match.group(1))):
            sandbox.remove_tree(old)
    return Path(tempfile.mkdtemp(prefix=f"tinynn-grading-{os.getpid()}-", dir=top))


def _alive(pid):
    if os.name != "posix":  # os.kill would end the process there: assume it is alive
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# The worker's first lines: move stdout out of the way of its replies (a kernel inherits only
# the new fd 1), write the copy of tinynn it was sent and import the grader from there.
_BOOT = """\
import json, os, sys
replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
os.dup2(2, 1)
snapshot = json.loads(sys.stdin.readline())
for name, data in snapshot["files"].items():
    path = os.path.join(sys.argv[1], name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as file:
        file.write(bytes.fromhex(data))
sys.path.insert(0, sys.argv[1])
from tinynn._worker import serve
serve(snapshot, sys.stdin, replies)
"""


class _WorkerDied(Exception):
    pass


def _why_it_died(worker, kernel):
    """What to say when a worker died while grading a notebook."""
    code = worker.returncode
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
        message = f"the grader's process for this notebook was killed ({name}) while running it"
        if kernel is not None:
            message += ": did the notebook's code kill its parent process?"
        return message
    message = "the grader's process for this notebook died while running it"
    last = _last_line(Path(worker.args[-1]).parent / "log.txt")
    return f"{message} (its log ends: {last})" if last else message


def _last_line(path, limit=200):
    """The last line of a worker's log (e.g. the exception that ended it), or ''."""
    try:
        with open(path, "rb") as file:
            file.seek(max(0, file.seek(0, os.SEEK_END) - 4096))
            lines = file.read().decode("utf-8", "replace").strip().splitlines()
    except OSError:
        return ""
    last = lines[-1].strip() if lines else ""
    return last if len(last) <= limit else last[: limit - 3] + "..."


class _Pool:
    """Worker processes, one per slot, restarted when a notebook kills one."""

    def __init__(self, snapshot, scratch, timeout, limits):
        self.snapshot_line = json.dumps(snapshot.as_json()) + "\n"
        self.scratch, self.timeout, self.limits = scratch, timeout, limits
        self.workers, self.kernels = set(), {}
        self.stopping = False
        self.failure = None
        self.started = 0
        self.lock = threading.Lock()

    def _start(self):
        with self.lock:
            self.started += 1
            number = self.started
        folder = self.scratch / f"worker-{number}"
        folder.mkdir()
        # Connection files (which hold a kernel's key) go into this run's own folder.
        env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(folder), "TMPDIR": str(folder)}
        with open(folder / "log.txt", "wb") as log:
            worker = subprocess.Popen(
                [sys.executable, "-c", _BOOT, str(folder / "lib")],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                cwd=folder,
                env=env,
                start_new_session=True,
                text=True,
                encoding="utf-8",
            )
        with self.lock:
            self.workers.add(worker)
        try:
            worker.stdin.write(self.snapshot_line)
            worker.stdin.flush()
        except OSError:
            pass  # it died at once: reading its reply says so, with the end of its log
        return worker

    def work(self, todo, finish, on_start, lock):
        worker = None
        try:
            while not self.stopping:
                try:
                    submission = todo.get_nowait()
                except queue.Empty:
                    break
                if on_start is not None:
                    with lock:
                        on_start(submission)
                started = time.monotonic()
                try:
                    worker = worker or self._start()
                    submission.rows = self._grade(worker, submission)
                except _WorkerDied as died:
                    worker = None
                    if self.stopping:
                        break
                    submission.rows = [Row(submission.notebook, "-", grading.ERROR, str(died))]
                finish(submission, time.monotonic() - started)
        except BaseException as error:  # noqa: BLE001 - a bug here must not hang the run
            self.failure = error
            self.stop()
        finally:
            if worker is not None:
                self._end(worker)

    def _grade(self, worker, submission):
        task = {
            "path": os.path.abspath(submission.path),
            "notebook": submission.notebook,
            "learner": submission.learner,
            "expected": submission.expected,
            "timeout": self.timeout,
            "limits": asdict(self.limits),
            "scratch": str(self.scratch),
        }
        budget = grading.cpu_budget(self.timeout)
        # The worker stops the notebook itself; this only catches a worker that hangs.
        watchdog = threading.Timer(3 * budget + 300 if budget else 1e9, worker.kill)
        watchdog.daemon = True
        watchdog.start()
        kernel = None
        try:
            try:
                worker.stdin.write(json.dumps(task) + "\n")
                worker.stdin.flush()
            except OSError:
                pass
            for line in worker.stdout:
                try:
                    reply = json.loads(line)
                except ValueError:
                    continue
                if isinstance(reply, dict) and "kernel" in reply:
                    kernel = reply["kernel"]
                    with self.lock:
                        self.kernels[worker.pid] = kernel
                elif isinstance(reply, dict) and "rows" in reply:
                    return [row_from_json(row) for row in reply["rows"]]
        finally:
            watchdog.cancel()
            with self.lock:
                self.kernels.pop(worker.pid, None)
        self._end(worker)
        sandbox.kill_group(kernel)
        raise _WorkerDied(_why_it_died(worker, kernel))

    def _end(self, worker):
        try:
            worker.stdin.close()
        except OSError:
            pass
        try:
            worker.wait(10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        with self.lock:
            self.workers.discard(worker)

    def stop(self):
        """Kill every worker and kernel now (Ctrl-C, or the run is over)."""
        self.stopping = True
        with self.lock:
            workers, kernels = list(self.workers), list(self.kernels.values())
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
        for kernel in kernels:
            sandbox.kill_group(kernel)


# ---------------------------------------------------------------------------------------------
# Results as they come
# ---------------------------------------------------------------------------------------------


class Results:
    """`results.jsonl`: one line per graded notebook, written (and flushed) as it is graded.

    With `resume`, notebooks already in the file with the same content are not graded again;
    without, an earlier file is kept as `results.jsonl.previous`.
    """

    def __init__(self, path, resume=False):
        self.path = Path(path)
        self.earlier = {}
        if resume and self.path.exists():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                    self.earlier[(entry["path"], entry["sha256"])] = entry
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short when a run was killed
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not resume and self.path.exists():  # a run started again by mistake loses nothing
            self.path.replace(self.path.with_name(self.path.name + ".previous"))
        # Start the file afresh with what is kept, so it never holds a notebook twice.
        with open(self.path, "w", encoding="utf-8") as file:
            for entry in self.earlier.values():
                file.write(json.dumps(entry) + "\n")

    def previous(self, submission):
        """The rows kept for this notebook, unless it changed or the grader couldn't run it."""
        entry = self.earlier.get((os.path.abspath(submission.path), submission.sha256))
        if entry is None or not submission.sha256:
            return None
        try:
            rows = [row_from_json(row) for row in entry["rows"]]
        except (TypeError, KeyError):
            return None
        if any(row.message.startswith(grading.COULD_NOT_RUN) for row in rows):
            return None
        return rows

    def add(self, submission, seconds):
        if (os.path.abspath(submission.path), submission.sha256) in self.earlier:
            return
        entry = {
            "learner": submission.learner,
            "notebook": submission.notebook,
            "path": os.path.abspath(submission.path),
            "sha256": submission.sha256,
            "seconds": round(seconds, 2),
            "rows": [asdict(row) for row in submission.rows],
        }
        with open(self.path, "a", encoding="utf-8") as file:
            file.write(json.dumps(entry) + "\n")
            file.flush()
            os.fsync(file.fileno())


def row_from_json(data):
    """A Row from its JSON form (fields it doesn't know are ignored)."""
    fields = ("notebook", "exercise", "outcome", "message", "learner", "path")
    return Row(**{name: str(data[name]) for name in fields if name in data})


def describe(rows):
    """`4 correct, 1 not yet` for one notebook's rows."""
    counts = grading.totals(rows)
    return ", ".join(f"{count} {GRADER_LABELS[outcome]}" for outcome, count in counts.items())


# ---------------------------------------------------------------------------------------------
# What instructors take away
# ---------------------------------------------------------------------------------------------


def exercise_columns(rows):
    """Every exercise any learner was graded on, in chapter order."""
    keys = {row.exercise for row in rows if row.exercise != "-"}
    return sorted(keys, key=_natural)


def by_learner(rows):
    grouped = {}
    for row in rows:
        grouped.setdefault(row.learner, []).append(row)
    return grouped


def scores(rows):
    """Per learner: exercise -> outcome, correct count, exercise count, percent, problems."""
    columns = exercise_columns(rows)
    table = {}
    for learner, mine in by_learner(rows).items():
        outcomes = {row.exercise: row.outcome for row in mine if row.exercise != "-"}
        correct = sum(outcomes.get(key) == "correct" for key in columns)
        table[learner] = {
            "outcomes": outcomes,
            "correct": correct,
            "exercises": len(columns),
            "percent": round(100 * correct / len(columns), 1) if columns else 0.0,
            "notebooks": len({row.path or row.notebook for row in mine}),
            "problems": sum(row.exercise == "-" and row.outcome in PROBLEMS for row in mine),
        }
    return table


def write_gradebook(out, rows):
    """Write grades.csv, outcomes.csv, grades.json and feedback/<learner>.html into `out`."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    columns = exercise_columns(rows)
    table = scores(rows)
    with open(out / "grades.csv", "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["learner", *columns, "correct", "exercises", "percent"])
        for learner, score in table.items():
            marks = [int(score["outcomes"].get(key) == "correct") for key in columns]
            writer.writerow(
                [_cell(learner), *marks, score["correct"], score["exercises"], score["percent"]]
            )
    with open(out / "outcomes.csv", "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["learner", *columns, "notebooks", "problems"])
        for learner, score in table.items():
            words = [GRADER_LABELS.get(score["outcomes"].get(k), "") for k in columns]
            writer.writerow([_cell(learner), *words, score["notebooks"], score["problems"]])
    (out / "grades.json").write_text(json.dumps(as_json(rows), indent=2) + "\n", encoding="utf-8")
    feedback = out / "feedback"
    feedback.mkdir(exist_ok=True)
    for learner, name in feedback_names(table).items():
        page = feedback_page(learner, by_learner(rows)[learner], table[learner])
        (feedback / name).write_text(page, encoding="utf-8")


def as_json(rows):
    """Every row, the totals, and each learner's score."""
    data = grading.as_json(rows)
    data["exercises"] = exercise_columns(rows)
    data["learners"] = [
        {"learner": learner, **{k: v for k, v in score.items() if k != "outcomes"}}
        for learner, score in scores(rows).items()
    ]
    return data


def _cell(text):
    """A spreadsheet cell that can't be read as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def feedback_names(table):
    """A safe, distinct file name for each learner's feedback page."""
    names, used = {}, set()
    for learner in table:
        base = re.sub(r"[^\w.-]+", "_", learner).strip("._") or "learner"
        name, number = f"{base}.html", 1
        while name.lower() in used:
            number += 1
            name = f"{base}-{number}.html"
        used.add(name.lower())
        names[learner] = name
    return names


def feedback_page(learner, rows, score):
    """A small HTML page for one learner: each exercise's outcome and the check's message."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Feedback for {esc(learner)}</title>",
        "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.4}"
        "td,th{text-align:left;vertical-align:top;padding:0.3em 0.6em}"
        ".mark{color:white;padding:0 0.4em;border-radius:0.25em;white-space:nowrap}</style>",
        "</head><body>",
        f"<h1>Feedback for {esc(learner)}</h1>",
        f"<p>{score['correct']} of {score['exercises']} exercises correct.</p>",
    ]
    notebooks = {}
    for row in rows:
        notebooks.setdefault(row.notebook, []).append(row)
    for notebook, mine in notebooks.items():
        parts.append(f"<h2>{esc(notebook)}</h2>")
        parts.append(
            "<table><tr><th>Exercise</th><th>Outcome</th><th>What the check said</th></tr>"
        )
        for row in mine:
            colour = COLOURS.get(row.outcome, "#c62828" if row.outcome in PROBLEMS else "#616161")
            label = GRADER_LABELS.get(row.outcome, row.outcome)
            exercise = "(the notebook)" if row.exercise == "-" else row.exercise
            parts.append(
                f"<tr><td><code>{esc(exercise)}</code></td>"
                f'<td><span class="mark" style="background-color:{colour}">{esc(label)}</span></td>'
                f"<td>{_with_code(row.message)}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _with_code(text):
    """Escape a message for HTML, showing its `backticked` parts as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False))


def class_table(rows):
    """One line per learner: correct of all exercises, then their outcomes and problems."""
    table = scores(rows)
    header = ("learner", "correct", "notebooks", "problems")
    lines = [
        (learner, f"{s['correct']} of {s['exercises']}", str(s["notebooks"]), str(s["problems"]))
        for learner, s in table.items()
    ]
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(4)]
    text = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip()
        for line in [header, *lines]
    ]
    text.insert(1, "-" * len(text[0]))
    return "\n".join(text)
