"""The WebSocket transport against a real WebSocket server: fallback, multiplexing, errors, closing."""

import base64
import hashlib
import json
import socket
import sys
import threading
import time

import pytest
from stream_servers import EventLog, notification, silent_websocket_server, status, wait_for

from mastodon import Mastodon
from mastodon.errors import (
    MastodonError,
    MastodonMalformedEventError,
    MastodonNetworkError,
    MastodonRatelimitError,
    MastodonReadTimeout,
    MastodonServiceUnavailableError,
    MastodonUnauthorizedError,
)
from mastodon.streaming import (
    TRANSPORT_CACHE_KEY,
    StreamHandle,
    WebSocketStreamHandle,
    WebSocketSubscription,
    WebSocketUnavailableError,
)
from mastodon.streaming.discovery import CACHE_KEY

TOKEN = "test-access-token"


def test_stream_methods_fall_back_to_websocket(ws, ws_api):
    log = EventLog()
    handle = ws_api.stream_user(log, run_async=True)
    try:
        # The handle connects on its thread, finds no event stream there and goes on over WebSocket.
        assert isinstance(handle, StreamHandle)
        client = ws.wait_subscribed(("user",))
        wait_for(lambda: handle.transport == "websocket", what="the switch to WebSocket")
        assert ws.refused_http == ["/api/v1/streaming/user"]  # the SSE attempt, answered 404
        wait_for(handle.is_receiving)
        assert client.path == "/api/v1/streaming" and client.query == {"stream": "user"}
        assert client.headers["Authorization"] == f"Bearer {TOKEN}"
        assert client.messages == []  # the stream was named in the URL, nothing to send
        ws.push(["user"], "update", status(1))
        ws.push(["user"], "notification", notification(2, 2, status_id=1))
        ws.push(["user"], "delete", "1")
        ws.push(["user"], "filters_changed")
        log.wait(4)
        assert log.ids() == [("update", "1"), ("notification", "2"), ("delete", "1"), ("filters_changed", None)]
        assert log.events[0][1].created_at.tzinfo is not None
        assert log.streams == [["user"]] * 4
        assert ws_api._cache[TRANSPORT_CACHE_KEY] == "websocket"
        assert ws_api._cache[CACHE_KEY] == ws.url.replace("ws://", "http://")
        assert log.aborts == []  # the switch is no error
    finally:
        handle.close()
    assert not handle.is_alive() and not handle.is_receiving()
    wait_for(lambda: ws.clients[0].closed.is_set(), what="the connection closed")
    # The next stream goes straight to WebSocket.
    handle = ws_api.stream_hashtag("Python", EventLog(), run_async=True)
    try:
        assert isinstance(handle, WebSocketStreamHandle) and handle.transport == "websocket"
        assert ws.wait_subscribed(("hashtag", "python"), n=2).query == {"stream": "hashtag", "tag": "Python"}
    finally:
        handle.close()
    assert ws.refused_http == ["/api/v1/streaming/user"]


def test_blocking_stream_falls_back_to_websocket(ws, ws_api):
    log = EventLog(on_event=lambda name, data: ws.drop())

    def serve():
        ws.wait_subscribed(("direct",))
        ws.push(["direct"], "conversation", {"id": "1", "accounts": [], "unread": True, "last_status": None})

    threading.Thread(target=serve, daemon=True).start()
    with pytest.raises(MastodonNetworkError):
        ws_api.stream_direct(log, timeout=5)
    assert log.ids() == [("conversation", "1")] and len(log.aborts) == 1
    assert ws.refused_http == ["/api/v1/streaming/direct"]


def test_blocking_websocket_stream_raises_when_dropped(ws, ws_api):
    log = EventLog()

    def serve():
        ws.wait_subscribed(("public:local",))
        ws.push(["public:local"], "update", status(5))
        wait_for(lambda: log.events)
        ws.drop()

    threading.Thread(target=serve, daemon=True).start()
    with pytest.raises(MastodonNetworkError):
        ws_api.stream_local(log, timeout=5)
    assert log.ids() == [("update", "5")]
    assert len(log.aborts) == 1


def test_one_connection_many_subscriptions(ws, ws_api):
    default, user_log, tag_log, list_log = EventLog(), EventLog(), EventLog(), EventLog()
    handle = ws_api.stream_open_websocket(default)
    try:
        assert ws.refused_http == []  # straight to WebSocket
        user = handle.subscribe("user", user_log)
        tag = ws_api.stream_hashtag("Python", tag_log, websocket_handle=handle)
        lst = ws_api.stream_list("42", list_log, websocket_handle=handle)
        assert isinstance(tag, WebSocketSubscription) and tag.stream == "hashtag" and tag.params == {"tag": "Python"}
        assert handle.subscriptions() == [user, tag, lst]
        assert handle.subscribe("hashtag", tag_log, tag="python") is tag  # already there
        client = ws.wait_subscribed(("list", "42"))
        assert len(ws.clients) == 1 and client.query == {}
        assert client.messages == [{"type": "subscribe", "stream": "user"},
                                   {"type": "subscribe", "stream": "hashtag", "tag": "Python"},
                                   {"type": "subscribe", "stream": "list", "list": "42"}]
        ws.push(["user"], "update", status(1))
        ws.push(["hashtag", "python"], "update", status(2))  # the server may spell the tag its own way
        ws.push(["list", "42"], "update", status(3))
        ws.push(["hashtag", "Python"], "status.update", status(2))
        for log, n in ((user_log, 1), (tag_log, 2), (list_log, 1)):
            log.wait(n)
        assert user_log.ids() == [("update", "1")]
        assert tag_log.ids() == [("update", "2"), ("status.update", "2")]
        assert tag_log.streams == [["hashtag", "python"], ["hashtag", "Python"]]
        assert list_log.ids() == [("update", "3")]
        assert tag.is_alive() and tag.is_receiving()

        tag.close()
        wait_for(lambda: {"type": "unsubscribe", "stream": "hashtag", "tag": "Python"} in client.messages)
        assert not tag.is_alive() and handle.subscriptions() == [user, lst]
        # an event for a stream nobody subscribes to goes to the handle's own listener
        ws.send_raw(json.dumps({"stream": ["hashtag", "python"], "event": "delete", "payload": "2"}))
        default.wait(1)
        assert default.ids() == [("delete", "2")] and tag_log.ids() == [("update", "2"), ("status.update", "2")]
        assert handle.unsubscribe("list", list="42") is handle  # the handle, as in 2.x (chainable)
        wait_for(lambda: ("list", "42") not in client.subscriptions)
        sent = len(client.messages)
        # not subscribed any more: nothing is sent, and the handle comes back all the same
        assert handle.unsubscribe("list", list="42") is handle and len(client.messages) == sent
    finally:
        handle.close()
    assert not handle.is_alive() and not user.is_alive() and not user.is_receiving()


def test_subscribe_needs_a_listener_somewhere(ws, ws_api):
    handle = ws_api.stream_open_websocket()
    try:
        with pytest.raises(MastodonError):
            handle.subscribe("user")
        with pytest.raises(MastodonError):
            handle.subscribe("hashtag", EventLog())  # no tag
    finally:
        handle.close()


def test_server_error_messages_reach_on_websocket_error(ws, ws_api):
    default = EventLog()
    handle = ws_api.stream_open_websocket(default)
    try:
        handle.subscribe("public", EventLog())
        ws.wait_subscribed(("public",))
        ws.send_raw('{"error":"Unknown stream type","status":400}')
        wait_for(lambda: default.errors)
        assert default.errors == [{"error": "Unknown stream type", "status": 400}]
        assert handle.is_receiving()
    finally:
        handle.close()


def test_payload_sent_as_an_object(ws, ws_api):
    log = EventLog()
    handle = ws_api.stream_direct(log, run_async=True)
    try:
        ws.wait_subscribed(("direct",))
        ws.push(["direct"], "conversation", {"id": "8", "accounts": [], "last_status": status(4)}, raw=True)
        log.wait(1)
        assert log.events[0][1].last_status.created_at.tzinfo is not None
    finally:
        handle.close()


def test_malformed_messages(ws, ws_api):
    log = EventLog()
    handle = ws_api.stream_user(log, run_async=True)
    ws.wait_subscribed(("user",))
    ws.push(["user"], "update", "{not json")
    wait_for(lambda: log.aborts)
    handle.join(2)
    assert isinstance(log.aborts[0], MastodonMalformedEventError) and not handle.is_alive()

    def serve():
        ws.wait_subscribed(("user",), n=2)
        ws.send_raw("this is not JSON")

    threading.Thread(target=serve, daemon=True).start()
    with pytest.raises(MastodonMalformedEventError):
        ws_api.stream_user(EventLog(), timeout=5)


def test_close_ends_a_quiet_connection_within_a_second(ws, ws_api):
    handle = ws_api.stream_open_websocket(EventLog())
    sub = handle.subscribe("public")
    ws.wait_subscribed(("public",))
    wait_for(handle.is_receiving)
    start = time.monotonic()
    threading.Thread(target=handle.close).start()
    handle.join(1)
    assert time.monotonic() - start < 1.0
    assert not handle.is_alive() and not sub.is_alive()
    handle.close()
    wait_for(lambda: ws.clients[0].closed.is_set())


def test_refused_handshakes_raise_when_blocking(ws):
    bad = Mastodon(access_token="wrong", api_base_url=ws.http.url)
    log = EventLog()
    with pytest.raises(MastodonUnauthorizedError, match="access token is invalid"):
        bad.stream_user(log)
    assert len(log.aborts) == 1


def test_refused_handshakes_go_to_on_abort_in_the_background(ws):
    bad = Mastodon(access_token="wrong", api_base_url=ws.http.url)
    log = EventLog()
    handle = bad.stream_user(log, run_async=True, reconnect_async=True, reconnect_async_wait_sec=0.01)
    handle.join(2)
    assert not handle.is_alive() and isinstance(handle.error, MastodonUnauthorizedError)
    assert log.aborts == [handle.error]  # not retried: a wrong token stays wrong
    api = Mastodon(access_token=TOKEN, api_base_url=ws.http.url)
    for status_code, error_class in ((503, MastodonServiceUnavailableError), (429, MastodonRatelimitError)):
        ws.reject_next, ws.reject_status = 1, status_code
        log = EventLog()
        handle = api.stream_open_websocket(log)
        handle.join(2)
        assert [type(e) for e in log.aborts] == [error_class] and not handle.is_alive()


def test_open_websocket_retries_a_refused_start_with_reconnect(ws, ws_api):
    ws.reject_next = 2
    log = EventLog()
    handle = ws_api.stream_open_websocket(log, reconnect_async=True, reconnect_async_wait_sec=0.02)
    try:
        sub = handle.subscribe("public")
        ws.wait_subscribed(("public",))
        wait_for(sub.is_receiving)
        assert [type(e) for e in log.aborts] == [MastodonServiceUnavailableError] * 2
        assert handle.reconnections == 2
    finally:
        handle.close()


def test_without_the_websockets_package(ws, ws_api, monkeypatch):
    for name in [n for n in sys.modules if n == "websockets" or n.startswith("websockets.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "websockets", None)
    with pytest.raises(WebSocketUnavailableError, match=r"pip install 'mastodon-client\[websocket\]'"):
        ws_api.stream_open_websocket()
    with pytest.raises(WebSocketUnavailableError, match="no server-sent-event streams") as info:
        ws_api.stream_user(EventLog())
    assert isinstance(info.value, ImportError) and isinstance(info.value, MastodonError)
    assert TRANSPORT_CACHE_KEY not in ws_api._cache
    # In the background the same error reaches on_abort, and the handle stops.
    log = EventLog()
    handle = ws_api.stream_user(log, run_async=True, reconnect_async=True, reconnect_async_wait_sec=0.01)
    handle.join(2)
    assert not handle.is_alive() and [type(e) for e in log.aborts] == [WebSocketUnavailableError]
    assert handle.error is log.aborts[0] and "no server-sent-event streams" in str(handle.error)
    assert TRANSPORT_CACHE_KEY not in ws_api._cache


def test_a_silent_websocket_counts_as_dead():
    listener, held = silent_websocket_server()
    try:
        api = Mastodon(access_token=TOKEN, api_base_url="http://127.0.0.1:1")
        api._cache[CACHE_KEY] = f"http://127.0.0.1:{listener.getsockname()[1]}"
        log = EventLog()
        handle = api.stream_open_websocket(log, timeout=0.4)
        wait_for(lambda: log.aborts, what="on_abort")
        handle.join(2)
        assert isinstance(log.aborts[0], MastodonReadTimeout) and not handle.is_alive()
    finally:
        listener.close()
        for conn in held:
            conn.close()
