"""The incremental server-sent-events parser: any chunking, line endings, comments, multi-line data."""

import json

import pytest

from mastodon.streaming.sse import SSEParser


class Collect:
    def __init__(self) -> None:
        self.events = []
        self.comments = []
        self.parser = SSEParser(lambda name, data: self.events.append((name, data)), self.comments.append)

    def feed(self, *chunks: bytes) -> "Collect":
        for chunk in chunks:
            self.parser.feed(chunk)
        return self


STREAM = (b":)\n"
          b"event: update\ndata: {\"id\":\"1\",\"content\":\"caf\xc3\xa9 \\u00e9\"}\n\n"
          b":thump\n"
          b"event: delete\ndata: 1\n\n"
          b"event: filters_changed\ndata: undefined\n\n"
          b"event: notification\ndata: {\"id\":\"7\",\n"
          b"data: \"type\":\"mention\"}\n\n")

EXPECTED = [
    ("update", b"{\"id\":\"1\",\"content\":\"caf\xc3\xa9 \\u00e9\"}"),
    ("delete", b"1"),
    ("filters_changed", b"undefined"),
    ("notification", b"{\"id\":\"7\",\n\"type\":\"mention\"}"),
]


def test_whole_stream_in_one_chunk():
    c = Collect().feed(STREAM)
    assert c.events == EXPECTED
    assert c.comments == [b":)", b":thump"]
    assert json.loads(c.events[3][1]) == {"id": "7", "type": "mention"}


def test_split_at_every_byte_offset():
    for cut in range(1, len(STREAM)):
        c = Collect().feed(STREAM[:cut], STREAM[cut:])
        assert c.events == EXPECTED, cut
        assert c.comments == [b":)", b":thump"], cut


def test_one_byte_at_a_time():
    c = Collect().feed(*(STREAM[i:i + 1] for i in range(len(STREAM))))
    assert c.events == EXPECTED


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"])
def test_other_line_endings_at_every_offset(newline):
    stream = STREAM.replace(b"\n", newline)
    assert Collect().feed(stream).events == EXPECTED
    for cut in range(1, len(stream)):
        assert Collect().feed(stream[:cut], stream[cut:]).events == EXPECTED, cut


def test_mixed_line_endings():
    c = Collect().feed(b"event: a\r\ndata: 1\n\r\nevent: b\rdata: 2\r\r")
    assert c.events == [("a", b"1"), ("b", b"2")]


def test_crlf_split_between_chunks_is_one_line_end():
    c = Collect().feed(b"event: a\r", b"\ndata: 1\r", b"\n\r", b"\n")
    assert c.events == [("a", b"1")]


def test_event_waits_for_the_blank_line():
    c = Collect().feed(b"event: update\ndata: {}\n")
    assert c.events == []
    c.feed(b"\n")
    assert c.events == [("update", b"{}")]


def test_data_without_event_name_has_an_empty_name():
    # (The dispatcher refuses such events: Mastodon always names its events.)
    assert Collect().feed(b"data: hello\n\n").events == [("", b"hello")]
    assert Collect().feed(b"event:\ndata: hello\n\n").events == [("", b"hello")]


def test_event_without_data_is_dispatched_with_none():
    assert Collect().feed(b"event: filters_changed\n\n").events == [("filters_changed", None)]


def test_field_syntax_details():
    c = Collect().feed(
        b"event:update\ndata:{}\n\n"  # no space after the colon
        b"event: x\ndata:  two spaces\n\n"  # only one space is removed
        b"id: 42\nretry: 1000\nfoo: bar\nevent: y\ndata\n\n"  # ignored fields; bare field name
        b"\n\n\n")  # blank lines without an event dispatch nothing
    assert c.events == [("update", b"{}"), ("x", b" two spaces"), ("y", b"")]


def test_multi_line_data_is_joined_with_newlines():
    c = Collect().feed(b"event: e\ndata: a\ndata: b\ndata: c\n\n")
    assert c.events == [("e", b"a\nb\nc")]


def test_comment_lines_are_heartbeats():
    c = Collect().feed(b":thump\n:thump\n\n:)\n")
    assert c.events == []
    assert c.comments == [b":thump", b":thump", b":)"]


def test_empty_chunks_are_harmless():
    c = Collect().feed(b"", b"event: a\n", b"", b"data: 1\n", b"", b"\n")
    assert c.events == [("a", b"1")]


def test_reset_forgets_a_partial_event():
    c = Collect().feed(b"event: update\ndata: {\"id\":")
    c.parser.reset()
    c.feed(b"event: delete\ndata: 3\n\n")
    assert c.events == [("delete", b"3")]


def test_a_raising_callback_leaves_the_parser_consistent():
    seen = []

    def on_event(name, data):
        seen.append(name)
        if name == "boom":
            raise ValueError("listener failed")

    parser = SSEParser(on_event)
    with pytest.raises(ValueError):
        parser.feed(b"event: boom\ndata: 1\n\nevent: lost\ndata: 2\n\n")
    parser.feed(b"event: after\ndata: 3\n\n")
    assert seen == ["boom", "after"]


def test_non_ascii_event_name():
    assert Collect().feed("event: ünïcode\ndata: 1\n\n".encode()).events == [("ünïcode", b"1")]
