"""The answer key: copies of the chapter notebooks with every exercise's solution filled in."""

import warnings
from pathlib import Path

from tinynn.grading import notebooks
from tinynn.grading.rows import ERROR, FILLED, MISSING, NO_EXERCISES, UNREADABLE, Row


def key(paths, out):
    """Write copies of the notebooks into folder `out` with the reference solutions filled in.

    Returns one Row per exercise: `filled` when its solution was filled in, `missing` when no
    cell carries its tag, `unreadable` for a file that isn't a notebook.
    """
    import nbformat

    out = Path(out)
    rows = []
    for path in notebooks.notebook_paths(paths):
        name = path.name
        nb, problem = notebooks.read(path, follow_links=True)
        if nb is None:
            rows.append(Row(name, "-", UNREADABLE, problem))
            continue
        if out.resolve() == path.parent.resolve():
            rows.append(Row(name, "-", ERROR, "the key would overwrite the notebook: pick --out"))
            continue
        tagged = [key for cell in nb.cells for key in notebooks.exercise_tags(cell)]
        exercises = notebooks.exercises_in(notebooks.chapter_modules(name, tagged))
        filled = set()
        for cell in nb.cells:
            for tag in notebooks.exercise_tags(cell):
                if tag in exercises:
                    cell.source = exercises[tag].source.rstrip("\n")
                    filled.add(tag)
        for cell in nb.cells:
            if cell.cell_type == "code" and (
                notebooks.exercise_tags(cell) or any(f"{k}.check(" in cell.source for k in filled)
            ):
                cell.outputs, cell.execution_count = [], None
        out.mkdir(parents=True, exist_ok=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nbformat.write(nb, out / name)
        for exercise_key in exercises:
            if exercise_key in filled:
                rows.append(Row(name, exercise_key, FILLED))
            else:
                rows.append(
                    Row(name, exercise_key, MISSING, notebooks.missing_message(exercise_key))
                )
        if not exercises:
            rows.append(Row(name, "-", NO_EXERCISES, "copied as it is"))
    return rows
