"""Decisions of a long-running stream, without I/O: which errors are worth a new connection, how long to wait.

Both the thread-based handles (:mod:`mastodon.streaming.handles`) and the asyncio ones
(:mod:`mastodon.aio.streaming`) take these decisions here and do the waiting themselves.
"""

from __future__ import annotations

from typing import Optional

from ..errors import MastodonMalformedEventError, MastodonNetworkError, MastodonRatelimitError, MastodonServerError

__all__ = ["MAX_BACKOFF_SEC", "HEALTHY_AFTER_SEC", "retryable", "backoff_wait", "Reconnect"]

#: Longest wait between reconnection attempts while a server stays down (unless the base wait is longer).
MAX_BACKOFF_SEC = 120.0
#: Seconds a connection must have been read before its end starts the backoff from the base wait
#: again; a server that breaks every connection sooner gets ever longer waits.
HEALTHY_AFTER_SEC = 30.0


def retryable(error: BaseException) -> bool:
    """Errors after which a new connection may work: network trouble, bad events, server-side failures."""
    return isinstance(error, (MastodonNetworkError, MastodonMalformedEventError, MastodonServerError,
                              MastodonRatelimitError))


def backoff_wait(base: float, failures: int, cap: float = MAX_BACKOFF_SEC) -> float:
    """Seconds to wait before attempt ``failures + 1``: ``base`` doubled per failure, at most ``max(base, cap)``."""
    return float(min(base * 2 ** (failures - 1), max(base, cap)))


class Reconnect:
    """The reconnection plan of one stream: counts the connections that failed, says how long to wait.

    :param base: the first wait (``reconnect_async_wait_sec``).
    :param healthy_after: seconds a connection must have been read for its end not to count
        towards a longer wait.
    """

    __slots__ = ("base", "healthy_after", "cap", "failures")

    def __init__(self, base: float, healthy_after: float = HEALTHY_AFTER_SEC, cap: float = MAX_BACKOFF_SEC) -> None:
        self.base = max(float(base), 0.0)
        self.healthy_after = healthy_after
        self.cap = cap
        self.failures = 0

    def wait(self) -> Optional[float]:
        """Seconds to wait before the next connection attempt; None for the first attempt."""
        return backoff_wait(self.base, self.failures, self.cap) if self.failures else None

    def ended(self, read_for: Optional[float]) -> None:
        """A connection attempt ended; ``read_for`` is how long its events were read (None: never)."""
        if read_for is not None and read_for >= self.healthy_after:
            self.failures = 0  # a connection that lasted: start the backoff over
        self.failures += 1

