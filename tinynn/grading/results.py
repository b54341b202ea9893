"""Nothing lost: each notebook is noted as it starts and as it is graded, on disk and in memory.

`started.jsonl` gets a line before a notebook runs, `results.jsonl` a line (its rows) the moment
it is graded, each written and flushed at once. Both are also kept in memory: if the output
folder is deleted, it is made again and the files written again whole; a write that fails is
noted and grading goes on (the rows are still in memory for the gradebook).

With `--resume`, a notebook already graded with the same content keeps its rows. One that
started and never finished stopped the grader itself (a crash, a kill): if it was the only
notebook being graded then, it is reported, "stopped the grader", and not run again; if others
ran beside it, it is a suspect, graded again first and on its own, so the one that stops the
grader is found without blaming its neighbours.
"""

import json
import os
from dataclasses import asdict
from pathlib import Path

from tinynn.grading.executing import COULD_NOT_RUN
from tinynn.grading.rows import STOPPED_GRADER, Row, row_from_json

RESULTS = "results.jsonl"
STARTED = "started.jsonl"

STOPPED_MESSAGE = (
    "this notebook was being graded, on its own, when the grader itself stopped (was it killed?) "
    "in an earlier run; --resume doesn't run it again: grade it on its own to retry"
)


class Results:
    """`results.jsonl` and `started.jsonl` in `folder`, and the same lines in memory."""

    def __init__(self, folder, resume=False):
        self.folder = Path(folder)
        self.earlier = {}  # (path, sha256) -> its result line, from earlier runs
        self.unfinished = {}  # (path, sha256) -> its start line: started, never graded
        self.lines = {RESULTS: [], STARTED: []}
        self.failed = None  # the first write that failed (an OSError), if any
        if resume:
            self._read_earlier()
        else:
            for name in (RESULTS, STARTED):  # a run started again by mistake loses nothing
                path = self.folder / name
                if path.exists():
                    path.replace(path.with_name(name + ".previous"))
        # Start afresh with what is kept, so that neither file ever holds a notebook twice.
        self.lines[RESULTS] = list(self.earlier.values())
        self.lines[STARTED] = list(self.unfinished.values())
        for name in (RESULTS, STARTED):
            self._rewrite(name)

    @property
    def path(self):
        return self.folder / RESULTS

    def _read_earlier(self):
        results = _read_lines(self.folder / RESULTS)
        for entry in results:
            if "rows" in entry:
                self.earlier[_key(entry)] = entry
        for entry in _read_lines(self.folder / STARTED):
            key = _key(entry)
            if entry.get("cancelled"):
                self.unfinished.pop(key, None)
            elif key not in self.earlier:
                self.unfinished[key] = entry

    def previous(self, submission):
        """The rows kept for this notebook: its earlier result (unless it changed, or no kernel
        could run it), or the report that it stopped the grader; None to grade it."""
        key = (str(submission.path), submission.sha256)
        if not submission.sha256:
            return None
        started = self.unfinished.get(key)
        if started is not None:
            if not started.get("alone"):
                return None  # a suspect: graded again, on its own
            return [Row(submission.notebook, "-", STOPPED_GRADER, STOPPED_MESSAGE)]
        entry = self.earlier.get(key)
        if entry is None:
            return None
        try:
            rows = [row_from_json(row) for row in entry["rows"]]
        except (TypeError, KeyError, AttributeError):
            return None
        if any(row.message.startswith(COULD_NOT_RUN) for row in rows):
            return None
        return rows

    def suspect(self, submission):
        """Whether this notebook was being graded beside others when the grader stopped."""
        started = self.unfinished.get((str(submission.path), submission.sha256))
        return started is not None and not started.get("alone")

    def start(self, submission, alone):
        """Note that a notebook is about to run (`alone`: no other notebook runs beside it)."""
        self._add(STARTED, {**_identity(submission), "alone": bool(alone)})

    def cancel(self, submission):
        """Note that a started notebook was stopped by the instructor (Ctrl-C), not by itself."""
        self._add(STARTED, {**_identity(submission), "cancelled": True})

    def add(self, submission, seconds):
        """Note a graded notebook's rows (unless they were kept from the earlier run)."""
        key = (str(submission.path), submission.sha256)
        if self.earlier.get(key) is not None and submission.resumed:
            return
        entry = {**_identity(submission), "seconds": round(seconds, 2)}
        entry["rows"] = [asdict(row) for row in submission.rows]
        self._add(RESULTS, entry)

    def _add(self, name, entry):
        self.lines[name].append(entry)
        path = self.folder / name
        try:
            if not path.exists():  # deleted (or never made): write both again, whole
                for each in (RESULTS, STARTED):
                    self._rewrite(each)
                return
            with open(path, "a", encoding="utf-8") as file:
                file.write(json.dumps(entry) + "\n")
                file.flush()
                os.fsync(file.fileno())
        except OSError as error:
            self.failed = self.failed or error

    def _rewrite(self, name):
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(self.folder / name, "w", encoding="utf-8") as file:
                for entry in self.lines[name]:
                    file.write(json.dumps(entry) + "\n")
                file.flush()
                os.fsync(file.fileno())
        except OSError as error:
            self.failed = self.failed or error


def _identity(submission):
    return {
        "learner": submission.learner,
        "notebook": submission.notebook,
        "path": str(submission.path),
        "sha256": submission.sha256,
    }


def _key(entry):
    return (str(entry.get("path")), str(entry.get("sha256")))


def _read_lines(path):
    """The JSON objects of a .jsonl file; a line cut short (a run that was killed) is skipped."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    entries = []
    for line in text.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict):
            entries.append(entry)
    return entries
