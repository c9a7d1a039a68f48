"""The aiohttp shell of AsyncMastodon against a real server on 127.0.0.1: what is sent, errors,
sessions, cancellation, timeouts, redirects, rate limits under concurrency, media polling, pagination."""

import asyncio
import json
import math
import os
import time
from datetime import datetime, timezone

import aiohttp
import pytest
from aiohttp import web
from aioserver import TOKEN, Server, json_reply, run

from mastodon import (
    AsyncMastodon,
    MastodonAPIError,
    MastodonInternalServerError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonReadTimeout,
    MastodonUnauthorizedError,
)
from mastodon.return_types import Account, MediaAttachment, Status

STATUS = {"id": "7", "created_at": "2024-05-01T12:00:00.000Z", "content": "<p>hi</p>",
          "account": {"id": "1", "username": "a", "acct": "a", "created_at": "2024-01-01T00:00:00.000Z"}}


def client(server, **kwargs):
    kwargs.setdefault("access_token", TOKEN)
    return AsyncMastodon(api_base_url=server.url, **kwargs)


# -- what is sent, what comes back ------------------------------------------------------------------
def test_get_with_query_and_typed_result():
    async def main():
        async with Server(lambda seen: [STATUS]) as server, client(server) as api:
            page = await api.timeline_home(limit=5, only_media=True)
            seen = server.requests[0]
            assert (seen.method, seen.path) == ("GET", "/api/v1/timelines/home")
            assert dict(seen.query) == {"limit": "5", "only_media": "true"}
            assert seen.headers["Authorization"] == "Bearer " + TOKEN
            assert type(page[0]) is Status and type(page[0].account) is Account
            assert page[0].created_at == datetime(2024, 5, 1, 12, tzinfo=timezone.utc)
    run(main())


def test_post_form_body_as_the_sync_client_sends_it():
    async def main():
        async with Server(lambda seen: STATUS) as server, client(server) as api:
            status = await api.status_post("hello", media_ids=["1", "2"], visibility="unlisted",
                                           idempotency_key="k1")
            seen = server.requests[-1]  # after the software lookup a form with arrays costs once (core/servers.py)
            assert (seen.method, seen.path) == ("POST", "/api/v1/statuses")
            assert seen.headers["Content-Type"] == "application/x-www-form-urlencoded"
            assert seen.form == {"status": ["hello"], "media_ids[]": ["1", "2"], "visibility": ["unlisted"]}
            assert seen.headers["Idempotency-Key"] == "k1"
            assert status.id == "7"
    run(main())


def test_multipart_upload_sends_the_file():
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40

    async def main():
        async with Server(lambda seen: {"id": "9", "type": "image", "url": "https://x/9.png"}) as server, \
                client(server) as api:
            media = await api.media_post(data, mime_type="image/png", description="alt")
            seen = server.requests[0]
            assert seen.path == "/api/v2/media"
            assert seen.headers["Content-Type"].startswith("multipart/form-data; boundary=")
            assert int(seen.headers["Content-Length"]) == len(seen.body)
            assert data in seen.body and b'name="description"' in seen.body
            assert type(media) is MediaAttachment and media.id == "9"
    run(main())


def test_return_response_and_untyped_results():
    def answer(seen):
        return web.Response(status=503) if seen.path == "/health" else {"a": 1}

    async def main():
        async with Server(answer) as server, client(server) as api:
            assert await api.instance_health() is False
    run(main())


# -- errors: the sync client's classes ----------------------------------------------------------------
@pytest.mark.parametrize("status, cls", [(404, MastodonNotFoundError), (401, MastodonUnauthorizedError),
                                         (500, MastodonInternalServerError), (422, MastodonAPIError)])
def test_error_statuses_raise_the_sync_classes(status, cls):
    async def main():
        async with Server(lambda seen: json_reply({"error": "nope"}, status=status)) as server, \
                client(server) as api:
            with pytest.raises(cls) as caught:
                await api.status(1)
            assert "nope" in str(caught.value)
    run(main())


def test_ratelimit_throw_mode_raises():
    async def main():
        async with Server(lambda seen: json_reply({"error": "slow down"}, status=429)) as server, \
                client(server, ratelimit_method="throw") as api:
            with pytest.raises(MastodonRatelimitError):
                await api.status(1)
    run(main())


def test_body_that_is_not_json_is_an_api_error():
    async def main():
        async with Server(lambda seen: web.Response(text="<html>oops</html>", content_type="text/html")) as server, \
                client(server) as api:
            with pytest.raises(MastodonAPIError, match="not JSON"):
                await api.status(1)
    run(main())


def test_connection_refused_is_a_network_error():
    async def main():
        async with Server(lambda seen: {}) as server:
            url = server.url
        api = AsyncMastodon(api_base_url=url)  # the server is gone: nothing listens there now
        try:
            with pytest.raises(MastodonNetworkError) as caught:
                await api.instance_v1()
            assert isinstance(caught.value.__cause__, aiohttp.ClientError)
        finally:
            await api.close()
    run(main())


# -- sessions -------------------------------------------------------------------------------------------
def test_injected_session_is_used_and_never_closed():
    async def main():
        async with Server(lambda seen: STATUS) as server:
            async with aiohttp.ClientSession(headers={"X-Integration": "home-assistant"}) as session:
                async with client(server, session=session) as api:
                    assert api.session is session
                    await api.status(7)
                    await api.status(8)
                assert not session.closed  # leaving the client's block leaves the caller's session open
                await api.status(9)  # and the client still works with it
                assert [r.headers.get("X-Integration") for r in server.requests] == ["home-assistant"] * 3
                assert all(r.headers["Authorization"] == "Bearer " + TOKEN for r in server.requests)
            assert session.closed
    run(main())


def test_a_session_that_is_not_aiohttp_is_refused():
    from mastodon import MastodonIllegalArgumentError
    with pytest.raises(MastodonIllegalArgumentError, match="aiohttp.ClientSession"):
        AsyncMastodon(api_base_url="http://127.0.0.1:9", session=object())


def test_own_session_is_made_lazily_and_closed():
    async def main():
        async with Server(lambda seen: STATUS) as server:
            api = client(server)
            assert api.session is None  # nothing made before the first request
            async with api:
                await api.status(1)
                own = api.session
                assert isinstance(own, aiohttp.ClientSession) and not own.closed
            assert own.closed and api.session is None
            await api.status(2)  # usable again: a new session is made
            assert api.session is not own
            await api.close()
            await api.close()  # closing twice is harmless
    run(main())


def test_client_works_across_event_loops():
    # A session belongs to the loop it was made in; a client used by two asyncio.run calls makes a new one.
    async def serve(api_holder):
        async with Server(lambda seen: STATUS) as server:
            api_holder.append(client(server))
            await api_holder[0].status(1)
            # not closed on purpose: the next loop must not reuse this session

    holder = []
    run(serve(holder))

    async def again():
        async with Server(lambda seen: STATUS) as server:
            api = holder[0]
            api.api_base_url = server.url
            assert (await api.status(2)).id == "7"
            await api.close()
    run(again())


# -- cancellation and timeouts ------------------------------------------------------------------------
def test_cancellation_propagates_and_leaves_the_client_usable():
    async def main():
        arrived, release = asyncio.Event(), asyncio.Event()

        async def answer(seen):
            if seen.path.endswith("/1"):
                arrived.set()
                await release.wait()
            return STATUS

        async with Server(answer) as server, client(server) as api:
            task = asyncio.create_task(api.status(1))
            await asyncio.wait_for(arrived.wait(), 5)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert api._ratelimiter._pending == {}  # the cancelled call's reservation was given back
            assert (await api.status(2)).id == "7"
            release.set()
    run(main())


def test_cancellation_during_a_rate_limit_wait():
    async def main():
        async with Server(lambda seen: STATUS) as server, client(server) as api:
            limiter = api._ratelimiter
            limiter.reset = time.time() + 0.4  # the budget is spent until then
            limiter.remaining = 0
            limiter._assumed = False
            task = asyncio.create_task(api.status(1))
            await asyncio.sleep(0.05)
            assert not task.done() and server.requests == []  # waiting for the window, loop free
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert limiter._pending == {}
            assert not api._aio_limit_lock().locked()  # the cancelled wait let go of the lock
            assert (await api.status(2)).id == "7"  # waits out the window, then is sent
            assert [r.path for r in server.requests] == ["/api/v1/statuses/2"]
    run(main())


def test_read_timeout():
    async def answer(seen):
        await asyncio.sleep(2)
        return STATUS

    async def main():
        async with Server(answer) as server, client(server, request_timeout=0.2) as api:
            started = time.monotonic()
            with pytest.raises(MastodonReadTimeout) as caught:
                await api.status(1)
            assert time.monotonic() - started < 1.5
            assert isinstance(caught.value.__cause__, asyncio.TimeoutError)
    run(main())


def test_total_deadline_cuts_off_a_trickling_answer():
    body = json.dumps(STATUS).encode()

    async def main():
        async def answer(seen):
            response = web.StreamResponse(headers={"Content-Type": "application/json",
                                                   "Content-Length": str(len(body))})
            await response.prepare(seen.request)
            for i in range(len(body)):
                await response.write(body[i:i + 1])
                await asyncio.sleep(0.05)  # each read is quick; the whole answer is not
            return response

        async with Server(answer) as server, client(server, request_timeout=(1, 1, 0.5)) as api:
            started = time.monotonic()
            with pytest.raises(MastodonReadTimeout):
                await api.status(1)
            assert time.monotonic() - started < 1.5
    run(main())


# -- redirects ------------------------------------------------------------------------------------------
def test_redirect_to_another_server_drops_the_token():
    async def main():
        async with Server(lambda seen: STATUS) as other:
            def answer(seen):
                if seen.path == "/api/v1/statuses/1":
                    raise web.HTTPFound(other.url + "/elsewhere")
                if seen.path == "/api/v1/statuses/2":
                    raise web.HTTPFound("/api/v1/statuses/3")
                return STATUS

            async with Server(answer) as server, client(server) as api:
                await api.status(1)
                assert other.requests[0].path == "/elsewhere"
                assert "Authorization" not in other.requests[0].headers
                await api.status(2)  # same server: the token goes along
                assert server.requests[-1].path == "/api/v1/statuses/3"
                assert server.requests[-1].headers["Authorization"] == "Bearer " + TOKEN
    run(main())


# -- rate limits under concurrency ---------------------------------------------------------------------
class Budget:
    """A server-side rate limit: ``limit`` requests per window of ``window`` seconds (Mastodon's headers)."""

    def __init__(self, limit, window):
        self.limit, self.window = limit, window
        self.counts = {}
        self.refused = 0
        self.sent = []

    def answer(self, seen):
        now = time.time()
        index = math.floor(now / self.window)
        used = self.counts.get(index, 0) + 1
        self.counts[index] = used
        self.sent.append(now)
        reset = datetime.fromtimestamp((index + 1) * self.window, timezone.utc).isoformat(timespec="milliseconds")
        headers = {"X-RateLimit-Limit": str(self.limit), "X-RateLimit-Remaining": str(max(self.limit - used, 0)),
                   "X-RateLimit-Reset": reset.replace("+00:00", "Z")}
        if used > self.limit:
            self.refused += 1
            return json_reply({"error": "Too many requests"}, status=429, headers=headers)
        return json_reply(STATUS, headers=headers)


@pytest.mark.parametrize("mode", ["wait", "pace"])
def test_200_gathered_calls_respect_a_small_budget(mode):
    # Windows of 3 s: the limiter counts a request sent within a quarter window of the boundary in
    # both windows, which covers the delay to the server even on a loaded machine (with 2 s
    # windows, 0.5 s, the whole suite on two busy cores once delivered 5 requests late).
    budget = Budget(limit=100, window=3.0)

    async def main():
        ticks = 0
        done = asyncio.Event()

        async def ticker():
            nonlocal ticks
            while not done.is_set():
                await asyncio.sleep(0.01)
                ticks += 1

        async with Server(budget.answer) as server, client(server, ratelimit_method=mode) as api:
            await api.status(0)  # the first answer tells the client its budget
            tick_task = asyncio.create_task(ticker())
            started = time.monotonic()
            results = await asyncio.gather(*(api.status(i) for i in range(200)))
            elapsed = time.monotonic() - started
            done.set()
            await tick_task
        assert len(results) == 200 and all(type(r) is Status for r in results)
        assert budget.refused == 0, f"{budget.refused} requests beyond the budget"
        assert max(budget.counts.values()) <= budget.limit
        assert elapsed >= 1  # 201 requests at 100 a window: at least one wait for the next window
        assert ticks >= elapsed / 0.01 * 0.3, (ticks, elapsed)  # the loop kept running meanwhile
    run(main(), timeout=60)


# -- media_post(synchronous=True) ------------------------------------------------------------------------
def test_media_post_synchronous_polls_without_blocking():
    polls = []

    def answer(seen):
        if seen.method == "POST":
            return json_reply({"id": "5", "type": "video", "url": None}, status=202)
        polls.append(time.monotonic())
        return {"id": "5", "type": "video", "url": None if len(polls) < 3 else "https://x/5.mp4"}

    async def main():
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                await asyncio.sleep(0.005)
                ticks += 1

        async with Server(answer) as server, client(server) as api:
            api.media_poll_interval = 0.05
            api.media_poll_backoff = 1.0
            tick_task = asyncio.create_task(ticker())
            media = await api.media_post(b"\0" * 100, mime_type="video/mp4", synchronous=True)
            tick_task.cancel()
            assert media.url == "https://x/5.mp4" and type(media) is MediaAttachment
            assert [r.path for r in server.requests] == ["/api/v2/media"] + ["/api/v1/media/5"] * 3
            assert ticks >= 15  # ~0.15 s of polling waits, spent with the loop free
    run(main())


def test_media_post_synchronous_gives_up_after_the_timeout():
    async def main():
        def answer(seen):
            status = 202 if seen.method == "POST" else 206
            return json_reply({"id": "5", "type": "video", "url": None}, status=status)

        async with Server(answer) as server, client(server) as api:
            api.media_poll_interval, api.media_poll_timeout = 0.02, 0.1
            with pytest.raises(MastodonAPIError, match="still being processed") as caught:
                await api.media_post(b"\0" * 10, mime_type="video/mp4", synchronous=True)
            assert caught.value.media.id == "5"
    run(main())


# -- pagination --------------------------------------------------------------------------------------------
def _pages(seen):
    page = int(seen.query.get("max_id", "30")) // 10
    items = [{"id": str(page * 10 - i), "created_at": "2024-05-01T12:00:00Z"} for i in range(1, 4)]
    headers = {}
    if page > 1:
        headers["Link"] = f'<http://x/api/v1/timelines/home?max_id={(page - 1) * 10}>; rel="next"'
    return json_reply(items, headers=headers)


def test_async_for_over_pages_and_fetch_remaining():
    async def main():
        async with Server(_pages) as server, client(server) as api:
            first = await api.timeline_home()
            iterator = api.pagination_iterator(first)
            assert hasattr(iterator, "__anext__")
            ids = [status.id async for status in iterator]
            assert ids == ["29", "28", "27", "19", "18", "17", "9", "8", "7"]
            assert all(type(s) is Status for s in await api.fetch_remaining(first))
            everything = await api.fetch_remaining(first)
            assert [s.id for s in everything] == ids
            second = await api.fetch_next(first)
            assert [s.id for s in second] == ["19", "18", "17"] and type(second[0]) is Status
            pages = [page async for page in api.pagination_page_iterator(first)]
            assert len(pages) == 3
    run(main())


# -- the suite itself ----------------------------------------------------------------------------------------
def test_an_unawaited_coroutine_fails_the_test():
    # What the autouse fixture of tests/aio/conftest.py does: a forgotten await is an AssertionError.
    from aioserver import fail_on_unawaited
    api = AsyncMastodon(api_base_url="http://127.0.0.1:9")
    with pytest.raises(AssertionError, match="was never awaited"):
        with fail_on_unawaited():
            api.status(1)
    with fail_on_unawaited():
        api.make_poll(["a", "b"], expires_in=300)  # no I/O, no coroutine


# -- class methods ---------------------------------------------------------------------------------------
def test_create_app_closes_its_own_temporary_client(tmp_path, monkeypatch):
    made = []

    class Recorded(aiohttp.ClientSession):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr("mastodon.aio.transport.aiohttp.ClientSession", Recorded)

    async def main():
        async with Server(lambda seen: {"client_id": "cid", "client_secret": "csecret"}) as server:
            app_file = str(tmp_path / "app.secret")
            assert await AsyncMastodon.create_app("t", api_base_url=server.url, to_file=app_file) == ("cid", "csecret")
            seen = server.requests[0]
            assert (seen.method, seen.path) == ("POST", "/api/v1/apps")
            assert seen.form["client_name"] == ["t"] and "Authorization" not in seen.headers
            assert len(made) == 1 and made[0].closed
            async with aiohttp.ClientSession() as mine:
                await AsyncMastodon.create_app("t", api_base_url=server.url, session=mine)
                assert not mine.closed  # a session passed in stays the caller's
            api = AsyncMastodon(client_id=app_file)
            assert (api.client_id, api.client_secret, api.api_base_url) == ("cid", "csecret", server.url)
    run(main())


def test_a_closed_given_session_is_a_network_error():
    async def main():
        session = aiohttp.ClientSession()
        await session.close()
        api = AsyncMastodon(api_base_url="http://127.0.0.1:9", session=session)
        with pytest.raises(MastodonNetworkError, match="closed"):
            await api.status(1)
    run(main())


def test_server_time_from_a_head_request():
    async def main():
        async with Server(lambda seen: web.Response(headers={"Date": "Tue, 07 May 2024 12:00:00 GMT"})) as server, \
                client(server) as api:
            when = await api.get_approx_server_time()
            assert when == datetime(2024, 5, 7, 12, tzinfo=timezone.utc)
            seen = server.requests[0]
            assert (seen.method, seen.path) == ("HEAD", "/") and "Authorization" not in seen.headers
    run(main())


def test_debug_log_hides_the_token(caplog):
    async def main():
        async with Server(lambda seen: STATUS) as server, client(server, debug_requests=True) as api:
            with caplog.at_level("DEBUG", logger="mastodon.request"):
                await api.status(1)
    run(main())
    text = caplog.text
    assert "GET" in text and "/api/v1/statuses/1" in text and "HTTP 200" in text
    assert TOKEN not in text and "Bearer ***" in text


def test_no_call_hops_to_a_thread():
    import threading

    async def main():
        async with Server(lambda seen: STATUS) as server, client(server) as api:
            before = threading.active_count()
            await asyncio.gather(*(api.status(i) for i in range(20)), api.media_post(b"\0" * 10, mime_type="image/png"))
            assert threading.active_count() == before
            assert asyncio.get_running_loop()._default_executor is None  # no run_in_executor either
    run(main())


# -- the rules the sync shell follows too (core/redirects.carries_secret, core/hints, wait budget) ---------
def test_a_secret_body_follows_no_redirect_to_another_origin():
    async def main():
        async with Server(lambda seen: {"access_token": "stolen"}) as other:
            def answer(seen):
                raise web.HTTPTemporaryRedirect(other.url + "/oauth/token")

            async with Server(answer) as server:
                api = AsyncMastodon(api_base_url=server.url, client_id="cid", client_secret="csecret")
                try:
                    with pytest.raises(MastodonNetworkError, match="secret"):
                        await api._api_request("POST", "/oauth/token", {"grant_type": "client_credentials",
                                                                        "client_id": "cid",
                                                                        "client_secret": "csecret"}, auth=False)
                finally:
                    await api.close()
                assert other.requests == []  # nothing was sent there
    run(main())


def test_a_refused_token_is_explained():
    from mastodon.core.hints import REFUSED_TOKEN

    async def main():
        async with Server(lambda seen: json_reply({"error": "The access token is invalid"}, status=401)) as server, \
                client(server) as api:
            with pytest.raises(MastodonUnauthorizedError) as caught:
                await api.account_verify_credentials()
            assert caught.value.status_code == 401 and str(caught.value).startswith(REFUSED_TOKEN[:30])
    run(main())


def test_text_that_cannot_be_encoded_is_an_argument_error():
    from mastodon import MastodonIllegalArgumentError

    async def main():
        async with Server(lambda seen: STATUS) as server, client(server) as api:
            with pytest.raises(MastodonIllegalArgumentError, match="cannot be encoded"):
                await api.status_post("broken \ud800 text")
            assert server.requests == []
    run(main())


def test_wait_budget_gives_up_instead_of_waiting_long():
    async def main():
        answer = json_reply({"error": "slow down"}, status=429, headers={"Retry-After": "60"})
        async with Server(lambda seen: answer) as server, client(server, ratelimit_wait_budget=5) as api:
            started = time.monotonic()
            with pytest.raises(MastodonRatelimitError, match="ratelimit_wait_budget"):
                await api.status(1)
            assert time.monotonic() - started < 2
    run(main())
