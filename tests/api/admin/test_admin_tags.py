"""Admin hashtags: listing, reading and changing how tags may be used."""

from datetime import datetime

import pytest

from conftest import BASE, entity, form_matcher, query_matcher
from mastodon import AttribAccessDict, PaginatableList


@pytest.fixture
def admin_tag():
    return entity("Tag") | {"trendable": True, "usable": True, "requires_review": False}


def check_admin_tag(tag):
    assert isinstance(tag, AttribAccessDict) and tag.id == "802" and tag.usable is True
    assert isinstance(tag.history[0].day, datetime)


def test_admin_tags(api, rsps, admin_tag):
    rsps.get(BASE + "/api/v1/admin/tags", json=[admin_tag],
             headers={"Link": f'<{BASE}/api/v1/admin/tags?max_id=802>; rel="next"'},
             match=[query_matcher({"max_id": "900", "min_id": "1", "since_id": "2", "limit": "1"})])
    result = api.admin_tags(max_id=900, min_id=1, since_id=2, limit=1)
    assert isinstance(result, PaginatableList) and result._pagination_next["max_id"] == "802"
    check_admin_tag(result[0])


def test_admin_tag(api, rsps, admin_tag):
    rsps.get(BASE + "/api/v1/admin/tags/802", json=admin_tag, match=[query_matcher({})])
    check_admin_tag(api.admin_tag(admin_tag))


def test_admin_update_tag(api, rsps, admin_tag):
    rsps.patch(BASE + "/api/v1/admin/tags/802", json=admin_tag, match=[form_matcher({
        "display_name": "NowPlaying", "trendable": "false", "usable": "true", "listable": "false"})])
    check_admin_tag(api.admin_update_tag("802", display_name="NowPlaying", trendable=False, usable=True,
                                         listable=False))


def test_admin_update_tag_sends_only_what_is_given(api, rsps, admin_tag):
    rsps.patch(BASE + "/api/v1/admin/tags/802", json=admin_tag, match=[form_matcher({"trendable": "true"})])
    check_admin_tag(api.admin_update_tag(802, trendable=True))
