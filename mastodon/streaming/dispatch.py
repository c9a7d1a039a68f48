"""From a received event to a listener call: the event table, payload decoding, and the dispatcher both transports share."""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from ..core.values import convert_value, decode_json
from ..errors import MastodonMalformedEventError

__all__ = ["EVENTS", "EventDispatcher", "parse_envelope", "stream_of", "JSON", "ID", "NONE"]

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

Payload = Union[None, bytes, str, Dict[str, Any], List[Any]]
#: Decides whether a decoded event reaches the listener (reconnection bookkeeping, duplicates).
Gate = Callable[[str, Any], bool]


def _text(payload: Payload) -> str:
    if payload.__class__ is bytes:
        return payload.decode("utf-8", "replace")  # type: ignore[union-attr]
    return payload if isinstance(payload, str) else json.dumps(payload)


def decode_entity(name: str, payload: Payload) -> Any:
    """The JSON payload of ``name`` as API values; MastodonMalformedEventError if it is not a JSON object."""
    if payload is None:
        raise MastodonMalformedEventError(f"the {name!r} event has no payload")
    cls = payload.__class__
    try:
        value = decode_json(payload) if cls is bytes or cls is str else convert_value(payload)  # type: ignore
    except ValueError as e:
        raise MastodonMalformedEventError(
            f"the payload of a {name!r} event is not JSON: {_text(payload)[:100]!r}") from e
    if not isinstance(value, dict):
        raise MastodonMalformedEventError(f"the payload of a {name!r} event is not a JSON object: {value!r:.100}")
    return value


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


def decode_unknown(payload: Payload) -> Any:
    """An unknown event's payload: API values when it is JSON, else the text (None if absent)."""
    if payload is None:
        return None
    if payload.__class__ is not bytes and not isinstance(payload, str):
        return convert_value(payload)
    try:
        return decode_json(payload)  # type: ignore[arg-type]
    except ValueError:
        return _text(payload)


class EventDispatcher:
    """Calls a listener for received events; one per stream (or WebSocket subscription).

    :meth:`dispatch` decodes a raw payload, :meth:`deliver` takes an already decoded value
    (events fetched through the REST API after a reconnection). Both pass the event through
    the optional ``gate`` first, then call the listener's method for the event, then its
    ``on_any_event``. Unknown events go to ``on_unknown_event``. ``stream`` is what
    ``on_any_event`` receives as ``for_stream`` when the transport does not say it.
    """

    __slots__ = ("listener", "stream", "gate", "_table", "_any", "_unknown", "_heartbeat", "_ws_error")

    def __init__(self, listener: Any, stream: Optional[List[str]] = None, gate: Optional[Gate] = None,
                 wrap: Optional[Callable[[Callable[..., Any]], Callable[..., Any]]] = None) -> None:
        self.listener = listener
        self.stream = stream
        self.gate = gate

        def bind(method: str) -> Callable[..., Any]:
            bound = getattr(listener, method, None) or _ignore
            return wrap(bound) if wrap is not None else bound

        self._table = {name: (bind(method), kind) for name, (method, kind) in EVENTS.items()}
        self._any = bind("on_any_event")
        self._unknown = bind("on_unknown_event")
        self._heartbeat = bind("handle_heartbeat")
        self._ws_error = bind("on_websocket_error")

    def dispatch(self, name: str, payload: Payload, for_stream: Optional[List[str]] = None) -> None:
        """Decode the payload of event ``name`` and hand it to the listener."""
        entry = self._table.get(name)
        if entry is None:
            value = decode_unknown(payload)
            if self.gate is None or self.gate(name, value):
                self._unknown(name, value)
                self._any(name, value, for_stream or self.stream)
            return
        handler, kind = entry
        if kind == JSON:
            # The hot path of every stream: SSE data as bytes, decoded exactly like REST answers.
            if payload.__class__ is bytes:
                try:
                    value = decode_json(payload)  # type: ignore[arg-type]
                except ValueError:
                    value = None
                if not isinstance(value, dict):
                    value = decode_entity(name, payload)  # raises the malformed-event error
            else:
                value = decode_entity(name, payload)
            if self.gate is None or self.gate(name, value):
                handler(value)
                self._any(name, value, for_stream or self.stream)
        elif kind == ID:
            value = decode_id(name, payload)
            if self.gate is None or self.gate(name, value):
                handler(value)
                self._any(name, value, for_stream or self.stream)
        else:
            if self.gate is None or self.gate(name, None):
                handler()
                self._any(name, None, for_stream or self.stream)

    def deliver(self, name: str, value: Any, for_stream: Optional[List[str]] = None) -> None:
        """Hand an already decoded event to the listener (through the gate)."""
        if self.gate is not None and not self.gate(name, value):
            return
        entry = self._table.get(name)
        if entry is None:
            self._unknown(name, value)
        elif entry[1] == NONE:
            entry[0]()
        else:
            entry[0](value)
        self._any(name, value, for_stream or self.stream)

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
    """The JSON object around a WebSocket event: ``{"stream": [...], "event": ..., "payload": ...}``."""
    if isinstance(message, dict):
        return message
    try:
        envelope = json.loads(message)
    except ValueError as e:
        raise MastodonMalformedEventError(f"a WebSocket message is not JSON: {message!r:.100}") from e
    if not isinstance(envelope, dict) or not ("event" in envelope or "error" in envelope):
        raise MastodonMalformedEventError(f"a WebSocket message is not an event: {message!r:.100}")
    if "event" in envelope and not isinstance(envelope["event"], str):
        raise MastodonMalformedEventError(f"a WebSocket message has no event name: {message!r:.100}")
    return envelope


def stream_of(envelope: Dict[str, Any]) -> Optional[List[str]]:
    stream = envelope.get("stream")
    if isinstance(stream, str):
        return [stream]
    return stream if isinstance(stream, list) else None
