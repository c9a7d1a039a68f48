"""Stream handles: the connect / catch up / read / reconnect loop, on a background thread or the caller's."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Callable, Optional

from ..errors import (
    MastodonError,
    MastodonNetworkError,
)
from ..core.servers import may_be_stream_refusal, stream_refusal
from ..transport_deadline import Interrupt, interruptible
from .discovery import TRANSPORT_CACHE_KEY, streaming_base_url
from .dispatch import ListenerError
from .httpstream import SSEConnection, SSEUnavailable, open_event_stream, pump_sse
from .streams import StreamSpec

# Reconnection decisions without I/O, shared with the asyncio handles (the constants re-exported here).
from .policy import HEALTHY_AFTER_SEC, MAX_BACKOFF_SEC, Reconnect, backoff_wait, retryable
from .state import HandleState, SSEHandleState

__all__ = ["StreamHandle", "SSEStreamHandle", "ListenerError", "MAX_BACKOFF_SEC", "CLOSE_JOIN_SEC",
           "HEALTHY_AFTER_SEC"]

#: ``(INSTALL_HINT, WebSocketStreamHandle, WebSocketUnavailableError, load_websockets)`` of
#: :mod:`mastodon.streaming.websocket`, which sets it when imported: what an event stream that
#: finds no SSE endpoint switches to.
WEBSOCKET_FALLBACK: Any = None

log = logging.getLogger("mastodon.streaming")

#: How long close() waits for the stream thread to finish.
CLOSE_JOIN_SEC = 1.0


class _Stopped(Exception):
    """The handle was closed: unwinds a read loop without calling the listener again."""


class StreamHandle(HandleState):
    """A stream that runs until closed: connection, catching up, reading events, reconnecting.

    Returned by the ``stream_*`` methods with ``run_async=True``. The stream reads on a
    daemon thread and calls the listener there. Subclasses provide the transport
    (:class:`SSEStreamHandle`, :class:`~mastodon.streaming.websocket.WebSocketStreamHandle`).

    The first connection is made on that thread too, so a ``stream_*`` call returns at once
    whatever the server's state. With ``reconnect_async``, a connection that cannot be made
    or breaks (network failure, an end of the stream, silence past ``timeout``, malformed
    event, server error) is opened again after ``reconnect_async_wait_sec`` seconds,
    doubling the wait (up to two minutes) while the server stays unreachable or keeps
    breaking connections within :data:`HEALTHY_AFTER_SEC`; then the events missed in between
    are fetched through the REST API and delivered, oldest first, before the live ones (see
    the streaming documentation for what can and cannot be caught up on).
    """

    def __init__(self, api: Any, listener: Any, timeout: Optional[float], reconnect_async: bool,
                 reconnect_async_wait_sec: float) -> None:
        super().__init__(api, listener, timeout, reconnect_async, reconnect_async_wait_sec)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._conn: Any = None
        self._thread: Optional[threading.Thread] = None
        # Cuts the request that opens a connection, when close() comes before its answer.
        self._interrupt = Interrupt()

    # -- public --------------------------------------------------------------------------------------
    def close(self) -> None:
        """Stop the stream; safe to call from any thread (a listener method included), and more than once.

        Shuts the connection down so a read waiting on a silent server returns at once; the
        same for a connection still being opened (the answer's head awaited, with the client's
        own session; or an error answer's body being read), and a catch-up stops before its
        next REST call. Then waits (up to a second) for the stream thread to finish. No
        listener method is called after ``close`` returns, except one that was already running.
        """
        with self._lock:
            self._closed = True
            conn = self._conn
        self._stop.set()
        self._interrupt.fire()
        if conn is not None:
            conn.abort()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread() and thread.is_alive():
            thread.join(CLOSE_JOIN_SEC)

    def is_alive(self) -> bool:
        """Whether the stream thread is running (connected, catching up, or waiting to reconnect)."""
        thread = self._thread
        return thread is not None and thread.is_alive()

    def join(self, timeout: Optional[float] = None) -> None:
        """Wait for the stream thread to end (after :meth:`close`, or when the stream fails for good).

        :param timeout: give up waiting after this many seconds; None waits as long as it takes.
        """
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def __enter__(self) -> "StreamHandle":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- running -------------------------------------------------------------------------------------
    def start(self) -> "StreamHandle":
        """Run the stream on a daemon thread; returns the handle (starting twice does nothing)."""
        if self._thread is not None:
            return self
        thread = threading.Thread(target=self._run_background, name=f"mastodon-stream {self._describe()}",
                                  daemon=True)
        self._thread = thread
        thread.start()
        return self

    def run(self) -> None:
        """Run the stream in the calling thread until it is closed or fails (then the error is raised).

        A blocking stream does not reconnect: ``reconnect_async`` only applies to background streams.
        """
        self.reconnect_async = False
        self._main(blocking=True)

    def _run_background(self) -> None:
        try:
            self._main(blocking=False)
        except BaseException:  # pragma: no cover - the loop handles everything; this is the last net
            log.exception("stream thread failed")
        finally:
            self._receiving = False

    def _main(self, blocking: bool) -> None:
        """The work of the stream's thread (or of :meth:`run`)."""
        self._loop(blocking)

    def _loop(self, blocking: bool) -> None:
        # HEALTHY_AFTER_SEC read from this module at each run, so it can be tuned (tests do).
        plan = Reconnect(self.reconnect_async_wait_sec, HEALTHY_AFTER_SEC)
        while not self._closed:
            error: Optional[Exception] = None
            conn: Any = None
            wait = plan.wait()
            if wait is not None and not self._sleep(wait):
                break
            try:
                conn = self._open()
            except Exception as e:  # noqa: BLE001 - classified below, outside the except block
                error = e
            if conn is not None:
                if not self._attach(conn):
                    break
                reading_since: Optional[float] = None
                try:
                    self._prepare(conn)
                    self._catch_up(conn)
                    self._receiving = True
                    reading_since = time.monotonic()
                    self._read(conn)
                except _Stopped:
                    break
                except Exception as e:  # noqa: BLE001 - classified below, outside the except block
                    error = e
                finally:
                    self._receiving = False
                    self._detach(conn)
                read_for: Optional[float] = time.monotonic() - reading_since if reading_since is not None else None
            else:
                read_for = None
            if self._closed:
                break
            plan.ended(read_for)
            # Raised (blocking mode) outside the except blocks, so the error keeps its own context.
            if error is None or not self._failed(error, blocking):
                break
            self.reconnections += 1

    def _failed(self, error: Exception, blocking: bool) -> bool:
        """Report an error that ended a connection; True to reconnect."""
        if may_be_stream_refusal(error):
            lookup = getattr(self._api, "_server_software", None)  # the software, if a slow server kept it unknown
            try:
                error = stream_refusal(error, lookup() if lookup is not None else None)
            except MastodonError as e:  # no answer this time either: the stream's own error stands
                log.debug("no server software after the stream failed: %s", e)
        if isinstance(error, ListenerError):
            cause = error.error
            if blocking:
                raise cause
            self.error = cause
            log.error("the stream listener raised %r; stopping the stream %s", cause, self._describe())
            self._tell_abort(cause)
            return False
        if blocking:
            if isinstance(error, MastodonError):
                for listener in self._listeners():
                    listener.on_abort(error)
            raise error
        self.error = error
        if not self._tell_abort(error):
            return False
        if self.reconnect_async and retryable(error):
            # Expected in the life of a long stream, and handled: not worth a warning.
            log.info("stream %s broke (%s); reconnecting", self._describe(), error)
            return True
        log.warning("stream %s stopped: %s", self._describe(), error)
        return False

    def _tell_abort(self, error: BaseException) -> bool:
        listeners = self._listeners()
        ok = True
        for listener in listeners:
            try:
                listener.on_abort(error)
            except Exception:  # noqa: BLE001 - a failing on_abort ends the stream, and is logged
                log.exception("on_abort raised")
                ok = False
        return ok

    def _backoff(self, failures: int) -> float:
        return backoff_wait(self.reconnect_async_wait_sec, failures)

    def _sleep(self, seconds: float) -> bool:
        """Wait; False if the handle was closed meanwhile."""
        return not self._stop.wait(seconds)

    def _attach(self, conn: Any) -> bool:
        with self._lock:
            if not self._closed:
                self._conn = conn
                return True
        conn.abort()
        conn.release()
        return False

    def _detach(self, conn: Any) -> None:
        with self._lock:
            if self._conn is conn:
                self._conn = None
        conn.release()

    def _keep_going(self) -> bool:
        return not self._closed

    def guard(self, method: Callable[..., Any]) -> Callable[..., Any]:
        """Wrap a listener method: nothing is called once the handle is closed, and what it raises is marked."""
        def call(*args: Any) -> Any:
            if self._closed:
                raise _Stopped()
            try:
                return method(*args)
            except Exception as e:
                raise ListenerError(e) from e
        return call

    def _listener_wrap(self, method: Callable[..., Any]) -> Callable[..., Any]:
        return self.guard(method)

    # -- transport hooks -----------------------------------------------------------------------------
    def _open(self) -> Any:
        raise NotImplementedError

    def _prepare(self, conn: Any) -> None:
        """Right after a connection is attached (WebSocket: send the subscriptions)."""

    def _catch_up(self, conn: Any) -> None:
        raise NotImplementedError

    def _read(self, conn: Any) -> None:
        """Read the connection until it breaks (raise) or the handle is closed (return)."""
        raise NotImplementedError


class SSEStreamHandle(SSEHandleState, StreamHandle):  # type: ignore[misc]
    """A stream over HTTP server-sent events (the ``/api/v1/streaming/...`` endpoints).

    Made by the ``stream_*`` methods. On a server without event streams (it answers the
    first request with 404, 405, 410 or 426) the handle switches to the WebSocket transport
    by itself, when ``fallback`` allows it (the ``stream_*`` methods do); a
    :class:`~mastodon.streaming.websocket.WebSocketStreamHandle` then does the work on this
    handle's thread, and what this handle tells (``error``, ``reconnections``, ``transport``,
    :meth:`is_receiving`) comes from it.
    """

    def __init__(self, api: Any, spec: StreamSpec, listener: Any, timeout: Optional[float] = None,
                 reconnect_async: bool = False, reconnect_async_wait_sec: float = 5, fallback: bool = False) -> None:
        super().__init__(api, listener, timeout, reconnect_async, reconnect_async_wait_sec)
        self._sse_setup(spec, listener, fallback)

    def close(self) -> None:
        """Stop the stream (see :meth:`StreamHandle.close`): the HTTP connection is shut down at once."""
        with self._lock:
            self._closed = True  # a switch to WebSocket under way stops here
            delegate = self._delegate
        if delegate is not None:
            delegate.close()
        super().close()

    # -- the transport -------------------------------------------------------------------------------
    def _open(self) -> SSEConnection:
        base = streaming_base_url(self._api)
        try:
            with interruptible(self._interrupt):  # close() cuts the wait for the answer
                conn = open_event_stream(self._api, base + self.spec.path,  # type: ignore[operator]
                                         self.spec.query, self.timeout)
        except SSEUnavailable as e:
            if self._fallback:
                raise  # _failed turns to WebSocket
            raise e.error
        self._fallback = False
        return conn

    def _failed(self, error: Exception, blocking: bool) -> bool:
        if isinstance(error, SSEUnavailable):
            self._switch = error
            return False
        return super()._failed(error, blocking)

    def _main(self, blocking: bool) -> None:
        self._loop(blocking)
        if self._switch is not None and not self._closed:
            self._use_websocket(self._switch, blocking)

    def _use_websocket(self, unavailable: SSEUnavailable, blocking: bool) -> None:
        """Go on over WebSocket: the server answered that it has no event streams."""
        # The WebSocket transport builds on this module, so it lends itself here when imported
        # (mastodon.streaming imports it before opening a stream that may fall back).
        INSTALL_HINT, WebSocketStreamHandle, WebSocketUnavailableError, load_websockets = WEBSOCKET_FALLBACK
        api = self._api
        try:
            load_websockets()
        except WebSocketUnavailableError as missing:
            error = WebSocketUnavailableError(
                f"{api.api_base_url} has no server-sent-event streams ({unavailable.error}); streaming from it "
                f"needs the WebSocket transport: {INSTALL_HINT}")
            error.__cause__ = missing
            if blocking:
                raise error
            super()._failed(error, blocking)  # reported as any error that stops a background stream
            return
        log.info("%s has no server-sent-event streams (%s); using WebSocket", api.api_base_url, unavailable.error)
        api._cache[TRANSPORT_CACHE_KEY] = "websocket"
        ws = WebSocketStreamHandle._for_stream(api, self.spec, self.listener, self.timeout, self.reconnect_async,
                                               self.reconnect_async_wait_sec)
        with self._lock:
            if self._closed:
                return
            self._delegate = ws
        ws._main(blocking)

    def _catch_up(self, conn: SSEConnection) -> None:
        if self._catch_up_state is not None and self.reconnect_async:
            self._catch_up_state.run(self._dispatcher.deliver, self._keep_going)

    def _read(self, conn: SSEConnection) -> None:
        self._parser.reset()
        pump_sse(conn.read, self._parser, self.timeout, self._keep_going)
        if not self._closed:
            raise MastodonNetworkError("the server closed the stream")
