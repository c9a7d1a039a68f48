"""The async client's streams adapt to the server's software as the sync client's do (issue 17):
no streaming API (snac, Takahē, Hollo) is refused at once with the documented error, a
WebSocket-only server (GoToSocial) is reached over WebSocket without trying server-sent events.
A real aiohttp server on 127.0.0.1 names its software in nodeinfo."""

from __future__ import annotations

import asyncio
import time
from typing import Any, List

import pytest
from aiohttp import web

from mastodon import AsyncMastodon, MastodonError, MastodonNotSupportedError
from mastodon.streaming import StreamListener

from streaming_fakes import run


async def _server(software: str, seen: List[str]) -> web.AppRunner:
    async def handle(request: web.Request) -> web.StreamResponse:
        seen.append(request.path)
        if request.path == "/.well-known/nodeinfo":
            return web.json_response({"links": [{"rel": "http://nodeinfo.diaspora.software/ns/schema/2.0",
                                                 "href": str(request.url.with_path("/nodeinfo/2.0"))}]})
        if request.path == "/nodeinfo/2.0":
            return web.json_response({"version": "2.0", "software": {"name": software, "version": "1.0"}})
        return web.json_response({"error": "Not Found"}, status=404)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner


def _base(runner: web.AppRunner) -> str:
    port = runner.addresses[0][1]
    return f"http://127.0.0.1:{port}"


@pytest.mark.parametrize("software", ["snac", "takahe", "hollo"])
def test_a_server_without_streaming_is_refused_at_once(software):
    seen: List[str] = []

    async def main() -> None:
        runner = await _server(software, seen)
        try:
            async with AsyncMastodon(access_token="tok", api_base_url=_base(runner)) as api:
                started = time.monotonic()
                with pytest.raises(MastodonNotSupportedError, match=software):
                    await api.stream_user(StreamListener())
                with pytest.raises(MastodonNotSupportedError, match=software):
                    async for _ in api.stream_events("user"):
                        pass  # pragma: no cover - refused before any event
                assert time.monotonic() - started < 5
        finally:
            await runner.cleanup()

    run(main())
    # The software was read once (nodeinfo), and no streaming endpoint was asked.
    assert seen.count("/nodeinfo/2.0") == 1
    assert not [path for path in seen if path.startswith("/api/v1/streaming")]


def test_a_websocket_only_server_is_streamed_over_websocket_first():
    seen: List[str] = []

    async def main() -> None:
        runner = await _server("gotosocial", seen)
        try:
            async with AsyncMastodon(access_token="tok", api_base_url=_base(runner)) as api:
                with pytest.raises(MastodonError):
                    async for _ in api.stream_events("user", reconnect=False, timeout=2):
                        pass  # pragma: no cover - this server has no stream at all
        finally:
            await runner.cleanup()

    run(main())
    streaming = [path for path in seen if path.startswith("/api/v1/streaming")]
    assert streaming and set(streaming) == {"/api/v1/streaming"}  # the WebSocket endpoint only, never SSE's


def test_an_unknown_server_keeps_server_sent_events_first():
    seen: List[str] = []

    async def main() -> None:
        runner = await _server("mastodon", seen)
        try:
            async with AsyncMastodon(access_token="tok", api_base_url=_base(runner)) as api:
                with pytest.raises(MastodonError):
                    async for _ in api.stream_events("user", reconnect=False, timeout=2):
                        pass  # pragma: no cover
        finally:
            await runner.cleanup()

    run(main())
    assert "/api/v1/streaming/user" in seen
