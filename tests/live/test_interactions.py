"""Interactions with a status: favourite, boost, bookmark, pin, mute the conversation, and their lists."""

from live_support import wait_for

from mastodon import MastodonAPIError


def test_favourite_boost_bookmark_and_their_lists(alice, bob, me, tag):
    status = alice.status_post(f"interact with me {tag}", visibility="public")

    faved = bob.status_favourite(status)
    assert faved.favourited is True and faved.favourites_count == 1
    assert status.id in [s.id for s in bob.favourites()]
    assert [a.id for a in alice.status_favourited_by(status)] == [me["bob"].id]

    boost = bob.status_reblog(status)
    assert boost.reblog.id == status.id and boost.account.id == me["bob"].id
    assert boost.reblog.reblogged is True
    assert [a.id for a in alice.status_reblogged_by(status)] == [me["bob"].id]
    assert boost.id in [s.id for s in bob.account_statuses(me["bob"].id, limit=10)]

    marked = bob.status_bookmark(status)
    assert marked.bookmarked is True
    assert status.id in [s.id for s in bob.bookmarks()]

    seen = bob.status(status)
    assert (seen.favourited, seen.reblogged, seen.bookmarked) == (True, True, True)
    assert (seen.favourites_count, seen.reblogs_count) == (1, 1)

    assert bob.status_unfavourite(status).favourited is False
    assert bob.status_unreblog(status).id == status.id
    # This server undoes the boost in the background: its answer may still say reblogged.
    assert wait_for(lambda: bob.status(status).reblogged is False)
    assert bob.status_unbookmark(status).bookmarked is False
    assert status.id not in [s.id for s in bob.favourites()]
    assert status.id not in [s.id for s in bob.bookmarks()]
    assert wait_for(lambda: alice.status_reblogged_by(status) == [])


def test_pin_and_the_pinned_list(alice, me, tag):
    status = alice.status_post(f"pin me {tag}", visibility="public")
    assert alice.status_pin(status).pinned is True
    pinned = alice.account_statuses(me["alice"].id, pinned=True)
    assert status.id in [s.id for s in pinned]
    assert alice.status_unpin(status).pinned is False
    assert status.id not in [s.id for s in alice.account_statuses(me["alice"].id, pinned=True)]
    # Another account's status cannot be pinned: the server's refusal is an API error.
    other = alice.status_post(f"private {tag}", visibility="direct")
    try:
        alice.status_pin(other)
    except MastodonAPIError as e:
        assert e.status_code in (403, 422)
    else:  # pragma: no cover - a server that allows it
        alice.status_unpin(other)


def test_mute_conversation(alice, bob, tag):
    status = bob.status_post(f"@alice noisy thread {tag}", visibility="public")
    muted = alice.status_mute(status)
    assert muted.muted is True
    assert alice.status(status).muted is True
    assert alice.status_unmute(status).muted is False
