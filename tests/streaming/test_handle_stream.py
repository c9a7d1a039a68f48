"""StreamListener.handle_stream: on real requests responses and on plain objects offering iter_content."""

import threading
import time

import pytest
import requests
from stream_servers import Body, EventLog, sse_event, status, wait_for

from mastodon.errors import (
    MastodonIllegalArgumentError,
    MastodonMalformedEventError,
    MastodonNetworkError,
    MastodonReadTimeout,
)

STREAM = (sse_event("update", status(1)) + b":thump\n" + sse_event("delete", "1") +
          sse_event("notification", {"id": "2", "type": "mention", "created_at": "2024-05-01T00:00:00Z"}))


class OrderedLog(EventLog):
    """Also notes where on_abort came in the sequence of calls."""

    def on_abort(self, err):
        super().on_abort(err)
        self.events.append(("abort", type(err).__name__))


@pytest.mark.parametrize("size", [1, 2, 7, 64, len(STREAM)])
def test_plain_object_any_chunking_returns_at_the_end(size):
    body = Body([STREAM[i:i + size] for i in range(0, len(STREAM), size)])
    log = EventLog()
    assert log.handle_stream(body) is None
    assert log.ids() == [("update", "1"), ("delete", "1"), ("notification", "2")]
    assert log.heartbeats == 1 and log.aborts == []
    assert body.sizes and all(isinstance(n, int) and n > 0 for n in body.sizes)


def test_plain_object_chunks_as_str_bytearray_memoryview():
    half = len(STREAM) // 2
    log = EventLog()
    log.handle_stream(Body([STREAM[:10].decode(), bytearray(STREAM[10:half]), memoryview(STREAM[half:]), b""]))
    assert log.ids() == [("update", "1"), ("delete", "1"), ("notification", "2")]


def test_an_event_cut_off_by_the_end_is_dropped():
    log = EventLog()
    log.handle_stream(Body([sse_event("delete", "1"), b"event: update\ndata: {\"id\":"]))
    assert log.ids() == [("delete", "1")] and log.aborts == []


@pytest.mark.parametrize("thing,message", [(object(), "iter_content"), (Body([b"x", 5]), "yielded int")])
def test_objects_that_cannot_be_read(thing, message):
    log = EventLog()
    with pytest.raises(MastodonIllegalArgumentError, match=message):
        log.handle_stream(thing)
    assert log.aborts == []


@pytest.mark.parametrize("error", [requests.exceptions.ChunkedEncodingError("cut"),
                                   requests.exceptions.ConnectionError("reset"), ConnectionResetError(104, "reset")])
def test_transport_error_calls_on_abort_then_raises(error):
    log = OrderedLog()
    with pytest.raises(MastodonNetworkError) as info:
        log.handle_stream(Body([sse_event("delete", "1"), error]))
    assert not isinstance(info.value, MastodonReadTimeout)
    assert log.aborts == [info.value] and info.value.__cause__ is error
    assert log.events == [("delete", "1"), ("abort", "MastodonNetworkError")]


def test_malformed_event_calls_on_abort_then_raises():
    log = OrderedLog()
    with pytest.raises(MastodonMalformedEventError) as info:
        log.handle_stream(Body([sse_event("delete", "1"), sse_event("update", "not json"), sse_event("delete", "2")]))
    assert log.aborts == [info.value]
    assert log.events == [("delete", "1"), ("abort", "MastodonMalformedEventError")]


def test_listener_exceptions_pass_through_unchanged():
    class Failing(EventLog):
        def on_delete(self, status_id):
            raise KeyError(status_id)

    log = Failing()
    with pytest.raises(KeyError, match="'7'"):
        log.handle_stream(Body([sse_event("delete", "7")]))
    assert log.aborts == []


# -- real requests responses from the loopback server --------------------------------------------------------


def _read_in_thread(listener, response):
    outcome = {}

    def run():
        try:
            outcome["returned"] = listener.handle_stream(response)
        except BaseException as e:  # noqa: BLE001 - the test looks at it
            outcome["raised"] = e

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


@pytest.mark.parametrize("chunked", [True, False])
def test_real_response_events_arrive_while_the_stream_is_open(sse, chunked):
    """Events are dispatched as they arrive, chunked or not (no waiting for a full read buffer)."""
    endpoint = sse.endpoint("/events", chunked=chunked)
    response = requests.get(sse.url + "/events", stream=True, timeout=5)
    log = EventLog()
    thread, outcome = _read_in_thread(log, response)
    feed = endpoint.connection()
    feed.event("update", status(1))
    log.wait(1)
    feed.send(b":thump\n").event("delete", "1")
    log.wait(2)
    feed.end()
    thread.join(3)
    assert outcome == {"returned": None}
    assert log.ids() == [("update", "1"), ("delete", "1")] and log.heartbeats == 1


def test_real_response_dropped_mid_event(sse):
    endpoint = sse.endpoint("/events")
    response = requests.get(sse.url + "/events", stream=True, timeout=5)
    log = OrderedLog()
    thread, outcome = _read_in_thread(log, response)
    endpoint.connection().event("delete", "1").send(sse_event("update", status(2))[:30]).drop()
    thread.join(3)
    assert isinstance(outcome["raised"], MastodonNetworkError)
    assert log.events == [("delete", "1"), ("abort", "MastodonNetworkError")]


def test_real_response_read_timeout(sse):
    sse.endpoint("/events")
    response = requests.get(sse.url + "/events", stream=True, timeout=(5, 0.3))
    log = EventLog()
    start = time.monotonic()
    with pytest.raises(MastodonReadTimeout) as info:
        log.handle_stream(response)
    assert time.monotonic() - start < 2
    assert log.aborts == [info.value]


def test_real_response_is_left_open_for_the_caller(sse):
    endpoint = sse.endpoint("/events")
    response = requests.get(sse.url + "/events", stream=True, timeout=5)
    closed = []
    response.close = lambda: closed.append(True)  # handle_stream must not call it
    endpoint.connection().event("delete", "4").end()
    log = EventLog()
    log.handle_stream(response)
    assert log.ids() == [("delete", "4")] and closed == []
    wait_for(lambda: endpoint.feeds[0].finished.is_set())
