"""Issue 19 point 1: every field an entity declares is a key of the dict (None where the server left
it out), as in Mastodon.py 2.x: by key, ``in``, ``len``, iteration, ``json.dump`` and ``to_json``,
for nested entities and lists of entities too."""

import json

from conftest import BASE
from mastodon.core.casting import cast_result
from mastodon.core.values import _field_keys, decode_json_raw
from mastodon.return_types import Account, MediaAttachment, Notification, Status
from mastodon.types_base import Entity, PaginatableList

SPARSE_STATUS = {
    "id": "110000000000000001", "content": "<p>hi</p>", "created_at": "2026-01-02T03:04:05.000Z",
    "account": {"id": "1", "acct": "alice", "username": "alice"},
    "media_attachments": [{"id": "9", "type": "image", "url": "https://files.example/a.png"}],
    "mentions": [], "pleroma": {"local": True},
}


def declared(cls):
    return set(_field_keys(cls).values())


def check_full(entity, cls):
    assert type(entity) is cls
    assert declared(cls) <= set(entity), sorted(declared(cls) - set(entity))


def test_a_fetched_status_has_every_declared_key(api, rsps):
    rsps.get(BASE + "/api/v1/statuses/110000000000000001", json=SPARSE_STATUS)
    status = api.status("110000000000000001")
    assert rsps.calls[0].request.url == BASE + "/api/v1/statuses/110000000000000001"
    check_full(status, Status)
    assert "poll" in status and status["poll"] is None and status.poll is None
    assert status["edited_at"] is None and status["reblog"] is None
    assert len(status) == len(declared(Status) | set(SPARSE_STATUS))
    assert set(status) == declared(Status) | set(SPARSE_STATUS)
    # what the server sent is unchanged; undeclared keys stay
    assert status["content"] == "<p>hi</p>" and status["pleroma"] == {"local": True}
    assert status.created_at.year == 2026
    # nested entity and list of entities
    check_full(status["account"], Account)
    assert status["account"]["bot"] is None and "moved" in status["account"]
    check_full(status["media_attachments"][0], MediaAttachment)
    assert status["media_attachments"][0]["description"] is None


def test_json_shows_the_filled_keys(api, rsps):
    rsps.get(BASE + "/api/v1/statuses/110000000000000001", json=SPARSE_STATUS)
    status = api.status("110000000000000001")
    plain = json.loads(json.dumps(status, default=str))
    assert plain["poll"] is None and plain["account"]["bot"] is None
    assert "description" in plain["media_attachments"][0]
    saved = json.loads(status.to_json())
    assert saved["_mastopy_data"]["poll"] is None and "poll" in saved["_mastopy_data"]
    restored = Entity.from_json(status.to_json())
    assert restored == status and type(restored) is Status


def test_a_saved_result_without_the_keys_gets_them_on_loading():
    # an archive written before (by a library that left keys out) comes back with every declared key
    text = json.dumps({"_mastopy_version": "2.3.3", "_mastopy_type": "Status", "_mastopy_data": SPARSE_STATUS})
    restored = Entity.from_json(text)
    check_full(restored, Status)
    check_full(restored.account, Account)
    assert restored["poll"] is None


def test_a_page_of_statuses_and_notifications(api, rsps):
    rsps.get(BASE + "/api/v1/timelines/home", json=[SPARSE_STATUS, dict(SPARSE_STATUS, id="110000000000000002")])
    page = api.timeline_home()
    assert isinstance(page, PaginatableList) and len(page) == 2
    for status in page:
        check_full(status, Status)
        check_full(status.account, Account)
    rsps.get(BASE + "/api/v1/notifications", json=[{"id": "5", "type": "mention", "status": SPARSE_STATUS,
                                                    "account": {"id": "1"}}])
    note = api.notifications()[0]
    check_full(note, Notification)
    check_full(note["status"], Status)
    assert note["group_key"] is None


def test_different_key_sets_of_one_class_each_get_their_own_missing_keys():
    first = cast_result(decode_json_raw(json.dumps({"id": "1", "acct": "a"})), Account)
    second = cast_result(decode_json_raw(json.dumps({"id": "2", "bot": True, "note": "x"})), Account)
    third = cast_result(decode_json_raw(json.dumps({"id": "3", "acct": "c"})), Account)
    for value in (first, second, third):
        check_full(value, Account)
    assert second["bot"] is True and second["note"] == "x" and first["bot"] is None and third["acct"] == "c"
    assert len(first) == len(second) == len(declared(Account))


def test_values_the_server_sent_as_null_stay_null_and_present():
    value = cast_result(decode_json_raw(json.dumps(dict(SPARSE_STATUS, poll=None, card=None))), Status)
    assert value["poll"] is None and value["card"] is None
    check_full(value, Status)


def test_constructing_an_entity_fills_its_declared_keys():
    status = Status(id="1", account={"id": "2"})
    check_full(status, Status)
    check_full(status.account, Account)
    assert dict(status)["poll"] is None
