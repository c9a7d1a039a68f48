"""The request core: what is sent, and how answers become values or errors."""

import logging
import os
import pickle
import warnings
from datetime import datetime

import pytest
import requests
from responses import matchers

from conftest import BASE, TOKEN, form_matcher, recorded
from loopback import Reply, free_port_refusing
from mastodon import (AttribAccessDict, Mastodon, MastodonAPIError, MastodonBadGatewayError,
                      MastodonDeprecationWarning, MastodonError, MastodonGatewayTimeoutError,
                      MastodonInternalServerError, MastodonNetworkError, MastodonNotFoundError,
                      MastodonRatelimitError, MastodonReadTimeout, MastodonServerError,
                      MastodonServiceUnavailableError, MastodonUnauthorizedError, NonPaginatableList,
                      PaginatableList)
from mastodon.core.uploads import open_upload


class TestWhatIsSent:
    def test_get_with_query_auth_and_user_agent(self, api, rsps):
        rsps.get(BASE + "/api/v1/things", json=[], match=[
            matchers.query_param_matcher({"limit": "5", "local": "true", "types[]": ["a", "b"]}),
            matchers.header_matcher({"Authorization": "Bearer " + TOKEN, "User-Agent": "mastodonpy"}),
        ])
        api._api_request("GET", "/api/v1/things", {"limit": 5, "local": True, "types": ["a", "b"], "none": None})

    def test_language_header_from_constructor_and_set_language(self, rsps):
        api = Mastodon(api_base_url=BASE, access_token=TOKEN, lang="de")
        rsps.get(BASE + "/x", json={}, match=[matchers.header_matcher({"Accept-Language": "de"})])
        api._api_request("GET", "/x")
        api.set_language("fr")
        rsps.get(BASE + "/y", json={}, match=[matchers.header_matcher({"Accept-Language": "fr"})])
        api._api_request("GET", "/y")
        api.set_language(None)
        rsps.get(BASE + "/z", json={})
        api._api_request("GET", "/z")
        assert "Accept-Language" not in rsps.calls[-1].request.headers

    def test_no_token_no_authorization_header(self, rsps):
        api = Mastodon(api_base_url=BASE, user_agent="mybot/1.0")
        rsps.get(BASE + "/x", json={}, match=[matchers.header_matcher({"User-Agent": "mybot/1.0"})])
        api._api_request("GET", "/x")
        assert "Authorization" not in rsps.calls[0].request.headers

    def test_auth_false_leaves_the_token_out(self, api, rsps):
        rsps.get(BASE + "/x", json={})
        api._api_request("GET", "/x", auth=False)
        assert "Authorization" not in rsps.calls[0].request.headers

    def test_post_is_a_form_with_nested_fields(self, api, rsps):
        rsps.post(BASE + "/api/v1/statuses", json={"id": "1"}, match=[form_matcher({
            "status": "hi", "sensitive": "true", "media_ids[]": ["1", "2"], "poll[options][]": ["a", "b"],
            "poll[expires_in]": "300", "in_reply_to_id": "42"})])
        result = api._api_request("POST", "/api/v1/statuses", {
            "status": "hi", "sensitive": True, "media_ids": [{"id": "1"}, "2"], "spoiler_text": None,
            "poll": {"options": ["a", "b"], "expires_in": 300}, "in_reply_to_id": AttribAccessDict(id="42")})
        assert result.id == "1"

    def test_json_body(self, api, rsps):
        rsps.put(BASE + "/api/v2/filters/1", json={}, match=[matchers.json_params_matcher(
            {"title": "t", "whole_word": False, "keywords_attributes": [{"keyword": "k", "_destroy": True}]})])
        api._api_request("PUT", "/api/v2/filters/1", {"title": "t", "whole_word": False, "context": None,
                                                      "keywords_attributes": [{"keyword": "k", "_destroy": True}]},
                         use_json=True)

    def test_delete_params_go_in_the_query(self, api, rsps):
        rsps.delete(BASE + "/api/v1/domain_blocks", json={},
                    match=[matchers.query_param_matcher({"domain": "bad.example"})])
        api._api_request("DELETE", "/api/v1/domain_blocks", {"domain": "bad.example"})
        assert not rsps.calls[0].request.body

    def test_datetimes_are_sent_as_iso8601(self, api, rsps):
        rsps.post(BASE + "/x", json={}, match=[matchers.urlencoded_params_matcher(
            {"scheduled_at": "2030-01-01T12:00:00+00:00"})])
        api._api_request("POST", "/x", {"scheduled_at": datetime(2030, 1, 1, 12)})

    def test_the_session_given_is_used(self, rsps):
        class CountingSession(requests.Session):
            calls = 0

            def request(self, *args, **kwargs):
                CountingSession.calls += 1
                return super().request(*args, **kwargs)
        session = CountingSession()
        session.headers["X-Custom"] = "kept"
        api = Mastodon(api_base_url=BASE, session=session)
        rsps.get(BASE + "/x", json={}, match=[matchers.header_matcher({"X-Custom": "kept"})])
        api._api_request("GET", "/x")
        assert CountingSession.calls == 1 and api.session is session

    def test_request_timeout_is_passed(self, rsps):
        api = Mastodon(api_base_url=BASE, request_timeout=(3, 7))
        rsps.get(BASE + "/x", json={})
        api._api_request("GET", "/x")
        assert rsps.calls[0].request.req_kwargs["timeout"] == (3, 7)


class TestMultipart:
    def test_upload_streams_a_file_with_fields(self, server, local_api, tmp_path):
        path = tmp_path / "pic.png"
        payload = b"\x89PNG\r\n\x1a\n" + os.urandom(300_000)
        path.write_bytes(payload)
        server.route("POST", "/api/v2/media", {"id": "9"})
        upload = open_upload(path)
        try:
            result = local_api._api_request("POST", "/api/v2/media", {"description": "a cat", "focus": "0.1,0.2"},
                                            files={"file": upload})
        finally:
            upload.close()
        assert result.id == "9"
        rec = server.requests[-1]
        assert rec.headers["Content-Type"].startswith("multipart/form-data; boundary=")
        assert int(rec.headers["Content-Length"]) == len(rec.body)
        fields = rec.multipart
        assert fields["description"] == (None, None, b"a cat")
        assert fields["focus"] == (None, None, b"0.1,0.2")
        assert fields["file"] == ("pic.png", "image/png", payload)

    def test_unknown_size_stream_is_sent_chunked(self, server, local_api):
        read_end, write_end = os.pipe()
        os.write(write_end, b"GIF89a" + b"x" * 1000)
        os.close(write_end)
        server.route("POST", "/api/v2/media", {"id": "9"})
        with os.fdopen(read_end, "rb") as pipe:
            upload = open_upload(pipe, mime_type="image/gif", file_name="anim.gif")
            local_api._api_request("POST", "/api/v2/media", files={"file": upload})
        rec = server.requests[-1]
        assert rec.headers.get("Transfer-Encoding") == "chunked"
        assert rec.multipart["file"] == ("anim.gif", "image/gif", b"GIF89a" + b"x" * 1000)


class TestAnswers:
    def test_dict_and_list_results(self, api, rsps):
        body = recorded("timeline_home_bob")
        rsps.get(BASE + "/api/v1/timelines/home", json=body["body"])
        page = api._api_request("GET", "/api/v1/timelines/home")
        assert isinstance(page, PaginatableList) and page._pagination_next is None
        assert page[0].account.acct == "bob" and isinstance(page[0].created_at, datetime)
        rsps.get(BASE + "/api/v1/lists", json=[])
        assert isinstance(api._api_request("GET", "/api/v1/lists", paginated=False), NonPaginatableList)

    def test_empty_answers_are_none(self, api, rsps):
        rsps.post(BASE + "/a", status=204)
        rsps.post(BASE + "/b", body=b"")
        assert api._api_request("POST", "/a") is None
        assert api._api_request("POST", "/b") is None
        rsps.post(BASE + "/c", json={})
        assert api._api_request("POST", "/c") == {}

    def test_non_json_success_is_an_api_error_not_a_decode_error(self, api, rsps):
        rsps.get(BASE + "/x", body="<html>captive portal</html>", content_type="text/html")
        with pytest.raises(MastodonAPIError) as info:
            api._api_request("GET", "/x")
        assert "not JSON" in str(info.value) and "text/html" in str(info.value)
        assert isinstance(info.value.__cause__, ValueError)
        assert not isinstance(info.value, ValueError)

    def test_deprecation_header_warns(self, api, rsps):
        rsps.get(BASE + "/api/v1/accounts/1/identity_proofs", json=[], headers={"Deprecation": "@1648598400"})
        with pytest.warns(MastodonDeprecationWarning, match="identity_proofs") as caught:
            api._api_request("GET", "/api/v1/accounts/1/identity_proofs")
        assert caught[0].filename == __file__  # points at the caller, not the library

    def test_no_warning_without_the_header(self, api, rsps):
        rsps.get(BASE + "/x", json=[])
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            api._api_request("GET", "/x")


class TestErrors:
    @pytest.mark.parametrize("status, cls", [
        (401, MastodonUnauthorizedError), (404, MastodonNotFoundError), (500, MastodonInternalServerError),
        (502, MastodonBadGatewayError), (503, MastodonServiceUnavailableError),
        (504, MastodonGatewayTimeoutError), (507, MastodonServerError), (422, MastodonAPIError),
        (403, MastodonAPIError), (410, MastodonAPIError),
    ])
    def test_status_maps_to_class(self, api, rsps, status, cls):
        rsps.get(BASE + "/x", json={"error": "nope"}, status=status)
        with pytest.raises(cls) as info:
            api._api_request("GET", "/x")
        assert type(info.value) is cls
        assert info.value.status_code == status and info.value.error == "nope"

    def test_error_carries_the_server_text_and_chains_the_response(self, api, rsps):
        body = recorded("error_404")
        rsps.get(BASE + "/api/v1/statuses/1", json=body["body"], status=404)
        with pytest.raises(MastodonNotFoundError) as info:
            api._api_request("GET", "/api/v1/statuses/1")
        err = info.value
        assert err.args == ("Mastodon API returned error", 404, "Not Found", "Not Found: target status not found")
        assert err.method == "GET" and err.url == BASE + "/api/v1/statuses/1"
        assert "target status not found" in str(err) and "HTTP 404" in str(err)
        assert isinstance(err.__cause__, requests.HTTPError)
        assert err.__cause__.response.status_code == 404
        assert err.body == {"error": "Not Found: target status not found"}

    def test_oauth_error_description(self, api, rsps):
        rsps.post(BASE + "/oauth/token", status=400, json={
            "error": "invalid_grant", "error_description": "The provided authorization grant is invalid"})
        with pytest.raises(MastodonAPIError) as info:
            api._api_request("POST", "/oauth/token")
        assert info.value.error == "invalid_grant"
        assert info.value.error_description.startswith("The provided")

    def test_html_error_page(self, api, rsps):
        rsps.get(BASE + "/x", body="<html><body>Bad gateway</body></html>", status=502, content_type="text/html")
        with pytest.raises(MastodonBadGatewayError) as info:
            api._api_request("GET", "/x")
        assert info.value.error is None and info.value.reason == "Bad Gateway"

    def test_plain_text_error(self, api, rsps):
        rsps.get(BASE + "/x", body="Too busy", status=503, content_type="text/plain")
        with pytest.raises(MastodonServiceUnavailableError) as info:
            api._api_request("GET", "/x")
        assert info.value.error == "Too busy"

    def test_429_in_throw_mode(self, rsps):
        api = Mastodon(api_base_url=BASE, ratelimit_method="throw")
        rsps.get(BASE + "/x", json={"error": "Too many requests"}, status=429,
                 headers={"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0",
                          "X-RateLimit-Reset": "2030-01-01T00:00:00.000Z"})
        with pytest.raises(MastodonRatelimitError):
            api._api_request("GET", "/x")
        assert api.ratelimit_remaining == 0

    def test_errors_pickle(self):
        err = MastodonNotFoundError("Mastodon API returned error", 404, "Not Found", "gone",
                                    error_description="d", method="GET", url="u", body={"error": "gone"})
        clone = pickle.loads(pickle.dumps(err))
        assert type(clone) is MastodonNotFoundError and clone.args == err.args
        assert (clone.status_code, clone.error_description, clone.url, clone.body) == (404, "d", "u",
                                                                                       {"error": "gone"})

    def test_every_error_is_a_mastodon_error(self, api, rsps):
        rsps.get(BASE + "/x", status=500)
        with pytest.raises(MastodonError):
            api._api_request("GET", "/x")


class TestTransport:
    def test_connection_refused(self):
        api = Mastodon(api_base_url=free_port_refusing(), request_timeout=5)
        with pytest.raises(MastodonNetworkError) as info:
            api._api_request("GET", "/api/v1/instance")
        assert isinstance(info.value.__cause__, requests.ConnectionError)
        assert isinstance(info.value, IOError)

    def test_read_timeout(self, server):
        server.route("GET", "/slow", Reply({}, delay=1.0))
        api = Mastodon(api_base_url=server.url, request_timeout=0.2)
        with pytest.raises(MastodonReadTimeout) as info:
            api._api_request("GET", "/slow")
        assert isinstance(info.value, MastodonNetworkError)
        assert isinstance(info.value.__cause__, requests.Timeout)

    def test_unresolvable_host(self):
        api = Mastodon(api_base_url="https://does-not-exist.invalid", request_timeout=5)
        with pytest.raises(MastodonNetworkError):
            api._api_request("GET", "/x")

    def test_connections_are_reused(self, server, local_api):
        server.route("GET", "/x", {"ok": True})
        for _ in range(5):
            local_api._api_request("GET", "/x")
        assert server.connections == 1


class TestDebugLogging:
    def test_requests_and_answers_are_logged_without_secrets(self, rsps, caplog):
        api = Mastodon(api_base_url=BASE, access_token="very-secret-token", debug_requests=True,
                       client_id="cid", client_secret="also-secret")
        rsps.post(BASE + "/oauth/token", json={"access_token": "new-secret-token", "scope": "read"})
        with caplog.at_level(logging.DEBUG, logger="mastodon.request"):
            api._api_request("POST", "/oauth/token", {"password": "hunter2", "username": "alice",
                                                      "client_secret": "also-secret"})
        text = caplog.text
        assert "POST https://mastodon.example/oauth/token" in text
        assert "alice" in text and "HTTP 200" in text
        for secret in ("very-secret-token", "hunter2", "also-secret"):
            assert secret not in text
