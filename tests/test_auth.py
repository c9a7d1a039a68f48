"""App registration, OAuth flows (password, code with PKCE, refresh), credential files."""

import base64
import hashlib
import os
import stat
from urllib.parse import parse_qs, urlsplit

import pytest
from responses import matchers

from conftest import BASE, TOKEN, entity, form_matcher, sent_form
from mastodon import Mastodon, MastodonAPIError, MastodonIllegalArgumentError, MastodonNotFoundError


def app_reply(**extra):
    return {"id": "563419", "name": "test app", "website": None, "redirect_uri": "urn:ietf:wg:oauth:2.0:oob",
            "client_id": "TWhM-tNSuncnqN7DBJmoyeLnk6K3iJJ71KKXxgL1hPM",
            "client_secret": "ZEaFUFmF0umgBX1qKJDjaU99Q31lDkOU8NutzTOoliw", "vapid_key": "BCk-QqERU0q", **extra}


class TestCreateApp:
    def test_registers_and_returns_the_credentials(self, rsps):
        rsps.post(BASE + "/api/v1/apps", json=app_reply(), match=[form_matcher({
            "client_name": "pytooterapp", "scopes": "read write follow push",
            "redirect_uris": "urn:ietf:wg:oauth:2.0:oob", "website": "https://example.org"})])
        cid, secret = Mastodon.create_app("pytooterapp", api_base_url=BASE, website="https://example.org")
        assert cid.startswith("TWhM") and secret.startswith("ZEaF")
        assert "Authorization" not in rsps.calls[0].request.headers

    def test_scopes_and_redirect_uris_lists(self, rsps):
        rsps.post(BASE + "/api/v1/apps", json=app_reply(), match=[form_matcher({
            "client_name": "x", "scopes": "read:statuses write:media",
            "redirect_uris": "https://a.example/cb\nhttps://b.example/cb"})])
        Mastodon.create_app("x", scopes=["read:statuses", "write:media"],
                            redirect_uris=["https://a.example/cb", "https://b.example/cb"], api_base_url=BASE)

    def test_to_file_writes_a_private_file_the_constructor_reads(self, rsps, tmp_path):
        path = tmp_path / "clientcred.secret"
        rsps.post(BASE + "/api/v1/apps", json=app_reply())
        Mastodon.create_app("x", api_base_url="mastodon.example/", to_file=str(path))
        # Mastodon.py 2.x's layout: id, secret, base URL, app name
        assert path.read_text().splitlines() == [app_reply()["client_id"], app_reply()["client_secret"], BASE, "x"]
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert not [p for p in os.listdir(tmp_path) if p != "clientcred.secret"]  # no temp files left
        api = Mastodon(client_id=str(path))
        assert (api.client_id, api.client_secret, api.api_base_url) == \
            (app_reply()["client_id"], app_reply()["client_secret"], BASE)
        assert api.user_agent == "x"   # 2.x: the app's name is the default User-Agent
        assert Mastodon(client_id=str(path), user_agent="mine/1").user_agent == "mine/1"

    def test_user_agent_and_session(self, rsps):
        import requests
        session = requests.Session()
        rsps.post(BASE + "/api/v1/apps", json=app_reply(), match=[matchers.header_matcher({"User-Agent": "bot/2"})])
        Mastodon.create_app("x", api_base_url=BASE, user_agent="bot/2", session=session)

    def test_refusal_is_an_api_error(self, rsps):
        rsps.post(BASE + "/api/v1/apps", status=422, json={"error": "Validation failed: Name can't be blank"})
        with pytest.raises(MastodonAPIError, match="Name can't be blank"):
            Mastodon.create_app("", api_base_url=BASE)


class TestConstructor:
    def test_base_url_forms(self):
        assert Mastodon(api_base_url="mastodon.example").api_base_url == "https://mastodon.example"
        assert Mastodon(api_base_url="https://mastodon.example///").api_base_url == "https://mastodon.example"
        assert Mastodon(api_base_url=" http://127.0.0.1:3000/ ").api_base_url == "http://127.0.0.1:3000"
        assert Mastodon(api_base_url="https://example.org/masto/").api_base_url == "https://example.org/masto"

    @pytest.mark.parametrize("bad", ["", "ftp://x.example", "   "])
    def test_bad_base_urls(self, bad):
        with pytest.raises(MastodonIllegalArgumentError):
            Mastodon(api_base_url=bad)

    def test_flagship_default_warns(self):
        from mastodon import MastodonWarning
        with pytest.warns(MastodonWarning, match="mastodon.social"):
            api = Mastodon()
        assert api.api_base_url == "https://mastodon.social"

    def test_user_credential_file_gives_token_url_and_app(self, tmp_path):
        path = tmp_path / "usercred.secret"
        path.write_text(f"{TOKEN}\n{BASE}\ncid\ncsecret\n")
        api = Mastodon(access_token=str(path))
        assert (api.access_token, api.api_base_url, api.client_id, api.client_secret) == (TOKEN, BASE, "cid",
                                                                                           "csecret")

    def test_classic_one_line_token_file(self, tmp_path):
        path = tmp_path / "usercred.secret"
        path.write_text(TOKEN + "\n")
        api = Mastodon(access_token=path, api_base_url=BASE)   # a pathlib path works too
        assert api.access_token == TOKEN

    def test_disagreeing_base_urls_are_refused(self, tmp_path):
        path = tmp_path / "usercred.secret"
        path.write_text(f"{TOKEN}\nhttps://other.example\n")
        with pytest.raises(MastodonIllegalArgumentError, match="disagree"):
            Mastodon(access_token=str(path), api_base_url=BASE)

    def test_empty_or_missing_files(self, tmp_path):
        from mastodon import MastodonFileNotFoundError
        empty = tmp_path / "empty.secret"
        empty.write_text("\n")
        with pytest.raises(MastodonIllegalArgumentError, match="empty"):
            Mastodon(access_token=empty, api_base_url=BASE)
        with pytest.raises(MastodonFileNotFoundError):
            Mastodon(access_token=tmp_path / "missing.secret", api_base_url=BASE)

    def test_plain_strings_are_not_taken_for_files(self):
        api = Mastodon(client_id="abc", client_secret="def", access_token="ghi", api_base_url=BASE)
        assert (api.client_id, api.client_secret, api.access_token) == ("abc", "def", "ghi")

    @pytest.mark.parametrize("kwargs", [{"ratelimit_method": "sometimes"}, {"feature_set": "mastodon"},
                                        {"version_check_mode": "all"}, {"mastodon_version": "banana"}])
    def test_invalid_settings(self, kwargs):
        from mastodon import MastodonError
        with pytest.raises(MastodonError):
            Mastodon(api_base_url=BASE, **kwargs)

    def test_repr_hides_the_token(self):
        assert TOKEN not in repr(Mastodon(api_base_url=BASE, access_token=TOKEN))


@pytest.fixture
def app(rsps):
    return Mastodon(client_id="cid", client_secret="csecret", api_base_url=BASE)


def token_reply(scope="read write follow push", **extra):
    return {"access_token": "ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0", "token_type": "Bearer", "scope": scope,
            "created_at": 1573979017, **extra}


class TestLogIn:
    def test_password_grant(self, app, rsps, tmp_path):
        path = tmp_path / "user.secret"
        rsps.post(BASE + "/oauth/token", json=token_reply(), match=[form_matcher({
            "grant_type": "password", "username": "alice@example.org", "password": "hunter2",
            "client_id": "cid", "client_secret": "csecret", "scope": "read write follow push",
            "redirect_uri": "urn:ietf:wg:oauth:2.0:oob"})])
        token = app.log_in("alice@example.org", "hunter2", to_file=str(path))
        assert token == token_reply()["access_token"] == app.access_token
        assert path.read_text().splitlines() == [token, BASE, "cid", "csecret"]
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        # the new token is used from now on
        rsps.get(BASE + "/api/v1/apps/verify_credentials", json=entity("Application"),
                 match=[matchers.header_matcher({"Authorization": "Bearer " + token})])
        assert app.app_verify_credentials().name == entity("Application")["name"]

    def test_code_grant_sends_the_pkce_verifier(self, app, rsps):
        rsps.get(BASE + "/.well-known/oauth-authorization-server", json={
            "issuer": BASE + "/", "authorization_endpoint": BASE + "/oauth/authorize",
            "token_endpoint": BASE + "/oauth/token", "code_challenge_methods_supported": ["S256"]})
        url = app.auth_request_url(redirect_uris="https://app.example/cb", scopes=["read"], state="xyz",
                                   force_login=True, lang="de")
        query = parse_qs(urlsplit(url).query)
        assert url.startswith(BASE + "/oauth/authorize?")
        assert query["client_id"] == ["cid"] and query["response_type"] == ["code"]
        assert query["redirect_uri"] == ["https://app.example/cb"] and query["scope"] == ["read"]
        assert query["state"] == ["xyz"] and query["force_login"] == ["true"] and query["lang"] == ["de"]
        assert query["code_challenge_method"] == ["S256"]
        # Another client object with the same app credentials (another process, another web
        # request) exchanges the code: it recovers the verifier of the challenge.
        other = Mastodon(client_id="cid", client_secret="csecret", api_base_url=BASE)
        rsps.post(BASE + "/oauth/token", json=token_reply(scope="read"))
        other.log_in(code="the-code", redirect_uri="https://app.example/cb", scopes=["read"])
        sent = sent_form(rsps.calls[-1])
        assert sent["grant_type"] == ["authorization_code"] and sent["code"] == ["the-code"]
        assert sent["redirect_uri"] == ["https://app.example/cb"] and sent["scope"] == ["read"]
        verifier = sent["code_verifier"][0]
        assert 43 <= len(verifier) <= 128 and set(verifier) <= set(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        expected = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
        assert query["code_challenge"] == [expected]

    def test_no_pkce_when_the_server_says_so_and_no_metadata_on_old_servers(self, app, rsps):
        rsps.get(BASE + "/.well-known/oauth-authorization-server", json={
            "authorization_endpoint": "https://auth.example/authorize", "code_challenge_methods_supported": []})
        url = app.auth_request_url()
        assert url.startswith("https://auth.example/authorize?") and "code_challenge" not in url
        app.clear_caches()
        rsps.get(BASE + "/.well-known/oauth-authorization-server", status=404)
        url = app.auth_request_url()
        assert url.startswith(BASE + "/oauth/authorize?") and "code_challenge=" in url

    def test_skip_server_info(self, app, rsps):
        url = app.auth_request_url(client_id="other", skip_server_info=True)
        assert parse_qs(urlsplit(url).query)["client_id"] == ["other"]
        assert len(rsps.calls) == 0

    def test_refresh_token_grant(self, app, rsps):
        rsps.post(BASE + "/oauth/token", json=token_reply(refresh_token="new-refresh"), match=[form_matcher({
            "grant_type": "refresh_token", "refresh_token": "old-refresh", "client_id": "cid",
            "client_secret": "csecret"})])
        app.log_in(refresh_token="old-refresh")
        assert app.refresh_token == "new-refresh"

    def test_narrower_scopes_are_an_error(self, app, rsps):
        rsps.post(BASE + "/oauth/token", json=token_reply(scope="read"))
        with pytest.raises(MastodonAPIError, match="lack 'write follow push'"):
            app.log_in("alice", "pw")

    def test_broader_scopes_are_fine(self, app, rsps):
        rsps.post(BASE + "/oauth/token", json=token_reply(scope="read write"))
        app.log_in("alice", "pw", scopes=["read:statuses", "write:media"])

    def test_wrong_password_is_an_illegal_argument(self, app, rsps):
        rsps.post(BASE + "/oauth/token", status=400, json={
            "error": "invalid_grant", "error_description": "The provided authorization grant is invalid"})
        with pytest.raises(MastodonIllegalArgumentError, match="invalid_grant") as info:
            app.log_in("alice", "wrong")
        assert isinstance(info.value.__cause__, MastodonAPIError)

    @pytest.mark.parametrize("kwargs", [{}, {"username": "a"}, {"username": "a", "password": "b", "code": "c"},
                                        {"code": "c", "refresh_token": "r"}])
    def test_argument_combinations(self, app, rsps, kwargs):
        with pytest.raises(MastodonIllegalArgumentError):
            app.log_in(**kwargs)

    def test_needs_app_credentials(self, rsps):
        with pytest.raises(MastodonIllegalArgumentError, match="client_id"):
            Mastodon(api_base_url=BASE).log_in("a", "b")

    def test_plain_http_is_refused_except_on_loopback(self, rsps):
        remote = Mastodon(client_id="c", client_secret="s", api_base_url="http://mastodon.example")
        with pytest.raises(MastodonIllegalArgumentError, match="allow_http"):
            remote.log_in("a", "b")
        with pytest.raises(MastodonIllegalArgumentError):
            remote.auth_request_url(skip_server_info=True)
        rsps.post("http://mastodon.example/oauth/token", json=token_reply())
        remote.log_in("a", "b", allow_http=True)
        local = Mastodon(client_id="c", client_secret="s", api_base_url="http://localhost:3000")
        rsps.post("http://localhost:3000/oauth/token", json=token_reply())
        local.log_in("a", "b")


class TestTokens:
    def test_revoke(self, rsps):
        api = Mastodon(client_id="cid", client_secret="cs", access_token=TOKEN, api_base_url=BASE)
        rsps.post(BASE + "/oauth/revoke", json={}, match=[form_matcher(
            {"client_id": "cid", "client_secret": "cs", "token": TOKEN})])
        api.revoke_access_token()
        assert api.access_token is None
        assert "Authorization" not in rsps.calls[0].request.headers
        with pytest.raises(MastodonIllegalArgumentError):
            api.revoke_access_token()

    def test_persistable_credentials_rebuild_the_client(self):
        api = Mastodon(client_id="cid", client_secret="cs", access_token=TOKEN, api_base_url=BASE)
        creds = api.persistable_login_credentials()
        # the text log_in(to_file=...) writes, in Mastodon.py 2.x's layout
        assert creds == f"{TOKEN}\n{BASE}\ncid\ncs\n"
        clone = Mastodon(access_token=creds)
        assert (clone.access_token, clone.api_base_url, clone.client_id, clone.client_secret) == \
            (TOKEN, BASE, "cid", "cs")
        assert clone.persistable_login_credentials() == creds
        # token-only clients persist empty lines for the unknown app credentials
        assert Mastodon(access_token=TOKEN, api_base_url=BASE).persistable_login_credentials() == \
            f"{TOKEN}\n{BASE}\n\n\n"
        with pytest.raises(MastodonIllegalArgumentError):
            Mastodon(api_base_url=BASE).persistable_login_credentials()

    def test_server_info_is_cached(self, api, rsps):
        rsps.get(BASE + "/.well-known/oauth-authorization-server", json={"issuer": BASE})
        assert api.oauth_authorization_server_info().issuer == BASE
        assert api.oauth_authorization_server_info().issuer == BASE
        assert len(rsps.calls) == 1
        assert "Authorization" not in rsps.calls[0].request.headers

    def test_missing_server_info_is_not_found(self, api, rsps):
        rsps.get(BASE + "/.well-known/oauth-authorization-server", status=404)
        with pytest.raises(MastodonNotFoundError):
            api.oauth_authorization_server_info()

    def test_userinfo(self, api, rsps):
        rsps.get(BASE + "/oauth/userinfo", json={"iss": BASE + "/", "sub": "1", "preferred_username": "alice"},
                 match=[matchers.header_matcher({"Authorization": "Bearer " + TOKEN})])
        assert api.oauth_userinfo().preferred_username == "alice"


class TestTokenInspection:
    def test_token_info(self, api, rsps):
        rsps.get(BASE + "/oauth/token/info", json={"resource_owner_id": 14, "scope": ["read", "write"],
                                                    "expires_in": None, "application": {"uid": "cid"},
                                                    "created_at": 1700000000},
                 match=[matchers.header_matcher({"Authorization": "Bearer " + TOKEN})])
        info = api.oauth_token_info()
        assert info.scope == ["read", "write"] and info.created_at.year == 2023

    def test_introspect_authenticates_as_the_app(self, rsps):
        api = Mastodon(client_id="cid", client_secret="csecret", access_token=TOKEN, api_base_url=BASE)
        basic = base64.b64encode(b"cid:csecret").decode()
        rsps.post(BASE + "/oauth/introspect", json={"active": True, "scope": "read", "client_id": "cid"},
                  match=[form_matcher({"token": "other-token"}),
                         matchers.header_matcher({"Authorization": "Basic " + basic})])
        assert api.oauth_token_introspect("other-token").active is True
        rsps.post(BASE + "/oauth/introspect", json={"active": False}, match=[form_matcher({"token": TOKEN})])
        assert api.oauth_token_introspect().active is False

    def test_introspect_needs_app_credentials(self, rsps):
        with pytest.raises(MastodonIllegalArgumentError):
            Mastodon(access_token=TOKEN, api_base_url=BASE).oauth_token_introspect()
