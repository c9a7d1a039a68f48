"""Lists: reading, creating, changing and deleting lists, and managing their members."""

from datetime import datetime

import pytest

from conftest import BASE, TOKEN, entity, form_matcher, query_matcher, recorded
from mastodon import (AttribAccessDict, Mastodon, MastodonIllegalArgumentError, MastodonVersionError,
                      NonPaginatableList, PaginatableList)


def test_lists(api, rsps):
    rsps.get(BASE + "/api/v1/lists", json=recorded("lists")["body"])
    result = api.lists()
    assert isinstance(result, NonPaginatableList) and result == []
    rsps.get(BASE + "/api/v1/lists", json=[entity("List")])
    result = api.lists()
    assert isinstance(result[0], AttribAccessDict) and result[0].title == "Friends"


def test_list(api, rsps):
    rsps.get(BASE + "/api/v1/lists/12249", json=entity("List"))
    result = api.list(entity("List"))
    assert result.replies_policy == "list" and result.exclusive is False


def test_list_accounts(api, rsps):
    link = f'<{BASE}/api/v1/lists/12249/accounts?limit=2&max_id=55>; rel="next"'
    rsps.get(BASE + "/api/v1/lists/12249/accounts", json=[entity("Account")], headers={"Link": link},
             match=[query_matcher({"limit": "2", "since_id": "7"})])
    result = api.list_accounts("12249", since_id={"id": "7"}, limit=2)
    assert isinstance(result, PaginatableList)
    assert result[0].acct and isinstance(result[0].created_at, datetime)
    assert result._pagination_next["max_id"] == "55"
    rsps.get(BASE + "/api/v1/lists/12249/accounts", json=[], match=[query_matcher({"limit": "0"})])
    assert api.list_accounts(12249, limit=0) == []


def test_list_create(api, rsps):
    rsps.post(BASE + "/api/v1/lists", json=entity("List"),
              match=[form_matcher({"title": "Friends", "replies_policy": "list", "exclusive": "false"})])
    assert api.list_create("Friends").id == "12249"
    rsps.post(BASE + "/api/v1/lists", json=entity("List") | {"exclusive": True, "replies_policy": "none"},
              match=[form_matcher({"title": "Quiet", "replies_policy": "none", "exclusive": "true"})])
    created = api.list_create("Quiet", replies_policy="none", exclusive=True)
    assert created.exclusive is True


def test_list_update(api, rsps):
    rsps.put(BASE + "/api/v1/lists/12249", json=entity("List") | {"title": "Pals"},
             match=[form_matcher({"title": "Pals", "replies_policy": "followed", "exclusive": "false"})])
    assert api.list_update({"id": "12249"}, "Pals", replies_policy="followed").title == "Pals"
    assert rsps.calls[0].request.method == "PUT"


@pytest.mark.parametrize("kwargs", [
    {"title": "x", "replies_policy": 1},
    {"title": "x", "replies_policy": None},
    {"title": 5},
    {"title": None},
])
@pytest.mark.parametrize("method", ["list_create", "list_update"])
def test_bad_list_settings_are_refused_before_sending(api, rsps, method, kwargs):
    args = ("1",) if method == "list_update" else ()
    with pytest.raises(MastodonIllegalArgumentError):
        getattr(api, method)(*args, **kwargs)


def test_list_delete(api, rsps):
    rsps.delete(BASE + "/api/v1/lists/12249", json={})
    assert api.list_delete(12249) is None
    assert rsps.calls[0].request.method == "DELETE"


def test_list_accounts_add(api, rsps):
    rsps.post(BASE + "/api/v1/lists/3/accounts", json={}, match=[form_matcher({"account_ids[]": ["1", "23634"]})])
    assert api.list_accounts_add("3", ["1", entity("Account")]) is None
    rsps.post(BASE + "/api/v1/lists/3/accounts", json={}, match=[form_matcher({"account_ids[]": "9"})])
    api.list_accounts_add("3", 9)


def test_list_accounts_delete(api, rsps):
    rsps.delete(BASE + "/api/v1/lists/3/accounts", json={}, match=[query_matcher({"account_ids[]": ["1", "2"]})])
    assert api.list_accounts_delete({"id": "3"}, [1, {"id": 2}]) is None
    rsps.delete(BASE + "/api/v1/lists/3/accounts", json={}, match=[query_matcher({"account_ids[]": "5"})])
    api.list_accounts_delete("3", "5")


@pytest.mark.parametrize("bad", [None, [1.5], [None]])
@pytest.mark.parametrize("method", ["list_accounts_add", "list_accounts_delete"])
def test_member_ids_are_checked_before_sending(api, rsps, method, bad):
    with pytest.raises(MastodonIllegalArgumentError):
        getattr(api, method)("3", bad)


def test_version_checks(rsps):
    old = Mastodon(api_base_url=BASE, access_token=TOKEN, mastodon_version="2.0.0", version_check_mode="created")
    with pytest.raises(MastodonVersionError):
        old.lists()
    changed = Mastodon(api_base_url=BASE, access_token=TOKEN, mastodon_version="4.1.0", version_check_mode="changed")
    with pytest.raises(MastodonVersionError):
        changed.list_create("x")
