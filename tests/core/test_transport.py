"""How the request core reads answers: the whole body in one read, connection reuse, content
encodings, error mapping, and the Authorization header against ~/.netrc."""

import gzip
import io
import json
import zlib

import pytest
import requests
from requests.adapters import BaseAdapter

from conftest import BASE, TOKEN
from loopback import Reply
from mastodon import Mastodon, MastodonNetworkError, MastodonNotFoundError, PaginatableList

STATUSES = [{"id": str(i), "created_at": "2019-12-08T03:48:33.901Z", "content": "x" * 500} for i in range(40)]


class TestBodies:
    def test_a_large_body_is_decoded_and_stays_readable_on_the_response(self, server, local_api):
        server.route("GET", "/api/v1/timelines/home", STATUSES)
        page = local_api._api_request("GET", "/api/v1/timelines/home")
        assert isinstance(page, PaginatableList) and len(page) == 40 and page[0].created_at.year == 2019
        response = local_api._api_request("GET", "/api/v1/timelines/home", return_response=True)
        assert isinstance(response, requests.Response)
        assert json.loads(response.content) == STATUSES
        assert response.json() == STATUSES and response.text.startswith("[{")

    @pytest.mark.parametrize("encoding, compress", [("gzip", gzip.compress), ("deflate", zlib.compress)])
    def test_compressed_bodies(self, server, local_api, encoding, compress):
        body = compress(json.dumps(STATUSES).encode())
        server.route("GET", "/x", Reply(body, headers={"Content-Encoding": encoding,
                                                       "Content-Type": "application/json"}))
        assert [s.id for s in local_api._api_request("GET", "/x")] == [s["id"] for s in STATUSES]

    def test_chunked_body(self, server, local_api):
        text = json.dumps(STATUSES).encode()
        chunks = iter([text[i:i + 1000] for i in range(0, len(text), 1000)])
        server.route("GET", "/x", Reply(chunks, headers={"Content-Type": "application/json"}, chunked=True))
        assert len(local_api._api_request("GET", "/x")) == 40

    def test_a_body_cut_short_is_a_network_error(self, server, local_api):
        def cut():
            yield b'[{"id": "1"}, '
        server.route("GET", "/x", Reply(cut(), headers={"Content-Type": "application/json",
                                                        "Content-Length": "1000"}))
        with pytest.raises(MastodonNetworkError) as info:
            local_api._api_request("GET", "/x")
        assert isinstance(info.value.__cause__, requests.RequestException)

    def test_empty_and_head_answers(self, server, local_api):
        server.route("GET", "/empty", Reply(b"", status=200))
        server.route("HEAD", "/head", Reply(b'{"a": 1}'))
        assert local_api._api_request("GET", "/empty") is None
        assert local_api._api_request("HEAD", "/head", return_response=True).content == b""

    def test_a_response_hook_that_reads_the_body_first(self, server, local_api):
        seen = []
        local_api.session.hooks["response"].append(lambda r, *a, **k: seen.append(len(r.content)))
        server.route("GET", "/x", STATUSES)
        assert len(local_api._api_request("GET", "/x")) == 40
        assert seen and seen[0] > 0

    def test_errors_are_read_and_mapped_and_the_connection_is_kept(self, server, local_api):
        server.route("GET", "/missing", Reply({"error": "Record not found"}, status=404))
        server.route("GET", "/x", STATUSES)
        for _ in range(3):
            with pytest.raises(MastodonNotFoundError) as info:
                local_api._api_request("GET", "/missing")
            assert info.value.args[3] == "Record not found"
            assert len(local_api._api_request("GET", "/x")) == 40
        assert server.connections == 1

    def test_one_connection_for_many_requests(self, server, local_api):
        server.route("GET", "/x", STATUSES)
        for _ in range(20):
            local_api._api_request("GET", "/x")
        assert server.connections == 1


class _FileLikeAdapter(BaseAdapter):
    """An adapter whose responses are not urllib3's (as custom adapters' may be)."""

    def __init__(self, body):
        super().__init__()
        self.body = body
        self.sent = []

    def send(self, request, **kwargs):
        self.sent.append((request, kwargs))
        response = requests.Response()
        response.status_code = 200
        response.headers["Content-Type"] = "application/json"
        response.raw = io.BytesIO(self.body)
        response.url = request.url
        response.request = request
        return response

    def close(self):
        pass


def test_adapters_that_are_not_urllib3_still_work():
    session = requests.Session()
    adapter = _FileLikeAdapter(json.dumps(STATUSES).encode())
    session.mount("https://", adapter)
    api = Mastodon(access_token=TOKEN, api_base_url=BASE, session=session)
    assert len(api._api_request("GET", "/api/v1/timelines/home")) == 40
    request, _ = adapter.sent[0]
    assert request.headers["Authorization"] == "Bearer " + TOKEN


class TestAuthorizationAndNetrc:
    @pytest.fixture
    def netrc_for(self, tmp_path, monkeypatch):
        def write(host):
            path = tmp_path / "netrc"
            path.write_text(f"machine {host}\nlogin netrc-user\npassword netrc-password\n")
            path.chmod(0o600)
            monkeypatch.setenv("NETRC", str(path))
        return write

    def test_the_token_wins_over_netrc_credentials(self, server, local_api, netrc_for):
        netrc_for("127.0.0.1")
        server.route("GET", "/x", {"ok": True})
        local_api._api_request("GET", "/x")
        assert server.requests[-1].headers["Authorization"] == "Bearer " + TOKEN

    def test_without_a_token_requests_still_reads_netrc(self, server, netrc_for):
        netrc_for("127.0.0.1")
        server.route("GET", "/x", {"ok": True})
        Mastodon(api_base_url=server.url)._api_request("GET", "/x")
        assert server.requests[-1].headers["Authorization"].startswith("Basic ")

    def test_a_per_call_authorization_header_is_sent_as_given(self, server, local_api, netrc_for):
        netrc_for("127.0.0.1")
        server.route("GET", "/x", {"ok": True})
        local_api._api_request("GET", "/x", headers={"Authorization": "Bearer app-token"})
        assert server.requests[-1].headers["Authorization"] == "Bearer app-token"

    def test_auth_set_on_the_session_by_the_user_still_applies(self, server):
        session = requests.Session()
        session.auth = ("user", "pass")
        api = Mastodon(access_token=TOKEN, api_base_url=server.url, session=session)
        server.route("GET", "/x", {"ok": True})
        api._api_request("GET", "/x")
        assert server.requests[-1].headers["Authorization"].startswith("Basic ")
