"""A clock for rate-limit tests: epoch seconds that move only when told to, and a sleep that records;
and the other helpers the rate-limit tests share."""

import threading
import time
from datetime import datetime, timezone
from email.utils import formatdate
from typing import Callable, Dict, List, Optional

from mastodon.core.ratelimit import RateLimiter


class FakeClock:
    """Call it for the time; ``sleep(s)`` records ``s`` and (unless told otherwise) advances the time."""

    def __init__(self, now: float = 1_000_000.0, advance_on_sleep: bool = True) -> None:
        self.now = now
        self.sleeps: List[float] = []
        self.advance_on_sleep = advance_on_sleep
        self.lock = threading.Lock()

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.sleeps.append(seconds)
            if self.advance_on_sleep:
                self.now += seconds

    def attach(self, api) -> "FakeClock":
        """Make ``api``'s rate limiter use this clock and sleep."""
        api._ratelimiter.clock = self
        api._ratelimiter.sleep = self.sleep
        return self


class FastClock:
    """Real time running ``speed`` times faster: epoch seconds that start at the real time, and a
    sleep that really sleeps ``1/speed`` of what it is asked.

    For threaded tests against a real server: the server reads the same clock (its windows, its
    ``Date`` and reset headers), so client and server see exactly the timing of a run ``speed``
    times as long, in a fraction of the wall time.
    """

    def __init__(self, speed: float) -> None:
        self.speed = speed
        self._epoch = time.time()
        self._t0 = time.monotonic()

    def __call__(self) -> float:
        return self._epoch + (time.monotonic() - self._t0) * self.speed

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds / self.speed)

    def attach(self, api) -> "FastClock":
        """Make ``api``'s rate limiter use this clock and sleep."""
        api._ratelimiter.clock = self
        api._ratelimiter.sleep = self.sleep
        return self


def limiter(method: str, clock: FakeClock, **kw) -> RateLimiter:
    """A rate limiter on ``clock``."""
    return RateLimiter(method, clock=clock, sleep=clock.sleep, **kw)


def iso(epoch: float) -> str:
    """Epoch seconds as Mastodon writes X-RateLimit-Reset (ISO 8601, UTC)."""
    return datetime.fromtimestamp(epoch, timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def http_date(epoch: float) -> str:
    return formatdate(epoch, usegmt=True)


def ratelimit_headers(now: float, limit: int = 300, remaining: int = 300, reset_in: float = 300.0,
                      iso_reset: bool = True, **extra: str) -> Dict[str, str]:
    """The headers of one answer sent at ``now`` on the server's clock, the reset in ISO 8601 or
    (``iso_reset=False``) epoch seconds."""
    reset = now + reset_in
    return {"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": iso(reset) if iso_reset else str(reset), "Date": http_date(now), **extra}


def in_threads(target: Callable[[], object], n: int, timeout: Optional[float] = None) -> List[threading.Thread]:
    """Run ``target`` in ``n`` threads at once; wait for each (at most ``timeout`` seconds) and
    return the threads."""
    threads = [threading.Thread(target=target, daemon=True) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    return threads
