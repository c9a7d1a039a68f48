"""The stream_* methods over server-sent events, against a real loopback server."""

import logging
import threading
import time

import pytest
from conftest import run_python
from loopback import LoopbackServer, Reply, free_port_refusing
from stream_servers import EventLog, SSEServer, notification, sse_event, status, wait_for

from mastodon import Mastodon
from mastodon.errors import (
    MastodonIllegalArgumentError,
    MastodonMalformedEventError,
    MastodonNetworkError,
    MastodonReadTimeout,
    MastodonUnauthorizedError,
    MastodonVersionError,
)
from mastodon.streaming import SSEStreamHandle, StreamHandle, StreamListener
from mastodon.streaming.discovery import CACHE_KEY, http_url

TOKEN = "test-access-token"

STREAMS = [
    (lambda api, l: api.stream_user(l, run_async=True), "/api/v1/streaming/user", {}, ["user"]),
    (lambda api, l: api.stream_user_notifications(l, run_async=True), "/api/v1/streaming/user/notification", {},
     ["user:notification"]),
    (lambda api, l: api.stream_public(l, run_async=True), "/api/v1/streaming/public", {}, ["public"]),
    (lambda api, l: api.stream_public(l, run_async=True, only_media=True), "/api/v1/streaming/public",
     {"only_media": ["true"]}, ["public:media"]),
    (lambda api, l: api.stream_public(l, run_async=True, local=True), "/api/v1/streaming/public/local", {},
     ["public:local"]),
    (lambda api, l: api.stream_public(l, run_async=True, remote=True, only_media=True),
     "/api/v1/streaming/public/remote", {"only_media": ["true"]}, ["public:remote:media"]),
    (lambda api, l: api.stream_local(l, run_async=True), "/api/v1/streaming/public/local", {}, ["public:local"]),
    (lambda api, l: api.stream_local(l, run_async=True, only_media=True), "/api/v1/streaming/public/local",
     {"only_media": ["true"]}, ["public:local:media"]),
    (lambda api, l: api.stream_hashtag("Python", l, run_async=True), "/api/v1/streaming/hashtag",
     {"tag": ["Python"]}, ["hashtag", "Python"]),
    (lambda api, l: api.stream_hashtag("python", l, local=True, run_async=True), "/api/v1/streaming/hashtag/local",
     {"tag": ["python"]}, ["hashtag:local", "python"]),
    (lambda api, l: api.stream_list({"id": "42", "title": "friends"}, l, run_async=True), "/api/v1/streaming/list",
     {"list": ["42"]}, ["list", "42"]),
    (lambda api, l: api.stream_direct(l, run_async=True), "/api/v1/streaming/direct", {}, ["direct"]),
]


@pytest.mark.parametrize("open_stream,path,query,for_stream", STREAMS)
def test_each_stream_opens_its_endpoint(sse, sse_api, open_stream, path, query, for_stream):
    endpoint = sse.endpoint(path)
    log = EventLog()
    handle = open_stream(sse_api, log)
    try:
        assert isinstance(handle, SSEStreamHandle)
        feed = endpoint.connection()
        assert feed.request.query == query
        assert feed.request.headers["Authorization"] == f"Bearer {TOKEN}"
        assert feed.request.headers["Accept"] == "text/event-stream"
        feed.event("update", status(1))
        log.wait(1)
        assert log.ids() == [("update", "1")]
        assert log.streams == [for_stream]
        assert handle.is_alive() and handle.is_receiving() and handle.transport == "sse"
    finally:
        handle.close()
    assert not handle.is_alive() and not handle.is_receiving()


@pytest.mark.parametrize("chunked", [True, False])
def test_blocking_stream_raises_when_dropped_mid_event(sse, sse_api, chunked):
    endpoint = sse.endpoint("/api/v1/streaming/user", chunked=chunked)
    log = EventLog()

    def serve():
        feed = endpoint.connection()
        update = sse_event("update", status(2))
        feed.event("update", status(1)).send(b":thump\n").send(update[:25])  # the second event is cut short
        time.sleep(0.05)
        feed.drop()

    threading.Thread(target=serve, daemon=True).start()
    with pytest.raises(MastodonNetworkError) as info:
        sse_api.stream_user(log, timeout=5)
    assert not isinstance(info.value, MastodonReadTimeout)
    assert log.ids() == [("update", "1")]
    assert log.heartbeats == 1
    assert log.aborts == [info.value]


def test_blocking_stream_raises_when_the_server_ends_the_stream(sse, sse_api):
    endpoint = sse.endpoint("/api/v1/streaming/public")
    threading.Timer(0.05, lambda: endpoint.connection().event("delete", "5").end()).start()
    log = EventLog()
    with pytest.raises(MastodonNetworkError, match="closed the stream"):
        sse_api.stream_public(log, timeout=5)
    assert log.ids() == [("delete", "5")]


def test_blocking_stream_raises_on_a_malformed_event(sse, sse_api):
    endpoint = sse.endpoint("/api/v1/streaming/user")
    threading.Timer(0.05, lambda: endpoint.connection().event("update", status(1)).event("update", "{broken")).start()
    log = EventLog()
    with pytest.raises(MastodonMalformedEventError):
        sse_api.stream_user(log, timeout=5)
    assert log.ids() == [("update", "1")]
    assert len(log.aborts) == 1


def test_background_malformed_event_goes_to_on_abort(sse, sse_api):
    endpoint = sse.endpoint("/api/v1/streaming/user")
    log = EventLog()
    handle = sse_api.stream_user(log, run_async=True)
    endpoint.connection().event("notification", notification(1, 1)).event("notification", "[]")
    wait_for(lambda: log.aborts, what="on_abort")
    handle.join(2)
    assert not handle.is_alive()
    assert isinstance(log.aborts[0], MastodonMalformedEventError)
    assert isinstance(handle.error, MastodonMalformedEventError)
    assert log.ids() == [("notification", "1")]


def test_silent_stream_counts_as_dead(sse, sse_api):
    sse.endpoint("/api/v1/streaming/user")
    log = EventLog()
    with pytest.raises(MastodonReadTimeout):
        sse_api.stream_user(log, timeout=0.3)
    assert isinstance(log.aborts[0], MastodonReadTimeout)


def test_silent_background_stream_reports_the_timeout(sse, sse_api):
    sse.endpoint("/api/v1/streaming/user")
    log = EventLog()
    handle = sse_api.stream_user(log, run_async=True, timeout=0.3)
    wait_for(lambda: log.aborts, what="on_abort")
    handle.join(2)
    assert isinstance(log.aborts[0], MastodonReadTimeout) and not handle.is_alive()


def test_heartbeats_keep_a_stream_alive(sse, sse_api):
    endpoint = sse.endpoint("/api/v1/streaming/user")
    log = EventLog()
    handle = sse_api.stream_user(log, run_async=True, timeout=0.4)
    feed = endpoint.connection()
    try:
        for _ in range(6):
            feed.send(b":thump\n")
            time.sleep(0.15)
        feed.event("delete", "9")
        log.wait(1)
        assert log.aborts == [] and handle.is_receiving()
    finally:
        handle.close()


def test_close_ends_a_silent_stream_within_a_second(sse, sse_api):
    endpoint = sse.endpoint("/api/v1/streaming/user")
    handle = sse_api.stream_user(EventLog(), run_async=True, timeout=300)
    endpoint.connection()
    wait_for(handle.is_receiving)
    closer = threading.Thread(target=handle.close)
    start = time.monotonic()
    closer.start()
    closer.join()
    handle.join(1)
    assert time.monotonic() - start < 1.0
    assert not handle.is_alive() and not handle.is_receiving()
    handle.close()  # idempotent
    assert handle.error is None


def test_close_from_inside_the_listener(sse, sse_api):
    endpoint = sse.endpoint("/api/v1/streaming/user")
    holder = {}
    log = EventLog(on_event=lambda name, data: holder["handle"].close())
    handle = holder["handle"] = sse_api.stream_user(log, run_async=True)
    endpoint.connection().event("update", status(1)).event("update", status(2))
    handle.join(2)
    assert not handle.is_alive()
    assert log.ids() == [("update", "1")]  # nothing after close


def test_close_during_the_reconnect_wait(sse, sse_api):
    endpoint = sse.endpoint("/api/v1/streaming/public")
    sse.timeline("/api/v1/timelines/public", [status(1)])
    handle = sse_api.stream_public(EventLog(), run_async=True, reconnect_async=True, reconnect_async_wait_sec=60)
    endpoint.connection().drop()
    wait_for(lambda: not handle.is_receiving() and handle.reconnections, what="waiting to reconnect")
    start = time.monotonic()
    handle.close()
    assert time.monotonic() - start < 1.0 and not handle.is_alive()
    assert len(endpoint.feeds) == 1


def test_blocking_stream_closed_by_the_listener_returns(sse, sse_api):
    endpoint = sse.endpoint("/api/v1/streaming/user")

    class StopAfterOne(StreamListener):
        def on_update(self, status):
            raise KeyboardInterrupt  # what a user's Ctrl-C would do

    threading.Timer(0.05, lambda: endpoint.connection().event("update", status(1))).start()
    with pytest.raises(KeyboardInterrupt):
        sse_api.stream_user(StopAfterOne(), timeout=5)


def test_listener_exception_propagates_in_blocking_mode(sse, sse_api):
    endpoint = sse.endpoint("/api/v1/streaming/user")

    class Failing(StreamListener):
        def on_delete(self, status_id):
            raise LookupError(status_id)

    threading.Timer(0.05, lambda: endpoint.connection().event("delete", "3")).start()
    with pytest.raises(LookupError, match="3"):
        sse_api.stream_user(Failing(), timeout=5)


def test_listener_exception_stops_a_background_stream(sse, sse_api):
    endpoint = sse.endpoint("/api/v1/streaming/user")
    sse.timeline("/api/v1/timelines/home", [])
    sse.timeline("/api/v1/notifications", [])
    aborts = []

    class Failing(StreamListener):
        def on_delete(self, status_id):
            raise LookupError(status_id)

        def on_abort(self, err):
            aborts.append(err)

    handle = sse_api.stream_user(Failing(), run_async=True, reconnect_async=True, reconnect_async_wait_sec=0.01)
    endpoint.connection().event("delete", "3")
    handle.join(2)
    assert not handle.is_alive()
    assert isinstance(handle.error, LookupError) and aborts == [handle.error]
    assert len(endpoint.feeds) == 1  # a bug in the listener is not a reason to reconnect


def test_errors_at_the_start_of_a_blocking_stream_are_raised(sse, sse_api):
    sse.http.route("GET", "/api/v1/streaming/user", Reply({"error": "The access token is invalid"}, 401))
    log = EventLog()
    with pytest.raises(MastodonUnauthorizedError, match="access token is invalid") as info:
        sse_api.stream_user(log)
    assert log.aborts == [info.value]


def test_errors_at_the_start_of_a_background_stream_go_to_on_abort(sse, sse_api, caplog):
    refused = sse.endpoint("/api/v1/streaming/user")
    refused.refuse = [Reply({"error": "The access token is invalid"}, 401)]
    log = EventLog()
    start = time.monotonic()
    with caplog.at_level(logging.INFO, logger="mastodon.streaming"):
        handle = sse_api.stream_user(log, run_async=True, reconnect_async=True, reconnect_async_wait_sec=0.01)
        assert time.monotonic() - start < 0.5  # returned at once
        handle.join(2)
    assert not handle.is_alive()
    assert len(log.aborts) == 1 and isinstance(log.aborts[0], MastodonUnauthorizedError)
    assert handle.error is log.aborts[0] and handle.reconnections == 0  # a 401 is not retried
    assert len(refused.times) == 1 and refused.feeds == []
    assert [r.levelname for r in caplog.records if "stopped" in r.getMessage()] == ["WARNING"]


def test_unreachable_server_raises_network_error_when_blocking():
    api = Mastodon(access_token=TOKEN, api_base_url=free_port_refusing())
    api._cache[CACHE_KEY] = api.api_base_url
    log = EventLog()
    with pytest.raises(MastodonNetworkError) as info:
        api.stream_user(log)
    assert log.aborts == [info.value]


def test_run_async_returns_at_once_and_reports_an_unreachable_server():
    api = Mastodon(access_token=TOKEN, api_base_url=free_port_refusing())
    api._cache[CACHE_KEY] = api.api_base_url
    log = EventLog()
    handle = api.stream_user(log, run_async=True)
    handle.join(2)
    assert not handle.is_alive()
    assert len(log.aborts) == 1 and isinstance(log.aborts[0], MastodonNetworkError)
    assert handle.error is log.aborts[0]


def test_run_async_with_reconnect_retries_a_server_unreachable_at_start(sse, sse_api):
    endpoint = sse.endpoint("/api/v1/streaming/user")
    sse.timeline("/api/v1/timelines/home", [status(1)])
    sse.timeline("/api/v1/notifications", [])
    sse_api._cache[CACHE_KEY] = free_port_refusing()  # the streaming server is down at first
    log = EventLog()
    handle = sse_api.stream_user(log, run_async=True, reconnect_async=True, reconnect_async_wait_sec=0.02)
    try:
        assert isinstance(handle, SSEStreamHandle)
        wait_for(lambda: len(log.aborts) >= 2, what="two failed attempts")
        assert handle.is_alive() and not handle.is_receiving()
        sse_api._cache[CACHE_KEY] = sse.url  # ... and comes up
        endpoint.connection().event("update", status(2))
        log.wait(1)
        assert log.ids() == [("update", "2")] and handle.is_receiving()
        assert all(isinstance(e, MastodonNetworkError) for e in log.aborts)
        assert handle.reconnections == len(log.aborts) >= 2
    finally:
        handle.close()


def test_a_page_instead_of_a_stream_is_an_error(sse, sse_api):
    sse.http.route("GET", "/api/v1/streaming/user", Reply("<html>maintenance</html>",
                                                          headers={"Content-Type": "text/html"}))
    with pytest.raises(MastodonNetworkError, match="instead of an event stream"):
        sse_api.stream_user(EventLog())


def test_handle_repr_and_context_manager(sse, sse_api):
    endpoint = sse.endpoint("/api/v1/streaming/hashtag")
    with sse_api.stream_hashtag("python", EventLog(), run_async=True) as handle:
        endpoint.connection()
        wait_for(handle.is_receiving)
        assert isinstance(handle, StreamHandle)
        assert "hashtag:python" in repr(handle) and "receiving" in repr(handle)
    assert not handle.is_alive() and "closed" in repr(handle)


def test_argument_checks(sse_api):
    with pytest.raises(MastodonIllegalArgumentError):
        sse_api.stream_public(EventLog(), local=True, remote=True)
    with pytest.raises(MastodonIllegalArgumentError):
        sse_api.stream_hashtag("#python", EventLog())
    with pytest.raises(MastodonIllegalArgumentError):
        sse_api.stream_hashtag("", EventLog())
    with pytest.raises(MastodonIllegalArgumentError):
        sse_api.stream_user(None)


def test_version_checks(sse):
    old = Mastodon(access_token=TOKEN, api_base_url=sse.url, mastodon_version="2.0.0", version_check_mode="created")
    with pytest.raises(MastodonVersionError):
        old.stream_direct(EventLog())
    with pytest.raises(MastodonVersionError):
        old.stream_list("1", EventLog())
    assert old.stream_healthy.__doc__.count("Added in Mastodon 2.5.0") == 1


# -- discovery of the streaming server ------------------------------------------------------------------


def test_wss_advertised_for_a_plain_http_loopback_server(sse, sse_api):
    assert sse.instance["configuration"]["urls"]["streaming"].startswith("wss://127.0.0.1:")
    endpoint = sse.endpoint("/api/v1/streaming/user")
    handle = sse_api.stream_user(EventLog(), run_async=True)
    endpoint.connection()
    handle.close()
    assert sse_api._cache[CACHE_KEY] == sse.url


def test_separate_streaming_host_from_the_v2_instance(sse, sse_api):
    with LoopbackServer() as streaming:
        other = SSEServer(streaming)
        endpoint = other.endpoint("/api/v1/streaming/user")
        sse.instance["configuration"]["urls"]["streaming"] = streaming.url.replace("http://", "ws://")
        handle = sse_api.stream_user(EventLog(), run_async=True)
        endpoint.connection()
        handle.close()
        other.stop()
        assert sse_api._cache[CACHE_KEY] == streaming.url
    assert sse.requests_to("/api/v1/streaming/user") == []


def test_v1_instance_and_then_the_redirect(server):
    with LoopbackServer() as streaming:
        other = SSEServer(streaming)
        endpoint = other.endpoint("/api/v1/streaming/public")
        api = Mastodon(access_token=TOKEN, api_base_url=server.url)
        # v2 missing (an old server), v1 names the streaming API
        server.route("GET", "/api/v1/instance", {"uri": "x", "version": "3.5.0",
                                                 "urls": {"streaming_api": streaming.url.replace("http", "ws")}})
        handle = api.stream_public(EventLog(), run_async=True)
        endpoint.connection()
        handle.close()
        assert api._cache[CACHE_KEY] == streaming.url
        # neither instance says anything: the redirect of /api/v1/streaming does
        api.clear_caches()
        server.route("GET", "/api/v1/instance", {"uri": "x", "version": "3.5.0", "urls": {}})
        server.route("GET", "/api/v1/streaming", Reply("", 302,
                                                       {"Location": streaming.url + "/api/v1/streaming?x=1"}))
        handle = api.stream_public(EventLog(), run_async=True)
        endpoint.connection(2)
        handle.close()
        assert api._cache[CACHE_KEY] == streaming.url
        other.stop()


def test_no_streaming_url_anywhere_means_the_api_host(server):
    endpoint = SSEServer(server, advertise=None)
    server.route("GET", "/api/v2/instance", {"version": "4.2.0", "configuration": {"urls": {}}})
    stream = endpoint.endpoint("/api/v1/streaming/direct")
    api = Mastodon(access_token=TOKEN, api_base_url=server.url)
    handle = api.stream_direct(EventLog(), run_async=True)
    stream.connection()
    handle.close()
    endpoint.stop()
    assert api._cache[CACHE_KEY] == server.url
    assert [r.path for r in server.requests if "instance" in r.path or r.path == "/api/v1/streaming"] == [
        "/api/v2/instance", "/api/v1/instance", "/api/v1/streaming"]


def test_discovery_is_cached_until_clear_caches(sse, sse_api):
    endpoint = sse.endpoint("/api/v1/streaming/user")
    for n in (1, 2):
        handle = sse_api.stream_user(EventLog(), run_async=True)
        endpoint.connection(n)
        handle.close()
    assert len(sse.requests_to("/api/v2/instance")) == 1
    sse_api.clear_caches()
    handle = sse_api.stream_user(EventLog(), run_async=True)
    endpoint.connection(3)
    handle.close()
    assert len(sse.requests_to("/api/v2/instance")) == 2


@pytest.mark.parametrize("advertised,api_base,expected", [
    ("wss://streaming.example.social", "https://example.social", "https://streaming.example.social"),
    ("ws://streaming.example.social/", "https://example.social", "https://streaming.example.social"),  # TLS: issue 18
    ("wss://example.social/api/v1/streaming", "https://example.social", "https://example.social"),
    ("streaming.example.social", "https://example.social", "https://streaming.example.social"),
    ("wss://localhost:3000", "http://localhost:3000", "http://localhost:3000"),
    ("wss://127.0.0.1:4000", "http://127.0.0.1:3000", "http://127.0.0.1:4000"),
    ("wss://dev.example:3000", "http://dev.example:3000", "http://dev.example:3000"),
    ("wss://other.example", "http://dev.example:3000", "https://other.example"),
])
def test_http_url(advertised, api_base, expected):
    assert http_url(advertised, api_base) == expected


def test_stream_healthy(sse, sse_api):
    assert sse_api.stream_healthy() is True
    sse.http.route("GET", "/api/v1/streaming/health", Reply("down", 503))
    assert sse_api.stream_healthy() is False
    refusing = Mastodon(access_token=TOKEN, api_base_url=free_port_refusing())
    assert refusing.stream_healthy() is False


def test_import_mastodon_does_not_import_websockets():
    assert run_python("import sys, mastodon, mastodon.streaming; print('websockets' in sys.modules)") == ["False"]


def test_run_async_returns_while_the_server_holds_the_request(sse, sse_api):
    endpoint = sse.endpoint("/api/v1/streaming/user")
    endpoint.refuse = [Reply(iter([sse_event("delete", "1")]), delay=1.0, chunked=True)]
    log = EventLog()
    start = time.monotonic()
    handle = sse_api.stream_user(log, run_async=True)
    try:
        assert time.monotonic() - start < 0.3  # nothing waited for the server
        assert handle.is_alive() and not handle.is_receiving()
        log.wait(1)  # the answer comes later, on the handle's thread
        assert log.ids() == [("delete", "1")]
    finally:
        handle.close()
