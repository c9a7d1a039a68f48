"""Offset/limit pagination (account search, directory, trends, typed search, collections) and
"inside out" pages, against a loopback server that pages by offset as Mastodon does."""

import pytest

from loopback import Reply
from mastodon import MastodonIllegalArgumentError, PaginatableList, PaginationInfo


def serve_offset(server, path, total=45, cap=40, wrap=None, link=None):
    """An offset/limit endpoint with items 0..total-1; ``cap`` is the server's maximum limit.

    ``wrap`` puts the list under that key of a dict ("inside out"); ``link(rec, offset, limit)``
    may return a Link header value.
    """
    def handler(rec):
        offset = int(rec.query.get("offset", ["0"])[0])
        limit = min(int(rec.query.get("limit", ["20"])[0]), cap)
        items = [{"id": str(i), "acct": f"user{i}"} for i in range(offset, min(offset + limit, total))]
        body = {wrap: items} if wrap else items
        if wrap == "accounts":
            body.update(statuses=[], hashtags=[])
        headers = {}
        if link is not None:
            value = link(rec, offset, limit)
            if value:
                headers["Link"] = value
        return Reply(body, headers=headers)
    server.route("GET", path, handler)


def offsets(server, path):
    return [(r.query.get("offset", [None])[0], r.query.get("limit", [None])[0])
            for r in server.requests if r.path == path]


class TestListEndpoints:
    def test_account_search_pages_forwards_and_back(self, server, local_api):
        serve_offset(server, "/api/v1/accounts/search")
        first = local_api.account_search("user", limit=20)
        assert [a.id for a in first] == [str(i) for i in range(20)]
        assert first._pagination_prev is None
        assert isinstance(first._pagination_next, PaginationInfo)
        second = local_api.fetch_next(first)
        assert [a.id for a in second] == [str(i) for i in range(20, 40)]
        assert server.requests[-1].query == {"q": ["user"], "limit": ["20"], "offset": ["20"]}
        back = local_api.fetch_previous(second)
        assert [a.id for a in back] == [str(i) for i in range(20)]
        assert server.requests[-1].query["offset"] == ["0"]

    def test_fetch_remaining_and_iterators(self, server, local_api):
        serve_offset(server, "/api/v1/accounts/search")
        first = local_api.account_search("user", limit=20, resolve=True)
        everything = local_api.fetch_remaining(first)
        assert isinstance(everything, PaginatableList)
        assert [a.id for a in everything] == [str(i) for i in range(45)]
        # 0, 20, 40, then 45: the empty page ends it
        assert offsets(server, "/api/v1/accounts/search") == [(None, "20"), ("20", "20"), ("40", "20"),
                                                              ("45", "20")]
        assert all(r.query["resolve"] == ["true"] for r in server.requests)
        ids = [a.id for a in local_api.pagination_iterator(local_api.account_search("user", limit=20))]
        assert ids == [str(i) for i in range(45)]
        sizes = [len(p) for p in local_api.pagination_page_iterator(local_api.account_search("user", limit=20))]
        assert sizes == [20, 20, 5, 0]

    def test_a_server_returning_fewer_than_asked_loses_nothing(self, server, local_api):
        # asking for 80 where the server's maximum is 40: the next page starts at 40, not 80
        serve_offset(server, "/api/v1/directory", total=100, cap=40)
        first = local_api.directory(limit=80)
        assert len(first) == 40
        assert first._pagination_next["offset"] == "40"
        assert [a.id for a in local_api.fetch_remaining(first)] == [str(i) for i in range(100)]

    def test_previous_page_from_an_offset(self, server, local_api):
        serve_offset(server, "/api/v1/directory")
        page = local_api.directory(offset=25, limit=10, order="new", local=True)
        assert page._pagination_prev["offset"] == "15"
        previous = local_api.fetch_previous(page)
        assert [a.id for a in previous] == [str(i) for i in range(15, 25)]
        assert server.requests[-1].query == {"offset": ["15"], "limit": ["10"], "order": ["new"], "local": ["true"]}
        # walking backwards ends at offset 0
        pages = list(local_api.pagination_page_iterator(page, direction="previous"))
        assert [p[0].id for p in pages] == ["25", "15", "5", "0"]

    @pytest.mark.parametrize("name,path", [("trending_tags", "/api/v1/trends/tags"),
                                           ("trending_statuses", "/api/v1/trends/statuses"),
                                           ("trending_links", "/api/v1/trends/links")])
    def test_trends_without_links(self, server, local_api, name, path):
        serve_offset(server, path, total=12, cap=20)
        first = getattr(local_api, name)(limit=5)
        assert [t.id for t in local_api.fetch_remaining(first)] == [str(i) for i in range(12)]
        assert offsets(server, path) == [(None, "5"), ("5", "5"), ("10", "5"), ("12", "5")]

    def test_the_servers_own_links_win(self, server, local_api):
        # Mastodon sends offset links for trends and stops them on the last page; they are followed
        def link(rec, offset, limit):
            if offset + limit < 12:
                return f'<{server.url}/api/v1/trends/tags?limit={limit}&offset={offset + limit}>; rel="next"'
            return None
        serve_offset(server, "/api/v1/trends/tags", total=12, cap=20, link=link)
        first = local_api.trending_tags(limit=5)
        assert len(local_api.fetch_remaining(first)) == 12
        # no extra request for an empty page: the server's last page had no next link
        assert len(server.requests) == 3

    def test_an_empty_first_page_has_no_next(self, server, local_api):
        serve_offset(server, "/api/v1/accounts/search", total=0)
        page = local_api.account_search("nobody")
        assert page == [] and page._pagination_next is None
        assert local_api.fetch_next(page) is None


class TestInsideOut:
    def test_typed_search_pages_by_offset(self, server, local_api):
        serve_offset(server, "/api/v2/search", total=30, wrap="accounts")
        first = local_api.search_v2("user", result_type="accounts", limit=20)
        assert len(first.accounts) == 20
        second = local_api.fetch_next(first)
        assert [a.id for a in second.accounts] == [str(i) for i in range(20, 30)]
        assert server.requests[-1].query["offset"] == ["20"] and server.requests[-1].query["type"] == ["accounts"]
        pages = list(local_api.pagination_page_iterator(first))
        assert [len(p.accounts) for p in pages] == [20, 10, 0]
        assert [len(p.accounts) for p in [local_api.fetch_previous(second)]] == [20]
        with pytest.raises(MastodonIllegalArgumentError, match="inside out"):
            local_api.fetch_remaining(first)
        with pytest.raises(MastodonIllegalArgumentError, match="inside out"):
            local_api.pagination_iterator(first)

    def test_search_picks_v2_and_pages_too(self, server, local_api):
        serve_offset(server, "/api/v2/search", total=30, wrap="accounts")
        first = local_api.search("user", result_type="accounts", limit=20)
        assert [a.id for a in local_api.fetch_next(first).accounts][0] == "20"

    def test_untyped_search_has_no_pages(self, server, local_api):
        serve_offset(server, "/api/v2/search", total=30, wrap="accounts")
        result = local_api.search_v2("user")
        assert local_api.fetch_next(result) is None

    @pytest.mark.parametrize("name,path", [("account_collections", "/api/v1/accounts/55/collections"),
                                           ("account_in_collections", "/api/v1/accounts/55/in_collections")])
    def test_collections_ignore_the_username_link(self, server, local_api, name, path):
        # the server's Link names the account by username, a route that does not exist; as Mastodon,
        # it sends a next link only while there are more results
        def link(rec, offset, limit):
            if offset + limit >= 7:
                return None
            return f'<{server.url}/api/v1/accounts/alice/collections?limit={limit}&offset={offset + limit}>; rel="next"'
        serve_offset(server, path, total=7, wrap="collections", link=link)
        first = getattr(local_api, name)({"id": "55"}, limit=3)
        pages = list(local_api.pagination_page_iterator(first))
        assert [[c.id for c in p.collections] for p in pages] == [["0", "1", "2"], ["3", "4", "5"], ["6"]]
        assert {r.path for r in server.requests} == {path}
        # the last page has no next link: no request for an empty page after it
        assert offsets(server, path) == [(None, "3"), ("3", "3"), ("6", "3")]
        with pytest.raises(MastodonIllegalArgumentError):
            local_api.fetch_remaining(first)

    @pytest.mark.parametrize("name,path", [("account_collections", "/api/v1/accounts/55/collections"),
                                           ("account_in_collections", "/api/v1/accounts/55/in_collections")])
    def test_a_collection_listing_without_a_next_page_makes_no_extra_request(self, server, local_api, name, path):
        serve_offset(server, path, total=2, wrap="collections")  # one page: the server sends no Link
        first = getattr(local_api, name)("55")
        assert [c.id for c in first.collections] == ["0", "1"]
        assert local_api.fetch_next(first) is None
        assert len(list(local_api.pagination_page_iterator(first))) == 1
        assert offsets(server, path) == [(None, None)]

    def test_grouped_notifications_page_through_links(self, server, local_api):
        def handler(rec):
            max_id = int(rec.query.get("max_id", ["10"])[0])
            groups = [{"group_key": f"g{i}", "most_recent_notification_id": str(i), "type": "favourite",
                       "notifications_count": 1, "sample_account_ids": []} for i in range(max_id - 1, max(max_id - 5, 0), -1)]
            headers = {}
            if groups and int(groups[-1]["most_recent_notification_id"]) > 1:
                headers["Link"] = (f'<{server.url}/api/v2/notifications?max_id={groups[-1]["most_recent_notification_id"]}>;'
                                   ' rel="next"')
            return Reply({"accounts": [], "statuses": [], "notification_groups": groups}, headers=headers)
        server.route("GET", "/api/v2/notifications", handler)
        first = local_api.grouped_notifications()
        pages = list(local_api.pagination_page_iterator(first))
        assert [[g.group_key for g in p.notification_groups] for p in pages] == \
            [["g9", "g8", "g7", "g6"], ["g5", "g4", "g3", "g2"], ["g1"]]
        with pytest.raises(MastodonIllegalArgumentError, match="inside out"):
            local_api.fetch_remaining(first)
        with pytest.raises(MastodonIllegalArgumentError):
            local_api.pagination_iterator(first)


class TestStartingFromPaginationInfo:
    def test_page_iterator_fetches_the_info_first(self, server, local_api):
        serve_offset(server, "/api/v1/accounts/search")
        first = local_api.account_search("user", limit=20)
        info = first._pagination_next
        pages = list(local_api.pagination_page_iterator(info))
        assert all(isinstance(p, list) for p in pages)
        assert [p[0].id for p in pages if p] == ["20", "40"]

    def test_item_iterator_fetches_the_info_first(self, server, local_api):
        serve_offset(server, "/api/v1/accounts/search")
        info = local_api.account_search("user", limit=20)._pagination_next
        ids = [a.id for a in local_api.pagination_iterator(dict(info))]
        assert ids == [str(i) for i in range(20, 45)]
        items = list(local_api.pagination_iterator(info, return_pagination_info=True))
        assert items[0][0].id == "20" and items[0][1]["offset"] == "40"

    def test_backwards_from_info(self, server, local_api):
        serve_offset(server, "/api/v1/directory")
        info = local_api.directory(offset=30, limit=10)._pagination_prev
        pages = list(local_api.pagination_page_iterator(info, direction="previous"))
        assert [p[0].id for p in pages] == ["20", "10", "0"]

    def test_link_pages_from_info(self, server, local_api):
        def handler(rec):
            max_id = int(rec.query.get("max_id", ["31"])[0])
            ids = list(range(max_id - 1, max(max_id - 11, 0), -1))
            headers = {"Link": f'<{server.url}/api/v1/blocks?max_id={ids[-1]}>; rel="next"'} if ids[-1] > 1 else {}
            return Reply([{"id": str(i)} for i in ids], headers=headers)
        server.route("GET", "/api/v1/blocks", handler)
        info = local_api.blocks()._pagination_next
        assert [a.id for a in local_api.pagination_iterator(info)] == [str(i) for i in range(20, 0, -1)]
