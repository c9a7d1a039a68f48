"""Reconnecting without losing events: backoff, catching up through the REST API, each event once and in order."""

import logging
import time

import pytest
from loopback import Reply
from stream_servers import EventLog, conversation, notification, status, wait_for

from mastodon.errors import MastodonNetworkError, MastodonServiceUnavailableError
from mastodon.streaming.backfill import CatchUp, Source


def _ids(*numbers):
    return [("update", str(n)) for n in numbers]


def test_user_stream_catches_up_event_by_event(sse, sse_api):
    endpoint = sse.endpoint("/api/v1/streaming/user")
    home = sse.timeline("/api/v1/timelines/home", [status(100)])
    notifications = sse.timeline("/api/v1/notifications", [notification(10, 50)])
    log = EventLog()
    handle = sse_api.stream_user(log, run_async=True, reconnect_async=True, reconnect_async_wait_sec=0.05)
    try:
        first = endpoint.connection(1)
        # Live on the first connection (the REST side holds the same things, as on a real server).
        home.add(status(101), status(102))
        notifications.add(notification(11, 101.5))
        first.event("update", status(101)).event("notification", notification(11, 101.5))
        first.event("update", status(102)).send(b":thump\n")
        log.wait(3)
        # The server goes on while the connection breaks in the middle of the event for 103.
        home.add(*[status(n) for n in range(103, 151)])  # 48 statuses: two pages of 40 and 8
        notifications.add(notification(12, 110.5), notification(13, 140.5))
        first.send(b"event: update\ndata: {\"id\":\"103\",\"crea")
        first.drop()

        second = endpoint.connection(2)
        # Live on the new connection: one event the catch-up already delivered, then new ones.
        home.add(status(151))
        second.event("update", status(150)).event("update", status(151)).event("delete", "101")
        log.wait(3 + 48 + 2 + 2)
        time.sleep(0.1)  # nothing more may come

        expected = (_ids(101) + [("notification", "11")] + _ids(102)  # live, first connection
                    + _ids(*range(103, 111)) + [("notification", "12")]  # caught up, merged by time
                    + _ids(*range(111, 141)) + [("notification", "13")] + _ids(*range(141, 151))
                    + _ids(151) + [("delete", "101")])  # live again; the repeated 150 is dropped
        assert log.ids() == expected
        assert log.streams == [["user"]] * len(expected)
        assert all(data.created_at.tzinfo is not None for name, data in log.events if name != "delete")
        assert handle.reconnections == 1 and handle.is_receiving()
        assert len(log.aborts) == 1 and isinstance(log.aborts[0], MastodonNetworkError)

        # The REST calls: a baseline at the first connection, then min_id pages until caught up.
        # (151 was posted around the reconnection: whether the catch-up or the stream brings it,
        # it arrives once and in its place.)
        pages = [(q.get("min_id"), q["limit"]) for q in home.requests]
        assert pages[:3] == [(None, ["1"]), (["102"], ["40"]), (["142"], ["40"])]
        assert pages[3:] in ([(["150"], ["40"])], [(["151"], ["40"])], [(["150"], ["40"]), (["151"], ["40"])])
        assert [(q.get("min_id"), q["limit"]) for q in notifications.requests] == [
            (None, ["1"]), (["11"], ["40"]), (["13"], ["40"])]
    finally:
        handle.close()


def test_backoff_while_the_server_stays_down(sse, sse_api):
    endpoint = sse.endpoint("/api/v1/streaming/public/local")
    sse.timeline("/api/v1/timelines/public", [status(1)])
    log = EventLog()
    wait = 0.05
    handle = sse_api.stream_local(log, run_async=True, reconnect_async=True, reconnect_async_wait_sec=wait)
    try:
        endpoint.connection(1)
        wait_for(handle.is_receiving)
        endpoint.refuse = [Reply({"error": "down"}, 503) for _ in range(3)]
        endpoint.feeds[0].drop()
        feed = endpoint.connection(2, timeout=5)
        feed.event("update", status(2))
        log.wait(1)
        times = endpoint.times
        assert len(times) == 5  # the first connection, three refusals, the one that worked
        gaps = [b - a for a, b in zip(times[1:], times[2:])]
        # Each wait is at least twice the one before (no upper bounds: machines are slow at times).
        assert gaps[0] >= 2 * wait * 0.9 and gaps[1] >= 4 * wait * 0.9 and gaps[2] >= 8 * wait * 0.9
        kinds = [type(e) for e in log.aborts]
        assert kinds[0] is MastodonNetworkError and kinds[1:] == [MastodonServiceUnavailableError] * 3
        assert log.ids() == _ids(2)
    finally:
        handle.close()


STREAMS = [
    ("public local", lambda api, l, **kw: api.stream_public(l, local=True, **kw), "/api/v1/streaming/public/local",
     "/api/v1/timelines/public", {"local": ["true"]}, "update"),
    ("public remote media", lambda api, l, **kw: api.stream_public(l, remote=True, only_media=True, **kw),
     "/api/v1/streaming/public/remote", "/api/v1/timelines/public", {"remote": ["true"], "only_media": ["true"]},
     "update"),
    ("federated", lambda api, l, **kw: api.stream_public(l, **kw), "/api/v1/streaming/public",
     "/api/v1/timelines/public", {}, "update"),
    ("hashtag", lambda api, l, **kw: api.stream_hashtag("python", l, local=True, **kw),
     "/api/v1/streaming/hashtag/local", "/api/v1/timelines/tag/python", {"local": ["true"]}, "update"),
    ("list", lambda api, l, **kw: api.stream_list("42", l, **kw), "/api/v1/streaming/list",
     "/api/v1/timelines/list/42", {}, "update"),
    ("notifications", lambda api, l, **kw: api.stream_user_notifications(l, **kw),
     "/api/v1/streaming/user/notification", "/api/v1/notifications", {}, "notification"),
    ("direct", lambda api, l, **kw: api.stream_direct(l, **kw), "/api/v1/streaming/direct",
     "/api/v1/conversations", {}, "conversation"),
]


def _item(kind, n):
    if kind == "notification":
        return notification(n, n)
    if kind == "conversation":
        return conversation(1000 + n, n)  # paged by the id of the last status
    return status(n)


@pytest.mark.parametrize("name,open_stream,stream_path,rest_path,flags,kind", STREAMS, ids=[s[0] for s in STREAMS])
def test_each_stream_catches_up_from_its_timeline(sse, sse_api, name, open_stream, stream_path, rest_path, flags,
                                                  kind):
    endpoint = sse.endpoint(stream_path)
    key = (lambda item: item["last_status"]["id"]) if kind == "conversation" else None
    timeline = sse.timeline(rest_path, [_item(kind, 5)], key=key)
    log = EventLog()
    handle = open_stream(sse_api, log, run_async=True, reconnect_async=True, reconnect_async_wait_sec=0.02)
    try:
        endpoint.connection(1)
        wait_for(lambda: timeline.requests, what="the baseline request")
        timeline.add(_item(kind, 6), _item(kind, 7))  # while no event was delivered at all
        endpoint.feeds[0].drop()
        endpoint.connection(2).event(kind, _item(kind, 8))
        log.wait(3)
        keys = [data["last_status"]["id"] if kind == "conversation" else data["id"] for _, data in log.events]
        assert [n for n, _ in log.events] == [kind] * 3 and keys == ["6", "7", "8"]
        baseline, catch_up = timeline.requests[0], timeline.requests[1]
        assert baseline == {"limit": ["1"], **flags}
        assert catch_up == {"min_id": ["5"], "limit": ["40"], **flags}
    finally:
        handle.close()


def test_an_empty_timeline_at_the_start_is_caught_up_from_its_beginning(sse, sse_api):
    endpoint = sse.endpoint("/api/v1/streaming/list")
    timeline = sse.timeline("/api/v1/timelines/list/7", [])
    log = EventLog()
    handle = sse_api.stream_list("7", log, run_async=True, reconnect_async=True, reconnect_async_wait_sec=0.02)
    try:
        endpoint.connection(1)
        wait_for(lambda: timeline.requests)
        timeline.add(status(3), status(4))
        endpoint.feeds[0].drop()
        endpoint.connection(2)
        log.wait(2)
        assert log.ids() == _ids(3, 4)
        assert timeline.requests[1]["min_id"] == ["0"]
    finally:
        handle.close()


def test_a_source_without_permission_is_left_out(sse, sse_api, caplog):
    endpoint = sse.endpoint("/api/v1/streaming/user")
    home = sse.timeline("/api/v1/timelines/home", [status(1)])
    notifications = sse.timeline("/api/v1/notifications", [])
    notifications.status = 403  # the token lacks read:notifications
    log = EventLog()
    with caplog.at_level(logging.WARNING, logger="mastodon.streaming"):
        handle = sse_api.stream_user(log, run_async=True, reconnect_async=True, reconnect_async_wait_sec=0.02)
        try:
            endpoint.connection(1)
            wait_for(lambda: notifications.requests)
            home.add(status(2))
            endpoint.feeds[0].drop()
            endpoint.connection(2).event("notification", notification(5, 5))
            log.wait(2)
            assert log.ids() == [("update", "2"), ("notification", "5")]
            assert len(notifications.requests) == 1  # not asked again
        finally:
            handle.close()
    assert "notification" in caplog.text and "cannot be caught up on" in caplog.text


def test_a_failing_catch_up_retries_the_connection(sse, sse_api):
    endpoint = sse.endpoint("/api/v1/streaming/public")
    timeline = sse.timeline("/api/v1/timelines/public", [status(1)])
    log = EventLog()
    handle = sse_api.stream_public(log, run_async=True, reconnect_async=True, reconnect_async_wait_sec=0.02)
    try:
        endpoint.connection(1).event("update", status(2))
        timeline.add(status(2))
        log.wait(1)
        timeline.add(status(3), status(4))
        timeline.status = 502  # the catch-up fails: the new connection is given up and tried again
        endpoint.feeds[0].drop()
        endpoint.connection(2)
        wait_for(lambda: len(timeline.requests) >= 2)
        timeline.status = None
        endpoint.connection(3).event("update", status(4)).event("update", status(5))
        log.wait(4)
        time.sleep(0.05)
        assert log.ids() == _ids(2, 3, 4, 5)
        assert [type(e).__name__ for e in log.aborts] == ["MastodonNetworkError", "MastodonBadGatewayError"]
    finally:
        handle.close()


def test_without_reconnect_a_background_stream_ends(sse, sse_api):
    endpoint = sse.endpoint("/api/v1/streaming/user")
    log = EventLog()
    handle = sse_api.stream_user(log, run_async=True, reconnect_async_wait_sec=0.01)
    endpoint.connection(1).drop()
    handle.join(2)
    assert not handle.is_alive() and len(endpoint.feeds) == 1
    assert isinstance(log.aborts[0], MastodonNetworkError) and handle.error is log.aborts[0]


def test_websocket_reconnects_resubscribes_and_catches_up(ws, ws_api):
    home = ws.http_timeline("/api/v1/timelines/home", [status(1)])
    ws.http_timeline("/api/v1/notifications", [])
    tag = ws.http_timeline("/api/v1/timelines/tag/python", [status(2)])
    user_log, tag_log = EventLog(), EventLog()
    handle = ws_api.stream_open_websocket(reconnect_async=True, reconnect_async_wait_sec=0.02)
    try:
        handle.subscribe("user", user_log)
        ws_api.stream_hashtag("python", tag_log, websocket_handle=handle)
        ws.wait_subscribed(("hashtag", "python"))
        wait_for(lambda: tag.requests and home.requests, what="baselines")
        ws.push(["user"], "update", status(3))
        home.add(status(3))
        user_log.wait(1)

        home.add(status(4), status(5))
        tag.add(status(6))
        ws.drop()
        client = ws.wait_subscribed(("hashtag", "python"), n=2)
        assert client.subscriptions == [("user",), ("hashtag", "python")]
        ws.push(["hashtag", "python"], "update", status(6))  # already caught up: dropped
        ws.push(["hashtag", "python"], "update", status(7))
        user_log.wait(3)
        tag_log.wait(2)
        time.sleep(0.05)
        assert user_log.ids() == _ids(3, 4, 5)
        assert tag_log.ids() == _ids(6, 7)
        assert home.requests[-1]["min_id"] == ["5"] and tag.requests[1]["min_id"] == ["2"]
    finally:
        handle.close()


def test_websocket_fallback_stream_reconnects_with_its_stream_in_the_url(ws, ws_api):
    ws.http_timeline("/api/v1/timelines/public", [status(1)])
    log = EventLog()
    handle = ws_api.stream_public(log, run_async=True, reconnect_async=True, reconnect_async_wait_sec=0.02)
    try:
        ws.wait_subscribed(("public",))
        wait_for(handle.is_receiving)
        assert handle.reconnections == 0 and handle.error is None
        ws.reject_next = 1
        ws.drop()
        client = ws.wait_subscribed(("public",), n=2)
        assert client.query == {"stream": "public"} and client.messages == []
        ws.push(["public"], "delete", "1")
        log.wait(1)
        assert isinstance(log.aborts[0], MastodonNetworkError)
        assert isinstance(log.aborts[1], MastodonServiceUnavailableError)
        # The handle returned (it switched to WebSocket on its thread) reports what its WebSocket does.
        assert handle.reconnections == 2 and handle.error is log.aborts[1] and "websocket" in repr(handle)
    finally:
        handle.close()
    assert not handle.is_alive() and not handle.is_receiving()
    wait_for(lambda: ws.clients[1].closed.is_set(), what="the connection closed")


# -- the catch-up bookkeeping on its own ---------------------------------------------------------------


class Pages:
    """A fake client method returning pages for min_id like a server (ids are ints here)."""

    def __init__(self, ids, ignore_min_id=False):
        self.ids = ids
        self.calls = []
        self.ignore_min_id = ignore_min_id

    def __call__(self, api, min_id, limit):
        self.calls.append(min_id)
        newer = [i for i in sorted(self.ids) if min_id is None or self.ignore_min_id or i > int(min_id)]
        page = newer[-limit:] if min_id is None else newer[:limit]
        return [{"id": str(i), "created_at": None} for i in reversed(page)]


def test_catch_up_pages_until_an_empty_page():
    pages = Pages(range(1, 101))
    catch_up = CatchUp(None, [Source("update", pages)], page_size=30)
    catch_up.run(lambda *a: None)
    assert catch_up.anchors == {"update": "100"}
    pages.ids = range(1, 171)
    got = []
    assert catch_up.run(lambda name, item: got.append(item["id"])) == 70
    assert got == [str(i) for i in range(101, 171)]
    assert pages.calls == [None, "100", "130", "160", "170"]


def test_catch_up_stops_when_the_server_ignores_min_id():
    pages = Pages(range(1, 6), ignore_min_id=True)
    catch_up = CatchUp(None, [Source("update", pages)])
    catch_up.run(lambda *a: None)
    got = []
    catch_up.run(lambda name, item: got.append(item["id"]))
    assert got == [] and pages.calls == [None, "5"]


def test_catch_up_has_a_page_limit(caplog):
    pages = Pages(range(1, 11))
    catch_up = CatchUp(None, [Source("update", pages)], page_size=2, max_pages=2)
    catch_up.run(lambda *a: None)
    pages.ids = range(1, 21)
    got = []
    with caplog.at_level(logging.WARNING, logger="mastodon.streaming"):
        catch_up.run(lambda name, item: got.append(item["id"]))
    assert got == ["11", "12", "13", "14"] and "after 2 pages" in caplog.text


def test_gate_drops_only_what_the_last_catch_up_delivered():
    pages = Pages([1])
    catch_up = CatchUp(None, [Source("update", pages)])
    catch_up.run(lambda *a: None)
    pages.ids = [1, 2, 3]
    catch_up.run(lambda name, item: catch_up.gate(name, item))
    assert catch_up.gate("update", {"id": "3"}) is False  # came again on the new connection
    assert catch_up.gate("update", {"id": "4"}) is True
    assert catch_up.gate("delete", "3") is True  # untracked kinds always pass
    assert catch_up.gate("update", {"no": "id"}) is True
    assert catch_up.anchors == {"update": "4"}


_QUIET_PROGRAM = """
import sys
sys.path[:0] = ["tests", "tests/streaming"]
from loopback import LoopbackServer
from stream_servers import SSEServer, status, wait_for
from mastodon import Mastodon, StreamListener

class Updates(StreamListener):  # the default on_abort
    def __init__(self):
        self.ids = []
    def on_update(self, status):
        self.ids.append(status.id)

with LoopbackServer() as http:
    sse = SSEServer(http)
    endpoint = sse.endpoint("/api/v1/streaming/public")
    sse.timeline("/api/v1/timelines/public", [status(1)])
    api = Mastodon(access_token="t", api_base_url=sse.url)
    listener = Updates()
    handle = api.stream_public(listener, run_async=True, reconnect_async=True, reconnect_async_wait_sec=0.01)
    endpoint.connection(1).drop()
    endpoint.connection(2).send(b"event: update\\ndata: {broken\\n\\n")
    endpoint.connection(3).end()
    endpoint.connection(4).event("update", status(2))
    wait_for(lambda: listener.ids)
    handle.close()
    print(listener.ids, handle.reconnections)

from stream_servers import WSServer
with LoopbackServer() as http:  # the same over WebSocket: a drop, a close frame, a malformed message
    ws = WSServer(http, token="t").start()
    ws.http_timeline("/api/v1/timelines/public", [status(1)])
    api = Mastodon(access_token="t", api_base_url=http.url)
    listener = Updates()
    handle = api.stream_public(listener, run_async=True, reconnect_async=True, reconnect_async_wait_sec=0.01)
    ws.wait_subscribed(("public",))
    ws.drop()
    ws.wait_subscribed(("public",), n=2)
    ws.clients[1].conn.close(1001, "restarting")
    ws.wait_subscribed(("public",), n=3)
    ws.send_raw("garbage")
    ws.wait_subscribed(("public",), n=4)
    wait_for(lambda: handle.is_receiving() and ws.push(["public"], "update", status(2)))
    wait_for(lambda: listener.ids)
    handle.close()
    print(listener.ids, handle.reconnections)
    ws.stop()
"""


def test_reconnections_are_silent_for_a_program_without_logging_setup():
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-c", _QUIET_PROGRAM], capture_output=True, text=True, timeout=60,
                          cwd=__file__.rsplit("/tests/", 1)[0])
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["['2']", "3", "['2']", "3"]
    assert done.stderr == ""  # no "WARNING" (or anything) printed by the library's logging


def test_reconnections_log_at_info_and_a_final_stop_at_warning(sse, sse_api, caplog):
    endpoint = sse.endpoint("/api/v1/streaming/public")
    sse.timeline("/api/v1/timelines/public", [status(1)])
    with caplog.at_level(logging.DEBUG, logger="mastodon.streaming"):
        handle = sse_api.stream_public(EventLog(), run_async=True, reconnect_async=True,
                                       reconnect_async_wait_sec=0.01)
        endpoint.connection(1).drop()
        endpoint.refuse = [Reply({"error": "The access token was revoked"}, 401)]  # the end of it
        handle.join(3)
    assert not handle.is_alive()
    levels = [(r.levelname, r.getMessage().split(" (")[0].split(":")[0]) for r in caplog.records
              if r.levelno >= logging.INFO]
    assert levels == [("INFO", "stream public broke"), ("WARNING", "stream public stopped")]
