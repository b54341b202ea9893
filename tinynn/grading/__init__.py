"""Grading the chapter notebooks: for a class (`grade`), the answer key (`key`), and a learner's
own progress (`progress`, from the welcome notebook). Nothing here changes a notebook it is given.

The grader as a library: `grade(paths, timeout=..., jobs=..., out=..., limits=...)` grades
notebooks, learner folders or a class folder and returns the rows. One module per step:

- `submissions`: who is who, from folders; symbolic links refused;
- `notebooks`: reading a notebook safely, finding its exercises and check calls;
- `sandbox`: where a kernel runs (bubblewrap where the system has it), with hard limits;
- `executing`: running a notebook in its sandbox and collecting its answers as data
  (`collect` is the part that runs inside the kernel);
- `judging`: the verdicts, reached in the grader's process from that data alone;
- `snapshot`: the grader's own copy of tinynn, checked against its recorded hashes;
- `classroom`, `pool`, `worker`, `results`: a class graded in parallel, losing nothing;
- `gradebook`, `rows`: what instructors take away; `cli`: `python -m tinynn`;
- `key`, `progress`: the answer key and the learner's progress table;
- `gradescope`: an autograder zip for Gradescope (`python -m tinynn gradescope`), and
  `autograder`, what runs there for each submission: this grader, and results.json.
"""

from tinynn.grading.classroom import grade
from tinynn.grading.executing import CELL_TIMEOUT, cpu_budget, timeout_seconds
from tinynn.grading.judging import grade_notebook
from tinynn.grading.key import key
from tinynn.grading.notebooks import (
    chapter_modules,
    exercise_tags,
    exercises_in,
    is_hidden,
    notebook_paths,
)
from tinynn.grading.progress import Progress, progress
from tinynn.grading.rows import LABELS, Row, as_json, summary, table, totals
from tinynn.grading.sandbox import GRADING_ENV, Limits

__all__ = [
    "CELL_TIMEOUT",
    "GRADING_ENV",
    "LABELS",
    "Limits",
    "Progress",
    "Row",
    "as_json",
    "chapter_modules",
    "cpu_budget",
    "exercise_tags",
    "exercises_in",
    "grade",
    "grade_notebook",
    "is_hidden",
    "key",
    "notebook_paths",
    "progress",
    "summary",
    "table",
    "timeout_seconds",
    "totals",
]
