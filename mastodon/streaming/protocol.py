"""The streaming rules both transport shells follow, without I/O: what to send, what an answer means, where to go.

The sync handles (``requests`` and ``websockets``, :mod:`mastodon.streaming.handles`) and the
asyncio ones (aiohttp, :mod:`mastodon.aio.streaming`) open and read connections their own
way; everything they decide (the headers of an event-stream request, whether an answer is an
event stream, when to fall back to WebSocket, the WebSocket URL and messages, where a
WebSocket message goes, which instance field names the streaming server) is decided here.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, TypeVar

from ..core.exchange import api_error
from ..core.urls import urlencode
from ..errors import (
    MastodonAPIError,
    MastodonError,
    MastodonNetworkError,
    MastodonRatelimitError,
    error_class_for_status,
)
from .dispatch import EventDispatcher, parse_envelope, stream_of
from .streams import StreamSpec, key_of

__all__ = ["NO_SSE_STATUSES", "SSEUnavailable", "event_stream_headers", "check_event_stream", "connect_timeout",
           "TRANSPORT_CACHE_KEY", "use_websocket_first", "DISCOVERY_SOURCES", "advertised_streaming_url",
           "redirect_streaming_url", "websocket_url", "subscribe_message", "unsubscribe_message",
           "handshake_error", "ping_interval", "pick_subscription", "WEBSOCKET_MAX_MESSAGE",
           "PING_INTERVAL_SEC", "route_websocket", "distinct"]

log = logging.getLogger("mastodon.streaming")

#: Statuses that mean "no event streams here" (GoToSocial and others speak only WebSocket; a
#: WebSocket-only server answers 426 to plain HTTP).
NO_SSE_STATUSES = frozenset((404, 405, 410, 426))
#: Content types that are certainly not an event stream (an error or proxy page with status 200).
NOT_A_STREAM = ("application/json", "text/html")

#: The client cache key remembering that a server streams over WebSocket only.
TRANSPORT_CACHE_KEY = "streaming_transport"

#: Where the streaming server's URL is advertised: (instance endpoint, path of the field), tried in order.
DISCOVERY_SOURCES: Tuple[Tuple[str, Tuple[str, ...]], ...] = (
    ("/api/v2/instance", ("configuration", "urls", "streaming")),
    ("/api/v1/instance", ("urls", "streaming_api")),
)

#: The largest WebSocket message accepted (the same bound as one server-sent event).
WEBSOCKET_MAX_MESSAGE = 2 ** 24
#: Upper bound of the WebSocket keep-alive ping interval.
PING_INTERVAL_SEC = 20.0


class SSEUnavailable(Exception):
    """The server has no server-sent-events endpoint for a stream; ``error`` is what it answered."""

    def __init__(self, error: MastodonAPIError) -> None:
        super().__init__(str(error))
        self.error = error


# -- server-sent events ------------------------------------------------------------------------------
def event_stream_headers(client_headers: Mapping[str, str]) -> Dict[str, str]:
    """The headers of an event-stream request: the client's, asking for an unencoded, uncached stream."""
    return {**client_headers, "Accept": "text/event-stream", "Accept-Encoding": "identity",
            "Cache-Control": "no-cache"}


def connect_timeout(request_timeout: Any, timeout: Optional[float]) -> Optional[float]:
    """Seconds a stream's connection may take to open: the client's connect timeout, at most the stream's ``timeout``."""
    connect = request_timeout[0] if isinstance(request_timeout, tuple) else request_timeout
    if connect is None:
        return timeout  # type: ignore[no-any-return]
    return connect if timeout is None else min(connect, timeout)  # type: ignore[no-any-return]


def check_event_stream(status: int, reason: str, content_type: str, body: bytes, url: str) -> None:
    """Raise what an answer to an event-stream request means when it is not a stream; return if it is one.

    An error status raises its API error (:func:`mastodon.core.exchange.api_error`), as
    :class:`SSEUnavailable` around it for the statuses of a server without event streams
    (:data:`NO_SSE_STATUSES`); a JSON or HTML answer with a good status raises
    :class:`MastodonNetworkError`. ``body`` is only read for error statuses.
    """
    if status >= 400:
        error = api_error(status, reason, body, "GET", url)
        if status in NO_SSE_STATUSES and isinstance(error, MastodonAPIError):
            raise SSEUnavailable(error) from error
        raise error
    kind = (content_type or "").lower()
    if kind.startswith(NOT_A_STREAM):
        raise MastodonNetworkError(f"GET {url}: the server answered {kind} instead of an event stream")


def use_websocket_first(cache: Mapping[str, Any]) -> bool:
    """Whether a new stream goes straight to WebSocket: the server was found to have no event streams."""
    return cache.get(TRANSPORT_CACHE_KEY) == "websocket"


# -- discovery ---------------------------------------------------------------------------------------
def advertised_streaming_url(instance: Any, path: Sequence[str]) -> Optional[str]:
    """The streaming URL an instance entity names at ``path`` (see :data:`DISCOVERY_SOURCES`), or None."""
    value = instance
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value if isinstance(value, str) and value.strip() else None


def redirect_streaming_url(status: int, location: Optional[str]) -> Optional[str]:
    """The streaming server a redirect of ``GET /api/v1/streaming`` names (None: no redirect, or to the same host)."""
    if not 300 <= status < 400 or not location or location.startswith("/"):
        return None
    return location.split("?", 1)[0]


# -- WebSocket ---------------------------------------------------------------------------------------
def websocket_url(ws_base: str, spec: Optional[StreamSpec]) -> str:
    """The URL of a WebSocket connection to ``ws_base`` (a ws(s) base URL), with ``spec``'s stream in it if given."""
    query = urlencode({"stream": spec.stream, **spec.params}) if spec is not None else ""
    return ws_base + "/api/v1/streaming" + ("?" + query if query else "")


def subscribe_message(spec: StreamSpec) -> Dict[str, Any]:
    """The message that subscribes a connection to a stream."""
    return {"type": "subscribe", "stream": spec.stream, **spec.params}


def unsubscribe_message(spec: StreamSpec) -> Dict[str, Any]:
    """The message that ends a subscription."""
    return {"type": "unsubscribe", "stream": spec.stream, **spec.params}


def ping_interval(timeout: Optional[float]) -> Optional[float]:
    """Seconds between keep-alive pings for a connection that may stay silent ``timeout`` seconds (None: no pings)."""
    return max(min(PING_INTERVAL_SEC, timeout / 2), 0.05) if timeout else None


def handshake_error(status: int, body: bytes, url: str) -> MastodonError:
    """The API error for a WebSocket handshake the server refused with ``status``."""
    text = None
    try:
        decoded = json.loads(body) if body else None
        text = decoded.get("error") if isinstance(decoded, dict) else None
    except ValueError:
        text = body[:200].decode("utf-8", "replace") if body else None
    if status == 429:
        return MastodonRatelimitError(f"{url}: rate limit hit (HTTP 429): {text or 'Too Many Requests'}")
    cls = error_class_for_status(status)
    return cls("the streaming server refused the WebSocket connection", status, None, text, method="GET", url=url)


_Sub = TypeVar("_Sub")


def pick_subscription(subscriptions: Mapping[Tuple[str, ...], _Sub], key: Optional[Tuple[str, ...]],
                      has_default: bool) -> Optional[_Sub]:
    """The subscription a WebSocket event belongs to, by the key of its ``stream`` field.

    A server that names streams its own way still reaches the only subscription of a
    connection without a default listener. None: the event goes to the default listener, if any.
    """
    sub = subscriptions.get(key) if key is not None else None
    if sub is None and not has_default:
        only = list(subscriptions.values())  # one step: another thread may be subscribing
        if len(only) == 1:
            sub = only[0]
    return sub


def distinct(items: Iterable[_Sub]) -> List[_Sub]:
    """``items`` without None and without repeating the same object, in order."""
    seen, out = set(), []
    for item in items:
        if item is not None and id(item) not in seen:
            seen.add(id(item))
            out.append(item)
    return out


def route_websocket(message: Any, subscriptions: Mapping[Tuple[str, ...], Any],
                    default: Optional[EventDispatcher]) -> None:
    """Hand one WebSocket message of the streaming API to the dispatcher it belongs to.

    An event goes to its subscription's dispatcher (:func:`pick_subscription`), else to
    ``default`` (the connection's own listener), else it is dropped; a server error message
    goes to ``default``, or to every subscription's listener once. A message that is not an
    event raises :class:`~mastodon.errors.MastodonMalformedEventError`.
    """
    envelope = parse_envelope(message)
    for_stream = stream_of(envelope)
    if "event" not in envelope:
        if default is not None:
            default.websocket_error(envelope, for_stream)
            return
        told = set()
        for sub in list(subscriptions.values()):
            if id(sub.listener) not in told:
                told.add(id(sub.listener))
                sub.dispatcher.websocket_error(envelope, for_stream)
        return
    sub = pick_subscription(subscriptions, key_of(for_stream), default is not None)
    dispatcher = sub.dispatcher if sub is not None else default
    if dispatcher is None:
        log.debug("dropped a %r event for %s: no subscription matches", envelope.get("event"), for_stream)
        return
    dispatcher.dispatch(envelope["event"], envelope.get("payload"), for_stream)
