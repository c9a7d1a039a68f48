"""The total deadline in the sync shell, below ``requests``: a socket-level cut for a trickling answer head.

A read timeout bounds each wait for bytes, not the whole: a server that sends its status line
and headers one line every 200 ms never trips it (``http.client`` accepts 100 header lines of
64 KiB each). When ``request_timeout`` has a total (``(connect, read, total)``), the
transport shell sets the call's deadline for this thread (:func:`set_deadline`) and the
session the client makes itself (:func:`deadline_session`) reads the answer's head on
connections that arm a timer: at the deadline the socket is shut down, the blocked read
returns, and the exchange fails as a read timeout (:class:`~mastodon.MastodonReadTimeout`).
The body is read within the same deadline by the shell itself. A ``session`` of your own
keeps its adapters: there the head is bounded by the read timeout per read only.

The same cut serves a stream's ``close()`` from another thread: the stream's thread puts its
:class:`Interrupt` in place around the request that opens the stream (:func:`interruptible`),
and firing it shuts down the socket whose answer is awaited (the client's own session) or
the error body being read (any session), so the thread does not sit out a late or slow answer.
"""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager, nullcontext
from typing import Any, Callable, Iterator, Optional

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from .core.timeouts import error_body_budget, time_left

__all__ = ["set_deadline", "deadline_session", "DeadlineAdapter", "read_error_body", "Interrupt", "interruptible"]

_local = threading.local()


def set_deadline(deadline: Optional[float]) -> None:
    """The monotonic deadline of this thread's current exchange (None: none, or the exchange is over)."""
    _local.deadline = deadline


class Interrupt:
    """Lets another thread cut the exchange a thread is blocked in (what a stream's ``close()`` fires).

    While the thread waits for an answer's head or reads an error body, the read is *armed*
    here with a function that cuts it (shuts its socket down); :meth:`fire` calls that function
    and every one armed later at once. Firing is for good: the owner (a stream handle) is closed.
    """

    __slots__ = ("_lock", "_cuts", "fired")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cuts: list = []
        #: Whether :meth:`fire` was called.
        self.fired = False

    def fire(self) -> None:
        """Cut what is armed now, and what is armed from now on."""
        with self._lock:
            self.fired = True
            cuts, self._cuts = self._cuts, []
        for cut in cuts:
            cut()

    @contextmanager
    def armed(self, cut: Callable[[], None]) -> Iterator[None]:
        """Around a blocking read: ``cut()`` is called if (or as soon as) the interrupt fires."""
        with self._lock:
            fired = self.fired
            if not fired:
                self._cuts.append(cut)
        if fired:
            cut()
        try:
            yield
        finally:
            with self._lock:
                if cut in self._cuts:
                    self._cuts.remove(cut)


@contextmanager
def interruptible(interrupt: Optional[Interrupt]) -> Iterator[None]:
    """Make this thread's exchanges inside the block cuttable by ``interrupt`` (None: not)."""
    before = getattr(_local, "interrupt", None)
    _local.interrupt = interrupt
    try:
        yield
    finally:
        _local.interrupt = before


def _shut(sock: Any) -> None:
    """Shut a socket down under a reader blocked in it (the plain-socket call also for TLS: it
    cuts the transport without touching the TLS state the reader uses)."""
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except (OSError, TypeError):
        pass


def _cut(sock: Any, fired: threading.Event) -> None:
    fired.set()
    _shut(sock)


class _DeadlineConnectionMixin:
    """Reads the answer's head under a timer that shuts the socket down at the thread's deadline."""

    sock: Any

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        interrupt: Optional[Interrupt] = getattr(_local, "interrupt", None)
        if interrupt is None or self.sock is None:
            return self._getresponse_by_deadline(*args, **kwargs)
        sock = self.sock
        with interrupt.armed(lambda: _shut(sock)):
            return self._getresponse_by_deadline(*args, **kwargs)

    def _getresponse_by_deadline(self, *args: Any, **kwargs: Any) -> Any:
        left = time_left(getattr(_local, "deadline", None), time.monotonic())
        if left is None or self.sock is None:
            return super().getresponse(*args, **kwargs)  # type: ignore[misc]
        if left <= 0:
            raise TimeoutError("the total deadline passed before the answer")
        fired = threading.Event()
        timer = threading.Timer(left, _cut, (self.sock, fired))
        timer.daemon = True
        timer.start()
        try:
            return super().getresponse(*args, **kwargs)  # type: ignore[misc]
        except Exception as e:
            if fired.is_set():  # urllib3 reports a socket timeout as a read timeout
                raise TimeoutError("the answer's status line and headers did not arrive within the total deadline") \
                    from e
            raise
        finally:
            timer.cancel()


class _DeadlineHTTPConnection(_DeadlineConnectionMixin, HTTPConnection):
    pass


class _DeadlineHTTPSConnection(_DeadlineConnectionMixin, HTTPSConnection):
    pass


class _DeadlineHTTPPool(HTTPConnectionPool):
    ConnectionCls = _DeadlineHTTPConnection


class _DeadlineHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _DeadlineHTTPSConnection


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter, with connections that keep the total deadline while reading an answer's head."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _DeadlineHTTPPool, "https": _DeadlineHTTPSPool}


def deadline_session() -> requests.Session:
    """A new ``requests.Session`` whose http and https adapters keep the total deadline."""
    session = requests.Session()
    session.mount("https://", DeadlineAdapter())
    session.mount("http://", DeadlineAdapter())
    return session


def read_error_body(response: requests.Response, timeout: Optional[float]) -> None:
    """Read the body of a streamed error answer within :func:`~mastodon.core.timeouts.error_body_budget`.

    A server may answer a stream with an error status and an endless or huge body: at most
    the budget's bytes are read, and a timer shuts the connection down when its seconds are
    over (a read blocked on a silent server returns), or when this thread's :class:`Interrupt`
    fires (a stream closed meanwhile). What was read becomes ``response.content``, so the
    error mapping reads it as usual; the connection is not reused.
    """
    if response.__dict__.get("_content") is not False:
        return  # already read
    limit, seconds = error_body_budget(timeout)
    raw = response.raw
    timer = threading.Timer(seconds, _shutdown_raw, (raw,))
    timer.daemon = True
    timer.start()
    pieces = []
    size = 0
    deadline = time.monotonic() + seconds
    interrupt: Optional[Interrupt] = getattr(_local, "interrupt", None)
    try:
        with interrupt.armed(lambda: _shutdown_raw(raw)) if interrupt is not None else nullcontext():
            read = getattr(raw, "read1", None) or raw.read
            while size < limit and time.monotonic() < deadline:
                if interrupt is not None and interrupt.fired:
                    break
                piece = read(min(65536, limit - size))
                if not piece:
                    break
                pieces.append(piece)
                size += len(piece)
    except Exception:  # noqa: BLE001 - a cut or broken body: the error is told with what arrived
        pass
    finally:
        timer.cancel()
    response._content = b"".join(pieces)[:limit]
    response._content_consumed = True  # type: ignore[attr-defined]
    response.close()


def _shutdown_raw(raw: Any) -> None:
    shutdown = getattr(raw, "shutdown", None)  # urllib3 2.3+: unblocks a read from another thread
    try:
        if shutdown is not None:
            shutdown()
        else:  # pragma: no cover - older urllib3
            raw.close()
    except Exception:  # noqa: BLE001 - the connection is being dropped anyway
        pass
