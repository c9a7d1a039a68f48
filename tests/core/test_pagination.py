"""Link-header pagination: parsing, fetch_next/previous/remaining, iterators, safety."""

import pytest

from conftest import BASE, recorded, sent_query
from loopback import Reply
from mastodon import MastodonIllegalArgumentError, PaginatableList, PaginationInfo
from mastodon.core.pagination import pagination_from_links, parse_link_header


class TestLinkHeader:
    def test_recorded_gotosocial_header(self):
        link = recorded("timeline_home_bob")["headers"]["Link"]
        infos = pagination_from_links(link, "GET", "http://localhost:18080")
        assert infos["next"] == {"limit": "5", "local": "false", "max_id": "01M8CNSS57YA40S1ZHPR491SK2",
                                 "_pagination_method": "GET", "_pagination_endpoint": "/api/v1/timelines/home",
                                 "_pagination_direction": "next"}
        assert infos["previous"]["min_id"] == "01M8CNSS4X4NGF85R00AWV895N"
        assert isinstance(infos["next"], PaginationInfo)

    @pytest.mark.parametrize("header", [
        "", "garbage", "<>", "<https://x/api/v1/y?max_id=1>", "<https://x/api/v1/y>; rel=", ";;;,,,<",
        '<https://x/api/v1/y?max_id=1>; rel="unknown"', "<not a url at all>; rel=next", "\x00\xff",
    ])
    def test_malformed_headers_mean_no_pages(self, header):
        assert "next" not in pagination_from_links(header, "GET", "https://x")

    def test_unquoted_rel_and_several_rels(self):
        links = parse_link_header('<https://x/a?max_id=1>; rel=next, <https://x/a?min_id=2>; rel="prev previous"')
        assert links == {"next": "https://x/a?max_id=1", "prev": "https://x/a?min_id=2",
                         "previous": "https://x/a?min_id=2"}

    def test_links_to_other_hosts_keep_only_path_and_query(self):
        infos = pagination_from_links('<https://public.example/api/v1/timelines/home?max_id=1>; rel="next"', "GET",
                                      "https://mastodon.example")
        assert infos["next"]["_pagination_endpoint"] == "/api/v1/timelines/home"
        assert infos["next"]["max_id"] == "1"

    def test_relative_links_and_base_paths(self):
        infos = pagination_from_links('</masto/api/v1/blocks?max_id=5>; rel="next"', "GET",
                                      "https://example.org/masto")
        assert infos["next"]["_pagination_endpoint"] == "/api/v1/blocks"

    def test_repeated_array_parameters_stay_lists(self):
        infos = pagination_from_links('<https://x/api/v1/notifications?types[]=follow&types[]=mention&max_id=3>;'
                                      ' rel="next"', "GET", "https://x")
        assert infos["next"]["types"] == ["follow", "mention"]


def serve_pages(server, total=95, per_page=20, path="/api/v1/timelines/home", extra_link=""):
    """A paginated endpoint with ids total..1 that honours max_id/min_id/limit and sends Link headers."""
    ids = list(range(total, 0, -1))

    def handler(rec):
        limit = int(rec.query.get("limit", [per_page])[0])
        if "max_id" in rec.query:
            items = [i for i in ids if i < int(rec.query["max_id"][0])][:limit]
        elif "min_id" in rec.query:
            items = [i for i in ids if i > int(rec.query["min_id"][0])][-limit:]
        else:
            items = ids[:limit]
        links = []
        if items and items[-1] > 1:
            links.append(f'<{server.url}{path}?limit={limit}&max_id={items[-1]}{extra_link}>; rel="next"')
        if items and items[0] < total:
            links.append(f'<{server.url}{path}?limit={limit}&min_id={items[0]}>; rel="prev"')
        headers = {"Link": ", ".join(links)} if links else {}
        return Reply([{"id": str(i), "created_at": "2020-01-01T00:00:00Z"} for i in items], headers=headers)
    server.route("GET", path, handler)


class TestFetching:
    def test_fetch_next_and_previous(self, server, local_api):
        serve_pages(server)
        first = local_api._api_request("GET", "/api/v1/timelines/home", {"limit": 20})
        assert [s.id for s in first][:2] == ["95", "94"]
        assert first._pagination_next["max_id"] == "76"
        # the classic places: last item (next) and first item (prev) as attributes, not keys
        assert first[-1]._pagination_next["max_id"] == "76" and "_pagination_next" not in first[-1]
        second = local_api.fetch_next(first)
        assert [s.id for s in second][:1] == ["75"] and len(second) == 20
        back = local_api.fetch_previous(second)
        assert [s.id for s in back] == [str(i) for i in range(95, 75, -1)]
        assert local_api.fetch_previous(back) is None
        # the request repeated the link's parameters
        assert server.requests[1].query == {"limit": ["20"], "max_id": ["76"]}

    def test_fetch_next_accepts_the_info_itself_and_the_last_item(self, server, local_api):
        serve_pages(server)
        first = local_api._api_request("GET", "/api/v1/timelines/home", {"limit": 10})
        assert [s.id for s in local_api.fetch_next(first._pagination_next)] == \
            [s.id for s in local_api.fetch_next(first)]
        assert local_api.fetch_next(first[-1])[0].id == "85"
        assert local_api.fetch_next(dict(first._pagination_next))[0].id == "85"

    def test_fetch_remaining_walks_every_page_on_one_connection(self, server, local_api):
        serve_pages(server, total=95)
        first = local_api._api_request("GET", "/api/v1/timelines/home", {"limit": 20})
        everything = local_api.fetch_remaining(first)
        assert isinstance(everything, PaginatableList)
        assert [s.id for s in everything] == [str(i) for i in range(95, 0, -1)]
        assert len(server.requests) == 5
        assert server.connections == 1
        assert everything._pagination_next is None

    def test_last_page_has_no_next(self, server, local_api):
        serve_pages(server, total=5)
        page = local_api._api_request("GET", "/api/v1/timelines/home", {"limit": 20})
        assert page._pagination_next is None
        assert local_api.fetch_next(page) is None
        assert local_api.fetch_remaining(page) == page

    def test_iterators(self, server, local_api):
        serve_pages(server, total=45)
        first = local_api._api_request("GET", "/api/v1/timelines/home", {"limit": 20})
        pages = list(local_api.pagination_page_iterator(first))
        assert [len(p) for p in pages] == [20, 20, 5]
        items = [s.id for s in local_api.pagination_iterator(first)]
        assert items == [str(i) for i in range(45, 0, -1)]
        with_info = list(local_api.pagination_page_iterator(first, return_pagination_info=True))
        assert with_info[0][1]["max_id"] == "26" and with_info[-1][1] is None
        item, info = next(iter(local_api.pagination_iterator(first, return_pagination_info=True)))
        assert item.id == "45" and info["max_id"] == "26"

    def test_iterating_backwards(self, server, local_api):
        serve_pages(server, total=45)
        first = local_api._api_request("GET", "/api/v1/timelines/home", {"limit": 20, "max_id": 10})
        newer = list(local_api.pagination_page_iterator(first, direction="previous"))
        assert [p[0].id for p in newer] == ["9", "29", "45"]

    def test_get_pagination_info(self, server, local_api):
        serve_pages(server, total=45)
        first = local_api._api_request("GET", "/api/v1/timelines/home", {"limit": 20})
        assert local_api.get_pagination_info(first, "next")["max_id"] == "26"
        assert local_api.get_pagination_info(first, "previous") is None
        assert local_api.get_pagination_info(first, "prev") is None
        with pytest.raises(MastodonIllegalArgumentError):
            local_api.get_pagination_info(first, "sideways")

    def test_a_server_repeating_the_same_link_does_not_loop_forever(self, server, local_api):
        def handler(rec):
            return Reply([{"id": "1"}], headers={"Link": f'<{server.url}/api/v1/blocks?max_id=1>; rel="next"'})
        server.route("GET", "/api/v1/blocks", handler)
        first = local_api._api_request("GET", "/api/v1/blocks")
        assert len(local_api.fetch_remaining(first)) == 1    # the repeated page is not added twice
        assert len(server.requests) == 2    # the first page, then the repeated link once

    def test_foreign_host_link_is_followed_on_our_base_url_only(self, api, rsps):
        rsps.get(BASE + "/api/v1/blocks", json=[{"id": "2"}],
                 headers={"Link": '<https://attacker.example/api/v1/blocks?max_id=2>; rel="next"'})
        rsps.get(BASE + "/api/v1/blocks", json=[{"id": "1"}])
        page = api._api_request("GET", "/api/v1/blocks")
        assert api.fetch_next(page) == [{"id": "1"}]
        assert [c.request.url for c in rsps.calls] == [BASE + "/api/v1/blocks", BASE + "/api/v1/blocks?max_id=2"]

    def test_different_scheme_same_host_uses_our_base_url(self, api, rsps):
        # A proxy may write http:// links for an https server: follow over https, never downgrade.
        rsps.get(BASE + "/api/v1/blocks", json=[{"id": "2"}],
                 headers={"Link": '<http://mastodon.example:443/api/v1/blocks?max_id=2>; rel="next"'})
        page = api._api_request("GET", "/api/v1/blocks")
        assert page._pagination_next is not None
        rsps.get(BASE + "/api/v1/blocks", json=[])
        assert api.fetch_next(page) == []
        assert rsps.calls[1].request.url.startswith("https://mastodon.example/")
        assert sent_query(rsps.calls[1]) == {"max_id": ["2"]}

    def test_dict_results_carry_pagination_too(self, api, rsps):
        rsps.get(BASE + "/api/v2/notifications", json={"notification_groups": []},
                 headers={"Link": f'<{BASE}/api/v2/notifications?max_id=7>; rel="next"'})
        result = api._api_request("GET", "/api/v2/notifications")
        assert result._pagination_next["max_id"] == "7" and "_pagination_next" not in result
        rsps.get(BASE + "/api/v2/notifications", json={"notification_groups": []})
        assert api.fetch_next(result) == {"notification_groups": []}

    def test_bad_arguments(self, local_api):
        with pytest.raises(MastodonIllegalArgumentError):
            local_api.fetch_remaining({"id": "1"})
        assert local_api.fetch_next(None) is None
        assert local_api.fetch_next([]) is None
