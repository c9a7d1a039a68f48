"""The sync client's reader of an HTTP event stream (``requests``): opening it, reading it into an SSEParser.

The parsing is :class:`mastodon.streaming.sse.SSEParser` (no I/O); what an answer means is
:func:`mastodon.streaming.protocol.check_event_stream`, shared with the async client.
"""

from __future__ import annotations

import http.client
import socket
from typing import Any, Callable, Optional

import requests
import urllib3.exceptions

from ..errors import MastodonIllegalArgumentError, MastodonNetworkError, MastodonReadTimeout
from ..transport_deadline import read_error_body
from .protocol import (  # noqa: F401 - NO_SSE_STATUSES and SSEUnavailable stay importable here
    NO_SSE_STATUSES,
    NOT_A_STREAM,
    SSEUnavailable,
    check_event_stream,
    connect_timeout,
    event_stream_headers,
)
from .sse import READ_SIZE, SSEParser

__all__ = ["SSEConnection", "SSEUnavailable", "open_event_stream", "pump_sse", "pump_iter_content", "chunk_reader",
           "socket_of", "read_error"]


def chunk_reader(response: requests.Response) -> Callable[[int], bytes]:
    """A function returning the next bytes of a streamed response as soon as some are there.

    Uses ``read1`` (urllib3 2) or the underlying ``http.client`` response's ``read1``
    (older urllib3); both undo chunked transfer encoding. The stream is requested without
    content encoding, so nothing needs decompressing.
    """
    raw = response.raw
    read1 = getattr(raw, "read1", None)
    if read1 is not None:
        return read1  # type: ignore[no-any-return]
    fp = getattr(raw, "_fp", None)
    if fp is not None and hasattr(fp, "read1"):
        return fp.read1  # type: ignore[no-any-return]
    return lambda size: raw.read(size)  # pragma: no cover - last resort, blocks for `size` bytes


def socket_of(response: requests.Response) -> Optional[socket.socket]:
    """The socket a streamed response reads from, so another thread can shut it down."""
    raw = response.raw
    for path in (("_fp", "fp", "raw", "_sock"), ("_connection", "sock"), ("connection", "sock")):
        obj: Any = raw
        for attr in path:
            obj = getattr(obj, attr, None)
            if obj is None:
                break
        if isinstance(obj, socket.socket):
            return obj
    return None


#: What reading a broken stream can raise, depending on where it broke.
_READ_ERRORS = (OSError, ValueError, AttributeError, http.client.HTTPException, urllib3.exceptions.HTTPError,
                requests.exceptions.RequestException)
_TIMEOUTS = (socket.timeout, urllib3.exceptions.ReadTimeoutError, requests.exceptions.Timeout)


def _is_timeout(error: BaseException) -> bool:
    if isinstance(error, _TIMEOUTS):
        return True
    # requests' iter_content wraps a read timeout in a ConnectionError.
    return isinstance(error, requests.exceptions.ConnectionError) and bool(error.args) and \
        isinstance(error.args[0], _TIMEOUTS)


def read_error(error: BaseException, timeout: Optional[float]) -> MastodonNetworkError:
    """The library error for an exception raised while reading a stream."""
    if _is_timeout(error):
        after = f" ({timeout} s)" if timeout is not None else ""
        return MastodonReadTimeout(f"the stream was silent for longer than the read timeout{after}")
    return MastodonNetworkError(f"the stream broke: {error!r}")


def pump_sse(read: Callable[[int], bytes], parser: SSEParser, timeout: Optional[float] = None,
             keep_going: Callable[[], bool] = lambda: True) -> None:
    """Read an event stream into ``parser`` until it ends or ``keep_going()`` turns false.

    Returns normally in both cases (an event cut off by the end is dropped). Raises
    :class:`MastodonReadTimeout` when the stream stays silent past the read timeout and
    :class:`MastodonNetworkError` when the connection breaks (a read error while
    ``keep_going()`` holds).
    """
    feed = parser.feed
    while keep_going():
        try:
            chunk = read(READ_SIZE)
        except _READ_ERRORS as e:
            if not keep_going():
                return
            raise read_error(e, timeout) from e
        if not chunk:
            return
        feed(chunk)


def _chunk_size(response: Any) -> int:
    """The chunk size to ask ``iter_content`` for without stalling the stream.

    ``requests`` hands out the chunks of a chunked response as they arrive, whatever the size
    asked for; for any other body it waits until it has the full size, so one byte at a time
    is the only size that never holds an event back.
    """
    headers = getattr(response, "headers", None)
    try:
        encoding = headers.get("Transfer-Encoding", "") if headers is not None else ""
    except Exception:  # noqa: BLE001 - a caller's object with odd headers: take the safe size
        encoding = ""
    if isinstance(encoding, str) and "chunked" in encoding.lower():
        return READ_SIZE
    return READ_SIZE if not isinstance(response, requests.Response) else 1


def pump_iter_content(response: Any, parser: SSEParser) -> None:
    """Feed ``response.iter_content(chunk_size)`` into ``parser`` until the body ends.

    Works on anything with an ``iter_content`` like a ``requests.Response`` (nothing else of
    the object is used, except the ``raw.read1`` of a ``requests.Response`` whose body is not
    sent chunked). Returns normally when the body ends; raises
    :class:`MastodonReadTimeout` / :class:`MastodonNetworkError` when reading fails, and
    :class:`MastodonIllegalArgumentError` when the object cannot be read as a stream.
    """
    iter_content = getattr(response, "iter_content", None)
    if not callable(iter_content):
        raise MastodonIllegalArgumentError(
            f"handle_stream needs an object with iter_content(chunk_size) (a requests.Response); "
            f"got {type(response).__name__}")
    size = _chunk_size(response)
    read1 = getattr(getattr(response, "raw", None), "read1", None) if size == 1 else None
    if read1 is not None:
        # urllib3 2's read1 returns what has arrived, decoded as iter_content would: one byte
        # per iter_content step would cost milliseconds per event.
        pump_sse(lambda n: read1(n, decode_content=True), parser)
        return
    feed = parser.feed
    try:
        chunks = iter(iter_content(size))
    except _READ_ERRORS as e:
        raise read_error(e, None) from e
    except TypeError as e:
        raise MastodonIllegalArgumentError(f"iter_content of {type(response).__name__} failed: {e}") from e
    while True:
        try:
            chunk = next(chunks)
        except StopIteration:
            return
        except _READ_ERRORS as e:
            raise read_error(e, None) from e
        if chunk.__class__ is not bytes:
            if isinstance(chunk, str):
                chunk = chunk.encode("utf-8")
            elif isinstance(chunk, (bytearray, memoryview)):
                chunk = bytes(chunk)
            else:
                raise MastodonIllegalArgumentError(
                    f"iter_content of {type(response).__name__} yielded {type(chunk).__name__}, not bytes")
        if chunk:
            feed(chunk)


class SSEConnection:
    """An open event stream: ``read(n)`` returns the next bytes; ``abort()`` works from any thread."""

    __slots__ = ("response", "read", "_sock")

    def __init__(self, response: requests.Response) -> None:
        self.response = response
        self.read = chunk_reader(response)
        self._sock = socket_of(response)

    def abort(self) -> None:
        """Make a read blocked on this connection return now (it then sees the end of the stream)."""
        sock = self._sock
        if sock is not None:
            try:
                # The plain-socket method also for TLS sockets: it cuts the transport under a
                # reader that may be inside SSL_read, without touching the TLS state it uses.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
                return
            except OSError:
                pass
        self.release()

    def release(self) -> None:
        try:
            self.response.close()
        except Exception:  # noqa: BLE001 - closing a broken response may raise anything; it is gone anyway
            pass


def open_event_stream(api: Any, url: str, params: Any, timeout: Optional[float]) -> SSEConnection:
    """Open ``GET url`` as an event stream with the client's session and headers.

    ``timeout`` is the longest silence allowed between two reads. Raises the API error the
    status maps to, :class:`SSEUnavailable` when the server has no such endpoint, and
    :class:`MastodonNetworkError` when it cannot be reached or answers something that is
    not an event stream.
    """
    headers = event_stream_headers(api._headers)
    response = api._http("GET", url, headers, params=params or None, stream=True,
                         timeout=(connect_timeout(api.request_timeout, timeout), timeout))
    status, kind = response.status_code, response.headers.get("Content-Type", "")
    if status >= 400 or kind.lower().startswith(NOT_A_STREAM):
        try:
            if status >= 400:
                read_error_body(response, timeout)  # capped in size and time: an error body may be endless
            check_event_stream(status, response.reason, kind, response.content if status >= 400 else b"", url)
        finally:
            response.close()
    return SSEConnection(response)
