"""The streaming rules both clients share, without I/O: event-stream answers, discovery, WebSocket URLs and routing."""

import json

import pytest

from mastodon.errors import (
    MastodonAPIError,
    MastodonInternalServerError,
    MastodonMalformedEventError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonUnauthorizedError,
)
from mastodon.streaming.discovery import CACHE_KEY, Discovery, discovery_plan
from mastodon.streaming.dispatch import EventDispatcher
from mastodon.streaming.protocol import (
    SSEUnavailable,
    check_event_stream,
    connect_timeout,
    event_stream_headers,
    handshake_error,
    pick_subscription,
    ping_interval,
    route_websocket,
    subscribe_message,
    unsubscribe_message,
    use_websocket_first,
    websocket_url,
)
from mastodon.streaming.streams import stream_spec

URL = "http://127.0.0.1:9/api/v1/streaming/user"


def test_an_event_stream_answer_passes():
    assert check_event_stream(200, "OK", "text/event-stream; charset=utf-8", b"", URL) is None
    assert check_event_stream(200, "OK", "", b"", URL) is None  # no type said: read it and see


@pytest.mark.parametrize("status", [404, 405, 410, 426])
def test_statuses_of_a_server_without_event_streams_say_so(status):
    with pytest.raises(SSEUnavailable) as info:
        check_event_stream(status, "Nope", "application/json", b'{"error": "Not found"}', URL)
    assert isinstance(info.value.error, MastodonAPIError) and info.value.error.args[1] == status
    assert "Not found" in str(info.value.error)


@pytest.mark.parametrize("status, error", [(401, MastodonUnauthorizedError), (500, MastodonInternalServerError),
                                           (429, MastodonRatelimitError)])
def test_other_error_statuses_raise_their_api_error(status, error):
    with pytest.raises(error, match="go away"):
        check_event_stream(status, "Err", "application/json", b'{"error": "go away"}', URL)


@pytest.mark.parametrize("kind", ["application/json", "text/html; charset=utf-8"])
def test_a_page_instead_of_a_stream_is_a_network_error(kind):
    with pytest.raises(MastodonNetworkError, match="instead of an event stream"):
        check_event_stream(200, "OK", kind, b"", URL)


def test_request_rules():
    headers = event_stream_headers({"Authorization": "Bearer t", "User-Agent": "x"})
    assert headers == {"Authorization": "Bearer t", "User-Agent": "x", "Accept": "text/event-stream",
                       "Accept-Encoding": "identity", "Cache-Control": "no-cache"}
    assert connect_timeout(10, 300) == 10 and connect_timeout((3, 60), 2) == 2 and connect_timeout(None, 5) == 5
    assert connect_timeout((4, 60, 90), None) == 4
    assert ping_interval(None) is None and ping_interval(300) == 20.0 and ping_interval(1) == 0.5
    assert use_websocket_first({"streaming_transport": "websocket"}) and not use_websocket_first({})


def test_websocket_urls_and_messages():
    spec = stream_spec("hashtag", tag="cats")
    assert websocket_url("wss://example.org", None) == "wss://example.org/api/v1/streaming"
    assert websocket_url("wss://example.org", spec) == "wss://example.org/api/v1/streaming?stream=hashtag&tag=cats"
    assert subscribe_message(spec) == {"type": "subscribe", "stream": "hashtag", "tag": "cats"}
    assert unsubscribe_message(spec) == {"type": "unsubscribe", "stream": "hashtag", "tag": "cats"}


def test_handshake_errors():
    error = handshake_error(401, b'{"error": "bad token"}', "wss://x/api/v1/streaming")
    assert isinstance(error, MastodonUnauthorizedError) and "bad token" in str(error)
    assert isinstance(handshake_error(404, b"<html>", "wss://x"), MastodonNotFoundError)
    assert isinstance(handshake_error(429, b"", "wss://x"), MastodonRatelimitError)


# -- discovery -----------------------------------------------------------------------------------------------
def _drive(plan, answers):
    """Run a discovery plan with canned answers; (probes asked, result)."""
    asked, probe = [], next(plan)
    try:
        while True:
            asked.append((probe.kind, probe.target))
            probe = plan.send(answers[probe.target])
    except StopIteration as done:
        return asked, done.value


def test_discovery_takes_the_v2_field_first():
    asked, url = _drive(discovery_plan("http://127.0.0.1:3000"), {
        "/api/v2/instance": {"configuration": {"urls": {"streaming": "wss://127.0.0.1:3000"}}}})
    assert asked == [("instance", "/api/v2/instance")]
    assert url == "http://127.0.0.1:3000"  # wss advertised for a plain-http loopback server


def test_discovery_falls_back_to_v1_then_to_the_redirect_then_to_the_api_host():
    error = MastodonNotFoundError("no", 404, "Not Found", None)
    asked, url = _drive(discovery_plan("https://social.example"), {
        "/api/v2/instance": error,
        "/api/v1/instance": {"urls": {"streaming_api": "wss://stream.social.example"}}})
    assert url == "https://stream.social.example"
    assert [a[1] for a in asked] == ["/api/v2/instance", "/api/v1/instance"]
    _, url = _drive(discovery_plan("https://social.example"), {
        "/api/v2/instance": error, "/api/v1/instance": {"urls": {}},
        "https://social.example/api/v1/streaming": (301, "https://stream.social.example/api/v1/streaming?x=1")})
    assert url == "https://stream.social.example"
    _, url = _drive(discovery_plan("https://social.example"), {
        "/api/v2/instance": {}, "/api/v1/instance": error,
        "https://social.example/api/v1/streaming": (302, "/elsewhere")})
    assert url == "https://social.example"


def test_discovery_keeps_its_result_in_the_cache():
    class Client:
        api_base_url = "https://social.example"
        _cache = {}

    discovery = Discovery(Client)
    assert discovery.probe.kind == "instance"
    discovery.answer({"configuration": {"urls": {"streaming": "wss://s.example"}}})
    assert discovery.probe is None and discovery.result == "https://s.example"
    assert Client._cache[CACHE_KEY] == "https://s.example"
    again = Discovery(Client)
    assert again.probe is None and again.result == "https://s.example"


# -- routing -----------------------------------------------------------------------------------------------
class _Sub:
    def __init__(self, listener, spec):
        self.listener = listener
        self.dispatcher = EventDispatcher(listener, spec.for_stream)


class _Log:
    def __init__(self):
        self.events, self.errors = [], []

    def on_delete(self, status_id):
        self.events.append(status_id)

    def on_websocket_error(self, error, for_stream=None):
        self.errors.append((error["error"], for_stream))


def test_route_websocket_by_stream_then_default_then_dropped():
    user, tags, default = _Log(), _Log(), _Log()
    specs = [stream_spec("user"), stream_spec("hashtag", tag="Cats")]
    subs = {specs[0].key: _Sub(user, specs[0]), specs[1].key: _Sub(tags, specs[1])}

    def message(stream, id):
        return json.dumps({"stream": stream, "event": "delete", "payload": id})

    route_websocket(message(["user"], "1"), subs, None)
    route_websocket(message(["hashtag", "cats"], "2"), subs, None)  # hashtags match case-insensitively
    route_websocket(message(["public"], "3"), subs, None)  # nobody: dropped
    route_websocket(message(["public"], "4"), subs, EventDispatcher(default))
    assert (user.events, tags.events, default.events) == (["1"], ["2"], ["4"])
    only = {specs[0].key: subs[specs[0].key]}
    route_websocket(message(["user:renamed"], "5"), only, None)  # a server naming streams its own way
    assert user.events == ["1", "5"]
    assert pick_subscription(only, ("other",), True) is None


def test_route_websocket_errors_reach_each_listener_once():
    shared = _Log()
    specs = [stream_spec("user"), stream_spec("direct")]
    subs = {spec.key: _Sub(shared, spec) for spec in specs}
    route_websocket('{"error": "Unknown stream type", "status": 400}', subs, None)
    assert shared.errors == [("Unknown stream type", None)]
    with pytest.raises(MastodonMalformedEventError):
        route_websocket("not json", subs, None)


def test_the_shared_streaming_modules_import_no_transport():
    """What both clients use decides and parses only: no requests, aiohttp, websockets or sockets in it."""
    import ast
    import os

    import mastodon.streaming as package
    folder = os.path.dirname(package.__file__)
    shared = ["sse", "dispatch", "protocol", "discovery", "policy", "backfill", "streams"]
    for name in shared:
        tree = ast.parse(open(os.path.join(folder, name + ".py"), encoding="utf-8").read())
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.ImportFrom):
                imported |= {f".{node.module}"} if node.module else set()
        assert not imported & {"requests", "urllib3", "aiohttp", "websockets", "socket", "http"}, name
        assert not imported & {".handles", ".websocket", ".httpstream"}, name
