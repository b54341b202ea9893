"""What the grader runs inside a learner's kernel: it hands the answers back, as data.

Before the learner's first cell, `prepare` imports everything handing back needs, so that a
notebook that later uses up its open files, or breaks its imports, can still be graded. After
the last cell, `hand_back` evaluates the answer of each exercise's last check call in the
notebook's namespace and displays, one exercise at a time, what `Exercise.hand_back` makes of
it: JSON text under the grader's metadata key.

Nothing here decides a grade. The learner's code shares this kernel and can change anything in
it, so all it can do is lie about its own values; the grader judges them in its own process.
"""

import importlib
import json

from tinynn.exercises.describing import describe_exception

# The display metadata key under which handed-back answers travel.
GRADER_KEY = "tinynn-grader"


def prepare(keys):
    """Import the exercise modules for these exercise keys, and what `hand_back` needs."""
    from IPython.display import display  # noqa: F401 - imported now, while files can be opened

    for key in keys:
        try:
            importlib.import_module("tinynn.exercises." + key.split(".")[0])
        except Exception:  # noqa: BLE001, S110 - reported by hand_back, which imports it again
            pass


def hand_back(calls, nonce):
    """Display the handed-back answer of each (exercise key, answer expression) in `calls`."""
    from IPython import get_ipython
    from IPython.display import display

    namespace = get_ipython().user_ns
    for key, expression in calls:
        record = _hand_back_one(key, expression, namespace)
        try:
            text = json.dumps(record, allow_nan=False)
        except (TypeError, ValueError) as error:
            text = json.dumps({"exercise": key, "problem": f"unwritable ({error})"[:200]})
        metadata = {GRADER_KEY: {"nonce": nonce, "record": text}}
        display({"text/plain": f"handed back {key}"}, metadata=metadata, raw=True)


def _hand_back_one(key, expression, namespace):
    """One exercise's answer as data, or what stopped the grader from getting it."""
    chapter, question = key.split(".")
    try:
        exercise = getattr(importlib.import_module("tinynn.exercises." + chapter), question)
    except BaseException as error:  # noqa: BLE001 - anything the notebook broke
        return {"exercise": key, "problem": f"can't load it: {describe_exception(error)}"}
    try:
        answer = ... if expression is None else eval(expression, namespace)
    except BaseException as error:  # noqa: BLE001 - the learner's expression
        return {"exercise": key, "unusable": type(error).__name__}
    try:
        return exercise.hand_back(answer)
    except BaseException as error:  # noqa: BLE001 - an answer that fails as it is read
        return {"exercise": key, "problem": f"reading it raised {describe_exception(error)}"}
