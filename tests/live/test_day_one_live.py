"""Day-one messages against the real GoToSocial (issue 19, point 14): what a new user meets."""

import pytest

from mastodon import Mastodon
from mastodon.core.hints import NO_PASSWORD_GRANT, REFUSED_TOKEN
from mastodon.errors import MastodonIllegalArgumentError, MastodonNetworkError, MastodonUnauthorizedError


def test_stream_healthy_on_a_websocket_only_server(alice):
    pytest.importorskip("websockets")
    assert alice.stream_healthy() is True          # GoToSocial: no health endpoint, WebSocket streaming works


def test_a_wrong_token_is_named(live):
    with pytest.raises(MastodonUnauthorizedError) as caught:
        Mastodon(access_token="not-a-token", api_base_url=live.base_url).account_verify_credentials()
    assert caught.value.status_code == 401 and str(caught.value).startswith(REFUSED_TOKEN)


def test_a_url_without_scheme_says_to_write_http(live):
    host = live.base_url.split("://", 1)[1]
    with pytest.raises(MastodonNetworkError) as caught:
        Mastodon(api_base_url=host, request_timeout=10).instance_v1()
    assert f"api_base_url='http://{host}'" in str(caught.value)


def test_a_password_login_points_to_auth_request_url(live):
    user = live.creds["alice"]
    app = Mastodon(client_id=user["client_id"], client_secret=user["client_secret"], api_base_url=live.base_url)
    with pytest.raises(MastodonIllegalArgumentError) as caught:
        app.log_in(user["email"], user["password"])
    assert NO_PASSWORD_GRANT in str(caught.value)


def test_ratelimit_remaining_stays_at_or_above_zero(alice):
    for _ in range(3):
        alice.account_verify_credentials()
    assert 0 <= alice.ratelimit_remaining <= alice.ratelimit_limit
