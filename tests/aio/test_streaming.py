"""Async streaming on a real aiohttp server: typed SSE and WebSocket events, the fallback, async listeners,
closing, stream_events, reconnection with catch-up, and errors."""

import asyncio
import gc
import inspect
import os
import sys
import threading
import time

import aiohttp
import pytest

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from streaming_fakes import (  # noqa: E402
    TOKEN,
    FakeStreamingServer,
    client_for,
    notification,
    run,
    status,
    wait_until,
)

from mastodon.aio.streaming import (  # noqa: E402
    AsyncSSEStreamHandle,
    AsyncStreamingMixin,
    AsyncWebSocketStreamHandle,
    EventStream,
)
from mastodon.errors import (  # noqa: E402
    MastodonInternalServerError,
    MastodonMalformedEventError,
    MastodonNetworkError,
    MastodonReadTimeout,
    MastodonUnauthorizedError,
    MastodonVersionError,
)
from mastodon.return_types import Notification, Status  # noqa: E402
from mastodon.streaming import CallbackStreamListener, StreamingMixin, StreamListener  # noqa: E402
from mastodon.streaming.dispatch import StreamEvent  # noqa: E402
from mastodon.streaming.discovery import CACHE_KEY  # noqa: E402
from mastodon.streaming.protocol import TRANSPORT_CACHE_KEY  # noqa: E402
from mastodon import AsyncMastodon  # noqa: E402


class Recorder(StreamListener):
    """Records (event, value) pairs; plain methods."""

    def __init__(self):
        self.got = []
        self.aborts = []

    def on_update(self, status):
        self.got.append(("update", status))

    def on_notification(self, notification):
        self.got.append(("notification", notification))

    def on_delete(self, status_id):
        self.got.append(("delete", status_id))

    def on_abort(self, err):
        self.aborts.append(err)

    def ids(self, kind="update"):
        return [value.id if kind != "delete" else value for name, value in self.got if name == kind]


class AsyncRecorder(Recorder):
    """The same with ``async def`` methods that yield to the loop before recording."""

    async def on_update(self, status):
        await asyncio.sleep(0)
        self.got.append(("update", status))

    async def on_abort(self, err):
        await asyncio.sleep(0)
        self.aborts.append(err)


# -- the methods -----------------------------------------------------------------------------------------
def test_every_sync_stream_method_has_a_coroutine_twin_with_the_same_signature():
    names = [n for n in dir(StreamingMixin) if n.startswith("stream_") and callable(getattr(StreamingMixin, n))]
    assert len(names) >= 9
    for name in names:
        sync, twin = getattr(StreamingMixin, name), getattr(AsyncStreamingMixin, name)
        assert inspect.iscoroutinefunction(twin), name
        sync_sig, twin_sig = inspect.signature(sync), inspect.signature(twin)
        assert [(p.name, p.default, p.kind) for p in sync_sig.parameters.values()] == \
            [(p.name, p.default, p.kind) for p in twin_sig.parameters.values()], name
        assert twin.__doc__.startswith(inspect.getdoc(sync)), name
        assert getattr(twin, "_mastodon_version") == getattr(sync, "_mastodon_version"), name


# -- SSE ---------------------------------------------------------------------------------------------------
def test_sse_events_arrive_typed_and_in_order():
    async def main():
        async with FakeStreamingServer() as server, client_for(server) as api:
            listener = Recorder()
            threads = threading.active_count()
            handle = await api.stream_user(listener, run_async=True)
            assert isinstance(handle, AsyncSSEStreamHandle) and handle.transport == "sse"
            await server.wait_connected()
            await server.push("update", status(1))
            await server.push("notification", notification(7, 1))
            await server.push("delete", "1")
            await wait_until(lambda: len(listener.got) == 3)
            assert threading.active_count() == threads  # no thread was started for the stream
            await handle.close()
            (n1, s1), (n2, notif), (n3, deleted) = listener.got
            assert (n1, n2, n3) == ("update", "notification", "delete")
            assert isinstance(s1, Status) and s1.id == "1" and s1.created_at.year == 2024
            assert isinstance(notif, Notification) and isinstance(notif.status, Status)
            assert deleted == "1"
            sent = [r for r in server.requests if r[1] == "/api/v1/streaming/user"]
            assert len(sent) == 1
    run(main())


def test_async_listener_methods_are_awaited_in_order_with_plain_ones():
    async def main():
        async with FakeStreamingServer() as server, client_for(server) as api:
            listener = AsyncRecorder()
            handle = await api.stream_user(listener, run_async=True)
            await server.wait_connected()
            for i in (1, 2):
                await server.push("update", status(i))
                await server.push("delete", str(i))
            await wait_until(lambda: len(listener.got) == 4)
            await handle.close()
            assert [(n, v if n == "delete" else v.id) for n, v in listener.got] == \
                [("update", "1"), ("delete", "1"), ("update", "2"), ("delete", "2")]
    run(main())


def test_close_stops_the_stream_within_a_second_and_no_method_runs_after():
    async def main():
        async with FakeStreamingServer() as server, client_for(server) as api:
            listener = Recorder()
            handle = await api.stream_user(listener, run_async=True, timeout=60)
            await server.wait_connected()
            await wait_until(handle.is_receiving)
            started = time.monotonic()
            await handle.close()
            assert time.monotonic() - started < 1.0
            assert not handle.is_alive() and not handle.is_receiving()
            await wait_until(lambda: server.open_streams() == 0, 1.0)  # the server saw it go
            await server.push("update", status(1))
            await asyncio.sleep(0.05)
            assert listener.got == []
            await handle.close()  # twice is fine
    run(main())


@pytest.mark.parametrize("phase", ["unanswered", "catch-up", "error body"])
def test_close_is_prompt_in_every_phase_of_a_connection(phase):
    """``await handle.close()`` cancels what the stream's task waits for: an answer that comes
    late, the catch-up's REST pages, an error answer's trickling body (read for up to 5 s)."""
    async def main():
        async with FakeStreamingServer() as server, client_for(server) as api:
            listener = Recorder()
            server.home = [status(n) for n in range(1, 100)]
            if phase == "unanswered":
                server.sse_delay = 1.5
            elif phase == "error body":
                server.sse_trickle = 500
            handle = await api.stream_user(listener, run_async=True, timeout=60, reconnect_async=True,
                                           reconnect_async_wait_sec=0.01)
            stream_requests = lambda: [r for r in server.requests if r[1] == "/api/v1/streaming/user"]  # noqa: E731
            await wait_until(stream_requests)
            if phase == "catch-up":
                await wait_until(handle.is_receiving)
                server.page_delay = 0.3  # four pages: 1.2 s
                await server.drop()
                await wait_until(lambda: len(stream_requests()) == 2 and server.requests[-1][2].get("min_id"))
            else:
                await asyncio.sleep(0.2)  # waiting for the answer, or reading its body
            started = time.monotonic()
            await handle.close()
            took = time.monotonic() - started
            assert took < 0.5 and not handle.is_alive()
            await asyncio.sleep(0.1)
            assert listener.got == [] and len(stream_requests()) == (2 if phase == "catch-up" else 1)
    run(main())


def test_a_blocking_stream_raises_what_the_listener_raised():
    class Failing(StreamListener):
        async def on_update(self, status):
            raise ValueError(f"no thanks {status.id}")

    async def main():
        async with FakeStreamingServer() as server, client_for(server) as api:
            task = asyncio.ensure_future(api.stream_user(Failing()))
            await server.wait_connected()
            await server.push("update", status(3))
            with pytest.raises(ValueError, match="no thanks 3"):
                await asyncio.wait_for(task, 2)
            await wait_until(lambda: server.open_streams() == 0, 1.0)
    run(main())


def test_a_blocking_stream_ends_when_a_listener_closes_its_handle_and_on_server_end_raises():
    async def main():
        async with FakeStreamingServer() as server, client_for(server) as api:
            listener = Recorder()
            task = asyncio.ensure_future(api.stream_user(listener))
            await server.wait_connected()
            await server.drop()
            with pytest.raises(MastodonNetworkError):
                await asyncio.wait_for(task, 2)
            assert len(listener.aborts) == 1 and isinstance(listener.aborts[0], MastodonNetworkError)
    run(main())


def test_a_listener_may_close_its_background_handle():
    async def main():
        async with FakeStreamingServer() as server, client_for(server) as api:
            box = {}

            class Closer(Recorder):
                async def on_update(self, status):
                    self.got.append(("update", status))
                    await box["handle"].close()

            listener = Closer()
            box["handle"] = handle = await api.stream_user(listener, run_async=True)
            await server.wait_connected()
            await server.push("update", status(1))
            await server.push("update", status(2))
            await wait_until(lambda: not handle.is_alive(), 2)
            assert listener.ids() == ["1"]
    run(main())


# -- stream_events ----------------------------------------------------------------------------------------
def test_stream_events_yields_typed_events_and_leaving_the_loop_closes_the_connection():
    async def main():
        async with FakeStreamingServer() as server, client_for(server) as api:
            events = api.stream_events("user")
            assert isinstance(events, EventStream)
            got = []

            async def feed():
                await server.wait_connected()
                await server.push("update", status(5))
                await server.push("notification", notification(9, 5))
                await server.push("delete", "5")

            pusher = asyncio.ensure_future(feed())
            async for event in events:
                got.append(event)
                if len(got) == 2:
                    break
            await pusher
            del events  # the loop is left and the iterator dropped: the connection goes
            await wait_until(lambda: server.open_streams() == 0, 1.0)
            assert [e.event for e in got] == ["update", "notification"]
            assert isinstance(got[0], StreamEvent) and isinstance(got[0].payload, Status)
            assert got[0].payload.id == "5" and got[0].stream == ["user"]
            assert isinstance(got[1].payload, Notification)
    run(main())


def test_stream_events_with_async_with_and_a_hashtag():
    async def main():
        async with FakeStreamingServer() as server, client_for(server) as api:
            async with api.stream_events("hashtag", tag="python") as events:
                async def feed():
                    await server.wait_connected()
                    await server.push("update", status(8), stream=["hashtag", "python"])
                pusher = asyncio.ensure_future(feed())
                event = await events.__anext__()
                await pusher
                assert event.event == "update" and event.stream == ["hashtag", "python"]
            await wait_until(lambda: server.open_streams() == 0, 1.0)
            assert ("GET", "/api/v1/streaming/hashtag", {"tag": "python"}) in server.requests
    run(main())


# -- WebSocket and the fallback -----------------------------------------------------------------------
def test_a_websocket_only_server_is_streamed_over_websocket_typed():
    async def main():
        async with FakeStreamingServer(sse=False) as server, client_for(server) as api:
            listener = AsyncRecorder()
            handle = await api.stream_user(listener, run_async=True)
            await server.wait_connected()
            await wait_until(lambda: handle.transport == "websocket")
            await server.push("update", status(1))
            await server.push("notification", notification(2, 1))
            await wait_until(lambda: len(listener.got) == 2)
            assert isinstance(listener.got[0][1], Status) and isinstance(listener.got[1][1], Notification)
            assert api._cache[TRANSPORT_CACHE_KEY] == "websocket"
            assert [r[1] for r in server.requests].count("/api/v1/streaming/user") == 1  # tried once
            await handle.close()
            await wait_until(lambda: server.open_streams() == 0, 1.0)
    run(main())


def test_once_a_server_had_no_event_streams_the_next_stream_goes_straight_to_websocket():
    async def main():
        async with FakeStreamingServer(sse=False) as server, client_for(server) as api:
            api._cache[TRANSPORT_CACHE_KEY] = "websocket"

            async def feed():
                await server.wait_connected()
                await server.push("update", status(4))
            pusher = asyncio.ensure_future(feed())
            async for event in api.stream_events("user"):
                assert event.event == "update" and event.payload.id == "4" and event.stream == ["user"]
                break
            await pusher
            assert not [r for r in server.requests if r[1] == "/api/v1/streaming/user"]
            assert any(r[1] == "/api/v1/streaming" and r[2].get("stream") == "user" for r in server.requests)
    run(main())


def test_stream_open_websocket_with_several_subscriptions():
    async def main():
        async with FakeStreamingServer(sse=False) as server, client_for(server) as api:
            home, tagged = Recorder(), AsyncRecorder()
            handle = await api.stream_open_websocket()
            assert isinstance(handle, AsyncWebSocketStreamHandle)
            await server.wait_connected()
            await api.stream_user(home, websocket_handle=handle)
            sub = await api.stream_hashtag("cats", tagged, websocket_handle=handle)
            await wait_until(lambda: server.sockets and len(server.sockets[0].subs) == 2)
            await server.push("update", status(1), stream=["user"])
            await server.push("update", status(2), stream=["hashtag", "cats"])
            await wait_until(lambda: home.got and tagged.got)
            assert home.ids() == ["1"] and tagged.ids() == ["2"]
            await sub.close()
            await wait_until(lambda: len(server.sockets[0].subs) == 1)
            await handle.close()
            await wait_until(lambda: server.open_streams() == 0, 1.0)
    run(main())


# -- reconnection and catch-up ------------------------------------------------------------------------
@pytest.mark.parametrize("sse", [True, False], ids=["sse", "websocket"])
def test_reconnect_catches_up_on_missed_statuses_exactly_once(sse):
    async def main():
        async with FakeStreamingServer(sse=sse) as server, client_for(server) as api:
            listener = AsyncRecorder()
            server.home = [status(1)]
            handle = await api.stream_user(listener, run_async=True, reconnect_async=True,
                                           reconnect_async_wait_sec=0.05)
            await server.wait_connected()
            await wait_until(handle.is_receiving)
            server.home.append(status(2))
            await server.push("update", status(2))
            await wait_until(lambda: listener.ids() == ["2"])

            # The server goes away; three statuses are posted meanwhile.
            server.home += [status(3), status(4), status(5)]
            await server.drop()
            await wait_until(lambda: handle.reconnections >= 1, 3)
            await server.wait_connected()
            await wait_until(lambda: listener.ids() == ["2", "3", "4", "5"], 3)
            # The new connection brings one of them again, then a new one.
            await wait_until(handle.is_receiving)
            await server.push("update", status(5))
            server.home.append(status(6))
            await server.push("update", status(6))
            await wait_until(lambda: "6" in listener.ids(), 3)
            await handle.close()
            assert listener.ids() == ["2", "3", "4", "5", "6"]
            assert all(isinstance(v, Status) or hasattr(v, "id") for _, v in listener.got)
            assert len(listener.aborts) >= 1 and isinstance(listener.aborts[0], MastodonNetworkError)
            pages = [r for r in server.requests if r[1] == "/api/v1/timelines/home"]
            assert pages[0][2].get("limit") == "1"  # the baseline at the first connection
            assert any(r[2].get("min_id") == "2" for r in pages)  # after the reconnection
    run(main())


def test_stream_events_reconnects_and_catches_up():
    async def main():
        async with FakeStreamingServer() as server, client_for(server) as api:
            server.home = [status(1)]
            events = api.stream_events("user", reconnect_wait_sec=0.05)
            got = []

            async def feed():
                await server.wait_connected()
                await wait_until(lambda: events.handle is not None and events.handle.is_receiving())
                await server.push("update", status(2))
                await wait_until(lambda: len(got) == 1)
                server.home += [status(2), status(3)]
                await server.drop()
                await server.wait_connected()
                await wait_until(events.handle.is_receiving)
                await server.push("update", status(3))  # already caught up: dropped
                await server.push("update", status(4))

            pusher = asyncio.ensure_future(feed())
            async for event in events:
                got.append(event.payload.id)
                if event.payload.id == "4":
                    break
            await pusher
            await events.aclose()
            assert got == ["2", "3", "4"]
    run(main())


# -- errors --------------------------------------------------------------------------------------------
def test_an_invalid_token_raises_unauthorized_at_once():
    async def main():
        async with FakeStreamingServer() as server, client_for(server, access_token="wrong") as api:
            listener = Recorder()
            started = time.monotonic()
            with pytest.raises(MastodonUnauthorizedError) as info:
                await api.stream_user(listener)
            assert "invalid" in str(info.value)
            assert listener.aborts == [info.value]
            with pytest.raises(MastodonUnauthorizedError):
                async for _ in api.stream_events("user"):  # reconnect does not retry what cannot work
                    pass
            assert time.monotonic() - started < 3
    run(main())


@pytest.mark.parametrize("answer, error", [
    ((500, b'{"error": "boom"}', "application/json"), MastodonInternalServerError),
    ((200, b'{"hello": 1}', "application/json"), MastodonNetworkError),
    ((200, b"<html>proxy</html>", "text/html"), MastodonNetworkError),
])
def test_bad_answers_raise_documented_errors(answer, error):
    async def main():
        async with FakeStreamingServer() as server, client_for(server) as api:
            server.sse_answer = answer
            with pytest.raises(error):
                await api.stream_user(Recorder())
            with pytest.raises(error):
                async for _ in api.stream_events("user", reconnect=False):
                    pass
            handle = await api.stream_user(Recorder(), run_async=True)
            await wait_until(lambda: not handle.is_alive(), 2)
            assert isinstance(handle.error, error)
    run(main(), 10)


def test_malformed_event_raises_and_a_silent_stream_times_out():
    async def main():
        async with FakeStreamingServer() as server, client_for(server) as api:
            task = asyncio.ensure_future(api.stream_user(Recorder()))
            await server.wait_connected()
            await server.push_raw("event: update\ndata: {not json\n\n")
            with pytest.raises(MastodonMalformedEventError):
                await asyncio.wait_for(task, 2)

            server.silent = True
            started = time.monotonic()
            with pytest.raises(MastodonReadTimeout):
                await api.stream_user(Recorder(), timeout=0.3)
            assert time.monotonic() - started < 2
    run(main())


@pytest.mark.parametrize("fast", [True, False], ids=["huge", "trickling"])
def test_an_endless_error_body_is_read_within_the_budget(fast):
    """As in the sync client: at most 64 KiB of an error answer's body, for at most 1 s (or the
    stream's timeout); the blocking call raises the mapped error in time, with a short message."""
    async def main():
        async with FakeStreamingServer() as server, client_for(server) as api:
            server.sse_trickle, server.trickle_fast = 500, fast
            started = time.monotonic()
            with pytest.raises(MastodonInternalServerError) as caught:
                await api.stream_user(Recorder(), timeout=0.3)
            assert time.monotonic() - started < 1.25
            assert len(str(caught.value)) < 2000
    run(main())


def test_a_refused_websocket_handshake_raises_the_api_error():
    async def main():
        async with FakeStreamingServer(sse=False) as server, client_for(server) as api:
            server.ws_refuse = 401
            with pytest.raises(MastodonUnauthorizedError):
                await api.stream_user(Recorder())
    run(main(), 10)


def test_stream_healthy():
    async def main():
        async with FakeStreamingServer() as server, client_for(server) as api:
            assert await api.stream_healthy() is True
            server.health = 503
            assert await api.stream_healthy() is False
    run(main())


# -- the client around the streams ----------------------------------------------------------------------
def test_streams_use_the_callers_session_and_leave_it_open():
    async def main():
        async with FakeStreamingServer() as server:
            async with aiohttp.ClientSession(headers={"X-Integration": "home-assistant"}) as session:
                async with client_for(server, session=session) as api:
                    async with api.stream_events("user") as events:
                        async def feed():
                            await server.wait_connected()
                            await server.push("update", status(1))
                        pusher = asyncio.ensure_future(feed())
                        assert (await events.__anext__()).payload.id == "1"
                        await pusher
                streamed = [h for r, h in zip(server.requests, server.headers) if r[1] == "/api/v1/streaming/user"]
                assert streamed and streamed[0]["X-Integration"] == "home-assistant"
                assert streamed[0]["Authorization"] == f"Bearer {TOKEN}"
                assert streamed[0]["Accept"] == "text/event-stream"
                assert not session.closed
    run(main())


@pytest.mark.parametrize("reported, allowed", [("4.3.0", True), ("2.4.0", False)])
def test_the_version_gate_of_the_sync_method_applies(reported, allowed):
    async def main():
        async with FakeStreamingServer() as server, client_for(server, version_check_mode="created") as api:
            server.version = reported
            call = api.stream_direct(Recorder(), run_async=True)  # added in Mastodon 2.6.0
            if allowed:
                handle = await call
                await handle.close()
            else:
                with pytest.raises(MastodonVersionError, match="stream_direct"):
                    await call
    run(main())


def test_cancelling_a_blocking_stream_closes_its_connection():
    async def main():
        async with FakeStreamingServer(sse=False) as server, client_for(server) as api:
            task = asyncio.ensure_future(api.stream_user(Recorder()))
            await server.wait_connected()
            started = time.monotonic()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            await wait_until(lambda: server.open_streams() == 0, 1.0)
            assert time.monotonic() - started < 1.0
            # The client is still usable.
            assert await api.stream_healthy() is True
    run(main())


def test_callback_listener_handlers_may_be_coroutine_functions():
    async def main():
        async with FakeStreamingServer() as server, client_for(server) as api:
            seen = []

            async def on_update(status):
                await asyncio.sleep(0)
                seen.append(("update", status.id))

            async def on_local(status):
                await asyncio.sleep(0)
                seen.append(("local", status.id))

            listener = CallbackStreamListener(update_handler=on_update, local_update_handler=on_local,
                                              delete_handler=lambda i: seen.append(("delete", i)))
            handle = await api.stream_user(listener, run_async=True)
            await server.wait_connected()
            await server.push("update", status(1))
            await server.push("delete", "1")
            await wait_until(lambda: len(seen) == 3)
            await handle.close()
            assert seen == [("update", "1"), ("local", "1"), ("delete", "1")]
    run(main())


def test_a_background_stream_nobody_holds_keeps_running_until_it_ends():
    async def main():
        async with FakeStreamingServer() as server, client_for(server) as api:
            listener = Recorder()
            await api.stream_user(listener, run_async=True)  # the handle is not kept
            gc.collect()
            await server.wait_connected()
            await server.push("update", status(1))
            await wait_until(lambda: listener.ids() == ["1"])
            await server.drop()  # no reconnect_async: the stream ends, telling on_abort
            await wait_until(lambda: len(listener.aborts) == 1)
    run(main())


def test_join_waits_for_the_end_of_the_stream():
    async def main():
        async with FakeStreamingServer() as server, client_for(server) as api:
            handle = await api.stream_user(Recorder(), run_async=True)
            await server.wait_connected()
            await handle.join(0.05)
            assert handle.is_alive()
            await server.drop()
            await handle.join(2)
            assert not handle.is_alive() and isinstance(handle.error, MastodonNetworkError)
    run(main())


def test_a_server_that_takes_the_connection_and_never_answers_times_out():
    async def main():
        async def silent(reader, writer):
            await reader.read(65536)  # the request; then nothing, until the client goes
            await reader.read(65536)
            writer.close()

        server = await asyncio.start_server(silent, "127.0.0.1", 0)
        url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        try:
            async with AsyncMastodon(api_base_url=url, access_token=TOKEN) as api:
                api._cache[CACHE_KEY] = url  # discovery done: the stream request itself goes unanswered
                started = time.monotonic()
                with pytest.raises(MastodonReadTimeout):
                    await api.stream_user(Recorder(), timeout=0.3)
                assert time.monotonic() - started < 2
        finally:
            server.close()
            await server.wait_closed()
    run(main())
