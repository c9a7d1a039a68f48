"""close() of streams from other threads (issue 12, point 8): in every state of a handle, nothing hangs or leaks.

After ``close()`` returns, the handle's thread ends within a second and no listener method
starts any more; closing is safe from any number of threads at once, and from the listener.
"""

import os
import sys
import threading
import time
from typing import Any, List

import pytest

sys.path.append(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "streaming"))

from loopback import Reply  # noqa: E402
from stream_fixtures import TOKEN, sse, sse_api, ws  # noqa: E402,F401
from stream_servers import EventLog, sse_event, status, wait_for  # noqa: E402

from mastodon import Mastodon  # noqa: E402

PATH = "/api/v1/streaming/public"


@pytest.fixture
def api(sse_api: Mastodon) -> Mastodon:
    return sse_api


class Calls(EventLog):
    """Counts every listener call, so a test can see that none comes after close()."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def on_any_event(self, name: str, data: Any = None, for_stream: Any = None) -> None:
        self.calls += 1
        super().on_any_event(name, data, for_stream)

    def on_abort(self, err: Exception) -> None:
        self.calls += 1
        super().on_abort(err)

    def handle_heartbeat(self) -> None:
        self.calls += 1
        super().handle_heartbeat()


def close_from(threads: int, handle: Any) -> List[float]:
    """Call handle.close() from ``threads`` threads at once; the seconds each took."""
    barrier = threading.Barrier(threads)
    took: List[float] = []
    errors: List[BaseException] = []

    def close() -> None:
        barrier.wait()
        start = time.monotonic()
        try:
            handle.close()
        except BaseException as e:  # noqa: BLE001 - the test looks at it
            errors.append(e)
        took.append(time.monotonic() - start)

    workers = [threading.Thread(target=close) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(5)
    assert errors == [] and len(took) == threads
    return took


def assert_quiet_after_close(handle: Any, log: Calls, *more: Any) -> None:
    """Each closed handle's thread ends within 1.5 s, and none of the listeners is called in the
    0.2 s after that. ``more``: further (handle, log) pairs, watched over the same 0.2 s."""
    pairs = [(handle, log), *more]
    for h, _ in pairs:
        h.join(1.5)
        assert not h.is_alive() and not h.is_receiving() and h.closed
    calls = [lg.calls for _, lg in pairs]
    time.sleep(0.2)
    assert [lg.calls for _, lg in pairs] == calls


def test_many_threads_close_a_busy_stream(sse, api):
    endpoint = sse.endpoint(PATH)
    log = Calls()
    handle = api.stream_public(log, run_async=True)
    feed = endpoint.connection()
    stop = threading.Event()

    def flood() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            feed.send(sse_event("delete", str(n)) + b":thump\n")
            time.sleep(0.001)

    flooder = threading.Thread(target=flood, daemon=True)
    flooder.start()
    try:
        log.wait(20)
        took = close_from(8, handle)
        assert max(took) < 1.5
        assert_quiet_after_close(handle, log)
        assert handle.error is None and log.aborts == []
    finally:
        stop.set()
        flooder.join(2)


def test_close_a_silent_stream_from_another_thread(sse, api):
    endpoint = sse.endpoint(PATH)
    log = Calls()
    handle = api.stream_public(log, run_async=True, timeout=300)
    endpoint.connection()
    wait_for(handle.is_receiving)
    took = close_from(1, handle)
    assert took[0] < 1.0
    assert_quiet_after_close(handle, log)


def test_close_right_after_run_async_returns(sse, api):
    endpoint = sse.endpoint(PATH)
    log = Calls()
    handles = [api.stream_public(log, run_async=True) for _ in range(8)]
    for handle in handles:
        threading.Thread(target=handle.close).start()
    for handle in handles:
        handle.join(2)
        assert not handle.is_alive() and not handle.is_receiving()
    time.sleep(0.1)
    for feed in endpoint.feeds:
        feed.event("delete", "1")
    time.sleep(0.1)
    assert log.calls == 0


def test_close_while_the_server_has_not_answered_yet(sse, api):
    """close() during the connection attempt returns at once: the wait for the answer is cut
    (the server answers only after 1.5 s, later than close() waits for the thread), and the
    late answer is never read."""
    endpoint = sse.endpoint(PATH)
    endpoint.refuse = [Reply(iter([sse_event("delete", "1")]), delay=1.5, chunked=True)]
    log = Calls()
    handle = api.stream_public(log, run_async=True, reconnect_async=True, reconnect_async_wait_sec=0.01)
    wait_for(lambda: endpoint.times, what="the request")
    took = close_from(4, handle)
    assert max(took) < 0.5  # waiting for the answer took 1 s (close()'s cap on waiting for the thread)
    handle.join(0.5)
    assert not handle.is_alive()
    time.sleep(0.1)
    assert log.calls == 0 and len(endpoint.times) == 1


def test_close_during_the_catch_up(sse, api):
    endpoint = sse.endpoint(PATH)
    timeline = sse.timeline("/api/v1/timelines/public", [status(1)])
    log = Calls()
    handle = api.stream_public(log, run_async=True, reconnect_async=True, reconnect_async_wait_sec=0.01)
    endpoint.connection(1)
    wait_for(lambda: timeline.requests, what="the baseline")
    timeline.add(*[status(n) for n in range(2, 100)])
    slow = threading.Event()
    original = timeline.__call__

    def slow_pages(request: Any) -> Any:
        slow.set()
        time.sleep(0.3)  # four pages (40, 40, 19, none): the catch-up lasts 1.2 s, close() comes at its start
        return original(request)

    sse.http.route("GET", "/api/v1/timelines/public", slow_pages)
    endpoint.feeds[0].drop()
    slow.wait(3)
    calls_before = log.calls  # the abort of the first connection
    took = close_from(2, handle)
    # The page being fetched is waited for (0.3 s), no further one: fetching them all took
    # close()'s whole 1 s cap on waiting for the thread.
    assert max(took) < 0.65
    assert_quiet_after_close(handle, log)
    assert log.calls == calls_before and log.events == []
    assert len(timeline.requests) <= 2  # the baseline, the page under way when close() came


def test_close_from_on_abort_stops_reconnecting(sse, api):
    endpoint = sse.endpoint(PATH)
    holder = {}

    class CloseOnAbort(Calls):
        def on_abort(self, err: Exception) -> None:
            super().on_abort(err)
            holder["handle"].close()

    log = CloseOnAbort()
    handle = holder["handle"] = api.stream_public(log, run_async=True, reconnect_async=True,
                                                  reconnect_async_wait_sec=0.01)
    endpoint.connection(1).drop()
    handle.join(2)
    assert not handle.is_alive() and len(log.aborts) == 1
    time.sleep(0.1)
    assert len(endpoint.feeds) == 1  # no new connection after close


def test_many_streams_of_one_client_closed_from_many_threads(sse, api):
    endpoint = sse.endpoint(PATH)
    logs = [Calls() for _ in range(8)]
    handles = [api.stream_public(log, run_async=True) for log in logs]
    wait_for(lambda: len(endpoint.feeds) == 8 and all(h.is_receiving() for h in handles))
    for feed in endpoint.feeds:
        feed.event("delete", "1")
    for log in logs:
        log.wait(1)
    barrier = threading.Barrier(8)

    def close(handle: Any) -> None:
        barrier.wait()
        handle.close()

    closers = [threading.Thread(target=close, args=(h,)) for h in handles]
    start = time.monotonic()
    for c in closers:
        c.start()
    for c in closers:
        c.join(5)
    assert time.monotonic() - start < 2
    assert_quiet_after_close(handles[0], logs[0], *zip(handles[1:], logs[1:]))  # all eight watched at once
    for log in logs:
        assert log.ids() == [("delete", "1")]


def test_websocket_closed_from_other_threads_while_subscriptions_change(ws):
    api = Mastodon(access_token=TOKEN, api_base_url=ws.http.url)
    log = Calls()
    handle = api.stream_open_websocket(log)
    subs = [handle.subscribe("hashtag", tag=f"t{n}") for n in range(4)]
    ws.wait_subscribed(("hashtag", "t3"))
    wait_for(handle.is_receiving)
    stop = threading.Event()

    def churn() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            ws.push(["hashtag", "t0"], "delete", str(n))
            try:
                handle.subscribe("hashtag", tag=f"x{n % 5}").close()
            except Exception:  # noqa: BLE001 - subscribing on a closed handle may be refused; not the point
                pass

    churner = threading.Thread(target=churn, daemon=True)
    churner.start()
    try:
        log.wait(5)
        closers = [threading.Thread(target=sub.close) for sub in subs[1:]]
        for c in closers:
            c.start()
        took = close_from(4, handle)
        for c in closers:
            c.join(2)
        assert max(took) < 1.5
        assert_quiet_after_close(handle, log)
        assert not any(sub.is_alive() for sub in subs)
        wait_for(lambda: all(c.closed.is_set() for c in ws.clients), what="the server to see the close")
    finally:
        stop.set()
        churner.join(2)


def test_websocket_close_during_the_reconnect_wait(ws):
    api = Mastodon(access_token=TOKEN, api_base_url=ws.http.url)
    log = Calls()
    handle = api.stream_open_websocket(log, reconnect_async=True, reconnect_async_wait_sec=60)
    handle.subscribe("public")
    ws.wait_subscribed(("public",))
    ws.drop()
    wait_for(lambda: log.aborts and not handle.is_receiving(), what="waiting to reconnect")
    took = close_from(3, handle)
    assert max(took) < 1.0
    assert_quiet_after_close(handle, log)
    assert len(ws.clients) == 1
