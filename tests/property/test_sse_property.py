"""Property tests of the event-stream parser and the event dispatch (issue 12): any chunking, any bytes."""

import json
from typing import Any, List, Optional, Tuple

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from mastodon.errors import MastodonMalformedEventError  # noqa: E402
from mastodon.streaming import StreamListener  # noqa: E402
from mastodon.streaming.dispatch import EventDispatcher  # noqa: E402
from mastodon.streaming.sse import SSEParser  # noqa: E402

PROFILE = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

Event = Tuple[str, Optional[bytes]]

# -- valid streams ------------------------------------------------------------------------------------------

#: Text that fits on one line of an event stream (no CR or LF).
line_text = st.text(st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)), max_size=30)
names = line_text.filter(lambda s: s != "")


@st.composite
def valid_streams(draw: Any) -> Tuple[bytes, List[Event], int]:
    """A stream written as a server would: events, comments, ignored fields; and the events it carries."""
    newline = draw(st.sampled_from([b"\n", b"\r\n", b"\r"]))
    out: List[bytes] = []
    events: List[Event] = []
    comments = 0

    def line(text: bytes) -> None:
        out.append(text + newline)

    for _ in range(draw(st.integers(0, 8))):
        for _ in range(draw(st.integers(0, 2))):
            line(b":" + draw(line_text).encode())
            comments += 1
        name = draw(st.one_of(st.none(), names))
        data = draw(st.one_of(st.none(), st.lists(line_text, min_size=1, max_size=4)))
        if name is None and data is None:
            name = "update"
        if draw(st.booleans()):
            line(b"id: " + draw(line_text).encode())
        if name is not None:
            line(b"event: " + name.encode())
        for value in data or []:
            line(b"data: " + value.encode())
        if draw(st.booleans()):
            line(b"retry: 1000")
        line(b"")
        events.append((name or "", None if data is None else "\n".join(data).encode()))
    return b"".join(out), events, comments


def cut(data: bytes, points: List[int]) -> List[bytes]:
    points = sorted({p % (len(data) + 1) for p in points})
    bounds = [0] + points + [len(data)]
    return [data[a:b] for a, b in zip(bounds, bounds[1:])]


def parse(chunks: List[bytes]) -> Tuple[List[Event], int, Optional[type]]:
    """Feed the chunks; the events, the number of comments, and the error class that stopped it (or None)."""
    events: List[Event] = []
    comments: List[bytes] = []
    parser = SSEParser(lambda name, data: events.append((name, data)), comments.append)
    try:
        for chunk in chunks:
            parser.feed(chunk)
    except MastodonMalformedEventError as e:
        return events, len(comments), type(e)
    return events, len(comments), None


@PROFILE
@given(valid_streams(), st.lists(st.integers(0, 10_000), max_size=20))
def test_any_chunking_of_a_valid_stream_yields_its_events(stream, points):
    data, events, comments = stream
    assert parse([data]) == (events, comments, None)
    assert parse(cut(data, points)) == (events, comments, None)


@PROFILE
@given(valid_streams())
def test_one_byte_at_a_time_yields_the_same_events(stream):
    data, events, comments = stream
    assert parse([data[i:i + 1] for i in range(len(data))]) == (events, comments, None)


# -- arbitrary bytes -----------------------------------------------------------------------------------------

#: Pieces of the format and of what breaks it, so that random input reaches every branch.
FRAGMENTS = [b"event: update\n", b"event: delete\n", b"event: notification\n", b"event: status.update\n",
             b"event: filters_changed\n", b"event: mystery.kind\n", b"event:\n", b"event\n", b"data: ", b"data:",
             b"data\n", b"data: {}\n", b'data: {"id": "1", "created_at": "2024-05-01T00:00:00Z"}\n', b"data: 12\n",
             b"data: [1]\n", b"data: null\n", b"\n", b"\r", b"\r\n", b":thump\n", b"id: 1\n", b"{", b"[" * 50,
             b"\xff\xfe", b"\xc3", b'"', b"\x00"]

json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | line_text,
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(line_text, inner, max_size=4),
                           max_leaves=12)
#: Event names: the known ones, ones with a method only some listeners have, and anything else.
event_names = st.one_of(st.sampled_from([b"update", b"delete", b"notification", b"status.update", b"conversation",
                                         b"filters_changed", b"announcement.delete", b"encrypted_message",
                                         b"abort", b"any_event", b"mystery.kind", b""]),
                        st.binary(max_size=12).filter(lambda b: b"\n" not in b and b"\r" not in b))
#: Payloads: entities, any JSON, text, bytes (on one line, as data fields carry them).
payloads = st.one_of(st.just(b'{"id": "1", "created_at": "2024-05-01T00:00:00.000Z", "account": {"acct": "a"}}'),
                     json_values.map(lambda v: json.dumps(v).encode()), line_text.map(str.encode),
                     st.binary(max_size=30)).map(lambda b: b.replace(b"\n", b"").replace(b"\r", b""))


@st.composite
def sloppy_events(draw: Any) -> bytes:
    """One event as a careless or hostile server might write it."""
    parts = []
    if draw(st.booleans()):
        parts.append(b"event: " + draw(event_names) + b"\n")
    for payload in draw(st.lists(payloads, max_size=2)):
        parts.append(b"data: " + payload + b"\n")
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(FRAGMENTS)))
    return b"".join(parts) + b"\n"


arbitrary_bytes = st.lists(st.one_of(st.binary(max_size=40), st.sampled_from(FRAGMENTS), sloppy_events()),
                           max_size=30).map(b"".join)


@PROFILE
@given(arbitrary_bytes, st.lists(st.integers(0, 10_000), max_size=20))
def test_arbitrary_bytes_parse_the_same_whatever_the_chunking(data, points):
    whole = parse([data])
    assert parse(cut(data, points)) == whole
    assert parse([data[i:i + 1] for i in range(len(data))]) == whole


class Recorder(StreamListener):
    def __init__(self) -> None:
        self.calls: List[Tuple[str, Any]] = []
        self.aborts: List[Exception] = []

    def on_any_event(self, name: str, data: Any = None, for_stream: Any = None) -> None:
        self.calls.append((name, data))

    def on_abort(self, err: Exception) -> None:
        self.aborts.append(err)


@PROFILE
@given(arbitrary_bytes)
def test_arbitrary_bytes_give_events_or_the_documented_error(data):
    listener = Recorder()
    dispatcher = EventDispatcher(listener)
    parser = SSEParser(dispatcher.dispatch, dispatcher.heartbeat)
    try:
        parser.feed(data)
    except MastodonMalformedEventError:
        pass  # the one error bad input may give
    for name, _ in listener.calls:
        assert isinstance(name, str) and name


class Body:
    def __init__(self, chunks: List[bytes]) -> None:
        self.chunks = chunks

    def iter_content(self, chunk_size: int) -> Any:
        return iter(self.chunks)


@PROFILE
@given(arbitrary_bytes, st.lists(st.integers(0, 10_000), max_size=10))
def test_handle_stream_on_arbitrary_bytes_returns_or_raises_the_documented_error(data, points):
    listener = Recorder()
    try:
        result = listener.handle_stream(Body(cut(data, points)))
    except MastodonMalformedEventError as e:
        assert listener.aborts == [e]
    else:
        assert result is None and listener.aborts == []


@PROFILE
@given(st.one_of(
    st.text(max_size=60),
    st.binary(max_size=60),
    json_values.map(json.dumps),
    st.fixed_dictionaries({}, optional={"stream": json_values, "event": json_values | names,
                                        "payload": json_values | json_values.map(json.dumps),
                                        "error": json_values}).map(json.dumps),
))
def test_arbitrary_websocket_messages_give_events_or_the_documented_error(message):
    listener = Recorder()
    try:
        listener.handle_websocket_message(message)
    except MastodonMalformedEventError:
        pass
    for name, _ in listener.calls:
        assert isinstance(name, str) and name
