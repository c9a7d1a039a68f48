"""Search: v2 where the server has it, v1 where it does not."""

from datetime import datetime

import pytest

from conftest import BASE, TOKEN, entity, query_matcher, recorded
from mastodon import Mastodon, MastodonIllegalArgumentError, MastodonUnauthorizedError, MastodonVersionError

V2_DEFAULTS = {"resolve": "true", "exclude_unreviewed": "true"}


def client(version=None):
    return Mastodon(client_id="client-id", client_secret="client-secret", access_token=TOKEN, api_base_url=BASE,
                    mastodon_version=version)


def v1_body():
    body = entity("Search")
    body["hashtags"] = [t["name"] for t in body["hashtags"]]
    return body


def test_search_v2(api, rsps):
    rec = recorded("search_v2")
    rsps.get(BASE + "/api/v2/search", json=rec["body"], match=[query_matcher({"q": "fixturetag", **V2_DEFAULTS})])
    result = api.search_v2("fixturetag")
    assert result.accounts == [] and result.hashtags == []
    assert isinstance(result.statuses[0].created_at, datetime) and result.statuses[0].account.acct


def test_search_v2_every_parameter(api, rsps):
    rsps.get(BASE + "/api/v2/search", json=entity("Search"), match=[query_matcher({
        "q": "cats", "resolve": "false", "type": "accounts", "account_id": "3", "offset": "10", "min_id": "1",
        "max_id": "99", "exclude_unreviewed": "false", "limit": "5", "following": "true"})])
    result = api.search_v2("cats", resolve=False, result_type="accounts", account_id={"id": "3"}, offset=10,
                           min_id=1, max_id="99", exclude_unreviewed=False, limit=5, following=True)
    assert result.accounts[0].acct == "catstar@catgram.jp" and result.hashtags[0].name


@pytest.mark.parametrize("call", ["search", "search_v2"])
@pytest.mark.parametrize("kwargs", [{"result_type": 1}, {"q": None}, {"q": 5}, {"result_type": ["accounts"]}])
def test_search_refuses_bad_arguments(api, rsps, call, kwargs):
    kwargs = {"q": "cats", **kwargs}
    with pytest.raises(MastodonIllegalArgumentError):
        getattr(api, call)(**kwargs)
    assert len(rsps.calls) == 0


def test_search_v1(api, rsps):
    rsps.get(BASE + "/api/v1/search", json=v1_body(), match=[query_matcher({"q": "cats", "resolve": "false"})])
    result = api.search_v1("cats")
    assert all(isinstance(tag, str) for tag in result.hashtags) and result.accounts[0].username == "catstar"


def test_search_on_a_known_new_server_uses_v2(rsps):
    rsps.get(BASE + "/api/v2/search", json=entity("Search"),
             match=[query_matcher({"q": "cats", "type": "hashtags", "limit": "3", **V2_DEFAULTS})])
    result = client("4.2.0").search("cats", result_type="hashtags", limit=3)
    assert result.hashtags[0].name


def test_search_on_an_old_server_uses_v1(rsps):
    rsps.get(BASE + "/api/v1/search", json=v1_body(), match=[query_matcher({"q": "cats", "resolve": "true"})])
    result = client("2.3.0").search("cats")
    assert isinstance(result.hashtags[0], str)


def test_search_v1_only_server_refuses_v2_filters(rsps):
    with pytest.raises(MastodonVersionError, match="type, limit"):
        client("2.3.0").search("cats", result_type="statuses", limit=2)
    assert len(rsps.calls) == 0


def test_search_unknown_version_tries_v2_then_v1(rsps):
    rsps.get(BASE + "/api/v2/search", status=404, json={"error": "Record not found"})
    rsps.get(BASE + "/api/v1/search", json=v1_body(), match=[query_matcher({"q": "cats", "resolve": "true"})])
    api = client()
    result = api.search("cats")
    assert isinstance(result.hashtags[0], str)
    result = api.search("cats")   # the 404 is remembered: straight to v1
    assert [c.request.path_url.split("?")[0] for c in rsps.calls] == ["/api/v2/search", "/api/v1/search",
                                                                      "/api/v1/search"]


def test_search_other_errors_are_not_swallowed(rsps):
    rsps.get(BASE + "/api/v2/search", status=401, json={"error": "The access token is invalid"})
    with pytest.raises(MastodonUnauthorizedError):
        client("4.0.0").search("cats")


def test_search_v2_needs_2_4_1(rsps):
    old = Mastodon(api_base_url=BASE, access_token=TOKEN, mastodon_version="2.4.0", version_check_mode="created")
    with pytest.raises(MastodonVersionError):
        old.search_v2("cats")
