"""Listeners and the dispatcher: which method gets which event, decoded exactly like REST results."""

import json
import logging
from datetime import datetime, timezone

import pytest
from stream_servers import conversation, notification, sse_event, status

from mastodon.core.casting import cast_result
from mastodon.core.values import AttribAccessDict, decode_json_raw
from mastodon.return_types import Status
from mastodon.errors import MastodonIllegalArgumentError, MastodonMalformedEventError, MastodonNetworkError
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


def as_status(value):
    """A status as a REST call returns it: a Status, with every declared key (None where absent)."""
    return cast_result(decode_json_raw(json.dumps(value)), Status)


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
    assert got["on_update"] == (as_status(st),)
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


def test_on_any_event_precedes_every_event_with_its_stream():
    r = Recorder()
    dispatch_sse(r, sse_event("update", status(1)) + sse_event("delete", "1") + sse_event("filters_changed") +
                 sse_event("mystery", {"x": 1}), ["hashtag", "python"])
    names = [name for name, _ in r.calls]
    # Mastodon.py 2.x documents on_any_event as called before the specific method.
    assert names == ["on_any_event", "on_update", "on_any_event", "on_delete", "on_any_event", "on_filters_changed",
                     "on_any_event", "on_unknown_event"]
    anys = [args for name, args in r.calls if name == "on_any_event"]
    assert [a[0] for a in anys] == ["update", "delete", "filters_changed", "mystery"]
    assert anys[0][1].id == "1" and anys[1][1] == "1" and anys[2][1] is None
    assert all(a[2] == ["hashtag", "python"] for a in anys)


def test_unknown_events_carry_json_or_none():
    r = Recorder()
    dispatch_sse(r, sse_event("new.kind", {"created_at": "2024-05-01T00:00:00Z"}) + sse_event("plain", '"text"') +
                 sse_event("number", "42") + b"event: bare\n\n")
    unknown = [args for name, args in r.calls if name == "on_unknown_event"]
    assert unknown[0][0] == "new.kind" and unknown[0][1].created_at.tzinfo is not None
    assert unknown[1:] == [("plain", "text"), ("number", 42), ("bare", None)]


@pytest.mark.parametrize("raw", [
    b"event: mystery\ndata: not json\n\n",
    b"event: mystery\ndata: {\"cut\": \n\n",
    b"event: mystery\ndata: \xff\xfe\n\n",
    b"event: mystery\ndata: " + b"[" * 100000 + b"\n\n",  # nesting deeper than any decoder recurses
    b"data: {}\n\n",  # data without an event name
    b"event:\ndata: {}\n\n",  # an empty event name
    b"event: \xff\xfe\ndata: {}\n\n",  # a name that is not UTF-8
])
def test_unknown_events_must_be_well_formed(raw):
    r = Recorder()
    with pytest.raises(MastodonMalformedEventError):
        dispatch_sse(r, raw)
    assert not [name for name, _ in r.calls if name in ("on_unknown_event", "on_any_event")]


class WithOwnHandlers(StreamListener):
    """Handlers for events this library has no method for, named as 2.x documents."""

    def __init__(self):
        self.got = []

    def on_status_quote(self, payload):
        self.got.append(("on_status_quote", payload))

    def on_foo_bar(self, payload):
        self.got.append(("on_foo_bar", payload))

    def on_unknown_event(self, name, unknown_event=None):
        self.got.append(("unknown", name, unknown_event))


def test_an_event_outside_the_table_goes_to_the_listeners_own_method():
    listener = WithOwnHandlers()
    dispatch_sse(listener, sse_event("status.quote", {"id": "5"}) + sse_event("foo.bar", [1, 2]) +
                 sse_event("foo_bar", '"x"') + sse_event("other.thing", {"a": 1}) +
                 sse_event("abort", {"a": 2}) + sse_event("any.event", "1") + sse_event("unknown.event", "2") +
                 sse_event("websocket_error", "3") + sse_event("a b", "4"))
    assert listener.got == [("on_status_quote", {"id": "5"}), ("on_foo_bar", [1, 2]), ("on_foo_bar", "x"),
                            ("unknown", "other.thing", {"a": 1}),
                            # names that would reach the listener's non-event methods stay unknown events
                            ("unknown", "abort", {"a": 2}), ("unknown", "any.event", 1),
                            ("unknown", "unknown.event", 2), ("unknown", "websocket_error", 3),
                            ("unknown", "a b", 4)]
    # The same over WebSocket.
    listener = WithOwnHandlers()
    listener.handle_websocket_message(json.dumps({"stream": ["user"], "event": "status.quote",
                                                  "payload": json.dumps({"id": "6"})}))
    assert listener.got == [("on_status_quote", {"id": "6"})]


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
    b"event: update\ndata: " + b"{\"a\":" * 100000 + b"\n\n",  # nesting deeper than any decoder recurses
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
        "stream_error_handler": lambda error, for_stream: got.append(("ws_error", error.error, for_stream)),
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
        sse_event("notifications_merged"), sse_event("what", '"ever"'), b":thump\n"]))
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
    with caplog.at_level(logging.DEBUG, logger="mastodon.streaming"):
        dispatch_sse(listener, sse_event("update", status(1)) + sse_event("delete", "1") + b":thump\n")
        listener.on_abort(MastodonNetworkError("gone"))  # not raised; logged at DEBUG only
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [(logging.DEBUG, "stream aborted: gone")]


def test_handle_websocket_message_decodes_the_envelope():
    r = Recorder()
    st = status(7)
    r.handle_websocket_message(json.dumps({"stream": ["public"], "event": "update", "payload": json.dumps(st)}))
    r.handle_websocket_message(json.dumps({"stream": ["public"], "event": "delete", "payload": "7"}))
    r.handle_websocket_message(json.dumps({"stream": ["user"], "event": "filters_changed"}))
    r.handle_websocket_message({"stream": ["user"], "event": "notification", "payload": notification(1, 1)})  # object
    r.handle_websocket_message(b'{"error": "Missing access token", "status": 401}')
    assert r.calls[0] == ("on_any_event", ("update", as_status(st), ["public"]))
    assert r.calls[1] == ("on_update", (as_status(st),))
    assert r.calls[3] == ("on_delete", ("7",))
    assert r.calls[5] == ("on_filters_changed", ())
    assert r.calls[7][0] == "on_notification" and r.calls[7][1][0].created_at.tzinfo is not None
    assert r.calls[8] == ("on_websocket_error", ({"error": "Missing access token", "status": 401}, None))


@pytest.mark.parametrize("message", ["not json", "[1]", '{"stream": ["user"]}', '{"event": 5}'])
def test_malformed_websocket_messages(message):
    with pytest.raises(MastodonMalformedEventError):
        StreamListener().handle_websocket_message(message)


def test_handle_stream_reads_a_real_response_until_it_ends(server):
    """handle_stream on a requests response from a server that sends events and ends the stream."""
    import requests
    from loopback import Reply

    server.route("GET", "/events", Reply(iter([sse_event("update", status(1))[:30], sse_event("update", status(1))[30:],
                                              b":thump\n", sse_event("delete", "1")]), chunked=True))
    r = Recorder()
    response = requests.get(server.url + "/events", stream=True, timeout=5)
    assert r.handle_stream(response) is None  # the end of the body is a normal return
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


# -- CallbackStreamListener as Mastodon.py 2.x scripts build it ------------------------------------------

POSITIONAL_2X = ["update_handler", "local_update_handler", "delete_handler", "notification_handler",
                 "conversation_handler", "unknown_event_handler", "status_update_handler", "filters_changed_handler",
                 "announcement_handler", "announcement_reaction_handler", "announcement_delete_handler",
                 "encryted_message_handler", "notifications_merged_handler", "stream_error_handler"]


def test_callback_listener_parameters_in_the_2x_order():
    import inspect
    params = list(inspect.signature(CallbackStreamListener).parameters.values())
    positional = [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
    assert positional == POSITIONAL_2X
    keyword_only = [p.name for p in params if p.kind is p.KEYWORD_ONLY]
    assert keyword_only == ["encrypted_message_handler", "any_event_handler", "websocket_error_handler",
                            "abort_handler", "heartbeat_handler"]
    assert all(p.default is None for p in params)


def test_callback_listener_positional_handlers_reach_their_events():
    got = []

    def record(tag):
        return lambda *args: got.append((tag,) + tuple(a.id if hasattr(a, "get") and "id" in a else a
                                                        for a in args))

    listener = CallbackStreamListener(*[record(name) for name in POSITIONAL_2X])
    local = status(1)
    remote = status(2)
    remote["account"] = {**remote["account"], "acct": "someone@elsewhere.example"}
    dispatch_sse(listener, b"".join([
        sse_event("update", local), sse_event("update", remote), sse_event("delete", "1"),
        sse_event("notification", notification(3, 3)), sse_event("conversation", conversation(4, 1)),
        sse_event("brand.new", '"x"'), sse_event("status.update", status(1)), sse_event("filters_changed"),
        sse_event("announcement", {"id": "5"}),
        sse_event("announcement.reaction", {"name": "x", "count": 1, "announcement_id": "5"}),
        sse_event("announcement.delete", "5"), sse_event("encrypted_message", {"id": "6"}),
        sse_event("notifications_merged")]))
    listener.handle_websocket_message('{"error": "Unknown stream type", "status": 400, "stream": ["nope"]}')
    assert got == [
        ("update_handler", "1"), ("local_update_handler", "1"),  # local: acct without "@"
        ("update_handler", "2"),  # remote: no local_update_handler call
        ("delete_handler", "1"), ("notification_handler", "3"), ("conversation_handler", "4"),
        ("unknown_event_handler", "brand.new", "x"), ("status_update_handler", "1"), ("filters_changed_handler",),
        ("announcement_handler", "5"), ("announcement_reaction_handler", {"name": "x", "count": 1,
                                                                          "announcement_id": "5"}),
        ("announcement_delete_handler", "5"), ("encryted_message_handler", "6"), ("notifications_merged_handler",),
        ("stream_error_handler", {"error": "Unknown stream type", "status": 400, "stream": ["nope"]}, ["nope"]),
    ]


def test_local_update_handler_skips_updates_without_an_account():
    local = []
    listener = CallbackStreamListener(local_update_handler=local.append)
    broken = status(1)
    del broken["account"]
    dispatch_sse(listener, sse_event("update", broken) + sse_event("update", {**status(2), "account": None}) +
                 sse_event("update", status(3)))
    assert [s.id for s in local] == ["3"]


def test_both_spellings_of_the_encrypted_message_handler():
    for kwargs in ({"encryted_message_handler": "F"}, {"encrypted_message_handler": "F"}):
        got = []
        kwargs = {k: got.append for k in kwargs}
        listener = CallbackStreamListener(**kwargs)
        dispatch_sse(listener, sse_event("encrypted_message", {"id": "9"}))
        assert [m.id for m in got] == ["9"]
        assert listener.encryted_message_handler is listener.encrypted_message_handler
    with pytest.raises(MastodonIllegalArgumentError, match="encryted_message_handler"):
        CallbackStreamListener(encryted_message_handler=print, encrypted_message_handler=repr)


def test_stream_error_handler_with_one_or_two_parameters():
    got = []
    one = CallbackStreamListener(stream_error_handler=lambda error: got.append(("one", error.error)))
    two = CallbackStreamListener(websocket_error_handler=lambda error, stream: got.append(("two", error.error, stream)))
    one.handle_websocket_message('{"error": "a", "status": 400}')
    two.handle_websocket_message('{"error": "b", "status": 400, "stream": ["user"]}')
    assert got == [("one", "a"), ("two", "b", ["user"])]
    with pytest.raises(MastodonIllegalArgumentError):
        CallbackStreamListener(stream_error_handler=print, websocket_error_handler=repr)


def test_listener_exceptions_pass_through_handle_websocket_message_unchanged():
    class Boom(StreamListener):
        def on_delete(self, status_id):
            raise KeyError(status_id)

    with pytest.raises(KeyError, match="8"):
        Boom().handle_websocket_message({"stream": ["user"], "event": "delete", "payload": "8"})
