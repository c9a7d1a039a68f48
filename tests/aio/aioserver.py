"""A real aiohttp server on 127.0.0.1 for the async client's tests, and a runner.

Tests are plain functions that run their coroutine with :func:`asyncio.run` (no plugin needed).
:class:`Server` records every request and answers from a handler ``(request, body) -> answer``.
"""

import asyncio
import gc
import json
import os
import sys
from typing import Any, Awaitable, Callable, Dict, List, Optional

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
    try:
        return asyncio.run(bounded())
    finally:
        gc.collect()  # a coroutine caught in a reference cycle warns only when collected


def json_reply(body: Any, status: int = 200, headers: Optional[Dict[str, str]] = None) -> web.Response:
    return web.Response(text=json.dumps(body), status=status, content_type="application/json", headers=headers)
