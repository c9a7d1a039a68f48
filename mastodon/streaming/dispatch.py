"""From a received event to a listener call: the event table, payload decoding, and the dispatcher both transports share."""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from ..core.casting import compiled_caster
from ..core.values import convert_value, convert_value_raw, decode_json, decode_json_raw
from ..errors import MastodonMalformedEventError

__all__ = ["EVENTS", "EVENT_TYPES", "EventDispatcher", "ListenerError", "StreamEvent", "parse_envelope", "stream_of", "handler_name",
           "event_caster", "JSON", "ID", "NONE"]

#: How an event's payload is read: a JSON entity, a bare id string, or nothing at all.
JSON, ID, NONE = 0, 1, 2

#: Event name -> (listener method, payload kind).
EVENTS: Dict[str, Tuple[str, int]] = {
    "update": ("on_update", JSON),
    "status.update": ("on_status_update", JSON),
    "delete": ("on_delete", ID),
    "notification": ("on_notification", JSON),
    "conversation": ("on_conversation", JSON),
    "filters_changed": ("on_filters_changed", NONE),
    "announcement": ("on_announcement", JSON),
    "announcement.reaction": ("on_announcement_reaction", JSON),
    "announcement.delete": ("on_announcement_delete", ID),
    "notifications_merged": ("on_notifications_merged", NONE),
    "encrypted_message": ("on_encrypted_message", JSON),
}

#: Event name -> the entity class (in :mod:`mastodon.return_types`) its JSON payload is cast to, as
#: REST results of that entity are. JSON events not named here (``encrypted_message``, events
#: outside the table) are decoded the untyped way: dicts, datetimes recognised by key name.
EVENT_TYPES: Dict[str, str] = {
    "update": "Status",
    "status.update": "Status",
    "notification": "Notification",
    "conversation": "Conversation",
    "announcement": "Announcement",
    "announcement.reaction": "StreamReaction",
}

def event_caster(name: str) -> Optional[Callable[[Any], Any]]:
    """The caster of the typed payload of event ``name`` (see :data:`EVENT_TYPES`), None for untyped events.

    The entity classes are imported here, on the first stream, not with the package.
    """
    cls_name = EVENT_TYPES.get(name)
    if cls_name is None:
        return None
    from .. import return_types
    return compiled_caster(getattr(return_types, cls_name))  # cached by casting


#: Listener methods that are not events: an event whose name maps to one goes to on_unknown_event.
NOT_EVENTS = frozenset(("on_abort", "on_any_event", "on_unknown_event", "on_websocket_error"))
#: How many names of events outside the table a dispatcher remembers the handler of.
_DYNAMIC_CACHE = 64

Payload = Union[None, bytes, str, Dict[str, Any], List[Any]]
#: Decides whether a decoded event reaches the listener (reconnection bookkeeping, duplicates).
Gate = Callable[[str, Any], bool]


class StreamEvent:
    """One received event as a value: what ``AsyncMastodon.stream_events`` yields.

    ``event`` is its name (``"update"``, ``"notification"``, ...), ``payload`` the value a
    listener method gets for it (a Status, a Notification, an id string, None for events
    without payload), ``stream`` the stream it belongs to as the WebSocket API names it
    (``["user"]``, ``["hashtag", "python"]``).
    """

    __slots__ = ("event", "payload", "stream")

    def __init__(self, event: str, payload: Any, stream: Optional[List[str]]) -> None:
        self.event = event
        self.payload = payload
        self.stream = stream

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StreamEvent):
            return NotImplemented
        return (self.event, self.payload, self.stream) == (other.event, other.payload, other.stream)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<StreamEvent {self.event} {':'.join(self.stream or [])} {self.payload!r:.80}>"


class ListenerError(Exception):
    """An exception raised by a listener method, carried through the stream machinery (``error``)."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(error)
        self.error = error


def mark_listener_errors(method: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a listener method so that what it raises arrives as :class:`ListenerError`."""
    def call(*args: Any) -> Any:
        try:
            return method(*args)
        except Exception as e:
            raise ListenerError(e) from e
    return call


def handler_name(event: str) -> str:
    """The listener method for an event: ``status.update`` -> ``on_status_update``."""
    return "on_" + event.replace(".", "_")


def _text(payload: Payload) -> str:
    if payload.__class__ is bytes:
        return payload.decode("utf-8", "replace")  # type: ignore[union-attr]
    return payload if isinstance(payload, str) else json.dumps(payload)


def decode_entity(name: str, payload: Payload, caster: Optional[Callable[[Any], Any]] = None) -> Any:
    """The JSON payload of ``name`` as API values; MastodonMalformedEventError if it is not a JSON object.

    With the ``caster`` of a typed event (:func:`event_caster`) the payload becomes its entity
    class, datetimes where the class declares them; without, datetimes are recognised by key name.
    """
    if payload is None:
        raise MastodonMalformedEventError(f"the {name!r} event has no payload")
    try:
        if payload.__class__ is bytes or isinstance(payload, str):  # SSE data, WebSocket payload text
            value = decode_json(payload) if caster is None else decode_json_raw(payload)  # type: ignore[arg-type]
        else:
            value = convert_value(payload) if caster is None else convert_value_raw(payload)
    except (ValueError, RecursionError) as e:
        raise _not_json(name, payload) from e
    if not isinstance(value, dict):
        raise MastodonMalformedEventError(f"the payload of a {name!r} event is not a JSON object: {value!r:.100}")
    return value if caster is None else caster(value)


def _not_json(name: str, payload: Payload) -> MastodonMalformedEventError:
    return MastodonMalformedEventError(f"the payload of a {name!r} event is not JSON: {_text(payload)[:100]!r}")


def decode_id(name: str, payload: Payload) -> str:
    """The id a ``delete``-like event carries, as a string (bare, or JSON-quoted by some servers)."""
    if payload is None:
        raise MastodonMalformedEventError(f"the {name!r} event has no id")
    if isinstance(payload, (int, str, bytes)) and not isinstance(payload, bool):
        text = _text(payload).strip() if not isinstance(payload, int) else str(payload)
        if text[:1] == '"':
            try:
                text = json.loads(text)
            except ValueError:
                text = ""
        if text and isinstance(text, str):
            return text
    raise MastodonMalformedEventError(f"the {name!r} event does not carry an id: {payload!r:.100}")


def _ignore(*args: Any) -> None:
    """Stands in for a listener method the listener does not have."""


def decode_unknown(name: str, payload: Payload) -> Any:
    """The payload of an event outside the table: API values (None if absent); MastodonMalformedEventError if not JSON."""
    if payload is None:
        return None
    try:
        if payload.__class__ is bytes or isinstance(payload, str):
            return decode_json(payload)  # type: ignore[arg-type]
        return convert_value(payload)
    except (ValueError, RecursionError) as e:
        raise _not_json(name, payload) from e


class EventDispatcher:
    """Calls a listener for received events; one per stream (or WebSocket subscription).

    :meth:`dispatch` decodes a raw payload, :meth:`deliver` takes an already decoded value
    (events fetched through the REST API after a reconnection). Both pass the event through
    the optional ``gate`` first, then call the listener's ``on_any_event``, then its method
    for the event. An event outside the table goes to the listener's ``on_<event>`` (dots
    become underscores) if it has one, else to ``on_unknown_event(name, payload)``. An event
    without a name raises :class:`MastodonMalformedEventError`. ``stream`` is what
    ``on_any_event`` receives as ``for_stream`` when the transport does not say it.
    """

    __slots__ = ("listener", "stream", "gate", "_table", "_any", "_unknown", "_heartbeat", "_ws_error", "_wrap", "_dynamic")

    def __init__(self, listener: Any, stream: Optional[List[str]] = None, gate: Optional[Gate] = None,
                 wrap: Optional[Callable[[Callable[..., Any]], Callable[..., Any]]] = None) -> None:
        self.listener = listener
        self.stream = stream
        self.gate = gate
        self._wrap = wrap
        #: Event name -> (listener method, payload kind, caster of a typed payload or None).
        self._table = {name: (self._bind(method), kind, event_caster(name)) for name, (method, kind) in EVENTS.items()}
        self._any = self._bind("on_any_event")
        self._unknown = self._bind("on_unknown_event")
        self._heartbeat = self._bind("handle_heartbeat")
        self._ws_error = self._bind("on_websocket_error")
        self._dynamic: Dict[str, Optional[Callable[..., Any]]] = {}

    def _bind(self, method: str) -> Callable[..., Any]:
        bound = getattr(self.listener, method, None) or _ignore
        return self._wrap(bound) if self._wrap is not None else bound

    def _handler_for(self, name: str) -> Optional[Callable[..., Any]]:
        """The listener's own ``on_<event>`` for an event outside the table, or None."""
        try:
            return self._dynamic[name]
        except KeyError:
            pass
        method = handler_name(name)
        found = getattr(self.listener, method, None) if method not in NOT_EVENTS and method.isidentifier() else None
        handler = (self._wrap(found) if self._wrap is not None else found) if callable(found) else None
        if len(self._dynamic) < _DYNAMIC_CACHE:
            self._dynamic[name] = handler
        return handler

    def dispatch(self, name: str, payload: Payload, for_stream: Optional[List[str]] = None) -> None:
        """Decode the payload of event ``name`` and hand it to the listener."""
        entry = self._table.get(name)
        if entry is None:
            if not name:
                shown = _text(payload)[:100] if payload is not None else None
                raise MastodonMalformedEventError(f"an event without a name, with data {shown!r}")
            self._other(name, decode_unknown(name, payload), for_stream)
            return
        handler, kind, caster = entry
        # The hot path of every stream: typed events decoded as REST answers of their entity are.
        value = decode_entity(name, payload, caster) if kind == JSON else \
            decode_id(name, payload) if kind == ID else None
        if self.gate is None or self.gate(name, value):
            self._any(name, value, for_stream or self.stream)
            if kind == NONE:
                handler()
            else:
                handler(value)

    def _other(self, name: str, value: Any, for_stream: Optional[List[str]]) -> None:
        """An event outside the table, decoded: ``on_<event>(value)`` or ``on_unknown_event(name, value)``."""
        if self.gate is not None and not self.gate(name, value):
            return
        self._any(name, value, for_stream or self.stream)
        handler = self._handler_for(name)
        if handler is not None:
            handler(value)
        else:
            self._unknown(name, value)

    def deliver(self, name: str, value: Any, for_stream: Optional[List[str]] = None) -> None:
        """Hand an already decoded event to the listener (through the gate)."""
        entry = self._table.get(name)
        if entry is None:
            self._other(name, value, for_stream)
            return
        if self.gate is not None and not self.gate(name, value):
            return
        self._any(name, value, for_stream or self.stream)
        if entry[1] == NONE:
            entry[0]()
        else:
            entry[0](value)

    def heartbeat(self, line: bytes = b"") -> None:
        """A keep-alive comment arrived."""
        self._heartbeat()

    def websocket_error(self, error: Any, for_stream: Optional[List[str]] = None) -> None:
        """The WebSocket server reported an error (a JSON object with ``error``)."""
        self._ws_error(convert_value(error), for_stream)

    def dispatch_websocket(self, message: Union[str, bytes, Dict[str, Any]]) -> None:
        """Handle one WebSocket message of the streaming API (JSON text or already decoded)."""
        envelope = parse_envelope(message)
        if "event" not in envelope:
            self.websocket_error(envelope, stream_of(envelope))
            return
        self.dispatch(envelope["event"], envelope.get("payload"), stream_of(envelope))


def parse_envelope(message: Union[str, bytes, Dict[str, Any]]) -> Dict[str, Any]:
    """The JSON object around a WebSocket event: ``{"stream": [...], "event": ..., "payload": ...}``.

    Raises :class:`MastodonMalformedEventError` for anything else.
    """
    if isinstance(message, dict):
        envelope: Any = message
    elif isinstance(message, (str, bytes, bytearray)):
        try:
            envelope = json.loads(message)
        except (ValueError, RecursionError) as e:
            raise MastodonMalformedEventError(f"a WebSocket message is not JSON: {message!r:.100}") from e
    else:
        raise MastodonMalformedEventError(f"a WebSocket message is not JSON text: {message!r:.100}")
    if not isinstance(envelope, dict) or not ("event" in envelope or "error" in envelope):
        raise MastodonMalformedEventError(f"a WebSocket message is not an event: {message!r:.100}")
    if "event" in envelope and (not isinstance(envelope["event"], str) or not envelope["event"]):
        raise MastodonMalformedEventError(f"a WebSocket message has no event name: {message!r:.100}")
    return envelope  # type: ignore[no-any-return]


def stream_of(envelope: Dict[str, Any]) -> Optional[List[str]]:
    """The stream an envelope names, as a list of strings (None if it names none)."""
    stream = envelope.get("stream")
    if isinstance(stream, str):
        return [stream]
    if isinstance(stream, list) and stream:
        return [item if isinstance(item, str) else json.dumps(item) for item in stream]
    return None
