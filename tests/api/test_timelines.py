"""Timelines: what each method requests and what it returns."""

import warnings
from datetime import datetime, timezone

import pytest

from conftest import BASE, entity, query_matcher, recorded
from mastodon import (MastodonAPIError, MastodonError, MastodonIllegalArgumentError, MastodonVersionError,
                      MastodonWarning, PaginatableList)
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
    ("link/https://news.example/a?b=c", "/api/v1/timelines/link", {"url": "https://news.example/a?b=c"}),
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
    # neither local nor remote: one open part is enough; both: both must be open (as 2.x)
    ({"live": ("public", "authenticated")}, dict(timeline="public"), True),
    ({"live": ("authenticated", "authenticated")}, dict(timeline="public"), False),
    ({"live": ("public", "authenticated")}, dict(timeline="public", local=True, remote=True), False),
    ({"live": ("public", "authenticated")}, dict(timeline="public", local=True, remote=True, with_auth=True), True),
    ({"live": ("public", "authenticated")}, dict(timeline="public", remote=True), False),
    ({"live": ("public", "authenticated")}, dict(timeline="public", remote=True, with_auth=True), True),
    ({"live": ("public", "authenticated")}, dict(timeline="public", local=True), True),
    # "local" is the local part of the public feed, whatever local/remote say
    ({"live": ("public", "authenticated")}, dict(timeline="local"), True),
    ({"live": ("authenticated", "public")}, dict(timeline="local", remote=True), False),
    ({"live": ("disabled", "public")}, dict(timeline="local", with_auth=True), False),
    # hashtag feeds: 2.x's name and timeline()'s
    ({"hashtag": ("public", "disabled")}, dict(timeline="hashtag", remote=True, with_auth=True), False),
    ({"hashtag": ("public", "disabled")}, dict(timeline="tag/python", local=True), True),
    ({"hashtag": ("disabled", "disabled")}, dict(timeline="tag/python", with_auth=True), False),
    # trending link feeds: "trending_links" (2.x), "link" and "link/URL"
    ({"link": ("authenticated", "authenticated")}, dict(timeline="trending_links"), False),
    ({"link": ("authenticated", "authenticated")}, dict(timeline="link"), False),
    ({"link": ("authenticated", "authenticated")}, dict(timeline="link/https://x.example/a"), False),
    ({"link": ("authenticated", "authenticated")}, dict(timeline="trending_links", with_auth=True), True),
    # a level this library does not know opens nothing
    ({"live": ("members_only", "public")}, dict(timeline="public", local=True, with_auth=True), False),
    ({"live": ("members_only", "public")}, dict(timeline="public"), True),
])
def test_timeline_is_available_reads_timelines_access(api, rsps, access, call, expected):
    rsps.get(BASE + "/api/v2/instance", json=_timelines_access(**access))
    assert api.timeline_is_available(**call) is expected
    # no timeline is probed: the instance entity is asked, once
    assert [c.request.url for c in rsps.calls] == [BASE + "/api/v2/instance"]
    assert api.timeline_is_available(**call) is expected and len(rsps.calls) == 1


@pytest.mark.parametrize("call,expected", [
    (dict(timeline="home"), False), (dict(timeline="home", with_auth=True), True),
    (dict(timeline="list/12"), False), (dict(timeline="list/12", with_auth=True), True),
])
def test_the_users_own_timelines_need_a_login_and_no_question(api, rsps, call, expected):
    assert api.timeline_is_available(**call) is expected and len(rsps.calls) == 0


def test_the_answer_is_cached_until_clear_caches(api, rsps):
    rsps.get(BASE + "/api/v2/instance", json=_timelines_access(live=("disabled", "disabled")))
    assert api.timeline_is_available() is False
    assert api.timeline_is_available("local") is False and len(rsps.calls) == 1
    api.clear_caches()
    assert api.timeline_is_available() is False and len(rsps.calls) == 2


@pytest.mark.parametrize("instance", [{"version": "4.4.0", "configuration": {}}, {"configuration": None}, [],
                                      {"configuration": {"timelines_access": {"live_feeds": {"local": "public"}}}}])
def test_timeline_is_available_when_the_server_does_not_say(api, rsps, instance):
    rsps.get(BASE + "/api/v2/instance", json=instance)
    assert api.timeline_is_available() is True
    with pytest.raises(MastodonAPIError, match="cannot tell whether the public timeline is available"):
        api.timeline_is_available(fail_hard=True)


def test_timeline_is_available_when_the_instance_fails(api, rsps):
    rsps.get(BASE + "/api/v2/instance", status=500, body="<html>oops</html>")
    assert api.timeline_is_available("local") is True
    with pytest.raises(MastodonAPIError) as info:
        api.timeline_is_available("local", fail_hard=True)
    assert isinstance(info.value.__cause__, MastodonError)
    assert len(rsps.calls) == 2  # a failure is not remembered


@pytest.mark.parametrize("name", ["sideways", "", "federated", "tag", "lists/1"])
def test_unknown_names_are_available_unless_fail_hard(api, rsps, name):
    assert api.timeline_is_available(name) is True
    with pytest.raises(MastodonIllegalArgumentError, match="unknown timeline"):
        api.timeline_is_available(name, fail_hard=True)
    assert len(rsps.calls) == 0


def test_a_timeline_name_must_be_a_string(api, rsps):
    with pytest.raises(MastodonIllegalArgumentError):
        api.timeline_is_available(None)


# -- the warning for visitors (anonymous clients) --------------------------------------------------
@pytest.fixture
def visitor(rsps):
    from mastodon import Mastodon
    return Mastodon(api_base_url=BASE, mastodon_version="4.5.0", version_check_mode="none")


@pytest.mark.parametrize("call,live,warns", [
    (lambda m: m.timeline_public(remote=True), ("public", "authenticated"), True),
    (lambda m: m.timeline("public", remote=True), ("public", "authenticated"), True),
    (lambda m: m.timeline_public(remote=True), ("public", "public"), False),
    (lambda m: m.timeline_public(local=True), ("public", "authenticated"), False),
    (lambda m: m.timeline_public(), ("authenticated", "disabled"), True),
    (lambda m: m.timeline_local(), ("authenticated", "public"), True),
    (lambda m: m.timeline("local"), ("authenticated", "public"), True),
])
def test_visitors_are_warned_about_closed_public_feeds(visitor, rsps, call, live, warns):
    rsps.get(BASE + "/api/v2/instance", json=_timelines_access(live=live))
    rsps.get(BASE + "/api/v1/timelines/public", json=[entity("Status")])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = call(visitor)
    ours = [w for w in caught if issubclass(w.category, MastodonWarning)]
    assert len(ours) == (1 if warns else 0), [str(w.message) for w in caught]
    if warns:
        assert "not open to visitors" in str(ours[0].message) and ours[0].filename == __file__
    # the timeline is still asked for, without a token, and its answer returned
    urls = [c.request.url.split("?")[0] for c in rsps.calls]
    assert urls == [BASE + "/api/v2/instance", BASE + "/api/v1/timelines/public"]
    assert "Authorization" not in rsps.calls[1].request.headers
    assert isinstance(result, PaginatableList) and len(result) == 1


def test_visitors_are_warned_for_hashtag_and_link_feeds(visitor, rsps):
    rsps.get(BASE + "/api/v2/instance", json=_timelines_access(hashtag=("disabled", "disabled"),
                                                               link=("authenticated", "authenticated")))
    rsps.get(BASE + "/api/v1/timelines/tag/python", json=[])
    rsps.get(BASE + "/api/v1/timelines/link", json=[])
    with pytest.warns(MastodonWarning, match="hashtag timeline"):
        visitor.timeline_hashtag("python")
    with pytest.warns(MastodonWarning, match="trending_links timeline"):
        visitor.timeline_link("https://news.example/a")
    assert len([c for c in rsps.calls if c.request.url.startswith(BASE + "/api/v2/instance")]) == 1


def test_logged_in_clients_are_not_checked(api, rsps):
    rsps.get(BASE + "/api/v1/timelines/public", json=[entity("Status")])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        api.timeline_public(remote=True)
    assert [c.request.url.split("?")[0] for c in rsps.calls] == [BASE + "/api/v1/timelines/public"]


def test_a_server_that_cannot_say_gives_no_warning(visitor, rsps):
    rsps.get(BASE + "/api/v2/instance", status=404, json={"error": "Not found"})
    rsps.get(BASE + "/api/v1/timelines/public", json=[])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert visitor.timeline_public(remote=True) == []


def test_stream_public_warns_visitors_then_streams(visitor, rsps, monkeypatch):
    rsps.get(BASE + "/api/v2/instance", json=_timelines_access(live=("public", "disabled")))
    opened = []
    monkeypatch.setattr(visitor, "_stream", lambda stream, params, *rest: opened.append((stream, params)))
    with pytest.warns(MastodonWarning, match=r"public timeline \(remote posts\) is not open to visitors"):
        visitor.stream_public(listener=None, remote=True)
    assert opened == [("public:remote", {})]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        visitor.stream_public(listener=None, local=True)
    assert opened[-1] == ("public:local", {}) and len(rsps.calls) == 1
