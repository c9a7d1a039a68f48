"""Collections: creating and curating collections, reading them, and the v1_alpha routes of early 4.6 builds."""

from datetime import datetime

import pytest

from conftest import BASE, entity, query_matcher, sent_json
from mastodon.types_base import EmptyResponse
from mastodon import AttribAccessDict, Mastodon, MastodonIllegalArgumentError, MastodonVersionError

CID = "116131056935959117"


@pytest.fixture
def wrapped():
    return {"collection": entity("Collection")}


def check_collection(collection):
    assert isinstance(collection, AttribAccessDict)
    assert collection.id == CID and collection.tag.name == "discovery"
    assert isinstance(collection.created_at, datetime) and isinstance(collection["items"][0].created_at, datetime)


def test_collection_create(api, rsps, wrapped):
    rsps.post(BASE + "/api/v1/collections", json=wrapped)
    result = api.collection_create("Excellent people", description="Well worth following", language="en",
                                   tag_name="#discovery", sensitive=True, discoverable=True,
                                   account_ids=[{"id": "112658193342215767"}, 117628196343117789])
    check_collection(result.collection)
    request = rsps.calls[0].request
    assert request.headers["Content-Type"] == "application/json"
    assert sent_json(rsps.calls[0]) == {
        "name": "Excellent people", "description": "Well worth following", "language": "en",
        "tag_name": "#discovery", "sensitive": True, "discoverable": True,
        "account_ids": ["112658193342215767", "117628196343117789"]}


def test_collection_create_defaults(api, rsps, wrapped):
    rsps.post(BASE + "/api/v1/collections", json=wrapped)
    api.collection_create("Mine")
    assert sent_json(rsps.calls[0]) == {"name": "Mine", "sensitive": False, "discoverable": False}


def test_collection(api, rsps):
    rsps.get(BASE + f"/api/v1/collections/{CID}", json=entity("CollectionWithAccounts"), match=[query_matcher({})])
    result = api.collection(entity("Collection"))
    assert isinstance(result, AttribAccessDict)
    check_collection(result.collection)
    assert [a.id for a in result.accounts][0] == "113668893442515793"


@pytest.mark.parametrize("name, path", [
    ("account_collections", "/api/v1/accounts/55/collections"),
    ("account_in_collections", "/api/v1/accounts/55/in_collections"),
])
def test_account_collection_lists(api, rsps, name, path):
    rsps.get(BASE + path, json={"collections": [entity("Collection")]},
             headers={"Link": f'<{BASE}{path}?limit=1&offset=1>; rel="next"'},
             match=[query_matcher({"limit": "1", "offset": "0"})])
    result = getattr(api, name)({"id": "55"}, limit=1, offset=0)
    assert isinstance(result, AttribAccessDict)
    check_collection(result.collections[0])
    assert result._pagination_next["offset"] == "1"
    rsps.get(BASE + path, json={"collections": []}, match=[query_matcher({})])
    assert getattr(api, name)(55).collections == []


def test_collection_update(api, rsps, wrapped):
    rsps.patch(BASE + f"/api/v1/collections/{CID}", json=wrapped)
    check_collection(api.collection_update(CID, name="Renamed", discoverable=False).collection)
    assert sent_json(rsps.calls[0]) == {"name": "Renamed", "discoverable": False}


def test_collection_delete(api, rsps):
    rsps.delete(BASE + f"/api/v1/collections/{CID}", json={}, match=[query_matcher({})])
    assert api.collection_delete({"id": CID}) == {}


def test_collection_item_add(api, rsps):
    rsps.post(BASE + f"/api/v1/collections/{CID}/items", json={"collection_item": entity("CollectionItem")})
    result = api.collection_item_add(CID, entity("Account"))
    item = result.collection_item
    assert item.state == "accepted" and isinstance(item.created_at, datetime)
    assert sent_json(rsps.calls[0]) == {"account_id": entity("Account")["id"]}


def test_collection_item_delete(api, rsps):
    rsps.delete(BASE + f"/api/v1/collections/{CID}/items/116141056635954112", body=b"", match=[query_matcher({})])
    result = api.collection_item_delete(entity("Collection"), entity("CollectionItem"))
    assert isinstance(result, EmptyResponse) and result == {}


def test_collection_item_revoke(api, rsps):
    rsps.post(BASE + f"/api/v1/collections/{CID}/items/116141056635954112/revoke", json={})
    assert api.collection_item_revoke(CID, "116141056635954112") == {}
    assert not rsps.calls[0].request.body


@pytest.mark.parametrize("call", [
    lambda api: api.collection_create(None),
    lambda api: api.collection_create("  "),
    lambda api: api.collection_update("1", name=""),
    lambda api: api.collection_item_add("1", {"acct": "nobody"}),
    lambda api: api.collection_item_delete("1", None),
])
def test_bad_arguments_are_refused_before_sending(api, rsps, call):
    with pytest.raises(MastodonIllegalArgumentError):
        call(api)
    assert len(rsps.calls) == 0


@pytest.mark.parametrize("call, method, path", [
    (lambda api: api.collection_create("X"), "POST", "/api/v1_alpha/collections"),
    (lambda api: api.collection("7"), "GET", "/api/v1_alpha/collections/7"),
    (lambda api: api.account_collections("5"), "GET", "/api/v1_alpha/accounts/5/collections"),
    (lambda api: api.account_in_collections("5"), "GET", "/api/v1_alpha/accounts/5/in_collections"),
    (lambda api: api.collection_update("7", name="Y"), "PATCH", "/api/v1_alpha/collections/7"),
    (lambda api: api.collection_delete("7"), "DELETE", "/api/v1_alpha/collections/7"),
    (lambda api: api.collection_item_add("7", "5"), "POST", "/api/v1_alpha/collections/7/items"),
    (lambda api: api.collection_item_delete("7", "9"), "DELETE", "/api/v1_alpha/collections/7/items/9"),
    (lambda api: api.collection_item_revoke("7", "9"), "POST", "/api/v1_alpha/collections/7/items/9/revoke"),
])
def test_early_4_6_builds_get_the_alpha_routes(rsps, call, method, path):
    early = Mastodon(access_token="t", api_base_url=BASE, mastodon_version="4.6.0", version_check_mode="created")
    early.mastodon_api_version = 9
    rsps.add(method, BASE + path, json={})
    call(early)
    assert rsps.calls[0].request.method == method


def test_collections_need_4_6(rsps):
    old = Mastodon(api_base_url=BASE, mastodon_version="4.5.2", version_check_mode="created")
    with pytest.raises(MastodonVersionError):
        old.collection("1")
    current = Mastodon(api_base_url=BASE, mastodon_version="4.5.2", version_check_mode="created")
    current.mastodon_api_version = 10  # a server that announces the API version is believed
    rsps.get(BASE + "/api/v1/collections/1", json=entity("CollectionWithAccounts"))
    current.collection("1")


def test_collection_create_single_account(api, rsps, wrapped):
    rsps.post(BASE + "/api/v1/collections", json=wrapped)
    api.collection_create("One", account_ids="5")
    assert sent_json(rsps.calls[0])["account_ids"] == ["5"]
