"""Property tests for the rate-limit header handling: whatever a server writes in X-RateLimit-*,
Date and Retry-After gives a value or is ignored, never an exception, and no wait is negative,
infinite or longer than the cap."""

import math
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fakeclock import FakeClock, http_date, iso, limiter
from mastodon import MastodonRatelimitError
from mastodon.core.ratelimit import MAX_WAIT, backoff_delay, parse_retry_after

T0 = 1_700_000_000.0
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Header values as they reach us: http.client decodes header bytes as latin-1.
latin1 = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=255), max_size=40)
numberish = st.one_of(
    st.integers(min_value=-10 ** 30, max_value=10 ** 30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["nan", "inf", "-inf", "1e999", "-0", "0x10", "1_000", " 12 ", "+7", "", " "]),
)
moments = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                       timezones=st.just(timezone.utc))
dateish = st.one_of(
    moments.map(lambda d: d.isoformat()),
    moments.map(lambda d: d.strftime("%a, %d %b %Y %H:%M:%S GMT")),
    st.sampled_from(["2024-02-30T00:00:00Z", "9999-12-31T23:59:59.999999+14:00",
                     "0001-01-01T00:00:00-14:00", "Thu, 01 Jan 1970 00:00:00 GMT",
                     "Mon, 99 Foo 2024 99:99:99 GMT", "1e10", "-1e300"]),
)
value = st.one_of(latin1, numberish, dateish)
header_names = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Date", "Retry-After"]
headers = st.dictionaries(st.sampled_from(header_names), value, max_size=5)


def fresh(method="wait"):
    clock = FakeClock(T0)
    return limiter(method, clock), clock


def check_state(rl):
    assert isinstance(rl.limit, int) and 1 <= rl.limit <= 10 ** 9
    assert isinstance(rl.remaining, int) and rl.remaining <= 10 ** 9
    assert rl.reset is None or (isinstance(rl.reset, float) and math.isfinite(rl.reset))
    assert rl.lastcall is None or math.isfinite(rl.lastcall)
    assert math.isfinite(rl.server_time_offset) and math.isfinite(rl.window) and rl.window > 0


@SETTINGS
@given(st.lists(headers, min_size=1, max_size=6))
def test_any_headers_update_the_state_or_are_ignored(answers):
    rl, _ = fresh()
    for h in answers:
        rl.acquire()
        rl.update(h)
        check_state(rl)


@SETTINGS
@given(st.lists(headers, min_size=1, max_size=4), st.sampled_from(["wait", "pace", "throw"]))
def test_waits_before_a_request_stay_within_the_cap(answers, method):
    rl, clock = fresh(method)
    for h in answers:
        try:
            rl.acquire()
        except MastodonRatelimitError:
            assert method == "pace"                     # documented: no usable reset to pace against
            rl.release()
            continue
        rl.update(h)
        clock.now += 0.5
    assert all(math.isfinite(s) and 0 < s <= MAX_WAIT for s in clock.sleeps)


@SETTINGS
@given(headers, st.integers(min_value=1, max_value=10 ** 6), st.sampled_from(["wait", "pace"]))
def test_the_wait_after_a_429_is_finite_and_capped(h, attempt, method):
    rl, clock = fresh(method)
    rl.update(h)
    try:
        slept = rl.wait_after_429(h, attempt)
    except MastodonRatelimitError:
        assert method == "pace"
        return
    assert math.isfinite(slept) and 0 <= slept <= MAX_WAIT
    assert clock.sleeps == ([slept] if slept > 0 else [])
    if attempt > 1:
        assert slept >= min(backoff_delay(attempt - 1), MAX_WAIT)   # never a busy loop
    check_state(rl)


@SETTINGS
@given(headers, st.integers(min_value=1, max_value=50))
def test_the_wait_after_a_503_is_finite_and_capped_or_none(h, attempt):
    rl, clock = fresh()
    slept = rl.wait_after_503(h, attempt)
    assert slept is None or (math.isfinite(slept) and 0 <= slept <= MAX_WAIT)
    if slept is None:
        assert clock.sleeps == []


@SETTINGS
@given(value, st.floats(min_value=0, max_value=4e9))
def test_retry_after_gives_seconds_or_none(text, server_now):
    got = parse_retry_after(text, server_now)
    assert got is None or (math.isfinite(got) and got >= 0)


@SETTINGS
@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2999, 1, 1), timezones=st.just(timezone.utc)),
       st.booleans())
def test_a_well_formed_reset_is_read_exactly(moment, as_epoch):
    rl, _ = fresh()
    epoch = moment.timestamp()
    text = repr(epoch) if as_epoch else iso(epoch)
    rl.update({"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "5", "X-RateLimit-Reset": text,
               "Date": http_date(T0)})
    assert rl.reset == pytest.approx(epoch, abs=1e-3)
    assert rl.remaining == 5


@SETTINGS
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=300), st.floats(min_value=0, max_value=0.999)),
                min_size=1, max_size=30))
def test_within_one_window_the_latest_answer_counts(answers):
    # One thread, one window whose reset jitters by up to a second: after each answer the budget
    # left is what the server said, and no request waited.
    rl, clock = fresh()
    end = T0 + 200
    for remaining, jitter in answers:
        rl.acquire()
        rl.update({"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": str(remaining),
                   "X-RateLimit-Reset": iso(end + jitter), "Date": http_date(clock.now)})
        assert rl.remaining == remaining
        assert rl.reset == pytest.approx(end + jitter, abs=1e-3)
        if remaining == 0:
            break
    assert clock.sleeps == []


@SETTINGS
@given(st.integers(min_value=-5, max_value=10 ** 6))
def test_backoff_is_monotonic_and_capped(attempt):
    delay = backoff_delay(attempt)
    assert 0 <= delay <= MAX_WAIT
    assert backoff_delay(attempt + 1) >= delay

