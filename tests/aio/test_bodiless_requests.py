"""A write without parameters (``status_reblog(id)``) goes out without a body and without a
Content-Type, as the sync client sends it: aiohttp would label it application/octet-stream,
which Hollo refuses with 415. A real aiohttp server on 127.0.0.1 records what arrives."""

from __future__ import annotations

from typing import Any, Dict, List

from aiohttp import web

from mastodon import AsyncMastodon

from streaming_fakes import run, status


def test_a_bodiless_post_has_no_content_type_and_a_form_post_keeps_its_own():
    seen: List[Dict[str, Any]] = []

    async def handle(request: web.Request) -> web.Response:
        seen.append({"path": request.path, "type": request.headers.get("Content-Type"), "body": await request.read()})
        return web.json_response(status(7))

    async def main() -> None:
        app = web.Application()
        app.router.add_route("POST", "/{tail:.*}", handle)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        base = f"http://127.0.0.1:{runner.addresses[0][1]}"
        try:
            async with AsyncMastodon(access_token="tok", api_base_url=base, mastodon_version="4.3.0") as api:
                boosted = await api.status_reblog(7)
                assert boosted.id == "7"
                await api.status_reblog(7, visibility="unlisted")
        finally:
            await runner.cleanup()

    run(main())
    assert seen[0] == {"path": "/api/v1/statuses/7/reblog", "type": None, "body": b""}
    assert seen[1]["type"] == "application/x-www-form-urlencoded" and seen[1]["body"] == b"visibility=unlisted"
