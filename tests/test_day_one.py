"""The messages and answers a user meets on the first day say what to do (issue 19, point 14).

Each hook is one line in code owned elsewhere; the advice itself is in mastodon/core/hints.py
(and mastodon/streaming/health.py for stream_healthy), tested here end to end.
"""

import os
import ssl
import sys

import pytest
import responses
from loopback import LoopbackServer, Reply

sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "streaming"))
from stream_fixtures import ws, ws_api  # noqa: E402,F401  (fixtures)

from mastodon import Mastodon
from mastodon.core.hints import NO_PASSWORD_GRANT, REFUSED_TOKEN, explain_api_error, tls_hint
from mastodon.errors import (
    MastodonAPIError,
    MastodonIllegalArgumentError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonUnauthorizedError,
)

BASE = "https://mastodon.example"


# -- a base URL without a scheme, on a local server without TLS ------------------------------------
def test_a_url_without_scheme_on_a_plain_http_server_says_to_write_http():
    with LoopbackServer() as server:
        server.route("GET", "/api/v1/instance", {"uri": "local"})
        hostport = server.url.split("://", 1)[1]
        api = Mastodon(api_base_url=hostport, request_timeout=5)   # means https://127.0.0.1:PORT
        assert api.api_base_url == f"https://{hostport}"
        with pytest.raises(MastodonNetworkError) as caught:
            api.instance_v1()
        message = str(caught.value)
        assert f"write api_base_url='http://{hostport}'" in message
        assert "TLS handshake" in message
        # Written as the hint says, the same server answers.
        assert Mastodon(api_base_url=f"http://{hostport}").instance_v1()["uri"] == "local"


def test_other_network_failures_get_no_tls_advice():
    refused = ConnectionRefusedError(111, "Connection refused")
    assert tls_hint("https://localhost:3000/api/v1/instance", refused) == ""
    assert tls_hint("http://localhost:3000/api/v1/instance", ssl.SSLError("wrong version number")) == ""
    wrapped = OSError("outer")
    wrapped.__cause__ = ssl.SSLError("wrong version number")
    assert "http://localhost:3000" in tls_hint("https://localhost:3000/x", wrapped)


# -- a wrong access token ---------------------------------------------------------------------------
@responses.activate
def test_a_wrong_token_says_the_server_refused_it():
    responses.get(f"{BASE}/api/v1/accounts/verify_credentials", status=401,
                  json={"error": "The access token is invalid"})
    api = Mastodon(access_token="wrong", api_base_url=BASE)
    with pytest.raises(MastodonUnauthorizedError) as caught:
        api.account_verify_credentials()
    e = caught.value
    assert e.status_code == 401
    assert e.error == "The access token is invalid"
    assert str(e).startswith(REFUSED_TOKEN)
    assert e.args[0] == REFUSED_TOKEN and e.args[1] == 401   # 2.x's (message, status, reason, error)


def test_a_401_without_a_token_keeps_the_plain_message():
    error = MastodonUnauthorizedError("Mastodon API returned error", 401, "Unauthorized", "needs login")
    assert explain_api_error(error, sent_token=False).args[0] == "Mastodon API returned error"
    other = MastodonNotFoundError("Mastodon API returned error", 404, "Not Found", "nope")
    assert explain_api_error(other, sent_token=True).args[0] == "Mastodon API returned error"


# -- a password login on a server without the password grant ----------------------------------------
@responses.activate
def test_a_password_login_without_the_password_grant_points_to_auth_request_url():
    responses.post(f"{BASE}/oauth/token", status=400, json={
        "error": "unsupported_grant_type",
        "error_description": "The authorization grant type is not supported by the authorization server."})
    api = Mastodon(client_id="id", client_secret="secret", api_base_url=BASE)
    with pytest.raises(MastodonIllegalArgumentError) as caught:
        api.log_in("someone@example.com", "password")
    message = str(caught.value)
    assert "unsupported_grant_type" in message
    assert NO_PASSWORD_GRANT in message and "auth_request_url()" in message
    assert isinstance(caught.value.__cause__, MastodonAPIError) and caught.value.__cause__.status_code == 400


@responses.activate
def test_a_wrong_password_is_not_blamed_on_the_grant():
    responses.post(f"{BASE}/oauth/token", status=400, json={
        "error": "invalid_grant", "error_description": "The provided authorization grant is invalid."})
    api = Mastodon(client_id="id", client_secret="secret", api_base_url=BASE)
    with pytest.raises(MastodonIllegalArgumentError) as caught:
        api.log_in("someone@example.com", "wrong")
    assert "invalid_grant" in str(caught.value)
    assert "auth_request_url" not in str(caught.value)


# -- stream_healthy on a WebSocket-only server ---------------------------------------------------------
def test_stream_healthy_on_a_websocket_only_server(ws, ws_api):
    # GoToSocial-like: the health endpoint is 404, the WebSocket streaming API works.
    assert ws_api.stream_healthy() is True
    assert "/api/v1/streaming/health" in ws.refused_http


def test_stream_healthy_is_false_when_the_websocket_is_refused_too(ws, ws_api):
    ws.reject_next = 1
    assert ws_api.stream_healthy() is False


def test_stream_healthy_is_false_when_the_health_check_fails_otherwise():
    with LoopbackServer() as server:
        server.route("GET", "/api/v1/streaming/health", Reply({"error": "down"}, 500))
        api = Mastodon(access_token="t", api_base_url=server.url)
        api._cache["streaming_base_url"] = server.url
        # A 500 says the streaming server is there and unwell: no WebSocket probe then.
        assert api.stream_healthy() is False


# -- ratelimit_remaining without rate-limit headers ---------------------------------------------------
@responses.activate
def test_ratelimit_remaining_never_goes_below_zero_without_headers():
    responses.get(f"{BASE}/api/v1/timelines/home", json=[])
    api = Mastodon(access_token="t", api_base_url=BASE, ratelimit_method="wait")
    api.ratelimit_remaining = 2
    for _ in range(5):
        api.timeline_home()
    assert api.ratelimit_remaining == 0
    assert api.ratelimit_reset is None
