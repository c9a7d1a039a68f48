"""Streaming from a server that only speaks WebSocket: the fallback, several subscriptions on one
connection, close(), and a server restart in the middle of a background stream."""

import threading
import time
from collections import Counter

import pytest
from live_support import wait_for

from mastodon import StreamListener

ARRIVAL_SEC = 10.0


class Recorder(StreamListener):
    """Keeps every event, thread-safely."""

    def __init__(self):
        self.lock = threading.Lock()
        self.updates = []
        self.notifications = []
        self.deletes = []
        self.aborts = []

    def _keep(self, kind, value):
        with self.lock:
            getattr(self, kind).append(value)

    def on_update(self, status):
        self._keep("updates", status)

    def on_notification(self, notification):
        self._keep("notifications", notification)

    def on_delete(self, status_id):
        self._keep("deletes", status_id)

    def on_abort(self, err):
        self._keep("aborts", err)

    def update_ids(self):
        with self.lock:
            return [s.id for s in self.updates]

    def mention_ids(self):
        with self.lock:
            return [n.status.id for n in self.notifications if n.type == "mention"]


def _close_quickly(handle):
    started = time.monotonic()
    handle.close()
    took = time.monotonic() - started
    assert took < 1.0, f"close() took {took:.2f} s"
    assert wait_for(lambda: not handle.is_alive(), timeout=1.0)


def test_stream_user_falls_back_to_websocket(alice, bob, me, tag):
    listener = Recorder()
    handle = alice.stream_user(listener, run_async=True)
    try:
        assert wait_for(handle.is_receiving)
        assert handle.transport == "websocket"  # the SSE URL answers 404 here
        own = alice.status_post(f"streamed {tag}")
        mention = bob.status_post(f"@alice streamed mention {tag}")
        assert wait_for(lambda: own.id in listener.update_ids(), ARRIVAL_SEC)
        assert wait_for(lambda: mention.id in listener.mention_ids(), ARRIVAL_SEC)
        arrived = [s for s in listener.updates if s.id == own.id][0]
        assert arrived.account.id == me["alice"].id and tag in arrived.content
        assert arrived.created_at == own.created_at  # decoded like REST results
        alice.status_delete(own)
        assert wait_for(lambda: own.id in listener.deletes, ARRIVAL_SEC)
    finally:
        _close_quickly(handle)
    assert listener.aborts == []


class Enough(Exception):
    """Raised by a listener to end a blocking stream."""


def test_blocking_stream_ends_with_the_listeners_exception(alice, tag):
    """The simplest bot: ``stream_user(listener)`` blocks; an exception in the listener ends it."""
    class StopAtMine(StreamListener):
        def on_update(self, status):
            if tag in status.content:
                raise Enough(status.id)

    outcome = {}

    def run():
        try:
            alice.stream_user(StopAtMine())
        except Exception as e:  # noqa: BLE001 - what the call raised is the result
            outcome["error"] = e

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    time.sleep(0.5)  # connected and subscribed
    posted = None
    for _ in range(10):  # post until the stream has seen one (it may still be connecting)
        posted = alice.status_post(f"stop here {tag}")
        thread.join(1.0)
        if not thread.is_alive():
            break
    assert not thread.is_alive(), "the blocking stream did not end"
    assert isinstance(outcome.get("error"), Enough)
    assert outcome["error"].args[0] in {posted.id} | {s.id for s in alice.timeline_home(limit=20)}


def test_several_subscriptions_on_one_connection(alice, bob, me, tag):
    bob.account_follow(me["alice"].id)
    friends = alice.list_create(f"stream {tag}")
    alice.account_follow(me["bob"].id)
    alice.list_accounts_add(friends, me["bob"].id)
    home, public, listed = Recorder(), Recorder(), Recorder()
    connection = alice.stream_open_websocket()
    try:
        alice.stream_user(home, websocket_handle=connection)
        alice.stream_public(public, websocket_handle=connection)
        sub = alice.stream_list(friends, listed, websocket_handle=connection)
        assert len(connection.subscriptions()) == 3
        assert wait_for(sub.is_receiving)
        time.sleep(0.3)  # the subscribe messages reach the server
        by_bob = bob.status_post(f"for everyone {tag}", visibility="public")
        by_alice = alice.status_post(f"mine {tag}", visibility="public")
        assert wait_for(lambda: {by_bob.id, by_alice.id} <= set(public.update_ids()), ARRIVAL_SEC)
        assert wait_for(lambda: {by_bob.id, by_alice.id} <= set(home.update_ids()), ARRIVAL_SEC)
        assert wait_for(lambda: by_bob.id in listed.update_ids(), ARRIVAL_SEC)
        assert by_alice.id not in listed.update_ids()
    finally:
        _close_quickly(connection)
        alice.list_delete(friends)


def test_no_hashtag_stream_here(alice, tag):
    """This server has no hashtag stream: the subscription gets nothing, the connection stays usable."""
    listener = Recorder()
    handle = alice.stream_hashtag(tag, listener, run_async=True)
    try:
        posted = alice.status_post(f"#{tag} tagged", visibility="public")
        time.sleep(1.0)
        assert posted.id not in listener.update_ids()
    finally:
        _close_quickly(handle)


def test_restart_mid_stream_catches_up_exactly_once(live, alice, bob, me, tag):
    """Stop the server under a background stream, start it again on the same port and data, post
    while the stream is still waiting to reconnect: everything arrives once, through the REST
    catch-up, and nothing twice."""
    listener = Recorder()
    handle = alice.stream_user(listener, run_async=True, reconnect_async=True, reconnect_async_wait_sec=2)
    missed, mentions = [], []
    try:
        assert wait_for(handle.is_receiving)
        before = alice.status_post(f"before the restart {tag}")
        assert wait_for(lambda: before.id in listener.update_ids(), ARRIVAL_SEC)

        for attempt in range(3):
            count = handle.reconnections
            live.stop()
            # The drop, then one reconnection attempt that fails: the next one is 4 s later and the
            # one after that 8 s more; the server takes about 6 s to come back. Should it come back
            # right before an attempt (a slow machine), the round is repeated.
            assert wait_for(lambda: handle.reconnections >= count + 2, timeout=10), "the stream missed the stop"
            live.start()
            if handle.is_receiving():
                continue
            missed += [alice.status_post(f"while away {attempt}.{i} {tag}") for i in range(3)]
            mentions += [bob.status_post(f"@alice while away {attempt}.{i} {tag}") for i in range(2)]
            if not handle.is_receiving():
                break  # posted while the stream was away: only the catch-up can bring these
        else:
            pytest.fail("the stream always reconnected before the posts were made")

        wanted = [s.id for s in missed]
        assert wait_for(lambda: set(wanted) <= set(listener.update_ids()), 30), \
            f"missed statuses never arrived; got {listener.update_ids()}"
        assert wait_for(lambda: {m.id for m in mentions} <= set(listener.mention_ids()), ARRIVAL_SEC)
        after = alice.status_post(f"after the restart {tag}")
        assert wait_for(lambda: after.id in listener.update_ids(), ARRIVAL_SEC)
        time.sleep(0.5)  # room for a duplicate to show up
        every = wanted + [before.id, after.id]
        counts = Counter(listener.update_ids())
        assert {i: counts[i] for i in every} == {i: 1 for i in every}
        mention_counts = Counter(listener.mention_ids())
        assert {m.id: mention_counts[m.id] for m in mentions} == {m.id: 1 for m in mentions}
        # Oldest first, as they were posted.
        assert [i for i in listener.update_ids() if i in wanted] == wanted
    finally:
        _close_quickly(handle)


def test_a_quiet_stream_stays_up_past_its_timeout(alice, tag):
    """No events for several timeouts: keep-alive pings keep the connection, nothing is aborted."""
    listener = Recorder()
    handle = alice.stream_user(listener, run_async=True, timeout=1.0, reconnect_async=True,
                               reconnect_async_wait_sec=1)
    try:
        assert wait_for(handle.is_receiving)
        time.sleep(3.5)
        assert handle.is_receiving() and handle.reconnections == 0 and listener.aborts == []
        posted = alice.status_post(f"still listening {tag}")
        assert wait_for(lambda: posted.id in listener.update_ids(), ARRIVAL_SEC)
    finally:
        _close_quickly(handle)
