"""The state of a stream handle both clients keep, without I/O: settings, counters, dispatcher and catch-up.

The thread-based handles (:mod:`mastodon.streaming.handles`) and the asyncio ones
(:mod:`mastodon.aio.streaming`) derive from :class:`HandleState` and add how they run,
read and wait.
"""

from __future__ import annotations

from typing import Any, Callable, List, Optional

from .backfill import CatchUp
from .dispatch import EventDispatcher
from .protocol import SSEUnavailable
from .sse import SSEParser
from .streams import StreamSpec

__all__ = ["HandleState", "SSEHandleState"]


class HandleState:
    """What every stream handle knows: its client, listener, timeouts, reconnection settings and outcome."""

    #: The transport this kind of handle reads: ``"sse"`` (server-sent events) or ``"websocket"``.
    TRANSPORT = "sse"

    def __init__(self, api: Any, listener: Any, timeout: Optional[float], reconnect_async: bool,
                 reconnect_async_wait_sec: float) -> None:
        self._api = api
        self.listener = listener
        self.timeout = timeout
        self.reconnect_async = bool(reconnect_async)
        self.reconnect_async_wait_sec = max(float(reconnect_async_wait_sec), 0.0)
        #: The error that ended the last connection (None while none did).
        self.error: Optional[BaseException] = None
        #: How many times the handle set out to replace a connection that could not be made or broke.
        self.reconnections = 0
        self._closed = False
        self._receiving = False

    @property
    def transport(self) -> str:
        """The transport in use: ``"sse"``, or ``"websocket"`` (also after a switch to it on a
        server without event streams)."""
        return self.TRANSPORT

    @property
    def closed(self) -> bool:
        """Whether the handle was closed."""
        return self._closed

    def is_alive(self) -> bool:
        raise NotImplementedError

    def is_receiving(self) -> bool:
        """Whether a connection is open and being read right now (False while reconnecting)."""
        return self._receiving and not self._closed

    def __repr__(self) -> str:
        state = "closed" if self._closed else "receiving" if self.is_receiving() else \
            "alive" if self.is_alive() else "idle"
        return f"<{type(self).__name__} {self._describe()} {state}>"

    def _listener_wrap(self, method: Callable[..., Any]) -> Callable[..., Any]:
        """How the dispatcher calls a listener method (the shell's rules: closed handles, errors, awaiting)."""
        raise NotImplementedError

    def _make_dispatcher(self, listener: Any, spec: Optional[StreamSpec], catch_up: Optional[CatchUp]
                         ) -> EventDispatcher:
        return EventDispatcher(listener, spec.for_stream if spec is not None else None,
                               gate=catch_up.gate if catch_up is not None and catch_up.tracked else None,
                               wrap=self._listener_wrap)

    def _new_catch_up(self, spec: Optional[StreamSpec]) -> Optional[CatchUp]:
        if not self.reconnect_async or spec is None or not spec.sources:
            return None
        return CatchUp(self._api, spec.sources)

    def _listeners(self) -> List[Any]:
        return [self.listener] if self.listener is not None else []

    def _describe(self) -> str:
        return ""


class SSEHandleState:
    """An event-stream handle's own state: its stream, parser and catch-up, and, once it went over to
    WebSocket (``_delegate``), what that handle tells.

    Mixed into the SSE handles of both clients, before their handle base class; they call
    :meth:`_sse_setup` after the base class's ``__init__``.
    """

    TRANSPORT = "sse"
    _delegate: Any = None
    _error: Optional[BaseException] = None
    _reconnections = 0
    _closed: bool
    _new_catch_up: Callable[[Optional[StreamSpec]], Optional[CatchUp]]
    _make_dispatcher: Callable[[Any, Optional[StreamSpec], Optional[CatchUp]], EventDispatcher]

    def _sse_setup(self, spec: StreamSpec, listener: Any, fallback: bool) -> None:
        self._delegate = None  # the WebSocket handle, after a switch to it
        self.spec = spec
        self._fallback = fallback  # until the first connection is made
        self._switch: Optional[SSEUnavailable] = None
        self._catch_up_state = self._new_catch_up(spec)
        self._dispatcher = self._make_dispatcher(listener, spec, self._catch_up_state)
        self._parser = SSEParser(self._dispatcher.dispatch, self._dispatcher.heartbeat)

    def is_receiving(self) -> bool:
        """Whether a connection is open and being read right now (False while reconnecting)."""
        delegate = self._delegate
        if delegate is not None:
            return delegate.is_receiving() and not self._closed  # type: ignore[no-any-return]
        return super().is_receiving()  # type: ignore[misc,no-any-return]

    def _describe(self) -> str:
        delegate = self._delegate
        return delegate._describe() if delegate is not None else ":".join(self.spec.for_stream)  # type: ignore

    @property
    def error(self) -> Optional[BaseException]:
        """The error that ended the last connection (None while none did)."""
        return self._delegate.error if self._delegate is not None else self._error  # type: ignore[no-any-return]

    @error.setter
    def error(self, error: Optional[BaseException]) -> None:
        self._error = error

    @property
    def reconnections(self) -> int:
        """How many times the handle set out to replace a connection that could not be made or broke."""
        return self._reconnections + (self._delegate.reconnections if self._delegate is not None else 0)

    @reconnections.setter
    def reconnections(self, count: int) -> None:
        self._reconnections = count

    @property
    def transport(self) -> str:
        """The transport in use: ``"sse"``, or ``"websocket"`` after the switch."""
        return self._delegate.transport if self._delegate is not None else self.TRANSPORT  # type: ignore[no-any-return]
