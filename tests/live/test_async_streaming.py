"""The async client streaming from GoToSocial (WebSocket only): stream_events receiving a mention, and a
server restart in the middle of a stream with the missed statuses arriving exactly once."""

import asyncio
import time
from collections import Counter
from contextlib import asynccontextmanager

import pytest

pytest.importorskip("aiohttp")

from mastodon import AsyncMastodon  # noqa: E402
from mastodon.return_types import Notification, Status  # noqa: E402

ARRIVAL_SEC = 10.0


@asynccontextmanager
async def async_client(live, name):
    """An async client for a user of the live server, as a bot author makes one."""
    api = AsyncMastodon(access_token=live.creds[name]["access_token"], api_base_url=live.base_url)
    try:
        yield api
    finally:
        await api.close()


async def until(condition, timeout):
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            return False
        await asyncio.sleep(0.05)
    return True


async def in_thread(function, *args):
    """Run a blocking call of the test's own (the sync client, serve.py) without stopping the event loop."""
    return await asyncio.get_running_loop().run_in_executor(None, function, *args)


def test_stream_events_receives_a_mention_over_websocket(live, alice, bob, me, tag):
    async def main():
        async with async_client(live, "alice") as api:
            events = api.stream_events("user")
            got = []

            async def read():
                async for event in events:
                    got.append(event)

            reader = asyncio.ensure_future(read())
            try:
                assert await until(lambda: events.handle is not None and events.handle.is_receiving(), ARRIVAL_SEC)
                assert events.handle.transport == "websocket"  # GoToSocial has no event streams
                mention = await in_thread(lambda: bob.status_post(f"@alice hello {tag}"))
                assert await until(lambda: any(e.event == "notification" for e in got), ARRIVAL_SEC)
                event = next(e for e in got if e.event == "notification")
                assert isinstance(event.payload, Notification) and event.payload.type == "mention"
                assert isinstance(event.payload.status, Status) and event.payload.status.id == mention.id
                assert event.stream and event.stream[0] == "user"
            finally:
                reader.cancel()
                await events.aclose()
            assert not events.handle.is_alive()
    asyncio.run(asyncio.wait_for(main(), 60))


def test_restart_mid_stream_delivers_the_missed_statuses_exactly_once(live, alice, bob, me, tag):
    async def main():
        async with async_client(live, "alice") as api:
            events = api.stream_events("user", reconnect_wait_sec=2)
            updates = []

            async def read():
                async for event in events:
                    if event.event == "update":
                        updates.append(event.payload.id)

            reader = asyncio.ensure_future(read())
            try:
                assert await until(lambda: events.handle is not None and events.handle.is_receiving(), ARRIVAL_SEC)
                handle = events.handle
                before = await in_thread(alice.status_post, f"before the restart {tag}")
                assert await until(lambda: before.id in updates, ARRIVAL_SEC)

                missed = []
                for attempt in range(3):
                    count = handle.reconnections
                    await in_thread(live.stop)
                    # The drop, then one attempt that fails: the next waits 4 s, then 8 s more; the server
                    # takes longer than that to come back, so posts made now can only come by catch-up.
                    assert await until(lambda: handle.reconnections >= count + 2, 10), "the stream missed the stop"
                    await in_thread(live.start)
                    if handle.is_receiving():
                        continue
                    for i in range(3):
                        missed.append(await in_thread(alice.status_post, f"while away {attempt}.{i} {tag}"))
                    if not handle.is_receiving():
                        break
                else:
                    pytest.fail("the stream always reconnected before the posts were made")

                wanted = [s.id for s in missed]
                assert await until(lambda: set(wanted) <= set(updates), 30), f"missed statuses never came: {updates}"
                after = await in_thread(alice.status_post, f"after the restart {tag}")
                assert await until(lambda: after.id in updates, ARRIVAL_SEC)
                await asyncio.sleep(0.5)  # room for a duplicate to show up
                every = wanted + [before.id, after.id]
                counts = Counter(updates)
                assert {i: counts[i] for i in every} == {i: 1 for i in every}
                assert [i for i in updates if i in wanted] == wanted  # oldest first
            finally:
                reader.cancel()
                await events.aclose()
    asyncio.run(asyncio.wait_for(main(), 150))
