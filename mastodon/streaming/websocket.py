"""The WebSocket transport: one connection carrying several subscriptions (needs the optional ``websockets`` package)."""

from __future__ import annotations

import json
import logging
import threading
from typing import Any, Dict, List, Optional, Tuple

from ..errors import (
    MastodonError,
    MastodonIllegalArgumentError,
    MastodonNetworkError,
    MastodonReadTimeout,
)
from .discovery import streaming_base_url, ws_url
from . import handles as _handles
from .handles import StreamHandle
from .protocol import (
    PING_INTERVAL_SEC,  # noqa: F401 - kept importable here
    WEBSOCKET_MAX_MESSAGE,
    distinct,
    handshake_error,
    ping_interval,
    route_websocket,
    subscribe_message,
    unsubscribe_message,
    websocket_url,
)
from .streams import StreamSpec, Subscription, stream_spec

__all__ = ["WebSocketStreamHandle", "WebSocketSubscription", "WebSocketUnavailableError", "load_websockets"]

log = logging.getLogger("mastodon.streaming")

#: Seconds close() lets the server take to answer the closing handshake.
CLOSE_TIMEOUT_SEC = 0.5

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


class WebSocketSubscription(Subscription):
    """One stream subscribed on a :class:`WebSocketStreamHandle`'s connection.

    Returned by :meth:`WebSocketStreamHandle.subscribe` and by the ``stream_*`` methods when
    given a ``websocket_handle``. Its events go to its own listener.
    """

    handle: "WebSocketStreamHandle"

    def close(self) -> None:
        """Unsubscribe (the connection stays open for the other subscriptions); idempotent."""
        if self.active:
            self.handle.unsubscribe(self.spec.stream, **self.spec.params)


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

    def unsubscribe(self, stream: str, **params: Any) -> "WebSocketStreamHandle":
        """Unsubscribe from a stream; nothing happens if it is not subscribed.

        :param stream: the stream's name, as given to :meth:`subscribe`.
        :param params: the stream's parameters, as given to :meth:`subscribe` (``tag=...``, ``list=...``).
        :returns: this handle (as in Mastodon.py 2.x), so calls can be chained.
        """
        spec = stream_spec(stream, **params)
        with self._lock:
            sub = self._subs.pop(spec.key, None)
            conn = self._conn
        if sub is None:
            return self
        sub.active = False
        if conn is not None:
            conn.send_json(unsubscribe_message(spec))
        return self

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
            conn.send_json(subscribe_message(spec))
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
        url = websocket_url(ws_url(streaming_base_url(api)), url_sub.spec if url_sub is not None else None)
        timeout = self.timeout
        ping = ping_interval(timeout)
        headers = {k: v for k, v in api._headers.items() if k != "User-Agent"}
        request_timeout = api.request_timeout[0] if isinstance(api.request_timeout, tuple) else api.request_timeout
        try:
            ws = websockets.sync.client.connect(
                url, additional_headers=headers, user_agent_header=api._headers.get("User-Agent"),
                open_timeout=min(x for x in (request_timeout, timeout, 30) if x), close_timeout=CLOSE_TIMEOUT_SEC,
                ping_interval=ping, ping_timeout=(timeout / 2 if timeout else None), max_size=WEBSOCKET_MAX_MESSAGE)
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
            conn.send_json(subscribe_message(sub.spec))

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
        route_websocket(message, self._subs, self._default)

    def _listeners(self) -> list:
        return distinct([self.listener] + [s.listener for s in self.subscriptions()])

    def _describe(self) -> str:
        return "websocket [" + ", ".join(":".join(s.spec.for_stream) for s in self.subscriptions()) + "]"


def _status_error(error: Any, url: str) -> MastodonError:
    """The API error for a refused WebSocket handshake (``websockets``' InvalidStatus)."""
    response = getattr(error, "response", None)
    return handshake_error(getattr(response, "status_code", None) or 0, getattr(response, "body", b"") or b"", url)


_handles.WEBSOCKET_FALLBACK = (INSTALL_HINT, WebSocketStreamHandle, WebSocketUnavailableError, load_websockets)
