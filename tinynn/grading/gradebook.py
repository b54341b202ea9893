"""What instructors take away: grades.csv, outcomes.csv, grades.json and a feedback page each.

One row per learner, one column per exercise. Where a learner handed in several notebooks for
one chapter (an old blank copy beside the finished one), the one with the most correct
exercises counts (then the most attempted, then the first by path), and outcomes.csv, grades.json
and the feedback page say so. A spreadsheet cell never starts with `=`, `+`, `-` or `@`, so a
learner's folder name can't become a formula.
"""

import csv
import html
import json
import re
from pathlib import Path

from tinynn.exercises.display import COLOURS
from tinynn.exercises.outcomes import CORRECT, NOT_ATTEMPTED
from tinynn.grading.rows import LABELS, PROBLEMS, one_line
from tinynn.grading.rows import as_json as rows_as_json


def exercise_columns(rows):
    """Every exercise any learner was graded on, in chapter order."""
    keys = {row.exercise for row in rows if row.exercise != "-"}
    return sorted(keys, key=natural)


def natural(text):
    """Sort `ch2` before `ch10`."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def by_learner(rows):
    grouped = {}
    for row in rows:
        grouped.setdefault(row.learner, []).append(row)
    return grouped


def counted(rows):
    """One learner's rows that count, and notes on the chapters they handed in several times.

    For each chapter with exercises in several notebooks, the notebook with the most correct
    exercises counts (then the most attempted, then the first by path); the others' rows for
    that chapter don't.
    """
    chapters = {}  # chapter -> {notebook: its rows of that chapter}
    for row in rows:
        if row.exercise != "-":
            chapter = row.exercise.split(".")[0]
            chapters.setdefault(chapter, {}).setdefault(row.path or row.notebook, []).append(row)
    dropped, notes = set(), []
    for chapter, notebooks in sorted(chapters.items()):
        if len(notebooks) < 2:
            continue
        ranked = sorted(notebooks.values(), key=_rank)
        dropped |= {(chapter, id(row)) for others in ranked[1:] for row in others}
        names = [mine[0].notebook for mine in ranked]
        notes.append(
            f"{chapter}: {len(names)} notebooks, counted {names[0]} (the most correct), "
            f"not {', '.join(names[1:])}"
        )
    kept = [
        row
        for row in rows
        if row.exercise == "-" or (row.exercise.split(".")[0], id(row)) not in dropped
    ]
    return kept, notes


def _rank(rows):
    correct = sum(row.outcome == CORRECT for row in rows)
    attempted = sum(row.outcome != NOT_ATTEMPTED for row in rows)
    return (-correct, -attempted, natural(rows[0].notebook))


def scores(rows):
    """Per learner: exercise -> outcome, correct count, exercise count, percent, notebooks,
    problems, and notes on chapters handed in more than once."""
    columns = exercise_columns(rows)
    table = {}
    for learner, mine in by_learner(rows).items():
        kept, notes = counted(mine)
        outcomes = {row.exercise: row.outcome for row in kept if row.exercise != "-"}
        correct = sum(outcomes.get(key) == CORRECT for key in columns)
        table[learner] = {
            "outcomes": outcomes,
            "correct": correct,
            "exercises": len(columns),
            "percent": round(100 * correct / len(columns), 1) if columns else 0.0,
            "notebooks": len({row.path or row.notebook for row in mine}),
            "problems": sum(row.exercise == "-" and row.outcome in PROBLEMS for row in mine),
            "notes": notes,
        }
    return table


def write_gradebook(out, rows, sandbox=None):
    """Write grades.csv, outcomes.csv, grades.json and feedback/<learner>.html into `out` (made
    again if it was deleted). `sandbox` says in grades.json how kernels were isolated."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    columns = exercise_columns(rows)
    table = scores(rows)
    with open(out / "grades.csv", "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["learner", *columns, "correct", "exercises", "percent"])
        for learner, score in table.items():
            marks = [int(score["outcomes"].get(key) == CORRECT) for key in columns]
            writer.writerow(
                [_cell(learner), *marks, score["correct"], score["exercises"], score["percent"]]
            )
    with open(out / "outcomes.csv", "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["learner", *columns, "notebooks", "problems", "notes"])
        for learner, score in table.items():
            words = [LABELS.get(score["outcomes"].get(k), "") for k in columns]
            notes = _cell("; ".join(score["notes"]))
            writer.writerow([_cell(learner), *words, score["notebooks"], score["problems"], notes])
    data = as_json(rows, table)
    if sandbox is not None:
        data["sandbox"] = sandbox
    (out / "grades.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    feedback = out / "feedback"
    feedback.mkdir(exist_ok=True)
    grouped = by_learner(rows)
    for learner, name in feedback_names(table).items():
        page = feedback_page(learner, grouped[learner], table[learner])
        (feedback / name).write_text(page, encoding="utf-8")


def as_json(rows, table=None):
    """Every row, the totals, and each learner's score."""
    table = scores(rows) if table is None else table
    data = rows_as_json(rows)
    data["exercises"] = exercise_columns(rows)
    data["learners"] = [
        {"learner": learner, **{k: v for k, v in score.items() if k != "outcomes"}}
        for learner, score in table.items()
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
    kept, notes = counted(rows)
    if notes:
        parts.append("<p>You handed in more than one notebook for a chapter; one counts:</p>")
        parts.append("<ul>" + "".join(f"<li>{esc(note)}</li>" for note in notes) + "</ul>")
    kept_ids = {id(row) for row in kept}
    notebooks = {}
    for row in rows:
        notebooks.setdefault(row.notebook, []).append(row)
    for notebook, mine in notebooks.items():
        aside = "" if all(id(row) in kept_ids for row in mine) else " (not counted)"
        parts.append(f"<h2>{esc(notebook)}{aside}</h2>")
        parts.append(
            "<table><tr><th>Exercise</th><th>Outcome</th><th>What the check said</th></tr>"
        )
        for row in mine:
            colour = COLOURS.get(row.outcome, "#c62828" if row.outcome in PROBLEMS else "#616161")
            label = LABELS.get(row.outcome, row.outcome)
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
        (
            one_line(learner),
            f"{s['correct']} of {s['exercises']}",
            str(s["notebooks"]),
            str(s["problems"]),
        )
        for learner, s in table.items()
    ]
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(4)]
    text = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip()
        for line in [header, *lines]
    ]
    text.insert(1, "-" * len(text[0]))
    return "\n".join(text)
