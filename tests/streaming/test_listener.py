"""Listeners and the dispatcher: which method gets which event, decoded exactly like REST results."""

import json
from datetime import datetime, timezone

import pytest
from stream_servers import conversation, notification, sse_event, status

from mastodon.core.values import AttribAccessDict, decode_json
from mastodon.errors import MastodonMalformedEventError, MastodonNetworkError
from mastodon.streaming import CallbackStreamListener, StreamListener
from mastodon.streaming.dispatch import EVENTS, EventDispatcher


class Recorder(StreamListener):
    """Records every call as (method, args)."""

    def __init__(self) -> None:
        self.calls = []

    def __getattribute__(self, name):
        attr = object.__getattribute__(self, name)
        if (name.startswith("on_") or name == "handle_heartbeat") and callable(attr):
            def record(*args):
                self.calls.append((name, args))
                return attr(*args)
            return record
        return attr


def dispatch_sse(listener, raw: bytes, stream=None):
    from mastodon.streaming.sse import SSEParser
    d = EventDispatcher(listener, stream)
    SSEParser(d.dispatch, d.heartbeat).feed(raw)


def test_every_known_event_reaches_its_method():
    r = Recorder()
    st = status(10)
    stream = b"".join([
        sse_event("update", st),
        sse_event("status.update", {**st, "edited_at": "2024-05-02T10:00:00.000Z"}),
        sse_event("delete", "10"),
        sse_event("notification", notification(3, 20, status_id=10)),
        sse_event("conversation", conversation(4, 10)),
        sse_event("filters_changed"),
        sse_event("announcement", {"id": "1", "content": "<p>hi</p>", "published_at": "2024-05-01T00:00:00.000Z",
                                   "starts_at": None, "ends_at": None, "all_day": True, "reactions": []}),
        sse_event("announcement.reaction", {"name": "👍", "count": 2, "announcement_id": "1"}),
        sse_event("announcement.delete", "1"),
        sse_event("notifications_merged", "undefined"),
        sse_event("encrypted_message", {"id": "9", "message_type": 0, "body": "xx"}),
        b":thump\n",
    ])
    dispatch_sse(r, stream, ["user"])
    specific = [(name, args) for name, args in r.calls if name != "on_any_event"]
    assert [name for name, _ in specific] == [
        "on_update", "on_status_update", "on_delete", "on_notification", "on_conversation", "on_filters_changed",
        "on_announcement", "on_announcement_reaction", "on_announcement_delete", "on_notifications_merged",
        "on_encrypted_message", "handle_heartbeat"]
    got = dict(specific)
    # Entities are decoded exactly as REST results are.
    assert got["on_update"] == (decode_json(json.dumps(st)),)
    update = got["on_update"][0]
    assert isinstance(update, AttribAccessDict) and isinstance(update.account, AttribAccessDict)
    assert update.created_at == datetime(2024, 5, 1, 12, 0, 10, tzinfo=timezone.utc)
    assert update.account.created_at.tzinfo is not None
    assert got["on_status_update"][0].edited_at == datetime(2024, 5, 2, 10, tzinfo=timezone.utc)
    assert got["on_delete"] == ("10",)
    assert got["on_notification"][0].status.id == "10"
    assert got["on_conversation"][0].last_status.created_at.year == 2024
    assert got["on_filters_changed"] == ()
    assert got["on_announcement"][0].published_at.tzinfo is not None
    assert got["on_announcement_reaction"][0] == {"name": "👍", "count": 2, "announcement_id": "1"}
    assert got["on_announcement_delete"] == ("1",)
    assert got["on_notifications_merged"] == ()
    assert got["on_encrypted_message"][0].id == "9"
    assert got["handle_heartbeat"] == ()


def test_on_any_event_follows_every_event_with_its_stream():
    r = Recorder()
    dispatch_sse(r, sse_event("update", status(1)) + sse_event("delete", "1") + sse_event("filters_changed") +
                 sse_event("mystery", {"x": 1}), ["hashtag", "python"])
    names = [name for name, _ in r.calls]
    assert names == ["on_update", "on_any_event", "on_delete", "on_any_event", "on_filters_changed", "on_any_event",
                     "on_unknown_event", "on_any_event"]
    anys = [args for name, args in r.calls if name == "on_any_event"]
    assert [a[0] for a in anys] == ["update", "delete", "filters_changed", "mystery"]
    assert anys[0][1].id == "1" and anys[1][1] == "1" and anys[2][1] is None
    assert all(a[2] == ["hashtag", "python"] for a in anys)


def test_unknown_events_carry_json_or_text():
    r = Recorder()
    dispatch_sse(r, sse_event("new.kind", {"created_at": "2024-05-01T00:00:00Z"}) + sse_event("plain", "not json") +
                 b"event: bare\n\n")
    unknown = [args for name, args in r.calls if name == "on_unknown_event"]
    assert unknown[0][0] == "new.kind" and unknown[0][1].created_at.tzinfo is not None
    assert unknown[1] == ("plain", "not json")
    assert unknown[2] == ("bare", None)


def test_event_table_covers_the_documented_events():
    assert set(EVENTS) == {"update", "status.update", "delete", "notification", "conversation", "filters_changed",
                           "announcement", "announcement.reaction", "announcement.delete", "notifications_merged",
                           "encrypted_message"}
    for method, _ in EVENTS.values():
        assert callable(getattr(StreamListener, method)) and callable(getattr(CallbackStreamListener, method))


@pytest.mark.parametrize("raw", [
    b"event: update\ndata: {\"id\": \n\n",  # cut JSON
    b"event: update\ndata: [1, 2]\n\n",  # JSON, not an object
    b"event: notification\ndata: undefined\n\n",
    b"event: update\n\n",  # no payload at all
    b"event: delete\ndata: \n\n",  # no id
    b"event: update\ndata: \xff\xfe{}\n\n",  # not UTF-8
])
def test_malformed_payloads_raise(raw):
    with pytest.raises(MastodonMalformedEventError):
        dispatch_sse(StreamListener(), raw)


def test_delete_ids_in_every_shape():
    r = Recorder()
    d = EventDispatcher(r)
    d.dispatch("delete", b"  108 ")
    d.dispatch("delete", b'"109"')
    d.dispatch("delete", "110")
    d.dispatch("delete", 111)
    assert [args for name, args in r.calls if name == "on_delete"] == [("108",), ("109",), ("110",), ("111",)]


def test_callback_listener_calls_each_handler():
    got = []
    handlers = {
        "update_handler": lambda s: got.append(("update", s.id)),
        "status_update_handler": lambda s: got.append(("status.update", s.id)),
        "delete_handler": lambda i: got.append(("delete", i)),
        "notification_handler": lambda n: got.append(("notification", n.id)),
        "conversation_handler": lambda c: got.append(("conversation", c.id)),
        "filters_changed_handler": lambda: got.append(("filters_changed",)),
        "announcement_handler": lambda a: got.append(("announcement", a.id)),
        "announcement_reaction_handler": lambda r: got.append(("announcement.reaction", r.name)),
        "announcement_delete_handler": lambda i: got.append(("announcement.delete", i)),
        "encrypted_message_handler": lambda m: got.append(("encrypted_message", m.id)),
        "notifications_merged_handler": lambda: got.append(("notifications_merged",)),
        "unknown_event_handler": lambda name, data: got.append(("unknown", name, data)),
        "heartbeat_handler": lambda: got.append(("heartbeat",)),
        "websocket_error_handler": lambda error, for_stream: got.append(("ws_error", error.error, for_stream)),
        "abort_handler": lambda err: got.append(("abort", str(err))),
    }
    anys = []
    listener = CallbackStreamListener(any_event_handler=lambda *a: anys.append(a[0]), **handlers)
    dispatch_sse(listener, b"".join([
        sse_event("update", status(1)), sse_event("status.update", status(1)), sse_event("delete", "1"),
        sse_event("notification", notification(2, 2)), sse_event("conversation", conversation(3, 1)),
        sse_event("filters_changed"), sse_event("announcement", {"id": "4"}),
        sse_event("announcement.reaction", {"name": "x", "count": 1, "announcement_id": "4"}),
        sse_event("announcement.delete", "4"), sse_event("encrypted_message", {"id": "5"}),
        sse_event("notifications_merged"), sse_event("what", "ever"), b":thump\n"]))
    listener.handle_websocket_message('{"error": "Unknown stream type", "status": 400}')
    listener.on_abort(MastodonNetworkError("gone"))
    assert got == [("update", "1"), ("status.update", "1"), ("delete", "1"), ("notification", "2"),
                   ("conversation", "3"), ("filters_changed",), ("announcement", "4"), ("announcement.reaction", "x"),
                   ("announcement.delete", "4"), ("encrypted_message", "5"), ("notifications_merged",),
                   ("unknown", "what", "ever"), ("heartbeat",), ("ws_error", "Unknown stream type", None),
                   ("abort", "gone")]
    assert anys == ["update", "status.update", "delete", "notification", "conversation", "filters_changed",
                    "announcement", "announcement.reaction", "announcement.delete", "encrypted_message",
                    "notifications_merged", "what"]


def test_callback_listener_without_handlers_ignores_everything(caplog):
    listener = CallbackStreamListener()
    dispatch_sse(listener, sse_event("update", status(1)) + sse_event("delete", "1") + b":thump\n")
    listener.on_abort(MastodonNetworkError("gone"))  # logged, not raised
    assert "gone" in caplog.text


def test_handle_websocket_message_decodes_the_envelope():
    r = Recorder()
    st = status(7)
    r.handle_websocket_message(json.dumps({"stream": ["public"], "event": "update", "payload": json.dumps(st)}))
    r.handle_websocket_message(json.dumps({"stream": ["public"], "event": "delete", "payload": "7"}))
    r.handle_websocket_message(json.dumps({"stream": ["user"], "event": "filters_changed"}))
    r.handle_websocket_message({"stream": ["user"], "event": "notification", "payload": notification(1, 1)})  # object
    r.handle_websocket_message(b'{"error": "Missing access token", "status": 401}')
    assert r.calls[0] == ("on_update", (decode_json(json.dumps(st)),))
    assert r.calls[1] == ("on_any_event", ("update", decode_json(json.dumps(st)), ["public"]))
    assert r.calls[2] == ("on_delete", ("7",))
    assert r.calls[4] == ("on_filters_changed", ())
    assert r.calls[6][0] == "on_notification" and r.calls[6][1][0].created_at.tzinfo is not None
    assert r.calls[8] == ("on_websocket_error", ({"error": "Missing access token", "status": 401}, None))


@pytest.mark.parametrize("message", ["not json", "[1]", '{"stream": ["user"]}', '{"event": 5}'])
def test_malformed_websocket_messages(message):
    with pytest.raises(MastodonMalformedEventError):
        StreamListener().handle_websocket_message(message)


def test_handle_stream_reads_a_real_response(server):
    """handle_stream on a requests response from a server that sends two events and ends the stream."""
    import requests
    from loopback import Reply

    server.route("GET", "/events", Reply(iter([sse_event("update", status(1))[:30], sse_event("update", status(1))[30:],
                                              b":thump\n", sse_event("delete", "1")]), chunked=True))
    r = Recorder()
    response = requests.get(server.url + "/events", stream=True, timeout=5)
    with pytest.raises(MastodonNetworkError):
        r.handle_stream(response)
    assert [name for name, _ in r.calls if name != "on_any_event"] == ["on_update", "handle_heartbeat", "on_delete"]


def test_listener_subclass_without_init_call():
    class Mine(StreamListener):
        def __init__(self):  # does not call super().__init__
            self.seen = []

        def on_update(self, status):
            self.seen.append(status.id)

    m = Mine()
    m.handle_websocket_message({"stream": ["user"], "event": "update", "payload": json.dumps(status(3))})
    assert m.seen == ["3"]


def test_duck_typed_listener_missing_methods():
    class Minimal:
        def __init__(self):
            self.seen = []

        def on_update(self, status):
            self.seen.append(status.id)

    m = Minimal()
    dispatch_sse(m, sse_event("update", status(2)) + sse_event("delete", "2") + b":thump\n")
    assert m.seen == ["2"]
