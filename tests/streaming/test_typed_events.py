"""Stream events carry the same entity classes as REST results: over SSE, over WebSocket, and in a catch-up."""

import json
import time
from datetime import datetime

import pytest
from conftest import entity
from stream_servers import EventLog, conversation, notification, status

from mastodon.return_types import (
    Account,
    AccountField,
    Announcement,
    Conversation,
    MediaAttachment,
    Notification,
    Status,
    StreamReaction,
)
from mastodon.streaming.dispatch import EVENT_TYPES, EventDispatcher
from mastodon.types_base import AttribAccessDict, NonPaginatableList


def _aware(value):
    return isinstance(value, datetime) and value.tzinfo is not None


def _rich_status(n):
    """A status whose account has a verified field (declared ``str``: must stay a string) and a picture."""
    payload = status(n)
    payload["account"]["fields"] = [{"name": "site", "value": "x", "verified_at": "2020-01-01T00:00:00.000Z"}]
    payload["media_attachments"] = [{"id": "9", "type": "image", "url": "https://files.example/a.png",
                                     "meta": {"original": {"width": 2, "height": 1}}}]
    return payload


def _check_status(value):
    assert type(value) is Status
    assert type(value.account) is Account
    assert _aware(value.created_at) and _aware(value.account.created_at)
    field = value.account.fields[0]
    assert type(field) is AccountField and field.verified_at == "2020-01-01T00:00:00.000Z"
    assert type(value.media_attachments) is NonPaginatableList
    assert type(value.media_attachments[0]) is MediaAttachment
    assert value.poll is None and value.quote is None  # declared, absent or null: None


class _Recorder:
    """Listener with every typed event's method (and one for an event outside the table)."""

    def __init__(self):
        self.got = []

    def __getattr__(self, name):
        if name.startswith("on_"):
            return lambda *args: self.got.append((name, args))
        raise AttributeError(name)


# The server docs' examples (tests/fixtures/entities) of each typed event's payload.
_EXAMPLES = {
    "update": ("Status", Status),
    "status.update": ("Status", Status),
    "notification": ("Notification", Notification),
    "conversation": ("Conversation", Conversation),
    "announcement": ("Announcement", Announcement),
}


def test_every_typed_event_is_covered_here():
    assert set(EVENT_TYPES) == set(_EXAMPLES) | {"announcement.reaction"}


@pytest.mark.parametrize("form", ["bytes", "str", "dict"])
@pytest.mark.parametrize("event", sorted(_EXAMPLES))
def test_typed_events_decode_to_their_entity_class(event, form):
    name, cls = _EXAMPLES[event]
    payload = entity(name)
    data = {"bytes": json.dumps(payload).encode(), "str": json.dumps(payload), "dict": payload}[form]
    listener = _Recorder()
    EventDispatcher(listener).dispatch(event, data)
    (_, (value,)), = [g for g in listener.got if g[0] != "on_any_event"]
    assert type(value) is cls
    stamp = {"announcement": "published_at", "conversation": None}.get(event, "created_at")
    if stamp:
        assert _aware(value[stamp])
    if cls is Notification:
        assert type(value.account) is Account
    if cls is Conversation:
        assert type(value.last_status) is Status and type(value.accounts[0]) is Account
        assert _aware(value.last_status.created_at)
    if form == "dict":
        assert payload == entity(name)  # the caller's object is not changed


def test_announcement_reaction_is_a_stream_reaction():
    listener = _Recorder()
    EventDispatcher(listener).dispatch("announcement.reaction", b'{"name":"x","count":2,"announcement_id":"8"}')
    (_, (value,)), = [g for g in listener.got if g[0] != "on_any_event"]
    assert type(value) is StreamReaction and value.count == 2 and value.announcement_id == "8"


def test_ids_and_unknown_events_stay_as_decoded():
    listener = _Recorder()
    dispatcher = EventDispatcher(listener)
    dispatcher.dispatch("delete", b"106")
    dispatcher.dispatch("announcement.delete", b'"7"')
    dispatcher.dispatch("encrypted_message", b'{"id":"1","created_at":"2020-01-01T00:00:00Z"}')
    dispatcher.dispatch("something.new", b'{"created_at":"2020-01-01T00:00:00Z"}')
    got = [g for g in listener.got if g[0] != "on_any_event"]
    assert got[0] == ("on_delete", ("106",)) and got[1] == ("on_announcement_delete", ("7",))
    # Untyped payloads: AttribAccessDicts, datetimes by key name as before.
    for _, args in got[2:]:
        value = args[-1]
        assert type(value) is AttribAccessDict and _aware(value.created_at)


def test_on_any_event_gets_the_typed_value_too():
    log = EventLog()
    EventDispatcher(log, ["user"]).dispatch("update", json.dumps(_rich_status(5)).encode())
    (name, value), = log.events
    _check_status(value)


def test_a_malformed_typed_event_is_still_refused():
    from mastodon.errors import MastodonMalformedEventError
    dispatcher = EventDispatcher(_Recorder())
    for bad in (b"[1, 2]", b"{nope", "[]", [1]):
        with pytest.raises(MastodonMalformedEventError):
            dispatcher.dispatch("update", bad)


def test_sse_stream_delivers_typed_statuses_and_notifications(sse, sse_api):
    endpoint = sse.endpoint("/api/v1/streaming/user")
    sse.timeline("/api/v1/timelines/home", [])
    sse.timeline("/api/v1/notifications", [])
    log = EventLog()
    handle = sse_api.stream_user(log, run_async=True)
    try:
        feed = endpoint.connection(1)
        feed.event("update", _rich_status(1)).event("notification", notification(2, 2, status_id=1))
        feed.event("conversation", conversation(3, 1)).event("status.update", _rich_status(1))
        log.wait(4)
    finally:
        handle.close()
    (_, update), (_, note), (_, conv), (_, edit) = log.events
    _check_status(update)
    _check_status(edit)
    assert type(note) is Notification and type(note.account) is Account and type(note.status) is Status
    assert _aware(note.created_at)
    assert type(conv) is Conversation and type(conv.last_status) is Status


def test_websocket_delivers_typed_statuses(ws, ws_api):
    ws.http_timeline("/api/v1/timelines/home", [])
    ws.http_timeline("/api/v1/notifications", [])
    log = EventLog()
    handle = ws_api.stream_open_websocket()
    try:
        handle.subscribe("user", log)
        ws.wait_subscribed(("user",))
        ws.push(["user"], "update", _rich_status(1))  # payload as JSON text, as Mastodon sends it
        ws.push(["user"], "update", _rich_status(2), raw=True)  # payload as an object, as some servers do
        ws.push(["user"], "notification", notification(3, 3, status_id=2))
        log.wait(3)
    finally:
        handle.close()
    (_, first), (_, second), (_, note) = log.events
    _check_status(first)
    _check_status(second)
    assert type(note) is Notification and type(note.status) is Status


def test_catch_up_after_a_reconnect_delivers_the_same_classes(sse, sse_api):
    endpoint = sse.endpoint("/api/v1/streaming/user")
    home = sse.timeline("/api/v1/timelines/home", [_rich_status(100)])
    notifications = sse.timeline("/api/v1/notifications", [notification(10, 50)])
    log = EventLog()
    handle = sse_api.stream_user(log, run_async=True, reconnect_async=True, reconnect_async_wait_sec=0.05)
    try:
        first = endpoint.connection(1)
        home.add(_rich_status(101))
        first.event("update", _rich_status(101))
        log.wait(1)
        home.add(_rich_status(102))  # missed while disconnected: comes through the REST API
        notifications.add(notification(11, 102.5, status_id=102))
        first.drop()
        second = endpoint.connection(2)
        second.event("update", _rich_status(103))
        log.wait(4)
        time.sleep(0.05)
    finally:
        handle.close()
    assert log.ids() == [("update", "101"), ("update", "102"), ("notification", "11"), ("update", "103")]
    (_, live), (_, fetched), (_, note), (_, live_again) = log.events
    for value in (live, fetched, live_again):
        _check_status(value)
    assert type(fetched) is type(live) and type(fetched.account) is type(live.account)
    assert type(note) is Notification and type(note.status) is Status and _aware(note.created_at)
