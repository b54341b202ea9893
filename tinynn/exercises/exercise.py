"""An exercise as data: what is right, the mistakes learners make, hints and a solution.

`Exercise.check(answer)` is what a learner calls: it runs their code (`running`), judges the
values it produced (`judging`) and shows the result (`display`). A check never raises, never
shows a traceback from tinynn, and stops the learner's code after a few seconds.

For the grader the same check is split in two: `hand_back(answer)`, inside the learner's kernel,
turns the answer into data (a value, or what each call of a function gave back), and
`judge(handed_back)`, in the grader's own process, reaches the verdict from that data alone.
"""

import numbers

import numpy as np

from tinynn.exercises import values
from tinynn.exercises.display import Note, Result, show
from tinynn.exercises.judging import (
    expect_array,
    expect_number,
    has_none,
    matches,
    say_what_came_back,
    unusable,
    value_fits,
    with_hint,
)
from tinynn.exercises.outcomes import (
    CORRECT,
    NOT_ATTEMPTED,
    NOT_YET,
    RAISED,
    TIMED_OUT,
    NotAttempted,
    NotYet,
    Raised,
    TimedOut,
)
from tinynn.exercises.running import (
    INTERRUPT_NOTE,
    Replayed,
    call,
    describe_call,
    describe_function,
    forget_last_call,
    is_blank,
    is_library_function,
    message_of,
    recording,
    run_with_time_limit,
)

# Seconds a whole check may take before we stop the learner's code.
TIME_LIMIT = 5.0


class Mistake:
    """A mistake learners make, and what to tell them when they make it.

    `wrong` is what the mistake gives: for an exercise that asks for a value, the wrong value
    (or a function `wrong(answer) -> bool` that spots it, with an `example` of such an answer);
    for one that asks for a function, a function that makes the mistake, called on the same
    cases as the learner's. `message` may use `{name}` (the answer's name, e.g. `my_error`) and
    `{call}` (the first call where the mistake shows, e.g. `my_predict(0.5, 0.3)`).
    """

    def __init__(self, wrong, message, example=None):
        self.wrong = wrong
        self.message = message
        self.example = wrong if example is None and not callable(wrong) else example

    def __repr__(self):
        return f"Mistake({self.message[:40]!r}...)"


class Case:
    """One call a function exercise tries: its arguments, and what to look at if only this one is
    wrong (`note`)."""

    def __init__(self, *args, note=None):
        self.args = args
        self.note = note

    def __repr__(self):
        return f"Case{self.args!r}"


class Exercise:
    """One exercise: `check(answer)`, `hint(n)` and `solution()` for a learner.

    - `answer`: the name the learner's cell defines, e.g. `"my_predict"` or `"my_error"`.
    - `expect`: the right answer. For a value: the value, or a function of no arguments that
      works it out. For a function: a reference function, tried on every `Case` in `cases`.
    - `mistakes`: the `Mistake`s a check recognises, tried in order.
    - `library`: tinynn's own function that does what the learner is asked to write (a learner
      who hands it in is told, kindly, that the exercise is to write it).
    - `check`: an extra check for what data can't say, run on an answer that is not the
      expected one (or on every answer, when there is no `expect`); it raises NotYet with a
      message, or returns a remark for a right answer.
    - `tolerance`: how close (relative) a number must be to count as right.
    - `praise`: the remark a correct answer gets.

    Written this way an exercise is mostly data, and its tests can be generated from it. An
    exercise made only of a `check` function (which raises NotYet, or returns a remark when the
    answer is right) works too.
    """

    def __init__(
        self,
        key,
        title,
        hints,
        solution,
        answer=None,
        expect=None,
        cases=None,
        mistakes=(),
        library=None,
        check=None,
        tolerance=1e-6,
        praise="",
        time_limit=TIME_LIMIT,
    ):
        self.key = key
        self.title = title
        self.hints = [hints] if isinstance(hints, str) else list(hints)
        self.source = solution
        self.answer = answer
        self.expect = expect
        self.cases = (
            None if cases is None else [c if isinstance(c, Case) else Case(*c) for c in cases]
        )
        self.mistakes = list(mistakes)
        self.library = library
        self._extra_check = check
        self.tolerance = tolerance
        self.praise = praise
        self.time_limit = time_limit

    def __repr__(self):
        return f"Exercise({self.key!r}, {self.title!r})"

    # --- what a learner calls ---------------------------------------------------------------

    def check(self, answer=...):
        """Check your answer and show whether it is correct, not yet right, or not attempted."""
        show(self.evaluate(answer))

    def hint(self, n=1):
        """Show hint number `n` (1 is the gentlest; later ones say more)."""
        count = len(self.hints)
        if count == 0:
            show(Note("No hints", f"try `{self.key}.solution()` to see an answer"))
            return
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or not 1 <= n <= count:
            some = "one hint" if count == 1 else f"{count}, numbered 1 to {count}"
            show(Note("Hints", f"this exercise has {some}: try `{self.key}.hint(1)`"))
            return
        n = int(n)
        body = self.hints[n - 1]
        if n < count:
            body += f" (more: `{self.key}.hint({n + 1})`)"
        else:
            body += f" (that was the last hint; `{self.key}.solution()` shows an answer)"
        show(Note(f"Hint {n} of {count}", body))

    def solution(self):
        """Show a reference solution: try the hints first!"""
        show(Note(f"A solution for {self.key}", self.source.rstrip("\n"), code=True))

    def evaluate(self, answer):
        """Check `answer` and return the Result without showing it (for the grader and tests)."""
        try:
            return Result(self.key, *self._outcome(answer))
        except BaseException:  # noqa: BLE001 - a check never raises, whatever happens
            return Result(self.key, RAISED, "the check could not finish; run the cell again")

    # --- what the grader calls --------------------------------------------------------------

    def hand_back(self, answer):
        """The answer as data for the grader (in the learner's kernel): the value itself, or,
        for a function, what each call the check made gave back (see `judge`)."""
        if not callable(answer):
            return {"exercise": self.key, "answer": values.as_data(answer)}
        with recording() as calls:
            ended = self.evaluate(answer).outcome
        return {
            "exercise": self.key,
            "function": describe_function(answer, self.library),
            "calls": calls,
            "ended": ended,
        }

    def judge(self, handed_back):
        """The Result for an answer handed back by `hand_back`, reached from that data alone.

        Raises ValueError for data `hand_back` never writes.
        """
        if not isinstance(handed_back, dict):
            raise ValueError("not an answer handed back by a kernel")
        if "answer" in handed_back:
            return self.evaluate(values.decode(handed_back["answer"]))
        function, calls = handed_back.get("function"), handed_back.get("calls")
        if not isinstance(function, dict) or not isinstance(calls, list):
            raise ValueError("not an answer handed back by a kernel")
        ended = handed_back.get("ended")
        return self.evaluate(Replayed(function, calls, ended if isinstance(ended, str) else ""))

    # --- what a check does ------------------------------------------------------------------

    def _outcome(self, answer):
        if is_blank(answer):
            return NOT_ATTEMPTED, "replace the `...` with your answer, then run the check again"
        forget_last_call()
        try:
            remark = run_with_time_limit(lambda: self._judge(answer), self.time_limit)
        except TimedOut:
            seconds = f"{self.time_limit:g}"
            return TIMED_OUT, f"your code took longer than {seconds} seconds (an endless loop?)"
        except NotYet as reason:
            return NOT_YET, message_of(reason)
        except NotAttempted as reason:
            return NOT_ATTEMPTED, message_of(reason)
        except Raised as reason:
            return RAISED, message_of(reason)
        except KeyboardInterrupt:
            return RAISED, f"you interrupted the check before it finished. {INTERRUPT_NOTE}"
        except Exception as error:  # noqa: BLE001 - the checker tripped over a strange answer
            return NOT_YET, unusable(answer, error)
        return CORRECT, remark if isinstance(remark, str) else self.praise

    def _judge(self, answer):
        """Raise NotYet (or NotAttempted) unless `answer` is right; return a remark."""
        if self.library is not None and is_library_function(answer, self.library):
            raise NotYet(
                f"that is tinynn's own `{self.library.__name__}`: right, of course, and a good "
                f"idea to try! This exercise is about writing it yourself: define "
                f"`{self.answer}` with the arithmetic in it"
            )
        if self.cases is not None:
            self._judge_function(answer)
            return self._extra(answer)
        return self._judge_value(answer)

    def _extra(self, answer):
        """The exercise's own check, if it has one: raises NotYet, or returns a remark."""
        remark = None if self._extra_check is None else self._extra_check(answer)
        return remark if isinstance(remark, str) else self.praise

    def _judge_value(self, answer):
        name = self.answer or "your answer"
        if answer is None:
            raise NotYet(
                f"{name} is None. `x = print(...)` makes x None: print shows a value but "
                "doesn't give it back; assign the value itself (or `return` it)"
            )
        if has_none(answer):
            raise NotYet(f"{name} holds None: fill in every number (print gives None back)")
        expected = self.expect() if callable(self.expect) else self.expect
        if self.expect is not None and matches(answer, expected, self.tolerance):
            return self.praise
        for mistake in self.mistakes:
            if value_fits(mistake.wrong, answer):
                raise NotYet(mistake.message.format(name=name, call=name))
        remark = self._extra(answer)
        if self.expect is None:
            return remark
        if np.ndim(expected) == 0:
            expect_number(answer, expected, name, rel_tol=self.tolerance)
        else:
            expect_array(answer, expected, name, rel_tol=self.tolerance)
        return remark

    def _judge_function(self, answer):
        results = []
        for case in self.cases:
            got = call(answer, *case.args)
            expected = self.expect(*case.args)
            results.append((case, got, expected, describe_call(answer, case.args)))
        wrong = [r for r in results if not matches(r[1], r[2], self.tolerance)]
        if not wrong:
            return
        for _, got, _, what in wrong:
            say_what_came_back(got, what, wrong[0][2])
        for mistake in self.mistakes:
            if all(matches(got, mistake.wrong(*case.args), 1e-9) for case, got, _, _ in results):
                what = wrong[0][3]
                raise NotYet(mistake.message.format(name=self.answer, call=what))
        case, got, expected, what = wrong[0]
        if isinstance(expected, (bool, np.bool_)):
            raise NotYet(with_hint(f"{what} returned {bool(got)}, which is not right", case.note))
        if np.ndim(expected) == 0:
            expect_number(got, expected, what, hint=case.note, rel_tol=self.tolerance)
        else:
            expect_array(got, expected, what, hint=case.note, rel_tol=self.tolerance)
