"""The social graph: follows, follow requests on a locked account, relationships, lists, mutes, blocks."""

import pytest
from live_support import wait_for

from mastodon import MastodonAPIError, MastodonNotFoundError


def test_follow_unfollow_and_relationships(alice, bob, me, tag):
    rel = bob.account_follow(me["alice"].id)
    assert rel.following is True and rel.id == me["alice"].id
    assert me["bob"].id in [a.id for a in alice.account_followers(me["alice"].id)]
    assert me["alice"].id in [a.id for a in bob.account_following(me["bob"].id)]
    rels = bob.account_relationships([me["alice"].id, me["admin"].id])
    by_id = {r.id: r for r in rels}
    assert by_id[me["alice"].id].following is True
    assert by_id[me["admin"].id].following is False
    assert alice.account_relationships(me["bob"].id)[0].followed_by is True
    found = bob.account_lookup("alice")
    assert found.id == me["alice"].id and found.acct == "alice"


def test_follow_requests_on_a_locked_account(make_user, alice, bob, me):
    carol = make_user("carol")  # accounts made by the server's admin tool start locked
    carol_me = carol.account_update_credentials(locked=True)
    assert carol_me.locked is True
    alice.account_unfollow(carol_me.id)  # a server reused from an earlier run
    bob.account_unfollow(carol_me.id)

    asked = alice.account_follow(carol_me.id)
    assert asked.requested is True and asked.following is False
    bob.account_follow(carol_me.id)
    waiting = carol.follow_requests()
    assert {a.id for a in waiting} == {me["alice"].id, me["bob"].id}

    accepted = carol.follow_request_authorize(me["alice"].id)
    assert accepted.followed_by is True
    rejected = carol.follow_request_reject(me["bob"])
    assert rejected.followed_by is False and rejected.requested_by is False
    assert carol.follow_requests() == []
    assert alice.account_relationships(carol_me.id)[0].following is True
    assert bob.account_relationships(carol_me.id)[0].requested is False
    assert bob.account_relationships(carol_me.id)[0].following is False
    # Authorizing a request that is not there is the server's 404.
    with pytest.raises(MastodonNotFoundError):
        carol.follow_request_authorize(me["bob"].id)


def test_lists_create_add_timeline_delete(alice, bob, me, tag):
    alice.account_follow(me["bob"].id)
    created = alice.list_create(f"friends {tag}", replies_policy="list")
    assert created.title == f"friends {tag}"
    alice.list_accounts_add(created, [me["bob"].id])
    assert [a.id for a in alice.list_accounts(created)] == [me["bob"].id]
    assert created.id in [lst.id for lst in alice.account_lists(me["bob"].id)]
    posted = bob.status_post(f"for the list {tag}", visibility="public")
    assert wait_for(lambda: posted.id in [s.id for s in alice.timeline_list(created)])
    assert posted.id in [s.id for s in alice.timeline(f"list/{created.id}")]
    renamed = alice.list_update(created, f"close friends {tag}")
    assert renamed.title == f"close friends {tag}"
    alice.list_accounts_delete(created, me["bob"].id)
    assert alice.list_accounts(created) == []
    alice.list_delete(created)
    assert created.id not in [lst.id for lst in alice.lists()]
    with pytest.raises(MastodonNotFoundError):
        alice.list(created.id)


def test_mutes_and_blocks(alice, bob, me, tag):
    muted = alice.account_mute(me["bob"].id, notifications=True)
    assert muted.muting is True and muted.muting_notifications is True
    assert me["bob"].id in [a.id for a in alice.mutes()]
    hidden = bob.status_post(f"muted words {tag}", visibility="public")
    assert hidden.id not in [s.id for s in alice.timeline_home(limit=40)]
    assert alice.account_unmute(me["bob"].id).muting is False
    assert me["bob"].id not in [a.id for a in alice.mutes()]

    blocked = alice.account_block(me["bob"].id)
    assert blocked.blocking is True and blocked.following is False
    assert me["bob"].id in [a.id for a in alice.blocks()]
    # Blocked: bob can neither see alice's account nor follow her.
    with pytest.raises(MastodonAPIError):
        bob.account_follow(me["alice"].id)
    assert alice.account_unblock(me["bob"].id).blocking is False
    assert alice.blocks() == []
    bob.account_follow(me["alice"].id)  # the block ended the follow; later tests rely on it


def test_profile_with_avatar_fields_and_bot_flag(make_user):
    from live_media import png
    bot = make_user("profile")
    me = bot.account_update_credentials(display_name="A test bot", note="I post things", bot=True,
                                        avatar=png(64, 64), avatar_mime_type="image/png",
                                        fields=[("site", "https://example.org"), ("mood", "fine")])
    assert me.display_name == "A test bot" and me.bot is True
    assert [f.name for f in me.fields] == ["site", "mood"]
    assert me.fields[1].value == "fine" and "https://example.org" in me.fields[0].value
    assert "/fileserver/" in me.avatar
    assert bot.account_verify_credentials().source.note == "I post things"
    assert "/fileserver/" not in bot.account_delete_avatar().avatar
