"""The ``request_timeout`` setting: checked once, split into what requests takes and a total deadline.

``request_timeout`` is a number (seconds for connecting and for each read), a
``(connect, read)`` pair as requests takes it, or ``(connect, read, total)``: ``total`` bounds
the whole exchange, from sending the request to the last byte of the answer, so a server
that trickles its answer a byte at a time (each read well within ``read``) is still cut off.
The total covers connecting (each connect attempt is bounded by ``min(connect, total)``),
the status line and the headers (the sync shell arms a socket-level cut at the deadline,
see :mod:`mastodon.transport_deadline`; the async shell gives aiohttp :func:`total_seconds`),
and the body, which is checked between reads, so it is overrun by at most one read's wait,
itself at most ``min(read, total)``. ``None`` in the connect or read place means no limit
there, as in requests.
"""

from __future__ import annotations

import time
from typing import Any, Optional, Tuple

from ..errors import MastodonIllegalArgumentError

__all__ = ["check_request_timeout", "split_timeout", "total_seconds", "time_left", "deadline_passed",
           "ERROR_BODY_MAX_BYTES", "ERROR_BODY_MAX_SECONDS", "error_body_budget"]

#: How much of an error answer's body a stream reads for the error's text (the rest is dropped).
ERROR_BODY_MAX_BYTES = 64 * 1024
#: How long a stream reads an error answer's body at most (seconds): a stream call that is
#: answered with an error raises it within this (``close()`` of a background stream cuts the
#: read at once, it does not wait this out).
ERROR_BODY_MAX_SECONDS = 1.0


def _seconds(value: Any, allow_none: bool) -> bool:
    if value is None:
        return allow_none
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def check_request_timeout(value: Any) -> Any:
    """Return ``value`` if it is a valid ``request_timeout``, else raise MastodonIllegalArgumentError."""
    if isinstance(value, list):
        value = tuple(value)
    ok = _seconds(value, allow_none=True) or (
        isinstance(value, tuple) and len(value) in (2, 3)
        and all(_seconds(v, allow_none=True) for v in value[:2])
        and (len(value) == 2 or _seconds(value[2], allow_none=False)))
    if not ok:
        raise MastodonIllegalArgumentError(
            "request_timeout must be seconds > 0, a (connect, read) pair or a (connect, read, total) "
            f"triple; got {value!r}")
    return value


def split_timeout(value: Any) -> Tuple[Any, Optional[float]]:
    """``(timeout for requests, monotonic deadline or None)`` for one request starting now."""
    if value.__class__ is not tuple or len(value) != 3:
        return value, None
    connect, read, total = value
    return ((total if connect is None else min(connect, total), total if read is None else min(read, total)),
            time.monotonic() + total)


def total_seconds(value: Any) -> Optional[float]:
    """The total deadline of a ``request_timeout`` in seconds, or None when it has none."""
    if value.__class__ is not tuple or len(value) != 3:
        return None
    return float(value[2])


def time_left(deadline: Optional[float], now: float) -> Optional[float]:
    """Seconds from ``now`` to a monotonic ``deadline`` (negative once passed); None without one."""
    return None if deadline is None else deadline - now


def deadline_passed(deadline: Optional[float], now: float) -> bool:
    """Whether an exchange with this deadline is out of time: a failure then is a timeout."""
    return deadline is not None and now >= deadline


def error_body_budget(timeout: Optional[float]) -> Tuple[int, float]:
    """``(bytes, seconds)`` a streaming call may spend reading the body of an error answer:
    :data:`ERROR_BODY_MAX_BYTES`, and :data:`ERROR_BODY_MAX_SECONDS` or the stream's
    ``timeout`` if shorter. Both shells read no more, whatever the server sends."""
    seconds = ERROR_BODY_MAX_SECONDS if timeout is None else min(ERROR_BODY_MAX_SECONDS, max(timeout, 0.0))
    return ERROR_BODY_MAX_BYTES, seconds
