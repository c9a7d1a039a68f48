"""Streams against misbehaving servers (issue 12, point 7): event streams and WebSocket.

Every case asserts the documented exception (blocking streams and ``handle_stream``) or the
recovery (background handles: ``on_abort`` with the documented error, then a new connection
after a backoff that grows while the faults go on), a bounded time, and that no raw internal
exception (KeyError, JSONDecodeError, UnicodeDecodeError, RecursionError, ...) reaches the
caller or the listener.
"""

import json
import logging
import os
import sys
import threading
import time
from typing import Any, Iterator, List

import pytest

sys.path.append(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "streaming"))

from conftest import RAW_EXCEPTIONS  # noqa: E402
from loopback import Reply  # noqa: E402
from stream_fixtures import TOKEN, sse, sse_api, ws  # noqa: E402,F401
from stream_servers import (  # noqa: E402
    Body,
    EventLog,
    SSEServer,
    WSServer,
    silent_websocket_server,
    sse_event,
    status,
    wait_for,
)

from mastodon import Mastodon  # noqa: E402
from mastodon.errors import (  # noqa: E402
    MastodonError,
    MastodonMalformedEventError,
    MastodonNetworkError,
    MastodonReadTimeout,
)
from mastodon.streaming import sse as sse_module  # noqa: E402
from mastodon.streaming.discovery import CACHE_KEY  # noqa: E402

WAIT = 0.03  # the base reconnection wait of the background handles here
RAW = RAW_EXCEPTIONS
PATH = "/api/v1/streaming/public"


@pytest.fixture
def api(sse: SSEServer, sse_api: Mastodon) -> Mastodon:
    """A client of the ``sse`` server, whose public timeline (for catching up) is empty."""
    sse.timeline("/api/v1/timelines/public", [])
    return sse_api


@pytest.fixture(autouse=True)
def no_internal_errors(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Nothing may escape a stream thread, nor be logged as an internal failure."""
    escaped: List[Any] = []
    previous = threading.excepthook
    threading.excepthook = lambda args: escaped.append(args.exc_value)
    caplog.set_level(logging.INFO, logger="mastodon.streaming")
    try:
        yield
    finally:
        threading.excepthook = previous
    assert escaped == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text


def documented(error: BaseException) -> bool:
    return isinstance(error, MastodonError) and not isinstance(error, RAW)


# -- server-sent events --------------------------------------------------------------------------------------

FIRST = sse_event("delete", "1")
SECOND = sse_event("delete", "2")
PARTIAL = sse_event("update", status(3))[:40]

#: (id, what the server sends after a good event, the documented error).
SSE_FAULTS = [
    ("data without an event name", [b"data: {\"id\": \"1\"}\n\n"], MastodonMalformedEventError),
    ("garbage that forms a nameless event", [b"\x00\x01\x02 garbage\ndata:\xff\xfe\n\n"],
     MastodonMalformedEventError),
    ("invalid UTF-8 in a payload", [b"event: update\ndata: {\"id\": \"\xff\xfe\"}\n\n"], MastodonMalformedEventError),
    ("invalid UTF-8 in an event name", [b"event: upd\xc3\x28te\ndata: {}\n\n"], MastodonMalformedEventError),
    ("a payload that is not JSON", [b"event: update\ndata: <html>Bad gateway</html>\n\n"],
     MastodonMalformedEventError),
    ("JSON that is not an entity", [b"event: notification\ndata: [1, 2]\n\n"], MastodonMalformedEventError),
    ("an unknown event that is not JSON", [b"event: mystery\ndata: undefined\n\n"], MastodonMalformedEventError),
    ("a delete without an id", [b"event: delete\ndata:\n\n"], MastodonMalformedEventError),
    ("JSON nested past any recursion limit", [b"event: update\ndata: " + b"[" * 200000 + b"\n\n"],
     MastodonMalformedEventError),
    ("a drop in the middle of an event", [PARTIAL, "drop"], MastodonNetworkError),
    ("a clean end in the middle of an event", [PARTIAL, "end"], MastodonNetworkError),
    ("a server that goes silent", [], MastodonReadTimeout),
]


def _play(feed: Any, steps: List[Any]) -> None:
    for step in steps:
        if step == "drop":
            feed.drop()
        elif step == "end":
            feed.end()
        else:
            feed.send(step)


@pytest.mark.parametrize("steps,error_class", [f[1:] for f in SSE_FAULTS], ids=[f[0] for f in SSE_FAULTS])
def test_sse_fault_background_reconnects(sse, api, steps, error_class):
    endpoint = sse.endpoint(PATH)
    log = EventLog()
    start = time.monotonic()
    handle = api.stream_public(log, run_async=True, timeout=0.4, reconnect_async=True,
                               reconnect_async_wait_sec=WAIT)
    try:
        first = endpoint.connection(1)
        first.send(FIRST)
        _play(first, steps)
        endpoint.connection(2).send(SECOND)
        log.wait(2)
        assert log.ids() == [("delete", "1"), ("delete", "2")]  # nothing of the broken event
        assert [type(e) for e in log.aborts] == [error_class]
        assert all(documented(e) for e in log.aborts) and documented(handle.error)
        assert handle.reconnections == 1 and handle.is_receiving()
        gap = endpoint.times[1] - endpoint.times[0]
        assert gap >= WAIT * 0.9
    finally:
        handle.close()
    assert time.monotonic() - start < 4


@pytest.mark.parametrize("steps,error_class", [f[1:] for f in SSE_FAULTS], ids=[f[0] for f in SSE_FAULTS])
def test_sse_fault_blocking_raises_the_documented_error(sse, api, steps, error_class):
    endpoint = sse.endpoint(PATH)
    log = EventLog()

    def serve():
        feed = endpoint.connection(1)
        feed.send(FIRST)
        _play(feed, steps)

    threading.Thread(target=serve, daemon=True).start()
    start = time.monotonic()
    with pytest.raises(MastodonError) as info:
        api.stream_public(log, timeout=0.4)
    assert type(info.value) is error_class and documented(info.value)
    assert log.aborts == [info.value] and log.ids() == [("delete", "1")]
    assert time.monotonic() - start < 3


@pytest.mark.parametrize("steps,error_class", [f[1:] for f in SSE_FAULTS if f[2] is MastodonMalformedEventError],
                         ids=[f[0] for f in SSE_FAULTS if f[2] is MastodonMalformedEventError])
@pytest.mark.parametrize("chunk", [1, 5, 4096])
def test_sse_fault_in_handle_stream_on_a_plain_object(steps, error_class, chunk):
    data = FIRST + b"".join(steps) + SECOND
    log = EventLog()
    with pytest.raises(MastodonError) as info:
        log.handle_stream(Body([data[i:i + chunk] for i in range(0, len(data), chunk)]))
    assert type(info.value) is error_class and log.aborts == [info.value]
    assert log.ids() == [("delete", "1")]


def test_sse_cut_body_in_handle_stream_on_a_plain_object():
    import requests
    log = EventLog()
    with pytest.raises(MastodonNetworkError) as info:
        log.handle_stream(Body([FIRST, PARTIAL, requests.exceptions.ChunkedEncodingError("connection broken")]))
    assert log.aborts == [info.value] and log.ids() == [("delete", "1")]
    log = EventLog()
    assert log.handle_stream(Body([FIRST, PARTIAL])) is None  # a body that just ends: a normal return
    assert log.ids() == [("delete", "1")] and log.aborts == []


def test_sse_garbage_lines_are_ignored(sse, api):
    """Lines of no field Mastodon uses are skipped, as the event-stream format says; the stream goes on."""
    endpoint = sse.endpoint(PATH)
    log = EventLog()
    handle = api.stream_public(log, run_async=True, reconnect_async=True, reconnect_async_wait_sec=WAIT)
    try:
        endpoint.connection(1).send(
            b"garbage without a colon\n\x00\x01\x02\x03\nid: \xff\xfe\nretry: soon\n: a comment \xff\n"
            b"\x89PNG\r\x1a\nfoo: bar\n\n\n\r\n" + FIRST + b"event\n\n" + b"x" * 5000 + b"\n" + SECOND)
        log.wait(2)
        assert log.ids() == [("delete", "1"), ("delete", "2")]
        assert log.aborts == [] and handle.reconnections == 0 and len(endpoint.feeds) == 1
    finally:
        handle.close()


def test_sse_event_larger_than_a_megabyte_arrives_whole(sse, api):
    endpoint = sse.endpoint(PATH)
    big = status(7, content="<p>" + "é" * 800_000 + "</p>")  # about 1.6 MB of JSON
    log = EventLog()
    handle = api.stream_public(log, run_async=True, reconnect_async=True, reconnect_async_wait_sec=WAIT)
    try:
        data = sse_event("update", big)
        assert len(data) > 1_500_000
        feed = endpoint.connection(1)
        for i in range(0, len(data), 100_000):  # as the network would hand it over
            feed.send(data[i:i + 100_000])
        feed.send(FIRST)
        log.wait(2, timeout=5)
        assert log.events[0][1].content == big["content"] and log.ids()[1] == ("delete", "1")
        assert log.aborts == []
    finally:
        handle.close()


def test_sse_event_past_the_size_limit_is_refused_before_it_ends(sse, api, monkeypatch):
    """An endless line cannot exhaust memory: past the limit the connection is given up."""
    monkeypatch.setattr(sse_module, "MAX_EVENT_BYTES", 256 * 1024)
    endpoint = sse.endpoint(PATH)
    log = EventLog()
    handle = api.stream_public(log, run_async=True, reconnect_async=True, reconnect_async_wait_sec=WAIT)
    try:
        feed = endpoint.connection(1)
        feed.send(b"event: update\ndata: {\"content\": \"")
        for _ in range(10):
            feed.send(b"a" * 32 * 1024)  # 320 KB, and no end of line ever
        wait_for(lambda: log.aborts, what="on_abort")
        assert [type(e) for e in log.aborts] == [MastodonMalformedEventError]
        assert "larger than 262144 bytes" in str(log.aborts[0])
        endpoint.connection(2).send(SECOND)
        log.wait(1)
        assert log.ids() == [("delete", "2")]
    finally:
        handle.close()


def test_sse_only_heartbeats_keep_the_stream(sse, api):
    endpoint = sse.endpoint(PATH)
    log = EventLog()
    handle = api.stream_public(log, run_async=True, timeout=0.25, reconnect_async=True,
                               reconnect_async_wait_sec=WAIT)
    try:
        feed = endpoint.connection(1)
        for _ in range(10):  # half a second of heartbeats only, with the timeout at 0.25 s
            feed.send(b":thump\n")
            time.sleep(0.05)
        wait_for(lambda: log.heartbeats >= 10)
        assert log.events == [] and log.aborts == [] and handle.is_receiving()
        assert len(endpoint.feeds) == 1 and handle.reconnections == 0
    finally:
        handle.close()


def test_sse_server_silent_before_its_headers(sse, api):
    """A server that takes the request and never answers is given up after the stream timeout."""
    endpoint = sse.endpoint(PATH)
    endpoint.refuse = [Reply("", delay=3)]
    log = EventLog()
    start = time.monotonic()
    handle = api.stream_public(log, run_async=True, timeout=0.3, reconnect_async=True,
                               reconnect_async_wait_sec=WAIT)
    try:
        endpoint.connection(1).send(SECOND)
        log.wait(1)
        assert time.monotonic() - start < 2
        assert [type(e) for e in log.aborts] == [MastodonReadTimeout]
    finally:
        handle.close()


def test_sse_backoff_grows_while_every_connection_breaks(sse, api):
    """A server that accepts and breaks each connection at once gets ever longer waits, not a tight loop."""
    endpoint = sse.endpoint(PATH)
    log = EventLog()
    handle = api.stream_public(log, run_async=True, reconnect_async=True, reconnect_async_wait_sec=WAIT)
    try:
        for n in range(1, 6):
            endpoint.connection(n, timeout=5).send(b"event: update\ndata: not json\n\n")
        wait_for(lambda: len(log.aborts) >= 5)
        times = endpoint.times[:5]
        gaps = [b - a for a, b in zip(times, times[1:])]
        for i, gap in enumerate(gaps):
            assert gap >= WAIT * 2 ** i * 0.9, gaps
        assert all(isinstance(e, MastodonMalformedEventError) for e in log.aborts)
    finally:
        handle.close()


def test_sse_backoff_starts_over_after_a_connection_that_lasted(sse, api, monkeypatch):
    from mastodon.streaming import handles
    monkeypatch.setattr(handles, "HEALTHY_AFTER_SEC", 0.1)
    endpoint = sse.endpoint(PATH)
    log = EventLog()
    wait = 0.1
    handle = api.stream_public(log, run_async=True, reconnect_async=True, reconnect_async_wait_sec=wait)
    try:
        endpoint.connection(1).drop()  # at once: the next wait is the base wait
        endpoint.connection(2).drop()  # at once again: twice the base wait
        feed = endpoint.connection(3)
        wait_for(handle.is_receiving)
        time.sleep(0.15)  # this one lasts (past HEALTHY_AFTER_SEC)
        dropped = time.monotonic()
        feed.drop()
        endpoint.connection(4)
        t = endpoint.times
        assert t[2] - t[1] >= 2 * wait * 0.9
        assert wait * 0.9 <= t[3] - dropped < 2 * wait  # back to the base wait
    finally:
        handle.close()


# -- WebSocket -----------------------------------------------------------------------------------------------


def _ws_open(ws: WSServer, log: EventLog) -> Any:
    ws.http_timeline("/api/v1/timelines/public", [])
    api = Mastodon(access_token=TOKEN, api_base_url=ws.http.url)
    handle = api.stream_open_websocket(log, timeout=0.4, reconnect_async=True, reconnect_async_wait_sec=WAIT)
    handle.subscribe("public")
    ws.wait_subscribed(("public",))
    wait_for(handle.is_receiving)
    return handle


@pytest.mark.parametrize("code", [1000, 1001, 1011, 4000])
def test_websocket_close_frame_reconnects(ws, code):
    log = EventLog()
    start = time.monotonic()
    handle = _ws_open(ws, log)
    try:
        ws.push(["public"], "delete", "1")
        log.wait(1)
        ws.clients[0].conn.close(code, "restarting")
        ws.wait_subscribed(("public",), n=2)
        wait_for(lambda: handle.is_receiving() and ws.push(["public"], "delete", "2"))
        log.wait(2)
        assert log.ids() == [("delete", "1"), ("delete", "2")]
        assert [type(e) for e in log.aborts] == [MastodonNetworkError] and documented(log.aborts[0])
        assert str(code) in str(log.aborts[0]) and handle.reconnections == 1
    finally:
        handle.close()
    assert time.monotonic() - start < 4


@pytest.mark.parametrize("message", [
    "not json", "[1, 2]", '{"stream": ["public"]}', '{"event": 5}', '{"event": ""}',
    json.dumps({"stream": ["public"], "event": "update", "payload": "<html>"}),
    json.dumps({"stream": ["public"], "event": "update", "payload": 17}),
    json.dumps({"stream": ["public"], "event": "delete", "payload": {"id": "1"}}),
    json.dumps({"stream": ["public"], "event": "mystery", "payload": "{cut"}),
    "[" * 200000,
    b"\xff\xfe not UTF-8 in a binary frame",
], ids=["text", "list", "no event", "numeric event", "empty event", "payload html", "payload number",
        "delete object", "unknown cut", "deep nesting", "binary"])
def test_websocket_malformed_message_reconnects(ws, message):
    log = EventLog()
    handle = _ws_open(ws, log)
    try:
        ws.send_raw(message)
        ws.wait_subscribed(("public",), n=2)
        wait_for(lambda: handle.is_receiving() and ws.push(["public"], "delete", "2"))
        log.wait(1)
        assert log.ids() == [("delete", "2")]
        assert [type(e) for e in log.aborts] == [MastodonMalformedEventError]
        assert documented(handle.error)
    finally:
        handle.close()


def test_websocket_subscription_error_keeps_the_connection(ws):
    """A refused subscription is reported to on_websocket_error; the connection and the other streams go on.

    (Reconnecting would only have the same subscription refused again.)
    """
    log = EventLog()
    handle = _ws_open(ws, log)
    try:
        ws.send_raw(json.dumps({"error": "Unknown stream type", "status": 400}))
        ws.send_raw(json.dumps({"stream": ["hashtag", "x"], "error": "No such hashtag", "status": 404}))
        ws.push(["public"], "delete", "3")
        log.wait(1)
        assert [e.error for e in log.errors] == ["Unknown stream type", "No such hashtag"]
        assert log.aborts == [] and handle.reconnections == 0 and len(ws.clients) == 1
    finally:
        handle.close()


def test_websocket_server_that_stops_answering_pings_reconnects_with_backoff(monkeypatch):
    pytest.importorskip("websockets")
    from mastodon.streaming import websocket
    # The silent server never answers the closing handshake either: each dead connection would
    # wait the whole close timeout (0.5 s) on top of the ping timeout, which is not under test.
    monkeypatch.setattr(websocket, "CLOSE_TIMEOUT_SEC", 0.1)
    listener, held = silent_websocket_server()
    try:
        api = Mastodon(access_token=TOKEN, api_base_url="http://127.0.0.1:1")
        api._cache[CACHE_KEY] = f"http://127.0.0.1:{listener.getsockname()[1]}"
        log = EventLog()
        start = time.monotonic()
        handle = api.stream_open_websocket(log, timeout=0.2, reconnect_async=True, reconnect_async_wait_sec=WAIT)
        try:
            # on_abort hears of a dead connection just before the handle counts the reconnection.
            wait_for(lambda: len(log.aborts) >= 3 and handle.reconnections >= 3, timeout=3,
                     what="three dead connections")
            assert all(type(e) is MastodonReadTimeout for e in log.aborts)
            assert len(held) >= 3 and handle.is_alive() and handle.reconnections >= 3
        finally:
            handle.close()
        assert time.monotonic() - start < 3
    finally:
        listener.close()
        for conn in held:
            conn.close()


def test_websocket_event_larger_than_a_megabyte_arrives_whole(ws):
    log = EventLog()
    handle = _ws_open(ws, log)
    try:
        big = status(8, content="<p>" + "x" * 1_500_000 + "</p>")
        ws.push(["public"], "update", big)
        log.wait(1, timeout=5)
        assert log.events[0][1].content == big["content"] and log.aborts == []
    finally:
        handle.close()
