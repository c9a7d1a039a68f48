"""AsyncMastodon against GoToSocial: OAuth login, media posted with synchronous=True, walking 5+ pages
with fetch_remaining and with ``async for``. (Its streaming is tested in test_async_streaming*.py.)"""

import asyncio

import pytest
from live_browser import authorize_in_browser
from live_media import png, video

from mastodon import AsyncMastodon
from mastodon.return_types import MediaAttachment, Status

SCOPES = ["read", "write", "follow"]
STATUSES = 27
PAGE = 5


def run(coroutine, timeout=180):
    async def bounded():
        return await asyncio.wait_for(coroutine, timeout)
    return asyncio.run(bounded())


def test_async_app_registration_and_login(live, tmp_path):
    alice = live.creds["alice"]
    app_file = str(tmp_path / "async_app.secret")

    async def main():
        client_id, client_secret = await AsyncMastodon.create_app("live-async", scopes=SCOPES, to_file=app_file,
                                                                  api_base_url=live.base_url)
        assert client_id and client_secret
        async with AsyncMastodon(client_id=app_file) as api:
            url = await api.auth_request_url(scopes=SCOPES)
            assert url.startswith(live.base_url + "/oauth/authorize?")
            code = authorize_in_browser(url, alice["email"], alice["password"])
            token = await api.log_in(code=code, scopes=SCOPES)
            assert token and api.access_token == token
            me = await api.account_verify_credentials()
            assert (me.id, me.acct) == (alice["id"], "alice")
        async with AsyncMastodon(access_token=token, api_base_url=live.base_url) as later:
            assert (await later.me()).id == alice["id"]
    run(main())


def test_async_media_post_synchronous_and_status(live, tmp_path):
    clip = video(str(tmp_path / "clip.mp4"), seconds=1.0)

    async def main():
        async with AsyncMastodon(access_token=live.creds["alice"]["access_token"], api_base_url=live.base_url) as api:
            movie, picture = await asyncio.gather(
                api.media_post(clip, synchronous=True, description="a test clip"),
                api.media_post(png(), mime_type="image/png", description="a test picture", synchronous=True))
            assert type(movie) is MediaAttachment and movie.url and movie.type in ("video", "gifv")
            assert picture.url and picture.type == "image"
            posted = await api.status_post("async media", media_ids=[movie, picture], visibility="unlisted")
            assert type(posted) is Status
            again = await api.status(posted.id)
            assert [m.id for m in again.media_attachments] == [movie.id, picture.id]
            assert again.media_attachments[0].description == "a test clip"
            await api.status_delete(posted.id)
    run(main())


@pytest.fixture(scope="module")
def async_pager(live, make_user):
    """A fresh account with STATUSES statuses posted by the async client (newest first in ``ids``)."""
    token = make_user("apager").access_token

    async def post_all():
        async with AsyncMastodon(access_token=token, api_base_url=live.base_url) as api:
            ids = [(await api.status_post(f"async status {i}", visibility="public")).id for i in range(STATUSES)]
            return (await api.me()).id, ids[::-1]
    account_id, ids = run(post_all())
    return token, account_id, ids


def test_async_fetch_remaining_walks_every_page(live, async_pager):
    token, account_id, ids = async_pager

    async def main():
        async with AsyncMastodon(access_token=token, api_base_url=live.base_url) as api:
            first = await api.account_statuses(account_id, limit=PAGE)
            assert [s.id for s in first] == ids[:PAGE]
            everything = await api.fetch_remaining(first)
            assert [s.id for s in everything] == ids
            assert all(type(s) is Status for s in everything)
            pages = [page async for page in api.pagination_page_iterator(first)]
            assert len([p for p in pages if p]) >= 5
    run(main())


def test_async_for_walks_every_page(live, async_pager):
    token, account_id, ids = async_pager

    async def main():
        async with AsyncMastodon(access_token=token, api_base_url=live.base_url) as api:
            first = await api.account_statuses(account_id, limit=PAGE)
            seen = [status.id async for status in api.pagination_iterator(first)]
            assert seen == ids  # STATUSES / PAGE: six pages
            # Resumable: with the page info, a later walk picks up where this one stopped.
            walked = []
            async for status, info in api.pagination_iterator(first, return_pagination_info=True):
                walked.append(status.id)
                if len(walked) == 2 * PAGE:
                    break
            rest = await api.fetch_remaining(await api.fetch_next(info))
            assert walked + [s.id for s in rest] == ids
    run(main())
