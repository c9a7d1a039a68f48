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


async def _serve(handle: Any) -> web.AppRunner:
    """A real aiohttp server on 127.0.0.1 answering every path with ``handle``."""
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner


async def _server(software: str, seen: List[str]) -> web.AppRunner:
    async def handle(request: web.Request) -> web.StreamResponse:
        seen.append(request.path)
        if request.path == "/.well-known/nodeinfo":
            return web.json_response({"links": [{"rel": "http://nodeinfo.diaspora.software/ns/schema/2.0",
                                                 "href": str(request.url.with_path("/nodeinfo/2.0"))}]})
        if request.path == "/nodeinfo/2.0":
            return web.json_response({"version": "2.0", "software": {"name": software, "version": "1.0"}})
        return web.json_response({"error": "Not Found"}, status=404)

    return await _serve(handle)


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



async def _slow_snac(seen: List[str], nodeinfo_delay: float) -> web.AppRunner:
    """snac as a busy server: its nodeinfo answers after ``nodeinfo_delay`` s, its instance at once."""
    async def handle(request: web.Request) -> web.StreamResponse:
        seen.append(request.path)
        if request.path == "/api/v1/instance":
            return web.json_response({"uri": "127.0.0.1", "version": "4.0.0 (not true; really snac/2.94)"})
        if request.path == "/.well-known/nodeinfo":
            await asyncio.sleep(nodeinfo_delay)
            return web.json_response({"links": [{"rel": "http://nodeinfo.diaspora.software/ns/schema/2.0",
                                                 "href": str(request.url.with_path("/nodeinfo/2.0"))}]})
        if request.path == "/nodeinfo/2.0":
            return web.json_response({"version": "2.0", "software": {"name": "snac", "version": "2.94"}})
        return web.json_response({"error": "Not Found"}, status=404)

    return await _serve(handle)


def test_a_stream_refused_by_a_slow_server_without_streaming_gets_the_documented_error():
    """The software lookup before the stream gives up (the server is busy), the stream is tried and
    answered 404 over both transports: the software is looked up again, with the client's own
    timeout, and the stream fails with MastodonNotSupportedError naming it, not a bare 404."""
    seen: List[str] = []

    async def main() -> None:
        runner = await _slow_snac(seen, 0.6)
        try:
            async with AsyncMastodon(access_token="tok", api_base_url=_base(runner)) as api:
                with pytest.raises(MastodonNotSupportedError, match="snac") as raised:
                    async for _ in api.stream_events("user", timeout=0.3):
                        pass  # pragma: no cover - refused before any event
                assert raised.value.__cause__ is not None  # the 404 the stream met
                # Known now: the next stream is refused at once, with no request at all.
                before = len(seen)
                with pytest.raises(MastodonNotSupportedError, match="snac"):
                    await api.stream_user(StreamListener(), timeout=0.3)
                assert len(seen) == before
        finally:
            await runner.cleanup()

    run(main())
    assert [path for path in seen if path.startswith("/api/v1/streaming")]  # tried: the lookup gave up


def test_stream_events_passes_the_version_gate_of_its_stream_method():
    """With version checks on, stream_events checks the version as the stream_* method opening the
    same stream does; the instance read for it names snac, so the stream is refused at once even
    though the nodeinfo lookup could not finish in time."""
    seen: List[str] = []

    async def main() -> None:
        runner = await _slow_snac(seen, 2.0)
        try:
            async with AsyncMastodon(access_token="tok", api_base_url=_base(runner),
                                     version_check_mode="created") as api:
                started = time.monotonic()
                with pytest.raises(MastodonNotSupportedError, match="snac"):
                    async for _ in api.stream_events("user", timeout=0.3):
                        pass  # pragma: no cover - refused before any event
                assert time.monotonic() - started < 1.5
        finally:
            await runner.cleanup()

    run(main())
    assert "/api/v1/instance" in seen
    assert not [path for path in seen if path.startswith("/api/v1/streaming")]
