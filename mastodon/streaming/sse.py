"""Server-sent events: an incremental parser (bytes in, events out) and the reader of an HTTP event stream."""

from __future__ import annotations

import http.client
import socket
from typing import Any, Callable, List, Optional, Union

import requests
import urllib3.exceptions

from ..errors import (
    MastodonAPIError,
    MastodonIllegalArgumentError,
    MastodonMalformedEventError,
    MastodonNetworkError,
    MastodonReadTimeout,
)
from ..transport_deadline import read_error_body

__all__ = ["SSEParser", "SSEConnection", "SSEUnavailable", "open_event_stream", "pump_sse", "pump_iter_content",
           "chunk_reader", "socket_of", "READ_SIZE", "MAX_EVENT_BYTES"]

#: Bytes asked for per read; a read returns as soon as anything is there, so this is only an upper bound.
READ_SIZE = 65536
#: The largest event (its unfinished line plus its data so far) the parser holds before giving up on
#: the stream: the WebSocket transport's message limit, far above anything a server sends.
MAX_EVENT_BYTES = 16 * 1024 * 1024

#: Called with (event name, data) for every complete event; data is None when the event had no data line.
EventCallback = Callable[[str, Optional[bytes]], Any]
CommentCallback = Callable[[bytes], Any]

_LF = b"\n"
_CR = b"\r"
_CRLF = b"\r\n"


class SSEParser:
    """Turns the bytes of a ``text/event-stream`` into events, whatever the chunking.

    Feed it byte chunks as they arrive; ``on_event(name, data)`` is called for every
    complete event (``name`` is ``""`` when the event named none; ``data`` is the ``data:``
    lines joined with ``\\n``, as bytes, or None if there was none), ``on_comment(line)`` for
    every comment line (``:thump`` heartbeats).
    Lines may end with LF, CRLF or CR, and a chunk may end anywhere, even inside a CRLF.
    Fields other than ``event`` and ``data`` (``id``, ``retry``, unknown ones) are ignored.

    An event is dispatched when a blank line ends it, as the SSE format says; unlike the
    browser algorithm, an event that has a name but no data line is dispatched too (with
    ``data=None``), since some servers send payload-less events that way.

    Whatever the bytes, :meth:`feed` raises nothing of its own but
    :class:`MastodonMalformedEventError`: for an event name that is not UTF-8, and for an
    event that grows past ``max_event_bytes`` (a server sending one endless line must not
    exhaust memory); the parser is reset for the next event first. What the callbacks raise
    passes through.
    """

    __slots__ = ("_on_event", "_on_comment", "_pending", "_pending_size", "_name", "_data", "_data_size",
                 "_skip_lf", "_names", "max_event_bytes")

    def __init__(self, on_event: EventCallback, on_comment: Optional[CommentCallback] = None,
                 max_event_bytes: Optional[int] = None) -> None:
        self._on_event = on_event
        self._on_comment = on_comment
        self._pending: List[bytes] = []  # bytes of an unfinished line
        self._pending_size = 0
        self._name: Optional[bytes] = None
        self._data: Union[None, bytes, List[bytes]] = None
        self._data_size = 0
        self._skip_lf = False  # the last chunk ended in CR: a LF starting the next one belongs to it
        self._names: dict = {}  # event name bytes -> str, so each name is decoded once
        #: The size limit of one event, in bytes.
        self.max_event_bytes = MAX_EVENT_BYTES if max_event_bytes is None else max_event_bytes

    def feed(self, chunk: bytes) -> None:
        """Parse one chunk of the stream, calling the callbacks for what it completes."""
        if self._skip_lf:
            self._skip_lf = False
            if chunk[:1] == _LF:
                chunk = chunk[1:]
        if _CR in chunk:
            if chunk[-1:] == _CR:
                self._skip_lf = True
            chunk = chunk.replace(_CRLF, _LF).replace(_CR, _LF)
        if _LF not in chunk:
            if chunk:
                self._pending.append(chunk)
                self._pending_size += len(chunk)
                if self._pending_size + self._data_size > self.max_event_bytes:
                    self._overflow()
            return
        pending = self._pending
        if pending:
            pending.append(chunk)
            chunk = b"".join(pending)
            pending.clear()
        lines = chunk.split(_LF)
        rest = lines.pop()
        self._pending_size = len(rest)
        if rest:
            pending.append(rest)

        name = self._name
        data = self._data
        size = self._data_size
        for line in lines:
            if not line:
                if name or data is not None:  # (an empty name without data is nothing)
                    # Reset the parser's state before calling out, so a callback that raises
                    # leaves it consistent.
                    self._name = self._data = None
                    self._data_size = size = 0
                    self._emit(name, data)
                    name = data = None
                continue
            first = line[0]
            if first == 100 and line[:5] == b"data:":  # "d"
                value = line[6:] if line[5:6] == b" " else line[5:]
                size += len(value) + 1
                if data is None:
                    data = value
                elif data.__class__ is list:
                    data.append(value)  # type: ignore[union-attr]
                else:
                    data = [data, value]  # type: ignore[list-item]
            elif first == 101 and line[:6] == b"event:":  # "e"
                name = line[7:] if line[6:7] == b" " else line[6:]
            elif first == 58:  # ":" starts a comment
                if self._on_comment is not None:
                    self._on_comment(line)
            elif line == b"data":  # a field name alone stands for an empty value
                size += 1
                data = b"" if data is None else (data + [b""] if data.__class__ is list  # type: ignore[operator]
                                                 else [data, b""])  # type: ignore[list-item]
            elif line == b"event":
                name = b""
            # id, retry and unknown fields carry nothing Mastodon uses
        self._name = name
        self._data = data
        self._data_size = size
        if size + self._pending_size > self.max_event_bytes:
            self._overflow()

    def _emit(self, name: Optional[bytes], data: Union[None, bytes, List[bytes]]) -> None:
        if not name:
            text = ""
        else:
            text = self._names.get(name)  # type: ignore[assignment]
            if text is None:
                try:
                    text = name.decode("utf-8")
                except UnicodeDecodeError as e:
                    raise MastodonMalformedEventError(f"an event name is not UTF-8: {name[:100]!r}") from e
                if len(self._names) < 64:
                    self._names[name] = text
        if data.__class__ is list:
            data = _LF.join(data)  # type: ignore[arg-type]
        self._on_event(text, data)  # type: ignore[arg-type]

    def _overflow(self) -> None:
        self.reset()
        raise MastodonMalformedEventError(f"an event is larger than {self.max_event_bytes} bytes")

    def reset(self) -> None:
        """Forget a partly received event (after a reconnection)."""
        self._pending.clear()
        self._pending_size = self._data_size = 0
        self._name = self._data = None
        self._skip_lf = False


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


#: Statuses that mean "no event streams here" (GoToSocial and others speak only WebSocket; a
#: WebSocket-only server answers 426 to plain HTTP).
NO_SSE_STATUSES = frozenset((404, 405, 410, 426))
#: Content types that are certainly not an event stream (an error or proxy page with status 200).
_NOT_A_STREAM = ("application/json", "text/html")


class SSEUnavailable(Exception):
    """The server has no server-sent-events endpoint for a stream; ``error`` is what it answered."""

    def __init__(self, error: MastodonAPIError) -> None:
        super().__init__(str(error))
        self.error = error


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


def _connect_timeout(request_timeout: Any, timeout: Optional[float]) -> Optional[float]:
    connect = request_timeout[0] if isinstance(request_timeout, tuple) else request_timeout
    if connect is None:
        return timeout
    return connect if timeout is None else min(connect, timeout)


def open_event_stream(api: Any, url: str, params: Any, timeout: Optional[float]) -> SSEConnection:
    """Open ``GET url`` as an event stream with the client's session and headers.

    ``timeout`` is the longest silence allowed between two reads. Raises the API error the
    status maps to, :class:`SSEUnavailable` when the server has no such endpoint, and
    :class:`MastodonNetworkError` when it cannot be reached or answers something that is
    not an event stream.
    """
    headers = {**api._headers, "Accept": "text/event-stream", "Accept-Encoding": "identity",
               "Cache-Control": "no-cache"}
    response = api._http("GET", url, headers, params=params or None, stream=True,
                         timeout=(_connect_timeout(api.request_timeout, timeout), timeout))
    if response.status_code >= 400:
        try:
            read_error_body(response, timeout)  # capped in size and time: an error body may be endless
            api._raise_for_response(response, "GET", url)
        except MastodonAPIError as e:
            if response.status_code in NO_SSE_STATUSES:
                raise SSEUnavailable(e) from e
            raise
        finally:
            response.close()
    kind = response.headers.get("Content-Type", "").lower()
    if kind.startswith(_NOT_A_STREAM):
        response.close()
        raise MastodonNetworkError(f"GET {url}: the server answered {kind} instead of an event stream")
    return SSEConnection(response)
