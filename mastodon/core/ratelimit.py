"""The rate limiter: throw / wait / pace, fed by X-RateLimit-* headers, safe to share between threads."""

from __future__ import annotations

import logging
import math
import threading
import time
from email.utils import parsedate_to_datetime
from typing import Callable, Dict, Mapping, Optional, Tuple

from ..errors import MastodonIllegalArgumentError, MastodonRatelimitError
from .values import parse_datetime

__all__ = ["RateLimiter", "RATELIMIT_METHODS", "MAX_WAIT", "MAX_503_RETRIES", "WAIT_BUDGET", "backoff_delay",
           "parse_retry_after", "parse_http_date", "check_wait_budget", "charge_wait"]

log = logging.getLogger("mastodon.ratelimit")

RATELIMIT_METHODS = ("throw", "wait", "pace")

#: Longest single sleep of the rate limiter, whatever the headers say (seconds). A longer wait
#: is made of several: after each the request is sent again and the server's answer decides.
MAX_WAIT = 300.0
#: First and longest pause of the exponential back-off after a 429 without a usable reset time.
BACKOFF_FIRST = 2.0
BACKOFF_MAX = MAX_WAIT
#: Default per-call budget of waiting before retries (``Mastodon(ratelimit_wait_budget=...)``, seconds):
#: 30 minutes, the longest rate-limit window of Mastodon (media uploads, deletions), so one call
#: can wait out any window once but a server that answers 429 forever is given up.
WAIT_BUDGET = 1800.0
#: How often a 503 answer with a Retry-After header is retried (idempotent requests, wait/pace).
MAX_503_RETRIES = 3
#: Server reset times closer than this (seconds) describe the same window, when learning the
#: window length: Mastodon's X-RateLimit-Reset carries the fraction of a second of each request,
#: so it jitters by up to 1 s. (Answers are never dropped for their reset time.)
_SAME_WINDOW = 1.0
#: How far before the reset we know the server's window may really end: the reset is up to 1 s
#: late (see above) and the Date header that corrects for clock skew has whole seconds.
_BOUNDARY_FUZZ = 2.0
#: Requests or windows beyond this are no limit at all; keeps float arithmetic finite.
_MAX_COUNT = 10 ** 9
#: Window lengths learned from the headers are believed up to a day.
_MAX_WINDOW = 86400.0

_DATE_ERRORS = (TypeError, ValueError, IndexError, OverflowError, OSError)

#: A reservation made by :meth:`RateLimiter.reserve`: (its number, its window's number,
#: how many answers had been used when it was made).
Reservation = Tuple[int, int, int]


def backoff_delay(attempt: int) -> float:
    """Seconds to wait before retry number ``attempt`` (1, 2, ...) when the server gave no time:
    2, 4, 8, ... seconds, at most :data:`BACKOFF_MAX` (5 minutes)."""
    if attempt < 1:
        return 0.0
    return min(BACKOFF_FIRST * 2.0 ** min(attempt - 1, 30), BACKOFF_MAX)


def parse_retry_after(value: Optional[str], server_now: float) -> Optional[float]:
    """Seconds to wait from a ``Retry-After`` header: delta seconds or an HTTP date (read against
    ``server_now``, the server's current epoch time). None when absent or unusable; never negative."""
    if not value:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        when = parse_http_date(text)
        if when is None:
            return None
        seconds = when - server_now
    if not math.isfinite(seconds):
        return None
    return max(seconds, 0.0)


def parse_http_date(text: str) -> Optional[float]:
    """An HTTP date (``Date``, ``Retry-After``) as epoch seconds, or None when it cannot be read."""
    try:
        return parsedate_to_datetime(text).timestamp()
    except _DATE_ERRORS:
        return None


def check_wait_budget(value: object) -> Optional[float]:
    """``value`` as a wait budget (seconds >= 0, or None for no budget), else MastodonIllegalArgumentError."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < math.inf:
        raise MastodonIllegalArgumentError(f"ratelimit_wait_budget must be seconds >= 0 or None; got {value!r}")
    return float(value)


def charge_wait(waited: float, delay: float, budget: Optional[float], what: str) -> float:
    """The total a call has waited once it also waits ``delay`` before retrying.

    ``waited`` is what the call already waited before its earlier retries. When the total
    would exceed ``budget`` (None: no budget), the call is given up instead of waiting:
    :class:`MastodonRatelimitError` naming ``what`` (the request and the answer). Never sleeps.
    """
    total = waited + delay
    if budget is not None and total > budget:
        raise MastodonRatelimitError(
            f"{what}: giving up; waiting {delay:.0f} s more would make {total:.0f} s of waiting for this call, "
            f"beyond its budget of {budget:.0f} s (ratelimit_wait_budget)")
    return total


def _parse_count(value: Optional[str]) -> Optional[int]:
    """An X-RateLimit-Limit/Remaining value, or None when absent or not a whole number."""
    if value is None:
        return None
    try:
        count = int(value.strip())
    except ValueError:
        return None
    # Every answer has two of these: the usual value skips the (slower) min/max calls.
    return count if 0 <= count <= _MAX_COUNT else min(max(count, 0), _MAX_COUNT)


def _server_reset_time(value: str) -> Optional[float]:
    """A reset header (ISO 8601 or epoch seconds) as epoch seconds of the server's clock, or None
    for anything that is not a finite point in time."""
    value = value.strip()
    try:
        reset = float(value)
    except ValueError:
        try:
            reset = parse_datetime(value).timestamp()
        except _DATE_ERRORS:
            return None
    return reset if math.isfinite(reset) else None


class RateLimiter:
    """Keeps one request budget for a client and decides how long a request must wait.

    - ``throw``: never waits; a 429 answer becomes :class:`MastodonRatelimitError`.
    - ``wait``: when the budget is spent, waits until the reset time; a 429 answer is
      waited out (until the reset, for ``Retry-After``, or with exponential back-off when
      the server gives no usable time) and the request retried.
    - ``pace``: spreads requests over the time left until the reset so that, at that
      rate, ``pacefactor`` times the remaining budget would be used (a factor above 1
      runs a little faster than the budget lasts, then waits like ``wait``). Raises
      :class:`MastodonRatelimitError` when the server sends rate-limit headers without a
      usable reset time: there is nothing to pace against.

    No single sleep is longer than ``max_wait`` (:data:`MAX_WAIT`, 5 minutes), and the waits
    before the retries of one call add up to at most ``wait_budget`` (:data:`WAIT_BUDGET`;
    see :func:`charge_wait`).

    Each request reserves a slot with :meth:`acquire` and hands its answer to :meth:`update`
    (or :meth:`release` when no answer came) in the same thread. Every thread that shares a
    client reserves under one lock, so concurrent requests draw from one budget and paced
    requests line up one after another. The budget left is the server's latest
    ``X-RateLimit-Remaining`` minus the requests reserved since that the server has not
    answered yet. ``clock`` (epoch seconds) and ``sleep`` can be replaced, e.g. by a fake
    clock in tests.
    """

    def __init__(self, method: str = "wait", pacefactor: float = 1.1,
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep,
                 wait_budget: Optional[float] = WAIT_BUDGET) -> None:
        self.method = method
        #: Seconds one call may wait in total before retries (429, 503); None: no limit.
        self.wait_budget = check_wait_budget(wait_budget)
        self.pacefactor = pacefactor
        self.clock = clock
        self.sleep = sleep
        self.max_wait = MAX_WAIT
        self.max_503_retries = MAX_503_RETRIES
        self._lock = threading.Lock()
        #: Requests allowed per window (as last reported by the server).
        self.limit: int = 300
        #: Requests left in the current window, minus the ones reserved since the last answer.
        self.remaining: int = 300
        #: When the window resets, in local epoch seconds: None until a server announces one
        #: (and again when it sends rate-limit headers without a usable reset time). After an
        #: announced reset has passed, the next one is extrapolated by one window length.
        self.reset: Optional[float] = None
        #: When the rate-limit state was last updated from a server's answer, in local epoch
        #: seconds; None until an answer with rate-limit headers arrived.
        self.lastcall: Optional[float] = None
        #: Length assumed for a window: learned from the steps between the reset times the
        #: server announces; until one is seen, the longest time to a reset seen so far (a
        #: window is at least that long), or 300 s (Mastodon's) before any.
        self.window: float = 300.0
        self._window_learned = False
        self._window_hint = 0.0
        #: Seconds the local clock is ahead of the server's, from the Date headers.
        self.server_time_offset: float = 0.0
        self._offset_known = False
        # When the latest reserved request is (or was) to be sent: pacing counts from it.
        self._last_send: float = -math.inf
        # Requests may not start before this (a window that begins later, a Retry-After).
        self._window_start: float = -math.inf
        # The latest reset the server wrote (server time), to learn the window length.
        self._server_reset: Optional[float] = None
        # True while the current window is our guess (refilled locally, not yet confirmed by an answer).
        self._assumed = True
        # Windows are numbered: a reservation made in window n whose answer arrives after we moved
        # on to window n+1 tells about a window that is over.
        self._generation = 0
        self._issued = 0
        # How many answers have been used, and the server's reset in the last one used: a request
        # sent before the last used answer came back may have been counted before it by the server.
        self._answers = 0
        self._answer_reset: Optional[float] = None
        # Reservations not answered yet: number -> (window number, when it is sent).
        self._pending: Dict[int, Tuple[int, float]] = {}
        # The reservation (number, window number, answers used by then) of this thread's request.
        self._local = threading.local()
        # The last Date and X-RateLimit-Reset headers read, with their values: both change
        # rarely (once a second, once a window), and parsing them costs more than the rest of
        # update() together. One (text, value) tuple each, replaced whole, so threads can share them.
        self._date_seen: Tuple[Optional[str], float] = (None, 0.0)
        self._reset_seen: Tuple[Optional[str], Optional[float]] = (None, None)
        self._malformed_seen: Optional[Tuple[Optional[str], ...]] = None

    # -- settings -------------------------------------------------------------------------------
    @property
    def method(self) -> str:
        """``"throw"``, ``"wait"`` or ``"pace"``; can be changed at any time."""
        return self._method

    @method.setter
    def method(self, value: str) -> None:
        if value not in RATELIMIT_METHODS:
            raise MastodonIllegalArgumentError(
                f"ratelimit_method must be one of {', '.join(RATELIMIT_METHODS)}; got {value!r}")
        self._method = value

    @property
    def pacefactor(self) -> float:
        """In pace mode, the share of the remaining budget to spread over the time left."""
        return self._pacefactor

    @pacefactor.setter
    def pacefactor(self, value: float) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < math.inf:
            raise MastodonIllegalArgumentError(f"ratelimit_pacefactor must be a positive number; got {value!r}")
        self._pacefactor = float(value)

    # -- before a request -------------------------------------------------------------------
    def _roll_over(self, start: float, now: float) -> None:
        """Begin a new (assumed) window at ``start``: the current one is over or spent."""
        old = self.reset if self.reset is not None else start
        if old <= now:
            # Windows follow each other without gaps: the next end is the first one after now.
            steps = math.floor((now - old) / self.window) + 1
            self.reset = old + steps * self.window
        else:
            self.reset = old + self.window
        self._generation += 1
        # Requests of the old window sent close to its end may have reached the server in the
        # new one: count them there too.
        edge = old - min(_BOUNDARY_FUZZ, self.window / 4)
        self.remaining = self.limit - sum(1 for _, sent in self._pending.values() if sent >= edge)
        self._window_start = max(self._window_start, start)
        self._assumed = True

    def reserve(self) -> Tuple[Reservation, float]:
        """Reserve a slot for one request: ``(reservation, seconds to wait before sending)``.

        Never sleeps: the caller waits (``time.sleep``, ``asyncio.sleep``), sends, and hands
        the answer's headers to :meth:`answered` with the reservation, or gives the
        reservation back with :meth:`cancel` when no answer came. In pace mode, raises
        :class:`MastodonRatelimitError` when the server's rate-limit headers had no usable
        reset time.
        """
        with self._lock:
            now = self.clock()
            start = now
            method = self._method
            if method != "throw":
                if method == "pace" and self.reset is None and self.lastcall is not None:
                    raise MastodonRatelimitError(
                        "pace mode needs the time the rate limit resets, and the server's X-RateLimit "
                        "headers give no usable one; use ratelimit_method='wait' with this server")
                if self.reset is not None:
                    if self.reset <= now:
                        self._roll_over(now, now)          # the window is over: the server has refilled it
                    if self.remaining <= 0:
                        self._roll_over(self.reset, now)   # spent: the next request goes in the next window
                start = max(now, self._window_start)
                if method == "pace" and not self._assumed and self.reset is not None:
                    previous = self._last_send if self.lastcall is None else max(self._last_send, self.lastcall)
                    origin = max(start, previous)
                    interval = max(self.reset - origin, 0.0) / (max(self.remaining, 1) * self._pacefactor)
                    start = max(start, previous + interval)
                start = min(start, now + self.max_wait)
            self.remaining -= 1
            self._issued += 1
            reservation = (self._issued, self._generation, self._answers)
            self._pending[self._issued] = (self._generation, start)
            if start > self._last_send:
                self._last_send = start
            return reservation, start - now

    def cancel(self, reservation: Optional[Reservation]) -> None:
        """Give back a reservation whose request got no answer (a transport error, a cancelled task)."""
        if reservation is not None:
            with self._lock:
                self._pending.pop(reservation[0], None)

    def acquire(self) -> float:
        """Reserve a slot for this thread's request and sleep as long as the mode requires.

        The blocking form of :meth:`reserve` for the thread-based client: the reservation is
        kept per thread for :meth:`update` / :meth:`release`. Returns the seconds slept.
        """
        self.release()  # a reservation this thread made and never finished
        reservation, delay = self.reserve()
        self._local.reservation = reservation
        if delay > 0:
            log.debug("rate limit: sleeping %.3f s", delay)
            self.sleep(delay)
            return delay
        return 0.0

    def release(self) -> None:
        """Give back this thread's reservation when its request got no answer (a transport error)."""
        reservation = getattr(self._local, "reservation", None)
        if reservation is not None:
            self._local.reservation = None
            self.cancel(reservation)

    # -- after a 429 or 503 -------------------------------------------------------------------
    def delay_after_429(self, headers: Mapping[str, str], attempt: int = 1) -> float:
        """After a 429 answer in wait/pace mode: the seconds to wait before the request is sent again.

        The wait is, in this order: ``Retry-After``; the time until this answer's
        ``X-RateLimit-Reset`` if that lies ahead; else exponential back-off (2 s, 4 s, ...
        5 min for ``attempt`` 1, 2, ...). A retry after the first never comes sooner than
        the back-off of the attempt before, so a server that keeps answering 429 with a
        time already passed is not hammered; no wait is longer than ``max_wait``. Other
        requests of the client are held until then too. In pace mode an answer with rate-limit
        headers but no usable reset raises :class:`MastodonRatelimitError`. Never sleeps.
        """
        hint = parse_retry_after(headers.get("Retry-After"), self.server_time())
        with self._lock:
            now = self.clock()
            if hint is None:
                reset = self._cached_reset_time(headers.get("X-RateLimit-Reset"))
                if reset is not None and reset + self.server_time_offset > now:
                    hint = reset + self.server_time_offset - now
                elif self._method == "pace" and reset is None and _has_ratelimit_headers(headers):
                    raise MastodonRatelimitError(
                        "rate limit hit (HTTP 429), and the server's X-RateLimit headers give no usable "
                        "reset time to pace against")
            if hint is None:
                delay = backoff_delay(attempt)
            else:
                delay = max(hint, backoff_delay(attempt - 1))
            delay = min(delay, self.max_wait)
            target = now + delay
            self.remaining = min(self.remaining, 0)
            self.reset = target
            self._window_start = max(self._window_start, target)
        log.info("rate limit hit: waiting %.1f s before retrying", delay)
        return delay

    def delay_after_503(self, headers: Mapping[str, str], attempt: int = 1) -> Optional[float]:
        """After a 503 answer: the seconds its ``Retry-After`` asks to wait, or None when there is no
        usable one (the 503 is then the caller's error). At least the back-off of the attempt
        before, at most ``max_wait``. Never sleeps."""
        hint = parse_retry_after(headers.get("Retry-After"), self.server_time())
        if hint is None:
            return None
        delay = min(max(hint, backoff_delay(attempt - 1)), self.max_wait)
        log.info("server unavailable (HTTP 503): retrying in %.1f s", delay)
        return delay

    def wait_after_429(self, headers: Mapping[str, str], attempt: int = 1) -> float:
        """:meth:`delay_after_429`, then sleep that long (the thread-based client); returns the seconds slept."""
        delay = self.delay_after_429(headers, attempt)
        if delay > 0:
            self.sleep(delay)
        return delay

    def wait_after_503(self, headers: Mapping[str, str], attempt: int = 1) -> Optional[float]:
        """:meth:`delay_after_503`, then sleep that long (the thread-based client); None: no usable Retry-After."""
        delay = self.delay_after_503(headers, attempt)
        if delay:
            self.sleep(delay)
        return delay

    # -- after a response -------------------------------------------------------------------
    def update(self, headers: Mapping[str, str]) -> None:
        """:meth:`answered` for this thread's reservation (made by :meth:`acquire`), if it has one."""
        reservation = getattr(self._local, "reservation", None)
        if reservation is not None:
            self._local.reservation = None
        self.answered(reservation, headers)

    def answered(self, reservation: Optional[Reservation], headers: Mapping[str, str]) -> None:
        """Take the budget from a response's ``X-RateLimit-*`` and ``Date`` headers.

        Ends ``reservation`` (from :meth:`reserve`), if given. Each answer's ``X-RateLimit-Remaining``
        counts, less the requests reserved in the same window that are not answered yet. An
        answer to a request sent before the last answer used came back (another thread's, in
        flight at the same time) may have been counted before that one by the server: it can
        only lower the count, unless it shows a new window. Answers to requests of a window we
        already left are not used. Values that cannot be read are ignored (a reset time that
        cannot be read makes ``reset`` None: the server gave no usable one).
        """
        now = self.clock()
        date_header = headers.get("Date")
        if date_header:
            self._update_offset(date_header, now)
        reset_header = headers.get("X-RateLimit-Reset")
        remaining_header = headers.get("X-RateLimit-Remaining")
        limit_header = headers.get("X-RateLimit-Limit")
        has_info = reset_header is not None or remaining_header is not None or limit_header is not None
        if not has_info and reservation is None:
            return
        limit = _parse_count(limit_header)
        remaining = _parse_count(remaining_header)
        server_reset = self._cached_reset_time(reset_header)
        if (limit_header is not None and not limit) or (remaining_header is not None and remaining is None) \
                or (reset_header is not None and server_reset is None):
            seen = (limit_header, remaining_header, reset_header)
            if seen != self._malformed_seen:  # once, not with every answer of a server that always sends them
                self._malformed_seen = seen
                log.warning("ignoring malformed rate limit headers: limit=%r remaining=%r reset=%r", *seen)
        with self._lock:
            if reservation is not None:
                self._pending.pop(reservation[0], None)
            if not has_info:
                return
            if server_reset is not None:
                known = self._server_reset
                if known is not None and _SAME_WINDOW < server_reset - known <= _MAX_WINDOW:
                    # The server moved on to a new window: the shortest step seen is its length.
                    step = server_reset - known
                    self.window = step if not self._window_learned else min(self.window, step)
                    self._window_learned = True
                self._server_reset = server_reset
            if reservation is not None and reservation[1] != self._generation:
                return  # about a window we left
            current = self._generation
            # Usually nothing is pending: this answer's own reservation is already taken off.
            pending = sum(1 for g, _ in self._pending.values() if g == current) if self._pending else 0
            if reservation is not None and reservation[2] < self._answers:
                known = self._answer_reset
                if server_reset is None or known is None or server_reset <= known + _SAME_WINDOW:
                    if server_reset is not None and known is not None and server_reset < known - _SAME_WINDOW:
                        return  # from the window before the one the last answer told about
                    if remaining is not None:
                        self.remaining = min(self.remaining, remaining - pending)
                    return
            self._answers += 1
            self._answer_reset = server_reset
            self.lastcall = now
            if limit:
                self.limit = limit
            if server_reset is not None:
                self.reset = server_reset + self.server_time_offset
                if not self._window_learned and 0 < self.reset - self.lastcall <= _MAX_WINDOW \
                        and self.reset - self.lastcall > self._window_hint:
                    self._window_hint = self.window = self.reset - self.lastcall
            else:
                self.reset = None  # rate-limit headers without a usable reset time
            if remaining is not None:
                self.remaining = remaining - pending
            self._assumed = False

    def _update_offset(self, date_header: str, now: float) -> None:
        seen_text, server_now = self._date_seen
        if date_header != seen_text:
            parsed = parse_http_date(date_header)
            if parsed is None:
                return
            server_now = parsed
            self._date_seen = (date_header, server_now)
        offset = now - server_now
        # Date has whole seconds, so each reading is the true offset plus up to one second:
        # keep the smallest reading, unless the clocks really moved (a jump of over 2 s).
        if not self._offset_known or abs(offset - self.server_time_offset) > 2.0:
            self.server_time_offset = offset
            self._offset_known = True
        else:
            self.server_time_offset = min(offset, self.server_time_offset)

    def _cached_reset_time(self, value: Optional[str]) -> Optional[float]:
        """The server's reset time (server epoch seconds) from a header, or None if absent or unusable."""
        if value is None:
            return None
        seen_text, reset = self._reset_seen
        if value != seen_text:
            reset = _server_reset_time(value)
            self._reset_seen = (value, reset)
        return reset

    def server_time(self) -> float:
        """The server's current time in epoch seconds, as far as the Date headers tell."""
        return self.clock() - self.server_time_offset


def _has_ratelimit_headers(headers: Mapping[str, str]) -> bool:
    return any(headers.get(name) is not None
               for name in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"))
