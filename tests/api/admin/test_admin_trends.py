"""Admin trends: the unreviewed trends, approving and rejecting links, statuses, tags and publishers."""

from datetime import datetime, timezone

import pytest

from conftest import BASE, entity, form_matcher, query_matcher
from mastodon import AttribAccessDict, Mastodon, MastodonVersionError, NonPaginatableList, PaginatableList

PUBLISHER = {"id": "3", "domain": "news.example", "trendable": True, "reviewed_at": "2024-01-02T03:04:05.000Z",
             "requested_review_at": None, "requires_review": False}


def check_tag(tag):
    assert isinstance(tag, AttribAccessDict) and tag.name == "nowplaying"
    assert all(isinstance(day.day, datetime) for day in tag.history)


def check_status(status):
    assert isinstance(status, AttribAccessDict) and isinstance(status.created_at, datetime)
    assert status.account.acct


def check_card(card):
    assert isinstance(card, AttribAccessDict) and card.type == "video"


def test_admin_trending_tags(api, rsps):
    rsps.get(BASE + "/api/v1/admin/trends/tags", json=[entity("Tag")], match=[query_matcher({"limit": "5"})])
    result = api.admin_trending_tags(limit=5)
    assert isinstance(result, NonPaginatableList)
    check_tag(result[0])
    rsps.get(BASE + "/api/v1/admin/trends/tags", json=[], match=[query_matcher({})])
    assert api.admin_trending_tags() == []


@pytest.mark.parametrize("name, path, fixture, check", [
    ("admin_trending_statuses", "/api/v1/admin/trends/statuses", "Status", check_status),
    ("admin_trending_links", "/api/v1/admin/trends/links", "PreviewCard", check_card),
])
def test_trend_lists(api, rsps, name, path, fixture, check):
    rsps.get(BASE + path, json=[entity(fixture)], match=[query_matcher({})])
    result = getattr(api, name)()
    assert isinstance(result, NonPaginatableList)
    check(result[0])


@pytest.mark.parametrize("name, path, fixture, check", [
    ("admin_approve_trending_link", "/api/v1/admin/trends/links/12/approve", "PreviewCard", check_card),
    ("admin_reject_trending_link", "/api/v1/admin/trends/links/12/reject", "PreviewCard", check_card),
    ("admin_approve_trending_status", "/api/v1/admin/trends/statuses/12/approve", "Status", check_status),
    ("admin_reject_trending_status", "/api/v1/admin/trends/statuses/12/reject", "Status", check_status),
    ("admin_approve_trending_tag", "/api/v1/admin/trends/tags/12/approve", "Tag", check_tag),
    ("admin_reject_trending_tag", "/api/v1/admin/trends/tags/12/reject", "Tag", check_tag),
])
def test_reviews(api, rsps, name, path, fixture, check):
    rsps.post(BASE + path, json=entity(fixture), match=[form_matcher({})])
    check(getattr(api, name)({"id": "12"}))
    assert rsps.calls[0].request.method == "POST"


def test_admin_trending_link_publishers(api, rsps):
    rsps.get(BASE + "/api/v1/admin/trends/links/publishers", json=[PUBLISHER],
             headers={"Link": f'<{BASE}/api/v1/admin/trends/links/publishers?max_id=3>; rel="next"'},
             match=[query_matcher({"limit": "1", "since_id": "2"})])
    result = api.admin_trending_link_publishers(limit=1, since_id=2)
    assert isinstance(result, PaginatableList) and result._pagination_next["max_id"] == "3"
    assert result[0].domain == "news.example" and result[0].trendable is True
    assert result[0].reviewed_at == datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


@pytest.mark.parametrize("name, path", [
    ("admin_approve_trending_link_publisher", "/api/v1/admin/trends/links/publishers/3/approve"),
    ("admin_reject_trending_link_publisher", "/api/v1/admin/trends/links/publishers/3/reject"),
])
def test_publisher_reviews(api, rsps, name, path):
    rsps.post(BASE + path, json=PUBLISHER, match=[form_matcher({})])
    result = getattr(api, name)(PUBLISHER)
    assert isinstance(result, AttribAccessDict) and result.id == "3"


def test_reviews_need_4_2(rsps):
    old = Mastodon(api_base_url=BASE, mastodon_version="4.1.0", version_check_mode="created")
    with pytest.raises(MastodonVersionError):
        old.admin_approve_trending_tag(1)
    rsps.get(BASE + "/api/v1/admin/trends/links", json=[])
    old.admin_trending_links()
