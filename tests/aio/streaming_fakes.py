"""A streaming Mastodon on a real aiohttp server (127.0.0.1), and an async client of it, for the async streaming tests.

- :class:`FakeStreamingServer`: SSE endpoints (one feed per connection; the test pushes
  events, drops connections, or makes the endpoint answer an error), the WebSocket endpoint
  ``/api/v1/streaming`` with Mastodon's subscribe messages, REST timelines with ``min_id``
  paging (for the catch-up), the instance entity and the health check. ``sse=False`` makes
  it WebSocket-only like GoToSocial (SSE paths answer 404).
- :func:`client_for`: an ``AsyncMastodon`` of the server.
- :func:`run`: run a test coroutine with a deadline.
"""

from __future__ import annotations

import asyncio
import json
from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone
from typing import Any, AsyncIterator, Dict, List, Optional, Set, Tuple

import aiohttp
from aiohttp import web

from mastodon import AsyncMastodon

TOKEN = "test-access-token"
T0 = datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)


def run(coro: Any, timeout: float = 30.0) -> Any:
    """Run ``coro`` in a new event loop, failing after ``timeout`` seconds."""
    return asyncio.run(asyncio.wait_for(coro, timeout))


def iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def account(n: int = 1) -> Dict[str, Any]:
    return {"id": str(n), "username": f"user{n}", "acct": f"user{n}", "display_name": f"User {n}",
            "created_at": "2020-01-01T00:00:00.000Z", "fields": [], "emojis": []}


def status(id: int) -> Dict[str, Any]:
    """A small Status, created ``id`` seconds after T0."""
    return {"id": str(id), "created_at": iso(T0 + timedelta(seconds=id)), "content": f"<p>status {id}</p>",
            "visibility": "public", "account": account(), "media_attachments": [], "mentions": [], "tags": [],
            "emojis": [], "edited_at": None, "reblog": None, "poll": None, "card": None}


def notification(id: int, status_id: int) -> Dict[str, Any]:
    return {"id": str(id), "type": "mention", "created_at": iso(T0 + timedelta(seconds=status_id)),
            "account": account(2), "status": status(status_id)}


class _Feed:
    """One open SSE response."""

    def __init__(self, request: web.Request, response: web.StreamResponse) -> None:
        self.request = request
        self.response = response
        self.done = asyncio.Event()


class _Socket:
    """One open WebSocket connection and its subscriptions."""

    def __init__(self, ws: web.WebSocketResponse) -> None:
        self.ws = ws
        self.subs: Set[Tuple[str, ...]] = set()
        self.done = asyncio.Event()


def _key(stream: str, params: Dict[str, str]) -> Tuple[str, ...]:
    value = params.get("tag") or params.get("list")
    return (stream, value) if value else (stream,)


class FakeStreamingServer:
    """See the module docstring. Use as ``async with FakeStreamingServer() as server``."""

    def __init__(self, sse: bool = True, ws: bool = True, advertise: Optional[str] = "wss") -> None:
        self.sse = sse
        self.ws = ws
        self.advertise = advertise
        self.url = ""
        self.home: List[Dict[str, Any]] = []
        self.notifications: List[Dict[str, Any]] = []
        self.feeds: List[_Feed] = []
        self.sockets: List[_Socket] = []
        #: (method, path, query) of every request.
        self.requests: List[Tuple[str, str, Dict[str, str]]] = []
        #: The headers of every request, in the same order.
        self.headers: List[Dict[str, str]] = []
        #: The version the instance entity reports.
        self.version = "4.3.0"
        #: When set: (status, body bytes, content type) every SSE request is answered with.
        self.sse_answer: Optional[Tuple[int, bytes, str]] = None
        #: When set: the status every WebSocket handshake is refused with.
        self.ws_refuse: Optional[int] = None
        #: Send nothing at all on new SSE connections (not even a first comment).
        self.silent = False
        #: Seconds the SSE endpoint waits before it answers.
        self.sse_delay = 0.0
        #: When set: the status every SSE request is answered with, its body trickling a byte every 0.1 s, endlessly.
        self.sse_trickle: Optional[int] = None
        #: With ``sse_trickle``: send 1 KiB pieces as fast as the client takes them instead.
        self.trickle_fast = False
        #: Seconds every timeline page takes.
        self.page_delay = 0.0
        self.health = 200
        self._runner: Optional[web.AppRunner] = None
        self.connected = asyncio.Event()

    # -- life --------------------------------------------------------------------------------------
    async def __aenter__(self) -> "FakeStreamingServer":
        app = web.Application()
        app.router.add_get("/api/v1/streaming", self._ws_endpoint)
        app.router.add_get("/api/v1/streaming/health", self._health)
        app.router.add_get("/api/v1/streaming/{path:.*}", self._sse_endpoint)
        app.router.add_get("/api/v2/instance", self._instance)
        app.router.add_get("/api/v1/timelines/home", self._timeline(lambda: self.home))
        app.router.add_get("/api/v1/notifications", self._timeline(lambda: self.notifications))
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.drop()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- what the test does ------------------------------------------------------------------------
    def open_streams(self) -> int:
        """How many streaming connections (SSE or WebSocket) are open, as the server sees them."""
        feeds = [f for f in self.feeds if not f.done.is_set() and not _gone(f.request)]
        sockets = [s for s in self.sockets if not s.done.is_set() and not s.ws.closed]
        return len(feeds) + len(sockets)

    async def wait_connected(self, count: int = 1, timeout: float = 5.0) -> None:
        await wait_until(lambda: self.open_streams() >= count, timeout)

    async def push(self, event: str, payload: Any, stream: Optional[List[str]] = None) -> None:
        """Send an event to every open stream (WebSocket: those subscribed to ``stream``, default user)."""
        stream = stream or ["user"]
        data = payload if isinstance(payload, str) else json.dumps(payload)
        for feed in list(self.feeds):
            if not feed.done.is_set():
                try:
                    await feed.response.write(f"event: {event}\ndata: {data}\n\n".encode())
                except (ConnectionError, RuntimeError):
                    feed.done.set()
        for sock in list(self.sockets):
            if not sock.done.is_set() and tuple(stream) in sock.subs:
                await sock.ws.send_str(json.dumps({"stream": stream, "event": event, "payload": data}))

    async def push_raw(self, text: str) -> None:
        """Send raw bytes on SSE streams and a raw message on WebSocket ones."""
        for feed in list(self.feeds):
            if not feed.done.is_set():
                await feed.response.write(text.encode())
        for sock in list(self.sockets):
            if not sock.done.is_set():
                await sock.ws.send_str(text)

    async def drop(self) -> None:
        """Cut every open streaming connection (the server going away)."""
        for feed in self.feeds:
            feed.done.set()
            transport = feed.request.transport
            if transport is not None:
                transport.close()
        for sock in self.sockets:
            sock.done.set()
            await sock.ws.close()

    # -- endpoints ---------------------------------------------------------------------------------
    def _record(self, request: web.Request) -> None:
        self.requests.append((request.method, request.path, dict(request.query)))
        self.headers.append(dict(request.headers))

    def _authorized(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bearer {TOKEN}"

    async def _instance(self, request: web.Request) -> web.Response:
        self._record(request)
        host = self.url.split("://", 1)[1]
        urls = {"streaming": f"{self.advertise}://{host}"} if self.advertise else {}
        return web.json_response({"domain": host, "version": self.version, "configuration": {"urls": urls}})

    async def _health(self, request: web.Request) -> web.Response:
        self._record(request)
        return web.Response(status=self.health, text="OK" if self.health == 200 else "down")

    def _timeline(self, items: Any) -> Any:
        async def handler(request: web.Request) -> web.Response:
            self._record(request)
            if not self._authorized(request):
                return web.json_response({"error": "The access token is invalid"}, status=401)
            if self.page_delay:
                await asyncio.sleep(self.page_delay)
            limit = int(request.query.get("limit", "20"))
            min_id = request.query.get("min_id")
            found = sorted(items(), key=lambda x: (len(x["id"]), x["id"]))
            if min_id is not None:
                found = [x for x in found if (len(x["id"]), x["id"]) > (len(min_id), min_id)][:limit]
            else:
                found = found[-limit:]
            return web.json_response(list(reversed(found)))  # newest first, as Mastodon answers
        return handler

    async def _sse_endpoint(self, request: web.Request) -> web.StreamResponse:
        self._record(request)
        if self.sse_delay:
            await asyncio.sleep(self.sse_delay)
        if self.sse_trickle is not None:
            trickle = web.StreamResponse(status=self.sse_trickle, headers={"Content-Type": "text/plain"})
            await trickle.prepare(request)
            while not _gone(request):
                try:
                    await trickle.write(b"x" * 1024 if self.trickle_fast else b"x")
                except (ConnectionError, RuntimeError):
                    break
                await asyncio.sleep(0 if self.trickle_fast else 0.1)
            return trickle
        if self.sse_answer is not None:
            status, body, kind = self.sse_answer
            return web.Response(status=status, body=body, content_type=kind)
        if not self.sse:
            return web.json_response({"error": "Not Found"}, status=404)
        if not self._authorized(request):
            return web.json_response({"error": "The access token is invalid"}, status=401)
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
        await response.prepare(request)
        feed = _Feed(request, response)
        self.feeds.append(feed)
        if not self.silent:
            await response.write(b":)\n\n")
        while not feed.done.is_set() and not _gone(request):
            try:
                await asyncio.wait_for(feed.done.wait(), 0.02)
            except asyncio.TimeoutError:
                pass
        feed.done.set()
        return response

    async def _ws_endpoint(self, request: web.Request) -> web.StreamResponse:
        self._record(request)
        if request.headers.get("Upgrade", "").lower() != "websocket" or not self.ws:
            return web.json_response({"error": "Not Found"}, status=404)
        if self.ws_refuse is not None:
            return web.json_response({"error": "refused"}, status=self.ws_refuse)
        if request.query.get("access_token") != TOKEN and not self._authorized(request):
            return web.json_response({"error": "The access token is invalid"}, status=401)
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        sock = _Socket(ws)
        if "stream" in request.query:
            params = {k: v for k, v in request.query.items() if k in ("tag", "list")}
            sock.subs.add(_key(request.query["stream"], params))
        self.sockets.append(sock)
        async for message in ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            command = json.loads(message.data)
            key = _key(command["stream"], {k: v for k, v in command.items() if k in ("tag", "list")})
            if command.get("type") == "subscribe":
                sock.subs.add(key)
            elif command.get("type") == "unsubscribe":
                sock.subs.discard(key)
        sock.done.set()
        return ws


def _gone(request: web.Request) -> bool:
    transport = request.transport
    return transport is None or transport.is_closing()


async def wait_until(condition: Any, timeout: float = 5.0) -> None:
    """Poll ``condition()`` every 10 ms until it holds; AssertionError after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not condition():
        if loop.time() > end:
            raise AssertionError(f"condition not met within {timeout} s")
        await asyncio.sleep(0.01)


@asynccontextmanager
async def client_for(server: FakeStreamingServer, **kwargs: Any) -> AsyncIterator[Any]:
    """An AsyncMastodon of ``server`` (closed at the end)."""
    kwargs.setdefault("access_token", TOKEN)
    api = AsyncMastodon(api_base_url=server.url, **kwargs)
    try:
        yield api
    finally:
        await api.close()
