"""Security properties (issue 12): where the token goes, what logs and errors show, TLS, plain http."""

import logging
import os
import re
import warnings

import pytest
import requests

from loopback import LoopbackServer, Reply
from mastodon import (Mastodon, MastodonAPIError, MastodonError, MastodonFileNotFoundError,
                      MastodonIllegalArgumentError, MastodonNetworkError, MastodonUnauthorizedError)

TOKEN = "secret-token-ABC123"
SECRET = "client-secret-XYZ789"
PASSWORD = "hunter2-password"
CODE = "oauth-code-QQQ"
NEW_TOKEN = "issued-token-NNN"
REFRESH = "refresh-token-RRR"
SECRETS = (TOKEN, SECRET, PASSWORD, CODE, NEW_TOKEN, REFRESH)
PACKAGE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "mastodon")


@pytest.fixture
def two_servers():
    with LoopbackServer() as ours, LoopbackServer() as other:
        other.route("*", "/landing", {"id": "1"})
        other.route("*", "/api/v1/statuses/1", {"id": "1"})
        yield ours, other


def client(url, **kwargs):
    return Mastodon(client_id="cid", client_secret=SECRET, access_token=TOKEN, api_base_url=url,
                    request_timeout=3, **kwargs)


def authorizations(server):
    return [r.headers.get("Authorization") for r in server.requests]


class TestTokenStaysOnTheServer:
    @pytest.mark.parametrize("status, method", [(302, "GET"), (307, "GET"), (307, "POST"), (308, "PUT"),
                                                (301, "POST"), (303, "POST")])
    @pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
    def test_redirect_to_another_host_or_port_loses_the_token(self, two_servers, status, method, host):
        ours, other = two_servers
        target = other.url.replace("127.0.0.1", host) + "/landing"
        ours.route("*", "/api/v1/x", Reply(b"", status, {"Location": target}))
        assert client(ours.url)._api_request(method, "/api/v1/x", {"a": 1}) == {"id": "1"}
        assert authorizations(other) == [None]
        landed = other.requests[0]
        # 303 (and 301/302 after POST) become a GET without body, as browsers and requests do it
        assert landed.method == ("GET" if status in (302, 303) or (status == 301 and method == "POST") else method)
        if landed.method == "GET":
            assert landed.body == b""

    def test_redirect_within_the_server_keeps_the_token(self, two_servers):
        ours, _ = two_servers
        ours.route("GET", "/api/v1/old", Reply(b"", 301, {"Location": "/api/v1/new"}))
        ours.route("GET", "/api/v1/new", {"id": "2"})
        assert client(ours.url)._api_request("GET", "/api/v1/old").id == "2"
        assert authorizations(ours) == ["Bearer " + TOKEN] * 2

    def test_the_token_stays_dropped_after_leaving(self, two_servers):
        ours, other = two_servers
        ours.route("GET", "/api/v1/x", Reply(b"", 302, {"Location": other.url + "/bounce"}))
        other.route("GET", "/bounce", Reply(b"", 302, {"Location": ours.url + "/api/v1/y"}))
        ours.route("GET", "/api/v1/y", {"id": "3"})
        assert client(ours.url)._api_request("GET", "/api/v1/x").id == "3"
        assert authorizations(other) == [None]
        assert authorizations(ours) == ["Bearer " + TOKEN, None]

    def test_a_session_that_keeps_auth_on_redirects_cannot_leak_it(self, two_servers):
        """requests strips the header itself, but a session may change that; ours does not rely on it."""
        class KeepingSession(requests.Session):
            def should_strip_auth(self, old_url, new_url):
                return False
        ours, other = two_servers
        ours.route("GET", "/api/v1/x", Reply(b"", 302, {"Location": other.url + "/landing"}))
        for session in (KeepingSession(), requests.Session()):
            client(ours.url, session=session)._api_request("GET", "/api/v1/x")
        assert authorizations(other) == [None, None]

    def test_redirect_loops_end(self, two_servers):
        ours, _ = two_servers
        ours.route("GET", "/api/v1/loop", Reply(b"", 302, {"Location": "/api/v1/loop"}))
        with pytest.raises(MastodonNetworkError, match="redirects"):
            client(ours.url)._api_request("GET", "/api/v1/loop")
        assert len(ours.requests) == 11

    def test_a_page_link_naming_another_host_gets_no_token(self, two_servers):
        ours, other = two_servers
        link = f'<{other.url.replace("127.0.0.1", "localhost")}/api/v1/timelines/home?max_id=5>; rel="next"'
        ours.route("GET", "/api/v1/timelines/home", Reply([{"id": "9"}], headers={"Link": link}))
        other.route("GET", "/api/v1/timelines/home", [{"id": "4"}])
        api = client(ours.url)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            first = api.timeline_home()
            try:
                api.fetch_next(first)
            except MastodonError:
                pass
        assert [a for a in authorizations(other) if a] == []

    def test_a_media_url_is_never_fetched(self, two_servers):
        ours, other = two_servers
        with pytest.raises(MastodonFileNotFoundError):
            client(ours.url).media_post(other.url + "/landing.png")
        assert other.requests == [] and ours.requests == []


class TestNothingShowsSecrets:
    def oauth_server(self, server):
        server.route("POST", "/api/v1/apps", {"id": "1", "client_id": "cid", "client_secret": SECRET})
        server.route("POST", "/oauth/token", {"access_token": NEW_TOKEN, "refresh_token": REFRESH,
                                              "token_type": "Bearer", "scope": "read write follow push"})
        server.route("POST", "/oauth/revoke", {})
        server.route("GET", "/api/v1/accounts/verify_credentials", Reply({"error": "The access token is invalid"},
                                                                         401))

    def test_debug_log_hides_every_secret(self, server, caplog, tmp_path):
        self.oauth_server(server)
        with caplog.at_level(logging.DEBUG):
            Mastodon.create_app("app", api_base_url=server.url, to_file=tmp_path / "client.secret")
            api = Mastodon(client_id=tmp_path / "client.secret", debug_requests=True)
            api.log_in("alice@example.org", PASSWORD)
            api.log_in(code=CODE, code_verifier="v" * 43)
            api.log_in(refresh_token=REFRESH)
            with pytest.raises(MastodonUnauthorizedError):
                api.account_verify_credentials()
            api.revoke_access_token()
        logged = caplog.text
        assert "/oauth/token" in logged and "alice@example.org" in logged   # the log is there
        for secret in SECRETS + ("v" * 43,):
            assert secret not in logged

    def test_errors_and_reprs_hide_every_secret(self, server):
        self.oauth_server(server)
        server.route("POST", "/oauth/token", Reply({"error": "invalid_grant"}, 400))
        api = Mastodon(client_id="cid", client_secret=SECRET, access_token=TOKEN, api_base_url=server.url)
        errors = []
        for call in (lambda: api.log_in("alice", PASSWORD), lambda: api.log_in(code=CODE),
                     lambda: api.log_in(refresh_token=REFRESH), api.account_verify_credentials,
                     lambda: Mastodon(access_token=TOKEN, api_base_url="http://127.0.0.1:1").status(1)):
            with pytest.raises(MastodonError) as info:
                call()
            errors.append(info.value)
        assert any(isinstance(e, MastodonIllegalArgumentError) for e in errors)
        assert any(isinstance(e, MastodonNetworkError) for e in errors)
        shown = " ".join(str(e) + repr(e) + repr(e.args) for e in errors) + repr(api) + str(api)
        for secret in SECRETS:
            assert secret not in shown

    def test_api_error_pickles_without_the_request(self, server):
        import pickle
        self.oauth_server(server)
        with pytest.raises(MastodonAPIError) as info:
            Mastodon(access_token=TOKEN, api_base_url=server.url).account_verify_credentials()
        assert TOKEN.encode() not in pickle.dumps(info.value)


class TestTransportSecurity:
    def test_the_library_never_turns_tls_verification_off(self):
        pattern = re.compile(r"verify\s*=\s*False|CERT_NONE|check_hostname\s*=\s*False|_create_unverified_context"
                             r"|disable_warnings")
        found = []
        for root, _, files in os.walk(PACKAGE):
            for name in files:
                if name.endswith(".py"):
                    with open(os.path.join(root, name), encoding="utf-8") as f:
                        found += [f"{name}: {m.group(0)}" for m in pattern.finditer(f.read())]
        assert found == []

    def test_a_given_session_keeps_its_own_settings(self, server):
        server.route("GET", "/api/v1/statuses/1", {"id": "1"})
        session = requests.Session()
        session.verify = "/path/to/company-ca.pem"
        api = Mastodon(api_base_url=server.url, session=session)
        api.status(1)
        assert session.verify == "/path/to/company-ca.pem" and Mastodon(api_base_url=server.url).session.verify

    @pytest.mark.parametrize("call", ["log_in", "code", "revoke", "introspect", "auth_request_url"])
    def test_oauth_over_plain_http_to_another_machine_is_refused(self, rsps, call):
        api = Mastodon(client_id="cid", client_secret=SECRET, access_token=TOKEN,
                       api_base_url="http://mastodon.example")
        calls = {"log_in": lambda **kw: api.log_in("alice", PASSWORD, **kw),
                 "code": lambda **kw: api.log_in(code=CODE, **kw),
                 "revoke": lambda **kw: api.revoke_access_token(**kw),
                 "introspect": lambda **kw: api.oauth_token_introspect(**kw),
                 "auth_request_url": lambda **kw: api.auth_request_url(skip_server_info=True, **kw)}
        with pytest.raises(MastodonIllegalArgumentError, match="allow_http"):
            calls[call]()
        assert len(rsps.calls) == 0
        for path in ("/oauth/token", "/oauth/revoke", "/oauth/introspect"):
            rsps.post("http://mastodon.example" + path, json={"access_token": NEW_TOKEN, "active": True,
                                                              "scope": "read write follow push"})
        rsps.assert_all_requests_are_fired = False
        calls[call](allow_http=True)

    def test_an_http_authorization_endpoint_from_metadata_is_refused(self, rsps):
        api = Mastodon(client_id="cid", client_secret=SECRET, api_base_url="https://mastodon.example")
        rsps.get("https://mastodon.example/.well-known/oauth-authorization-server",
                 json={"authorization_endpoint": "http://auth.example/authorize"})
        with pytest.raises(MastodonIllegalArgumentError, match="allow_http"):
            api.auth_request_url()

    def test_plain_http_on_this_machine_is_fine(self, server):
        self.oauth = TestNothingShowsSecrets().oauth_server(server)
        api = Mastodon(client_id="cid", client_secret=SECRET, api_base_url=server.url)
        assert api.log_in("alice", PASSWORD) == NEW_TOKEN


def test_a_token_past_the_logged_part_of_a_body_is_not_cut_in_half(server, caplog):
    """The debug log shows 2000 characters of a body; a token across that edge is hidden too."""
    server.route("POST", "/oauth/token", {"padding": "p" * (1995 - len('{"padding": "", "access_token": "')),
                                          "access_token": NEW_TOKEN, "scope": "read"})
    api = Mastodon(client_id="cid", client_secret=SECRET, api_base_url=server.url, debug_requests=True)
    with caplog.at_level(logging.DEBUG):
        api.log_in("alice", PASSWORD, scopes=["read"])
    assert "pppp" in caplog.text and '"access_token": "***' in caplog.text
    assert '"access_token": "i' not in caplog.text


@pytest.mark.parametrize("old, new, keep", [
    ("https://m.example/api/v1/x", "https://m.example/api/v2/x", True),
    ("https://m.example/api", "https://m.example:443/api", True),
    ("http://m.example/api", "https://m.example/api", True),        # upgrade on the same host
    ("https://m.example/api", "http://m.example/api", False),       # downgrade
    ("http://m.example:8080/api", "https://m.example/api", False),
    ("https://m.example/api", "https://m.example:8443/api", False),
    ("https://m.example/api", "https://cdn.m.example/api", False),
    ("https://m.example/api", "https://M.EXAMPLE/api", True),
    ("https://[::1]:3000/api", "https://[::1]:3000/x", True),
    ("https://m.example/api", "https://m.example.evil.example/api", False),
    ("https://m.example/api", "https://user@m.example.evil/api", False),
    ("https://m.example/api", "//other.example/api", False),
    ("https://m.example/api", "https://m.example:99999/api", False),
])
def test_same_origin(old, new, keep):
    from urllib.parse import urljoin

    from mastodon.core.redirects import may_keep_token
    assert may_keep_token(old, urljoin(old, new)) is keep
