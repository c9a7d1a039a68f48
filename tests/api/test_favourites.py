"""Favourites and bookmarks: paginated lists of statuses."""

from datetime import datetime, timezone

import pytest

from conftest import BASE, TOKEN, entity, query_matcher, recorded
from mastodon import Mastodon, MastodonVersionError, PaginatableList
from mastodon.core.params import datetime_to_id


@pytest.mark.parametrize("method, path", [("favourites", "/api/v1/favourites"), ("bookmarks", "/api/v1/bookmarks")])
def test_saved_statuses(api, rsps, method, path):
    body = recorded("timeline_public")["body"]
    link = f'<{BASE}{path}?limit=2&max_id=11>; rel="next", <{BASE}{path}?limit=2&min_id=30>; rel="prev"'
    rsps.get(BASE + path, json=body, headers={"Link": link},
             match=[query_matcher({"max_id": "40", "min_id": "1", "since_id": "2", "limit": "2"})])
    result = getattr(api, method)(max_id={"id": "40"}, min_id=1, since_id="2", limit=2)
    assert isinstance(result, PaginatableList) and result
    assert all(isinstance(s.created_at, datetime) for s in result)
    assert result[0].account.acct
    assert result._pagination_next["max_id"] == "11"
    assert result._pagination_prev["min_id"] == "30"


@pytest.mark.parametrize("method, path", [("favourites", "/api/v1/favourites"), ("bookmarks", "/api/v1/bookmarks")])
def test_no_arguments_no_query(api, rsps, method, path):
    rsps.get(BASE + path, json=[entity("Status")], match=[query_matcher({})])
    assert getattr(api, method)()[0].id


def test_datetime_bound(api, rsps):
    moment = datetime(2024, 2, 2, tzinfo=timezone.utc)
    rsps.get(BASE + "/api/v1/favourites", json=[], match=[query_matcher({"min_id": datetime_to_id(moment)})])
    assert api.favourites(min_id=moment) == []


def test_version_checks(rsps):
    old = Mastodon(api_base_url=BASE, access_token=TOKEN, mastodon_version="3.0.0", version_check_mode="created")
    with pytest.raises(MastodonVersionError):
        old.bookmarks()
