"""The streams of the streaming API: their WebSocket names, SSE paths and the REST timelines that back them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Dict, List, Mapping, Optional, Tuple

from ..core.params import unpack_id
from ..errors import MastodonIllegalArgumentError
from .backfill import Source

if TYPE_CHECKING:
    from .backfill import CatchUp
    from .dispatch import EventDispatcher

__all__ = ["StreamSpec", "Subscription", "stream_spec", "stream_method", "stream_key", "key_of", "websocket_stream_name"]

Fetch = Callable[[Any, Optional[str], int], Any]


def _public(local: bool, remote: bool, only_media: bool) -> Fetch:
    return lambda api, min_id, limit: api.timeline_public(min_id=min_id, limit=limit, local=local, remote=remote,
                                                          only_media=only_media)


def _home(api: Any, min_id: Optional[str], limit: int) -> Any:
    return api.timeline_home(min_id=min_id, limit=limit)


def _notifications(api: Any, min_id: Optional[str], limit: int) -> Any:
    return api.notifications(min_id=min_id, limit=limit)


def _conversations(api: Any, min_id: Optional[str], limit: int) -> Any:
    return api.conversations(min_id=min_id, limit=limit)


def _conversation_key(conversation: Mapping[str, Any]) -> str:
    # The conversations endpoint pages by the id of each conversation's last status.
    return conversation["last_status"]["id"]  # type: ignore[no-any-return]


def _conversation_time(conversation: Mapping[str, Any]) -> Any:
    return conversation["last_status"]["created_at"]


_HOME = Source("update", _home)
_NOTIFICATIONS = Source("notification", _notifications)
_CONVERSATIONS = Source("conversation", _conversations, key=_conversation_key, when=_conversation_time)

#: WebSocket stream name -> (SSE path, SSE query, parameter the stream needs).
#: The paths are those of the server-sent-events endpoints; the WebSocket endpoint is ``/api/v1/streaming``.
_STREAMS: Dict[str, Tuple[str, Dict[str, str], Optional[str]]] = {
    "user": ("/api/v1/streaming/user", {}, None),
    "user:notification": ("/api/v1/streaming/user/notification", {}, None),
    "public": ("/api/v1/streaming/public", {}, None),
    "public:media": ("/api/v1/streaming/public", {"only_media": "true"}, None),
    "public:local": ("/api/v1/streaming/public/local", {}, None),
    "public:local:media": ("/api/v1/streaming/public/local", {"only_media": "true"}, None),
    "public:remote": ("/api/v1/streaming/public/remote", {}, None),
    "public:remote:media": ("/api/v1/streaming/public/remote", {"only_media": "true"}, None),
    "hashtag": ("/api/v1/streaming/hashtag", {}, "tag"),
    "hashtag:local": ("/api/v1/streaming/hashtag/local", {}, "tag"),
    "list": ("/api/v1/streaming/list", {}, "list"),
    "direct": ("/api/v1/streaming/direct", {}, None),
}


#: The ``stream_*`` method that opens each stream (its version gate is the stream's); streams with
#: no method of their own are opened over WebSocket (``stream_open_websocket``).
_STREAM_METHODS: Dict[str, str] = {
    "user": "stream_user", "user:notification": "stream_user_notifications",
    "public": "stream_public", "public:media": "stream_public",
    "public:remote": "stream_public", "public:remote:media": "stream_public",
    "public:local": "stream_local", "public:local:media": "stream_local",
    "hashtag": "stream_hashtag", "hashtag:local": "stream_hashtag",
    "list": "stream_list", "direct": "stream_direct",
}


def stream_method(stream: str) -> str:
    """The name of the ``stream_*`` method whose version gate applies to the stream ``stream``."""
    return _STREAM_METHODS.get(stream, "stream_open_websocket")


def websocket_stream_name(base: str, local: bool = False, remote: bool = False, only_media: bool = False) -> str:
    """``public`` + flags -> ``public:local:media`` etc. (``local`` and ``remote`` exclude each other)."""
    if local and remote:
        raise MastodonIllegalArgumentError("local and remote cannot both be set: the union is the whole stream")
    name = base + (":local" if local else ":remote" if remote else "")
    return name + ":media" if only_media else name


def stream_key(stream: str, params: Mapping[str, Any]) -> Tuple[str, ...]:
    """What identifies a subscription: the stream name, plus its tag (case-insensitive) or list id."""
    needs = _STREAMS.get(stream, (None, None, None))[2]
    if needs is None:
        needs = "tag" if "tag" in params else "list" if "list" in params else None
    if needs is None:
        return (stream,)
    value = str(params.get(needs, ""))
    return (stream, value.lower() if needs == "tag" else value)


#: Streams that take a parameter, longest name first (``hashtag:local`` before ``hashtag``).
_PARAMETERISED = sorted((name for name, spec in _STREAMS.items() if spec[2] is not None), key=len, reverse=True)


def key_of(for_stream: Optional[List[str]]) -> Optional[Tuple[str, ...]]:
    """The subscription key of a WebSocket message's ``stream`` field (``["hashtag", "Foo"]``)."""
    if not for_stream or not isinstance(for_stream[0], str):
        return None
    name = for_stream[0]
    if len(for_stream) < 2:
        if name not in _STREAMS:
            # GoToSocial names a list stream "list:ID" in one string, where Mastodon sends ["list", "ID"].
            for prefix in _PARAMETERISED:
                if name.startswith(prefix + ":"):
                    return key_of([prefix, name[len(prefix) + 1:]])
        return (name,)
    value = str(for_stream[1])
    return (name, value.lower() if name.startswith("hashtag") else value)


class StreamSpec:
    """One stream: how to open it over each transport and where its missed events can be fetched."""

    __slots__ = ("stream", "params", "path", "query", "sources")

    def __init__(self, stream: str, params: Dict[str, str], path: Optional[str], query: Dict[str, str],
                 sources: Tuple[Source, ...]) -> None:
        self.stream = stream
        self.params = params
        self.path = path
        self.query = query
        self.sources = sources

    @property
    def key(self) -> Tuple[str, ...]:
        return stream_key(self.stream, self.params)

    @property
    def for_stream(self) -> List[str]:
        """The stream as WebSocket messages name it: ``["user"]``, ``["hashtag", "python"]``."""
        return [self.stream, *self.params.values()]

    def __repr__(self) -> str:
        return f"<StreamSpec {':'.join(self.for_stream)}>"


class Subscription:
    """One stream subscribed on a WebSocket connection, with its own listener, dispatcher and catch-up.

    The state both clients' subscriptions share (``WebSocketSubscription`` of the sync client,
    ``AsyncWebSocketSubscription`` of the async one); each adds its ``close``.
    """

    def __init__(self, handle: Any, spec: StreamSpec, listener: Any) -> None:
        self.handle = handle
        self.spec = spec
        self.listener = listener
        self.catch_up: Optional[CatchUp] = handle._new_catch_up(spec)
        self.dispatcher: EventDispatcher = handle._make_dispatcher(listener, spec, self.catch_up)
        self.active = True

    @property
    def stream(self) -> str:
        """The stream name, e.g. ``"hashtag:local"``."""
        return self.spec.stream

    @property
    def params(self) -> Dict[str, str]:
        """The stream's parameter, e.g. ``{"tag": "python"}``."""
        return dict(self.spec.params)

    @property
    def key(self) -> Tuple[str, ...]:
        return self.spec.key

    def is_alive(self) -> bool:
        """Whether the subscription stands and its connection's thread (or task) runs."""
        return self.active and bool(self.handle.is_alive())

    def is_receiving(self) -> bool:
        """Whether the subscription stands and its connection is open and read."""
        return self.active and bool(self.handle.is_receiving())

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {':'.join(self.spec.for_stream)}{'' if self.active else ' closed'}>"


def stream_spec(stream: str, **params: Any) -> StreamSpec:
    """The :class:`StreamSpec` of a WebSocket stream name with its parameter (``tag=`` or ``list=``).

    Unknown stream names are accepted (for the WebSocket transport only, without catch-up):
    servers add streams over time.
    """
    if not isinstance(stream, str) or not stream:
        raise MastodonIllegalArgumentError(f"stream must be a stream name such as 'user'; got {stream!r}")
    known = _STREAMS.get(stream)
    clean = {k: (unpack_id(v) if k == "list" else str(v)) for k, v in params.items() if v is not None}
    if known is None:
        return StreamSpec(stream, clean, None, {}, ())
    path, query, needs = known
    if needs is not None:
        value = clean.get(needs)
        if not value:
            raise MastodonIllegalArgumentError(f"the {stream!r} stream needs {needs}=")
        if needs == "tag" and value.startswith("#"):
            raise MastodonIllegalArgumentError("give the hashtag without its leading '#'")
        query = {**query, needs: value}
    extra = set(clean) - ({needs} if needs else set())
    if extra:
        raise MastodonIllegalArgumentError(f"the {stream!r} stream takes no {', '.join(sorted(extra))}")
    return StreamSpec(stream, clean, path, query, _sources(stream, clean))


def _sources(stream: str, params: Dict[str, str]) -> Tuple[Source, ...]:
    """Which REST endpoints hold what a stream delivers, for catching up after a reconnection."""
    if stream == "user":
        return (_HOME, _NOTIFICATIONS)
    if stream == "user:notification":
        return (_NOTIFICATIONS,)
    if stream == "direct":
        return (_CONVERSATIONS,)
    if stream.startswith("public"):
        return (Source("update", _public(":local" in stream, ":remote" in stream, stream.endswith(":media"))),)
    if stream.startswith("hashtag"):
        tag, local = params["tag"], stream == "hashtag:local"
        return (Source("update", lambda api, min_id, limit: api.timeline_hashtag(tag, local=local, min_id=min_id,
                                                                               limit=limit)),)
    if stream == "list":
        list_id = params["list"]
        return (Source("update", lambda api, min_id, limit: api.timeline_list(list_id, min_id=min_id, limit=limit)),)
    return ()
