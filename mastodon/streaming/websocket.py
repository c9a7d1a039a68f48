"""The WebSocket transport: one connection carrying several subscriptions (needs the optional ``websockets`` package)."""

from __future__ import annotations

import json
import logging
import threading
from typing import Any, Dict, List, Optional, Tuple

from ..core.urls import urlencode
from ..errors import (
    MastodonError,
    MastodonIllegalArgumentError,
    MastodonNetworkError,
    MastodonRatelimitError,
    MastodonReadTimeout,
    error_class_for_status,
)
from .backfill import CatchUp
from .discovery import streaming_base_url, ws_url
from .dispatch import EventDispatcher, parse_envelope, stream_of
from . import handles as _handles
from .handles import StreamHandle
from .streams import StreamSpec, key_of, stream_spec

__all__ = ["WebSocketStreamHandle", "WebSocketSubscription", "WebSocketUnavailableError", "load_websockets"]

log = logging.getLogger("mastodon.streaming")

#: Seconds close() lets the server take to answer the closing handshake.
CLOSE_TIMEOUT_SEC = 0.5
#: Upper bound of the keep-alive ping interval.
PING_INTERVAL_SEC = 20.0

INSTALL_HINT = "pip install 'mastodon-client[websocket]'"


class WebSocketUnavailableError(MastodonError, ImportError):
    """The WebSocket transport is needed but the ``websockets`` package is not installed."""


def load_websockets() -> Any:
    """The ``websockets`` package, imported on first use only (``import mastodon`` stays light)."""
    try:
        import websockets.exceptions  # noqa: F401
        import websockets.sync.client
    except ImportError as e:
        raise WebSocketUnavailableError(
            f"streaming over WebSocket needs the websockets package (>= 12): {INSTALL_HINT}") from e
    return websockets


class WebSocketSubscription:
    """One stream subscribed on a :class:`WebSocketStreamHandle`'s connection.

    Returned by :meth:`WebSocketStreamHandle.subscribe` and by the ``stream_*`` methods when
    given a ``websocket_handle``. Its events go to its own listener.
    """

    def __init__(self, handle: "WebSocketStreamHandle", spec: StreamSpec, listener: Any) -> None:
        self.handle = handle
        self.spec = spec
        self.listener = listener
        self.catch_up: Optional[CatchUp] = handle._new_catch_up(spec)
        self.dispatcher: EventDispatcher = handle._make_dispatcher(listener, spec, self.catch_up)
        self.active = True

    @property
    def stream(self) -> str:
        """The stream name, e.g. ``"hashtag:local"``."""
        return self.spec.stream

    @property
    def params(self) -> Dict[str, str]:
        """The stream's parameter, e.g. ``{"tag": "python"}``."""
        return dict(self.spec.params)

    @property
    def key(self) -> Tuple[str, ...]:
        return self.spec.key

    def close(self) -> None:
        """Unsubscribe (the connection stays open for the other subscriptions); idempotent."""
        if self.active:
            self.handle.unsubscribe(self.spec.stream, **self.spec.params)

    def is_alive(self) -> bool:
        """Whether the subscription stands and its connection's thread runs."""
        return self.active and self.handle.is_alive()

    def is_receiving(self) -> bool:
        """Whether the subscription stands and its connection is open and read."""
        return self.active and self.handle.is_receiving()

    def __repr__(self) -> str:
        return f"<WebSocketSubscription {':'.join(self.spec.for_stream)}{'' if self.active else ' closed'}>"


class _Connection:
    """An open WebSocket connection: thread-safe sends, abort from any thread."""

    __slots__ = ("ws", "_send_lock")

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self._send_lock = threading.Lock()

    def send_json(self, message: Dict[str, Any]) -> bool:
        try:
            with self._send_lock:
                self.ws.send(json.dumps(message))
            return True
        except Exception as e:  # noqa: BLE001 - a failed send shows up as a broken read too
            log.debug("could not send %s: %r", message, e)
            return False

    def abort(self) -> None:
        try:
            self.ws.close()
        except Exception:  # noqa: BLE001 - closing twice or a broken connection: it is closed either way
            pass

    release = abort


class WebSocketStreamHandle(StreamHandle):
    """A WebSocket connection to the streaming API, with any number of subscriptions.

    Made by :meth:`Mastodon.stream_open_websocket` (and by the ``stream_*`` methods on
    servers that only speak WebSocket). Subscribe with :meth:`subscribe` or by passing the
    handle as ``websocket_handle`` to a ``stream_*`` method; each subscription has its own
    listener. Subscriptions survive reconnections: they are sent again on every new
    connection, and with ``reconnect_async`` each catches up on what it missed.

    ``listener`` (optional) receives events that match no subscription and the server's
    error messages.
    """

    TRANSPORT = "websocket"

    def __init__(self, api: Any, listener: Any = None, timeout: Optional[float] = None,
                 reconnect_async: bool = False, reconnect_async_wait_sec: float = 5) -> None:
        super().__init__(api, listener, timeout, reconnect_async, reconnect_async_wait_sec)
        self._subs: Dict[Tuple[str, ...], WebSocketSubscription] = {}
        self._url_key: Optional[Tuple[str, ...]] = None  # the subscription named in the connection URL
        self._default = self._make_dispatcher(listener, None, None) if listener is not None else None

    @classmethod
    def _for_stream(cls, api: Any, spec: StreamSpec, listener: Any, timeout: Optional[float],
                   reconnect_async: bool, reconnect_async_wait_sec: float) -> "WebSocketStreamHandle":
        """A handle (not started) carrying one stream, named in the connection URL: what the
        ``stream_*`` methods use on a server without event streams."""
        handle = cls(api, None, timeout, reconnect_async, reconnect_async_wait_sec)
        handle._add(spec, listener, in_url=True)
        return handle

    # -- subscriptions --------------------------------------------------------------------------------
    def subscriptions(self) -> List[WebSocketSubscription]:
        """The subscriptions that stand, oldest first."""
        with self._lock:
            return list(self._subs.values())

    def subscribe(self, stream: str, listener: Any = None, **params: Any) -> WebSocketSubscription:
        """Subscribe to a stream on this connection.

        :param stream: the stream name: ``user``, ``user:notification``, ``public``,
            ``public:media``, ``public:local``, ``public:local:media``, ``public:remote``,
            ``public:remote:media``, ``hashtag``, ``hashtag:local``, ``list``, ``direct``.
        :param listener: who gets the stream's events (default: the handle's listener).
        :param params: ``tag=`` for the hashtag streams, ``list=`` (id or List) for ``list``.
        :returns: the :class:`WebSocketSubscription` (the existing one if already subscribed).
        """
        spec = stream_spec(stream, **params)
        return self._add(spec, listener)

    def unsubscribe(self, stream: str, **params: Any) -> None:
        """Unsubscribe from a stream; nothing happens if it is not subscribed.

        :param stream: the stream's name, as given to :meth:`subscribe`.
        :param params: the stream's parameters, as given to :meth:`subscribe` (``tag=...``, ``list=...``).
        """
        spec = stream_spec(stream, **params)
        with self._lock:
            sub = self._subs.pop(spec.key, None)
            conn = self._conn
        if sub is None:
            return
        sub.active = False
        if conn is not None:
            conn.send_json({"type": "unsubscribe", "stream": spec.stream, **spec.params})

    def close(self) -> None:
        """Close the connection and end every subscription (see :meth:`StreamHandle.close`)."""
        super().close()
        with self._lock:
            for sub in self._subs.values():
                sub.active = False

    def _add(self, spec: StreamSpec, listener: Any, in_url: bool = False) -> WebSocketSubscription:
        listener = listener if listener is not None else self.listener
        if listener is None:
            raise MastodonIllegalArgumentError("subscribe needs a listener (the handle has none)")
        with self._lock:
            sub = self._subs.get(spec.key)
            if sub is not None:
                return sub
            sub = WebSocketSubscription(self, spec, listener)
            self._subs[spec.key] = sub
            if in_url:
                self._url_key = spec.key
            conn = self._conn
        if conn is not None:
            conn.send_json(_subscribe_message(spec))
        if sub.catch_up is not None and self._thread is not None:
            try:
                sub.catch_up.run(sub.dispatcher.deliver, self._keep_going)  # the first run takes the baseline
            except MastodonError as e:
                log.info("%r: no catch-up baseline yet (%s); it is taken at the next connection", sub, e)
        return sub

    # -- transport ------------------------------------------------------------------------------------
    def _open(self) -> _Connection:
        websockets = load_websockets()
        api = self._api
        with self._lock:
            url_sub = self._subs.get(self._url_key) if self._url_key is not None else None
        query = urlencode({"stream": url_sub.spec.stream, **url_sub.spec.params}) if url_sub is not None else ""
        url = ws_url(streaming_base_url(api)) + "/api/v1/streaming" + ("?" + query if query else "")
        timeout = self.timeout
        ping = max(min(PING_INTERVAL_SEC, timeout / 2), 0.05) if timeout else None
        headers = {k: v for k, v in api._headers.items() if k != "User-Agent"}
        request_timeout = api.request_timeout[0] if isinstance(api.request_timeout, tuple) else api.request_timeout
        try:
            ws = websockets.sync.client.connect(
                url, additional_headers=headers, user_agent_header=api._headers.get("User-Agent"),
                open_timeout=min(x for x in (request_timeout, timeout, 30) if x), close_timeout=CLOSE_TIMEOUT_SEC,
                ping_interval=ping, ping_timeout=(timeout / 2 if timeout else None), max_size=2 ** 24)
            # Entered as a context manager (closed by abort()): websockets 17 asks for that.
            ws = ws.__enter__()
        except websockets.exceptions.InvalidStatus as e:
            raise _status_error(e, url) from e
        except (OSError, TimeoutError, websockets.exceptions.WebSocketException) as e:
            raise MastodonNetworkError(f"{url}: could not open the WebSocket connection: {e!r}") from e
        return _Connection(ws)

    def _prepare(self, conn: _Connection) -> None:
        with self._lock:
            subs = [s for k, s in self._subs.items() if k != self._url_key]
        for sub in subs:
            conn.send_json(_subscribe_message(sub.spec))

    def _catch_up(self, conn: _Connection) -> None:
        if not self.reconnect_async:
            return
        for sub in self.subscriptions():
            if sub.catch_up is not None:
                sub.catch_up.run(sub.dispatcher.deliver, self._keep_going)

    def _read(self, conn: _Connection) -> None:
        websockets = load_websockets()
        recv = conn.ws.recv
        route = self._route
        while not self._closed:
            try:
                message = recv()
            except websockets.exceptions.ConnectionClosed as e:
                if self._closed:
                    return
                sent = getattr(e, "sent", None)
                if sent is not None and getattr(sent, "code", None) == 1011 and e.rcvd is None:
                    raise MastodonReadTimeout(
                        f"the streaming server stopped answering pings (timeout {self.timeout} s)") from e
                raise MastodonNetworkError(f"the WebSocket connection closed: {e}") from e
            except (OSError, RuntimeError) as e:
                if self._closed:
                    return
                raise MastodonNetworkError(f"the WebSocket connection broke: {e!r}") from e
            route(message)

    def _route(self, message: Any) -> None:
        """Send one message to the subscription it belongs to."""
        envelope = parse_envelope(message)
        for_stream = stream_of(envelope)
        if "event" not in envelope:
            for error_dispatcher in self._error_dispatchers():
                error_dispatcher.websocket_error(envelope, for_stream)
            return
        key = key_of(for_stream)
        subs = self._subs
        sub = subs.get(key) if key is not None else None  # type: ignore[arg-type]
        if sub is None and self._default is None:
            with self._lock:
                only = list(subs.values())
            if len(only) == 1:
                sub = only[0]  # a server naming streams its own way, and only one subscription
        dispatcher: Optional[EventDispatcher] = sub.dispatcher if sub is not None else self._default
        if dispatcher is None:
            log.debug("dropped a %r event for %s: no subscription matches", envelope.get("event"), for_stream)
            return
        dispatcher.dispatch(envelope["event"], envelope.get("payload"), for_stream)

    def _error_dispatchers(self) -> List[EventDispatcher]:
        if self._default is not None:
            return [self._default]
        seen, out = set(), []
        for sub in self.subscriptions():
            if id(sub.listener) not in seen:
                seen.add(id(sub.listener))
                out.append(sub.dispatcher)
        return out

    def _listeners(self) -> list:
        out, seen = [], set()
        for listener in [self.listener] + [s.listener for s in self.subscriptions()]:
            if listener is not None and id(listener) not in seen:
                seen.add(id(listener))
                out.append(listener)
        return out

    def _describe(self) -> str:
        return "websocket [" + ", ".join(":".join(s.spec.for_stream) for s in self.subscriptions()) + "]"


def _subscribe_message(spec: StreamSpec) -> Dict[str, Any]:
    return {"type": "subscribe", "stream": spec.stream, **spec.params}


def _status_error(error: Any, url: str) -> MastodonError:
    """The API error for a refused WebSocket handshake."""
    response = getattr(error, "response", None)
    status = getattr(response, "status_code", None) or 0
    body = getattr(response, "body", b"") or b""
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


_handles.WEBSOCKET_FALLBACK = (INSTALL_HINT, WebSocketStreamHandle, WebSocketUnavailableError, load_websockets)
