"""Filters area: v1 and v2 filters, keywords and statuses, and applying v1 filters locally."""

from datetime import datetime, timedelta, timezone

import pytest

from conftest import BASE, entity, form_matcher, recorded, sent_json
from mastodon import MastodonIllegalArgumentError, NonPaginatableList, PaginatableList


def v1_filter(phrase, context=("home",), whole_word=False, expires_at=None):
    return entity("V1_Filter") | {"phrase": phrase, "context": list(context), "whole_word": whole_word,
                                  "expires_at": expires_at}


# -- v1 -----------------------------------------------------------------------------------------
def test_filters(api, rsps):
    rsps.get(BASE + "/api/v1/filters", json=[entity("V1_Filter")])
    filters = api.filters()
    assert isinstance(filters, NonPaginatableList)
    assert filters[0].phrase == "test" and isinstance(filters[0].expires_at, datetime)


def test_filter(api, rsps):
    rsps.get(BASE + "/api/v1/filters/8449", json=entity("V1_Filter"))
    assert api.filter(entity("V1_Filter")).irreversible is True


def test_filter_create(api, rsps):
    rsps.post(BASE + "/api/v1/filters", json=entity("V1_Filter"),
              match=[form_matcher({"phrase": "test", "context[]": ["home", "thread"], "irreversible": "false",
                                   "whole_word": "true", "expires_in": "3600"})])
    created = api.filter_create("test", ["home", "thread"], expires_in=timedelta(hours=1))
    assert created.id == "8449" and isinstance(created.expires_at, datetime)


def test_filter_create_one_context(api, rsps):
    rsps.post(BASE + "/api/v1/filters", json=entity("V1_Filter"),
              match=[form_matcher({"phrase": "x", "context[]": "public", "irreversible": "true",
                                   "whole_word": "false"})])
    api.filter_create("x", "public", irreversible=True, whole_word=False)


@pytest.mark.parametrize("kwargs", [{"phrase": "x", "context": 5}, {"phrase": "x", "context": ["home", None]},
                                    {"phrase": 5, "context": "home"},
                                    {"phrase": "x", "context": "home", "expires_in": "1h"}])
def test_filter_create_checks_arguments(api, rsps, kwargs):
    with pytest.raises(MastodonIllegalArgumentError):
        api.filter_create(**kwargs)


def test_filter_update_sends_only_what_is_given(api, rsps):
    rsps.put(BASE + "/api/v1/filters/8449", json=entity("V1_Filter"),
             match=[form_matcher({"phrase": "new", "whole_word": "false"})])
    assert api.filter_update("8449", phrase="new", whole_word=False).phrase == "test"
    with pytest.raises(MastodonIllegalArgumentError):
        api.filter_update("8449", context=[1])


def test_filter_delete(api, rsps):
    rsps.delete(BASE + "/api/v1/filters/8449", json={})
    assert api.filter_delete(8449) is None


# -- applying v1 filters locally ------------------------------------------------------------------
@pytest.fixture
def timeline(api, rsps):
    page = recorded("timeline_home_bob")
    rsps.get(BASE + "/api/v1/timelines/home", json=page["body"],
             headers={"Link": page["headers"]["Link"].replace("http://localhost:18080", BASE)})
    return api.timeline_home()


def contents(statuses):
    return [(s.reblog or s).content for s in statuses]


def test_filters_apply_phrase_in_text_and_boosts(api, timeline):
    kept = api.filters_apply(timeline, [v1_filter("fixture")], "home")
    assert isinstance(kept, PaginatableList)
    assert [s.id for s in kept] == ["01M8CNSS4X4NGF85R00AWV895N", "01M8CN8S0QY1QD9FNZPCF58X8G"]
    assert kept._pagination_next == timeline._pagination_next
    assert len(timeline) == 5


def test_filters_apply_whole_word(api, timeline):
    assert len(api.filters_apply(timeline, [v1_filter("fix", whole_word=True)], "home")) == 5
    assert len(api.filters_apply(timeline, [v1_filter("fix", whole_word=False)], "home")) == 2
    # '#' is not a word character: only the end of the phrase needs a word boundary.
    assert len(api.filters_apply(timeline, [v1_filter("#fixturetag", whole_word=True)], "home")) == 3
    assert len(api.filters_apply(timeline, [v1_filter("FIXTURE POST", whole_word=True)], "home")) == 3


def test_filters_apply_ignores_markup(api, timeline):
    assert len(api.filters_apply(timeline, [v1_filter("span")], "home")) == 5
    assert len(api.filters_apply(timeline, [v1_filter("@alice a reply")], "home")) == 4


def test_filters_apply_poll_options(api, timeline):
    kept = api.filters_apply(timeline, [v1_filter("b", whole_word=True)], "home")
    assert "01M8CNSS4N1A575WDST02VJS5N" not in [s.id for s in kept] and len(kept) == 4


def test_filters_apply_context_and_expiry(api, timeline):
    now = datetime.now(timezone.utc)
    assert len(api.filters_apply(timeline, [v1_filter("fixture", context=["public"])], "home")) == 5
    assert len(api.filters_apply(timeline, [v1_filter("fixture", expires_at=now - timedelta(minutes=1))],
                                 "home")) == 5
    assert len(api.filters_apply(timeline, [v1_filter("fixture", expires_at=now + timedelta(days=1))],
                                 "home")) == 2
    later = (now + timedelta(days=1)).isoformat()
    assert len(api.filters_apply(timeline, [v1_filter("ping", expires_at=later)], "home")) == 4
    assert len(api.filters_apply(timeline, [], "home")) == 5


def test_filters_apply_spoiler_and_media_descriptions(api, rsps):
    statuses = [entity("Status") | {"content": "<p>hello</p>", "spoiler_text": "Spoilers: the end", "poll": None,
                                    "media_attachments": [], "reblog": None},
                entity("Status") | {"content": "<p>hello</p>", "spoiler_text": "", "poll": None, "reblog": None,
                                    "media_attachments": [{"id": "1", "description": "a picture of the END"}]},
                entity("Status") | {"content": "<p>hello &amp; bye</p>", "spoiler_text": "", "poll": None,
                                    "reblog": None, "media_attachments": []}]
    assert len(api.filters_apply(statuses, [v1_filter("end", whole_word=True)], "home")) == 1
    assert len(api.filters_apply(statuses, [v1_filter("hello & bye")], "home")) == 2


def test_filters_apply_notifications(api, rsps):
    rsps.get(BASE + "/api/v1/notifications", json=recorded("notifications")["body"])
    notifications = api.notifications()
    kept = api.filters_apply(notifications, [v1_filter("fixture", context=["notifications"])], "notifications")
    assert [n.type for n in kept] == ["mention", "mention", "follow"]


def test_filters_apply_checks_context(api, rsps):
    with pytest.raises(MastodonIllegalArgumentError):
        api.filters_apply([], [], None)
    # a context no filter has (perhaps one newer than this library) filters nothing
    kept = api.filters_apply([{"id": "1", "content": "x"}], [], "timeline")
    assert len(kept) == 1 and kept[0]["id"] == "1" and kept[0]["content"] == "x"


# -- v2 -----------------------------------------------------------------------------------------
def test_filters_v2(api, rsps):
    rsps.get(BASE + "/api/v2/filters", json=recorded("filters_v2")["body"])
    filters = api.filters_v2()
    assert isinstance(filters, NonPaginatableList)
    assert filters[0].keywords[0].keyword == "spam" and filters[0].expires_at is None


def test_filter_v2(api, rsps):
    rsps.get(BASE + "/api/v2/filters/19972", json=entity("Filter"))
    flt = api.filter_v2(entity("Filter"))
    assert isinstance(flt.expires_at, datetime) and flt.statuses[0].status_id == "109031743575371913"


def test_create_filter_v2_sends_json(api, rsps):
    rsps.post(BASE + "/api/v2/filters", json=entity("Filter"))
    created = api.create_filter_v2("Test filter", ["home", "public"], "blur", expires_in=86400,
                                   keywords_attributes=[{"keyword": "bad word", "whole_word": False}, "spoiler"])
    assert created.title == "Test filter"
    assert sent_json(rsps.calls[0]) == {
        "title": "Test filter", "context": ["home", "public"], "filter_action": "blur", "expires_in": 86400,
        "keywords_attributes": [{"keyword": "bad word", "whole_word": False}, {"keyword": "spoiler"}]}


@pytest.mark.parametrize("args", [("t", ["home"], 5), (5, ["home"], "warn"),
                                  ("t", ["home"], None), ("t", ["home"], "warn", None, [3])])
def test_create_filter_v2_checks_arguments(api, rsps, args):
    with pytest.raises(MastodonIllegalArgumentError):
        api.create_filter_v2(*args)


def test_update_filter_v2(api, rsps):
    rsps.put(BASE + "/api/v2/filters/19972", json=entity("Filter"))
    api.update_filter_v2(entity("Filter"), filter_action="hide", keywords_attributes=[
        {"id": entity("FilterKeyword"), "_destroy": True}, {"id": "1198", "keyword": "baz"}])
    assert sent_json(rsps.calls[0]) == {"filter_action": "hide", "keywords_attributes": [
        {"id": "1197", "_destroy": True}, {"id": "1198", "keyword": "baz"}]}
    with pytest.raises(MastodonIllegalArgumentError):
        api.update_filter_v2("19972", filter_action=["hide"])


def test_delete_filter_v2(api, rsps):
    rsps.delete(BASE + "/api/v2/filters/19972", json={})
    assert api.delete_filter_v2("19972") is None


def test_filter_keywords(api, rsps):
    rsps.get(BASE + "/api/v2/filters/19972/keywords", json=[entity("FilterKeyword")])
    rsps.post(BASE + "/api/v2/filters/19972/keywords", json=entity("FilterKeyword"),
              match=[form_matcher({"keyword": "bad word", "whole_word": "false"})])
    rsps.get(BASE + "/api/v2/filters/keywords/1197", json=entity("FilterKeyword"))
    rsps.put(BASE + "/api/v2/filters/keywords/1197", json=entity("FilterKeyword") | {"keyword": "other"},
             match=[form_matcher({"keyword": "other", "whole_word": "true"})])
    rsps.delete(BASE + "/api/v2/filters/keywords/1197", json={})
    keywords = api.filter_keywords_v2(entity("Filter"))
    assert isinstance(keywords, NonPaginatableList) and keywords[0].keyword == "bad word"
    assert api.add_filter_keyword_v2("19972", "bad word").id == "1197"
    assert api.filter_keyword_v2(keywords[0]).whole_word is False
    assert api.update_filter_keyword_v2("1197", "other", whole_word=True).keyword == "other"
    assert api.delete_filter_keyword_v2(keywords[0]) is None
    assert [c.request.method for c in rsps.calls] == ["GET", "POST", "GET", "PUT", "DELETE"]


def test_update_filter_keyword_leaves_whole_word(api, rsps):
    rsps.put(BASE + "/api/v2/filters/keywords/1197", json=entity("FilterKeyword"),
             match=[form_matcher({"keyword": "x"})])
    api.update_filter_keyword_v2(1197, "x")


def test_filter_statuses(api, rsps):
    rsps.get(BASE + "/api/v2/filters/19972/statuses", json=[entity("FilterStatus")])
    rsps.post(BASE + "/api/v2/filters/19972/statuses", json=entity("FilterStatus"),
              match=[form_matcher({"status_id": "109031743575371913"})])
    rsps.get(BASE + "/api/v2/filters/statuses/1", json=entity("FilterStatus"))
    rsps.delete(BASE + "/api/v2/filters/statuses/1", json=entity("FilterStatus"))
    statuses = api.filter_statuses_v2("19972")
    assert isinstance(statuses, NonPaginatableList) and statuses[0].status_id == "109031743575371913"
    added = api.add_filter_status_v2("19972", entity("Status") | {"id": "109031743575371913"})
    assert added.id == "1"
    assert api.filter_status_v2(added).status_id == "109031743575371913"
    assert api.delete_filter_status_v2(added) is None
