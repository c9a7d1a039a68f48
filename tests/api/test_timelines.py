"""Timelines: what each method requests and what it returns."""

from datetime import datetime, timezone

import pytest

from conftest import BASE, entity, query_matcher, recorded
from mastodon import MastodonIllegalArgumentError, MastodonVersionError, PaginatableList
from mastodon.core.params import datetime_to_id


@pytest.fixture
def page():
    return recorded("timeline_home_bob")


def check_statuses(result):
    assert isinstance(result, PaginatableList)
    assert result and all(isinstance(s.created_at, datetime) for s in result)
    assert result[0].account.acct


def test_timeline_home_sends_bounds_and_flags(api, rsps, page):
    rsps.get(BASE + "/api/v1/timelines/home", json=page["body"], headers={"Link": page["headers"]["Link"].replace(
        "http://localhost:18080", BASE)}, match=[query_matcher(
            {"max_id": "9", "min_id": "3", "limit": "5", "local": "true", "only_media": "true"})])
    result = api.timeline_home(max_id={"id": "9"}, min_id=3, limit=5, local=True, only_media=True)
    check_statuses(result)
    assert result._pagination_next["max_id"] == "01M8CNSS57YA40S1ZHPR491SK2"


def test_false_flags_are_not_sent(api, rsps, page):
    rsps.get(BASE + "/api/v1/timelines/home", json=page["body"], match=[query_matcher({})])
    api.timeline_home()


def test_datetime_bounds_become_ids(api, rsps):
    moment = datetime(2024, 5, 1, tzinfo=timezone.utc)
    rsps.get(BASE + "/api/v1/timelines/public", json=[], match=[query_matcher({"since_id": datetime_to_id(moment)})])
    assert api.timeline_public(since_id=moment) == []


def test_timeline_public_and_local(api, rsps):
    body = recorded("timeline_public")["body"]
    rsps.get(BASE + "/api/v1/timelines/public", json=body, match=[query_matcher({"remote": "true"})])
    check_statuses(api.timeline_public(remote=True))
    rsps.get(BASE + "/api/v1/timelines/public", json=body, match=[query_matcher({"local": "true", "limit": "2"})])
    check_statuses(api.timeline_local(limit=2))


def test_timeline_hashtag(api, rsps):
    body = recorded("timeline_tag")["body"]
    rsps.get(BASE + "/api/v1/timelines/tag/caf%C3%A9", json=body, match=[query_matcher({"local": "true"})])
    check_statuses(api.timeline_hashtag("café", local=True))
    with pytest.raises(MastodonIllegalArgumentError, match="leading '#'"):
        api.timeline_hashtag("#python")
    with pytest.raises(MastodonIllegalArgumentError):
        api.timeline_hashtag("")


def test_timeline_list_unpacks_the_list(api, rsps):
    rsps.get(BASE + "/api/v1/timelines/list/13", json=[entity("Status")])
    check_statuses(api.timeline_list(entity("List") | {"id": "13"}))


def test_timeline_link(api, rsps):
    rsps.get(BASE + "/api/v1/timelines/link", json=[entity("Status")],
             match=[query_matcher({"url": "https://news.example/article", "limit": "3"})])
    check_statuses(api.timeline_link("https://news.example/article", limit=3))


@pytest.mark.parametrize("name, path, query", [
    ("home", "/api/v1/timelines/home", {}),
    ("local", "/api/v1/timelines/public", {"local": "true"}),
    ("public", "/api/v1/timelines/public", {}),
    ("tag/python", "/api/v1/timelines/tag/python", {}),
    ("list/7", "/api/v1/timelines/list/7", {}),
])
def test_timeline_by_name(api, rsps, name, path, query):
    rsps.get(BASE + path, json=[entity("Status")], match=[query_matcher(query)])
    check_statuses(api.timeline(name))


@pytest.mark.parametrize("bad", ["", "federated", "tag/#x", None])
def test_unknown_timelines_are_refused_before_sending(api, rsps, bad):
    with pytest.raises(MastodonIllegalArgumentError):
        api.timeline(bad)


def test_version_check(rsps):
    from mastodon import Mastodon
    old = Mastodon(api_base_url=BASE, mastodon_version="2.0.0", version_check_mode="created")
    with pytest.raises(MastodonVersionError):
        old.timeline_list("1")
    with pytest.raises(MastodonVersionError):
        old.timeline_link("https://x.example")


def _timelines_access(live=("public", "public"), hashtag=("public", "public"), link=("public", "public")):
    def part(pair):
        return {"local": pair[0], "remote": pair[1]}
    return {"version": "4.5.0", "configuration": {"timelines_access": {
        "live_feeds": part(live), "hashtag_feeds": part(hashtag), "trending_link_feeds": part(link)}}}


@pytest.mark.parametrize("access,call,expected", [
    ({}, dict(timeline="public"), True),
    ({"live": ("public", "authenticated")}, dict(timeline="public"), False),
    ({"live": ("public", "authenticated")}, dict(timeline="public", with_auth=True), True),
    ({"live": ("public", "authenticated")}, dict(timeline="local"), True),
    ({"live": ("public", "authenticated")}, dict(timeline="public", local=True), True),
    ({"live": ("public", "authenticated")}, dict(timeline="public", remote=True), False),
    ({"live": ("disabled", "public")}, dict(timeline="local", with_auth=True), False),
    ({"hashtag": ("public", "disabled")}, dict(timeline="tag/python"), False),
    ({"hashtag": ("public", "disabled")}, dict(timeline="tag/python", local=True), True),
    ({"link": ("authenticated", "authenticated")}, dict(timeline="link"), False),
    ({"link": ("authenticated", "authenticated")}, dict(timeline="link", with_auth=True), True),
    ({}, dict(timeline="home"), False),
    ({}, dict(timeline="home", with_auth=True), True),
    ({}, dict(timeline="list/12", with_auth=True), True),
])
def test_timeline_is_available_reads_timelines_access(api, rsps, access, call, expected):
    own = call["timeline"] == "home" or call["timeline"].startswith("list/")
    if not own:  # the user's own timelines need no question to the server
        rsps.get(BASE + "/api/v2/instance", json=_timelines_access(**access))
    assert api.timeline_is_available(**call) is expected
    # no timeline is probed: at most the instance entity is asked
    assert all(c.request.url.startswith(BASE + "/api/v2/instance") for c in rsps.calls)


@pytest.mark.parametrize("instance", [{"version": "4.4.0", "configuration": {}}, {"configuration": None}, [],
                                      {"configuration": {"timelines_access": {"live_feeds": {"local": "public"}}}}])
def test_timeline_is_available_when_the_server_does_not_say(api, rsps, instance):
    rsps.get(BASE + "/api/v2/instance", json=instance)
    assert api.timeline_is_available() is True
    with pytest.raises(MastodonVersionError, match="timelines_access"):
        api.timeline_is_available(fail_hard=True)


def test_timeline_is_available_when_the_instance_fails(api, rsps):
    rsps.get(BASE + "/api/v2/instance", status=500, body="<html>oops</html>")
    assert api.timeline_is_available("local") is True
    with pytest.raises(MastodonVersionError):
        api.timeline_is_available("local", fail_hard=True)


def test_timeline_is_available_unknown_level_and_name(api, rsps):
    rsps.get(BASE + "/api/v2/instance", json=_timelines_access(live=("members_only", "public")))
    assert api.timeline_is_available() is True
    with pytest.raises(MastodonVersionError):
        api.timeline_is_available(fail_hard=True)
    with pytest.raises(MastodonIllegalArgumentError):
        api.timeline_is_available("sideways")
