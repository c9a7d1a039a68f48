"""A real aiohttp server on 127.0.0.1 for the async client's tests, and a runner.

Tests are plain functions that run their coroutine with :func:`asyncio.run` (no plugin needed).
:class:`Server` records every request and answers from a handler ``(request, body) -> answer``.
"""

import asyncio
import contextlib
import gc
import json
import os
import sys
import threading
import warnings
from typing import Any, Awaitable, Callable, Dict, Iterator, List, Optional

from aiohttp import web
from aiohttp.test_utils import TestServer

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

TOKEN = "test-access-token"


class Seen:
    """One request as the server saw it."""

    def __init__(self, request: web.Request, body: bytes) -> None:
        self.request = request
        self.method = request.method
        self.path = request.path
        self.query = request.query
        self.headers = request.headers
        self.body = body

    @property
    def form(self) -> Dict[str, List[str]]:
        from urllib.parse import parse_qs
        return parse_qs(self.body.decode("utf-8"), keep_blank_values=True)


Handler = Callable[[Seen], Any]


class Server:
    """An aiohttp server on 127.0.0.1 answering every path and method with ``handler(seen)``.

    The handler returns a ``web.Response``, or any JSON-able value (200 application/json), and
    may be a coroutine function (to delay, or to wait for something).
    """

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: List[Seen] = []
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._answer)
        self._server = TestServer(app, host="127.0.0.1")

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        seen = Seen(request, await request.read())
        self.requests.append(seen)
        answer = self.handler(seen)
        if asyncio.iscoroutine(answer):
            answer = await answer
        if isinstance(answer, web.StreamResponse):
            return answer
        return web.Response(text=json.dumps(answer), content_type="application/json")

    @property
    def url(self) -> str:
        return str(self._server.make_url("")).rstrip("/")

    async def __aenter__(self) -> "Server":
        await self._server.start_server()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self._server.close()


def run(coroutine: Awaitable[Any], timeout: float = 30) -> Any:
    """Run a test's coroutine in a fresh event loop, bounded in time."""
    async def bounded() -> Any:
        return await asyncio.wait_for(coroutine, timeout)
    return asyncio.run(bounded())


def json_reply(body: Any, status: int = 200, headers: Optional[Dict[str, str]] = None) -> web.Response:
    return web.Response(text=json.dumps(body), status=status, content_type="application/json", headers=headers)


@contextlib.contextmanager
def fail_on_unawaited() -> Iterator[None]:
    """Fail (AssertionError) when a coroutine made inside the block was never awaited."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
        gc.collect(0)
    unawaited = [str(w.message) for w in caught if "was never awaited" in str(w.message)]
    assert not unawaited, unawaited


class ThreadServer:
    """An aiohttp server on 127.0.0.1 in a thread of its own (its own event loop), shared by many
    tests: each test's client runs in the test's own loop. Answers ``state["body"]`` (or
    ``state["body"](seen)``) with ``state["headers"]``, and counts requests in ``state["calls"]``."""

    def __init__(self) -> None:
        self.state: Dict[str, Any] = {"body": None, "headers": {}, "calls": 0}
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.url = ""

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._answer)
        self._runner = web.AppRunner(app)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        self._ready.set()
        self._loop.run_forever()
        self._loop.run_until_complete(self._runner.cleanup())
        self._loop.close()

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        seen = Seen(request, await request.read())
        self.state["calls"] += 1
        body = self.state["body"]
        value = body(seen) if callable(body) else body
        return json_reply(value, headers=self.state["headers"] or None)

    def start(self) -> "ThreadServer":
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
