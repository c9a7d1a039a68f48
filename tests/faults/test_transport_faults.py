"""Transport and decoding faults (issue 12, points 1-3): servers on 127.0.0.1 misbehaving on purpose.

Each case asserts the documented exception (or the documented recovery), a bounded time, and
that no raw internal exception (KeyError, JSONDecodeError, RecursionError, ...) reaches the caller.
"""

import json
import os
import socket
import sys
import time

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from transport_servers import RawServer, read_request, reset, self_signed_context  # noqa: E402

from conftest import RAW_EXCEPTIONS  # noqa: E402
from loopback import free_port_refusing  # noqa: E402
from mastodon import (Mastodon, MastodonAPIError, MastodonBadGatewayError, MastodonError,  # noqa: E402
                      MastodonIllegalArgumentError, MastodonNetworkError, MastodonNotFoundError,
                      MastodonReadTimeout)

TOKEN = "fault-test-token"
RAW = RAW_EXCEPTIONS


def client(url, **kwargs):
    kwargs.setdefault("request_timeout", 2)
    return Mastodon(access_token=TOKEN, api_base_url=url, **kwargs)


def expect(cls, fn, within=3.0):
    """Call ``fn``: it must raise ``cls`` (a MastodonError, not a raw one) within ``within`` seconds."""
    start = time.monotonic()
    with pytest.raises(MastodonError) as info:
        fn()
    elapsed = time.monotonic() - start
    assert isinstance(info.value, cls), repr(info.value)
    assert not isinstance(info.value, RAW), repr(info.value)
    assert elapsed < within, f"took {elapsed:.1f} s"
    assert TOKEN not in str(info.value) and TOKEN not in repr(info.value)
    return info.value


def canned(raw: bytes):
    """A handler answering every request with exactly these bytes, then closing."""
    def handler(conn, server):
        server.requests.append(read_request(conn))
        conn.sendall(raw)
    return handler


def http(status: str, body: bytes, content_type: str = "application/json; charset=utf-8", length=None):
    head = (f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body) if length is None else length}\r\nConnection: close\r\n\r\n")
    return head.encode() + body


# -- point 1: the connection fails -------------------------------------------------------------------
def test_connection_refused():
    err = expect(MastodonNetworkError, lambda: client(free_port_refusing()).status(1))
    assert "GET" in str(err) and "/api/v1/statuses/1" in str(err)
    assert isinstance(err.__cause__, Exception)   # the underlying cause is kept


def test_reset_before_the_response():
    def handler(conn, server):
        read_request(conn)
        reset(conn)
    with RawServer(handler) as srv:
        expect(MastodonNetworkError, lambda: client(srv.url).status(1))


def test_reset_in_the_middle_of_the_body():
    def handler(conn, server):
        read_request(conn)
        conn.sendall(http("200 OK", b'{"id": "1", "content": "abc', length=5000))
        time.sleep(0.1)
        reset(conn)
    with RawServer(handler) as srv:
        expect(MastodonNetworkError, lambda: client(srv.url).status(1))


def test_closed_in_the_middle_of_the_body():
    with RawServer(canned(http("200 OK", b'{"id": "1", "content": "abc', length=5000))) as srv:
        expect(MastodonNetworkError, lambda: client(srv.url).status(1))


def test_garbage_instead_of_a_status_line():
    with RawServer(canned(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")) as srv:
        expect(MastodonNetworkError, lambda: client(srv.url).status(1))


@pytest.mark.parametrize("token", [TOKEN, None], ids=["with a token", "anonymous"])
@pytest.mark.parametrize("location", ["http://[bad/api/v1/statuses/1", "http://127.0.0.1:99999999/x"])
def test_a_redirect_to_a_malformed_location_is_a_network_error(token, location):
    redirect = (f"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n"
                "Connection: close\r\n\r\n").encode()
    with RawServer(canned(redirect)) as srv:
        api = Mastodon(access_token=token, api_base_url=srv.url, request_timeout=2)
        err = expect(MastodonNetworkError, lambda: api.status(1))
        assert f"GET {srv.url}/api/v1/statuses/1" in str(err)
        assert len(srv.requests) == 1  # nothing was sent anywhere else


def test_tls_handshake_fails_against_a_plain_server():
    # an https:// URL whose server speaks plain HTTP: the handshake fails
    def plain(conn, server):
        conn.sendall(http("400 Bad Request", b"{}"))   # answers the ClientHello in plain text
    with RawServer(plain) as srv:
        err = expect(MastodonNetworkError, lambda: client(srv.url.replace("http://", "https://")).status(1))
        assert "SSL" in repr(err.__cause__) or "ssl" in str(err).lower()


def test_tls_with_an_untrusted_certificate_is_refused(tmp_path):
    """Verification stays on: a self-signed certificate fails, and nothing is sent in clear."""
    with RawServer(canned(http("200 OK", b'{"id": "1"}')), tls_context=self_signed_context(tmp_path)) as srv:
        api = client(srv.url)
        expect(MastodonNetworkError, lambda: api.status(1))
        assert srv.requests == []   # the request (and its token) never went out
        assert api.session.verify is True


# -- point 2: the server is slow ---------------------------------------------------------------------
def test_a_server_that_never_answers_is_bounded_by_request_timeout():
    def handler(conn, server):
        read_request(conn)
        server.stop.wait(10)
    with RawServer(handler) as srv:
        start = time.monotonic()
        expect(MastodonReadTimeout, lambda: client(srv.url, request_timeout=0.25).status(1), within=1.25)
        assert time.monotonic() - start >= 0.2


def trickle(interval):
    def handler(conn, server):
        read_request(conn)
        body = json.dumps({"id": "1", "content": "x" * 40}).encode()
        conn.sendall(http("200 OK", b"", length=len(body)))
        for byte in body:
            if server.stop.wait(interval):
                return
            conn.sendall(bytes([byte]))
    return handler


def test_a_trickling_server_is_stopped_by_the_total_deadline():
    # one byte every 0.1 s (5 s for the body) never trips a per-read timeout of 1 s; the total
    # deadline of 0.6 s ends it
    with RawServer(trickle(0.1)) as srv:
        start = time.monotonic()
        err = expect(MastodonReadTimeout, lambda: client(srv.url, request_timeout=(1, 1, 0.6)).status(1),
                     within=1.2)
        assert time.monotonic() - start >= 0.55
        assert "0.6" in str(err)


def test_a_slow_but_steady_answer_within_the_deadline_arrives():
    def handler(conn, server):
        read_request(conn)
        body = b'{"id": "1"}'
        conn.sendall(http("200 OK", b"", length=len(body)))
        for byte in body:
            time.sleep(0.02)
            conn.sendall(bytes([byte]))
    with RawServer(handler) as srv:
        assert client(srv.url, request_timeout=(1, 1, 3)).status(1).id == "1"


def test_the_total_deadline_also_bounds_a_silent_server():
    def handler(conn, server):
        read_request(conn)
        server.stop.wait(10)
    with RawServer(handler) as srv:
        expect(MastodonReadTimeout, lambda: client(srv.url, request_timeout=(5, 5, 0.25)).status(1), within=1.0)


@pytest.mark.parametrize("bad", [(1, 2, 3, 4), (1, -1), "soon", (0, 1, 1)])
def test_invalid_timeouts_are_refused(bad):
    with pytest.raises(MastodonIllegalArgumentError, match="request_timeout"):
        Mastodon(api_base_url="https://mastodon.example", request_timeout=bad)


# -- point 3: the body is wrong ------------------------------------------------------------------------
def test_truncated_json():
    with RawServer(canned(http("200 OK", b'{"id": "1", "content": "ab'))) as srv:
        err = expect(MastodonAPIError, lambda: client(srv.url).status(1))
        assert "not JSON" in str(err) and "JSONDecodeError" in str(err) and err.status_code == 200


HTML = b"<!DOCTYPE html><html><head><title>Oops</title></head><body><h1>We're sorry</h1></body></html>"


def test_html_page_with_200():
    with RawServer(canned(http("200 OK", HTML, "text/html"))) as srv:
        err = expect(MastodonAPIError, lambda: client(srv.url).status(1))
        assert "text/html" in str(err)


@pytest.mark.parametrize("status, cls", [("404 Not Found", MastodonNotFoundError),
                                         ("502 Bad Gateway", MastodonBadGatewayError)])
def test_html_error_pages(status, cls):
    with RawServer(canned(http(status, HTML, "text/html"))) as srv:
        err = expect(cls, lambda: client(srv.url).status(1))
        assert err.status_code == int(status[:3]) and err.error is None   # the page is not the error text


@pytest.mark.parametrize("status", ["200 OK", "204 No Content"])
def test_empty_bodies_are_none(status):
    with RawServer(canned(http(status, b""))) as srv:
        assert client(srv.url).status_delete(1) is None


def test_json_error_body_without_error():
    with RawServer(canned(http("422 Unprocessable Entity", b'{"details": {"text": ["blank"]}}'))) as srv:
        err = expect(MastodonAPIError, lambda: client(srv.url).status(1))
        assert err.status_code == 422 and err.body == {"details": {"text": ["blank"]}}


def test_error_body_that_is_a_list():
    with RawServer(canned(http("422 Unprocessable Entity", b'["text is blank", 3]'))) as srv:
        err = expect(MastodonAPIError, lambda: client(srv.url).status(1))
        assert err.status_code == 422


@pytest.mark.parametrize("status", ["200 OK", "500 Internal Server Error"])
def test_invalid_utf8(status):
    with RawServer(canned(http(status, b'{"id": "1", "content": "\xff\xfe broken"}'))) as srv:
        expect(MastodonAPIError, lambda: client(srv.url).status(1))


def test_a_body_of_several_megabytes():
    statuses = [{"id": str(i), "content": "x" * 500, "created_at": "2024-01-01T00:00:00.000Z"}
                for i in range(8000)]
    body = json.dumps(statuses).encode()
    assert len(body) > 4_000_000

    def handler(conn, server):
        read_request(conn)
        conn.sendall(http("200 OK", body))
    with RawServer(handler) as srv:
        start = time.monotonic()
        page = client(srv.url).timeline_home()
        assert len(page) == 8000 and page[-1].id == "7999" and page[0].created_at.year == 2024
        assert time.monotonic() - start < 10


@pytest.mark.parametrize("status", ["200 OK", "400 Bad Request"])
@pytest.mark.parametrize("depth", [5000, 200_000])
def test_deeply_nested_json(status, depth):
    body = b"[" * depth + b"]" * depth
    with RawServer(canned(http(status, body))) as srv:
        expect(MastodonAPIError, lambda: client(srv.url).status(1))


def test_deeply_nested_objects_in_an_entity():
    nested = b'{"a":' * 3000 + b"1" + b"}" * 3000
    with RawServer(canned(http("200 OK", b'{"id": "1", "content": ' + nested + b"}"))) as srv:
        try:
            value = client(srv.url).status(1)
        except MastodonError as e:   # refused as too deep: fine, as long as it is ours
            assert not isinstance(e, RAW)
        else:
            assert value.id == "1"


@pytest.mark.parametrize("body", [b"null", b"42", b'"text"', b"true", b"[1, 2, 3]"])
def test_json_that_is_not_an_object(body):
    with RawServer(canned(http("200 OK", body))) as srv:
        try:
            client(srv.url).status(1)
        except MastodonError as e:
            assert not isinstance(e, RAW)


def test_a_connection_is_not_left_half_read_after_a_fault():
    """After a broken answer the next request on the same client works (the pool recovers)."""
    answers = [http("200 OK", b'{"id": "1", "con', length=400), http("200 OK", b'{"id": "2"}')]

    def handler(conn, server):
        read_request(conn)
        conn.sendall(answers.pop(0))
        conn.shutdown(socket.SHUT_RDWR)
    with RawServer(handler) as srv:
        api = client(srv.url)
        expect(MastodonNetworkError, lambda: api.status(1))
        assert api.status(2).id == "2"


@pytest.mark.parametrize("stamp", ['"99999999999999999999"', "1e300", '"9999-99-99T99:99:99Z"', "-99999999999999"])
def test_dates_out_of_range_are_kept_as_they_came(stamp):
    body = b'{"id": "1", "created_at": ' + stamp.encode() + b"}"
    with RawServer(canned(http("200 OK", body))) as srv:
        status = client(srv.url).status(1)
    assert status.id == "1" and status.created_at == json.loads(stamp)


@pytest.mark.parametrize("encoding", ["gzip", "chunked"])
def test_total_deadline_reads_compressed_and_chunked_bodies_whole(server, encoding):
    import gzip

    from loopback import Reply
    body = json.dumps([{"id": str(i), "content": "x" * 100} for i in range(3000)]).encode()
    if encoding == "gzip":
        reply = Reply(gzip.compress(body), headers={"Content-Encoding": "gzip", "Content-Type": "application/json"})
    else:
        reply = Reply(iter([body[:1000], body[1000:200000], body[200000:]]),
                      headers={"Content-Type": "application/json"}, chunked=True)
    server.route("GET", "/api/v1/timelines/home", reply)
    page = client(server.url, request_timeout=(5, 5, 5)).timeline_home()
    assert len(page) == 3000 and page[-1].id == "2999"
