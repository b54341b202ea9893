"""Finding every learner's notebooks: who is who, and what is refused.

A folder holding notebooks is one learner's (named after the folder); a folder holding none of
its own is a class, each folder in it that holds notebooks (at any depth) one learner. Inside
a learner's folder nothing is followed out of it: a symbolic link (to a notebook or a folder,
another learner's or the answer key's) is refused and reported, never graded as anyone's, and so
is anything that isn't a regular file. Hidden files (`.ipynb_checkpoints`, macOS's `._*` and
`__MACOSX`) are skipped.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from tinynn.grading.notebooks import is_hidden
from tinynn.grading.rows import REFUSED, Row


@dataclass
class Submission:
    """One notebook of one learner: `notebook` is its path inside the learner's folder.

    `rows` are known before any kernel runs for a notebook that is refused, unreadable or kept
    from an earlier run (`resumed`).
    """

    learner: str
    notebook: str
    path: Path
    sha256: str = ""
    rows: list | None = None
    resumed: bool = False
    modules: list = field(default_factory=list)


@dataclass
class Found:
    """What `find_submissions` found: the notebooks, and what it skipped or couldn't find."""

    submissions: list
    hidden: list
    missing: list


def find_submissions(paths):
    """Find every learner's notebooks under `paths` (see the module's docstring).

    A path given here is the instructor's and is taken as it is (a link to the class folder is
    fine); a notebook given by itself belongs to the folder it is in.
    """
    folders = {}  # learner folder -> [(path, its path inside the folder, why it is refused)]
    hidden, missing = [], []
    for given in map(Path, paths):
        if not given.exists() and not given.is_symlink():
            missing.append(given)
            continue
        if given.is_symlink() and not given.is_dir():
            folder = given.parent.resolve()
            folders.setdefault(folder, []).append((given, given.name, _link(given)))
            continue
        path = given.resolve()
        if path.is_file() or not path.is_dir():
            if is_hidden(path):
                hidden.append(path)
            else:
                folders.setdefault(path.parent, []).append(_entry(path, path.parent))
            continue
        hidden += _hidden_notebooks(path)
        if _has_notebooks(path, recursive=False):
            folders.setdefault(path, []).extend(_contents(path))
            continue
        for child in sorted(path.iterdir()):
            if is_hidden(child) or not child.is_dir():
                continue
            if child.is_symlink():
                if not _has_notebooks(child.resolve()):  # a link to no notebooks: no learner
                    continue
                reason = f"{child.name}/ {_link(child)}, so nothing in it was graded"
                folders.setdefault(child, []).append((child, child.name + "/", reason))
            elif _has_notebooks(child):
                folders.setdefault(child, []).extend(_contents(child))
    return Found(_submissions(folders), sorted(set(hidden)), missing)


def _submissions(folders):
    """One Submission per notebook (each file once), sorted by learner and notebook."""
    names = _learner_names(folders)
    submissions, seen = [], set()
    for folder, entries in folders.items():
        for path, relative, refused in entries:
            identity = os.path.abspath(path) if refused else os.path.realpath(path)
            if identity in seen:
                continue
            seen.add(identity)
            submission = Submission(names[folder], relative, Path(os.path.abspath(path)))
            if refused:
                submission.rows = [Row(relative, "-", REFUSED, refused)]
            submissions.append(submission)
    submissions.sort(key=lambda s: (s.learner.casefold(), s.learner, _natural(s.notebook)))
    return submissions


def _contents(folder):
    """Every notebook in a learner's folder and its subfolders, and every link in it: (path,
    path inside the folder, why it is refused or '')."""
    found = []
    for root, dirs, files in os.walk(folder):  # never follows a link to a folder
        root = Path(root)
        for name in sorted(dirs):
            if not is_hidden(name) and (root / name).is_symlink():
                path = root / name
                relative = path.relative_to(folder).as_posix() + "/"
                found.append(
                    (path, relative, f"{relative} {_link(path)}, so nothing in it was graded")
                )
        dirs[:] = sorted(d for d in dirs if not is_hidden(d) and not (root / d).is_symlink())
        for name in sorted(files):
            if name.endswith(".ipynb") and not is_hidden(name):
                found.append(_entry(root / name, folder))
    return found


def _entry(path, folder):
    relative = path.relative_to(folder).as_posix()
    if path.is_symlink():
        return path, relative, _link(path)
    if not path.is_file():
        return path, relative, "not a regular file: not graded"
    return path, relative, ""


def _link(path):
    """Why a symbolic link is refused, naming where it points."""
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return f"is a symbolic link (to {target}): links are never followed"


def _has_notebooks(folder, recursive=True):
    """Whether a folder (and, if `recursive`, its subfolders) holds any notebook or link to one,
    skipping anything hidden and never following a link to a folder."""
    for root, dirs, files in os.walk(folder):
        if any(name.endswith(".ipynb") and not is_hidden(name) for name in files):
            return True
        dirs[:] = [d for d in dirs if not is_hidden(d)] if recursive else []
    return False


def _hidden_notebooks(folder):
    """Hidden notebook files (macOS's `._name.ipynb`), also in `__MACOSX`; not the contents of
    hidden folders such as `.ipynb_checkpoints`, which nobody hands in."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(root) / n for n in files if n.endswith(".ipynb") and is_hidden(n)]
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
