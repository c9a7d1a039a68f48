"""The rate limiter remembers the last Date and X-RateLimit-Reset it parsed: the values it keeps
must be the ones a fresh parse gives, whatever order the headers come in."""

import pytest

from fakeclock import FakeClock, http_date, in_threads, iso, limiter


def answer(server_now, reset, remaining=100, limit=300, iso_reset=True):
    return {"Date": http_date(server_now), "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(remaining), "X-RateLimit-Reset": iso(reset) if iso_reset else str(reset)}


def reserve_elsewhere(rl, n):
    """``n`` requests reserved by other threads, not answered yet."""
    in_threads(rl.acquire, n)


def fresh(headers_seq, clock):
    rl = limiter("wait", clock)
    for h in headers_seq:
        rl.update(h)
    return rl


def test_repeated_headers_give_what_a_fresh_parse_gives():
    clock = FakeClock(now=1_000_000.0)
    rl = limiter("wait", clock)
    reset = clock.now + 120
    for i in range(5):
        rl.update(answer(clock.now, reset, remaining=100 - i))
        clock.now += 0.1
    assert rl.remaining == 96
    assert rl.reset == pytest.approx(reset, abs=1.0)
    assert rl.server_time() == pytest.approx(clock.now, abs=1.0)


def test_a_new_window_is_read_although_the_old_reset_was_remembered():
    clock = FakeClock(now=1_000_000.0)
    rl = limiter("wait", clock)
    rl.update(answer(clock.now, clock.now + 10, remaining=3))
    clock.now += 11
    rl.update(answer(clock.now, clock.now + 300, remaining=299))
    assert rl.reset == pytest.approx(clock.now + 300, abs=1.0)
    assert rl.remaining == 299


def test_a_clock_jump_in_the_date_header_is_seen():
    clock = FakeClock(now=1_000_000.0)
    rl = limiter("wait", clock)
    rl.update(answer(clock.now, clock.now + 60))
    assert rl.server_time_offset == pytest.approx(0, abs=1.0)
    rl.update(answer(clock.now - 3600, clock.now - 3600 + 60))  # the server's clock moved back an hour
    assert rl.server_time_offset == pytest.approx(3600, abs=1.0)
    rl.update(answer(clock.now, clock.now + 60))  # and forward again: the header text changed back
    assert rl.server_time_offset == pytest.approx(0, abs=1.0)


def test_malformed_headers_do_not_replace_what_was_remembered(caplog):
    clock = FakeClock(now=1_000_000.0)
    rl = limiter("wait", clock)
    good = answer(clock.now, clock.now + 60, remaining=50)
    rl.update(good)
    rl.update({"Date": "not a date", "X-RateLimit-Reset": "soon", "X-RateLimit-Remaining": "7"})
    assert "malformed" in caplog.text
    rl.update(dict(good, **{"X-RateLimit-Remaining": "40"}))
    assert rl.remaining == 40 and rl.reset == pytest.approx(clock.now + 60, abs=1.0)


@pytest.mark.parametrize("iso_reset", [True, False])
def test_same_state_as_a_limiter_that_saw_each_answer_once(iso_reset):
    clock = FakeClock(now=1_000_000.0)
    seq = [answer(clock.now + k, clock.now + 300 if k < 3 else clock.now + 600, remaining=200 - k,
                  iso_reset=iso_reset) for k in range(6)]
    rl = fresh(seq, clock)
    again = fresh([seq[-1]], clock)
    assert rl.reset == pytest.approx(again.reset, abs=1e-6)
    assert rl.server_time_offset == pytest.approx(again.server_time_offset, abs=1e-6)


def test_a_server_allowing_more_than_the_default_is_believed():
    clock = FakeClock(now=1_000_000.0)
    rl = limiter("wait", clock)
    reserve_elsewhere(rl, 4)  # five requests leave before the first answer: this one and four more
    rl.acquire()
    rl.update(answer(clock.now, clock.now + 300, remaining=29999, limit=30000))
    assert rl.limit == 30000
    assert rl.remaining == 29995  # the server has counted one of ours so far
    for _ in range(400):
        rl.acquire()
        rl.update(answer(clock.now, clock.now + 300, remaining=rl.remaining, limit=30000))
    assert clock.now == 1_000_000.0  # never waited


def test_a_server_allowing_less_than_the_default_is_believed_too():
    clock = FakeClock(now=1_000_000.0)
    rl = limiter("wait", clock)
    reserve_elsewhere(rl, 2)
    rl.acquire()
    rl.update(answer(clock.now, clock.now + 300, remaining=99, limit=100))
    assert (rl.limit, rl.remaining) == (100, 97)
