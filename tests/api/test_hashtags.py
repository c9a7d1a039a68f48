"""Hashtags area: tags, followed tags, featured tags."""

from datetime import datetime

import pytest

from conftest import BASE, entity, form_matcher, query_matcher
from mastodon import MastodonIllegalArgumentError, NonPaginatableList, PaginatableList


def check_tag(tag):
    assert tag.name == "nowplaying"
    assert isinstance(tag.history[0].day, datetime)
    assert tag.history[0].uses == "200"


def test_tag(api, rsps):
    rsps.get(BASE + "/api/v1/tags/nowplaying", json=entity("Tag"))
    tag = api.tag("nowplaying")
    check_tag(tag)
    assert tag.following is False
    assert rsps.calls[0].request.method == "GET"


def test_tag_name_is_escaped(api, rsps):
    rsps.get(BASE + "/api/v1/tags/caf%C3%A9", json=entity("Tag"))
    api.tag("café")


@pytest.mark.parametrize("method, action", [("tag_follow", "follow"), ("tag_unfollow", "unfollow"),
                                            ("tag_feature", "feature"), ("tag_unfeature", "unfeature")])
def test_tag_actions(api, rsps, method, action):
    rsps.post(BASE + f"/api/v1/tags/nowplaying/{action}", json=entity("Tag"))
    rsps.post(BASE + f"/api/v1/tags/nowplaying/{action}", json=entity("Tag"))
    check_tag(getattr(api, method)("nowplaying"))
    check_tag(getattr(api, method)(entity("Tag")))
    assert all(c.request.method == "POST" for c in rsps.calls)


@pytest.mark.parametrize("bad", ["#python", "", None, {"id": "802"}])
def test_tag_names_are_checked_before_sending(api, rsps, bad):
    # in a path, "#python" or "" would address another route
    for method in (api.tag, api.tag_follow, api.tag_unfollow, api.tag_feature, api.tag_unfeature):
        with pytest.raises(MastodonIllegalArgumentError):
            method(bad)


@pytest.mark.parametrize("bad", [None, {"id": "802"}, 5])
def test_featured_tag_create_checks_the_type(api, rsps, bad):
    with pytest.raises(MastodonIllegalArgumentError):
        api.featured_tag_create(bad)


def test_followed_tags(api, rsps):
    rsps.get(BASE + "/api/v1/followed_tags", json=[entity("Tag")],
             headers={"Link": f'<{BASE}/api/v1/followed_tags?limit=1&max_id=2>; rel="next"'},
             match=[query_matcher({"limit": "1", "max_id": "5"})])
    tags = api.followed_tags(max_id="5", limit=1)
    assert isinstance(tags, PaginatableList)
    check_tag(tags[0])
    assert tags._pagination_next["max_id"] == "2"


def test_featured_tags(api, rsps):
    rsps.get(BASE + "/api/v1/featured_tags", json=[entity("FeaturedTag")])
    tags = api.featured_tags()
    assert isinstance(tags, NonPaginatableList)
    assert tags[0].id == "627" and isinstance(tags[0].last_status_at, datetime)


def test_featured_tag_suggestions(api, rsps):
    rsps.get(BASE + "/api/v1/featured_tags/suggestions", json=[entity("Tag")])
    tags = api.featured_tag_suggestions()
    assert isinstance(tags, NonPaginatableList)
    check_tag(tags[0])


def test_featured_tag_create(api, rsps):
    rsps.post(BASE + "/api/v1/featured_tags", json=entity("FeaturedTag"), match=[form_matcher({"name": "nowplaying"})])
    rsps.post(BASE + "/api/v1/featured_tags", json=entity("FeaturedTag"), match=[form_matcher({"name": "nowplaying"})])
    assert api.featured_tag_create("nowplaying").statuses_count == "70"
    assert api.featured_tag_create(entity("Tag")).name == "nowplaying"


def test_featured_tag_delete(api, rsps):
    rsps.delete(BASE + "/api/v1/featured_tags/627", json={})
    assert api.featured_tag_delete(entity("FeaturedTag")) is None
    with pytest.raises(MastodonIllegalArgumentError):
        api.featured_tag_delete(None)
