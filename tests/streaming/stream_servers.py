"""Test servers for streaming: event feeds on the loopback HTTP server, a WebSocket streaming server, REST timelines.

- :class:`EventFeed`: the body of one streamed HTTP response; the test writes events to it,
  ends it, or drops the connection.
- :class:`SSEServer`: the loopback server with streaming endpoints (a new feed per
  connection), REST timelines, and an instance entity advertising ``wss://`` for its own
  plain-HTTP address (as development servers do).
- :class:`WSServer`: a WebSocket streaming server (``websockets.sync.server``) that tracks
  subscriptions like Mastodon's and answers plain HTTP requests with 404 (like GoToSocial);
  its REST side is a loopback server.
- :class:`Timeline`: a paginated REST collection with Mastodon's max_id / since_id / min_id rules.
- :func:`silent_websocket_server`: completes WebSocket handshakes, then never answers again.
"""

import base64
import hashlib
import json
import queue
import socket
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, urlsplit

from loopback import DropConnection, LoopbackServer, Recorded, Reply

from mastodon.streaming import StreamListener

_END = object()
_DROP = object()

T0 = datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)


def iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def account(n: int = 1) -> Dict[str, Any]:
    return {"id": str(n), "username": f"user{n}", "acct": f"user{n}", "display_name": f"User {n}",
            "created_at": "2020-01-01T00:00:00.000Z", "last_status_at": "2024-04-30", "fields": [], "emojis": []}


def status(id: int, seconds: float = None, content: str = None) -> Dict[str, Any]:
    """A small Status; its created_at is T0 + ``seconds`` (default: ``id`` seconds)."""
    when = T0 + timedelta(seconds=id if seconds is None else seconds)
    return {"id": str(id), "created_at": iso(when), "content": content or f"<p>status {id}</p>",
            "visibility": "public", "account": account(), "media_attachments": [], "mentions": [], "tags": [],
            "emojis": [], "edited_at": None, "reblog": None, "poll": None, "card": None}


def notification(id: int, seconds: float, type: str = "mention", status_id: int = None) -> Dict[str, Any]:
    return {"id": str(id), "type": type, "created_at": iso(T0 + timedelta(seconds=seconds)), "account": account(2),
            "status": status(status_id, seconds) if status_id else None}


def conversation(id: int, last_status_id: int) -> Dict[str, Any]:
    return {"id": str(id), "unread": True, "accounts": [account(3)], "last_status": status(last_status_id)}


def sse_event(name: str, payload: Any = None) -> bytes:
    """One server-sent event as a streaming server writes it."""
    if payload is None:
        data = "undefined"
    elif isinstance(payload, str):
        data = payload
    else:
        data = json.dumps(payload, separators=(",", ":"))
    return f"event: {name}\ndata: {data}\n\n".encode("utf-8")


class Body:
    """A plain object offering only iter_content(chunk_size), as callers' own code passes to
    handle_stream: no raw, no close, nothing else. An exception among the chunks is raised there;
    ``sizes`` keeps the chunk sizes asked for."""

    __slots__ = ("chunks", "sizes")

    def __init__(self, chunks: List[Any]) -> None:
        self.chunks = chunks
        self.sizes: List[int] = []

    def iter_content(self, chunk_size: int) -> Any:
        self.sizes.append(chunk_size)
        for chunk in self.chunks:
            if isinstance(chunk, BaseException):
                raise chunk
            yield chunk


def wait_for(predicate: Callable[[], Any], timeout: float = 3.0, what: str = "condition") -> Any:
    """Poll ``predicate`` until it is truthy (returns its value) or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.005)


class EventFeed:
    """The chunks of one streamed response, written by the test while the client reads."""

    def __init__(self, request: Recorded) -> None:
        self.request = request
        self._queue: "queue.Queue[Any]" = queue.Queue()
        self._stopped = threading.Event()
        self.finished = threading.Event()

    def send(self, data: Any) -> "EventFeed":
        self._queue.put(data.encode("utf-8") if isinstance(data, str) else data)
        return self

    def event(self, name: str, payload: Any = None) -> "EventFeed":
        return self.send(sse_event(name, payload))

    def end(self) -> None:
        """Finish the response properly (the client sees the stream end)."""
        self._queue.put(_END)

    def drop(self) -> None:
        """Cut the connection where the stream is (possibly in the middle of an event)."""
        self._queue.put(_DROP)

    def stop(self) -> None:
        self._stopped.set()

    def __iter__(self) -> "EventFeed":
        return self

    def __next__(self) -> bytes:
        try:
            item = self._queue.get(timeout=0.02)
        except queue.Empty:
            if self._stopped.is_set():
                self.finished.set()
                raise StopIteration
            return b""  # nothing to send: the server loop comes back here
        if item is _END:
            self.finished.set()
            raise StopIteration
        if item is _DROP:
            self.finished.set()
            raise DropConnection()
        return item


class Endpoint:
    """A streaming path of an :class:`SSEServer`: every connection gets a fresh :class:`EventFeed`."""

    def __init__(self, server: "SSEServer", path: str, chunked: bool = True) -> None:
        self.server = server
        self.path = path
        self.chunked = chunked
        self.feeds: List[EventFeed] = []
        self.refuse: List[Reply] = []  # replies for the next connections instead of a stream
        self.times: List[float] = []  # time.monotonic() of every request
        self._lock = threading.Lock()

    def __call__(self, request: Recorded) -> Reply:
        with self._lock:
            self.times.append(time.monotonic())
            if self.refuse:
                return self.refuse.pop(0)
            feed = EventFeed(request)
            self.feeds.append(feed)
        return Reply(feed, chunked=self.chunked, headers={"Content-Type": "text/event-stream; charset=utf-8"})

    def connection(self, n: int = 1, timeout: float = 3.0) -> EventFeed:
        """The feed of the n-th connection (1-based), waiting for it to be made."""
        wait_for(lambda: len(self.feeds) >= n, timeout, f"connection {n} to {self.path}")
        return self.feeds[n - 1]


class Timeline:
    """A REST collection paged like Mastodon's: newest first; max_id, since_id, min_id, limit."""

    def __init__(self, items: Optional[List[Dict[str, Any]]] = None, key: Callable[[Dict[str, Any]], str] = None) -> None:
        self.items: List[Dict[str, Any]] = list(items or [])
        self.key = key or (lambda item: item["id"])
        self.requests: List[Dict[str, List[str]]] = []
        self.status: Optional[int] = None  # answer this error status instead, when set

    def add(self, *items: Dict[str, Any]) -> None:
        self.items.extend(items)

    def __call__(self, request: Recorded) -> Any:
        self.requests.append(request.query)
        if self.status is not None:
            return Reply({"error": "This action is not allowed"}, self.status)
        query = {k: v[0] for k, v in request.query.items()}
        limit = int(query.get("limit", 20))
        ordered = sorted(self.items, key=lambda item: int(self.key(item)))
        if "max_id" in query:
            ordered = [i for i in ordered if int(self.key(i)) < int(query["max_id"])]
        if "since_id" in query:
            ordered = [i for i in ordered if int(self.key(i)) > int(query["since_id"])]
        if "min_id" in query:
            page = [i for i in ordered if int(self.key(i)) > int(query["min_id"])][:limit]
        else:
            page = ordered[-limit:]
        return list(reversed(page))


class SSEServer:
    """The loopback server dressed as a Mastodon server with server-sent-event streams."""

    def __init__(self, http: LoopbackServer, advertise: Optional[str] = "wss") -> None:
        self.http = http
        self.url = http.url
        self.endpoints: Dict[str, Endpoint] = {}
        port = urlsplit(http.url).port
        self.instance = {"uri": "127.0.0.1", "version": "4.3.0",
                         "configuration": {"urls": {"streaming": f"{advertise}://127.0.0.1:{port}"}}}
        http.route("GET", "/api/v2/instance", lambda request: self.instance)
        http.route("GET", "/api/v1/streaming/health", Reply("OK", headers={"Content-Type": "text/plain"}))

    def endpoint(self, path: str, chunked: bool = True) -> Endpoint:
        endpoint = Endpoint(self, path, chunked)
        self.endpoints[path] = endpoint
        self.http.route("GET", path, endpoint)
        return endpoint

    def timeline(self, path: str, items: Optional[List[Dict[str, Any]]] = None, **kwargs: Any) -> Timeline:
        timeline = Timeline(items, **kwargs)
        self.http.route("GET", path, timeline)
        return timeline

    def requests_to(self, path: str) -> List[Recorded]:
        return [r for r in self.http.requests if r.path == path]

    def stop(self) -> None:
        for endpoint in self.endpoints.values():
            for feed in endpoint.feeds:
                feed.stop()


def _key(stream: List[str]) -> Tuple[str, ...]:
    if len(stream) > 1 and stream[0].startswith("hashtag"):
        return (stream[0], stream[1].lower())
    return tuple(stream)


class WSClient:
    """One connection to the :class:`WSServer`, with the subscriptions it holds."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        parts = urlsplit(conn.request.path)
        self.path = parts.path
        self.query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.headers = dict(conn.request.headers.raw_items())
        self.messages: List[Dict[str, Any]] = []
        self.subscriptions: List[Tuple[str, ...]] = []
        if "stream" in self.query:
            self.subscriptions.append(self._stream_key(self.query))
        self.closed = threading.Event()

    @staticmethod
    def _stream_key(message: Dict[str, Any]) -> Tuple[str, ...]:
        stream = [message["stream"]]
        if "tag" in message:
            stream.append(message["tag"])
        if "list" in message:
            stream.append(str(message["list"]))
        return _key(stream)

    def handle(self, message: Dict[str, Any]) -> None:
        self.messages.append(message)
        key = self._stream_key(message)
        if message.get("type") == "subscribe" and key not in self.subscriptions:
            self.subscriptions.append(key)
        elif message.get("type") == "unsubscribe" and key in self.subscriptions:
            self.subscriptions.remove(key)


class WSServer:
    """A WebSocket streaming server on 127.0.0.1 that speaks only WebSocket (plain HTTP gets 404)."""

    def __init__(self, http: LoopbackServer, token: str) -> None:
        self.http = http
        self.token = token
        self.clients: List[WSClient] = []
        self.refused_http: List[str] = []
        self._server: Any = None
        self._lock = threading.Lock()
        self.reject_next = 0  # answer the next connections with reject_status
        self.reject_status = 503

    def start(self) -> "WSServer":
        from websockets.sync.server import serve
        self._server = serve(self._handler, "127.0.0.1", 0, process_request=self._process_request,
                             ping_interval=None)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.port = self._server.socket.getsockname()[1]
        self.url = f"ws://127.0.0.1:{self.port}"
        self.instance = {"uri": "127.0.0.1", "version": "4.0.0 (compatible; GoToSocial 0.17.0)",
                         "configuration": {"urls": {"streaming": self.url}}}
        self.http.route("GET", "/api/v2/instance", lambda request: self.instance)
        return self

    def http_timeline(self, path: str, items: Optional[List[Dict[str, Any]]] = None, **kwargs: Any) -> Timeline:
        """A REST collection on the server's HTTP side."""
        timeline = Timeline(items, **kwargs)
        self.http.route("GET", path, timeline)
        return timeline

    def _process_request(self, conn: Any, request: Any) -> Any:
        if "upgrade" not in request.headers.get("Connection", "").lower():
            self.refused_http.append(request.path)
            return conn.respond(404, '{"error":"Not Found"}\n')
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return conn.respond(401, '{"error":"The access token is invalid"}\n')
        if self.reject_next:
            self.reject_next -= 1
            return conn.respond(self.reject_status, '{"error":"Unavailable"}\n')
        return None

    def _handler(self, conn: Any) -> None:
        client = WSClient(conn)
        with self._lock:
            self.clients.append(client)
        try:
            for message in conn:
                client.handle(json.loads(message))
        except Exception:  # noqa: BLE001 - a dropped client ends here
            pass
        finally:
            client.closed.set()

    def push(self, stream: List[str], event: str, payload: Any = None, raw: bool = False) -> int:
        """Send an event to every connection subscribed to ``stream``; returns how many got it."""
        message: Dict[str, Any] = {"stream": stream, "event": event}
        if payload is not None:
            message["payload"] = payload if raw or isinstance(payload, str) else json.dumps(payload)
        sent = 0
        for client in list(self.clients):
            if not client.closed.is_set() and _key(stream) in client.subscriptions:
                try:
                    client.conn.send(json.dumps(message))
                    sent += 1
                except Exception:  # noqa: BLE001 - a client that went away
                    pass
        return sent

    def send_raw(self, text: str) -> None:
        for client in list(self.clients):
            if not client.closed.is_set():
                client.conn.send(text)

    def live(self) -> List[WSClient]:
        return [c for c in self.clients if not c.closed.is_set()]

    def wait_subscribed(self, key: Tuple[str, ...], n: int = 1, timeout: float = 3.0) -> WSClient:
        """The n-th connection, once it holds the subscription ``key``."""
        wait_for(lambda: len(self.clients) >= n and key in self.clients[n - 1].subscriptions, timeout,
                 f"connection {n} subscribed to {key}")
        return self.clients[n - 1]

    def drop(self) -> None:
        """Cut every connection without a closing handshake."""
        for client in self.live():
            try:
                client.conn.socket.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def stop(self) -> None:
        if self._server is not None:
            self.drop()
            self._server.shutdown()
            self._server = None


def silent_websocket_server() -> Tuple[socket.socket, List[socket.socket]]:
    """A server that completes every WebSocket handshake and then says nothing, not even pongs.

    Returns the listening socket and the list of accepted connections (close both when done).
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: List[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            held.append(conn)
            request = b""
            while b"\r\n\r\n" not in request:
                request += conn.recv(4096)
            key = [line.split(b":", 1)[1].strip() for line in request.split(b"\r\n")
                   if line.lower().startswith(b"sec-websocket-key:")][0]
            accept = base64.b64encode(hashlib.sha1(key + b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest())
            conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                         b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n")

    threading.Thread(target=serve, daemon=True).start()
    return listener, held


class EventLog(StreamListener):
    """A listener recording everything it gets."""

    def __init__(self, on_event: Optional[Callable[[str, Any], None]] = None) -> None:
        self.events: List[Tuple[str, Any]] = []
        self.streams: List[Any] = []
        self.aborts: List[BaseException] = []
        self.errors: List[Any] = []
        self.heartbeats = 0
        self.on_event = on_event

    def on_any_event(self, name: str, data: Any = None, for_stream: Any = None) -> None:
        self.events.append((name, data))
        self.streams.append(for_stream)
        if self.on_event is not None:
            self.on_event(name, data)

    def on_abort(self, err: Exception) -> None:
        self.aborts.append(err)

    def on_websocket_error(self, error: Any, for_stream: Any = None) -> None:
        self.errors.append(error)

    def handle_heartbeat(self) -> None:
        self.heartbeats += 1

    def ids(self, kind: Optional[str] = None) -> List[Tuple[str, Any]]:
        """(event, id) of what arrived: the entity's id, or the id a delete carries."""
        return [(name, data if isinstance(data, str) or data is None else data["id"])
                for name, data in self.events if kind is None or name == kind]

    def wait(self, n: int, timeout: float = 3.0) -> "EventLog":
        wait_for(lambda: len(self.events) >= n, timeout, f"{n} events (have {self.events!r:.300})")
        return self
