"""The rate limiter: throw / wait / pace, fed by X-RateLimit-* headers, safe to share between threads."""

from __future__ import annotations

import logging
import threading
import time
from email.utils import parsedate_to_datetime
from typing import Callable, Mapping, Optional, Tuple

from ..errors import MastodonIllegalArgumentError
from .values import parse_datetime

__all__ = ["RateLimiter", "RATELIMIT_METHODS"]

log = logging.getLogger("mastodon.ratelimit")

RATELIMIT_METHODS = ("throw", "wait", "pace")

#: Longest single pause pacing will insert, whatever the headers say.
MAX_PACE_DELAY = 300.0
#: Reset times closer than this (seconds) belong to the same window.
_SAME_WINDOW = 0.25


class RateLimiter:
    """Keeps one request budget for a client and decides how long a request must wait.

    - ``throw``: never waits; a 429 answer becomes :class:`MastodonRatelimitError`.
    - ``wait``: when the budget is spent, waits until the reset time; a 429 answer is
      waited out and the request retried.
    - ``pace``: spreads requests over the time left until the reset so that, at that
      rate, ``pacefactor`` times the remaining budget would be used (a factor above 1
      runs a little faster than the budget lasts, then waits like ``wait``).

    Every thread that shares a client reserves its slot under one lock, so concurrent
    requests draw from one budget and paced requests line up one after another.
    ``clock`` (epoch seconds) and ``sleep`` can be replaced, e.g. by a fake clock in tests.
    """

    def __init__(self, method: str = "wait", pacefactor: float = 1.1,
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep) -> None:
        if method not in RATELIMIT_METHODS:
            raise MastodonIllegalArgumentError(
                f"ratelimit_method must be one of {', '.join(RATELIMIT_METHODS)}; got {method!r}")
        if not pacefactor or pacefactor <= 0:
            raise MastodonIllegalArgumentError(f"ratelimit_pacefactor must be positive; got {pacefactor!r}")
        self.method = method
        self.pacefactor = float(pacefactor)
        self.clock = clock
        self.sleep = sleep
        self._lock = threading.Lock()
        #: Requests allowed per window (as last reported by the server).
        self.limit: int = 300
        #: Requests left in the current window, minus the ones reserved since the last answer.
        self.remaining: int = 300
        #: When the window resets, in local epoch seconds (``now`` until a server says otherwise:
        #: no pacing happens before the first rate-limit headers arrive).
        self.reset: float = clock()
        #: When the last request was (or is scheduled to be) sent, in local epoch seconds.
        self.lastcall: float = clock()
        #: Length assumed for a window whose reset the server has not announced yet.
        self.window: float = 300.0
        #: Seconds the local clock is ahead of the server's, from the Date headers.
        self.server_time_offset: float = 0.0
        self._offset_known = False
        # Requests of the current window may not start before this (a window that begins later).
        self._window_start: float = self.reset
        # The reset of the current window as the server wrote it (server time), to tell windows apart.
        self._server_reset: Optional[float] = None
        # True while the current window is our guess (refilled locally, not yet confirmed by an answer).
        self._assumed = True
        # The last Date and X-RateLimit-Reset headers read, with their values: both change
        # rarely (once a second, once a window), and parsing them costs more than the rest of
        # update() together. One (text, value) tuple each, replaced whole, so threads can share them.
        self._date_seen: Tuple[Optional[str], float] = (None, 0.0)
        self._reset_seen: Tuple[Optional[str], float] = (None, 0.0)

    # -- before a request -------------------------------------------------------------------
    def _next_window(self, start: float) -> None:
        self.remaining = self.limit
        self._window_start = start
        self.reset = start + self.window
        self._assumed = True

    def acquire(self) -> float:
        """Reserve a slot for one request, sleeping as long as the mode requires.

        Returns the number of seconds slept.
        """
        with self._lock:
            now = self.clock()
            start = now
            if self.method != "throw":
                if self.reset <= now:
                    self._next_window(now)          # the window is over: the server has refilled it
                if self.remaining <= 0:
                    self._next_window(self.reset)   # spent: the next request goes in the next window
                start = max(now, self._window_start)
                if self.method == "pace" and not self._assumed:
                    origin = max(start, self.lastcall)
                    interval = max(self.reset - origin, 0.0) / (self.remaining * self.pacefactor)
                    start = max(start, min(self.lastcall + interval, now + MAX_PACE_DELAY))
                self.remaining -= 1
            self.lastcall = max(start, self.lastcall)
            delay = start - now
        if delay > 0:
            log.debug("rate limit: sleeping %.3f s", delay)
            self.sleep(delay)
            return delay
        return 0.0

    def wait_for_reset(self, retry_after: Optional[float] = None) -> float:
        """After a 429 answer in wait/pace mode: sleep until the window resets.

        ``retry_after`` (seconds, from a ``Retry-After`` header) wins over the reset time.
        Returns the number of seconds slept.
        """
        with self._lock:
            now = self.clock()
            if retry_after is not None and retry_after >= 0:
                target = now + retry_after
            elif self.reset > now:
                target = self.reset
            else:
                target = now + 1.0  # no usable reset time from the server: back off a little
            self.remaining = 0
            self.reset = target
            delay = target - now
        log.info("rate limit hit: waiting %.1f s for the reset", delay)
        if delay > 0:
            self.sleep(delay)
        return max(delay, 0.0)

    # -- after a response -------------------------------------------------------------------
    def update(self, headers: Mapping[str, str]) -> None:
        """Take the budget from a response's ``X-RateLimit-*`` and ``Date`` headers.

        Answers from an older window (a slow request overtaken by newer ones) are ignored;
        within one window the smaller of the server's count and ours wins, because ours
        already includes requests other threads sent since this one.
        """
        date_header = headers.get("Date")
        if date_header:
            self._update_offset(date_header)
        reset_header = headers.get("X-RateLimit-Reset")
        remaining_header = headers.get("X-RateLimit-Remaining")
        limit_header = headers.get("X-RateLimit-Limit")
        if reset_header is None and remaining_header is None and limit_header is None:
            return
        try:
            limit = int(limit_header) if limit_header is not None else None
            remaining = int(remaining_header) if remaining_header is not None else None
            server_reset = self._cached_reset_time(reset_header) if reset_header is not None else None
        except (ValueError, OverflowError):
            log.warning("ignoring malformed rate limit headers: limit=%r remaining=%r reset=%r",
                        limit_header, remaining_header, reset_header)
            return
        with self._lock:
            if limit is not None:
                if self._assumed and limit != self.limit:
                    # The current window is our guess, sized with the limit we knew (300 before
                    # any answer): count the requests reserved in it against the server's limit
                    # instead, or a server allowing more than 300 would see us stop at 300.
                    self.remaining += limit - self.limit
                self.limit = limit
            newer = False
            if server_reset is not None:
                known = self._server_reset
                if known is not None and server_reset < known - _SAME_WINDOW:
                    return  # an answer from a window that is already over
                newer = known is None or server_reset > known + _SAME_WINDOW
                self._server_reset = server_reset
                self.reset = server_reset + self.server_time_offset
            if remaining is not None:
                if newer and not self._assumed:
                    self.remaining = remaining  # the window rolled over while this request was out
                else:
                    self.remaining = min(remaining, self.remaining)
            self._assumed = False

    def _update_offset(self, date_header: str) -> None:
        seen_text, server_now = self._date_seen
        if date_header != seen_text:
            try:
                server_now = parsedate_to_datetime(date_header).timestamp()
            except (TypeError, ValueError, IndexError, OverflowError):
                return
            self._date_seen = (date_header, server_now)
        offset = self.clock() - server_now
        # Date has whole seconds, so each reading is the true offset plus up to one second:
        # keep the smallest reading, unless the clocks really moved (a jump of over 2 s).
        if not self._offset_known or abs(offset - self.server_time_offset) > 2.0:
            self.server_time_offset = offset
            self._offset_known = True
        else:
            self.server_time_offset = min(offset, self.server_time_offset)

    def _cached_reset_time(self, value: str) -> float:
        seen_text, reset = self._reset_seen
        if value != seen_text:
            reset = self._server_reset_time(value)
            self._reset_seen = (value, reset)
        return reset

    @staticmethod
    def _server_reset_time(value: str) -> float:
        """A reset header (ISO 8601 or epoch seconds) as epoch seconds of the server's clock."""
        value = value.strip()
        try:
            return float(value)
        except ValueError:
            return parse_datetime(value).timestamp()

    def server_time(self) -> float:
        """The server's current time in epoch seconds, as far as the Date headers tell."""
        return self.clock() - self.server_time_offset
