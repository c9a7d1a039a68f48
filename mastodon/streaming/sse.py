"""Server-sent events: an incremental parser, bytes in and events out, without I/O (both clients use it).

The sync client's reader of an HTTP event stream (``requests``) is :mod:`mastodon.streaming.httpstream`.
"""

from __future__ import annotations

from typing import Any, Callable, List, Optional, Union

from ..errors import MastodonMalformedEventError

__all__ = ["SSEParser", "READ_SIZE", "MAX_EVENT_BYTES"]

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
                if data.__class__ is list:
                    data.append(b"")  # type: ignore[union-attr]  # in place: copying made many lines quadratic
                else:
                    data = b"" if data is None else [data, b""]  # type: ignore[list-item]
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
