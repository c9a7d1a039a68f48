"""Trends area: trending tags, statuses and links."""

from datetime import datetime

import pytest

from conftest import BASE, entity, query_matcher
from mastodon import Mastodon, MastodonVersionError, NonPaginatableList, PaginatableList


def client(version):
    return Mastodon(api_base_url=BASE, access_token="tok", mastodon_version=version)


def test_trending_tags(api, rsps):
    rsps.get(BASE + "/api/v1/trends/tags", json=[entity("Tag")],
             headers={"Link": f'<{BASE}/api/v1/trends/tags?offset=10>; rel="next"'},
             match=[query_matcher({"limit": "10", "offset": "0"})])
    tags = api.trending_tags(limit=10, offset=0)
    assert isinstance(tags, PaginatableList)
    assert tags[0].name == "nowplaying" and isinstance(tags[0].history[0].day, datetime)
    assert tags._pagination_next["offset"] == "10"
    assert "Accept-Language" not in rsps.calls[0].request.headers


def test_trending_statuses_with_language(api, rsps):
    rsps.get(BASE + "/api/v1/trends/statuses", json=[entity("Status")], match=[query_matcher({"limit": "2"})])
    statuses = api.trending_statuses(limit=2, lang="de")
    assert isinstance(statuses, PaginatableList) and isinstance(statuses[0].created_at, datetime)
    assert rsps.calls[0].request.headers["Accept-Language"] == "de"


def test_trending_links(api, rsps):
    link = entity("PreviewCard") | {"history": [{"day": "1574553600", "accounts": "7", "uses": "7"}]}
    rsps.get(BASE + "/api/v1/trends/links", json=[link], match=[query_matcher({"offset": "20"})])
    links = api.trending_links(offset=20)
    assert isinstance(links, PaginatableList)
    assert links[0].url and isinstance(links[0].history[0].day, datetime)


def test_trends_uses_the_current_path(rsps):
    rsps.get(BASE + "/api/v1/trends/tags", json=[entity("Tag")], match=[query_matcher({"limit": "5"})])
    tags = client("4.2.0").trends(limit=5)
    assert isinstance(tags, NonPaginatableList) and tags[0].name == "nowplaying"


def test_trends_on_old_servers_uses_the_old_path(rsps):
    rsps.get(BASE + "/api/v1/trends", json=[entity("Tag")], match=[query_matcher({})])
    tags = client("3.4.1").trends()
    assert isinstance(tags, NonPaginatableList)


def test_trends_falls_back_to_the_old_path_once_without_a_version_lookup(api, rsps):
    rsps.get(BASE + "/api/v1/trends/tags", status=404, json={"error": "Record not found"})
    rsps.get(BASE + "/api/v1/trends", json=[])
    assert api.trends() == []
    assert api.trends() == []
    assert [c.request.url[len(BASE):] for c in rsps.calls] == [
        "/api/v1/trends/tags", "/api/v1/trends", "/api/v1/trends"]


def test_trends_uses_the_old_path_on_servers_known_to_be_old(rsps):
    rsps.get(BASE + "/api/v1/trends", json=[entity("Tag")])
    old = Mastodon(api_base_url=BASE, mastodon_version="3.1.0")
    assert old.trends()[0].name == entity("Tag")["name"]
    assert len(rsps.calls) == 1


def test_version_check():
    old = Mastodon(api_base_url=BASE, mastodon_version="3.4.0", version_check_mode="created")
    for call in (old.trending_tags, old.trending_statuses, old.trending_links):
        with pytest.raises(MastodonVersionError):
            call()
