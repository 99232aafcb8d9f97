"""The trusted parser of the sandbox's events: fuzzed, truncated, nested and mistyped bytes never raise,
and a bad event costs at most the item the sandbox was busy with."""

import json
import random

import pytest

from autograder import events, jail
from autograder.sandbox import codec

GOOD = [
    {"start": "cell:0"},
    {"done": "cell:0", "error": None, "threads": 0},
    {"done": "cell:1", "error": "ValueError: x", "where": [1, 2], "threads": 0},
    {"ready": True},
    {"thread": True},
    {
        "done": "call:0",
        "outcome": {
            "result": codec.encode((1.0, 2.0)),
            "error": None,
            "inputs_after": codec.encode((3.0,)),
            "seconds": 0.1,
        },
        "threads": 0,
    },
    {"end": True},
]
KINDS = (
    events.Start,
    events.CellDone,
    events.CellDone,
    events.Ready,
    events.ThreadStarted,
    events.CallDone,
    events.End,
)


def _line(event):
    return json.dumps(event).encode()


@pytest.mark.parametrize("event, kind", list(zip(GOOD, KINDS)))
def test_every_honest_event_is_read_as_what_it_is(event, kind):
    assert type(events.parse(_line(event), 2, 1)) is kind


WRONG = [
    {"start": "cell:7"},
    {"start": "cell:-1"},
    {"start": "cell:x"},
    {"start": 0},
    {"start": ["cell:0"]},
    {"done": "cell:0", "error": 3},
    {"done": "cell:0", "error": None, "threads": -1},
    {"done": "cell:0", "error": None, "threads": True},
    {"done": "cell:0", "error": None, "where": [0]},
    {"done": "call:5", "outcome": {}},
    {"done": "call:0", "outcome": []},
    {"done": "call:0", "outcome": {"result": {"__np__": "<c16", "value": 1}, "error": None}},
    {"done": "call:0", "outcome": {"result": {"__array__": "<f8", "shape": [3], "data": [1]}, "error": None}},
    {"done": "call:0", "outcome": {"result": {"__nope__": 1}, "error": None}},
    {"done": "call:0", "outcome": {"result": 1.0, "error": None, "seconds": "fast"}},
    {"done": "call:0", "outcome": {"result": {"__float__": "pi"}, "error": None}},
    {"ready": 1},
    {"end": "yes"},
    {"thread": 1},
    {"done": None},
    {},
    [],
    "text",
    3,
    None,
]


@pytest.mark.parametrize("event", WRONG, ids=range(len(WRONG)))
def test_events_of_the_wrong_shape_are_malformed(event):
    assert type(events.parse(_line(event), 2, 1)) is events.Malformed


def test_a_result_nested_beyond_what_encode_makes_is_malformed():
    deep = 1.0
    for _ in range(events.MAX_NESTING + 1):
        deep = [deep]
    line = _line({"done": "call:0", "outcome": {"result": deep, "error": None}})
    assert type(events.parse(line, 1, 1)) is events.Malformed


def test_a_result_as_deep_as_encode_makes_is_read():
    """Negative twin of the test above: the depth limit leaves room for every value encode makes."""
    deep = 1.0
    for _ in range(codec.MAX_DEPTH):
        deep = (deep,)
    line = _line({"done": "call:0", "outcome": {"result": codec.encode(deep), "error": None}})
    assert type(events.parse(line, 1, 1)) is events.CallDone


@pytest.mark.parametrize(
    "line",
    [
        b"[" * 100_000,
        b'{"a":' * 100_000,
        b"\xff\xfe\x00",
        b"",
        b"\n",
        b"1e999999",
        b"[" * 10 + b"]" * 9,
        b'"\\ud83d"',
        b"NaN",
        b"x" * (events.MAX_LINE + 1),
    ],
)
def test_nasty_lines_are_malformed(line):
    assert type(events.parse(line, 1, 1)) is events.Malformed


def _honest_stream():
    return b"".join(_line(e) + b"\n" for e in GOOD[:4] + [GOOD[5], GOOD[6]])


def test_random_bytes_and_truncations_never_raise():
    rng = random.Random(11)
    honest = _honest_stream()
    lines = [honest[:k] for k in range(len(honest))]
    lines += [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300))) for _ in range(300)]
    lines += [
        bytes(rng.choice(b'[]{}",:0123456789.-eE truefalsnul\\u') for _ in range(200)) for _ in range(300)
    ]
    for line in lines:
        assert isinstance(events.parse(line, 2, 1), tuple(KINDS) + (events.Malformed,))


def _mutations(rng, event):
    """``event`` with one value replaced by something of another type."""
    options = [None, True, -1, 10**40, 1e308, "x" * 10, "\ud83d", [], {}, [[[[]]]], {"__type__": []}]
    mutated = json.loads(json.dumps(event))
    target = mutated
    while True:
        key = rng.choice(list(target))
        if type(target[key]) is dict and target[key] and rng.random() < 0.5:
            target = target[key]
            continue
        target[key] = rng.choice(options)
        return mutated


def test_wrongly_typed_fields_never_raise():
    rng = random.Random(7)
    for _ in range(2000):
        event = _mutations(rng, rng.choice(GOOD))
        assert isinstance(events.parse(_line(event), 2, 1), tuple(KINDS) + (events.Malformed,))


def _submission(n_calls=2):
    calls = [
        {
            "id": f"f/{k}",
            "function": "f",
            "args": codec.encode((1.0,)),
            "kwargs": codec.encode({}),
            "hidden": False,
        }
        for k in range(n_calls)
    ]
    return jail._Submission(["def f(x):\n    return x"], calls, jail.Limits(), None, jail.Run())


def test_a_fuzzed_stream_costs_at_most_the_running_call():
    """Garbage while call 0 runs fails call 0 only; call 1's honest answer still counts."""
    sub = _submission()
    session = jail._Session(sub)
    rng = random.Random(3)
    session.feed(b'{"start": "cell:0"}\n{"done": "cell:0", "error": null, "threads": 0}\n{"ready": true}\n')
    assert session.current == "call:0"
    for _ in range(200):
        session.feed(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 100))))
    session.feed(b"\n" + b"[" * 50_000 + b"\n")
    session.feed(_line({"done": "call:0", "outcome": {"result": 1.0, "error": None, "seconds": 0}}) + b"\n")
    session.feed(_line({"done": "call:1", "outcome": {"result": 1.0, "error": None, "seconds": 0}}) + b"\n")
    assert "malformed" in sub.run.outcomes["f/0"]["error"]
    assert sub.run.outcomes["f/1"]["result"] == 1.0 and sub.run.outcomes["f/1"]["error"] is None


def test_an_honest_stream_records_every_call():
    """Negative twin of the test above: without garbage, both calls count."""
    sub = _submission()
    session = jail._Session(sub)
    session.feed(b'{"start": "cell:0"}\n{"done": "cell:0", "error": null, "threads": 0}\n{"ready": true}\n')
    for n in range(2):
        session.feed(
            _line({"done": f"call:{n}", "outcome": {"result": 1.0, "error": None, "seconds": 0}}) + b"\n"
        )
    assert all(sub.run.outcomes[f"f/{n}"]["error"] is None for n in range(2)) and session.current is None


def test_an_answer_for_a_call_not_running_is_ignored():
    sub = _submission()
    session = jail._Session(sub)
    session.feed(b'{"ready": true}\n')
    session.feed(_line({"done": "call:1", "outcome": {"result": 99.0, "error": None}}) + b"\n")
    assert "f/1" not in sub.run.outcomes and session.current == "call:0"


def test_an_endless_line_is_dropped_and_blamed_on_the_running_call():
    sub = _submission()
    session = jail._Session(sub)
    session.feed(b'{"ready": true}\n')
    for _ in range(events.MAX_LINE // 2**20 + 2):
        session.feed(b"x" * 2**20)
    assert "malformed" in sub.run.outcomes["f/0"]["error"] and len(session.buffer) <= events.MAX_LINE


@pytest.mark.parametrize("text", ["\ud83d", "a\x00b\x1b[31m", "x" * 10**6])
def test_clean_text_is_storable_and_short(text):
    cleaned = events.clean_text(text, 300)
    cleaned.encode("utf-8")
    assert len(cleaned) <= 300 and not any(ord(c) < 32 and c not in "\n\t\r" for c in cleaned)


CELLS = ["import numpy as np\ndef f(x, y):\n    raise ValueError(f'{x!r} in /opt/site/numpy/core.py')"]


def test_a_hidden_case_error_shows_the_type_and_the_students_line_only():
    text = events.student_error("ValueError: 0.8312 in /opt/site/numpy/core.py", (0, 3), CELLS, hidden=True)
    assert "0.8312" not in text and "/opt/site" not in text
    assert text.startswith("ValueError") and "raise ValueError" in text and "line 3" in text


def test_a_public_case_error_keeps_its_message_without_paths():
    text = events.student_error("ValueError: 0.8312 in /opt/site/numpy/core.py", (0, 3), CELLS, hidden=False)
    assert "0.8312" in text and "/opt/site" not in text and "<path>" in text


def test_a_student_made_exception_type_cannot_carry_a_hidden_value():
    text = events.student_error("Value_0_8312: boom", None, CELLS, hidden=True)
    assert "8312" not in text and text.startswith("an error")
