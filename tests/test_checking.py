"""The exercise framework: outcomes, messages, safety against every kind of learner mistake."""

import importlib
import json
import math
import signal
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinynn.exercises
from tinynn.exercises import (
    Exercise,
    NotYet,
    call,
    describe_call,
    describing,
    expect_array,
    expect_number,
    expect_shape,
    expect_whole_number,
    is_number,
    values,
)
from tinynn.exercises.display import LABELS, Result

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import ch99  # noqa: E402  (the stand-in chapter lives in tests/fixtures)
from exercise_helpers import (  # noqa: E402
    answer_from,
    assert_correct,
    assert_not_attempted,
    assert_not_yet,
    assert_raised,
    outcome_of,
)

# ---------------------------------------------------------------------------------------------
# The four outcomes
# ---------------------------------------------------------------------------------------------


def my_predict(input, weight):
    return input * weight


def test_the_reference_solutions_are_correct_with_their_remark():
    result = assert_correct(ch99.q1, answer_from(ch99.q1.source))
    assert result.message == "Right: a prediction is input * weight."
    assert_correct(ch99.q2, answer_from(ch99.q2.source))
    assert_correct(ch99.q3, answer_from(ch99.q3.source))


def test_a_correct_answer_computed_in_another_order_passes():
    assert 0.1 + 0.2 + 0.3 != 0.3 + 0.2 + 0.1
    assert expect_number(0.1 + 0.2 + 0.3, 0.3 + 0.2 + 0.1, "x") == 0.6000000000000001
    assert_correct(ch99.q1, lambda input, weight: weight * input)
    assert_correct(ch99.q2, 0.5**2 + 1e-15)
    assert_correct(ch99.q3, lambda inputs, delta: np.array(inputs) * delta)


def test_wrong_answers_say_which_call_and_which_direction():
    assert_not_yet(ch99.q1, lambda input, weight: input + weight, "my_predict(0.5, 2.0)", "too big")
    assert_not_yet(ch99.q1, lambda input, weight: input / weight, "too small", "input times")
    flipped = assert_not_yet(ch99.q1, lambda input, weight: abs(input * weight), "-1.0, 3.0")
    assert "wrong sign" in flipped.message
    assert_not_yet(ch99.q2, 0.5, "my_error is too big: square the difference", solution=0.25)
    assert_not_yet(ch99.q2, -0.25, "wrong sign", solution=0.25)
    result = assert_not_yet(ch99.q3, lambda inputs, delta: [1.0, 1.0, 1.0], "[0] is too big")
    assert "(2 of 3 numbers are off)" in result.message


def test_not_yet_messages_never_show_the_expected_value():
    for answer in [0.5, 0.24, 0.26, -0.25, 25.0, "0.25", [0.25], True]:
        result = outcome_of(ch99.q2, answer)
        assert result.outcome == "not_yet"
        assert "0.25" not in result.message.replace(repr(answer), "")
    result = outcome_of(ch99.q3, lambda inputs, delta: [0.0, 0.0, 0.0])
    rest = result.message.replace("my_weight_deltas([1.0, 2.0, 3.0], 0.5)", "")
    assert rest == "[0] is too small (3 of 3 numbers are off)"


def test_the_committed_blanks_are_not_attempted():
    def my_predict(input, weight):
        # your code here
        raise NotImplementedError

    def my_weight_deltas(inputs, delta):
        pass

    def my_docstring_only(inputs, delta):
        """Return one weight delta per input."""

    assert_not_attempted(ch99.q1, my_predict)
    assert_not_attempted(ch99.q2, ...)
    assert_not_attempted(ch99.q3, [..., ...])
    # Only the committed blank is "not attempted": None, or a function with an empty body, is
    # something the learner wrote, and gets a "not yet" that says what to do.
    assert "None" in assert_not_yet(ch99.q2, None).message
    assert_not_yet(ch99.q3, my_weight_deltas, "empty body")
    assert_not_yet(ch99.q3, my_docstring_only, "empty body")
    assert "print" in assert_not_yet(ch99.q2, [None, None]).message


def test_a_raising_answer_names_the_call_the_exception_and_the_line():
    def my_predict(input, weight):
        return input / 0

    result = assert_raised(ch99.q1, my_predict, "my_predict(0.5, 2.0)", "ZeroDivisionError")
    assert "`return input / 0`" in result.message
    assert "\n" not in result.message and "Traceback" not in result.message


def test_even_system_exit_and_keyboard_interrupt_from_learner_code_are_reported():
    def my_exit(input, weight):
        sys.exit(1)

    def my_interrupted(input, weight):
        raise KeyboardInterrupt

    assert_raised(ch99.q1, my_exit, "SystemExit")
    assert_raised(ch99.q1, my_interrupted, "interrupted")


def test_an_endless_loop_times_out_and_the_next_check_still_works():
    quick = Exercise("ch99.loop", "loop", ["h"], "", check=ch99._check_predict, time_limit=0.5)

    def my_stubborn_loop(input, weight):
        while True:
            try:
                time.sleep(0.01)
            except:  # noqa: E722 - the kind of loop a learner writes by accident
                pass

    start = time.monotonic()
    result = quick.evaluate(my_stubborn_loop)
    assert result.outcome == "timed_out"
    assert result.message == "your code took longer than 0.5 seconds (an endless loop?)"
    assert time.monotonic() - start < 3
    assert quick.evaluate(my_predict).outcome == "correct"


def test_the_previous_alarm_handler_is_restored():
    def mine(signum, frame):
        pass

    previous = signal.signal(signal.SIGALRM, mine)
    try:
        ch99.q1.evaluate(my_predict)
        assert signal.getsignal(signal.SIGALRM) is mine
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_off_the_main_thread_a_check_runs_without_an_alarm():
    """Signals reach only the main thread, where notebooks and the grader run code; elsewhere a
    check still works, without a time limit (and leaves no alarm behind)."""
    results = []
    worker = threading.Thread(target=lambda: results.append(ch99.q1.evaluate(my_predict)))
    worker.start()
    worker.join(5)
    assert results[0].outcome == "correct"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_an_interrupted_check_says_what_a_time_limit_cannot_stop():
    def my_interrupted(input, weight):
        raise KeyboardInterrupt

    result = assert_raised(ch99.q1, my_interrupted, "interrupted")
    assert "sum(range(10**13))" in result.message and "Restart" in result.message


# ---------------------------------------------------------------------------------------------
# call(): the safe way to run learner code
# ---------------------------------------------------------------------------------------------


def test_call_passes_copies_so_the_checker_data_survives_and_reports_the_change():
    weights = [1.0, 2.0]
    array = np.array([1.0, 2.0])

    def my_update(weights):
        weights[0] = 99.0
        return weights

    with pytest.raises(NotYet, match=r"my_update\(\[1.0, 2.0\]\) changed the values it was given"):
        call(my_update, weights)
    with pytest.raises(NotYet, match="changed the values"):
        call(my_update, array)
    assert weights == [1.0, 2.0] and array.tolist() == [1.0, 2.0]
    assert call(lambda weights: [w * 2 for w in weights], weights) == [2.0, 4.0]


def test_call_catches_printing_instead_of_returning(capsys):
    def my_predict(input, weight):
        print(input * weight)

    def my_forgot_return(input, weight):
        input * weight  # noqa: B018

    with pytest.raises(NotYet, match=r"printed its answer but returned None: use `return`"):
        call(my_predict, 0.5, 2.0)
    with pytest.raises(NotYet, match="returned None: did you forget `return`"):
        call(my_forgot_return, 0.5, 2.0)
    assert capsys.readouterr() == ("", "")


def test_call_keeps_warnings_and_stderr_out_of_the_output(capsys):
    def my_noisy(input, weight):
        print("debugging", file=sys.stderr)
        import warnings

        warnings.warn("careful", stacklevel=1)
        return np.float64(input) / 0.0

    assert math.isinf(call(my_noisy, 1.0, 2.0))
    assert capsys.readouterr() == ("", "")


def test_call_wants_the_function_not_its_result():
    with pytest.raises(
        NotYet, match=r"expected a function, got 1.0 \(a float\): pass the function"
    ):
        call(1.0, 0.5, 2.0)


def test_call_names_the_call_the_way_the_learner_wrote_it():
    assert describe_call(my_predict, (0.5, 2.0)) == "my_predict(0.5, 2.0)"
    assert describe_call(my_predict, (np.array([1.0, 2.0]),), {"weight": 3}) == (
        "my_predict(np.array([1.0, 2.0]), weight=3)"
    )
    assert describe_call(lambda: 0, ()) == "your function()"
    long = describe_call(my_predict, (list(range(100)),))
    assert long.endswith("...)") and len(long) < 50


# ---------------------------------------------------------------------------------------------
# expect_number, expect_array, expect_shape
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("got", "words"),
    [
        (float("nan"), "is NaN"),
        (float("inf"), "is infinite"),
        (True, "is True (True/False)"),
        ("0.25", "is '0.25' (a str): it should be a number"),
        ([0.25], "is a list of 1 item: it should be a single number"),
        (np.array([0.25, 0.5]), "is an array of shape (2,): it should be a single number"),
        (1 + 2j, "(a complex)"),
        (10**400, "too big to be a float"),
        (None, "is None: it should be a number"),
    ],
)
def test_expect_number_explains_what_kind_of_wrong(got, words):
    with pytest.raises(NotYet) as caught:
        expect_number(got, 0.25, "my_error")
    assert str(caught.value).startswith("my_error ")
    assert words in str(caught.value)


def test_expect_number_accepts_numpy_scalars_and_zero_d_arrays():
    assert expect_number(np.float64(0.25), 0.25, "x") == 0.25
    assert expect_number(np.array(0.25), 0.25, "x") == 0.25
    assert expect_number(1, 1.0, "x") == 1.0
    with pytest.raises(NotYet, match="is too small: look at delta"):
        expect_number(0.2, 0.25, "x", hint="look at delta")


def test_expect_array_names_the_first_wrong_entry():
    assert expect_array([0.5, 1.0], np.array([0.5, 1.0]), "w").tolist() == [0.5, 1.0]
    with pytest.raises(NotYet, match=r"^w\[1\] is too small \(1 of 2 numbers are off\)$"):
        expect_array([0.5, 0.9], [0.5, 1.0], "w")
    with pytest.raises(NotYet, match=r"^w\[1, 0\] has the wrong sign"):
        expect_array([[1.0, 2.0], [-3.0, 4.0]], [[1.0, 2.0], [3.0, 4.0]], "w")
    with pytest.raises(NotYet, match=r"has shape \(3,\): it should be 2 numbers"):
        expect_array([1.0, 2.0, 3.0], [1.0, 2.0], "w")
    with pytest.raises(NotYet, match="is a single number: it should be 2 numbers"):
        expect_array(1.0, [1.0, 2.0], "w")
    with pytest.raises(NotYet, match="contains NaN"):
        expect_array([1.0, float("nan")], [1.0, 2.0], "w")
    with pytest.raises(NotYet, match="still has a `...` in it"):
        expect_array([1.0, ...], [1.0, 2.0], "w")
    with pytest.raises(NotYet, match="it should be numbers"):
        expect_array([[1.0], [2.0, 3.0]], [1.0, 2.0], "w")


def test_expect_shape():
    assert expect_shape(np.zeros((3, 4)), (3, 4), "weights_0_1").shape == (3, 4)
    with pytest.raises(
        NotYet, match=r"has shape \(4, 3\): it should be an array of shape \(3, 4\)"
    ):
        expect_shape(np.zeros((4, 3)), (3, 4), "weights_0_1")


# ---------------------------------------------------------------------------------------------
# What the learner sees
# ---------------------------------------------------------------------------------------------


def test_a_result_carries_a_machine_readable_record_in_its_display_metadata():
    result = ch99.q2.evaluate(0.5)
    data, metadata = result._repr_mimebundle_()
    assert metadata == {
        "tinynn": {
            "exercise": "ch99.q2",
            "outcome": "not_yet",
            "message": "my_error is too big: square the difference",
        }
    }
    assert data["text/plain"] == "Not yet (ch99.q2): my_error is too big: square the difference"
    assert ">Not yet</span>" in data["text/html"] and "#b35c00" in data["text/html"]
    assert data == ch99.q2.evaluate(0.5)._repr_mimebundle_()[0]


def test_every_outcome_has_its_own_label_and_colour_and_escapes_html():
    labels = {Result("k", outcome, "x").text().split(" (")[0] for outcome in LABELS}
    assert len(labels) == 5
    html = Result("k", "not_yet", "a < b and `code`")._repr_html_()
    assert "a &lt; b and <code>code</code>" in html
    assert html.startswith('<div role="status"'), "a screen reader announces each result"


def test_check_prints_plain_text_outside_a_notebook_and_returns_nothing(capsys):
    assert ch99.q1.check(my_predict) is None
    assert ch99.q1.check() is None
    assert capsys.readouterr().out.splitlines() == [
        "Correct (ch99.q1): Right: a prediction is input * weight.",
        "Not attempted (ch99.q1): replace the `...` with your answer, then run the check again",
    ]


def test_a_message_is_always_one_line():
    def _check(answer):
        raise NotYet("first line\n  second line")

    assert Exercise("k", "t", [], "", check=_check).evaluate(1).message == "first line second line"


def test_hints_come_one_at_a_time_and_point_to_the_next(capsys):
    ch99.q1.hint()
    ch99.q1.hint(2)
    ch99.q1.hint(3)
    ch99.q1.hint("two")
    ch99.q1.solution()
    assert capsys.readouterr().out.splitlines() == [
        "Hint 1 of 2: Multiply. (more: `ch99.q1.hint(2)`)",
        "Hint 2 of 2: Return `input * weight`. "
        "(that was the last hint; `ch99.q1.solution()` shows an answer)",
        "Hints: this exercise has 2, numbered 1 to 2: try `ch99.q1.hint(1)`",
        "Hints: this exercise has 2, numbered 1 to 2: try `ch99.q1.hint(1)`",
        "A solution for ch99.q1",
        "def my_predict(input, weight):",
        "    return input * weight",
    ]


def test_a_checker_that_trips_over_a_strange_return_value_says_so():
    def _check(my_f):
        if call(my_f, 1.0) > 0:  # compares before checking the type: a learner's str trips it
            raise NotYet("should be negative")

    exercise = Exercise("ch99.x", "x", ["h"], "", check=_check)
    result = exercise.evaluate(lambda x: "text")
    assert result.outcome == "not_yet"
    assert result.message == (
        "the check could not use what your function(1.0) returned, 'text' (a str) (TypeError)"
    )


# ---------------------------------------------------------------------------------------------
# Whatever the learner passes, a check never raises
# ---------------------------------------------------------------------------------------------


def _all_exercises():
    """Every exercise in every chapter module that exists, plus the stand-in chapter."""
    found = [ch99.q1, ch99.q2, ch99.q3]
    folder = Path(tinynn.exercises.__file__).parent
    for path in sorted(folder.glob("ch[0-9][0-9].py")):
        module = importlib.import_module(f"tinynn.exercises.{path.stem}")
        found += [v for v in vars(module).values() if isinstance(v, Exercise)]
    return found


class _Hostile:
    """An answer whose every operation raises."""

    def __getattr__(self, name):
        raise RuntimeError("no")

    def __repr__(self):
        raise RuntimeError("no repr")

    def __eq__(self, other):
        raise RuntimeError("no eq")

    __hash__ = object.__hash__

    def __bool__(self):
        raise RuntimeError("no bool")

    def __float__(self):
        raise RuntimeError("no float")

    def __len__(self):
        raise RuntimeError("no len")


_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.complex_numbers()
    | st.text(max_size=5)
    | st.binary(max_size=5)
    | st.just(...)
    | st.builds(_Hostile)
    | st.sampled_from([object(), print, len, int, Exception("x")])
    | hnp.arrays(
        hnp.floating_dtypes() | hnp.integer_dtypes() | hnp.boolean_dtypes(),
        hnp.array_shapes(min_dims=0, max_dims=3, max_side=4),
    ),
    lambda children: (
        st.lists(children, max_size=4)
        | st.tuples(children, children)
        | st.dictionaries(st.text(max_size=3), children, max_size=3)
    ),
    max_leaves=8,
)
_answers = _values | st.functions(like=lambda *args, **kwargs: None, returns=_values, pure=True)


@pytest.mark.parametrize("exercise", _all_exercises(), ids=lambda e: e.key)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=_answers)
def test_any_answer_gives_an_outcome_and_never_raises(exercise, answer):
    result = exercise.evaluate(answer)
    assert result.outcome in LABELS
    assert isinstance(result.message, str) and "\n" not in result.message
    assert result.message != "the check could not finish; run the cell again"
    if result.outcome == "correct":
        assert answer is not None and answer is not ...


def test_whole_numbers_and_what_counts_as_a_number():
    assert expect_whole_number(7.0, "my_iterations") == 7
    with pytest.raises(NotYet, match="my_iterations is 7.5: it should be a whole number"):
        expect_whole_number(7.5, "my_iterations")
    with pytest.raises(NotYet):
        expect_whole_number("7", "my_iterations")
    assert is_number(2) and is_number(0.5) and is_number(np.float64(1))
    assert not is_number(True) and not is_number("1") and not is_number(None)


# ---------------------------------------------------------------------------------------------
# The grader's half: an answer handed back as data, and judged from that data alone
# ---------------------------------------------------------------------------------------------


def through_json(data):
    """What crosses from a kernel to the grader: JSON text, read back."""
    return json.loads(json.dumps(data, allow_nan=False))


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        ...,
        0,
        -7,
        10**30,
        0.1 + 0.2,
        float("nan"),
        float("inf"),
        -float("inf"),
        1 + 2j,
        "0.25",
        b"\x00\xff",
        (1.0, [2, (3,)]),
        {"alpha": 0.1, 3: [None, ...]},
        {1, 2.5},
        frozenset({"a"}),
        np.float64(0.25),
        np.int32(-3),
        np.bool_(True),
        np.array([[1.5, -2.0], [0.0, np.nan]]),
        np.array([1, 2, 3], dtype=np.uint8),
        np.array(True),
        np.zeros((0, 3)),
    ],
    ids=repr,
)
def test_values_come_back_from_a_kernel_as_the_same_data(value):
    back = values.decode(through_json(values.encode(value)))
    assert type(back) is type(value)
    assert describing.short_repr(back, 200) == describing.short_repr(value, 200)
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and back.shape == value.shape
        assert back.flags.writeable


def test_what_is_not_data_comes_back_as_its_description_and_does_nothing():
    def my_function(x):
        return x

    for value in [my_function, object(), np.array(["a"], dtype=object), Exception("x")]:
        back = values.decode(through_json(values.as_data(value)))
        assert isinstance(back, describing.Opaque) and not callable(back)
        assert repr(back) == describing.short_repr(value, values.REPR_LIMIT)
        assert describing.type_name(back) == describing.type_name(value)
    too_big = values.as_data(np.zeros(values.MAX_ITEMS + 1))
    assert too_big["$"] == "opaque" and too_big["type"] == "a NumPy array"


@pytest.mark.parametrize(
    "data",
    [
        {"$": "ndarray", "dtype": "|O", "shape": [1], "data": "AAAAAAAAAAA="},
        {"$": "ndarray", "dtype": "<f8", "shape": [2], "data": "AAAAAAAAAAA="},
        {"$": "ndarray", "dtype": "<f8", "shape": [-1], "data": ""},
        {"$": "np", "dtype": "<M8", "value": 0},
        {"$": "pickle", "data": "gASVAAAA"},
        {"$": "float", "value": "1e999999"},
        {"$": "set", "items": [[1, 2]]},
        {"$": "opaque", "repr": "x" * 10_000, "type": "a function"},
        {"$": "tuple", "items": [[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]},
    ],
)
def test_data_no_kernel_could_have_written_is_refused(data):
    with pytest.raises((ValueError, TypeError)):
        values.decode(data)


def my_weight_deltas(inputs, delta):
    return [input * delta for input in inputs]


@pytest.mark.parametrize(
    "answer",
    [
        0.25,
        0.5,
        ...,
        None,
        "0.25",
        my_predict,
        my_weight_deltas,
        lambda input, weight: input + weight,
        lambda input, weight: 1 / 0,
        lambda input, weight: print(input * weight),
        lambda *args: ...,
        ch99.q1.library or print,
    ],
)
@pytest.mark.parametrize("exercise", [ch99.q1, ch99.q2, ch99.q3], ids=lambda e: e.key)
def test_the_grader_judges_what_a_kernel_hands_back_as_the_check_does(exercise, answer):
    in_notebook = exercise.evaluate(answer)
    in_grader = exercise.judge(through_json(exercise.hand_back(answer)))
    assert (in_grader.outcome, in_grader.message) == (in_notebook.outcome, in_notebook.message)


def _giving(value):
    """A learner's function that gives back `value` whatever it is asked."""
    return lambda *args, **kwargs: value


@pytest.mark.parametrize("exercise", _all_exercises(), ids=lambda e: e.key)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=_values | _values.map(_giving))
def test_any_answer_handed_back_gets_the_notebooks_outcome_and_never_a_better_one(exercise, answer):
    in_notebook = exercise.evaluate(answer)
    in_grader = exercise.judge(through_json(exercise.hand_back(answer)))
    assert in_grader.outcome in LABELS and "\n" not in in_grader.message
    if in_notebook.outcome != "correct":
        assert in_grader.outcome != "correct"
    assert in_grader.outcome == in_notebook.outcome, (in_notebook.text(), in_grader.text())


def test_the_grader_runs_no_learner_code_and_each_call_gives_what_the_kernel_recorded():
    handed_back = ch99.q3.hand_back(my_weight_deltas)
    assert [call["kind"] for call in handed_back["calls"]] == ["returned"]
    # A kernel can lie about its own values: they are judged as they are.
    handed_back["calls"][0]["value"] = values.encode([0.5, 1.0, 9.0])
    lie = ch99.q3.judge(through_json(handed_back))
    assert lie.outcome == "not_yet" and lie.message.startswith("my_weight_deltas([1.0, 2.0, 3.0]")
    # Fewer calls than the check makes: nothing to judge them by.
    handed_back["calls"] = []
    short = ch99.q3.judge(through_json(handed_back))
    assert (
        short.outcome == "not_yet" and "handed back nothing for my_weight_deltas(" in short.text()
    )
    # A check that timed out in the kernel stops at the call it never finished.
    handed_back["ended"] = "timed_out"
    assert ch99.q3.judge(through_json(handed_back)).outcome == "timed_out"
    # Whatever a kernel claims, an answer that isn't data is never judged as a function.
    for forged in [{"function": "x", "calls": []}, {"answer": {"$": "pickle"}}, []]:
        with pytest.raises(ValueError):
            ch99.q3.judge(forged)


def test_an_answer_handed_back_as_tinynns_own_function_is_told_so():
    import tinynn

    exercise = importlib.import_module("tinynn.exercises.ch01").q1
    handed_back = through_json(exercise.hand_back(tinynn.predict))
    assert handed_back["function"]["library"] is True
    assert exercise.judge(handed_back).text() == exercise.evaluate(tinynn.predict).text()
