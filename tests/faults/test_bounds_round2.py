"""Bounded work against hostile servers (issue 18, points 7-9 and 11).

7. ``request_timeout``'s total deadline covers connecting, the status line, the headers and the body;
8. a streaming endpoint answering an error with an endless body: bounded read, prompt close();
9. a server answering 429 (or 503 with Retry-After) forever is given up after the call's wait budget;
11. an upload's MIME type guessed from its name is the one ``mimetypes`` gives.
"""

import os
import sys
import time

import pytest

from conftest import no_raw
from fakeclock import FakeClock, iso
from loopback import Reply
from mastodon import Mastodon, MastodonIllegalArgumentError, MastodonRatelimitError, MastodonReadTimeout
from mastodon.core.ratelimit import MAX_WAIT, WAIT_BUDGET, charge_wait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from transport_servers import RawServer, read_request  # noqa: E402


# -- 9. the per-call wait budget ---------------------------------------------------------------------
def budget_client(server, **kwargs):
    api = Mastodon(access_token="t", api_base_url=server.url, **kwargs)
    return api, FakeClock(time.time()).attach(api)


FOREVER = {
    "429 retry-after": (429, {"Retry-After": "60"}),
    "429 reset a day ahead": (429, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": iso(time.time() + 86400)}),
    "429 reset in the past": (429, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": iso(time.time() - 600)}),
    "429 no headers": (429, {}),
    "429 retry-after far": (429, {"Retry-After": "99999999"}),
}


class TestWaitBudget:
    @pytest.mark.parametrize("case", sorted(FOREVER))
    @pytest.mark.parametrize("mode", ["wait", "pace"])
    def test_a_server_that_always_answers_429_is_given_up(self, server, case, mode):
        status, headers = FOREVER[case]
        server.route("GET", "/api/v1/x", Reply({"error": "Too many requests"}, status, headers))
        api, clock = budget_client(server, ratelimit_method=mode, ratelimit_wait_budget=600)
        started = time.monotonic()
        with pytest.raises(MastodonRatelimitError, match="budget"):
            no_raw(api._api_request, "GET", "/api/v1/x")
        assert 600 - MAX_WAIT < sum(clock.sleeps) <= 600
        assert len(server.requests) == len(clock.sleeps) + 1 <= 20
        assert time.monotonic() - started < 5

    def test_the_default_budget_gives_up_after_half_an_hour_of_waiting(self, server):
        server.route("GET", "/api/v1/x", Reply({"error": "Too many requests"}, 429, {"Retry-After": "99999"}))
        api, clock = budget_client(server)
        with pytest.raises(MastodonRatelimitError):
            api._api_request("GET", "/api/v1/x")
        assert clock.sleeps == [MAX_WAIT] * int(WAIT_BUDGET // MAX_WAIT)

    def test_the_budget_is_a_constructor_parameter(self, server):
        server.route("GET", "/api/v1/x", Reply({"error": "Too many requests"}, 429, {"Retry-After": "60"}))
        api, clock = budget_client(server, ratelimit_wait_budget=150)
        with pytest.raises(MastodonRatelimitError):
            api._api_request("GET", "/api/v1/x")
        assert clock.sleeps == [60, 60]
        assert len(server.requests) == 3

    def test_a_503_with_retry_after_forever_is_bounded_too(self, server):
        server.route("GET", "/api/v1/x", Reply({"error": "down"}, 503, {"Retry-After": "100"}))
        api, clock = budget_client(server, ratelimit_wait_budget=150)
        with pytest.raises(MastodonRatelimitError, match="budget"):
            no_raw(api._api_request, "GET", "/api/v1/x")
        assert clock.sleeps == [100]

    def test_none_keeps_the_old_unbounded_retrying(self, server):
        replies = iter([Reply({}, 429, {"Retry-After": "300"})] * 12 + [Reply({"ok": True})])
        server.route("GET", "/api/v1/x", lambda rec: next(replies))
        api, clock = budget_client(server, ratelimit_wait_budget=None)
        assert api._api_request("GET", "/api/v1/x") == {"ok": True}
        assert sum(clock.sleeps) == 12 * 300

    def test_a_call_within_budget_recovers(self, server):
        replies = iter([Reply({}, 429, {"Retry-After": "30"})] * 3 + [Reply({"ok": True})])
        server.route("GET", "/api/v1/x", lambda rec: next(replies))
        api, clock = budget_client(server)
        assert api._api_request("GET", "/api/v1/x") == {"ok": True}
        assert clock.sleeps == [30, 30, 30]

    def test_each_call_has_its_own_budget(self, server):
        state = {"n": 0}

        def handler(rec):
            state["n"] += 1
            return Reply({}, 429, {"Retry-After": "100"}) if state["n"] % 2 else Reply({"ok": True})
        server.route("GET", "/api/v1/x", handler)
        api, clock = budget_client(server, ratelimit_wait_budget=150)
        for _ in range(4):
            assert api._api_request("GET", "/api/v1/x") == {"ok": True}
        assert clock.sleeps == [100] * 4

    @pytest.mark.parametrize("bad", [-1, "10", float("inf"), float("nan"), True])
    def test_bad_budgets_are_refused(self, bad):
        with pytest.raises(MastodonIllegalArgumentError):
            Mastodon(api_base_url="https://mastodon.example", ratelimit_wait_budget=bad)

    def test_charge_wait(self):
        assert charge_wait(10, 20, 30, "x") == 30
        assert charge_wait(10, 10**9, None, "x") == 10 + 10**9
        with pytest.raises(MastodonRatelimitError, match="GET /x"):
            charge_wait(10, 21, 30, "GET /x")
        assert WAIT_BUDGET >= MAX_WAIT


# -- 11. the MIME type guessed from a name ------------------------------------------------------------
class TestMimeTypeFromName:
    @pytest.mark.parametrize("name, expected", [("clip.mpg", "video/mpeg"), ("clip.mov", "video/quicktime"),
                                                ("sound.wav", "audio/x-wav"), ("picture.svg", "image/svg+xml")])
    def test_unrecognised_bytes_keep_the_names_type(self, server, tmp_path, name, expected):
        import mimetypes
        expected = mimetypes.guess_type(name, strict=False)[0] or expected
        server.route("POST", "/api/v2/media", {"id": "1", "type": "unknown"})
        path = tmp_path / name
        path.write_bytes(b"\x00\x01 no known signature here " * 10)
        api = Mastodon(access_token="t", api_base_url=server.url)
        api.media_post(str(path))
        _, content_type, body = server.requests[0].multipart["file"]
        assert content_type == expected
        assert body == path.read_bytes()


# -- 7. the total deadline covers the answer's head ------------------------------------------------------
def trickle(head_lines, interval=0.2):
    """A handler that answers with ``head_lines``, one every ``interval`` s, then header lines forever."""
    def handler(conn, server):
        read_request(conn)
        n = 0
        for line in head_lines:
            conn.sendall(line)
            if server.stop.wait(interval):
                return
        while not server.stop.is_set():
            conn.sendall(b"X-Trickle-%d: %s\r\n" % (n, b"x" * 10))
            n += 1
            if server.stop.wait(interval):
                return
    return handler


def trickle_bytes(data, interval=0.05):
    def handler(conn, server):
        read_request(conn)
        for i in range(len(data)):
            conn.sendall(data[i:i + 1])
            if server.stop.wait(interval):
                return
    return handler


def trickle_body(conn, server):
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
    while not server.stop.wait(0.05):
        conn.sendall(b" ")


class TestTotalDeadline:
    # Every trickle sends more often than the per-read timeout (1 s) and for longer than the
    # total deadline (0.25 s): only the total can end the call, well before the per-read timeout.
    @pytest.mark.parametrize("handler", [
        trickle([b"HTTP/1.1 200 OK\r\n"], interval=0.1),
        trickle([b"HTTP/1.1 200 OK\r\n", b"Content-Type: application/json\r\n"], interval=0.05),
        trickle_bytes(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}" * 3,
                      interval=0.025),
        trickle_body,
    ], ids=["header-lines", "header-lines-fast", "status-line-bytes", "body"])
    def test_a_trickling_answer_is_cut_at_the_deadline(self, handler):
        with RawServer(handler) as server:
            api = Mastodon(api_base_url=server.url, request_timeout=(1, 1, 0.25))
            started = time.monotonic()
            with pytest.raises(MastodonReadTimeout):
                no_raw(api._api_request, "GET", "/api/v1/instance")
            assert time.monotonic() - started < 0.9

    def test_the_connection_is_reused_after_answers_within_the_deadline(self, server):
        server.route("GET", "/api/v1/x", {"ok": True})
        api = Mastodon(api_base_url=server.url, request_timeout=(1, 1, 1.0))
        for _ in range(5):
            assert api._api_request("GET", "/api/v1/x") == {"ok": True}
        assert server.connections == 1

    def test_without_a_total_nothing_is_armed(self, server):
        server.route("GET", "/api/v1/x", {"ok": True})
        api = Mastodon(api_base_url=server.url, request_timeout=5)
        import threading
        before = threading.active_count()
        assert api._api_request("GET", "/api/v1/x") == {"ok": True}
        assert threading.active_count() <= before + 1


# -- 8. a streaming endpoint answering an error with an endless body -----------------------------------
def endless_error(status=500, fast=True):
    """The API's instance answer names this server as the streaming server; every streaming request
    gets ``status`` with a chunked body that never ends (fast: 1 KiB chunks at once; else a byte
    every 100 ms)."""
    def handler(conn, server):
        head = read_request(conn)
        if b" /api/v2/instance" in head.split(b"\r\n", 1)[0]:
            body = b'{"configuration": {"urls": {"streaming": "%s"}}}' % server.url.encode()
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                         b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
            return
        conn.sendall(b"HTTP/1.1 %d Oops\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n" % status)
        chunk = b"x" * 1024 if fast else b"x"
        while not server.stop.is_set():
            conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            if not fast and server.stop.wait(0.1):
                return
    return handler


def in_thread(call):
    """Run ``call`` in a thread; (thread, box with its result or error)."""
    import threading
    box = {}

    def run():
        try:
            box["result"] = call()
        except BaseException as e:  # noqa: BLE001 - handed to the test
            box["error"] = e
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, box


class TestStreamingErrorBodies:
    @pytest.mark.parametrize("status", [500, 401, 429])
    @pytest.mark.parametrize("fast", [True, False], ids=["huge", "trickling"])
    def test_the_blocking_call_raises_within_its_timeout(self, status, fast):
        from mastodon import MastodonAPIError, MastodonError, StreamListener
        with RawServer(endless_error(status, fast)) as server:
            # A given version names the software: no nodeinfo lookup (this server answers it
            # with the same endless body) before the stream's own request.
            api = Mastodon(access_token="t", api_base_url=server.url, request_timeout=5, ratelimit_method="throw",
                           mastodon_version="4.3.0")
            started = time.monotonic()
            thread, box = in_thread(lambda: api.stream_public(StreamListener(), timeout=0.3))
            thread.join(2)
            alive = thread.is_alive()
        assert not alive, "the stream call still reads the error body"
        assert time.monotonic() - started < 1.25
        error = box.get("error")
        assert isinstance(error, MastodonError), repr(error)
        if isinstance(error, MastodonAPIError):
            assert len(str(error)) < 2000

    @pytest.mark.parametrize("fast", [True, False], ids=["huge", "trickling"])
    def test_close_stops_a_background_stream_reading_an_error_body_at_once(self, fast):
        """close() cuts the read of the error body; it does not wait for the read's own budget (1 s)."""
        from mastodon import StreamListener
        with RawServer(endless_error(500, fast)) as server:
            api = Mastodon(access_token="t", api_base_url=server.url, request_timeout=5, mastodon_version="4.3.0")
            handle = api.stream_public(StreamListener(), run_async=True, timeout=30, reconnect_async=True,
                                       reconnect_async_wait_sec=0.05)
            deadline = time.monotonic() + 3
            while len(server.connections) < 2 and time.monotonic() < deadline:
                time.sleep(0.02)  # the instance lookup, then the stream's own request
            time.sleep(0.2)       # the thread is inside the error body now
            closed_at = time.monotonic()
            handle.close()
            handle.join(2)
            stopped = not handle.is_alive()
            took = time.monotonic() - closed_at
        assert stopped and took < 0.4  # the trickling body was read until its budget ran out: 0.8 s
