"""OAuth as a bot author runs it once by hand: register the app, authorize in a browser, keep two files."""

import os
import stat
from urllib.parse import parse_qs, urlsplit

import pytest
from live_browser import authorize_in_browser

from mastodon import Mastodon, MastodonIllegalArgumentError, MastodonUnauthorizedError

SCOPES = ["read", "write", "follow"]


def test_app_registration_browser_authorization_files_and_revocation(live, tmp_path):
    app_file = str(tmp_path / "pytooter_clientcred.secret")
    user_file = str(tmp_path / "pytooter_usercred.secret")
    alice = live.creds["alice"]

    client_id, client_secret = Mastodon.create_app("live-oauth", scopes=SCOPES, website="https://example.org",
                                                   to_file=app_file, api_base_url=live.base_url)
    assert client_id and client_secret
    lines = open(app_file, encoding="utf-8").read().splitlines()
    assert lines[:2] == [client_id, client_secret]
    assert live.base_url in lines
    assert stat.S_IMODE(os.stat(app_file).st_mode) == 0o600

    api = Mastodon(client_id=app_file)
    assert api.api_base_url == live.base_url
    url = api.auth_request_url(scopes=SCOPES, state="xyz")
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert url.startswith(live.base_url + "/oauth/authorize?")
    assert query["client_id"] == [client_id]
    assert query["response_type"] == ["code"]
    assert query["scope"] == [" ".join(SCOPES)]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43  # base64url of a SHA-256 digest, unpadded

    code = authorize_in_browser(url, alice["email"], alice["password"])
    token = api.log_in(code=code, scopes=SCOPES, to_file=user_file)
    assert token and open(user_file, encoding="utf-8").read().splitlines()[0] == token
    assert stat.S_IMODE(os.stat(user_file).st_mode) == 0o600
    assert api.me().id == alice["id"]

    # Later, in another process: both files, nothing else.
    later = Mastodon(client_id=app_file, access_token=user_file)
    assert later.api_base_url == live.base_url
    me = later.account_verify_credentials()
    assert (me.id, me.acct) == (alice["id"], "alice")
    posted = later.status_post("hello from a client built out of two files")
    assert posted.account.id == alice["id"]
    later.status_delete(posted)

    # A code works once.
    with pytest.raises(MastodonIllegalArgumentError):
        Mastodon(client_id=app_file).log_in(code=code, scopes=SCOPES)

    later.revoke_access_token()
    assert later.access_token is None
    with pytest.raises(MastodonUnauthorizedError):
        Mastodon(access_token=user_file).account_verify_credentials()


def test_a_wrong_password_never_yields_a_code(live, tmp_path):
    app_file = str(tmp_path / "app.secret")
    Mastodon.create_app("live-oauth-wrong", scopes=SCOPES, to_file=app_file, api_base_url=live.base_url)
    url = Mastodon(client_id=app_file).auth_request_url(scopes=SCOPES)
    with pytest.raises(Exception):
        authorize_in_browser(url, live.creds["bob"]["email"], "not-the-password")


def test_a_made_up_code_is_refused_as_bad_credentials(live, tmp_path):
    app_file = str(tmp_path / "app.secret")
    Mastodon.create_app("live-oauth-code", scopes=SCOPES, to_file=app_file, api_base_url=live.base_url)
    api = Mastodon(client_id=app_file)
    api.auth_request_url(scopes=SCOPES)
    with pytest.raises(MastodonIllegalArgumentError, match="refused"):
        api.log_in(code="no-such-code", scopes=SCOPES)
    assert api.access_token is None
