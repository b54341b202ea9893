"""Reading a notebook the grader is given, and finding the exercises and checks in it.

A notebook is read once, safely: never through a symbolic link, only a regular file, only so
big, and what can't be read as a notebook is named (`not valid JSON (line 1)`, `the old format
2`). Its exercises come from its name (`01_...ipynb` -> the module `tinynn.exercises.ch01`) and
its cells' tags (`exercise:ch01.q1`); its answers, from the argument of each check call in it.
"""

import ast
import importlib
import json
import os
import re
import stat
import warnings
from pathlib import Path

from tinynn.exercises import Exercise

TAG_PREFIX = "exercise:"

# The biggest notebook the grader reads (a chapter with its outputs is a few MB).
MAX_BYTES = 256 * 2**20

_CHECK_CALL = re.compile(r"^ch\d\d\.q\d+$")


class Unreadable(Exception):
    """A file that can't be graded as a notebook; the message says why, in a few words."""


def read_bytes(path, follow_links=False):
    """The bytes of a regular file, read without following a symbolic link (unless told to: the
    instructor's own chapters); raises Unreadable."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise Unreadable("no such file") from None
    except OSError as error:
        if os.path.islink(path):
            raise Unreadable("a symbolic link: links are never followed") from None
        raise Unreadable(f"can't open it ({type(error).__name__})") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("not a file")
        if info.st_size > MAX_BYTES:
            raise Unreadable(f"bigger than {MAX_BYTES // 2**20} MB: is it a notebook?")
        try:
            return file.read(MAX_BYTES + 1)
        except OSError as error:
            raise Unreadable(f"can't read it ({type(error).__name__})") from None


def parse(data):
    """A notebook (nbformat 4) from a file's bytes; raises Unreadable for anything else."""
    import nbformat

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable("can't read it as text (UnicodeDecodeError)") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise Unreadable(f"not valid JSON (line {error.lineno}): is it a notebook?") from None
    except RecursionError:
        raise Unreadable("not a Jupyter notebook (nested too deep)") from None
    if not isinstance(raw, dict):
        raise Unreadable("not a Jupyter notebook (no cells)")
    version = raw.get("nbformat")
    if "cells" not in raw and not (version == 3 and "worksheets" in raw):
        if isinstance(version, int) and version < 3:
            raise Unreadable(
                f"a Jupyter notebook in the old format {version}: open it in Jupyter and save "
                "it again to convert it"
            )
        raise Unreadable("not a Jupyter notebook (no cells)")
    try:
        # nbformat converts format 3 to 4, and warns about cells without ids: they get ids.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return nbformat.reads(text, as_version=4)
    except Exception as error:  # noqa: BLE001 - nbformat raises many kinds of errors
        raise Unreadable(f"not a Jupyter notebook ({type(error).__name__})") from None


def read(path, follow_links=False):
    """A notebook from its path, or (None, why not): `(nb, "")` or `(None, "no such file")`."""
    try:
        return parse(read_bytes(path, follow_links)), ""
    except Unreadable as problem:
        return None, str(problem)


# ---------------------------------------------------------------------------------------------
# Finding notebooks and their exercises
# ---------------------------------------------------------------------------------------------


def notebook_paths(paths):
    """Expand folders into the notebooks they hold (sorted); keep files as they are.

    Hidden files in a folder (such as the `._name.ipynb` files in zips made on macOS) are
    skipped: they are never notebooks.
    """
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.glob("*.ipynb") if p.is_file() and not is_hidden(p))
        else:
            found.append(path)
    return found


def is_hidden(path):
    """True for a hidden file or folder (`.name`, macOS's `._name`) and macOS's `__MACOSX`."""
    name = Path(path).name
    return name.startswith(".") or name == "__MACOSX"


def exercise_tags(cell):
    """The exercise keys a cell is tagged with (`exercise:ch01.q1` -> `ch01.q1`)."""
    tags = cell.get("metadata", {}).get("tags", [])
    if not isinstance(tags, list):
        return []
    return [t[len(TAG_PREFIX) :] for t in tags if isinstance(t, str) and t.startswith(TAG_PREFIX)]


def chapter_modules(name, keys=()):
    """The exercise modules for a notebook: from its name (`01_x.ipynb` -> ch01) and its tags."""
    names = [key.split(".")[0] for key in keys if "." in key]
    match = re.match(r"(\d\d)_", Path(name).name)
    if match:
        names.insert(0, f"ch{match.group(1)}")
    modules = []
    for module_name in dict.fromkeys(names):
        if not re.fullmatch(r"ch\d\d", module_name):
            continue
        try:
            modules.append(importlib.import_module(f"tinynn.exercises.{module_name}"))
        except ModuleNotFoundError:
            continue
    return modules


def exercises_in(modules):
    """Every Exercise the modules define, in the order they define them, by key."""
    found = {}
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, Exercise):
                found.setdefault(value.key, value)
    return found


def tagged_in(data):
    """The exercise keys a notebook's raw bytes mention in a tag, without reading it as JSON
    (the grader's main process only needs to know which chapter modules to copy)."""
    found = re.findall(rb'"exercise:(ch\d\d\.q\d+)"', data)
    return list(dict.fromkeys(key.decode("ascii") for key in found))


def expected_exercises(nb, name):
    """The exercise keys a notebook should have (from its name and tags) and their modules."""
    tagged = [key for cell in nb.cells for key in exercise_tags(cell)]
    modules = chapter_modules(name, tagged)
    return list(exercises_in(modules)), modules


def cells_of(nb, exercise_key):
    """Positions of the cells tagged with this exercise or calling its check."""
    return [
        index
        for index, cell in enumerate(nb.cells)
        if exercise_key in exercise_tags(cell)
        or (cell.cell_type == "code" and f"{exercise_key}.check(" in cell.source)
    ]


def missing_message(exercise_key):
    return f"no cell is tagged {TAG_PREFIX}{exercise_key} (was it deleted?)"


# ---------------------------------------------------------------------------------------------
# The answers: the argument of each check call
# ---------------------------------------------------------------------------------------------


def check_calls(sources):
    """The answer expression of the last `chNN.qN.check(<expr>)` call for each exercise.

    `sources` are code cells' sources in order; returns {key: expression or None} (None for
    `check()` with no answer). IPython syntax (`%time ...`, `%%capture`, `!`) is translated
    first; a cell that still isn't Python is skipped.
    """
    from IPython.core.inputtransformer2 import TransformerManager

    transformer = TransformerManager()
    calls = {}
    for source in sources:
        for owner, answer in _calls_in(source, transformer):
            calls[owner] = answer
    return calls


def _calls_in(source, transformer, depth=0):
    """(exercise key, answer expression) for each check call in `source`, in order."""
    try:
        tree = ast.parse(transformer.transform_cell(source))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        position = (node.lineno, node.col_offset)
        if node.func.attr in ("run_line_magic", "run_cell_magic") and depth < 3:
            # A magic's line and body are strings: look for check calls inside them too.
            for argument in node.args[1:]:
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    inner = _calls_in(argument.value, transformer, depth + 1)
                    found += [(position, call) for call in inner]
            continue
        owner = ast.unparse(node.func.value)
        if node.func.attr != "check" or not _CHECK_CALL.match(owner):
            continue
        answer = node.args[0] if node.args else None
        for keyword in node.keywords:
            if keyword.arg == "answer":
                answer = keyword.value
        found.append((position, (owner, None if answer is None else ast.unparse(answer))))
    return [call for _, call in sorted(found, key=lambda item: item[0])]
