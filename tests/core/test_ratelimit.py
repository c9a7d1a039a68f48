"""Rate limiting: the limiter against a fake clock, then real waits against a loopback server."""

import threading
import time
import pytest

from fakeclock import FakeClock, http_date, in_threads, iso, limiter, ratelimit_headers
from loopback import Reply
from mastodon import Mastodon, MastodonIllegalArgumentError, MastodonRatelimitError
from mastodon.core.ratelimit import RateLimiter


def headers(clock, server_offset=0.0, **kw):
    """An answer's headers from a server whose clock is ``server_offset`` seconds behind ``clock``."""
    return ratelimit_headers(clock.now - server_offset, **kw)


class TestLimiterUnit:
    def test_invalid_settings(self):
        with pytest.raises(MastodonIllegalArgumentError):
            RateLimiter("sometimes")
        with pytest.raises(MastodonIllegalArgumentError):
            RateLimiter("pace", pacefactor=0)

    def test_reads_headers_iso_and_epoch(self):
        clock = FakeClock()
        rl = limiter("wait", clock)
        rl.update(headers(clock, limit=300, remaining=120, reset_in=60))
        assert (rl.limit, rl.remaining) == (300, 120)
        assert rl.reset == pytest.approx(clock.now + 60, abs=1.0)
        rl.update(headers(clock, remaining=100, reset_in=90, iso_reset=False))
        assert rl.remaining == 100 and rl.reset == pytest.approx(clock.now + 90, abs=1.0)

    def test_clock_skew_is_corrected_with_the_date_header(self):
        clock = FakeClock()
        rl = limiter("wait", clock)
        # The server's clock is an hour behind ours: its reset, in its own time, is 60 s away.
        rl.update(headers(clock, remaining=5, reset_in=60, server_offset=3600))
        assert rl.reset == pytest.approx(clock.now + 60, abs=1.0)
        assert rl.server_time() == pytest.approx(clock.now - 3600, abs=1.0)

    def test_malformed_headers_are_ignored(self, caplog):
        clock = FakeClock()
        rl = limiter("wait", clock)
        rl.update({"X-RateLimit-Limit": "lots", "X-RateLimit-Remaining": "7", "X-RateLimit-Reset": "soon"})
        rl.update({"Date": "not a date"})
        # Each value stands alone: the readable count is taken, the rest ignored; an unreadable
        # reset means the server gave no usable reset time.
        assert (rl.limit, rl.remaining, rl.reset) == (300, 7, None)
        assert rl.server_time_offset == 0.0
        assert "malformed" in caplog.text

    def test_throw_never_sleeps(self):
        clock = FakeClock()
        rl = limiter("throw", clock)
        rl.update(headers(clock, remaining=0, reset_in=60))
        assert rl.acquire() == 0 and clock.sleeps == []

    def test_wait_sleeps_until_reset_when_spent_then_refills(self):
        clock = FakeClock()
        rl = limiter("wait", clock)
        rl.update(headers(clock, limit=10, remaining=1, reset_in=30))
        assert rl.acquire() == 0            # the last request of the window goes at once
        slept = rl.acquire()                # the next one waits for the reset
        assert slept == pytest.approx(30, abs=1.0)
        assert rl.remaining == 9            # refilled to the limit, one reserved
        assert rl.acquire() == 0

    def test_wait_does_not_pace(self):
        clock = FakeClock()
        rl = limiter("wait", clock)
        rl.update(headers(clock, remaining=3, reset_in=300))
        assert [rl.acquire() for _ in range(3)] == [0, 0, 0]

    def test_pace_spreads_requests_over_the_window(self):
        clock = FakeClock()
        rl = limiter("pace", clock, pacefactor=1.0)
        rl.update(headers(clock, limit=300, remaining=10, reset_in=10, iso_reset=False))
        rl.lastcall = clock.now
        # 10 requests left for 10 seconds at factor 1: one per second.
        delays = [rl.acquire() for _ in range(3)]
        assert delays == [pytest.approx(1.0, abs=0.01)] * 3

    def test_pacefactor_above_one_runs_faster(self):
        clock = FakeClock()
        rl = limiter("pace", clock, pacefactor=2.0)
        rl.update(headers(clock, remaining=10, reset_in=10, iso_reset=False))
        rl.lastcall = clock.now
        assert rl.acquire() == pytest.approx(0.5, abs=0.01)

    def test_pace_before_any_headers_does_not_wait(self):
        clock = FakeClock()
        rl = limiter("pace", clock)
        assert rl.acquire() == 0 and rl.acquire() == 0

    def test_pace_counts_time_already_passed(self):
        clock = FakeClock()
        rl = limiter("pace", clock, pacefactor=1.0)
        rl.update(headers(clock, remaining=10, reset_in=10, iso_reset=False))
        rl.lastcall = clock.now
        clock.now += 0.75
        assert rl.acquire() == pytest.approx(0.25 * 1.0, abs=0.1)

    def test_threads_share_one_budget_and_line_up(self):
        # The clock stands still while 6 threads reserve: each must get its own later slot.
        clock = FakeClock(advance_on_sleep=False)
        rl = limiter("pace", clock, pacefactor=1.0)
        rl.update(headers(clock, remaining=10, reset_in=10, iso_reset=False))
        rl.lastcall = clock.now
        in_threads(rl.acquire, 6)
        assert rl.remaining == 4
        # slots: 1.0, 1.0+0.9/... each one later than the one before
        assert sorted(clock.sleeps) == sorted(set(clock.sleeps))
        assert len(clock.sleeps) == 6 and min(clock.sleeps) > 0.9

    def test_threads_in_wait_mode_never_overspend(self):
        clock = FakeClock(advance_on_sleep=False)
        rl = limiter("wait", clock)
        rl.update(headers(clock, limit=100, remaining=3, reset_in=20, iso_reset=False))
        in_threads(rl.acquire, 5)
        # Three go now; the other two wait for the reset.
        assert len(clock.sleeps) == 2
        assert all(s == pytest.approx(20, abs=1.0) for s in clock.sleeps)

    def test_wait_after_429_prefers_retry_after(self):
        clock = FakeClock()
        rl = limiter("wait", clock)
        answer = dict(headers(clock, remaining=0, reset_in=30), **{"Retry-After": "2.5"})
        rl.update(answer)
        assert rl.wait_after_429(answer, 1) == pytest.approx(2.5)
        answer = headers(clock, remaining=0, reset_in=-5)
        assert rl.wait_after_429(answer, 1) == pytest.approx(2.0)  # reset passed: back-off


class TestClientAttributes:
    def test_ratelimit_attributes_are_readable_and_settable(self):
        api = Mastodon(api_base_url="https://mastodon.example", ratelimit_method="pace", ratelimit_pacefactor=1.5)
        assert api.ratelimit_method == "pace" and api.ratelimit_pacefactor == 1.5
        api.ratelimit_limit = 7500
        api.ratelimit_remaining = 7000
        api.ratelimit_reset = 123.0
        api.ratelimit_lastcall = 100.0
        assert (api.ratelimit_limit, api.ratelimit_remaining, api.ratelimit_reset, api.ratelimit_lastcall) == \
            (7500, 7000, 123.0, 100.0)
        assert api._ratelimiter.remaining == 7000

    def test_headers_of_every_answer_update_the_state(self, server, local_api):
        server.route("GET", "/x", Reply({}, headers={"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "299",
                                                     "X-RateLimit-Reset": iso(time.time() + 200)}))
        local_api._api_request("GET", "/x")
        assert local_api.ratelimit_remaining == 299 and local_api.ratelimit_limit == 300
        assert local_api.ratelimit_reset == pytest.approx(time.time() + 200, abs=2)
        assert local_api.ratelimit_lastcall == pytest.approx(time.time(), abs=2)


class TestAgainstALoopbackServer:
    def test_wait_mode_waits_out_a_429_and_retries(self, server):
        state = {"count": 0, "reset": time.time() + 0.6}

        def handler(rec):
            state["count"] += 1
            if state["count"] == 1:
                return Reply({"error": "Too many requests"}, 429, headers={
                    "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": iso(state["reset"])})
            return {"ok": True}
        server.route("GET", "/api/v1/x", handler)
        api = Mastodon(api_base_url=server.url, ratelimit_method="wait")
        started = time.time()
        assert api._api_request("GET", "/api/v1/x") == {"ok": True}
        assert state["count"] == 2
        assert time.time() >= state["reset"] - 0.05      # it did wait for the reset
        assert time.time() - started < 3.0               # ... and not much longer (Date has 1 s resolution)

    def test_wait_mode_honours_retry_after(self, server):
        calls = []

        def handler(rec):
            calls.append(time.time())
            if len(calls) == 1:
                return Reply({"error": "slow down"}, 429, headers={"Retry-After": "0.4"})
            return {"ok": True}
        server.route("GET", "/x", handler)
        api = Mastodon(api_base_url=server.url)
        api._api_request("GET", "/x")
        assert calls[1] - calls[0] >= 0.35

    def test_throw_mode_raises_at_once(self, server):
        server.route("GET", "/x", Reply({"error": "Too many requests"}, 429, headers={
            "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": iso(time.time() + 300)}))
        api = Mastodon(api_base_url=server.url, ratelimit_method="throw")
        with pytest.raises(MastodonRatelimitError):
            api._api_request("GET", "/x")
        assert len(server.requests) == 1

    def test_server_clock_skew_does_not_make_the_client_wait_an_hour(self, server):
        state = {"count": 0}

        def handler(rec):
            state["count"] += 1
            server_now = time.time() - 3600           # the server's clock is an hour behind
            if state["count"] == 1:
                return Reply({"error": "Too many requests"}, 429, headers={
                    "Date": http_date(server_now), "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": iso(server_now + 0.5)})
            return Reply({}, headers={"Date": http_date(server_now)})
        server.route("GET", "/x", handler)
        api = Mastodon(api_base_url=server.url)
        started = time.time()
        api._api_request("GET", "/x")
        # The reset half a second ahead on the server's clock (plus up to 1 s: Date has whole
        # seconds), not the back-off of a reset that looks an hour old.
        assert 0.4 <= time.time() - started < 1.9
        assert api._ratelimiter.server_time_offset == pytest.approx(3600, abs=1.5)

    def test_pace_mode_spaces_requests_from_many_threads(self, server):
        start = time.time()
        window = 1.2
        budget = 12
        arrivals = []
        lock = threading.Lock()

        def handler(rec):
            with lock:
                arrivals.append(time.time())
                remaining = max(budget - len(arrivals), 0)
            return Reply({}, headers={"X-RateLimit-Limit": str(budget), "X-RateLimit-Remaining": str(remaining),
                                      "X-RateLimit-Reset": str(start + window)})
        server.route("GET", "/x", handler)
        api = Mastodon(api_base_url=server.url, ratelimit_method="pace", ratelimit_pacefactor=1.0)
        api._api_request("GET", "/x")   # learn the budget
        in_threads(lambda: [api._api_request("GET", "/x") for _ in range(2)], 4)
        assert len(arrivals) == 9
        gaps = [b - a for a, b in zip(arrivals[1:], arrivals[2:])]
        # ~0.1 s per request (1.2 s / 12 requests, a little less once the Date offset counts)
        assert min(gaps) > 0.03, gaps
        assert arrivals[-1] - arrivals[1] > 0.4

    def test_wait_mode_threads_never_exceed_the_window_budget(self, server):
        t0 = time.time()
        period, limit = 0.5, 4
        counts = {}
        lock = threading.Lock()

        def handler(rec):
            now = time.time()
            window = int((now - t0) / period)
            with lock:
                counts[window] = counts.get(window, 0) + 1
                used = counts[window]
            reset = t0 + (window + 1) * period
            status = 429 if used > limit else 200
            return Reply({"error": "Too many requests"} if status == 429 else {}, status, headers={
                "X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": str(max(limit - used, 0)),
                "X-RateLimit-Reset": iso(reset)})
        server.route("GET", "/x", handler)
        api = Mastodon(api_base_url=server.url, ratelimit_method="wait")
        api._api_request("GET", "/x")
        in_threads(lambda: api._api_request("GET", "/x"), 7)
        assert sum(counts.values()) == 8            # no 429 was ever answered, so no retries
        assert max(counts.values()) <= limit
