"""Relationship lists (mutes, blocks, follow requests, domain blocks) and endorsements."""

from datetime import datetime, timezone

import pytest

from conftest import BASE, TOKEN, entity, form_matcher, query_matcher
from mastodon import (AttribAccessDict, Mastodon, MastodonIllegalArgumentError, MastodonVersionError,
                      NonPaginatableList, PaginatableList)
from mastodon.core.params import datetime_to_id


def check_accounts(result, cls=PaginatableList):
    assert isinstance(result, cls)
    assert result and isinstance(result[0], AttribAccessDict)
    assert result[0].acct and isinstance(result[0].created_at, datetime)


@pytest.mark.parametrize("method, path", [
    ("mutes", "/api/v1/mutes"),
    ("blocks", "/api/v1/blocks"),
    ("follow_requests", "/api/v1/follow_requests"),
])
def test_account_lists_send_bounds_and_page(api, rsps, method, path):
    link = f'<{BASE}{path}?limit=1&max_id=88>; rel="next", <{BASE}{path}?limit=1&min_id=99>; rel="prev"'
    rsps.get(BASE + path, json=[entity("Account")], headers={"Link": link},
             match=[query_matcher({"max_id": "100", "min_id": "2", "since_id": "1", "limit": "1"})])
    result = getattr(api, method)(max_id={"id": "100"}, min_id=2, since_id="1", limit=1)
    check_accounts(result)
    assert result._pagination_next["max_id"] == "88"
    assert result._pagination_prev["min_id"] == "99"


def test_mutes_without_arguments_send_no_query(api, rsps):
    rsps.get(BASE + "/api/v1/mutes", json=[], match=[query_matcher({})])
    assert api.mutes() == []


def test_datetime_bounds(api, rsps):
    moment = datetime(2023, 3, 1, tzinfo=timezone.utc)
    rsps.get(BASE + "/api/v1/blocks", json=[], match=[query_matcher({"max_id": datetime_to_id(moment)})])
    api.blocks(max_id=moment)


def test_domain_blocks_are_strings(api, rsps):
    rsps.get(BASE + "/api/v1/domain_blocks", json=["nazi.social", "gab.com"],
             headers={"Link": f'<{BASE}/api/v1/domain_blocks?max_id=5>; rel="next"'},
             match=[query_matcher({"limit": "2"})])
    result = api.domain_blocks(limit=2)
    assert isinstance(result, PaginatableList)
    assert result == ["nazi.social", "gab.com"]
    assert result._pagination_next["max_id"] == "5"


@pytest.mark.parametrize("method, action", [
    ("follow_request_authorize", "authorize"),
    ("follow_request_reject", "reject"),
])
def test_follow_request_answers(api, rsps, method, action):
    rsps.post(BASE + f"/api/v1/follow_requests/23634/{action}", json=entity("Relationship"),
              match=[form_matcher({})])
    result = getattr(api, method)(entity("Account"))
    assert isinstance(result, AttribAccessDict) and result.followed_by is True


def test_domain_block_and_unblock(api, rsps):
    rsps.post(BASE + "/api/v1/domain_blocks", json={}, match=[form_matcher({"domain": "spam.example"})])
    assert api.domain_block(" spam.example ") is None
    rsps.delete(BASE + "/api/v1/domain_blocks", json={}, match=[query_matcher({"domain": "spam.example"})])
    assert api.domain_unblock("spam.example") is None
    assert [c.request.method for c in rsps.calls] == ["POST", "DELETE"]


def test_domain_block_preview(api, rsps):
    rsps.get(BASE + "/api/v1/domain_blocks/preview", json={"following_count": 3, "followers_count": 12},
             match=[query_matcher({"domain": "big.example"})])
    preview = api.domain_block_preview("big.example")
    assert isinstance(preview, AttribAccessDict)
    assert preview.following_count == 3 and preview.followers_count == 12


@pytest.mark.parametrize("bad", ["", "  ", None, "https://spam.example", "spam.example/path", "user@spam.example"])
@pytest.mark.parametrize("method", ["domain_block", "domain_unblock", "domain_block_preview"])
def test_domain_arguments_are_checked_before_sending(api, rsps, method, bad):
    with pytest.raises(MastodonIllegalArgumentError):
        getattr(api, method)(bad)


def test_endorsements(api, rsps):
    rsps.get(BASE + "/api/v1/endorsements", json=[entity("Account")], match=[query_matcher({})])
    check_accounts(api.endorsements(), NonPaginatableList)


def test_version_checks(rsps):
    old = Mastodon(api_base_url=BASE, access_token=TOKEN, mastodon_version="1.3.0", version_check_mode="created")
    with pytest.raises(MastodonVersionError):
        old.domain_blocks()
    with pytest.raises(MastodonVersionError):
        old.endorsements()
    newer = Mastodon(api_base_url=BASE, access_token=TOKEN, mastodon_version="4.2.0", version_check_mode="created")
    with pytest.raises(MastodonVersionError):
        newer.domain_block_preview("x.example")
