"""The main journeys of ``test_servers_live`` with ``AsyncMastodon``, against each server software
(GoToSocial, snac, Takahē, Hollo). What a server lacks is asserted as the documented error (or the
empty answer) that ``server_features.DIFFERENCES`` notes for it, as for the sync client."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any, Awaitable, Callable, Dict

import pytest
from live_media import png
from server_features import outcome

import mastodon
from mastodon import AsyncMastodon, MastodonNotFoundError, MastodonUnauthorizedError, StreamListener

from test_servers_live import MASTODON_VERSIONS, MISSING_STATUS, SETTLE_SEC, UNSUPPORTED_CALLS

pytestmark = pytest.mark.live


def tag() -> str:
    return "a" + uuid.uuid4().hex[:10]


async def wait_until(check: Callable[[], Awaitable[Any]], timeout: float = 2.5 * SETTLE_SEC) -> Any:
    """Await ``check()`` until it gives something true or ``timeout`` seconds pass (then its last answer).

    Longer than the sync tests' wait: these run right after them, when snac's delivery queue
    still holds their work (a reply reached its parent's context only after 12 s once under CI)."""
    deadline = time.monotonic() + timeout
    while True:
        result = await check()
        if result or time.monotonic() > deadline:
            return result
        await asyncio.sleep(0.2)


def with_clients(server: Any, body: Callable[[AsyncMastodon, AsyncMastodon], Awaitable[Any]]) -> None:
    """Run ``body(alice, bob)`` with a client for each, in an event loop of its own."""
    async def main() -> None:
        async with AsyncMastodon(access_token=server.creds["alice"]["access_token"],
                                 api_base_url=server.base_url) as alice, \
                AsyncMastodon(access_token=server.creds["bob"]["access_token"], api_base_url=server.base_url) as bob:
            await body(alice, bob)

    asyncio.run(asyncio.wait_for(main(), 120))


def journey(server: Any, feature: str, body: Callable[[AsyncMastodon, AsyncMastodon], Awaitable[Any]]) -> None:
    """Run ``body(alice, bob)`` where the server has ``feature``; else assert the noted error or empty answer."""
    kind, note = outcome(server.software, feature)

    async def checked(alice: AsyncMastodon, bob: AsyncMastodon) -> None:
        if kind == "yes":
            await body(alice, bob)
        elif kind == "empty":
            result = await body(alice, bob)
            assert not result, f"{server.software} {feature}: expected an empty answer ({note}), got {result!r:.200}"
        else:
            with pytest.raises(getattr(mastodon, kind)):
                await body(alice, bob)

    with_clients(server, checked)


def test_server_info(server: Any) -> None:
    async def body(alice: AsyncMastodon, bob: AsyncMastodon) -> Any:
        info = await alice.server_info()
        assert info.software == server.software and info.mastodon_version == MASTODON_VERSIONS[server.software]
        return info
    journey(server, "server_info", body)


def test_posts_with_warning_poll_and_media(server: Any) -> None:
    async def warning(alice: AsyncMastodon, bob: AsyncMastodon) -> Any:
        status = await alice.status_post(f"cw {tag()}", spoiler_text="a warning")
        assert status.spoiler_text == "a warning" and (await alice.status(status.id)).id == status.id
        return status

    async def poll(alice: AsyncMastodon, bob: AsyncMastodon) -> Any:
        status = await alice.status_post(f"poll {tag()}", poll=alice.make_poll(["yes", "no"], 3600))
        assert status.poll is not None and [o.title for o in status.poll.options] == ["yes", "no"]
        return status

    async def media(alice: AsyncMastodon, bob: AsyncMastodon) -> Any:
        attachment = await alice.media_post(png(), "image/png", description="a red square", synchronous=True)
        assert attachment.type == "image" and attachment.url
        status = await alice.status_post(f"media {tag()}", media_ids=[attachment])
        assert [m.type for m in status.media_attachments] == ["image"]
        return status

    journey(server, "post_cw", warning)
    journey(server, "post_poll", poll)
    journey(server, "post_media", media)


def test_reply_favourite_boost_and_timelines(server: Any) -> None:
    async def reply(alice: AsyncMastodon, bob: AsyncMastodon) -> Any:
        parent = await alice.status_post(f"parent {tag()}", visibility="public")
        answer = await bob.status_post(f"reply {tag()}", in_reply_to_id=parent.id, visibility="public")
        assert answer.in_reply_to_id == parent.id

        async def seen() -> bool:
            return answer.id in [s.id for s in (await alice.status_context(parent)).descendants]
        assert await wait_until(seen)
        return answer

    async def favourite(alice: AsyncMastodon, bob: AsyncMastodon) -> Any:
        status = await alice.status_post(f"like me {tag()}", visibility="public")
        assert (await bob.status_favourite(status)).favourited is True
        boost = await bob.status_reblog(status)
        assert (boost.reblog or boost).id == status.id
        assert (await bob.status_unfavourite(status)).favourited is False
        await bob.status_unreblog(status)
        return status

    async def timelines(alice: AsyncMastodon, bob: AsyncMastodon) -> Any:
        status = await alice.status_post(f"timeline {tag()}", visibility="public")

        async def home() -> bool:
            return status.id in [s.id for s in await alice.timeline_home(limit=40)]
        assert await wait_until(home)
        return status

    journey(server, "reply", reply)
    journey(server, "favourite_boost", favourite)
    journey(server, "timelines", timelines)


def test_paging_five_pages(server: Any) -> None:
    async def body(alice: AsyncMastodon, bob: AsyncMastodon) -> Any:
        word = tag()
        me = server.creds["alice"]["id"]
        posted = [(await alice.status_post(f"page {n} {word}", visibility="public")).id for n in range(11)]
        first = await alice.account_statuses(me, limit=2)
        found, pages = [], 0
        page: Any = first
        while page is not None and len(found) < len(posted):
            pages += 1
            found += [s.id for s in page if s.id in posted]
            page = await alice.fetch_next(page)
        assert sorted(found) == sorted(posted) and pages >= 5
        walked = [s.id async for s in alice.pagination_iterator(await alice.account_statuses(me, limit=2))
                  if s.id in posted]
        assert sorted(set(walked)) == sorted(posted) and len(walked) == len(posted)
        return pages
    journey(server, "paging", body)


def test_errors(server: Any) -> None:
    async def body(alice: AsyncMastodon, bob: AsyncMastodon) -> Any:
        with pytest.raises(MastodonNotFoundError) as missing:
            await alice.status(MISSING_STATUS[server.software])
        assert missing.value.status_code == 404
        async with AsyncMastodon(access_token="not-a-token-" + uuid.uuid4().hex, api_base_url=server.base_url) as bad:
            with pytest.raises(MastodonUnauthorizedError):
                await bad.account_verify_credentials()
        return True
    journey(server, "errors", body)


def test_streaming(server: Any) -> None:
    async def body(alice: AsyncMastodon, bob: AsyncMastodon) -> Any:
        events = alice.stream_events("user", timeout=10)
        try:
            first = asyncio.ensure_future(events.__anext__())
            await asyncio.sleep(0)
            handle = None
            deadline = time.monotonic() + 10
            while handle is None or not handle.is_receiving():
                if first.done():
                    first.result()  # a refused stream raises here
                assert time.monotonic() < deadline, "the stream never started receiving"
                await asyncio.sleep(0.05)
                handle = events.handle
            status = await alice.status_post(f"streamed {tag()}")
            while True:
                event = await asyncio.wait_for(first, 10)
                if event.event == "update" and event.payload.id == status.id:
                    return True
                first = asyncio.ensure_future(events.__anext__())
        finally:
            await events.aclose()
    journey(server, "streaming", body)
    kind = outcome(server.software, "streaming")[0]
    if kind != "yes":
        # Once the client knows the software (however long a busy server took to tell), a stream
        # is refused at once, without a request; the error is the one the table notes.
        async def again(alice: AsyncMastodon, bob: AsyncMastodon) -> Any:
            with pytest.raises(getattr(mastodon, kind)):  # the first stream learns the software
                async for _ in alice.stream_events("user"):
                    pass  # pragma: no cover - refused before any event
            started = time.monotonic()
            with pytest.raises(getattr(mastodon, kind)):  # known now: refused before it starts
                await alice.stream_user(StreamListener(), run_async=True)
            assert time.monotonic() - started < 1.0
        with_clients(server, again)


async def _mute_and_unmute(alice: AsyncMastodon, bob_id: str) -> Any:
    return await alice.account_mute(bob_id), await alice.account_unmute(bob_id)


async def _groups(alice: AsyncMastodon, bob_id: str) -> Any:
    return (await alice.grouped_notifications()).notification_groups


#: The async calls of the sync table ``UNSUPPORTED_CALLS`` (a test keeps the two tables alike).
ASYNC_CALLS: Dict[str, Callable[[AsyncMastodon, str], Awaitable[Any]]] = {
    "markers": lambda alice, bob_id: alice.markers_get(["home"]),
    "unread_count": lambda alice, bob_id: alice.notifications_unread_count(),
    "mute": _mute_and_unmute,
    "filters_v2": lambda alice, bob_id: alice.filters_v2(),
    "scheduled_statuses": lambda alice, bob_id: alice.scheduled_statuses(),
    "conversations": lambda alice, bob_id: alice.conversations(),
    "grouped_notifications": _groups,
}


def test_the_async_table_covers_the_sync_one() -> None:
    assert set(ASYNC_CALLS) == set(UNSUPPORTED_CALLS)


@pytest.mark.parametrize("feature", sorted(ASYNC_CALLS))
def test_other_features(server: Any, feature: str) -> None:
    async def body(alice: AsyncMastodon, bob: AsyncMastodon) -> Any:
        result = await ASYNC_CALLS[feature](alice, server.creds["bob"]["id"])
        return result if outcome(server.software, feature)[0] == "empty" else True
    journey(server, feature, body)
