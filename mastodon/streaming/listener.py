"""Stream listeners: the class to subclass (StreamListener) and the one that takes callables (CallbackStreamListener)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Union

from ..core.values import AttribAccessDict
from ..errors import MastodonError, MastodonIllegalArgumentError
from .dispatch import EventDispatcher, ListenerError, mark_listener_errors
from .httpstream import pump_iter_content
from .sse import SSEParser

if TYPE_CHECKING:
    from ..return_types import Announcement, Conversation, Notification, Status, StreamReaction

__all__ = ["StreamListener", "CallbackStreamListener"]

log = logging.getLogger("mastodon.streaming")


class StreamListener:
    """Receives the events of a stream: subclass it and override the methods you need.

    Every method does nothing by default. Payloads arrive typed the way REST results are:
    entities as their classes of :mod:`mastodon.return_types` (Status, Notification, ...),
    datetimes where the classes declare them, ids as strings.
    Methods are called on the thread that reads the stream, one event at a time, in the
    order the events arrived.

    An event without a method here goes to ``on_<event>`` if the subclass defines one (dots
    become underscores: ``status.quote`` -> ``on_status_quote``), called with the decoded
    payload, and otherwise to :meth:`on_unknown_event`.
    """

    # -- events -----------------------------------------------------------------------------------
    def on_update(self, status: Status) -> None:
        """A new status (``update``).

        :param status: the Status.
        """

    def on_status_update(self, status: Status) -> None:
        """A status was edited (``status.update``, Mastodon 3.5+).

        :param status: the Status as it is now.
        """

    def on_delete(self, status_id: str) -> None:
        """A status was deleted (``delete``).

        :param status_id: the deleted status's id, a string.
        """

    def on_notification(self, notification: Notification) -> None:
        """A new notification (``notification``).

        :param notification: the Notification.
        """

    def on_conversation(self, conversation: Conversation) -> None:
        """A direct conversation changed (``conversation``).

        :param conversation: the Conversation, with its newest status.
        """

    def on_filters_changed(self) -> None:
        """The user's filters changed (``filters_changed``); cached filters should be fetched again."""

    def on_announcement(self, annoucement: Announcement) -> None:
        """An announcement was published (``announcement``): an Announcement entity.

        :param annoucement: the Announcement (the parameter's spelling is kept from the
            interface this library stays compatible with).
        """

    def on_announcement_reaction(self, reaction: StreamReaction) -> None:
        """Someone reacted to an announcement (``announcement.reaction``).

        :param reaction: the StreamReaction: the emoji's ``name``, its ``count`` and the
            ``announcement_id``.
        """

    def on_announcement_delete(self, annoucement_id: str) -> None:
        """An announcement was withdrawn (``announcement.delete``).

        :param annoucement_id: the announcement's id, a string.
        """

    def on_encrypted_message(self, unclear: AttribAccessDict) -> None:
        """An ``encrypted_message`` event (an unfinished Mastodon feature).

        :param unclear: the decoded payload.
        """

    def on_notifications_merged(self) -> None:
        """Accepted notification requests were merged (``notifications_merged``, Mastodon 4.3+): reload notifications."""

    def on_unknown_event(self, name: str, unknown_event: Any = None) -> None:
        """An event this listener has no method for (from a newer server).

        :param name: the event's name.
        :param unknown_event: its payload, decoded like API values (None if the event had none).
        """

    def on_any_event(self, name: str, data: Any = None, for_stream: Optional[List[str]] = None) -> None:
        """Called for every event, known or not, before the event's own method.

        :param name: the event name, e.g. ``"update"``.
        :param data: the decoded payload (None for events without one).
        :param for_stream: the stream the event belongs to, as the WebSocket API names it:
            e.g. ``["user"]``, ``["hashtag", "python"]``, ``["list", "42"]``.
        """

    # -- connection state -------------------------------------------------------------------------
    def on_abort(self, err: Exception) -> None:
        """A connection ended because of ``err`` (network failure, silence past the timeout,
        malformed event, or an exception raised by this listener in a background stream).

        Called before ``err`` is raised: afterwards :meth:`handle_stream` and a blocking
        ``stream_*`` call raise it; a background handle reconnects when ``reconnect_async`` is
        set (and ``err`` is worth retrying), and otherwise stops. The default does nothing
        (background handles log what happens on the ``mastodon.streaming`` logger).

        :param err: the exception that ended the connection.
        """
        log.debug("stream aborted: %s", err)

    def on_websocket_error(self, error: AttribAccessDict, for_stream: Optional[List[str]] = None) -> None:
        """The WebSocket server reported an error (e.g. ``{"error": "Unknown stream type", "status": 400}``).

        The connection stays open; the subscription the error is about (if the server said) is
        ``for_stream``. The default logs it.

        :param error: the server's message, e.g. with ``error`` and ``status``.
        :param for_stream: the stream the error is about, when the server names one.
        """
        log.warning("the streaming server reported an error%s: %s",
                    f" for {for_stream}" if for_stream else "", error)

    def handle_heartbeat(self) -> None:
        """A keep-alive message arrived (the server sends one every few seconds on SSE streams)."""

    # -- feeding a listener by hand ---------------------------------------------------------------
    def handle_stream(self, response: Any) -> None:
        """Read a server-sent-event stream and call this listener for every event in it.

        :param response: a ``requests`` response opened with ``stream=True``, or any object
            with an ``iter_content(chunk_size)`` method yielding the bytes of the stream (nothing
            else of it is used, and it is not closed).
        :returns: None, when the body ends (an event cut off by the end is dropped).

        Transport failures raise :class:`MastodonNetworkError` (:class:`MastodonReadTimeout`
        when the response's read timeout passes in silence), and an event that cannot be
        decoded :class:`MastodonMalformedEventError`; :meth:`on_abort` gets the error first.
        Exceptions raised by this listener's own methods pass through unchanged. The
        ``stream_*`` methods do this (and reconnecting) for you.
        """
        dispatcher = self._mastodon_dispatcher()
        parser = SSEParser(dispatcher.dispatch, dispatcher.heartbeat)
        failure: Optional[BaseException] = None
        try:
            pump_iter_content(response, parser)
        except ListenerError as e:
            failure = e.error
        except MastodonIllegalArgumentError:
            raise
        except MastodonError as e:
            self.on_abort(e)
            failure = e
        if failure is not None:
            # Raised outside the except blocks: the error keeps its own context.
            raise failure

    def handle_websocket_message(self, message: Union[str, bytes, Dict[str, Any]]) -> None:
        """Dispatch one message of the WebSocket streaming API to this listener.

        Raises :class:`MastodonMalformedEventError` for a message that is not a streaming API
        event; what this listener's methods raise passes through unchanged.

        :param message: the message's JSON text (str or bytes), or the message already decoded.
        """
        failure: Optional[BaseException] = None
        try:
            self._mastodon_dispatcher().dispatch_websocket(message)
        except ListenerError as e:
            failure = e.error
        if failure is not None:
            raise failure

    def _mastodon_dispatcher(self) -> EventDispatcher:
        # Subclasses need not call __init__, so the dispatcher is made on first use.
        dispatcher = self.__dict__.get("_mastodon_event_dispatcher")
        if dispatcher is None:
            dispatcher = self.__dict__["_mastodon_event_dispatcher"] = EventDispatcher(
                self, wrap=mark_listener_errors)
        return dispatcher


Handler = Optional[Callable[..., Any]]


def _error_handler(handler: Callable[..., Any]) -> Callable[..., Any]:
    """Call a WebSocket error handler with ``(error, for_stream)``, or ``(error)`` if it takes one argument."""
    import inspect  # here, not on the import path of the package: only WebSocket error messages need it
    try:
        signature = inspect.signature(handler)
        signature.bind(None, None)
    except TypeError:
        return lambda error, for_stream: handler(error)
    except ValueError:  # no signature to read (some builtins): give both
        pass
    return handler


def _alias(name: str) -> Any:
    """An attribute that reads and sets the attribute ``name``."""
    return property(lambda self: getattr(self, name), lambda self, value: setattr(self, name, value),
                    doc=f"The same as ``{name}``.")


def _either(name: str, value: Handler, alias: str, alias_value: Handler) -> Handler:
    if value is not None and alias_value is not None and value is not alias_value:
        raise MastodonIllegalArgumentError(f"{name} and {alias} are the same handler; pass one of them")
    return value if value is not None else alias_value


class CallbackStreamListener(StreamListener):
    """A listener made of callables, one per event: ``CallbackStreamListener(update_handler=print)``.

    Each ``<event>_handler`` is called with what the matching ``on_<event>`` method of
    :class:`StreamListener` receives; handlers left as None ignore their event. The
    positional order is the one Mastodon.py 2.x scripts use; the handlers after
    ``stream_error_handler`` are keyword-only.

    :param update_handler: ``(status)`` for every new status (``update``).
    :param local_update_handler: ``(status)`` for every new status whose author is local
        (an ``acct`` without ``@``), after ``update_handler``.
    :param delete_handler: ``(status_id)``.
    :param notification_handler: ``(notification)``.
    :param conversation_handler: ``(conversation)``.
    :param unknown_event_handler: ``(name, payload)`` for events no other handler takes.
    :param status_update_handler: ``(status)`` for edits (``status.update``).
    :param filters_changed_handler: ``()``.
    :param announcement_handler: ``(announcement)``.
    :param announcement_reaction_handler: ``(reaction)``.
    :param announcement_delete_handler: ``(announcement_id)``.
    :param encryted_message_handler: ``(payload)`` for ``encrypted_message`` (spelt as
        Mastodon.py 2.x spells it; ``encrypted_message_handler`` is the same).
    :param notifications_merged_handler: ``()``.
    :param stream_error_handler: ``(error, for_stream)`` or ``(error)`` for the error
        messages of the WebSocket server (``websocket_error_handler`` is the same).
    :param encrypted_message_handler: see ``encryted_message_handler``.
    :param any_event_handler: ``(name, payload, for_stream)`` for every event, before its own handler.
    :param websocket_error_handler: see ``stream_error_handler``.
    :param abort_handler: ``(err)`` when a connection ends with an error (see
        :meth:`StreamListener.on_abort`).
    :param heartbeat_handler: ``()`` for every keep-alive.
    """

    def __init__(
        self,
        update_handler: Handler = None,
        local_update_handler: Handler = None,
        delete_handler: Handler = None,
        notification_handler: Handler = None,
        conversation_handler: Handler = None,
        unknown_event_handler: Handler = None,
        status_update_handler: Handler = None,
        filters_changed_handler: Handler = None,
        announcement_handler: Handler = None,
        announcement_reaction_handler: Handler = None,
        announcement_delete_handler: Handler = None,
        encryted_message_handler: Handler = None,
        notifications_merged_handler: Handler = None,
        stream_error_handler: Handler = None,
        *,
        encrypted_message_handler: Handler = None,
        any_event_handler: Handler = None,
        websocket_error_handler: Handler = None,
        abort_handler: Handler = None,
        heartbeat_handler: Handler = None,
    ) -> None:
        self.update_handler = update_handler
        self.local_update_handler = local_update_handler
        self.delete_handler = delete_handler
        self.notification_handler = notification_handler
        self.conversation_handler = conversation_handler
        self.unknown_event_handler = unknown_event_handler
        self.status_update_handler = status_update_handler
        self.filters_changed_handler = filters_changed_handler
        self.announcement_handler = announcement_handler
        self.announcement_reaction_handler = announcement_reaction_handler
        self.announcement_delete_handler = announcement_delete_handler
        self.encrypted_message_handler = _either("encryted_message_handler", encryted_message_handler,
                                                 "encrypted_message_handler", encrypted_message_handler)
        self.notifications_merged_handler = notifications_merged_handler
        self.stream_error_handler = _either("stream_error_handler", stream_error_handler,
                                            "websocket_error_handler", websocket_error_handler)
        self.any_event_handler = any_event_handler
        self.abort_handler = abort_handler
        self.heartbeat_handler = heartbeat_handler

    # The other names of two handlers: 2.x's spelling, and this class's own earlier name.
    encryted_message_handler = _alias("encrypted_message_handler")
    websocket_error_handler = _alias("stream_error_handler")

    def on_update(self, status: Status) -> None:
        # Handlers may be coroutine functions (AsyncMastodon awaits what a listener method returns).
        first: Any = self.update_handler(status) if self.update_handler is not None else None
        if self.local_update_handler is not None and _is_local(status):
            if hasattr(first, "__await__"):
                return _in_turn(first, self.local_update_handler, status)  # type: ignore[return-value]
            return self.local_update_handler(status)  # type: ignore[no-any-return]
        return first

    def on_status_update(self, status: Status) -> None:
        if self.status_update_handler is not None:
            return self.status_update_handler(status)

    def on_delete(self, deleted_id: str) -> None:
        if self.delete_handler is not None:
            return self.delete_handler(deleted_id)

    def on_notification(self, notification: Notification) -> None:
        if self.notification_handler is not None:
            return self.notification_handler(notification)

    def on_conversation(self, conversation: Conversation) -> None:
        if self.conversation_handler is not None:
            return self.conversation_handler(conversation)

    def on_filters_changed(self) -> None:
        if self.filters_changed_handler is not None:
            return self.filters_changed_handler()

    def on_announcement(self, annoucement: Announcement) -> None:
        if self.announcement_handler is not None:
            return self.announcement_handler(annoucement)

    def on_announcement_reaction(self, reaction: StreamReaction) -> None:
        if self.announcement_reaction_handler is not None:
            return self.announcement_reaction_handler(reaction)

    def on_announcement_delete(self, annoucement_id: str) -> None:
        if self.announcement_delete_handler is not None:
            return self.announcement_delete_handler(annoucement_id)

    def on_encrypted_message(self, unclear: AttribAccessDict) -> None:
        if self.encrypted_message_handler is not None:
            return self.encrypted_message_handler(unclear)

    def on_notifications_merged(self) -> None:
        if self.notifications_merged_handler is not None:
            return self.notifications_merged_handler()

    def on_unknown_event(self, name: str, unknown_event: Any = None) -> None:
        if self.unknown_event_handler is not None:
            return self.unknown_event_handler(name, unknown_event)

    def on_any_event(self, name: str, data: Any = None, for_stream: Optional[List[str]] = None) -> None:
        if self.any_event_handler is not None:
            return self.any_event_handler(name, data, for_stream)

    def on_websocket_error(self, error: AttribAccessDict, for_stream: Optional[List[str]] = None) -> None:
        if self.stream_error_handler is not None:
            return _error_handler(self.stream_error_handler)(error, for_stream)
        else:
            super().on_websocket_error(error, for_stream)

    def on_abort(self, err: Exception) -> None:
        if self.abort_handler is not None:
            return self.abort_handler(err)
        else:
            super().on_abort(err)

    def handle_heartbeat(self) -> None:
        if self.heartbeat_handler is not None:
            return self.heartbeat_handler()


async def _in_turn(first: Any, then: Callable[..., Any], *args: Any) -> None:
    """Await ``first``, then call ``then(*args)`` and await that too if it is awaitable (async handlers)."""
    await first
    result = then(*args)
    if hasattr(result, "__await__"):
        await result


def _is_local(status: Any) -> bool:
    """Whether a status's author is an account of this server (its ``acct`` has no domain)."""
    account = status.get("account") if isinstance(status, dict) else getattr(status, "account", None)
    acct = account.get("acct") if isinstance(account, dict) else getattr(account, "acct", None)
    return isinstance(acct, str) and "@" not in acct
