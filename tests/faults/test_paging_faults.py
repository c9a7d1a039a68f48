"""Faults around pagination and server versions, against loopback servers misbehaving on purpose.

Link headers that are malformed, relative, without ``rel``, looping, or leading to broken
pages; version strings that cannot be parsed; instance endpoints that fail or answer HTML
while everything else (login included) works. Each case asserts the documented outcome, that
no raw internal exception reaches the caller, and a bounded time. (Links naming another host
are another helper's: see the pagination tests of the ``live`` work.)
"""

import json
import time

import pytest

from conftest import TOKEN, no_raw
from loopback import Reply
from mastodon import (Mastodon, MastodonAPIError, MastodonError, MastodonIllegalArgumentError,
                      MastodonVersionError)

pytestmark = pytest.mark.timeout(20)



def client(server, **kwargs):
    return Mastodon(access_token=TOKEN, api_base_url=kwargs.pop("base", server.url), **kwargs)


def page_with_link(server, path, link, items=("1",)):
    """``path`` answers one page whose Link header is ``link`` (a str, or a callable of the request)."""
    def handler(rec):
        value = link(rec) if callable(link) else link
        headers = {"Link": value} if value is not None else {}
        # items=None: items without ids, so only the links can tell pages apart
        body = [{"id": i} for i in items] if items is not None else [{"note": rec.raw_query}]
        return Reply(body, headers=headers)
    server.route("GET", path, handler)


# -- Link headers -------------------------------------------------------------------------------
MALFORMED = [
    "garbage",
    "<>",
    "<",
    ">; rel=next",
    ";;;,,,<",
    "<http://[::1/api/v1/blocks?max_id=1>; rel=next",           # broken IPv6 literal
    "<api/v1/blocks?max_id=1>; rel=next",                       # relative without a leading slash
    "<mailto:someone@example.com>; rel=next",
    "<javascript:alert(1)>; rel=next",
    "<//>; rel=next",
    "<?max_id=1>; rel=next",
    "<http://127.0.0.1\r\nX-Injected: 1/api/v1/blocks>; rel=next",
    "\x00\x01\x02",
    "<" * 5000,
    "<a>; rel=next, " * 4000,                                   # 60 KB of nonsense
]


class TestLinkHeaders:
    @pytest.mark.parametrize("link", MALFORMED)
    def test_malformed_links_end_the_walk_quietly(self, server, link):
        page_with_link(server, "/api/v1/blocks", link)
        api = client(server)
        started = time.monotonic()
        first = no_raw(api.blocks)
        assert [a.id for a in first] == ["1"]
        assert no_raw(api.fetch_next, first) is None
        assert [a.id for a in no_raw(api.fetch_remaining, first)] == ["1"]
        assert time.monotonic() - started < 5
        # nothing was sent anywhere but the one page (twice: blocks() and nothing more)
        assert [r.path for r in server.requests] == ["/api/v1/blocks"]

    @pytest.mark.parametrize("link", [
        "</api/v1/blocks?max_id=1>",                        # no rel at all
        "</api/v1/blocks?max_id=1>; title=next",
        '</api/v1/blocks?max_id=1>; rel="last"',
        '</api/v1/blocks?max_id=1>; rel="nofollow"',
        '</api/v1/blocks?max_id=1>; rel=""',
    ])
    def test_links_without_a_next_rel_are_not_followed(self, server, link):
        page_with_link(server, "/api/v1/blocks", link)
        api = client(server)
        first = api.blocks()
        assert first._pagination_next is None and first._pagination_prev is None
        assert api.fetch_next(first) is None
        assert len(server.requests) == 1

    def test_relative_links_are_followed_on_our_server(self, server):
        def link(rec):
            max_id = int(rec.query.get("max_id", ["4"])[0])
            return f'</api/v1/blocks?max_id={max_id - 1}>; rel="next"' if max_id > 1 else None
        server.route("GET", "/api/v1/blocks",
                     lambda rec: Reply([{"id": rec.query.get("max_id", ["4"])[0]}],
                                       headers={"Link": link(rec)} if link(rec) else {}))
        api = client(server)
        assert [a.id for a in api.fetch_remaining(api.blocks())] == ["4", "3", "2", "1"]
        assert [r.raw_query for r in server.requests] == ["", "max_id=3", "max_id=2", "max_id=1"]

    def test_relative_links_under_a_base_path(self, server):
        def handler(rec):
            if "max_id" in rec.query:
                return Reply([{"id": "1"}])
            return Reply([{"id": "2"}], headers={"Link": '</masto/api/v1/mutes?max_id=2>; rel="next"'})
        server.route("GET", "/masto/api/v1/mutes", handler)
        api = client(server, base=server.url + "/masto")
        assert [a.id for a in api.fetch_remaining(api.mutes())] == ["2", "1"]
        assert [r.path for r in server.requests] == ["/masto/api/v1/mutes"] * 2

    def test_a_link_back_to_the_same_page_terminates(self, server):
        page_with_link(server, "/api/v1/blocks", lambda rec: f'<{server.url}/api/v1/blocks?max_id=1>; rel="next"')
        api = client(server)
        started = time.monotonic()
        everything = api.fetch_remaining(api.blocks())
        assert time.monotonic() - started < 5
        # the page served again is not added twice
        assert len(everything) == 1 and len(server.requests) == 2
        assert len(list(api.pagination_page_iterator(api.blocks()))) == 1

    def test_two_pages_linking_to_each_other_terminate(self, server):
        def link(rec):
            other = "2" if rec.query.get("max_id", ["1"])[0] == "1" else "1"
            return f'<{server.url}/api/v1/blocks?max_id={other}>; rel="next"'
        page_with_link(server, "/api/v1/blocks", link, items=None)
        api = client(server)
        assert len(api.fetch_remaining(api.blocks())) == 3
        assert len(server.requests) == 3

    def test_a_link_back_to_the_first_request_terminates(self, server):
        # page 1 (no parameters) -> page 2 -> "page 1" again, spelled with an explicit empty query
        def link(rec):
            if "max_id" in rec.query:
                return f'<{server.url}/api/v1/blocks>; rel="next"'
            return f'<{server.url}/api/v1/blocks?max_id=5>; rel="next"'
        page_with_link(server, "/api/v1/blocks", link)
        api = client(server)
        assert len(api.fetch_remaining(api.blocks())) <= 4
        assert len(server.requests) <= 4

    def test_an_endless_previous_loop_terminates(self, server):
        page_with_link(server, "/api/v1/blocks", lambda rec: f'<{server.url}/api/v1/blocks?min_id=9>; rel="prev"')
        api = client(server)
        pages = list(api.pagination_page_iterator(api.blocks(), direction="previous"))
        assert len(pages) == 1 and len(server.requests) == 2

    def test_a_next_page_that_answers_html_is_an_api_error(self, server):
        page_with_link(server, "/api/v1/blocks", f'<{server.url}/api/v1/blocks_broken?max_id=1>; rel="next"')
        server.route("GET", "/api/v1/blocks_broken",
                     Reply("<html><body>Maintenance</body></html>", headers={"Content-Type": "text/html"}))
        api = client(server)
        first = api.blocks()
        with pytest.raises(MastodonAPIError, match="not JSON"):
            no_raw(api.fetch_next, first)
        # fetch_remaining does not hand back a silently truncated list
        with pytest.raises(MastodonAPIError):
            no_raw(api.fetch_remaining, first)

    def test_a_next_page_that_fails_is_raised_not_truncated(self, server):
        page_with_link(server, "/api/v1/blocks", lambda rec: None if "max_id" in rec.query else
                       f'<{server.url}/api/v1/blocks?max_id=1>; rel="next"')
        server.route("GET", "/api/v1/blocks", lambda rec: Reply({"error": "boom"}, status=500)
                     if "max_id" in rec.query else Reply([{"id": "2"}], headers={
                         "Link": f'<{server.url}/api/v1/blocks?max_id=1>; rel="next"'}))
        api = client(server)
        with pytest.raises(MastodonAPIError) as info:
            no_raw(api.fetch_remaining, api.blocks())
        assert info.value.args[1] == 500

    def test_a_next_page_that_is_not_a_list_is_refused(self, server):
        server.route("GET", "/api/v1/blocks", lambda rec: Reply({"error": None, "what": "a dict"})
                     if "max_id" in rec.query else Reply([{"id": "2"}], headers={
                         "Link": f'<{server.url}/api/v1/blocks?max_id=1>; rel="next"'}))
        api = client(server)
        with pytest.raises(MastodonIllegalArgumentError):
            no_raw(api.fetch_remaining, api.blocks())
        with pytest.raises(MastodonIllegalArgumentError):
            list(no_raw(api.pagination_iterator, api.blocks()))

    def test_many_next_links_take_the_first(self, server):
        many = ", ".join(f'<{server.url}/api/v1/blocks?max_id={i}>; rel="next"' for i in range(1000))
        page_with_link(server, "/api/v1/blocks", many)
        api = client(server)
        assert api.blocks()._pagination_next["max_id"] == "0"

    def test_link_header_with_latin1_bytes(self, server):
        # http.server sends header values as latin-1: a server writing raw bytes there
        page_with_link(server, "/api/v1/blocks", '<http://127.0.0.1/api/v1/blocks?max_id=\xe9\xff>; rel="next"')
        api = client(server)
        first = no_raw(api.blocks)
        assert [a.id for a in first] == ["1"]

    @pytest.mark.parametrize("bad", [None, 42, "a string", [1, 2], {"no": "pagination"},
                                     {"_pagination_next": "not info"}])
    def test_fetching_from_things_that_are_no_pages(self, server, bad):
        api = client(server)
        try:
            result = no_raw(api.fetch_next, bad)
        except MastodonIllegalArgumentError:
            return
        assert result is None
        assert server.requests == []


# -- versions and the instance endpoint -----------------------------------------------------------
def serve_instance(server, version=None, status=200, html=False, v1=True):
    def answer(rec):
        if html:
            return Reply("<!DOCTYPE html><html><head><title>Mastodon</title></head></html>", status=status,
                         headers={"Content-Type": "text/html; charset=utf-8"})
        if status >= 400:
            return Reply({"error": "Internal server error"}, status=status)
        return Reply(json.dumps({"version": version, "uri": "example"}),
                     headers={"Content-Type": "application/json"})
    server.route("GET", "/api/v2/instance", answer)
    if v1:
        server.route("GET", "/api/v1/instance", answer)
    server.route("POST", "/oauth/token", {"access_token": "fresh-token", "token_type": "Bearer",
                                          "scope": "read write follow push", "created_at": 1})
    server.route("GET", "/api/v1/statuses/1", {"id": "1", "content": "hello"})


def instance_requests(server):
    return [r.path for r in server.requests if r.path.endswith("/instance")]


UNPARSEABLE = ["", "banana", "v", "..", ".4.3", "four.three", "9" * 5000, "1" * 10 + ".0.0", None, 42, 4.3,
               ["4.3.0"], {"major": 4}, True, "\u0664.\u0663.\u0660", "\x00", "-1.0.0"]


class TestVersions:
    @pytest.mark.parametrize("version", UNPARSEABLE)
    def test_unparseable_version_strings(self, server, version):
        serve_instance(server, version)
        api = client(server)
        assert no_raw(api.retrieve_mastodon_version) == "1.0.0"
        assert api.version_check_worked is False
        with pytest.raises(MastodonVersionError):
            no_raw(api.retrieve_mastodon_version, fail_hard=True)
        assert no_raw(api.verify_minimum_version, "1.0.0", cached=True) is False

    @pytest.mark.parametrize("version", UNPARSEABLE[:6])
    def test_checked_endpoints_say_why_they_cannot_check(self, server, version):
        serve_instance(server, version)
        api = client(server, version_check_mode="created")
        with pytest.raises(MastodonVersionError, match="cannot check the server version") as info:
            no_raw(api.status, "1")
        assert isinstance(info.value.__cause__, MastodonError)
        # unchecked clients are not affected at all
        assert client(server).status("1").content == "hello"

    @pytest.mark.parametrize("kind", ["500", "html-200", "html-502", "404"])
    def test_a_broken_instance_endpoint_leaves_login_alone(self, server, kind):
        if kind == "500":
            serve_instance(server, status=500)
        elif kind == "404":
            serve_instance(server, status=404)
        else:
            serve_instance(server, html=True, status=int(kind[-3:]))
        api = Mastodon(client_id="id", client_secret="secret", api_base_url=server.url,
                       version_check_mode="created")
        token = no_raw(api.log_in, "alice@example.com", "password")
        assert token == "fresh-token" and api.access_token == "fresh-token"
        assert instance_requests(server) == []        # login asked nothing about the version
        with pytest.raises(MastodonVersionError) as info:
            no_raw(api.status, "1")
        assert isinstance(info.value.__cause__, MastodonError)
        with pytest.raises(MastodonVersionError):
            no_raw(api.retrieve_mastodon_version, fail_hard=True)

    def test_html_instance_is_a_clear_error(self, server):
        serve_instance(server, html=True)
        api = client(server)
        with pytest.raises(MastodonAPIError, match="not JSON"):
            no_raw(api.instance_v2)
        with pytest.raises(MastodonVersionError, match="could not determine the server version"):
            no_raw(api.retrieve_mastodon_version, fail_hard=True)
        assert no_raw(api.timeline_is_available) is True
        with pytest.raises(MastodonAPIError):  # as 2.x: an API error when availability cannot be told
            no_raw(api.timeline_is_available, fail_hard=True)
        # the Date of the HTML page is all get_approx_server_time needs
        assert no_raw(api.get_approx_server_time).tzinfo is not None

    def test_the_version_is_looked_up_once_until_clear_caches(self, server):
        serve_instance(server, "4.3.2")
        api = client(server, version_check_mode="created")
        for _ in range(3):
            api.status("1")
        assert api.verify_minimum_version("4.3.0", cached=True) is True
        assert api.verify_minimum_version("4.4.0", cached=True) is False
        assert instance_requests(server) == ["/api/v2/instance"]
        api.clear_caches()
        api.status("1")
        assert instance_requests(server) == ["/api/v2/instance"] * 2
        # cached=False asks again, as 2.x documents ("update version info from server")
        assert api.verify_minimum_version("4.3.0") is True
        assert instance_requests(server) == ["/api/v2/instance"] * 3

    def test_a_failed_lookup_is_not_repeated_on_every_call(self, server):
        serve_instance(server, status=500)
        api = client(server, version_check_mode="created")
        for _ in range(3):
            with pytest.raises(MastodonVersionError):
                api.status("1")
        assert api.verify_minimum_version("1.0.0", cached=True) is False
        # one lookup: v2, then v1
        assert instance_requests(server) == ["/api/v2/instance", "/api/v1/instance"]

    def test_a_given_version_needs_no_lookup(self, server):
        serve_instance(server, "4.3.2")
        api = client(server, mastodon_version="4.2.0", version_check_mode="created")
        assert api.verify_minimum_version("4.2.0", cached=True) is True
        assert api.verify_minimum_version("4.3.0", cached=True) is False
        api.status("1")
        assert instance_requests(server) == []

    def test_api_versions_of_the_wrong_type_are_ignored(self, server):
        server.route("GET", "/api/v2/instance", {"version": "4.2.0", "api_versions": {"mastodon": True}})
        api = client(server)
        assert api.retrieve_mastodon_version() == "4.2.0"
        assert api.mastodon_api_version is None


# -- servers that ignore the page parameters -------------------------------------------------------
class TestServersIgnoringPageParameters:
    def test_an_offset_endpoint_that_ignores_offset_terminates(self, server):
        # e.g. a server without offset support: every request answers the first page
        server.route("GET", "/api/v1/directory", [{"id": str(i), "acct": f"u{i}"} for i in range(5)])
        api = client(server)
        started = time.monotonic()
        everything = no_raw(api.fetch_remaining, api.directory(limit=5))
        assert time.monotonic() - started < 5
        assert [a.id for a in everything] == ["0", "1", "2", "3", "4"]
        assert len(server.requests) == 2      # the first page, and its repetition, which is dropped
        assert len(list(api.pagination_page_iterator(api.directory(limit=5)))) == 1

    def test_a_link_endpoint_that_ignores_max_id_terminates(self, server):
        counter = {"n": 0}

        def handler(rec):
            counter["n"] += 1   # a fresh link every time, the same page every time
            return Reply([{"id": "9"}, {"id": "8"}],
                         headers={"Link": f'<{server.url}/api/v1/blocks?max_id={100 - counter["n"]}>; rel="next"'})
        server.route("GET", "/api/v1/blocks", handler)
        api = client(server)
        assert [a.id for a in api.fetch_remaining(api.blocks())] == ["9", "8"]
        assert counter["n"] == 2

    def test_items_without_ids_repeated_terminate(self, server):
        # trending links (PreviewCards) have no id; a server ignoring offset still ends the walk
        server.route("GET", "/api/v1/trends/links", [{"url": "https://a.example.com/", "title": "A"},
                                                     {"url": "https://b.example.com/", "title": "B"}])
        api = client(server)
        assert len(api.fetch_remaining(api.trending_links(limit=2))) == 2
        assert len(server.requests) == 2

    def test_inside_out_pages_repeated_by_offset_terminate(self, server):
        server.route("GET", "/api/v2/search", {"accounts": [{"id": "1"}], "statuses": [], "hashtags": []})
        api = client(server)
        pages = list(api.pagination_page_iterator(api.search_v2("x", result_type="accounts")))
        assert len(pages) == 1 and len(server.requests) == 2


def test_threads_sharing_a_client_look_the_version_up_once(server):
    import threading

    def slow_instance(rec):
        return Reply({"version": "4.3.0"}, delay=0.2)
    server.route("GET", "/api/v2/instance", slow_instance)
    server.route("GET", "/api/v1/statuses/1", {"id": "1"})
    api = client(server, version_check_mode="created")
    errors = []

    def work():
        try:
            api.status("1")
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)
    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert errors == []
    assert instance_requests(server) == ["/api/v2/instance"]
    assert len([r for r in server.requests if r.path == "/api/v1/statuses/1"]) == 8
