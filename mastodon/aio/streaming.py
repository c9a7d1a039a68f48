"""Streaming for :class:`~mastodon.aio.AsyncMastodon` (``stream_*`` coroutines and ``stream_events``).

The asyncio shell of the streaming machinery: it opens and reads connections with aiohttp
(server-sent events, and WebSocket through ``ws_connect`` on the client's session) and waits
with ``asyncio.sleep``. Everything it decides is decided where the sync client decides it:
SSE parsing (:class:`~mastodon.streaming.sse.SSEParser`), event decoding and listener
dispatch (:class:`~mastodon.streaming.dispatch.EventDispatcher`), the wire rules and the
fallback to WebSocket (:mod:`mastodon.streaming.protocol`), the discovery of the streaming
server (:func:`~mastodon.streaming.discovery.discovery_plan`), reconnection
(:mod:`mastodon.streaming.policy`) and the catch-up after a reconnection
(:class:`~mastodon.streaming.backfill.CatchUpRound`). No thread, no executor.

The client this mixes into provides ``api_base_url``, ``request_timeout``, ``_headers``,
``_cache``, ``async _api_request(...)`` (as the sync one, awaited) and
``async _aio_session() -> aiohttp.ClientSession``.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from typing import Any, Awaitable, Callable, Dict, List, Literal, Optional, Set, Tuple, TypeVar, Union, overload

import aiohttp

from ..core.params import IdLike, unpack_id
from ..core.redirects import REDIRECT_STATUSES, RedirectError, next_hop
from ..core.servers import apply_stream_transport, may_be_stream_refusal, stream_lookup_timeout, stream_refusal
from ..core.timeouts import error_body_budget
from ..core.versions import version_tuple
from ..defaults import _DEFAULT_STREAM_RECONNECT_WAIT_SEC, _DEFAULT_STREAM_TIMEOUT
from ..errors import (
    MastodonAPIError,
    MastodonError,
    MastodonIllegalArgumentError,
    MastodonNetworkError,
    MastodonReadTimeout,
)
from ..streaming import StreamingMixin
from ..streaming import policy
from ..streaming.backfill import CatchUp
from ..streaming.discovery import Discovery, ws_url
from ..streaming.dispatch import EventDispatcher, ListenerError, StreamEvent
from ..streaming.listener import StreamListener
from ..streaming.protocol import (
    TRANSPORT_CACHE_KEY,
    WEBSOCKET_MAX_MESSAGE,
    SSEUnavailable,
    check_event_stream,
    connect_timeout,
    distinct,
    event_stream_headers,
    handshake_error,
    ping_interval,
    route_websocket,
    subscribe_message,
    unsubscribe_message,
    use_websocket_first,
    websocket_url,
)
from ..streaming.sse import READ_SIZE
from ..streaming.state import HandleState, SSEHandleState
from ..streaming.streams import StreamSpec, Subscription, stream_method, stream_spec, websocket_stream_name

__all__ = ["AsyncStreamingMixin", "AsyncStreamHandle", "AsyncSSEStreamHandle", "AsyncWebSocketStreamHandle",
           "AsyncWebSocketSubscription", "EventStream", "StreamEvent", "CLOSE_WAIT_SEC"]

log = logging.getLogger("mastodon.streaming")

#: How long ``await handle.close()`` waits for the stream's task to finish.
CLOSE_WAIT_SEC = 1.0
#: Seconds a WebSocket's closing handshake may take before the connection is dropped.
WS_CLOSE_SEC = 0.5
#: Events a :class:`EventStream` holds for a loop that has not asked for them yet; the
#: connection is not read further meanwhile.
EVENT_BUFFER = 256

_F = TypeVar("_F", bound=Callable[..., Any])

#: The tasks of the running background streams.
_RUNNING: Set["asyncio.Future[None]"] = set()


async def _maybe_await(value: Any) -> Any:
    """``value``, awaited if it is awaitable (a listener method may be a plain function or ``async def``)."""
    if inspect.isawaitable(value):
        return await value
    return value


class _Calls:
    """Listener calls the dispatcher asked for, made (and awaited) by the stream's task, in order.

    The :class:`EventDispatcher` decides which listener methods an event goes to and calls
    them through :meth:`wrap`, which only notes the call; :meth:`run` then makes the calls one
    after the other, awaiting those that return an awaitable. What a listener method raises
    becomes :class:`ListenerError`; once the handle is closed, no further call is made.
    """

    __slots__ = ("pending", "_closed")

    def __init__(self, closed: Callable[[], bool]) -> None:
        self.pending: List[Tuple[Callable[..., Any], Tuple[Any, ...]]] = []
        self._closed = closed

    def wrap(self, method: Callable[..., Any]) -> Callable[..., None]:
        pending = self.pending

        def note(*args: Any) -> None:
            pending.append((method, args))
        return note

    async def run(self) -> None:
        pending = self.pending
        while pending:
            calls = pending[:]
            pending.clear()
            for method, args in calls:
                if self._closed():
                    pending.clear()
                    return
                try:
                    result = method(*args)
                    if inspect.isawaitable(result):
                        await result
                except Exception as e:
                    pending.clear()
                    raise ListenerError(e) from e


def _network_error(what: str, error: BaseException, timeout: Optional[float]) -> MastodonNetworkError:
    """The library error for what aiohttp or asyncio raised while opening or reading a stream."""
    if isinstance(error, (asyncio.TimeoutError, aiohttp.ServerTimeoutError)):
        after = f" ({timeout} s)" if timeout is not None else ""
        return MastodonReadTimeout(f"{what}: no answer within the timeout{after}")
    return MastodonNetworkError(f"{what}: {error!r}")


async def _read_error_body(response: aiohttp.ClientResponse, timeout: Optional[float]) -> bytes:
    """The start of an error answer's body, read within :func:`~mastodon.core.timeouts.error_body_budget`
    (as the sync shell does): an endless or trickling body ends the read, not the stream call."""
    limit, seconds = error_body_budget(timeout)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    pieces: List[bytes] = []
    size = 0
    try:
        while size < limit:
            left = deadline - loop.time()
            if left <= 0:
                break
            piece = await asyncio.wait_for(response.content.read(limit - size), left)
            if not piece:
                break
            pieces.append(piece)
            size += len(piece)
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
        pass  # a cut or broken body: the error is told with what arrived
    return b"".join(pieces)


async def _session_of(api: Any) -> aiohttp.ClientSession:
    return await api._aio_session()  # type: ignore[no-any-return]


async def _send_once(api: Any, url: str, headers: Dict[str, str], params: Any, connect: Optional[float],
                     read: Optional[float]) -> aiohttp.ClientResponse:
    """One ``GET`` with the client's session, redirects not followed, the body left unread.

    The answer's headers must come within ``connect + read`` seconds (a server that takes the
    connection and says nothing is a dead one), as the sync client's read timeout has it.
    """
    session = await _session_of(api)
    client_timeout = aiohttp.ClientTimeout(total=None, connect=connect, sock_connect=connect)
    within = (connect or 0) + read if read else None
    try:
        return await asyncio.wait_for(session.request("GET", url, params=params, headers=headers,
                                                      allow_redirects=False, timeout=client_timeout), within)
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError, ValueError, RuntimeError) as e:
        raise _network_error(f"GET {url}: could not open the stream", e, within) from e


async def _get(api: Any, url: str, headers: Dict[str, str], params: Any, timeout: Optional[float]
               ) -> aiohttp.ClientResponse:
    """``GET url`` following redirects as the core decides (the token never leaves the server)."""
    connect = connect_timeout(api.request_timeout, timeout)
    hops = 0
    while True:
        response = await _send_once(api, url, headers, params, connect, timeout)
        location = response.headers.get("Location")
        if response.status not in REDIRECT_STATUSES or location is None:
            return response
        response.release()
        hops += 1
        try:
            hop = next_hop(hops, response.status, str(response.url), location, "GET", headers, False, True)
        except RedirectError as e:
            raise MastodonNetworkError(f"GET {url}: could not follow the server's redirect: {e}") from e
        url, headers, params = hop.url, dict(hop.headers), None


async def streaming_base_url(api: Any) -> str:
    """The http(s) base URL of ``api``'s streaming server (see :func:`mastodon.streaming.discovery.discovery_plan`).

    Found once per client and kept in its cache; network failures are raised (nothing is cached).
    """
    discovery = Discovery(api)
    while discovery.probe is not None:
        probe = discovery.probe
        if probe.kind == "instance":
            try:
                discovery.answer(await api._api_request("GET", probe.target))
            except MastodonAPIError as e:
                discovery.answer(e)
        else:
            given = api.request_timeout
            response = await _send_once(api, probe.target, dict(api._headers), None, connect_timeout(given, None),
                                        given[1] if isinstance(given, tuple) else given)
            response.release()
            discovery.answer((response.status, response.headers.get("Location")))
    return discovery.result


# -- handles ---------------------------------------------------------------------------------------------
class AsyncStreamHandle(HandleState):
    """A stream running as an asyncio task: connection, catching up, reading events, reconnecting.

    Returned by the ``stream_*`` coroutines of ``AsyncMastodon`` with ``run_async=True``.
    Listener methods (plain or ``async def``) are called on the stream's task, one event at a
    time, in order. With ``reconnect_async``, a connection that cannot be made or breaks is
    opened again after ``reconnect_async_wait_sec`` seconds (doubled while the server stays
    down), and what was missed meanwhile is fetched through the REST API and delivered first,
    as by the sync client's handles.
    """

    def __init__(self, api: Any, listener: Any, timeout: Optional[float], reconnect_async: bool,
                 reconnect_async_wait_sec: float) -> None:
        super().__init__(api, listener, timeout, reconnect_async, reconnect_async_wait_sec)
        self._task: Optional["asyncio.Task[None]"] = None
        self._calls = _Calls(lambda: self._closed)

    # -- public --------------------------------------------------------------------------------------
    async def close(self) -> None:
        """Stop the stream and close its connection; waits (up to a second) for the task to end.

        Safe to call more than once, and from a listener method (the stream then stops after
        that method returns).
        """
        self._closed = True
        task = self._task
        if task is None or task.done():
            return
        current = asyncio.current_task()
        if task is current:
            return  # called from a listener: the loop sees _closed when the method returns
        task.cancel()
        await asyncio.wait({task}, timeout=CLOSE_WAIT_SEC)
        if task.done() and not task.cancelled():
            task.exception()  # retrieved: a failure was reported through on_abort already

    def is_alive(self) -> bool:
        """Whether the stream's task runs (connected, catching up, or waiting to reconnect)."""
        return self._task is not None and not self._task.done()

    async def join(self, timeout: Optional[float] = None) -> None:
        """Wait until the stream's task ends (after :meth:`close`, or when the stream stops for good).

        :param timeout: give up waiting after this many seconds; None waits as long as it takes.
        """
        task = self._task
        if task is not None and task is not asyncio.current_task():
            await asyncio.wait({task}, timeout=timeout)

    async def __aenter__(self) -> "AsyncStreamHandle":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    # -- running -------------------------------------------------------------------------------------
    def start(self) -> "AsyncStreamHandle":
        """Run the stream as a task of the running loop; returns the handle (starting twice does nothing)."""
        if self._task is None:
            self._task = task = asyncio.ensure_future(self._run_background())
            # The loop keeps only weak references to tasks: a handle nobody holds must keep running.
            _RUNNING.add(task)
            task.add_done_callback(_RUNNING.discard)
        return self

    async def run(self) -> None:
        """Run the stream in the calling task until it is closed or fails (then the error is raised).

        A stream run this way does not reconnect (``reconnect_async`` is for background streams).
        """
        self.reconnect_async = False
        await self._main(blocking=True)

    async def _run_background(self) -> None:
        try:
            await self._main(blocking=False)
        except Exception:  # pragma: no cover - the loop handles everything; this is the last net
            log.exception("stream task failed")
        finally:
            self._receiving = False

    async def _main(self, blocking: bool) -> None:
        await self._loop(blocking)

    async def _loop(self, blocking: bool) -> None:
        plan = policy.Reconnect(self.reconnect_async_wait_sec, policy.HEALTHY_AFTER_SEC)
        while not self._closed:
            wait = plan.wait()
            if wait is not None:
                await asyncio.sleep(wait)
                if self._closed:
                    break
            error: Optional[Exception] = None
            read_for: Optional[float] = None
            try:
                conn = await self._open()
            except (MastodonError, SSEUnavailable) as e:
                error = e
            else:
                since: Optional[float] = None
                try:
                    await self._prepare(conn)
                    await self._catch_up()
                    self._receiving = True
                    since = time.monotonic()
                    await self._read(conn)
                except (MastodonError, ListenerError) as e:
                    error = e
                finally:
                    self._receiving = False
                    if since is not None:
                        read_for = time.monotonic() - since
                    await self._release(conn)
            if self._closed:
                break
            plan.ended(read_for)
            if error is None or not await self._failed(error, blocking):
                break
            self.reconnections += 1

    async def _failed(self, error: Exception, blocking: bool) -> bool:
        """Report an error that ended a connection; True to reconnect (the sync handles' rules)."""
        if may_be_stream_refusal(error):
            lookup = getattr(self._api, "_server_software", None)  # the software, if a slow server kept it unknown
            try:
                error = stream_refusal(error, await lookup() if lookup is not None else None)
            except MastodonError as e:  # no answer this time either: the stream's own error stands
                log.debug("no server software after the stream failed: %s", e)
        if isinstance(error, ListenerError):
            cause = error.error
            if blocking:
                raise cause
            self.error = cause
            log.error("the stream listener raised %r; stopping the stream %s", cause, self._describe())
            await self._tell_abort(cause)
            return False
        if blocking:
            if isinstance(error, MastodonError):
                for listener in self._listeners():
                    await _maybe_await(listener.on_abort(error))
            raise error
        self.error = error
        if not await self._tell_abort(error):
            return False
        if self.reconnect_async and policy.retryable(error):
            log.info("stream %s broke (%s); reconnecting", self._describe(), error)
            return True
        log.warning("stream %s stopped: %s", self._describe(), error)
        return False

    async def _tell_abort(self, error: BaseException) -> bool:
        ok = True
        for listener in self._listeners():
            try:
                await _maybe_await(listener.on_abort(error))
            except Exception:  # noqa: BLE001 - a failing on_abort ends the stream, and is logged
                log.exception("on_abort raised")
                ok = False
        return ok

    def _listener_wrap(self, method: Callable[..., Any]) -> Callable[..., Any]:
        return self._calls.wrap(method)

    async def _run_catch_up(self, catch_up: CatchUp, dispatcher: EventDispatcher) -> int:
        """One catch-up round (:class:`~mastodon.streaming.backfill.CatchUpRound`) with awaited REST calls."""
        round = catch_up.plan()
        step = round.next_fetch()
        while step is not None:
            if self._closed:
                return 0  # closed meanwhile (by a listener, say): no further REST call
            try:
                page = await _maybe_await(step.call(self._api))
            except MastodonError as e:
                round.failed(e)
            else:
                round.page(page)
            step = round.next_fetch()
        delivered = 0
        if round.events:
            with catch_up.replaying():
                for name, item in round.events:
                    if self._closed:
                        break
                    dispatcher.deliver(name, item)
                    await self._calls.run()
                    delivered += 1
            log.info("caught up on %d missed event(s) after reconnecting", delivered)
        return delivered

    # -- transport hooks -----------------------------------------------------------------------------
    async def _open(self) -> Any:
        raise NotImplementedError

    async def _prepare(self, conn: Any) -> None:
        """Right after a connection is open (WebSocket: send the subscriptions)."""

    async def _catch_up(self) -> None:
        raise NotImplementedError

    async def _read(self, conn: Any) -> None:
        raise NotImplementedError

    async def _release(self, conn: Any) -> None:
        raise NotImplementedError



class AsyncSSEStreamHandle(SSEHandleState, AsyncStreamHandle):  # type: ignore[misc]
    """A stream over HTTP server-sent events, read with aiohttp.

    On a server without event streams (the first request answers 404, 405, 410 or 426) it
    goes on over WebSocket by itself when ``fallback`` allows it (the ``stream_*`` methods
    do), as the sync client does; an :class:`AsyncWebSocketStreamHandle` then does the work
    in this handle's task, and ``error``, ``reconnections``, ``transport`` and
    :meth:`is_receiving` come from it.
    """

    def __init__(self, api: Any, spec: StreamSpec, listener: Any, timeout: Optional[float] = None,
                 reconnect_async: bool = False, reconnect_async_wait_sec: float = 5, fallback: bool = False) -> None:
        super().__init__(api, listener, timeout, reconnect_async, reconnect_async_wait_sec)
        self._sse_setup(spec, listener, fallback)

    async def close(self) -> None:
        """Stop the stream (see :meth:`AsyncStreamHandle.close`)."""
        self._closed = True
        if self._delegate is not None:
            self._delegate._closed = True
        await super().close()

    async def _open(self) -> aiohttp.ClientResponse:
        if self.spec.path is None:
            # A stream name the SSE endpoints do not know: only the WebSocket API may have it.
            raise SSEUnavailable(MastodonAPIError(f"no event-stream endpoint for the {self.spec.stream!r} stream"))
        api = self._api
        url = await streaming_base_url(api) + self.spec.path
        response = await _get(api, url, event_stream_headers(api._headers), self.spec.query or None, self.timeout)
        try:
            content_type = response.headers.get("Content-Type", "")
            body = b""
            if response.status >= 400:
                body = await _read_error_body(response, self.timeout)
            check_event_stream(response.status, response.reason or "", content_type, body, url)
        except SSEUnavailable as e:
            response.release()
            if self._fallback:
                raise
            raise e.error from e
        except BaseException:
            response.release()
            raise
        self._fallback = False
        return response

    async def _catch_up(self) -> None:
        if self._catch_up_state is not None and self.reconnect_async:
            await self._run_catch_up(self._catch_up_state, self._dispatcher)

    async def _read(self, response: aiohttp.ClientResponse) -> None:
        parser, calls, content, timeout = self._parser, self._calls, response.content, self.timeout
        parser.reset()
        while not self._closed:
            try:
                if timeout:
                    chunk = await asyncio.wait_for(content.readany(), timeout)
                else:
                    chunk = await content.readany()
            except asyncio.TimeoutError as e:
                after = f" ({timeout} s)"
                raise MastodonReadTimeout(f"the stream was silent for longer than the read timeout{after}") from e
            except (aiohttp.ClientError, OSError) as e:
                if self._closed:
                    return
                raise MastodonNetworkError(f"the stream broke: {e!r}") from e
            if not chunk:
                break
            try:
                parser.feed(chunk)
            finally:
                if calls.pending:
                    await calls.run()
            if len(chunk) > READ_SIZE:
                await asyncio.sleep(0)  # a fast server: let the loop's other tasks run
        if not self._closed:
            raise MastodonNetworkError("the server closed the stream")

    async def _release(self, response: aiohttp.ClientResponse) -> None:
        response.close()

    async def _failed(self, error: Exception, blocking: bool) -> bool:
        if isinstance(error, SSEUnavailable):
            self._switch = error
            return False
        return await super()._failed(error, blocking)

    async def _main(self, blocking: bool) -> None:
        await self._loop(blocking)
        if self._switch is not None and not self._closed:
            await self._use_websocket(self._switch, blocking)

    async def _use_websocket(self, unavailable: SSEUnavailable, blocking: bool) -> None:
        """Go on over WebSocket: the server answered that it has no event streams."""
        api = self._api
        log.info("%s has no server-sent-event streams (%s); using WebSocket", api.api_base_url, unavailable.error)
        api._cache[TRANSPORT_CACHE_KEY] = "websocket"
        ws = AsyncWebSocketStreamHandle._for_stream(api, self.spec, self.listener, self.timeout,
                                                    self.reconnect_async, self.reconnect_async_wait_sec)
        if self._closed:
            return
        self._delegate = ws
        await ws._main(blocking)


class AsyncWebSocketSubscription(Subscription):
    """One stream subscribed on an :class:`AsyncWebSocketStreamHandle`'s connection, with its own listener."""

    handle: "AsyncWebSocketStreamHandle"

    async def close(self) -> None:
        """Unsubscribe (the connection stays open for the other subscriptions); idempotent."""
        if self.active:
            await self.handle.unsubscribe(self.spec.stream, **self.spec.params)


class AsyncWebSocketStreamHandle(AsyncStreamHandle):
    """A WebSocket connection to the streaming API (aiohttp's ``ws_connect`` on the client's session).

    Made by ``await api.stream_open_websocket()`` (and by the ``stream_*`` methods on servers
    that only speak WebSocket). Subscriptions (:meth:`subscribe`, or a ``stream_*`` method
    given ``websocket_handle``) survive reconnections: they are sent again on every new
    connection, and with ``reconnect_async`` each catches up on what it missed. ``listener``
    (optional) gets events that match no subscription and the server's error messages.
    """

    TRANSPORT = "websocket"

    def __init__(self, api: Any, listener: Any = None, timeout: Optional[float] = None,
                 reconnect_async: bool = False, reconnect_async_wait_sec: float = 5) -> None:
        super().__init__(api, listener, timeout, reconnect_async, reconnect_async_wait_sec)
        self._subs: Dict[Tuple[str, ...], AsyncWebSocketSubscription] = {}
        self._url_key: Optional[Tuple[str, ...]] = None
        self._default = self._make_dispatcher(listener, None, None) if listener is not None else None
        self._ws: Optional[aiohttp.ClientWebSocketResponse] = None

    @classmethod
    def _for_stream(cls, api: Any, spec: StreamSpec, listener: Any, timeout: Optional[float],
                    reconnect_async: bool, reconnect_async_wait_sec: float) -> "AsyncWebSocketStreamHandle":
        handle = cls(api, None, timeout, reconnect_async, reconnect_async_wait_sec)
        handle._add(spec, listener, in_url=True)
        return handle

    # -- subscriptions --------------------------------------------------------------------------------
    def subscriptions(self) -> List[AsyncWebSocketSubscription]:
        """The subscriptions that stand, oldest first."""
        return list(self._subs.values())

    async def subscribe(self, stream: str, listener: Any = None, **params: Any) -> AsyncWebSocketSubscription:
        """Subscribe to a stream on this connection (see the sync ``WebSocketStreamHandle.subscribe``).

        :param stream: the stream name (``user``, ``public:local``, ``hashtag``, ``list``, ...).
        :param listener: who gets the stream's events (default: the handle's listener).
        :param params: ``tag=`` for the hashtag streams, ``list=`` (id or List) for ``list``.
        :returns: the :class:`AsyncWebSocketSubscription` (the existing one if already subscribed).
        """
        sub = self._add(stream_spec(stream, **params), listener)
        ws = self._ws
        if ws is not None:
            await self._send(ws, subscribe_message(sub.spec))
        if sub.catch_up is not None and self.is_alive():
            try:
                await self._run_catch_up(sub.catch_up, sub.dispatcher)  # the first round takes the baseline
            except MastodonError as e:
                log.info("%r: no catch-up baseline yet (%s); it is taken at the next connection", sub, e)
        return sub

    async def unsubscribe(self, stream: str, **params: Any) -> "AsyncWebSocketStreamHandle":
        """Unsubscribe from a stream; nothing happens if it is not subscribed.

        :param stream: the stream's name, as given to :meth:`subscribe`.
        :param params: its parameters, as given to :meth:`subscribe`.
        :returns: this handle, like the sync handle's ``unsubscribe``.
        """
        spec = stream_spec(stream, **params)
        sub = self._subs.pop(spec.key, None)
        if sub is not None:
            sub.active = False
            ws = self._ws
            if ws is not None:
                await self._send(ws, unsubscribe_message(spec))
        return self

    async def close(self) -> None:
        """Close the connection and end every subscription."""
        await super().close()
        for sub in self._subs.values():
            sub.active = False

    def _add(self, spec: StreamSpec, listener: Any, in_url: bool = False) -> AsyncWebSocketSubscription:
        listener = listener if listener is not None else self.listener
        if listener is None:
            raise MastodonIllegalArgumentError("subscribe needs a listener (the handle has none)")
        sub = self._subs.get(spec.key)
        if sub is None:
            sub = AsyncWebSocketSubscription(self, spec, listener)
            self._subs[spec.key] = sub
            if in_url:
                self._url_key = spec.key
        return sub

    # -- transport ------------------------------------------------------------------------------------
    async def _open(self) -> aiohttp.ClientWebSocketResponse:
        api = self._api
        url_sub = self._subs.get(self._url_key) if self._url_key is not None else None
        url = websocket_url(ws_url(await streaming_base_url(api)), url_sub.spec if url_sub is not None else None)
        session = await _session_of(api)
        connect = connect_timeout(api.request_timeout, self.timeout)
        try:
            ws = await asyncio.wait_for(
                session.ws_connect(url, headers=dict(api._headers), heartbeat=ping_interval(self.timeout),
                                   max_msg_size=WEBSOCKET_MAX_MESSAGE, autoclose=True, autoping=True),
                min(x for x in (connect, 30.0) if x))
        except aiohttp.WSServerHandshakeError as e:
            raise handshake_error(e.status, (e.message or "").encode("utf-8", "replace"), url) from e
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError, ValueError, RuntimeError) as e:
            raise _network_error(f"{url}: could not open the WebSocket connection", e, connect) from e
        self._ws = ws
        return ws

    async def _prepare(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        for key, sub in list(self._subs.items()):
            if key != self._url_key:
                await self._send(ws, subscribe_message(sub.spec))

    async def _send(self, ws: aiohttp.ClientWebSocketResponse, message: Dict[str, Any]) -> None:
        try:
            await ws.send_json(message)
        except (aiohttp.ClientError, ConnectionError, RuntimeError) as e:
            log.debug("could not send %s: %r", message, e)  # a broken connection shows up in the read too

    async def _catch_up(self) -> None:
        if not self.reconnect_async:
            return
        for sub in self.subscriptions():
            if sub.catch_up is not None:
                await self._run_catch_up(sub.catch_up, sub.dispatcher)

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        calls = self._calls
        while not self._closed:
            message = await ws.receive()
            kind = message.type
            if kind == aiohttp.WSMsgType.TEXT or kind == aiohttp.WSMsgType.BINARY:
                try:
                    self._route(message.data)
                finally:
                    if calls.pending:
                        await calls.run()
                continue
            if self._closed:
                return
            if kind == aiohttp.WSMsgType.ERROR:
                error = ws.exception()
                if isinstance(error, (aiohttp.ServerTimeoutError, asyncio.TimeoutError)):
                    raise MastodonReadTimeout(
                        f"the streaming server stopped answering pings (timeout {self.timeout} s)") from error
                raise MastodonNetworkError(f"the WebSocket connection broke: {error!r}") from error
            raise MastodonNetworkError(f"the WebSocket connection closed (code {ws.close_code})")

    def _route(self, message: Any) -> None:
        """Send one message to the subscription it belongs to."""
        route_websocket(message, self._subs, self._default)

    async def _release(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self._ws = None
        try:
            await asyncio.wait_for(ws.close(), WS_CLOSE_SEC)
        except (asyncio.TimeoutError, aiohttp.ClientError, OSError, RuntimeError):
            pass

    def _listeners(self) -> List[Any]:
        return distinct([self.listener] + [s.listener for s in self.subscriptions()])

    def _describe(self) -> str:
        return "websocket [" + ", ".join(":".join(s.spec.for_stream) for s in self.subscriptions()) + "]"


# -- stream_events -----------------------------------------------------------------------------------------
class _Collector(StreamListener):
    """The listener behind :class:`EventStream`: every event becomes a :class:`StreamEvent` in a queue."""

    def __init__(self, queue: "asyncio.Queue[StreamEvent]") -> None:
        self._queue = queue

    async def on_any_event(self, name: str, data: Any = None,  # type: ignore[override]
                           for_stream: Optional[List[str]] = None) -> None:
        await self._queue.put(StreamEvent(name, data, for_stream))


class EventStream:
    """An async iterator of a stream's events: what ``AsyncMastodon.stream_events`` returns.

    Each item is a :class:`~mastodon.streaming.dispatch.StreamEvent` (``.event``, ``.payload``,
    ``.stream``). The connection is opened by the first ``__anext__`` and closed when the
    ``async for`` is left (by ``break``, ``return`` or an exception: the iterator is then
    dropped), by :meth:`aclose`, or at the end of ``async with``. An error that stops the
    stream for good is raised from the loop.
    """

    def __init__(self, make_handle: Callable[[Any], Awaitable[AsyncStreamHandle]]) -> None:
        self._make_handle = make_handle
        self._queue: Optional["asyncio.Queue[StreamEvent]"] = None
        self._handle: Optional[AsyncStreamHandle] = None
        self._done = False

    @property
    def handle(self) -> Optional[AsyncStreamHandle]:
        """The running stream's handle (None before the first event is asked for)."""
        return self._handle

    def __aiter__(self) -> "EventStream":
        return self

    async def __anext__(self) -> StreamEvent:
        if self._done:
            raise StopAsyncIteration
        if self._handle is None:
            self._queue = asyncio.Queue(EVENT_BUFFER)
            self._done = True  # until the stream runs: a refused stream ends the loop
            self._handle = (await self._make_handle(_Collector(self._queue))).start()
            self._done = False
        queue, handle = self._queue, self._handle
        assert queue is not None and handle._task is not None
        if not queue.empty():
            return queue.get_nowait()
        getter = asyncio.ensure_future(queue.get())
        try:
            await asyncio.wait({getter, handle._task}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            if not getter.done():
                getter.cancel()
        if getter.done() and not getter.cancelled():
            return getter.result()
        # The stream stopped for good.
        self._done = True
        closed, error = handle.closed, handle.error
        await handle.close()
        if error is not None and not closed:
            raise error
        raise StopAsyncIteration

    async def aclose(self) -> None:
        """Close the connection; the loop ends."""
        self._done = True
        if self._handle is not None:
            await self._handle.close()

    async def __aenter__(self) -> "EventStream":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()

    def __del__(self) -> None:
        handle = self._handle
        task = handle._task if handle is not None else None
        if task is not None and not task.done():
            # Left the loop without aclose(): stop the stream's task, which closes the connection.
            handle._closed = True  # type: ignore[union-attr]
            try:
                task.cancel()
            except RuntimeError:  # the loop is closed already: the connection went with it
                pass


# -- the mixin -----------------------------------------------------------------------------------------------
AsyncStreamResult = Optional[Union[AsyncStreamHandle, AsyncWebSocketSubscription]]


def _twin(sync_method: Callable[..., Any]) -> Callable[[_F], _F]:
    """Give a streaming coroutine the sync method's docstring, with what differs in the async client."""
    def decorate(func: _F) -> _F:
        func.__doc__ = (inspect.getdoc(sync_method) or "") + _ASYNC_NOTE
        func._mastodon_version = getattr(sync_method, "_mastodon_version", None)  # type: ignore[attr-defined]
        return func
    return decorate


_ASYNC_NOTE = """

In :class:`~mastodon.aio.AsyncMastodon` this is a coroutine: awaited without ``run_async`` it
reads the stream until it fails (or the awaiting task is cancelled); with ``run_async=True`` it returns an
:class:`~mastodon.aio.streaming.AsyncStreamHandle` at once (the stream runs as an asyncio task;
``await handle.close()`` stops it). Listener methods may be plain functions or ``async def``.
"""


class AsyncStreamingMixin:
    """The streaming methods of the async client, mixed into ``AsyncMastodon``.

    The same ``stream_*`` methods as :class:`~mastodon.streaming.StreamingMixin` (names,
    parameters, defaults), as coroutines, plus :meth:`stream_events`.
    """

    _cache: Dict[str, Any]
    api_base_url: str
    _api_request: Any

    # -- overloads written by codegen/stream_overloads.py: do not edit --
    @overload
    async def stream_user(self, listener: StreamListener, run_async: Literal[False] = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: None = ...) -> None: ...
    @overload
    async def stream_user(self, listener: StreamListener, *, run_async: Literal[True], timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: None = ...) -> AsyncStreamHandle: ...
    @overload
    async def stream_user(self, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., *,
            websocket_handle: AsyncWebSocketStreamHandle) -> AsyncWebSocketSubscription: ...
    @overload
    async def stream_user(self, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: Optional[AsyncWebSocketStreamHandle] = ...) -> AsyncStreamResult: ...
    # -- end of the generated overloads --
    @_twin(StreamingMixin.stream_user)
    async def stream_user(self, listener: StreamListener, run_async: bool = False,
                          timeout: float = _DEFAULT_STREAM_TIMEOUT, reconnect_async: bool = False,
                          reconnect_async_wait_sec: float = _DEFAULT_STREAM_RECONNECT_WAIT_SEC,
                          websocket_handle: Optional[AsyncWebSocketStreamHandle] = None) -> AsyncStreamResult:
        return await self._stream("stream_user", "user", {}, listener, run_async, timeout, reconnect_async,
                                  reconnect_async_wait_sec, websocket_handle)

    # -- overloads written by codegen/stream_overloads.py: do not edit --
    @overload
    async def stream_user_notifications(self, listener: StreamListener, run_async: Literal[False] = ...,
            timeout: float = ..., reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: None = ...) -> None: ...
    @overload
    async def stream_user_notifications(self, listener: StreamListener, *, run_async: Literal[True],
            timeout: float = ..., reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: None = ...) -> AsyncStreamHandle: ...
    @overload
    async def stream_user_notifications(self, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., *,
            websocket_handle: AsyncWebSocketStreamHandle) -> AsyncWebSocketSubscription: ...
    @overload
    async def stream_user_notifications(self, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: Optional[AsyncWebSocketStreamHandle] = ...) -> AsyncStreamResult: ...
    # -- end of the generated overloads --
    @_twin(StreamingMixin.stream_user_notifications)
    async def stream_user_notifications(self, listener: StreamListener, run_async: bool = False,
                                        timeout: float = _DEFAULT_STREAM_TIMEOUT, reconnect_async: bool = False,
                                        reconnect_async_wait_sec: float = _DEFAULT_STREAM_RECONNECT_WAIT_SEC,
                                        websocket_handle: Optional[AsyncWebSocketStreamHandle] = None
                                        ) -> AsyncStreamResult:
        return await self._stream("stream_user_notifications", "user:notification", {}, listener, run_async,
                                  timeout, reconnect_async, reconnect_async_wait_sec, websocket_handle)

    # -- overloads written by codegen/stream_overloads.py: do not edit --
    @overload
    async def stream_public(self, listener: StreamListener, run_async: Literal[False] = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., local: bool = ..., remote: bool = ...,
            only_media: bool = ..., websocket_handle: None = ...) -> None: ...
    @overload
    async def stream_public(self, listener: StreamListener, *, run_async: Literal[True], timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., local: bool = ..., remote: bool = ...,
            only_media: bool = ..., websocket_handle: None = ...) -> AsyncStreamHandle: ...
    @overload
    async def stream_public(self, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., local: bool = ..., remote: bool = ...,
            only_media: bool = ..., *, websocket_handle: AsyncWebSocketStreamHandle) -> AsyncWebSocketSubscription: ...
    @overload
    async def stream_public(self, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., local: bool = ..., remote: bool = ...,
            only_media: bool = ...,
            websocket_handle: Optional[AsyncWebSocketStreamHandle] = ...) -> AsyncStreamResult: ...
    # -- end of the generated overloads --
    @_twin(StreamingMixin.stream_public)
    async def stream_public(self, listener: StreamListener, run_async: bool = False,
                            timeout: float = _DEFAULT_STREAM_TIMEOUT, reconnect_async: bool = False,
                            reconnect_async_wait_sec: float = _DEFAULT_STREAM_RECONNECT_WAIT_SEC,
                            local: bool = False, remote: bool = False, only_media: bool = False,
                            websocket_handle: Optional[AsyncWebSocketStreamHandle] = None) -> AsyncStreamResult:
        return await self._stream("stream_public", websocket_stream_name("public", local, remote, only_media), {},
                                  listener, run_async, timeout, reconnect_async, reconnect_async_wait_sec,
                                  websocket_handle)

    # -- overloads written by codegen/stream_overloads.py: do not edit --
    @overload
    async def stream_local(self, listener: StreamListener, run_async: Literal[False] = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., only_media: bool = ...,
            websocket_handle: None = ...) -> None: ...
    @overload
    async def stream_local(self, listener: StreamListener, *, run_async: Literal[True], timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., only_media: bool = ...,
            websocket_handle: None = ...) -> AsyncStreamHandle: ...
    @overload
    async def stream_local(self, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., only_media: bool = ..., *,
            websocket_handle: AsyncWebSocketStreamHandle) -> AsyncWebSocketSubscription: ...
    @overload
    async def stream_local(self, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., only_media: bool = ...,
            websocket_handle: Optional[AsyncWebSocketStreamHandle] = ...) -> AsyncStreamResult: ...
    # -- end of the generated overloads --
    @_twin(StreamingMixin.stream_local)
    async def stream_local(self, listener: StreamListener, run_async: bool = False,
                           timeout: float = _DEFAULT_STREAM_TIMEOUT, reconnect_async: bool = False,
                           reconnect_async_wait_sec: float = _DEFAULT_STREAM_RECONNECT_WAIT_SEC,
                           only_media: bool = False,
                           websocket_handle: Optional[AsyncWebSocketStreamHandle] = None) -> AsyncStreamResult:
        return await self._stream("stream_local", websocket_stream_name("public", True, False, only_media), {},
                                  listener, run_async, timeout, reconnect_async, reconnect_async_wait_sec,
                                  websocket_handle)

    # -- overloads written by codegen/stream_overloads.py: do not edit --
    @overload
    async def stream_hashtag(self, tag: str, listener: StreamListener, local: bool = ...,
            run_async: Literal[False] = ..., timeout: float = ..., reconnect_async: bool = ...,
            reconnect_async_wait_sec: float = ..., websocket_handle: None = ...) -> None: ...
    @overload
    async def stream_hashtag(self, tag: str, listener: StreamListener, local: bool = ..., *, run_async: Literal[True],
            timeout: float = ..., reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: None = ...) -> AsyncStreamHandle: ...
    @overload
    async def stream_hashtag(self, tag: str, listener: StreamListener, local: bool = ..., run_async: bool = ...,
            timeout: float = ..., reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., *,
            websocket_handle: AsyncWebSocketStreamHandle) -> AsyncWebSocketSubscription: ...
    @overload
    async def stream_hashtag(self, tag: str, listener: StreamListener, local: bool = ..., run_async: bool = ...,
            timeout: float = ..., reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: Optional[AsyncWebSocketStreamHandle] = ...) -> AsyncStreamResult: ...
    # -- end of the generated overloads --
    @_twin(StreamingMixin.stream_hashtag)
    async def stream_hashtag(self, tag: str, listener: StreamListener, local: bool = False, run_async: bool = False,
                             timeout: float = _DEFAULT_STREAM_TIMEOUT, reconnect_async: bool = False,
                             reconnect_async_wait_sec: float = _DEFAULT_STREAM_RECONNECT_WAIT_SEC,
                             websocket_handle: Optional[AsyncWebSocketStreamHandle] = None) -> AsyncStreamResult:
        if not isinstance(tag, str) or not tag:
            raise MastodonIllegalArgumentError(f"tag must be a non-empty string; got {tag!r}")
        return await self._stream("stream_hashtag", "hashtag:local" if local else "hashtag", {"tag": tag}, listener,
                                  run_async, timeout, reconnect_async, reconnect_async_wait_sec, websocket_handle)

    # -- overloads written by codegen/stream_overloads.py: do not edit --
    @overload
    async def stream_list(self, id: IdLike, listener: StreamListener, run_async: Literal[False] = ...,
            timeout: float = ..., reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: None = ...) -> None: ...
    @overload
    async def stream_list(self, id: IdLike, listener: StreamListener, *, run_async: Literal[True], timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: None = ...) -> AsyncStreamHandle: ...
    @overload
    async def stream_list(self, id: IdLike, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., *,
            websocket_handle: AsyncWebSocketStreamHandle) -> AsyncWebSocketSubscription: ...
    @overload
    async def stream_list(self, id: IdLike, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: Optional[AsyncWebSocketStreamHandle] = ...) -> AsyncStreamResult: ...
    # -- end of the generated overloads --
    @_twin(StreamingMixin.stream_list)
    async def stream_list(self, id: IdLike, listener: StreamListener, run_async: bool = False,
                          timeout: float = _DEFAULT_STREAM_TIMEOUT, reconnect_async: bool = False,
                          reconnect_async_wait_sec: float = _DEFAULT_STREAM_RECONNECT_WAIT_SEC,
                          websocket_handle: Optional[AsyncWebSocketStreamHandle] = None) -> AsyncStreamResult:
        return await self._stream("stream_list", "list", {"list": unpack_id(id)}, listener, run_async, timeout,
                                  reconnect_async, reconnect_async_wait_sec, websocket_handle)

    # -- overloads written by codegen/stream_overloads.py: do not edit --
    @overload
    async def stream_direct(self, listener: StreamListener, run_async: Literal[False] = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: None = ...) -> None: ...
    @overload
    async def stream_direct(self, listener: StreamListener, *, run_async: Literal[True], timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: None = ...) -> AsyncStreamHandle: ...
    @overload
    async def stream_direct(self, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ..., *,
            websocket_handle: AsyncWebSocketStreamHandle) -> AsyncWebSocketSubscription: ...
    @overload
    async def stream_direct(self, listener: StreamListener, run_async: bool = ..., timeout: float = ...,
            reconnect_async: bool = ..., reconnect_async_wait_sec: float = ...,
            websocket_handle: Optional[AsyncWebSocketStreamHandle] = ...) -> AsyncStreamResult: ...
    # -- end of the generated overloads --
    @_twin(StreamingMixin.stream_direct)
    async def stream_direct(self, listener: StreamListener, run_async: bool = False,
                            timeout: float = _DEFAULT_STREAM_TIMEOUT, reconnect_async: bool = False,
                            reconnect_async_wait_sec: float = _DEFAULT_STREAM_RECONNECT_WAIT_SEC,
                            websocket_handle: Optional[AsyncWebSocketStreamHandle] = None) -> AsyncStreamResult:
        return await self._stream("stream_direct", "direct", {}, listener, run_async, timeout, reconnect_async,
                                  reconnect_async_wait_sec, websocket_handle)

    @_twin(StreamingMixin.stream_open_websocket)
    async def stream_open_websocket(self, listener: Optional[StreamListener] = None,
                                    timeout: float = _DEFAULT_STREAM_TIMEOUT, reconnect_async: bool = False,
                                    reconnect_async_wait_sec: float = _DEFAULT_STREAM_RECONNECT_WAIT_SEC
                                    ) -> AsyncWebSocketStreamHandle:
        await self._stream_version_check("stream_open_websocket")
        handle = AsyncWebSocketStreamHandle(self, listener, timeout, reconnect_async, reconnect_async_wait_sec)
        handle.start()
        return handle

    @_twin(StreamingMixin.stream_healthy)
    async def stream_healthy(self) -> bool:
        await self._stream_version_check("stream_healthy")
        try:
            base = await streaming_base_url(self)
            await self._api_request("GET", "/api/v1/streaming/health", base_url=base, auth=False,
                                    return_response=True)
        except MastodonError as e:
            log.debug("the streaming server is not healthy: %s", e)
            return False
        return True

    def stream_events(self, stream: str, *, timeout: float = _DEFAULT_STREAM_TIMEOUT, reconnect: bool = True,
                      reconnect_wait_sec: float = _DEFAULT_STREAM_RECONNECT_WAIT_SEC, **params: Any) -> EventStream:
        """The events of a stream as an async iterator: ``async for event in api.stream_events("user"): ...``.

        Each item is a :class:`~mastodon.streaming.dispatch.StreamEvent`: ``event.event`` is the
        event's name (``"update"``, ``"notification"``, ...), ``event.payload`` the value a
        listener method would get (a Status, a Notification, an id string, None), ``event.stream``
        the stream it belongs to (``["user"]``). Server-sent events, or WebSocket on servers
        without them (as the ``stream_*`` methods choose). Leaving the ``async for`` closes the
        connection (also ``await events.aclose()`` or ``async with api.stream_events(...) as events``).

        :param stream: the stream name, as the WebSocket API names it: ``user``,
            ``user:notification``, ``public``, ``public:media``, ``public:local``,
            ``public:local:media``, ``public:remote``, ``public:remote:media``, ``hashtag``,
            ``hashtag:local``, ``list``, ``direct``.
        :param timeout: seconds the stream may stay silent before the connection counts as dead.
        :param reconnect: reconnect after network failures and server errors, and deliver what
            was missed meanwhile (fetched through the REST API) before the live events, as
            ``reconnect_async`` does for the ``stream_*`` methods; errors that no new
            connection can mend (an invalid token, a stream that does not exist) are raised
            from the loop. Without, the first error is raised.
        :param reconnect_wait_sec: seconds before reconnecting, doubled while the server stays down.
        :param params: the stream's parameter: ``tag=`` for the hashtag streams, ``list=`` (id or
            List) for ``list``.
        :returns: the :class:`EventStream` (an async iterator of
            :class:`~mastodon.streaming.dispatch.StreamEvent`).

        Added in Mastodon 1.1.0 (the streams themselves: see each ``stream_*`` method). Each stream
        passes the version check of the ``stream_*`` method that opens it (streams with no method of
        their own, that of ``stream_open_websocket``), when the first event is awaited.
        """
        spec = stream_spec(stream, **params)

        async def make(listener: Any) -> AsyncStreamHandle:
            # The version gate of the stream_* method that opens this stream: it also tells the
            # software (from the instance's version) before the stream's bounded nodeinfo lookup.
            await self._stream_version_check(stream_method(spec.stream))
            await self._prepare_stream(timeout)
            return self._stream_handle(spec, listener, timeout, reconnect, reconnect_wait_sec)
        return EventStream(make)

    async def _prepare_stream(self, timeout: Optional[float]) -> None:
        """Per server software (:func:`~mastodon.core.servers.apply_stream_transport`): refuse a
        stream at once where there is no streaming API, go straight to WebSocket where that is the
        only one. An unknown software is looked up (nodeinfo) within the stream's timeout, at most 5 s."""
        bound = stream_lookup_timeout(timeout)[2]
        try:
            software = await asyncio.wait_for(self._server_software(), bound)  # type: ignore[attr-defined]
        except asyncio.TimeoutError:
            software = None  # not learned in time: stream as on Mastodon, and look again next time
        apply_stream_transport(self, TRANSPORT_CACHE_KEY, software)

    # -- the one path all streams take ------------------------------------------------------------------
    def _stream_handle(self, spec: StreamSpec, listener: Any, timeout: Optional[float], reconnect_async: bool,
                       reconnect_async_wait_sec: float) -> AsyncStreamHandle:
        if use_websocket_first(self._cache):
            return AsyncWebSocketStreamHandle._for_stream(self, spec, listener, timeout, reconnect_async,
                                                          reconnect_async_wait_sec)
        return AsyncSSEStreamHandle(self, spec, listener, timeout, reconnect_async, reconnect_async_wait_sec,
                                    fallback=True)

    async def _stream(self, name: str, stream: str, params: Dict[str, Any], listener: StreamListener,
                      run_async: bool, timeout: float, reconnect_async: bool, reconnect_async_wait_sec: float,
                      websocket_handle: Optional[AsyncWebSocketStreamHandle]) -> AsyncStreamResult:
        await self._stream_version_check(name)
        if websocket_handle is not None:
            return await websocket_handle.subscribe(stream, listener, **params)
        if listener is None:
            raise MastodonIllegalArgumentError("a stream needs a listener (a StreamListener)")
        await self._prepare_stream(timeout)
        handle = self._stream_handle(stream_spec(stream, **params), listener, timeout, reconnect_async,
                                     reconnect_async_wait_sec)
        if run_async:
            return handle.start()
        await handle.run()
        return None

    async def _stream_version_check(self, name: str) -> None:
        """The version gate of the sync ``name`` (its ``api_version`` mark), awaited as the client's twins do."""
        mode = getattr(self, "version_check_mode", "none")
        versions = getattr(getattr(StreamingMixin, name), "_mastodon_version", None)
        if mode == "none" or versions is None:
            return
        created, changed, api = versions
        await _maybe_await(self._check_version(  # type: ignore[attr-defined]
            name, version_tuple(changed if mode == "changed" else created), api))
