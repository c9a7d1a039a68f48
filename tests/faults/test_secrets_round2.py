"""Secrets against hostile servers and clumsy callers (issue 18, points 1-6).

1. a request with a secret in its body follows no redirect off its origin;
2. the streaming server of an https API is reached over TLS, whatever it advertises;
3. tokens with surrounding whitespace work, malformed ones are refused without being shown;
4. saved pagination state cannot lead off the client's own API origin;
5. every id goes into a URL path as one encoded segment;
6. credential values that are numbers, hold line breaks or cannot be encoded.
"""

import inspect
import logging
import os
import pickle
import sys
import pytest

from conftest import no_raw
from loopback import LoopbackServer, Reply
from mastodon import (Mastodon, MastodonAPIError, MastodonError, MastodonIllegalArgumentError,
                      MastodonNetworkError)
from mastodon.streaming import StreamListener
from mastodon.core.redirects import RedirectError, carries_secret, next_hop
from mastodon.core.urls import check_api_path, path_segment, streaming_scheme
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from transport_servers import RawServer  # noqa: E402

TOKEN = "tok-SECRET-1234567890"
SECRET = "cs-SECRET-abcdef"
PASSWORD = "pw-SECRET-hunter2"


def app_client(url, **kwargs):
    return Mastodon(client_id="cid", client_secret=SECRET, api_base_url=url, request_timeout=3, **kwargs)


# -- 1. secrets in bodies -------------------------------------------------------------------------
@pytest.fixture
def two_servers():
    with LoopbackServer() as ours, LoopbackServer() as other:
        other.route("*", "/oauth/token", {"access_token": "stolen", "scope": "read write follow push"})
        other.route("*", "/oauth/revoke", {})
        other.route("*", "/oauth/introspect", {"active": True})
        yield ours, other


SECRET_CALLS = {
    "password grant": (lambda api: api.log_in("user@example.com", PASSWORD), "/oauth/token"),
    "refresh grant": (lambda api: api.log_in(refresh_token="rt-SECRET"), "/oauth/token"),
    "code grant": (lambda api: api.log_in(code="code-SECRET"), "/oauth/token"),
    "revoke": (lambda api: api.revoke_access_token(), "/oauth/revoke"),
}


class TestSecretBodiesStayOnTheirOrigin:
    @pytest.mark.parametrize("status", [307, 308, 302, 301])
    @pytest.mark.parametrize("call", sorted(SECRET_CALLS))
    def test_redirect_to_another_port_is_not_followed(self, two_servers, status, call):
        ours, other = two_servers
        run, path = SECRET_CALLS[call]
        ours.route("*", path, Reply(b"", status, {"Location": other.url + path}))
        api = app_client(ours.url, access_token=TOKEN)
        with pytest.raises(MastodonNetworkError, match="another origin"):
            no_raw(run, api)
        assert other.requests == []
        assert len(ours.requests) == 1

    @pytest.mark.parametrize("status", [307, 308])
    def test_redirect_to_another_host_name_is_not_followed(self, two_servers, status):
        """localhost and 127.0.0.1 reach the same socket, but they are two origins."""
        ours, _ = two_servers
        ours.route("POST", "/oauth/token", Reply(b"", status, {
            "Location": ours.url.replace("127.0.0.1", "localhost") + "/oauth/token"}))
        with pytest.raises(MastodonNetworkError, match="another origin"):
            app_client(ours.url).log_in("user@example.com", PASSWORD)
        assert len(ours.requests) == 1

    def test_introspection_is_guarded_too(self, two_servers):
        ours, other = two_servers
        ours.route("POST", "/oauth/introspect", Reply(b"", 307, {"Location": other.url + "/oauth/introspect"}))
        api = app_client(ours.url, access_token=TOKEN, version_check_mode="none")
        with pytest.raises(MastodonNetworkError):
            no_raw(api.oauth_token_introspect, "some-token-SECRET")
        assert other.requests == []

    @pytest.mark.parametrize("status", [307, 308])
    def test_same_origin_redirects_keep_working(self, two_servers, status):
        ours, _ = two_servers
        ours.route("POST", "/oauth/token", Reply(b"", status, {"Location": "/oauth/token2"}))
        ours.route("POST", "/oauth/token2", {"access_token": "fresh-token", "scope": "read write follow push"})
        api = app_client(ours.url)
        assert api.log_in("user@example.com", PASSWORD) == "fresh-token"
        assert [r.path for r in ours.requests] == ["/oauth/token", "/oauth/token2"]
        assert ours.requests[1].form["password"] == [PASSWORD]

    def test_next_hop_refuses_another_scheme_host_or_port(self):
        url = "https://mastodon.example/oauth/token"
        for target in ("http://mastodon.example/oauth/token", "https://mastodon.example:8443/oauth/token",
                       "https://evil.example/oauth/token", "//evil.example/x"):
            with pytest.raises(RedirectError, match="another origin"):
                next_hop(1, 307, url, target, "POST", {}, True, True, secret_body=True)
        hop = next_hop(1, 308, url, "/oauth/token?x=1", "POST", {}, True, True, secret_body=True)
        assert hop.url == "https://mastodon.example/oauth/token?x=1" and hop.keep_body

    @pytest.mark.parametrize("form, json, expected", [
        ([("grant_type", "password"), ("password", "x")], None, True),
        ({"client_secret": "x"}, None, True),
        (None, {"token": "x"}, True),
        ([("client_secret", None)], None, False),
        ([("status", "password: hunter2")], None, False),
        (b"raw", None, False),
    ])
    def test_carries_secret(self, form, json, expected):
        assert carries_secret(form, json) is expected


# -- 2. streaming over TLS -----------------------------------------------------------------------
class TestStreamingUsesTls:
    @pytest.mark.parametrize("advertised, api, expected", [
        ("ws://stream.example", "https://mastodon.example", "https"),
        ("http://stream.example", "https://mastodon.example", "https"),
        ("ws://mastodon.example", "https://mastodon.example", "https"),
        ("ws://127.0.0.1:4000", "https://mastodon.example", "https"),
        ("wss://stream.example", "https://mastodon.example", "https"),
        ("stream.example", "https://mastodon.example", "https"),
        ("ws://localhost:4000", "http://localhost:3000", "http"),
        ("wss://localhost:3000", "http://localhost:3000", "http"),
        ("ws://stream.example", "http://localhost:3000", "https"),
        ("ws://127.0.0.1:4000", "http://lan.example", "https"),
        ("ws://lan.example", "http://lan.example", "http"),
    ])
    def test_rule(self, advertised, api, expected):
        assert streaming_scheme(advertised, api) == expected

    def test_plain_streaming_url_of_an_https_api_gets_no_token_in_clear(self, rsps):
        """The API (https) advertises ws:// on a loopback port: the client speaks TLS there, so
        the plain-text listener sees a TLS handshake, never the token."""
        received = []

        def record(conn, server):
            conn.settimeout(2)
            try:
                received.append(conn.recv(65536))
            except OSError:
                pass
        with RawServer(record) as plain:
            rsps.add_passthru(f"http://127.0.0.1:{plain.port}")
            rsps.add_passthru(f"https://127.0.0.1:{plain.port}")
            rsps.get("https://mastodon.example/api/v2/instance",
                     json={"configuration": {"urls": {"streaming": f"ws://127.0.0.1:{plain.port}"}}})
            api = Mastodon(access_token=TOKEN, api_base_url="https://mastodon.example", request_timeout=2)
            with pytest.raises(MastodonError):
                no_raw(api.stream_user, StreamListener(), run_async=False, timeout=2, reconnect_async=False)
        assert received, "the client never connected"
        assert all(TOKEN.encode() not in data and b"Authorization" not in data for data in received)


# -- 3. tokens: whitespace, malformed values, never shown --------------------------------------------
class TestTokens:
    @pytest.mark.parametrize("raw", [TOKEN + "\n", "  " + TOKEN + "\r\n", "\t" + TOKEN])
    def test_surrounding_whitespace_is_stripped(self, server, raw):
        server.route("GET", "/api/v1/accounts/verify_credentials", {"id": "1"})
        api = Mastodon(access_token=raw, api_base_url=server.url)
        api.account_verify_credentials()
        assert server.requests[0].headers["Authorization"] == "Bearer " + TOKEN
        api.access_token = raw
        assert api.access_token == TOKEN

    @pytest.mark.parametrize("bad", [TOKEN[:8] + "\r" + TOKEN[8:], TOKEN[:8] + "\n" + TOKEN[8:],
                                     TOKEN[:8] + "\x00" + TOKEN[8:], TOKEN[:8] + " " + TOKEN[8:],
                                     TOKEN[:8] + "\x7f" + TOKEN[8:], TOKEN[:8] + "\u2028" + TOKEN[8:],
                                     TOKEN[:8] + "é" + TOKEN[8:]])
    @pytest.mark.parametrize("field", ["access_token", "client_secret"])
    def test_inner_breaks_and_controls_are_refused_without_showing_the_token(self, bad, field, caplog):
        caplog.set_level(logging.DEBUG)
        kwargs = {"access_token": bad} if field == "access_token" else {"client_id": "cid", "client_secret": bad}
        with pytest.raises(MastodonIllegalArgumentError) as info:
            Mastodon(api_base_url="https://mastodon.example", **kwargs)
        shown = str(info.value) + repr(info.value) + caplog.text
        assert TOKEN[:8] not in shown and TOKEN[8:] not in shown

    def test_setter_refuses_a_malformed_token_without_showing_it(self):
        api = Mastodon(access_token=TOKEN, api_base_url="https://mastodon.example")
        with pytest.raises(MastodonIllegalArgumentError) as info:
            api.access_token = "abc\r\nX-Injected: 1"
        assert "X-Injected" not in str(info.value)
        assert api.access_token == TOKEN
        assert TOKEN not in repr(api) and TOKEN not in str(api)

    def test_no_error_or_log_line_shows_the_token(self, server, caplog):
        caplog.set_level(logging.DEBUG)
        server.route("GET", "/api/v1/accounts/verify_credentials",
                     Reply({"error": "The access token is invalid"}, 401))
        api = Mastodon(access_token=TOKEN, api_base_url=server.url, debug_requests=True)
        with pytest.raises(MastodonError) as info:
            api.account_verify_credentials()
        shown = str(info.value) + repr(info.value) + repr(info.value.args) + caplog.text + repr(api)
        assert TOKEN not in shown


# -- 4. saved pagination state stays on the API origin ---------------------------------------------
HOSTILE_ENDPOINTS = [
    "@evil.example/api/v1/timelines/home", ".evil.example/api/v1/timelines/home", ":8443/api/v1/x",
    "//evil.example/api/v1/x", "https://evil.example/api/v1/x", "/api/v1/../../admin/accounts",
    "/api/v1/%2e%2e/admin", "/api/v1/%2E%2E/admin", "/api/v1/./timelines", "/api/v1\\..\\admin",
    "/api/v1/x@evil.example", "/api/v1/x\r\nHost: evil", "/api/v1/x y", "api/v1/timelines/home", "",
]


class TestSavedPaginationState:
    @pytest.mark.parametrize("endpoint", HOSTILE_ENDPOINTS)
    def test_hostile_endpoints_are_refused_before_sending(self, server, endpoint):
        server.route("*", "/api/v1/timelines/home", [{"id": "1"}])
        api = Mastodon(access_token=TOKEN, api_base_url=server.url)
        info = {"_pagination_method": "GET", "_pagination_endpoint": endpoint, "max_id": "5"}
        for fetch in (api.fetch_next, api.fetch_previous):
            with pytest.raises(MastodonIllegalArgumentError, match="own server|must be a path"):
                no_raw(fetch, info)
        assert server.requests == []

    @pytest.mark.parametrize("method", ["DELETE", "POST", "put", None, 3])
    def test_a_state_that_is_no_page_fetch_is_refused(self, server, method):
        server.route("*", "/api/v1/statuses/1", {"id": "1"})
        api = Mastodon(access_token=TOKEN, api_base_url=server.url)
        info = {"_pagination_method": method, "_pagination_endpoint": "/api/v1/statuses/1"}
        with pytest.raises(MastodonIllegalArgumentError, match="only fetches pages"):
            no_raw(api.fetch_next, info)
        assert server.requests == []

    def test_state_through_json_and_pickle_is_checked_too(self, server):
        server.route("GET", "/api/v1/timelines/home", Reply([{"id": "2"}], headers={
            "Link": f'<{server.url}/api/v1/timelines/home?max_id=2>; rel="next"'}))
        api = Mastodon(access_token=TOKEN, api_base_url=server.url)
        page = api.timeline_home()
        info = page._pagination_next
        assert api.fetch_next(pickle.loads(pickle.dumps(info)))  # a genuine state still works
        tampered = dict(info, _pagination_endpoint="@evil.example/api/v1/timelines/home")
        count = len(server.requests)
        with pytest.raises(MastodonIllegalArgumentError):
            api.fetch_next(pickle.loads(pickle.dumps(tampered)))
        assert len(server.requests) == count

    @pytest.mark.parametrize("endpoint", ["/api/v1/timelines/home", "/api/v1/accounts/1/statuses?max_id=3",
                                          "/api/v2/search", "/api/v1/accounts/lookup%40x"])
    def test_ordinary_paths_pass(self, endpoint):
        assert check_api_path(endpoint) == endpoint

    def test_a_non_text_endpoint_is_our_error(self):
        with pytest.raises(MastodonIllegalArgumentError):
            check_api_path(["/api/v1/x"])


# -- 5. ids are one path segment ---------------------------------------------------------------------
#: Parameters that end up in an endpoint's path.
PATH_PARAMS = {"id", "account_id", "status_id", "list_id", "group_key", "result_or_id", "hashtag", "name",
               "collection_id", "item_id", "filter_id", "keyword_id", "media_id", "report_id", "domain",
               "reaction", "tag", "poll_id", "conversation_id", "rule_id", "date"}


def _path_methods():
    found = []
    for name, method in inspect.getmembers(Mastodon, inspect.isfunction):
        if name.startswith("_") or name.startswith("stream_"):
            continue
        required = [p for p in inspect.signature(method).parameters.values()
                    if p.name != "self" and p.default is inspect.Parameter.empty
                    and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
        if required and all(p.name in PATH_PARAMS for p in required):
            found.append((name, [p.name for p in required]))
    return found


class TestIdsAreOnePathSegment:
    HOSTILE = "../../../EVIL/accounts/1/action?type=suspend#"

    def test_path_segment(self):
        assert path_segment("a/b?c#d%e") == "a%2Fb%3Fc%23d%25e"
        for bad in ("", ".", ".."):
            with pytest.raises(MastodonIllegalArgumentError):
                path_segment(bad)

    def test_the_sweep_finds_the_methods(self):
        names = {name for name, _ in _path_methods()}
        assert {"status", "account", "suggestion_delete", "status_reblog", "grouped_notification",
                "announcement_reaction_create", "get_async_refresh_status"} <= names
        assert len(names) > 60

    def test_no_endpoint_method_lets_a_path_escape(self):
        """Every method whose required arguments go into its path, called with a hostile value;
        the URLs are taken as requests prepared them to send (``responses``: no sockets, quick)."""
        import re

        import responses
        sent = []
        with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
            for verb in ("GET", "POST", "PUT", "PATCH", "DELETE"):
                mock.add_callback(verb, re.compile(r"https://mastodon\.example/.*"),
                                  callback=lambda request: (sent.append(request.url) or 200, {}, "{}"))
            api = Mastodon(access_token=TOKEN, api_base_url="https://mastodon.example", version_check_mode="none",
                           mastodon_version="4.6.0")
            for name, params in _path_methods():
                args = {p: (self.HOSTILE if p not in ("date",) else "2025-01-01/../../x") for p in params}
                try:
                    getattr(api, name)(**args)
                except MastodonError:
                    pass
                except (TypeError, ValueError, AttributeError, KeyError) as e:
                    pytest.fail(f"{name}: raw {type(e).__name__}: {e}")
        assert len(sent) > 60, "the methods sent nothing"
        for url in sent:
            path = url.split("://", 1)[1].split("/", 1)[1].split("?", 1)[0]
            assert ".." not in path.split("/"), url
            # the hostile value is inside one segment, its slashes encoded
            assert all("%2F" in segment for segment in path.split("/") if "EVIL" in segment), url

    def test_suggestion_delete_builds_one_segment(self, server):
        server.route("DELETE", "/api/v1/suggestions/..%2Fx", {})
        api = Mastodon(access_token=TOKEN, api_base_url=server.url)
        api.suggestion_delete("../x")
        assert server.requests[0].path == "/api/v1/suggestions/..%2Fx"
        with pytest.raises(MastodonIllegalArgumentError):
            api.suggestion_delete("..")
        with pytest.raises(MastodonIllegalArgumentError):
            api.grouped_notification("..")


# -- 6. credential values and files ----------------------------------------------------------------------
class TestCredentialValues:
    @pytest.fixture
    def app_server(self, server):
        return server

    def test_numeric_client_id_from_the_server_is_text_in_the_file(self, app_server, tmp_path):
        app_server.route("POST", "/api/v1/apps", {"client_id": 12345, "client_secret": "s-1"})
        path = tmp_path / "client.secret"
        assert no_raw(Mastodon.create_app, "app", api_base_url=app_server.url, to_file=str(path)) == ("12345", "s-1")
        assert path.read_text().splitlines()[:2] == ["12345", "s-1"]
        api = Mastodon(client_id=str(path))
        assert api.client_id == "12345"

    @pytest.mark.parametrize("answer", [
        {"client_id": "id\nsecond-line", "client_secret": "s"},
        {"client_id": ["a"], "client_secret": "s"},
        {"client_id": "id", "client_secret": {"x": 1}},
        {"client_id": "id", "client_secret": "s\ud800"},
        {"client_id": "id"},
        ["not", "an", "object"],
    ])
    def test_unusable_app_answers_are_our_error_and_the_old_file_stays(self, app_server, tmp_path, answer):
        app_server.route("POST", "/api/v1/apps", answer)
        path = tmp_path / "client.secret"
        path.write_text("old-id\nold-secret\n")
        with pytest.raises(MastodonError):
            no_raw(Mastodon.create_app, "app", api_base_url=app_server.url, to_file=str(path))
        assert path.read_text() == "old-id\nold-secret\n"

    @pytest.mark.parametrize("token, expected", [(987654321, "987654321"), (" padded-token \n", "padded-token")])
    def test_token_answers_that_are_harmless_are_converted(self, app_server, tmp_path, token, expected):
        app_server.route("POST", "/oauth/token", {"access_token": token, "scope": "read write follow push"})
        path = tmp_path / "user.secret"
        api = app_client(app_server.url)
        assert no_raw(api.log_in, "user@example.com", PASSWORD, to_file=str(path)) == expected
        assert path.read_text().splitlines()[0] == expected
        assert Mastodon(access_token=str(path)).access_token == expected

    @pytest.mark.parametrize("token", ["two\nlines", ["a"], {"t": 1}, "surrogate\udc80", True])
    def test_token_answers_that_are_not_are_our_error_and_the_old_file_stays(self, app_server, tmp_path, token):
        app_server.route("POST", "/oauth/token", {"access_token": token, "scope": "read write follow push"})
        path = tmp_path / "user.secret"
        path.write_text("old-token\n")
        api = app_client(app_server.url)
        with pytest.raises(MastodonError) as info:
            no_raw(api.log_in, "user@example.com", PASSWORD, to_file=str(path))
        assert isinstance(info.value, MastodonAPIError)
        assert path.read_text() == "old-token\n"

    def test_an_app_name_the_encoding_cannot_hold_is_refused_before_writing(self, app_server, tmp_path):
        app_server.route("POST", "/api/v1/apps", {"client_id": "id", "client_secret": "s"})
        path = tmp_path / "client.secret"
        path.write_text("old\n")
        with pytest.raises(MastodonIllegalArgumentError):
            no_raw(Mastodon.create_app, "app \udcff", api_base_url=app_server.url, to_file=str(path))
        assert path.read_text() == "old\n"

    def test_a_line_break_in_the_app_name_is_folded(self, app_server, tmp_path):
        app_server.route("POST", "/api/v1/apps", {"client_id": "id", "client_secret": "s"})
        path = tmp_path / "client.secret"
        Mastodon.create_app("my\napp\r\nname", api_base_url=app_server.url, to_file=str(path))
        assert path.read_text().splitlines() == ["id", "s", app_server.url, "my app name"]

    @pytest.mark.parametrize("agent", ["agent\r\nX-Injected: 1", "agent\x00"])
    def test_header_values_that_cannot_be_sent_are_our_error(self, server, agent):
        server.route("GET", "/api/v1/instance", {"version": "4.3.0"})
        try:
            api = Mastodon(api_base_url=server.url, user_agent=agent)
            no_raw(api.instance)
        except MastodonError:
            pass
        assert all("X-Injected" not in r.headers for r in server.requests)

    def test_a_user_agent_outside_latin_1_is_our_error_or_sent(self, server):
        server.route("GET", "/api/v1/instance", {"version": "4.3.0"})
        try:
            no_raw(Mastodon(api_base_url=server.url, user_agent="bot \u2603").instance)
        except MastodonError:
            pass
