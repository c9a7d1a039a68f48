"""Server software: detection (server_info), the quirks table, and what the request core does with it."""

import json
import socket
import threading
from datetime import datetime, timezone

import pytest
import responses as responses_lib

from conftest import BASE, TOKEN
from loopback import LoopbackServer, Reply
from mastodon import (Mastodon, MastodonAPIError, MastodonIllegalArgumentError, MastodonNotFoundError,
                      MastodonNotJSONError, MastodonNotSupportedError, MastodonUnauthorizedError)
from mastodon.core import servers
from mastodon.core.exchange import Attempts, retry_after_reset
from mastodon.core.versions import parse_version, version_from_instance
from mastodon.streaming.discovery import prepare_stream
from mastodon.return_types import ServerInfo

#: What each software says about itself: (nodeinfo software block, instance v2 or None, instance v1).
SERVERS = {
    "mastodon": ({"name": "mastodon", "version": "4.3.2"},
                 {"version": "4.3.2", "api_versions": {"mastodon": 2}}, None),
    "gotosocial": ({"name": "gotosocial", "version": "v0.20.0-rc1"},
                   {"version": "3.5.3+v0.20.0-rc1-8-g57cb4fe74"}, None),
    "snac": ({"name": "snac", "version": "2.94"}, None, {"version": "4.0.0 (not true; really snac/2.94)"}),
    "takahe": ({"name": "takahe", "version": "0.11.0"}, {"version": "takahe/0.11.0"}, None),
    "hollo": ({"name": "hollo", "version": "0.10.0"},
              {"version": "0.10.0", "source_url": "https://github.com/fedify-dev/hollo"}, None),
    "pleroma": ({"name": "pleroma", "version": "2.5.0"}, None, {"version": "2.7.2 (compatible; Pleroma 2.5.0)"}),
}


def serve(rsps, software, schema="2.1", times=1):
    """Register what a server of ``software`` answers to the lookups (nodeinfo, then the instance)."""
    block, v2, v1 = SERVERS[software]
    rsps.get(BASE + "/.well-known/nodeinfo", json={"links": [
        {"rel": f"http://nodeinfo.diaspora.software/ns/schema/{schema}", "href": f"http://localhost:3000/nodeinfo/{schema}"}]})
    rsps.get(BASE + f"/nodeinfo/{schema}", json={"version": schema, "software": block})
    return v2, v1


def serve_instance(rsps, v2, v1):
    if v2 is not None:
        rsps.get(BASE + "/api/v2/instance", json=v2)
    else:
        rsps.get(BASE + "/api/v2/instance", status=404, body="<h1>404 Not Found</h1>", content_type="text/html")
        rsps.get(BASE + "/api/v1/instance", json=v1)


class TestServerInfo:
    @pytest.mark.parametrize("software,version,mastodon_version,api_version", [
        ("mastodon", "4.3.2", "4.3.2", 2),
        ("gotosocial", "0.20.0-rc1", "3.5.3", None),
        ("snac", "2.94", None, None),
        ("takahe", "0.11.0", None, None),
        ("hollo", "0.10.0", None, None),
        ("pleroma", "2.5.0", "2.7.2", None),
    ])
    def test_each_software_is_described(self, api, rsps, software, version, mastodon_version, api_version):
        serve_instance(rsps, *serve(rsps, software))
        info = api.server_info()
        assert isinstance(info, ServerInfo)
        assert (info.software, info.version, info.mastodon_version, info.api_version) == (
            software, version, mastodon_version, api_version)
        # nodeinfo is read without the token, wherever its link points (localhost:3000 here)
        assert "Authorization" not in rsps.calls[0].request.headers
        assert rsps.calls[1].request.url == BASE + "/nodeinfo/2.1"

    def test_cached_per_client_until_clear_caches(self, api, rsps):
        serve_instance(rsps, *serve(rsps, "takahe"))
        first = api.server_info()
        assert api.server_info() == first and len(rsps.calls) == 3
        api.clear_caches()
        serve_instance(rsps, *serve(rsps, "takahe"))
        api.server_info()
        assert len(rsps.calls) == 6

    def test_nodeinfo_2_0_and_anonymous_client(self, rsps):
        serve_instance(rsps, *serve(rsps, "gotosocial", schema="2.0"))
        info = Mastodon(api_base_url=BASE).server_info()
        assert info.software == "gotosocial"
        assert all("Authorization" not in call.request.headers for call in rsps.calls)

    def test_without_nodeinfo_the_instance_tells(self, api, rsps):
        rsps.get(BASE + "/.well-known/nodeinfo", status=404, body="not here", content_type="text/plain")
        serve_instance(rsps, None, {"version": "2.7.2 (compatible; Akkoma 3.10.0)"})
        info = api.server_info()
        assert (info.software, info.version, info.mastodon_version) == ("akkoma", "3.10.0", "2.7.2")

    def test_neither_raises_and_is_not_cached_as_known(self, api, rsps):
        rsps.get(BASE + "/.well-known/nodeinfo", status=404)
        rsps.get(BASE + "/api/v2/instance", status=404)
        rsps.get(BASE + "/api/v1/instance", status=500)
        with pytest.raises(MastodonAPIError):
            api.server_info()

    def test_version_gates_never_refuse_software_without_a_mastodon_version(self, rsps):
        api = Mastodon(api_base_url=BASE, access_token=TOKEN, version_check_mode="created")
        serve_instance(rsps, *serve(rsps, "hollo"))
        assert api.server_info().mastodon_version is None
        assert api.verify_minimum_version("4.0.0") is False
        rsps.get(BASE + "/api/v2/notifications", json={"accounts": [], "statuses": [], "notification_groups": []})
        api.grouped_notifications()  # a 4.3.0 endpoint: sent, the server answers

    def test_version_gates_use_the_mastodon_version(self, rsps):
        api = Mastodon(api_base_url=BASE, access_token=TOKEN, version_check_mode="created")
        serve_instance(rsps, *serve(rsps, "gotosocial"))
        api.server_info()
        assert api.verify_minimum_version("3.5.0") and not api.verify_minimum_version("4.0.0")


class TestVersionShapes:
    @pytest.mark.parametrize("text,triple,software,own,compatible", [
        ("2.7.2 (compatible; Pleroma 2.5.0)", (2, 7, 2), "pleroma", "2.5.0", True),
        ("3.5.3+v0.20.0-rc1-8-g57cb4fe74", (3, 5, 3), "gotosocial", "0.20.0-rc1-8-g57cb4fe74", True),
        ("0.17.3 git-abcdef", (0, 17, 3), "gotosocial", "0.17.3 git-abcdef", False),
        ("4.0.0 (not true; really snac/2.94)", (4, 0, 0), "snac", "2.94", False),
        ("takahe/0.11.0", (0, 11, 0), "takahe", "0.11.0", False),
        ("0.10.0", (0, 10, 0), "mastodon", "", True),
        ("4.2.0+glitch", (4, 2, 0), "glitch", "", True),
        ("1.0.5+3.5.2", (3, 5, 2), "hometown", "1.0.5", True),
    ])
    def test_listed_shapes(self, text, triple, software, own, compatible):
        version = parse_version(text)
        assert (version.triple, version.software, version.software_version, version.mastodon_compatible) == (
            triple, software, own, compatible)

    def test_a_plain_number_is_the_softwares_own_where_source_url_names_it(self):
        version = version_from_instance({"version": "0.10.0", "source_url": "https://github.com/fedify-dev/hollo"})
        assert version.software == "hollo" and not version.mastodon_compatible


class TestQuirksTable:
    def test_one_row_per_software(self):
        assert servers.quirks_for("hollo").arrays_as_json
        assert servers.quirks_for("snac").poll_as_form and servers.quirks_for("snac").max_id_without_link
        assert {servers.stream_transport(s) for s in ("snac", "takahe", "hollo")} == {"none"}
        assert servers.stream_transport("gotosocial") == "websocket"
        assert servers.stream_transport("mastodon") == servers.stream_transport(None) == "sse"
        assert servers.quirks_for("mastodon").snowflake_ids and servers.quirks_for("glitch").snowflake_ids
        assert not servers.quirks_for("takahe").snowflake_ids and not servers.quirks_for("misskey").snowflake_ids

    def test_software_matters_only_where_the_encoding_or_ids_differ(self):
        matters = servers.software_matters
        assert not matters("POST", {"status": "x"}, False, None)
        assert matters("POST", {"media_ids": ["1"]}, False, None)
        assert not matters("POST", {"media_ids": ["1"]}, True, None)
        assert matters("POST", {"poll": {"options": ["a"]}}, True, None)
        assert not matters("POST", {"media_ids": ["1"]}, False, {"file": object()})
        assert matters("GET", {"max_id": datetime(2024, 1, 1)}, False, None)
        assert not matters("GET", {"max_id": "123", "limit": 5}, False, None)

    def test_adapt_request_per_software(self):
        adapt = servers.adapt_request
        assert adapt("hollo", "POST", "/api/v1/statuses", {"media_ids": ["a"]}, False, None) is True
        assert adapt("mastodon", "POST", "/api/v1/statuses", {"media_ids": ["a"]}, False, None) is False
        assert adapt("snac", "POST", "/api/v1/statuses", {"poll": {"options": ["a"]}}, True, None) is False
        assert adapt("hollo", "POST", "/api/v1/statuses", {"poll": {"options": ["a"]}}, True, None) is True
        assert adapt(None, "POST", "/api/v1/statuses", {"media_ids": ["a"]}, False, None) is False

    def test_a_datetime_id_only_on_mastodon_and_forks(self):
        when = datetime(2024, 1, 1, tzinfo=timezone.utc)
        assert servers.adapt_request("mastodon", "GET", "/x", {"max_id": when}, False, None) is False
        with pytest.raises(MastodonIllegalArgumentError, match="takahe.*not snowflakes"):
            servers.adapt_request("takahe", "GET", "/api/v1/timelines/home", {"max_id": when}, False, None)

    def test_through_the_client_hollo_gets_json_and_snac_a_form(self, rsps):
        for software, kind in (("hollo", "application/json"), ("snac", "application/x-www-form-urlencoded")):
            api = Mastodon(api_base_url=BASE, access_token=TOKEN)
            serve(rsps, software)
            rsps.post(BASE + "/api/v1/statuses", json={"id": "1"})
            api.status_post("hi", media_ids=["m1", "m2"], poll=api.make_poll(["a", "b"], 300))
            sent = rsps.calls[-1].request
            assert sent.headers["Content-Type"].startswith(kind)
            if software == "hollo":
                body = json.loads(sent.body)
                assert body["media_ids"] == ["m1", "m2"] and body["poll"]["options"] == ["a", "b"]
            else:
                body = sent.body if isinstance(sent.body, str) else sent.body.decode()
                assert "poll%5Boptions%5D%5B%5D=a" in body
            n = len(rsps.calls)
            api.status_post("again", media_ids=["m3"])  # the software is looked up once per client
            assert len(rsps.calls) == n + 1
            rsps.reset()

    def test_datetime_paging_on_takahe_is_refused_before_sending(self, rsps):
        api = Mastodon(api_base_url=BASE, access_token=TOKEN)
        serve(rsps, "takahe")
        with pytest.raises(MastodonIllegalArgumentError, match="takahe"):
            api.timeline_home(max_id=datetime(2024, 5, 1, tzinfo=timezone.utc))
        assert all("/timelines/" not in call.request.url for call in rsps.calls)

    def test_mastodon_given_by_the_caller_asks_nothing(self, rsps):
        api = Mastodon(api_base_url=BASE, access_token=TOKEN, mastodon_version="4.3.0")
        rsps.get(BASE + "/api/v1/timelines/home", json=[])
        api.timeline_home(max_id=datetime(2024, 5, 1, tzinfo=timezone.utc))
        assert len(rsps.calls) == 1


class TestAnswersThatAreNotJSON:
    def test_html_error_names_software_endpoint_and_status(self, api, rsps):
        serve(rsps, "takahe")
        rsps.get(BASE + "/api/v1/markers", status=404, body="<html><h1>Not Found</h1></html>", content_type="text/html")
        with pytest.raises(MastodonNotFoundError) as info:
            api.markers_get()
        assert str(info.value.args[0]) == "takahe answered GET /api/v1/markers with HTTP 404 and an HTML page, not JSON"
        assert info.value.error is None and info.value.status_code == 404

    def test_empty_200_is_a_not_json_error(self, api, rsps):
        serve(rsps, "snac")
        rsps.get(BASE + "/api/v1/instance/peers", body=b"", status=200)
        # an empty body is "no value" (None); a body that is not JSON is the documented error
        assert api._api_request("GET", "/api/v1/instance/peers") is None
        rsps.get(BASE + "/api/v1/instance/activity", body="<p>nothing here</p>", content_type="text/html")
        with pytest.raises(MastodonNotJSONError, match=r"snac answered GET /api/v1/instance/activity with HTTP 200 "
                                                        r"and an HTML page"):
            api._api_request("GET", "/api/v1/instance/activity")

    @pytest.mark.parametrize("software,status,body", [
        ("takahe", 400, b"<html><title>Bad Request</title><p>Invalid Bearer token</p></html>"),
        ("snac", 422, b""),
        ("gotosocial", 401, b'{"error": "Unauthorized: token not valid"}'),
    ])
    def test_bad_token_is_unauthorized(self, rsps, software, status, body):
        api = Mastodon(api_base_url=BASE, access_token="bad")
        if not body.startswith(b"{"):  # only an answer that is not JSON makes the client ask who answered
            serve(rsps, software)
        rsps.get(BASE + "/api/v1/accounts/verify_credentials", status=status, body=body,
                 content_type="application/json" if body.startswith(b"{") else "text/html")
        with pytest.raises(MastodonUnauthorizedError) as info:
            api.account_verify_credentials()
        assert info.value.status_code == status

    def test_a_422_page_without_a_token_stays_what_it_is(self, rsps):
        api = Mastodon(api_base_url=BASE)
        rsps.post(BASE + "/api/v1/apps", status=422, body=b"<p>bad token</p>", content_type="text/html")
        with pytest.raises(MastodonAPIError) as info:
            api._api_request("POST", "/api/v1/apps", {"client_name": "x"})
        assert not isinstance(info.value, MastodonUnauthorizedError) and info.value.status_code == 422

    def test_a_5xx_page_asks_nothing_more(self, api, rsps):
        rsps.get(BASE + "/x", status=502, body="<h1>Bad Gateway</h1>", content_type="text/html")
        with pytest.raises(MastodonAPIError, match="the server answered GET /x with HTTP 502"):
            api._api_request("GET", "/x")
        assert len(rsps.calls) == 1


class TestPaginationWithoutLinks:
    def test_snac_account_statuses_continue_by_max_id(self, api, rsps):
        serve(rsps, "snac")
        path = BASE + "/api/v1/accounts/a1/statuses"
        rsps.get(path, json=[{"id": "9"}, {"id": "8"}], match=[responses_lib.matchers.query_param_matcher({"limit": "2"})])
        rsps.get(path, json=[{"id": "7"}, {"id": "6"}],
                 match=[responses_lib.matchers.query_param_matcher({"limit": "2", "max_id": "8"})])
        rsps.get(path, json=[{"id": "5"}], match=[responses_lib.matchers.query_param_matcher({"limit": "2", "max_id": "6"})])
        first = api.account_statuses("a1", limit=2)
        assert [s.id for s in api.fetch_remaining(first)] == ["9", "8", "7", "6", "5"]

    def test_elsewhere_no_link_ends_the_walk(self, api, rsps):
        serve(rsps, "takahe")
        rsps.get(BASE + "/api/v1/accounts/a1/statuses", json=[{"id": "9"}, {"id": "8"}])
        first = api.account_statuses("a1", limit=2)
        assert [s.id for s in api.fetch_remaining(first)] == ["9", "8"]
        assert api.fetch_next(first) is None

    def test_a_short_page_ends_without_asking_the_software(self, api, rsps):
        rsps.get(BASE + "/api/v1/accounts/a1/statuses", json=[{"id": "9"}])
        first = api.account_statuses("a1", limit=5)
        assert api.fetch_next(first) is None and len(rsps.calls) == 1

    def test_hollo_links_that_skip_an_item_are_corrected(self, api, rsps):
        serve(rsps, "hollo")
        path = BASE + "/api/v1/accounts/a1/statuses"
        # Hollo's next link names the first item of the next page ("7"): following it would skip it
        rsps.get(path, json=[{"id": "9"}, {"id": "8"}], headers={"Link": f'<{path}?limit=2&max_id=7>; rel="next"'},
                 match=[responses_lib.matchers.query_param_matcher({"limit": "2"})])
        rsps.get(path, json=[{"id": "7"}, {"id": "6"}],
                 match=[responses_lib.matchers.query_param_matcher({"limit": "2", "max_id": "8"})])
        first = api.account_statuses("a1", limit=2)
        assert [s.id for s in api.fetch_remaining(first)] == ["9", "8", "7", "6"]

    def test_elsewhere_the_link_stands_and_nothing_is_asked(self, api, rsps):
        path = BASE + "/api/v1/accounts/a1/statuses"
        rsps.get(path, json=[{"id": "9"}, {"id": "8"}], headers={"Link": f'<{path}?limit=2&max_id=8>; rel="next"'},
                 match=[responses_lib.matchers.query_param_matcher({"limit": "2"})])
        first = api.account_statuses("a1", limit=2)
        assert not servers.cursor_mismatch(first, first._pagination_next)
        assert servers.corrected_cursor("hollo", first, first._pagination_next) is None
        assert len(rsps.calls) == 1  # the link matches the last item: no software lookup

    def test_next_link_to_the_page_just_fetched_ends(self, api, rsps):
        url = BASE + "/api/v1/timelines/home?max_id=5"
        rsps.get(BASE + "/api/v1/timelines/home", json=[{"id": "6"}], headers={"Link": f'<{url}>; rel="next"'})
        rsps.get(url, json=[{"id": "4"}], headers={"Link": f'<{url}>; rel="next"'})
        first = api.timeline_home()
        assert [s.id for s in api.fetch_remaining(first)] == ["6", "4"]

    def test_rel_values_in_any_order(self, api, rsps):
        nxt, prev = BASE + "/api/v1/timelines/home?max_id=5", BASE + "/api/v1/timelines/home?min_id=7"
        rsps.get(BASE + "/api/v1/timelines/home", json=[{"id": "6"}],
                 headers={"Link": f'<{prev}>; rel="prev", <{nxt}>; rel="next"'})
        first = api.timeline_home()
        assert first._pagination_next["max_id"] == "5" and first._pagination_prev["min_id"] == "7"


class TestStreaming:
    @pytest.mark.parametrize("software", ["snac", "takahe", "hollo"])
    def test_no_streaming_raises_at_once_naming_the_software(self, rsps, software):
        api = Mastodon(api_base_url=BASE, access_token=TOKEN)
        serve(rsps, software)
        with pytest.raises(MastodonNotSupportedError, match=f"{software} has no streaming API") as info:
            api.stream_user(object(), run_async=True)
        assert isinstance(info.value, MastodonNotFoundError)
        assert all("streaming" not in call.request.url for call in rsps.calls)

    def test_a_slow_server_without_streaming_still_gets_the_documented_error(self):
        """The lookup before the stream gives up (a busy server), the stream is tried and answered
        404: the software is looked up again with the client's own timeout, and the stream fails
        with MastodonNotSupportedError (from the 404), not a bare MastodonNotFoundError."""
        from mastodon.streaming import StreamListener
        with LoopbackServer() as server:
            server.route("GET", "/.well-known/nodeinfo", lambda rec: Reply({"links": [
                {"rel": "http://nodeinfo.diaspora.software/ns/schema/2.0", "href": server.url + "/nodeinfo/2.0"}]},
                delay=0.5))
            server.route("GET", "/nodeinfo/2.0", lambda rec: {"software": {"name": "snac", "version": "2.94"}})
            api = Mastodon(api_base_url=server.url, access_token=TOKEN)
            with pytest.raises(MastodonNotSupportedError, match="snac has no streaming API") as info:
                api.stream_user(StreamListener(), timeout=0.2)
            assert isinstance(info.value.__cause__, MastodonNotFoundError)
            assert any("/streaming" in r.path for r in server.requests)  # tried: the first lookup gave up
            before = len(server.requests)
            with pytest.raises(MastodonNotSupportedError):
                api.stream_user(StreamListener(), timeout=0.2)  # known now: refused with no request
            assert len(server.requests) == before

    def test_websocket_only_software_goes_straight_to_websocket(self, rsps):
        api = Mastodon(api_base_url=BASE, access_token=TOKEN)
        serve(rsps, "gotosocial")
        prepare_stream(api, "transport")
        assert api._cache["transport"] == "websocket"


class TestResetRetry:
    def test_the_decision(self):
        fresh = Attempts()
        assert retry_after_reset("GET", True, fresh, True)
        assert not retry_after_reset("POST", True, fresh, True)
        assert not retry_after_reset("GET", False, fresh, True)
        assert not retry_after_reset("PUT", True, fresh, False)
        fresh.after_reset = 1
        assert not retry_after_reset("GET", True, fresh, True)

    def test_a_server_closing_after_every_answer_costs_no_failed_request(self):
        """A server that closes each connection without saying so (snac without its proxy header)."""
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        port = listener.getsockname()[1]
        served = []

        def run():
            for _ in range(3):
                try:
                    conn, _ = listener.accept()
                except OSError:  # the test closed the listener: no third connection came
                    return
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                if not data:
                    conn.close()
                    continue
                served.append(data.split(b" ", 2)[1])
                body = b'{"ok": true}'
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                             % (len(body), body))
                conn.close()  # no "Connection: close": the client keeps the dead socket in its pool

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        api = Mastodon(api_base_url=f"http://127.0.0.1:{port}", access_token=TOKEN, mastodon_version="4.0.0")
        try:
            assert api._api_request("GET", "/a") == {"ok": True}
            assert api._api_request("GET", "/b") == {"ok": True}
        finally:
            listener.close()
        thread.join(5)
        assert served == [b"/a", b"/b"]


def test_extra_event_names_reach_on_unknown_event():
    from mastodon import StreamListener
    from mastodon.streaming.dispatch import EventDispatcher

    class Listener(StreamListener):
        def __init__(self):
            self.unknown = []

        def on_unknown_event(self, name, unknown_event=None):
            self.unknown.append((name, unknown_event))

    listener = Listener()
    dispatcher = EventDispatcher(listener)
    dispatcher.dispatch("pleroma:chat_update", '{"id": "c1"}')
    dispatcher.dispatch("pleroma:respond", '{"result": "ok"}')
    assert [name for name, _ in listener.unknown] == ["pleroma:chat_update", "pleroma:respond"]
    assert listener.unknown[0][1]["id"] == "c1"


def test_a_refused_write_on_snac_is_not_taken_for_a_bad_token():
    cls, message = servers.refine_error("snac", True, 422, "text/html", b"", "POST", BASE + "/api/v2/filters",
                                        MastodonAPIError)
    assert cls is MastodonAPIError and message == "snac answered POST /api/v2/filters with HTTP 422 and an empty " \
                                                  "answer, not JSON"
    assert servers.refine_error("snac", True, 422, "text/html", b"", "GET", BASE + "/x", MastodonAPIError)[0] \
        is MastodonUnauthorizedError


def test_software_without_a_mastodon_version_gets_media_v2_then_v1(rsps):
    api = Mastodon(api_base_url=BASE, access_token=TOKEN)
    api._set_version(parse_version("takahe/0.11.0"))  # 0.11.0 is Takahē's own number, not Mastodon's
    rsps.post(BASE + "/api/v2/media", status=404, body="<h1>Not Found</h1>", content_type="text/html")
    rsps.post(BASE + "/api/v1/media", json={"id": "5", "type": "image", "url": "http://x/5.png"})
    assert api.media_post(b"\x89PNG\r\n\x1a\n", "image/png").id == "5"
    assert [c.request.url.rsplit("/api/", 1)[1] for c in rsps.calls] == ["v2/media", "v1/media"]


def test_media_202_is_polled_until_processed(rsps):
    api = Mastodon(api_base_url=BASE, access_token=TOKEN, mastodon_version="4.3.0")
    api.media_poll_interval = 0.01
    rsps.post(BASE + "/api/v2/media", status=202, json={"id": "6", "type": "image", "url": None})
    rsps.get(BASE + "/api/v1/media/6", status=206, json={"id": "6", "type": "image", "url": None})
    rsps.get(BASE + "/api/v1/media/6", json={"id": "6", "type": "image", "url": "http://x/6.png"})
    assert api.media_post(b"\x89PNG\r\n\x1a\n", "image/png", synchronous=True).url == "http://x/6.png"


def test_threads_wait_for_one_lookup_and_all_get_the_software():
    """Requests from several threads while the software is unknown: one lookup, every write adapted."""
    with LoopbackServer() as server:
        server.route("GET", "/.well-known/nodeinfo", lambda rec: {"links": [
            {"rel": "http://nodeinfo.diaspora.software/ns/schema/2.1", "href": server.url + "/nodeinfo/2.1"}]})
        server.route("GET", "/nodeinfo/2.1", lambda rec: {"software": {"name": "hollo", "version": "0.10.0"}})
        server.route("POST", "/api/v1/statuses", lambda rec: {"id": "1"})
        api = Mastodon(api_base_url=server.url, access_token=TOKEN)
        threads = [threading.Thread(target=api.status_post, args=("x",), kwargs={"media_ids": ["a", "b"]})
                   for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        posts = [r for r in server.requests if r.path == "/api/v1/statuses"]
        assert len(posts) == 4 and all(r.json["media_ids"] == ["a", "b"] for r in posts)
        assert [r.path for r in server.requests].count("/.well-known/nodeinfo") == 1
