"""Rate-limit rules against a fake clock: jittery resets (each answer's remaining counts), the wait
after a 429 (reset, Retry-After, exponential back-off, the 5-minute cap), pace mode without a
usable reset, 503 with Retry-After, and the state attributes a 2.x script reads and sets."""

import queue
import threading
import typing
from typing import Optional

import pytest

from fakeclock import FakeClock, http_date, iso, limiter, ratelimit_headers
from mastodon import (
    Mastodon,
    MastodonIllegalArgumentError,
    MastodonRatelimitError,
    MastodonServiceUnavailableError,
)
from mastodon.core.ratelimit import MAX_WAIT, backoff_delay, parse_retry_after

BASE = "https://mastodon.example"
URL = BASE + "/api/v1/x"
T0 = 1_000_000.0


def client(method="wait", clock=None):
    api = Mastodon(access_token="t", api_base_url=BASE, ratelimit_method=method)
    (clock or FakeClock(T0)).attach(api)
    return api


class Worker:
    """A thread that runs the calls it is given, one by one, so one request's reservation and
    answer happen in the same thread while the test decides the order between threads."""

    def __init__(self):
        self.calls = queue.Queue()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while True:
            fn, done = self.calls.get()
            if fn is None:
                return
            done.put(fn())

    def do(self, fn):
        done = queue.Queue()
        self.calls.put((fn, done))
        return done.get(timeout=5)

    def stop(self):
        self.calls.put((None, None))
        self.thread.join(5)


@pytest.fixture
def two_in_flight():
    """A wait-mode limiter with one request reserved by each of two threads, and
    ``answer(i, **headers)`` to hand thread ``i`` the answer to its request."""
    clock = FakeClock(T0)
    rl = limiter("wait", clock)
    workers = [Worker(), Worker()]
    for w in workers:
        w.do(rl.acquire)

    def answer(i, **kw):
        workers[i].do(lambda: rl.update(ratelimit_headers(clock.now, **kw)))
    yield rl, clock, answer
    for w in workers:
        w.stop()


# -- issue 11 point 10: within a window, each answer's remaining counts ------------------------------
class TestJitteryResets:
    def test_a_burst_follows_the_servers_count_whatever_the_reset_jitter(self):
        # Mastodon writes the reset with the fraction of a second of each request: the same
        # window's reset moves back and forth by up to a second. The server still reports
        # budget after each answer; a client that drops answers as "from an old window" ran its
        # own count down and waited for the whole window.
        clock = FakeClock(T0)
        rl = limiter("wait", clock)
        end = T0 + 240
        rl.acquire()
        rl.update(ratelimit_headers(clock.now, limit=300, remaining=3, reset_in=end + 0.95 - clock.now))
        jitter = [0.1, 0.9, 0.0, 0.45, 0.99, 0.3] * 6
        seen = []
        for j in jitter[:30]:
            rl.acquire()
            rl.update(ratelimit_headers(clock.now, limit=300, remaining=3, reset_in=end + j - clock.now))
            seen.append(rl.remaining)
            clock.now += 0.05
        assert clock.sleeps == []                      # never waited: the server always had budget
        assert seen == [3] * 30                        # the server's count, each time
        assert rl.reset == pytest.approx(end + jitter[29], abs=1e-3)

    def test_a_higher_count_in_the_same_window_is_believed(self):
        clock = FakeClock(T0)
        rl = limiter("wait", clock)
        rl.acquire()
        rl.update(ratelimit_headers(clock.now, remaining=1, reset_in=100.7))
        rl.acquire()
        rl.update(ratelimit_headers(clock.now, remaining=250, reset_in=100.2))
        assert rl.remaining == 250
        assert [rl.acquire() for _ in range(5)] == [0.0] * 5

    def test_an_answer_overtaken_by_a_later_requests_answer_is_not_used(self, two_in_flight):
        rl, clock, answer = two_in_flight
        # The later request's answer arrives first; the first request is still out.
        answer(1, remaining=10, reset_in=60.3)
        assert rl.remaining == 9
        # The earlier request's answer, from before the server counted the second one.
        answer(0, remaining=11, reset_in=60.8)
        assert rl.remaining == 9
        assert rl.reset == pytest.approx(T0 + 60.3, abs=1e-3)

    def test_answers_of_requests_sent_together_can_only_lower_the_count(self, two_in_flight):
        # Requests sent at the same moment (threads woken at a reset) reach the server in any
        # order: the answer of the later reservation may carry the higher (older) count.
        rl, clock, answer = two_in_flight
        # The server took the second request first (7 left), then the first (6 left); the
        # first request's answer arrives first.
        answer(0, remaining=6, reset_in=60.5)
        assert rl.remaining == 5                      # the second is still out
        answer(1, remaining=7, reset_in=60.1)
        assert rl.remaining == 5                      # never above the server's lowest, 6
        # A request sent after those answers came back tells the whole truth again.
        rl.acquire()
        rl.update(ratelimit_headers(clock.now, remaining=5, reset_in=60.2))
        assert rl.remaining == 5

    def test_a_concurrent_answer_from_a_new_window_is_used(self, two_in_flight):
        rl, clock, answer = two_in_flight
        answer(0, remaining=0, reset_in=1)
        clock.now += 1.5
        answer(1, remaining=299, reset_in=299)
        assert rl.remaining == 299 and rl.reset == pytest.approx(clock.now + 299)

    def test_unanswered_requests_of_other_threads_are_subtracted(self):
        clock = FakeClock(T0)
        rl = limiter("wait", clock)
        others = [Worker() for _ in range(3)]
        try:
            for w in others:
                w.do(rl.acquire)
            rl.acquire()
            rl.update(ratelimit_headers(clock.now, remaining=20, reset_in=60))
            assert rl.remaining == 17                 # three still out, not yet counted
            others[0].do(lambda: rl.update(ratelimit_headers(clock.now, remaining=19, reset_in=60)))
            assert rl.remaining == 17
        finally:
            for w in others:
                w.stop()

    def test_a_request_that_got_no_answer_gives_its_slot_back(self):
        clock = FakeClock(T0)
        rl = limiter("wait", clock)
        rl.acquire()
        rl.update(ratelimit_headers(clock.now, remaining=5, reset_in=60))
        w = Worker()
        try:
            w.do(rl.acquire)
            w.do(rl.release)                          # the connection failed
        finally:
            w.stop()
        rl.acquire()
        rl.update(ratelimit_headers(clock.now, remaining=4, reset_in=60))
        assert rl.remaining == 4

    def test_a_reservation_never_finished_is_not_counted_forever(self):
        clock = FakeClock(T0)
        rl = limiter("wait", clock)
        rl.acquire()                                  # say an exception skipped update() and release()
        rl.acquire()                                  # the thread's next request drops that reservation
        rl.update(ratelimit_headers(clock.now, remaining=50, reset_in=60))
        assert rl.remaining == 50

    def test_answers_from_a_window_already_left_do_not_undo_the_move(self):
        clock = FakeClock(T0, advance_on_sleep=False)
        rl = limiter("wait", clock)
        rl.acquire()
        rl.update(ratelimit_headers(clock.now, limit=3, remaining=1, reset_in=10))
        late = Worker()
        try:
            late.do(rl.acquire)                       # the last request of the window
            rl.acquire()                              # spent: goes in the next window
            assert clock.sleeps == [pytest.approx(10)]
            assert rl.remaining == 2
            # The late answer tells about the window that is over.
            late.do(lambda: rl.update(ratelimit_headers(clock.now, limit=3, remaining=0, reset_in=10)))
            assert rl.remaining == 2 and rl.reset > T0 + 10
        finally:
            late.stop()

    def test_a_new_window_is_seen_and_its_length_learned(self):
        clock = FakeClock(T0)
        rl = limiter("wait", clock)
        rl.acquire()
        rl.update(ratelimit_headers(clock.now, limit=5, remaining=4, reset_in=2.0))
        clock.now += 2.1
        rl.acquire()
        rl.update(ratelimit_headers(clock.now, limit=5, remaining=4, reset_in=1.9))
        assert rl.window == pytest.approx(2.0, abs=0.01)
        assert rl.remaining == 4


# -- issue 11 point 11 / issue 12 point 4: the wait after a 429 --------------------------------------
def reply_429(rsps, headers=None, times=1):
    for _ in range(times):
        rsps.get(URL, json={"error": "Too many requests"}, status=429, headers=headers or {})


def sleeps_for(rsps, headers=None, times=1, method="wait"):
    """The sleeps one GET asks for when its first ``times`` answers are 429 with ``headers``."""
    clock = FakeClock(T0)
    api = client(method, clock)
    reply_429(rsps, headers, times=times)
    rsps.get(URL, json={"ok": True})
    assert api._api_request("GET", "/api/v1/x") == {"ok": True}
    assert len(rsps.calls) == times + 1
    return clock.sleeps


class TestWaitAfter429:
    def test_backoff_sequence(self):
        assert [backoff_delay(n) for n in range(0, 11)] == [0, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]
        assert backoff_delay(10 ** 6) == 300

    @pytest.mark.parametrize("headers", [
        {},                                                               # no rate-limit headers
        {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0"},       # no reset
        {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "whenever"},  # unparseable reset
        {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "nan"},
        {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": iso(T0 - 30)},  # reset in the past
    ], ids=["no-headers", "no-reset", "unparseable", "nan", "past"])
    def test_no_usable_reset_backs_off_exponentially(self, rsps, headers):
        assert sleeps_for(rsps, dict(headers, Date=http_date(T0)), times=10) == \
            [2, 4, 8, 16, 32, 64, 128, 256, 300, 300]

    def test_the_back_off_starts_again_for_the_next_request(self, rsps):
        clock = FakeClock(T0)
        api = client("wait", clock)
        reply_429(rsps, times=2)
        rsps.get(URL, json={})
        reply_429(rsps)
        rsps.get(URL, json={})
        api._api_request("GET", "/api/v1/x")
        api._api_request("GET", "/api/v1/x")
        assert clock.sleeps == [2, 4, 2]

    def test_a_reset_ahead_is_waited_for(self, rsps):
        assert sleeps_for(rsps, ratelimit_headers(T0, remaining=0, reset_in=42.5)) == \
            [pytest.approx(42.5, abs=0.01)]

    def test_a_reset_far_ahead_is_waited_for_in_capped_steps(self, rsps):
        far = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "2999-01-01T00:00:00Z", "Date": http_date(T0)}
        assert sleeps_for(rsps, far, times=3) == [MAX_WAIT] * 3 and MAX_WAIT == 300

    def test_retry_after_in_seconds_wins_over_the_reset(self, rsps):
        headers = ratelimit_headers(T0, remaining=0, reset_in=200, **{"Retry-After": "7"})
        assert sleeps_for(rsps, headers) == [7]

    def test_retry_after_as_an_http_date_is_read_on_the_servers_clock(self, rsps):
        server_now = T0 - 3600                         # the server's clock is an hour behind ours
        headers = {"Date": http_date(server_now), "Retry-After": http_date(server_now + 12)}
        assert sleeps_for(rsps, headers) == [pytest.approx(12, abs=0.01)]

    @pytest.mark.parametrize("value", ["nan", "inf", "-inf", "soon", "1e999", ""])
    def test_an_unusable_retry_after_backs_off(self, rsps, value):
        assert sleeps_for(rsps, {"Retry-After": value}) == [2]

    def test_a_server_that_keeps_saying_now_is_not_hammered(self, rsps):
        # The first retry goes at once (no sleep); each later one waits at least the back-off
        # of the retry before.
        assert sleeps_for(rsps, {"Retry-After": "0"}, times=5) == [2, 4, 8, 16]

    def test_other_threads_hold_back_while_a_429_is_waited_out(self):
        clock = FakeClock(T0, advance_on_sleep=False)
        rl = limiter("wait", clock)
        rl.acquire()
        rl.update({"Retry-After": "9"})
        rl.wait_after_429({"Retry-After": "9"}, 1)
        assert rl.acquire() == pytest.approx(9)

    def test_throw_mode_never_waits(self, rsps):
        clock = FakeClock(T0)
        api = client("throw", clock)
        reply_429(rsps, {"X-RateLimit-Remaining": "0"})
        with pytest.raises(MastodonRatelimitError, match="no reset time"):
            api._api_request("GET", "/api/v1/x")
        assert clock.sleeps == []


class TestPaceWithoutUsableReset:
    @pytest.mark.parametrize("reset", [None, "later today"])
    def test_the_next_request_raises_before_it_is_sent(self, rsps, reset):
        clock = FakeClock(T0)
        api = client("pace", clock)
        headers = {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "299"}
        if reset is not None:
            headers["X-RateLimit-Reset"] = reset
        rsps.get(URL, json={"first": True}, headers=headers)
        assert api._api_request("GET", "/api/v1/x") == {"first": True}   # what was done is returned
        with pytest.raises(MastodonRatelimitError, match="usable"):
            api._api_request("GET", "/api/v1/x")
        assert len(rsps.calls) == 1 and clock.sleeps == []
        api.ratelimit_method = "wait"                  # the way out, without a new client
        rsps.get(URL, json={"second": True}, headers=headers)
        assert api._api_request("GET", "/api/v1/x") == {"second": True}

    def test_a_429_without_usable_reset_raises(self, rsps):
        clock = FakeClock(T0)
        api = client("pace", clock)
        reply_429(rsps, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "garbage"})
        with pytest.raises(MastodonRatelimitError):
            api._api_request("GET", "/api/v1/x")
        assert clock.sleeps == []

    def test_a_429_without_rate_limit_headers_backs_off_as_in_wait(self, rsps):
        assert sleeps_for(rsps, method="pace") == [2]

    def test_pace_with_a_usable_reset_paces(self, rsps):
        clock = FakeClock(T0)
        api = client("pace", clock)
        api.ratelimit_pacefactor = 1.0
        rsps.get(URL, json={}, headers=ratelimit_headers(T0, remaining=10, reset_in=10))
        rsps.get(URL, json={}, headers=ratelimit_headers(T0, remaining=9, reset_in=10))
        api._api_request("GET", "/api/v1/x")
        api._api_request("GET", "/api/v1/x")
        assert clock.sleeps == [pytest.approx(1.0, abs=0.01)]

    def test_pace_never_sleeps_longer_than_the_cap(self):
        clock = FakeClock(T0)
        rl = limiter("pace", clock)
        rl.acquire()
        rl.update({"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "1",
                   "X-RateLimit-Reset": "2999-01-01T00:00:00Z", "Date": http_date(T0)})
        assert rl.acquire() == MAX_WAIT
        assert rl.acquire() == MAX_WAIT               # spent: the (far) reset, capped


    def test_wait_never_sleeps_longer_than_the_cap_before_sending(self):
        clock = FakeClock(T0)
        rl = limiter("wait", clock)
        rl.acquire()
        rl.update(ratelimit_headers(T0, remaining=0, reset_in=7 * 86400))
        assert rl.acquire() == MAX_WAIT               # then the request goes and the server decides


class Test503:
    def test_an_idempotent_request_waits_out_retry_after(self, rsps):
        clock = FakeClock(T0)
        api = client("wait", clock)
        rsps.get(URL, json={"error": "maintenance"}, status=503, headers={"Retry-After": "30"})
        rsps.get(URL, json={"ok": 1})
        assert api._api_request("GET", "/api/v1/x") == {"ok": 1}
        assert clock.sleeps == [30]

    def test_retried_three_times_then_raised(self, rsps):
        clock = FakeClock(T0)
        api = client("pace", clock)
        for _ in range(4):
            rsps.delete(URL, json={"error": "maintenance"}, status=503, headers={"Retry-After": "1"})
        with pytest.raises(MastodonServiceUnavailableError):
            api._api_request("DELETE", "/api/v1/x")
        assert len(rsps.calls) == 4
        assert clock.sleeps == [1, 2, 4]              # at least the back-off of the attempt before

    def test_a_post_is_not_sent_twice(self, rsps):
        clock = FakeClock(T0)
        api = client("wait", clock)
        rsps.post(URL, json={"error": "maintenance"}, status=503, headers={"Retry-After": "1"})
        with pytest.raises(MastodonServiceUnavailableError):
            api._api_request("POST", "/api/v1/x")
        assert clock.sleeps == []

    @pytest.mark.parametrize("method,headers", [("wait", {}), ("throw", {"Retry-After": "1"})])
    def test_no_retry_without_retry_after_or_in_throw_mode(self, rsps, method, headers):
        clock = FakeClock(T0)
        api = client(method, clock)
        rsps.get(URL, json={"error": "down"}, status=503, headers=headers)
        with pytest.raises(MastodonServiceUnavailableError):
            api._api_request("GET", "/api/v1/x")
        assert clock.sleeps == []

    def test_a_far_retry_after_is_capped(self, rsps):
        clock = FakeClock(T0)
        api = client("wait", clock)
        rsps.get(URL, json={}, status=503, headers={"Retry-After": "86400"})
        rsps.get(URL, json={})
        api._api_request("GET", "/api/v1/x")
        assert clock.sleeps == [MAX_WAIT]


class TestRetryAfterParsing:
    @pytest.mark.parametrize("value,expected", [
        ("120", 120.0), (" 5 ", 5.0), ("0.5", 0.5), ("-4", 0.0),
        (http_date(T0 + 90), 90.0), (http_date(T0 - 90), 0.0),
        (None, None), ("", None), ("nan", None), ("inf", None), ("tomorrow", None),
        ("Wed, 99 Foo 2024 99:99:99 GMT", None),
    ])
    def test_values(self, value, expected):
        got = parse_retry_after(value, T0)
        assert got == (pytest.approx(expected) if expected is not None else None)


# -- issue 11 point 12: the state attributes -----------------------------------------------------------
class TestStateAttributes:
    def test_reset_and_lastcall_are_none_until_the_server_says_something(self, rsps):
        clock = FakeClock(T0)
        api = client("wait", clock)
        assert api.ratelimit_reset is None and api.ratelimit_lastcall is None
        rsps.get(URL, json={})
        api._api_request("GET", "/api/v1/x")
        assert api.ratelimit_reset is None and api.ratelimit_lastcall is None
        clock.now += 3
        rsps.get(URL, json={}, headers=ratelimit_headers(clock.now, remaining=299, reset_in=100))
        api._api_request("GET", "/api/v1/x")
        assert api.ratelimit_reset == pytest.approx(T0 + 103, abs=0.01)
        assert api.ratelimit_lastcall == T0 + 3
        assert (api.ratelimit_limit, api.ratelimit_remaining) == (300, 299)

    def test_no_waiting_before_the_server_gave_a_reset(self):
        clock = FakeClock(T0)
        rl = limiter("wait", clock)
        for _ in range(400):                           # more than the assumed 300
            assert rl.acquire() == 0

    def test_the_method_can_be_changed_after_construction(self, rsps):
        clock = FakeClock(T0)
        api = client("throw", clock)
        reply_429(rsps)
        with pytest.raises(MastodonRatelimitError):
            api._api_request("GET", "/api/v1/x")
        api.ratelimit_method = "wait"
        assert api.ratelimit_method == "wait" and api._ratelimiter.method == "wait"
        reply_429(rsps)
        rsps.get(URL, json={"ok": True})
        assert api._api_request("GET", "/api/v1/x") == {"ok": True}
        assert clock.sleeps == [2]

    @pytest.mark.parametrize("value", ["sometimes", None, 1, "WAIT"])
    def test_an_unknown_method_is_refused(self, value):
        api = client("wait")
        with pytest.raises(MastodonIllegalArgumentError):
            api.ratelimit_method = value
        assert api.ratelimit_method == "wait"

    @pytest.mark.parametrize("value", [0, -1, float("nan"), float("inf"), "fast", None, True])
    def test_a_pacefactor_that_cannot_be_right_is_refused(self, value):
        api = client("pace")
        with pytest.raises(MastodonIllegalArgumentError):
            api.ratelimit_pacefactor = value
        with pytest.raises(MastodonIllegalArgumentError):
            Mastodon(api_base_url=BASE, ratelimit_pacefactor=value)
        assert api.ratelimit_pacefactor == 1.1

    def test_reset_and_lastcall_can_be_set_and_cleared(self):
        api = client("wait")
        api.ratelimit_reset = 123
        api.ratelimit_lastcall = 100
        assert (api.ratelimit_reset, api.ratelimit_lastcall) == (123.0, 100.0)
        api.ratelimit_reset = None
        api.ratelimit_lastcall = None
        assert (api.ratelimit_reset, api.ratelimit_lastcall) == (None, None)

    def test_type_hints_say_optional(self):
        for name in ("ratelimit_reset", "ratelimit_lastcall"):
            prop = getattr(Mastodon, name)
            assert typing.get_type_hints(prop.fget)["return"] == Optional[float]
            assert typing.get_type_hints(prop.fset)["value"] == Optional[float]
        assert typing.get_type_hints(Mastodon.ratelimit_method.fset)["value"] is str


def test_the_same_malformed_headers_are_reported_once(caplog):
    clock = FakeClock(T0)
    rl = limiter("wait", clock)
    bad = {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "12", "X-RateLimit-Reset": "someday"}
    for _ in range(5):
        rl.acquire()
        rl.update(bad)
    rl.update(dict(bad, **{"X-RateLimit-Reset": "another day"}))
    warnings = [r for r in caplog.records if "malformed" in r.getMessage()]
    assert len(warnings) == 2
    assert rl.remaining == 12 and rl.reset is None
