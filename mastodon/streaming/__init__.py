"""Streaming: listeners, the stream_* methods and the handles of background streams.

``StreamingMixin`` holds the thin endpoint methods. Without I/O, and shared with the async
client (:mod:`mastodon.aio.streaming`): ``sse`` (parsing server-sent events), ``dispatch``
(from events to listener calls), ``protocol`` (what an answer means, the fallback to
WebSocket, WebSocket URLs, messages and routing), ``discovery`` (the streaming server's URL),
``policy`` (reconnection waits), ``backfill`` (catching up after a reconnection) and
``streams`` (which stream is where). The sync shells: ``httpstream`` (reading an event stream
with requests), ``handles`` (threads, reconnection) and ``websocket`` (the WebSocket transport).
"""

from __future__ import annotations

from .._foreign import check_install as _check_install
_check_install()  # before anything else: in a folder mixed with Mastodon.py's, its __init__ imports us

import importlib
import logging
from typing import TYPE_CHECKING, Any, Dict, Literal, Optional, Union, overload

from ..core.params import IdLike, unpack_id
from ..core.versions import api_version
from ..defaults import _DEFAULT_STREAM_RECONNECT_WAIT_SEC, _DEFAULT_STREAM_TIMEOUT
from ..errors import MastodonError, MastodonIllegalArgumentError
from .discovery import prepare_stream
from .listener import CallbackStreamListener, StreamListener

if TYPE_CHECKING:
    from .handles import SSEStreamHandle, StreamHandle
    from .websocket import WebSocketStreamHandle, WebSocketSubscription, WebSocketUnavailableError

#: Classes of the transports, loaded on first use: most programs never stream.
_LAZY_NAMES = {
    "StreamHandle": ".handles",
    "SSEStreamHandle": ".handles",
    "WebSocketStreamHandle": ".websocket",
    "WebSocketSubscription": ".websocket",
    "WebSocketUnavailableError": ".websocket",
}


def __getattr__(name: str) -> Any:
    module = _LAZY_NAMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "StreamingMixin",
    "StreamListener",
    "CallbackStreamListener",
    "StreamHandle",
    "SSEStreamHandle",
    "WebSocketStreamHandle",
    "WebSocketSubscription",
    "WebSocketUnavailableError",
]

log = logging.getLogger("mastodon.streaming")

from .discovery import TRANSPORT_CACHE_KEY  # noqa: E402 - set to "websocket" once a server had no SSE streams

#: What a stream_* call returns: None (blocking call, closed), a handle (run_async) or a subscription.
StreamResult = Optional[Union["StreamHandle", "WebSocketSubscription"]]


class StreamingMixin:
    """The streaming endpoints: live events over server-sent events or WebSocket."""

    _cache: Dict[str, Any]
    api_base_url: str
    _api_request: Any

    # -- the streams ----------------------------------------------------------------------------------
    # -- overloads written by codegen/stream_overloads.py: do not edit --
    @overload
    def stream_user(self, listener: StreamListener, run_async: Literal[False] = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: None = ...) -> None: ...
    @overload
    def stream_user(self, listener: StreamListener, *, run_async: Literal[True], timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: None = ...) -> StreamHandle: ...
    @overload
    def stream_user(self, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., *,
            websocket_handle: WebSocketStreamHandle) -> WebSocketSubscription: ...
    @overload
    def stream_user(self, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: Optional[WebSocketStreamHandle] = ...) -> StreamResult: ...
    # -- end of the generated overloads --
    @api_version("1.1.0", "1.4.2")
    def stream_user(self, listener: StreamListener, run_async: bool = False, timeout: float = _DEFAULT_STREAM_TIMEOUT,
                    reconnect_async: bool = False,
                    reconnect_async_wait_sec: float = _DEFAULT_STREAM_RECONNECT_WAIT_SEC,
                    websocket_handle: Optional[WebSocketStreamHandle] = None) -> StreamResult:
        """Stream the logged-in user's events: home timeline, notifications, and more (``user`` stream).

        Events: ``update``, ``delete``, ``status.update``, ``notification``, ``filters_changed``,
        ``announcement``, ``announcement.reaction``, ``announcement.delete``,
        ``notifications_merged``. Served by ``GET /api/v1/streaming/user``, or the WebSocket API
        on servers without SSE streams. Needs ``read:statuses`` and ``read:notifications``.

        :param listener: the :class:`StreamListener` that gets the events.
        :param run_async: return a :class:`StreamHandle` at once and connect and stream on a
            background thread (connection errors go to the listener's ``on_abort``); by default
            the call blocks, reading events, until an error is raised.
        :param timeout: seconds the stream may stay silent (the server sends a heartbeat every
            few seconds) before it counts as dead.
        :param reconnect_async: with ``run_async``, retry a connection that cannot be made
            (also the first one) or breaks, and deliver what was missed meanwhile (fetched
            through the REST API) before live events.
        :param reconnect_async_wait_sec: seconds before reconnecting; doubled after each failed
            attempt while the server stays down.
        :param websocket_handle: subscribe on this open WebSocket connection (see
            :meth:`stream_open_websocket`) instead of opening a connection; returns the
            :class:`WebSocketSubscription` at once.
        :returns: None for a blocking call (once the stream is closed from a listener), else
            the handle or subscription.
        """
        return self._stream("user", {}, listener, run_async, timeout, reconnect_async, reconnect_async_wait_sec,
                            websocket_handle)

    # -- overloads written by codegen/stream_overloads.py: do not edit --
    @overload
    def stream_user_notifications(self, listener: StreamListener, run_async: Literal[False] = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: None = ...) -> None: ...
    @overload
    def stream_user_notifications(self, listener: StreamListener, *, run_async: Literal[True], timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: None = ...) -> StreamHandle: ...
    @overload
    def stream_user_notifications(self, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., *,
            websocket_handle: WebSocketStreamHandle) -> WebSocketSubscription: ...
    @overload
    def stream_user_notifications(self, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: Optional[WebSocketStreamHandle] = ...) -> StreamResult: ...
    # -- end of the generated overloads --
    @api_version("1.4.2", "1.4.2")
    def stream_user_notifications(self, listener: StreamListener, run_async: bool = False,
                                  timeout: float = _DEFAULT_STREAM_TIMEOUT, reconnect_async: bool = False,
                                  reconnect_async_wait_sec: float = _DEFAULT_STREAM_RECONNECT_WAIT_SEC,
                                  websocket_handle: Optional[WebSocketStreamHandle] = None) -> StreamResult:
        """Stream only the logged-in user's notifications (``GET /api/v1/streaming/user/notification``).

        Events: ``notification``.

        :param listener: the :class:`StreamListener` that gets the events.
        :param run_async: return a handle at once and stream on a background thread; by default
            the call blocks until an error is raised.
        :param timeout: seconds of silence after which the connection counts as dead.
        :param reconnect_async: with ``run_async``, reconnect after failures and deliver what
            was missed meanwhile before live events.
        :param reconnect_async_wait_sec: seconds before reconnecting, doubled while the server
            stays down.
        :param websocket_handle: subscribe on this open WebSocket connection (from
            :meth:`stream_open_websocket`) and return the :class:`WebSocketSubscription` at once.
        :returns: None for a blocking call, else the :class:`StreamHandle` or :class:`WebSocketSubscription`.
        """
        return self._stream("user:notification", {}, listener, run_async, timeout, reconnect_async,
                            reconnect_async_wait_sec, websocket_handle)

    # -- overloads written by codegen/stream_overloads.py: do not edit --
    @overload
    def stream_public(self, listener: StreamListener, run_async: Literal[False] = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., local: bool = ..., remote: bool = ...,
            only_media: bool = ..., websocket_handle: None = ...) -> None: ...
    @overload
    def stream_public(self, listener: StreamListener, *, run_async: Literal[True], timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., local: bool = ..., remote: bool = ...,
            only_media: bool = ..., websocket_handle: None = ...) -> StreamHandle: ...
    @overload
    def stream_public(self, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., local: bool = ..., remote: bool = ...,
            only_media: bool = ..., *, websocket_handle: WebSocketStreamHandle) -> WebSocketSubscription: ...
    @overload
    def stream_public(self, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., local: bool = ..., remote: bool = ...,
            only_media: bool = ..., websocket_handle: Optional[WebSocketStreamHandle] = ...) -> StreamResult: ...
    # -- end of the generated overloads --
    @api_version("1.1.0", "1.4.2")
    def stream_public(self, listener: StreamListener, run_async: bool = False, timeout: float = _DEFAULT_STREAM_TIMEOUT,
                      reconnect_async: bool = False, reconnect_async_wait_sec: float = _DEFAULT_STREAM_RECONNECT_WAIT_SEC,
                      local: bool = False, remote: bool = False, only_media: bool = False,
                      websocket_handle: Optional[WebSocketStreamHandle] = None) -> StreamResult:
        """Stream the public (federated) timeline: every public status the server learns of.

        ``GET /api/v1/streaming/public``, ``/api/v1/streaming/public/local`` (``local``) or
        ``/api/v1/streaming/public/remote`` (``remote``, Mastodon 3.1.4+). Events: ``update``,
        ``delete``, ``status.update``. Servers since Mastodon 4.2 require a user token.

        :param listener: the :class:`StreamListener` that gets the events.
        :param run_async: return a handle at once and stream on a background thread; by default
            the call blocks until an error is raised.
        :param timeout: seconds of silence after which the connection counts as dead.
        :param reconnect_async: with ``run_async``, reconnect after failures and deliver what
            was missed meanwhile before live events.
        :param reconnect_async_wait_sec: seconds before reconnecting, doubled while the server
            stays down.
        :param local: only statuses posted on this server.
        :param remote: only statuses from other servers.
        :param only_media: only statuses with media attachments.
        :param websocket_handle: subscribe on this open WebSocket connection (from
            :meth:`stream_open_websocket`) and return the :class:`WebSocketSubscription` at once.
        :returns: None for a blocking call, else the :class:`StreamHandle` or :class:`WebSocketSubscription`.
        """
        from ..api.timelines import warn_if_feed_unavailable
        warn_if_feed_unavailable(self, "public", local, remote)  # as 2.x: a warning for visitors, then the stream
        from .streams import websocket_stream_name
        return self._stream(websocket_stream_name("public", local, remote, only_media), {}, listener, run_async,
                            timeout, reconnect_async, reconnect_async_wait_sec, websocket_handle)

    # -- overloads written by codegen/stream_overloads.py: do not edit --
    @overload
    def stream_local(self, listener: StreamListener, run_async: Literal[False] = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., only_media: bool = ...,
            websocket_handle: None = ...) -> None: ...
    @overload
    def stream_local(self, listener: StreamListener, *, run_async: Literal[True], timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., only_media: bool = ...,
            websocket_handle: None = ...) -> StreamHandle: ...
    @overload
    def stream_local(self, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., only_media: bool = ..., *,
            websocket_handle: WebSocketStreamHandle) -> WebSocketSubscription: ...
    @overload
    def stream_local(self, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., only_media: bool = ...,
            websocket_handle: Optional[WebSocketStreamHandle] = ...) -> StreamResult: ...
    # -- end of the generated overloads --
    @api_version("1.1.0", "1.4.2")
    def stream_local(self, listener: StreamListener, run_async: bool = False, timeout: float = _DEFAULT_STREAM_TIMEOUT,
                     reconnect_async: bool = False, reconnect_async_wait_sec: float = _DEFAULT_STREAM_RECONNECT_WAIT_SEC,
                     only_media: bool = False,
                     websocket_handle: Optional[WebSocketStreamHandle] = None) -> StreamResult:
        """Stream the local timeline: public statuses posted on this server (``GET /api/v1/streaming/public/local``).

        The same as ``stream_public(listener, local=True)``. Events: ``update``, ``delete``,
        ``status.update``.

        :param listener: the :class:`StreamListener` that gets the events.
        :param run_async: return a handle at once and stream on a background thread; by default
            the call blocks until an error is raised.
        :param timeout: seconds of silence after which the connection counts as dead.
        :param reconnect_async: with ``run_async``, reconnect after failures and deliver what
            was missed meanwhile before live events.
        :param reconnect_async_wait_sec: seconds before reconnecting, doubled while the server
            stays down.
        :param only_media: only statuses with media attachments.
        :param websocket_handle: subscribe on this open WebSocket connection (from
            :meth:`stream_open_websocket`) and return the :class:`WebSocketSubscription` at once.
        :returns: None for a blocking call, else the :class:`StreamHandle` or :class:`WebSocketSubscription`.
        """
        from .streams import websocket_stream_name
        return self._stream(websocket_stream_name("public", True, False, only_media), {}, listener, run_async,
                            timeout, reconnect_async, reconnect_async_wait_sec, websocket_handle)

    # -- overloads written by codegen/stream_overloads.py: do not edit --
    @overload
    def stream_hashtag(self, tag: str, listener: StreamListener, local: bool = ..., run_async: Literal[False] = ...,
            timeout: float = ..., reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: None = ...) -> None: ...
    @overload
    def stream_hashtag(self, tag: str, listener: StreamListener, local: bool = ..., *, run_async: Literal[True],
            timeout: float = ..., reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: None = ...) -> StreamHandle: ...
    @overload
    def stream_hashtag(self, tag: str, listener: StreamListener, local: bool = ..., run_async: bool = ...,
            timeout: float = ..., reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., *,
            websocket_handle: WebSocketStreamHandle) -> WebSocketSubscription: ...
    @overload
    def stream_hashtag(self, tag: str, listener: StreamListener, local: bool = ..., run_async: bool = ...,
            timeout: float = ..., reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: Optional[WebSocketStreamHandle] = ...) -> StreamResult: ...
    # -- end of the generated overloads --
    @api_version("1.1.0", "1.4.2")
    def stream_hashtag(self, tag: str, listener: StreamListener, local: bool = False, run_async: bool = False,
                       timeout: float = _DEFAULT_STREAM_TIMEOUT, reconnect_async: bool = False,
                       reconnect_async_wait_sec: float = _DEFAULT_STREAM_RECONNECT_WAIT_SEC,
                       websocket_handle: Optional[WebSocketStreamHandle] = None) -> StreamResult:
        """Stream public statuses with a hashtag (``GET /api/v1/streaming/hashtag?tag=...``).

        Events: ``update``, ``delete``, ``status.update``.

        :param tag: the hashtag, without the leading ``#``.
        :param local: only statuses posted on this server (``/api/v1/streaming/hashtag/local``).
        :param listener: the :class:`StreamListener` that gets the events.
        :param run_async: return a handle at once and stream on a background thread; by default
            the call blocks until an error is raised.
        :param timeout: seconds of silence after which the connection counts as dead.
        :param reconnect_async: with ``run_async``, reconnect after failures and deliver what
            was missed meanwhile before live events.
        :param reconnect_async_wait_sec: seconds before reconnecting, doubled while the server
            stays down.
        :param websocket_handle: subscribe on this open WebSocket connection (from
            :meth:`stream_open_websocket`) and return the :class:`WebSocketSubscription` at once.
        :returns: None for a blocking call, else the :class:`StreamHandle` or :class:`WebSocketSubscription`.
        """
        if not isinstance(tag, str) or not tag:
            raise MastodonIllegalArgumentError(f"tag must be a non-empty string; got {tag!r}")
        return self._stream("hashtag:local" if local else "hashtag", {"tag": tag}, listener, run_async, timeout,
                            reconnect_async, reconnect_async_wait_sec, websocket_handle)

    # -- overloads written by codegen/stream_overloads.py: do not edit --
    @overload
    def stream_list(self, id: IdLike, listener: StreamListener, run_async: Literal[False] = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: None = ...) -> None: ...
    @overload
    def stream_list(self, id: IdLike, listener: StreamListener, *, run_async: Literal[True], timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: None = ...) -> StreamHandle: ...
    @overload
    def stream_list(self, id: IdLike, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., *,
            websocket_handle: WebSocketStreamHandle) -> WebSocketSubscription: ...
    @overload
    def stream_list(self, id: IdLike, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: Optional[WebSocketStreamHandle] = ...) -> StreamResult: ...
    # -- end of the generated overloads --
    @api_version("2.1.0", "2.1.0")
    def stream_list(self, id: IdLike, listener: StreamListener, run_async: bool = False,
                    timeout: float = _DEFAULT_STREAM_TIMEOUT, reconnect_async: bool = False,
                    reconnect_async_wait_sec: float = _DEFAULT_STREAM_RECONNECT_WAIT_SEC,
                    websocket_handle: Optional[WebSocketStreamHandle] = None) -> StreamResult:
        """Stream the statuses of a list's members (``GET /api/v1/streaming/list?list=...``).

        Events: ``update``, ``delete``, ``status.update``.

        :param id: the list (id or List entity).
        :param listener: the :class:`StreamListener` that gets the events.
        :param run_async: return a handle at once and stream on a background thread; by default
            the call blocks until an error is raised.
        :param timeout: seconds of silence after which the connection counts as dead.
        :param reconnect_async: with ``run_async``, reconnect after failures and deliver what
            was missed meanwhile before live events.
        :param reconnect_async_wait_sec: seconds before reconnecting, doubled while the server
            stays down.
        :param websocket_handle: subscribe on this open WebSocket connection (from
            :meth:`stream_open_websocket`) and return the :class:`WebSocketSubscription` at once.
        :returns: None for a blocking call, else the :class:`StreamHandle` or :class:`WebSocketSubscription`.
        """
        return self._stream("list", {"list": unpack_id(id)}, listener, run_async, timeout, reconnect_async,
                            reconnect_async_wait_sec, websocket_handle)

    # -- overloads written by codegen/stream_overloads.py: do not edit --
    @overload
    def stream_direct(self, listener: StreamListener, run_async: Literal[False] = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: None = ...) -> None: ...
    @overload
    def stream_direct(self, listener: StreamListener, *, run_async: Literal[True], timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: None = ...) -> StreamHandle: ...
    @overload
    def stream_direct(self, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., *,
            websocket_handle: WebSocketStreamHandle) -> WebSocketSubscription: ...
    @overload
    def stream_direct(self, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: Optional[WebSocketStreamHandle] = ...) -> StreamResult: ...
    # -- end of the generated overloads --
    @api_version("2.6.0", "2.6.0")
    def stream_direct(self, listener: StreamListener, run_async: bool = False, timeout: float = _DEFAULT_STREAM_TIMEOUT,
                      reconnect_async: bool = False, reconnect_async_wait_sec: float = _DEFAULT_STREAM_RECONNECT_WAIT_SEC,
                      websocket_handle: Optional[WebSocketStreamHandle] = None) -> StreamResult:
        """Stream the user's direct conversations (``GET /api/v1/streaming/direct``).

        Events: ``conversation`` (a Conversation, each time one gets a new message).

        :param listener: the :class:`StreamListener` that gets the events.
        :param run_async: return a handle at once and stream on a background thread; by default
            the call blocks until an error is raised.
        :param timeout: seconds of silence after which the connection counts as dead.
        :param reconnect_async: with ``run_async``, reconnect after failures and deliver what
            was missed meanwhile before live events.
        :param reconnect_async_wait_sec: seconds before reconnecting, doubled while the server
            stays down.
        :param websocket_handle: subscribe on this open WebSocket connection (from
            :meth:`stream_open_websocket`) and return the :class:`WebSocketSubscription` at once.
        :returns: None for a blocking call, else the :class:`StreamHandle` or :class:`WebSocketSubscription`.
        """
        return self._stream("direct", {}, listener, run_async, timeout, reconnect_async, reconnect_async_wait_sec,
                            websocket_handle)

    @api_version("3.3.0", "3.3.0")
    def stream_open_websocket(self, listener: Optional[StreamListener] = None,
                              timeout: float = _DEFAULT_STREAM_TIMEOUT, reconnect_async: bool = False,
                              reconnect_async_wait_sec: float = _DEFAULT_STREAM_RECONNECT_WAIT_SEC
                              ) -> WebSocketStreamHandle:
        """Open one WebSocket connection to the streaming API (``/api/v1/streaming``) to subscribe streams on.

        Subscribe with :meth:`WebSocketStreamHandle.subscribe`, or pass the handle as
        ``websocket_handle`` to any ``stream_*`` method; each subscription has its own
        listener, and all share the connection. The connection is made and read on a
        background thread (always), so errors go to the listeners' ``on_abort``. Needs the
        ``websockets`` package: ``pip install 'mastodon-client[websocket]'``.

        :param listener: gets the server's error messages and events that match no
            subscription; also the default listener of :meth:`~WebSocketStreamHandle.subscribe`.
        :param timeout: seconds without an answer to keep-alive pings before the connection
            counts as dead.
        :param reconnect_async: retry a connection that cannot be made or breaks, subscribe
            everything again, and deliver what each subscription missed (see :meth:`stream_user`).
        :param reconnect_async_wait_sec: seconds before reconnecting, doubled while the server
            stays down.
        :returns: the running :class:`WebSocketStreamHandle`.
        """
        from .websocket import WebSocketStreamHandle, load_websockets
        load_websockets()
        handle = WebSocketStreamHandle(self, listener, timeout, reconnect_async, reconnect_async_wait_sec)
        return handle.start()  # type: ignore[return-value]

    @api_version("2.5.0", "2.5.0")
    def stream_healthy(self) -> bool:
        """Whether the streaming server is up (``GET /api/v1/streaming/health`` answers 200).

        On a server without that endpoint (it answers 404, as GoToSocial does, which streams
        over WebSocket only), whether a WebSocket connection to the streaming API opens.

        :returns: True if it is; False if it answers an error or cannot be reached.
        """
        from .discovery import streaming_base_url
        from .health import websocket_streaming_works
        try:
            base = streaming_base_url(self)
            self._api_request("GET", "/api/v1/streaming/health", base_url=base, auth=False, return_response=True)
        except MastodonError as e:
            log.debug("the streaming server is not healthy: %s", e)
            return websocket_streaming_works(self, e)
        return True

    # -- the one path all streams take ------------------------------------------------------------------
    def _stream(self, stream: str, params: Dict[str, Any], listener: StreamListener, run_async: bool,
                timeout: float, reconnect_async: bool, reconnect_async_wait_sec: float,
                websocket_handle: Optional[WebSocketStreamHandle]) -> StreamResult:
        """Open ``stream`` over the best transport and run it, blocking or on a thread."""
        from .handles import SSEStreamHandle, StreamHandle
        from .protocol import use_websocket_first
        from .streams import stream_spec
        from .websocket import WebSocketStreamHandle
        if websocket_handle is not None:
            return websocket_handle.subscribe(stream, listener, **params)
        if listener is None:
            raise MastodonIllegalArgumentError("a stream needs a listener (a StreamListener)")
        prepare_stream(self, TRANSPORT_CACHE_KEY, timeout)  # per software: no streaming at all, or WebSocket only
        spec = stream_spec(stream, **params)
        handle: StreamHandle
        if use_websocket_first(self._cache):
            handle = WebSocketStreamHandle._for_stream(self, spec, listener, timeout, reconnect_async,
                                                       reconnect_async_wait_sec)
        else:
            # Switches to WebSocket by itself if the server turns out to have no event streams.
            handle = SSEStreamHandle(self, spec, listener, timeout, reconnect_async, reconnect_async_wait_sec,
                                     fallback=True)
        if run_async:
            return handle.start()  # connects on its thread: nothing the server does is raised here
        handle.run()
        return None
