"""The main journeys against each server software (GoToSocial, snac, Takahē, Hollo), with the
sync client. What a server lacks is asserted as the documented error (or the empty answer) that
``server_features.DIFFERENCES`` notes for it, so that table, and the docs page made from it,
cannot rot."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any, Callable, Dict

import pytest
from live_browser import authorize_in_browser
from live_media import png
from live_signin import code_for
from live_support import wait_for
from server_features import outcome

import mastodon
from mastodon import Mastodon, MastodonNotFoundError, MastodonUnauthorizedError, StreamListener

#: Cross-user effects are asynchronous on snac (its queue: up to ~4 s) and Takahē (Stator: ~1.5 s).
SETTLE_SEC = 12.0

#: The Mastodon version each software reports (None: only its own number).
MASTODON_VERSIONS = {"gotosocial": "3.5.3", "snac": None, "takahe": None, "hollo": None}

#: An id of the server's own shape that names no status.
MISSING_STATUS = {"gotosocial": "01AAAAAAAAAAAAAAAAAAAAAAAA", "snac": "1700000000aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                  "takahe": "100000000000000001", "hollo": "01a00000-0000-7000-8000-000000000000"}


class Clients:
    def __init__(self, server: Any) -> None:
        self.server = server
        self.name = server.software
        self.alice = self.client("alice")
        self.bob = self.client("bob")
        self.alice_id = server.creds["alice"]["id"]
        self.bob_id = server.creds["bob"]["id"]

    def client(self, user: str, **kwargs: Any) -> Mastodon:
        return Mastodon(access_token=self.server.creds[user]["access_token"], api_base_url=self.server.base_url,
                        **kwargs)


@pytest.fixture(scope="session")
def on(server: Any) -> Clients:
    return Clients(server)


def tag() -> str:
    return "t" + uuid.uuid4().hex[:10]


def check(on: Clients, feature: str, journey: Callable[[], Any]) -> Any:
    """Run ``journey`` where the server has ``feature``; else assert the noted error or empty answer."""
    kind, note = outcome(on.name, feature)
    if kind == "yes":
        return journey()
    if kind == "empty":
        result = journey()
        assert not result, f"{on.name} {feature}: expected an empty answer ({note}), got {result!r:.200}"
        return result
    error = getattr(mastodon, kind)
    with pytest.raises(error) as info:
        journey()
    if kind != "MastodonNotSupportedError":
        assert info.value.status_code is not None and info.value.method and info.value.url
    return None


def test_server_info(on: Clients) -> None:
    def journey() -> Any:
        info = on.alice.server_info()
        assert info.software == on.name
        assert info.mastodon_version == MASTODON_VERSIONS[on.name]
        assert info.version  # the software's own number
        anonymous = Mastodon(api_base_url=on.server.base_url).server_info()
        assert anonymous.software == on.name
        return info
    check(on, "server_info", journey)


def test_oauth_app_and_token(on: Clients, tmp_path: Any) -> None:
    def journey() -> Any:
        app_file = str(tmp_path / "app.secret")
        Mastodon.create_app("live-servers", scopes=["read", "write"], to_file=app_file, api_base_url=on.server.base_url)
        client = Mastodon(client_id=app_file)
        url = client.auth_request_url(scopes=["read", "write"])
        assert url.startswith(on.server.base_url + "/oauth/authorize?") and "client_id=" in url
        if on.name == "gotosocial":
            code = authorize_in_browser(url, on.server.creds["alice"]["email"], on.server.creds["alice"]["password"])
        else:
            code = code_for(on.name, url, on.server.base_url, on.server.creds["alice"])
        assert code, "no authorization code"
        token = client.log_in(code=code, scopes=["read", "write"])  # the library's own code exchange
        assert token and client.access_token == token
        me = client.account_verify_credentials()
        assert str(me.id) == str(on.alice_id)
        return me
    check(on, "oauth_app", journey)


def test_post_with_content_warning(on: Clients) -> None:
    def journey() -> Any:
        status = on.alice.status_post(f"cw {tag()}", spoiler_text="a warning")
        assert status.spoiler_text == "a warning" and isinstance(status.id, str)
        assert on.alice.status(status.id).id == status.id
        return status
    check(on, "post_cw", journey)


def test_post_with_poll(on: Clients) -> None:
    def journey() -> Any:
        status = on.alice.status_post(f"poll {tag()}", poll=on.alice.make_poll(["yes", "no"], 3600))
        assert status.poll is not None and [o.title for o in status.poll.options] == ["yes", "no"]
        return status
    check(on, "post_poll", journey)


def test_post_with_media(on: Clients) -> None:
    def journey() -> Any:
        media = on.alice.media_post(png(), "image/png", description="a red square", synchronous=True)
        assert media.type == "image" and media.url
        status = on.alice.status_post(f"media {tag()}", media_ids=[media])
        assert len(status.media_attachments) == 1 and status.media_attachments[0].type == "image"  # snac renames ids
        return status
    check(on, "post_media", journey)


def test_reply(on: Clients) -> None:
    def journey() -> Any:
        parent = on.alice.status_post(f"parent {tag()}", visibility="public")
        reply = on.bob.status_post(f"reply {tag()}", in_reply_to_id=parent.id, visibility="public")
        assert reply.in_reply_to_id == parent.id
        seen = wait_for(lambda: reply.id in [s.id for s in on.alice.status_context(parent).descendants], SETTLE_SEC,
                        0.2)
        assert seen, "the reply never reached the parent's context"
        return reply
    check(on, "reply", journey)


def test_favourite_and_boost(on: Clients) -> None:
    def journey() -> Any:
        status = on.alice.status_post(f"like me {tag()}", visibility="public")
        assert on.bob.status_favourite(status).favourited is True
        boost = on.bob.status_reblog(status)
        assert (boost.reblog or boost).id == status.id  # Takahē answers with the original
        assert on.bob.status_unfavourite(status).favourited is False
        on.bob.status_unreblog(status)
        return status
    check(on, "favourite_boost", journey)


def test_follow_and_relationships(on: Clients) -> None:
    def journey() -> Any:
        on.bob.account_follow(on.alice_id)
        following = wait_for(lambda: on.bob.account_relationships(on.alice_id)[0].following, SETTLE_SEC, 0.2)
        assert following, "bob never came to follow alice"
        on.bob.account_unfollow(on.alice_id)
        left = wait_for(lambda: not on.bob.account_relationships(on.alice_id)[0].following, SETTLE_SEC, 0.2)
        assert left
        return following
    check(on, "follow", journey)


def test_timelines(on: Clients) -> None:
    def journey() -> Any:
        status = on.alice.status_post(f"timeline {tag()}", visibility="public")
        home = wait_for(lambda: status.id in [s.id for s in on.alice.timeline_home(limit=40)], SETTLE_SEC, 0.2)
        public = wait_for(lambda: status.id in [s.id for s in on.alice.timeline_public(limit=40)], SETTLE_SEC, 0.2)
        assert home and public
        return status
    check(on, "timelines", journey)


def test_notifications(on: Clients) -> None:
    status = on.alice.status_post(f"notify me {tag()}", visibility="public")
    on.bob.status_favourite(status)

    def journey() -> Any:
        def found() -> Any:
            return [n for n in on.alice.notifications(limit=40)
                    if n.type == "favourite" and n.status is not None and n.status.id == status.id]
        if outcome(on.name, "notifications")[0] == "empty":
            time.sleep(1.0)  # give the server the time it would take, then expect nothing
            return found()
        got = wait_for(found, SETTLE_SEC, 0.2)
        assert got, "no favourite notification"
        return got
    check(on, "notifications", journey)


def test_search(on: Clients) -> None:
    def journey() -> Any:
        accounts = on.alice.search_v2("bob", result_type="accounts").accounts
        if outcome(on.name, "search")[0] == "yes":
            assert any(str(a.id) == str(on.bob_id) for a in accounts)
        return accounts
    check(on, "search", journey)


def test_paging_five_pages(on: Clients) -> None:
    def journey() -> Any:
        word = tag()
        posted = [on.alice.status_post(f"page {n} {word}", visibility="public").id for n in range(11)]
        first = on.alice.account_statuses(on.alice_id, limit=2)
        pages, found = 0, []
        for page in on.alice.pagination_page_iterator(first):
            pages += 1
            found += [s.id for s in page if s.id in posted]
            if len(found) == len(posted):
                break
        assert sorted(found) == sorted(posted) and len(set(found)) == len(found)
        assert pages >= 5
        return pages
    check(on, "paging", journey)


def test_errors(on: Clients) -> None:
    def journey() -> Any:
        with pytest.raises(MastodonNotFoundError) as missing:
            on.alice.status(MISSING_STATUS[on.name])
        assert missing.value.status_code == 404
        bad = Mastodon(access_token="not-a-token-" + uuid.uuid4().hex, api_base_url=on.server.base_url)
        with pytest.raises(MastodonUnauthorizedError):
            bad.account_verify_credentials()
        return True
    check(on, "errors", journey)


class _Updates(StreamListener):
    def __init__(self) -> None:
        self.ids: list = []
        self.lock = threading.Lock()

    def on_update(self, status: Any) -> None:
        with self.lock:
            self.ids.append(status.id)


def test_streaming(on: Clients) -> None:
    def journey() -> Any:
        listener = _Updates()
        client = on.client("alice")
        handle = client.stream_user(listener, run_async=True, reconnect_async=True, reconnect_async_wait_sec=1)
        try:
            wait_for(lambda: handle.is_receiving() or handle.error is not None, 10.0, 0.05)
            if handle.error is not None:  # refused in the background (a busy server told its software late)
                raise handle.error
            status = client.status_post(f"streamed {tag()}")
            assert wait_for(lambda: status.id in listener.ids, 10.0, 0.05)
        finally:
            handle.close()
        return True
    check(on, "streaming", journey)
    kind = outcome(on.name, "streaming")[0]
    if kind != "yes":
        # Once the client knows the software (however long a busy server took to tell), a stream
        # is refused at once, without a request; the error is the one the table notes.
        client = on.client("alice")
        with pytest.raises(getattr(mastodon, kind)):  # the first stream (blocking) learns the software
            client.stream_user(_Updates(), timeout=10)
        started = time.monotonic()
        with pytest.raises(getattr(mastodon, kind)):  # known now: refused before it starts
            client.stream_user(_Updates(), run_async=True)
        assert time.monotonic() - started < 1.0


UNSUPPORTED_CALLS: Dict[str, Callable[[Clients], Any]] = {
    "markers": lambda on: on.alice.markers_get(["home"]),
    "unread_count": lambda on: on.alice.notifications_unread_count(),
    "mute": lambda on: (on.alice.account_mute(on.bob_id), on.alice.account_unmute(on.bob_id)),
    "filters_v2": lambda on: on.alice.filters_v2(),
    "scheduled_statuses": lambda on: on.alice.scheduled_statuses(),
    "conversations": lambda on: on.alice.conversations(),
    "grouped_notifications": lambda on: on.alice.grouped_notifications().notification_groups,
}


@pytest.mark.parametrize("feature", sorted(UNSUPPORTED_CALLS))
def test_other_features(on: Clients, feature: str) -> None:
    def journey() -> Any:
        result = UNSUPPORTED_CALLS[feature](on)
        return result if outcome(on.name, feature)[0] == "empty" else True
    check(on, feature, journey)
