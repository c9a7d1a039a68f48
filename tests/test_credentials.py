"""Where secrets may go, credential files in both layouts, and the authorization-code flow across objects."""

import base64
import hashlib
import os
import stat
import warnings
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import BASE, TOKEN
from loopback import Reply
from mastodon import (Mastodon, MastodonAPIError, MastodonFileNotFoundError, MastodonIllegalArgumentError,
                      MastodonWarning)
from mastodon.credentials import is_credential_file, read_client_file, read_user_file, write_lines


class TestSecretsNeedANamedServer:
    """A secret never goes to a server the caller did not name (issue 11, point 13)."""

    @pytest.mark.parametrize("kwargs", [
        {"access_token": TOKEN},
        {"client_id": "cid", "client_secret": "csecret"},
        {"client_id": "cid", "client_secret": "csecret", "access_token": TOKEN},
    ])
    def test_secrets_without_a_base_url_are_refused(self, rsps, kwargs):
        with warnings.catch_warnings():
            warnings.simplefilter("error")   # no "using mastodon.social" warning either: a clean refusal
            with pytest.raises(MastodonIllegalArgumentError, match="api_base_url"):
                Mastodon(**kwargs)
        assert len(rsps.calls) == 0

    def test_anonymous_client_keeps_the_flagship_default(self, rsps):
        with pytest.warns(MastodonWarning, match="mastodon.social"):
            api = Mastodon()
        assert api.api_base_url == "https://mastodon.social" and api.access_token is None

    def test_create_app_without_url_uses_the_default(self, rsps):
        rsps.post("https://mastodon.social/api/v1/apps", json={"client_id": "i", "client_secret": "s"})
        with pytest.warns(MastodonWarning):
            assert Mastodon.create_app("x") == ("i", "s")

    def test_no_secret_reaches_the_default_server_later(self, rsps):
        with pytest.warns(MastodonWarning):
            api = Mastodon()
        with pytest.raises(MastodonIllegalArgumentError, match="never named"):
            api.access_token = TOKEN
        assert api.access_token is None or "Authorization" not in api._headers
        api.client_id, api.client_secret = "cid", "csecret"
        with pytest.raises(MastodonIllegalArgumentError, match="never named"):
            api.log_in("alice@example.org", "hunter2")
        assert len(rsps.calls) == 0
        # naming the server afterwards makes it fine
        api.api_base_url = BASE
        api.access_token = TOKEN
        assert api._headers["Authorization"] == "Bearer " + TOKEN

    def test_a_credential_file_naming_the_server_is_enough(self, tmp_path):
        path = tmp_path / "usercred.secret"
        path.write_text(f"{TOKEN}\n{BASE}\n")
        assert Mastodon(access_token=str(path)).api_base_url == BASE

    def test_a_file_without_the_server_is_not_enough(self, tmp_path):
        path = tmp_path / "usercred.secret"
        path.write_text(TOKEN + "\n")
        with pytest.raises(MastodonIllegalArgumentError, match="api_base_url"):
            Mastodon(access_token=str(path))

    @pytest.mark.parametrize("name", ["usercred.secret", "token.txt", "secrets/usercred", "./x", "C:\\creds\\tok"])
    def test_a_missing_credential_path_is_a_missing_file_not_a_token(self, rsps, tmp_path, monkeypatch, name):
        monkeypatch.chdir(tmp_path)
        for kwargs in ({"access_token": name}, {"client_id": name}):
            with pytest.raises(MastodonFileNotFoundError, match="not found"):
                Mastodon(api_base_url=BASE, **kwargs)
        assert len(rsps.calls) == 0

    @pytest.mark.parametrize("value", [TOKEN, "ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0",
                                       "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiIxIn0.c2lnbmF0dXJl",
                                       "01H8ZQ3FJX0Y6N9K8V2T3W4X5Y"])
    def test_real_tokens_are_not_taken_for_paths(self, value):
        assert not is_credential_file(value)
        assert Mastodon(access_token=value, api_base_url=BASE).access_token == value

    def test_a_bare_client_id_needs_its_secret(self):
        with pytest.raises(MastodonIllegalArgumentError, match="client_secret"):
            Mastodon(client_id="cid", api_base_url=BASE)
        with pytest.raises(MastodonIllegalArgumentError, match="client_secret"):
            Mastodon(client_id="cid", access_token=TOKEN, api_base_url=BASE)

    def test_client_file_without_secret_is_reported_as_truncated(self, tmp_path):
        path = tmp_path / "clientcred.secret"
        path.write_text("cid\n")
        with pytest.raises(MastodonIllegalArgumentError, match="truncated"):
            Mastodon(client_id=str(path), api_base_url=BASE)


class TestCredentialFiles:
    """Both libraries' layouts read back; files are private, atomic and checked (issue 11.15, issue 12)."""

    @pytest.mark.parametrize("text, expected", [
        ("cid\ncsecret\nhttps://mastodon.example\nmy app\n", ("cid", "csecret", BASE, "my app")),  # 2.x
        ("cid\ncsecret\nhttps://mastodon.example\n", ("cid", "csecret", BASE, None)),            # ours, older
        ("cid\r\ncsecret\r\n", ("cid", "csecret", None, None)),                                  # classic
    ])
    def test_client_file_layouts(self, tmp_path, text, expected):
        path = tmp_path / "clientcred.secret"
        path.write_bytes(text.encode())
        assert tuple(read_client_file(path)) == expected
        api = Mastodon(client_id=path, api_base_url=BASE)
        assert (api.client_id, api.client_secret) == expected[:2]

    @pytest.mark.parametrize("text, expected", [
        (f"{TOKEN}\n{BASE}\ncid\ncsecret\n", (TOKEN, BASE, "cid", "csecret")),
        (f"{TOKEN}\n{BASE}\n\n\n", (TOKEN, BASE, None, None)),
        (f"{TOKEN}\n{BASE}\n", (TOKEN, BASE, None, None)),
        (f"{TOKEN}\n", (TOKEN, None, None, None)),
    ])
    def test_user_file_layouts(self, tmp_path, text, expected):
        path = tmp_path / "usercred.secret"
        path.write_text(text)
        assert tuple(read_user_file(path)) == expected

    def test_log_in_file_round_trips_through_the_constructor(self, rsps, tmp_path):
        path = tmp_path / "usercred.secret"
        api = Mastodon(client_id="cid", client_secret="csecret", api_base_url=BASE)
        rsps.post(BASE + "/oauth/token", json={"access_token": "tok-1", "scope": "read write follow push"})
        api.log_in("alice", "pw", to_file=path)
        assert path.read_text() == api.persistable_login_credentials() == f"tok-1\n{BASE}\ncid\ncsecret\n"
        clone = Mastodon(access_token=path)
        assert (clone.access_token, clone.api_base_url, clone.client_id, clone.client_secret) == \
            ("tok-1", BASE, "cid", "csecret")

    @pytest.mark.parametrize("content, match", [
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"", "empty"),
        (b"\n\ntoken\n", "empty"),
        (b"tok en\nhttps://mastodon.example\n", "line 1"),
        (b"token\nftp://mastodon.example\n", "line 2"),
        (b"token\nhttps://mastodon.example\ncid\nsec\x07ret\n", "line 4"),
        (b"x" * 100_000, "too large"),
    ])
    def test_malformed_files_give_a_clear_error_without_the_secret(self, tmp_path, content, match):
        path = tmp_path / "usercred.secret"
        path.write_bytes(content)
        with pytest.raises(MastodonIllegalArgumentError, match=match) as info:
            Mastodon(access_token=path, api_base_url=BASE)
        for secret in ("tok en", "sec\x07ret"):
            assert secret not in str(info.value)

    def test_a_directory_is_not_a_credential_file(self, tmp_path):
        with pytest.raises(MastodonFileNotFoundError):
            Mastodon(access_token=tmp_path, api_base_url=BASE)

    def test_files_are_private_even_when_replacing_a_public_one(self, tmp_path):
        path = tmp_path / "usercred.secret"
        path.write_text("old\n")
        os.chmod(path, 0o644)
        write_lines(path, ["new", BASE])
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert path.read_text() == f"new\n{BASE}\n"

    @pytest.mark.parametrize("failing", ["fsync", "replace"])
    def test_a_failed_write_leaves_the_old_file(self, tmp_path, monkeypatch, failing):
        path = tmp_path / "usercred.secret"
        path.write_text(f"old-token\n{BASE}\n")

        def broken(*args, **kwargs):
            raise OSError(28, "No space left on device")
        monkeypatch.setattr(os, failing, broken)
        with pytest.raises(MastodonFileNotFoundError, match="cannot write"):
            write_lines(path, ["new-token", BASE, "cid", "csecret"])
        monkeypatch.undo()
        assert path.read_text() == f"old-token\n{BASE}\n"
        assert os.listdir(tmp_path) == ["usercred.secret"]   # no temporary file left behind

    def test_a_crash_mid_write_leaves_the_old_file(self, tmp_path, monkeypatch):
        path = tmp_path / "usercred.secret"
        path.write_text(f"old-token\n{BASE}\n")
        real_fdopen = os.fdopen

        class Crash(BaseException):
            pass

        class HalfWriter:
            def __init__(self, f):
                self.f = f

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.f.close()

            def write(self, text):
                self.f.write(text[:5])
                self.f.flush()
                raise Crash()
        monkeypatch.setattr(os, "fdopen", lambda *a, **k: HalfWriter(real_fdopen(*a, **k)))
        with pytest.raises(Crash):
            write_lines(path, ["new-token", BASE])
        monkeypatch.undo()
        assert path.read_text() == f"old-token\n{BASE}\n"
        assert os.listdir(tmp_path) == ["usercred.secret"]


def challenge_of(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")


class FakeOAuthServer:
    """Routes of a loopback server that checks PKCE as Mastodon 4.3+ (Doorkeeper) does.

    ``grant(url)`` plays the user who opens the authorization URL and approves: it returns a
    fresh code tied to that URL's challenge. The token endpoint refuses a verifier that does
    not match the code's challenge, and any verifier for a code issued without one.
    """

    def __init__(self, server, s256=True):
        self.codes = {}
        meta = {"issuer": server.url + "/", "authorization_endpoint": server.url + "/oauth/authorize",
                "token_endpoint": server.url + "/oauth/token",
                "code_challenge_methods_supported": ["S256"] if s256 else []}
        server.route("GET", "/.well-known/oauth-authorization-server", meta)
        server.route("POST", "/oauth/token", self.token)

    def grant(self, url):
        query = parse_qs(urlsplit(url).query)
        code = f"code-{len(self.codes) + 1}"
        self.codes[code] = (query.get("code_challenge", [None])[0], query["redirect_uri"][0])
        return code

    def token(self, rec):
        form = rec.form
        code = form.get("code", [None])[0]
        if code not in self.codes:
            return Reply({"error": "invalid_grant"}, 400)
        challenge, redirect = self.codes[code]
        verifier = form.get("code_verifier", [None])[0]
        ok = form["redirect_uri"][0] == redirect and (
            verifier is None if challenge is None else verifier is not None and challenge_of(verifier) == challenge)
        if not ok:
            return Reply({"error": "invalid_grant", "error_description": "The provided authorization grant is "
                          "invalid"}, 400)
        del self.codes[code]   # single use
        return {"access_token": "token-for-" + code, "token_type": "Bearer", "scope": form["scope"][0]}


class TestCodeFlowAcrossObjects:
    """The URL made by one client object, the code exchanged by another (issue 11, point 14)."""

    def make(self, server, **kwargs):
        return Mastodon(client_id="cid", client_secret="csecret", api_base_url=server.url, **kwargs)

    def test_another_object_finishes_the_flow(self, server):
        oauth = FakeOAuthServer(server)
        url = self.make(server).auth_request_url(redirect_uris="https://app.example/cb", scopes=["read"],
                                                 state="s1")
        assert "code_challenge=" in url
        code = oauth.grant(url)
        other = self.make(server)   # e.g. the web request that receives the redirect
        assert other.log_in(code=code, redirect_uri="https://app.example/cb", scopes=["read"]) == \
            "token-for-" + code
        sent = server.requests[-1].form
        assert challenge_of(sent["code_verifier"][0]) == parse_qs(urlsplit(url).query)["code_challenge"][0]

    def test_same_arguments_same_url_and_an_earlier_code_still_works(self, server):
        oauth = FakeOAuthServer(server)
        api = self.make(server)
        first = api.auth_request_url(redirect_uris="https://app.example/a", scopes=["read", "write"])
        assert self.make(server).auth_request_url(redirect_uris="https://app.example/a",
                                                  scopes=["read", "write"]) == first
        reordered = api.auth_request_url(redirect_uris="https://app.example/a", scopes="write read")
        assert parse_qs(urlsplit(reordered).query)["code_challenge"] == parse_qs(urlsplit(first).query)["code_challenge"]
        second = api.auth_request_url(redirect_uris="https://app.example/b", scopes=["read"])
        assert second != first
        code_a, code_b = oauth.grant(first), oauth.grant(second)
        api.log_in(code=code_a, redirect_uri="https://app.example/a", scopes=["read", "write"])
        self.make(server).log_in(code=code_b, redirect_uri="https://app.example/b", scopes=["read"])
        assert oauth.codes == {}

    def test_different_app_secret_gives_a_different_verifier(self, server):
        oauth = FakeOAuthServer(server)
        url = self.make(server).auth_request_url(scopes=["read"])
        intruder = Mastodon(client_id="cid", client_secret="guessed", api_base_url=server.url)
        with pytest.raises(MastodonIllegalArgumentError, match="invalid_grant"):
            intruder.log_in(code=oauth.grant(url), scopes=["read"])

    def test_explicit_code_verifier(self, server):
        oauth = FakeOAuthServer(server)
        verifier = "v" * 50
        # a URL made by some other program with its own PKCE verifier
        url = f"{server.url}/oauth/authorize?client_id=cid&redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob" \
              f"&code_challenge={challenge_of(verifier)}&code_challenge_method=S256"
        code = oauth.grant(url)
        self.make(server).log_in(code=code, scopes=["read"], code_verifier=verifier)
        assert server.requests[-1].form["code_verifier"] == [verifier]

    def test_a_url_made_without_pkce_still_works(self, server):
        oauth = FakeOAuthServer(server)
        # e.g. made by Mastodon.py 2.x or by hand: no challenge
        code = oauth.grant(f"{server.url}/oauth/authorize?client_id=cid&redirect_uri=urn:ietf:wg:oauth:2.0:oob")
        assert self.make(server).log_in(code=code, scopes=["read"]) == "token-for-" + code
        tries = [r.form for r in server.requests if r.path == "/oauth/token"]
        assert "code_verifier" in tries[0] and "code_verifier" not in tries[1]

    def test_a_bad_code_is_tried_at_most_twice(self, server):
        FakeOAuthServer(server)
        with pytest.raises(MastodonIllegalArgumentError, match="invalid_grant"):
            self.make(server).log_in(code="nonsense", scopes=["read"])
        assert len([r for r in server.requests if r.path == "/oauth/token"]) == 2
        with pytest.raises(MastodonIllegalArgumentError):
            self.make(server).log_in(code="nonsense", scopes=["read"], code_verifier="x" * 43)
        assert len([r for r in server.requests if r.path == "/oauth/token"]) == 3   # explicit: no retry

    def test_without_the_secret_a_random_verifier_is_kept_on_the_object(self, server):
        oauth = FakeOAuthServer(server)
        api = Mastodon(api_base_url=server.url)
        url = api.auth_request_url(client_id="cid", scopes=["read"])
        assert api.oauth_code_verifier and challenge_of(api.oauth_code_verifier) in url
        api.client_id, api.client_secret = "cid", "csecret"
        api.log_in(code=oauth.grant(url), scopes=["read"])
        assert api.oauth_code_verifier is None

    def test_no_pkce_when_the_server_has_no_s256(self, server):
        oauth = FakeOAuthServer(server, s256=False)
        api = self.make(server)
        url = api.auth_request_url(scopes=["read"])
        assert "code_challenge" not in url
        api.log_in(code=oauth.grant(url), scopes=["read"])
        assert [r.form.get("code_verifier") for r in server.requests if r.path == "/oauth/token"] == [None]

    def test_password_grant_sends_redirect_uri(self, server):
        server.route("POST", "/oauth/token", Reply({"error": "unsupported_grant_type"}, 400))
        with pytest.raises(MastodonIllegalArgumentError, match="unsupported_grant_type"):
            self.make(server).log_in("alice@example.org", "hunter2", redirect_uri="https://app.example/cb")
        form = server.requests[-1].form
        assert form["grant_type"] == ["password"] and form["redirect_uri"] == ["https://app.example/cb"]


def test_api_error_is_not_raised_for_a_wrong_code_without_pkce(rsps):
    """A 400 that is not about the grant is not retried."""
    api = Mastodon(client_id="cid", client_secret="csecret", api_base_url=BASE)
    rsps.post(BASE + "/oauth/token", status=400, json={"error": "invalid_client"})
    with pytest.raises(MastodonIllegalArgumentError, match="invalid_client") as info:
        api.log_in(code="c")
    assert isinstance(info.value.__cause__, MastodonAPIError)
    assert len(rsps.calls) == 1
