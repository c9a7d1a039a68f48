"""Reading: timelines, notifications, search, threads, markers, and filters that hide statuses."""

from datetime import datetime

import pytest
from live_support import wait_for

from mastodon import MastodonIllegalArgumentError, MastodonNotFoundError


def _ids(statuses):
    return [s.id for s in statuses]


def test_home_public_and_tag_timelines(alice, bob, me, tag):
    bob.account_follow(me["alice"].id)
    posted = alice.status_post(f"timelines #{tag}", visibility="public")
    assert wait_for(lambda: posted.id in _ids(bob.timeline_home(limit=40)))
    assert posted.id in _ids(bob.timeline("home", limit=40))
    assert posted.id in _ids(bob.timeline_public(limit=40))
    assert posted.id in _ids(bob.timeline_local(limit=40))
    tagged = bob.timeline_hashtag(tag)
    assert _ids(tagged) == [posted.id]
    with pytest.raises(MastodonIllegalArgumentError, match="#"):  # as 2.x: the tag without its '#'
        bob.timeline_hashtag("#" + tag)
    assert _ids(bob.timeline(f"tag/{tag}")) == [posted.id]
    assert all(isinstance(s.created_at, datetime) for s in tagged)
    # The public timeline without a token (the server exposes it).
    from mastodon import Mastodon
    anonymous = Mastodon(api_base_url=alice.api_base_url)
    assert posted.id in _ids(anonymous.timeline_public(limit=40))


def test_notifications_types_get_and_clear(alice, bob, me, tag):
    alice.notifications_clear()
    mention = bob.status_post(f"@alice look {tag}", visibility="public")
    own = alice.status_post(f"like this {tag}", visibility="public")
    bob.status_favourite(own)
    bob.status_reblog(own)

    def arrived():
        found = alice.notifications(limit=40)
        return found if {n.type for n in found} >= {"mention", "favourite", "reblog"} else None
    found = wait_for(arrived)
    assert found, "the notifications did not arrive"
    by_type = {n.type: n for n in found}
    assert by_type["mention"].status.id == mention.id
    assert by_type["favourite"].status.id == own.id and by_type["favourite"].account.id == me["bob"].id
    assert isinstance(by_type["reblog"].created_at, datetime)

    only = alice.notifications(types=["mention"])
    assert {n.type for n in only} == {"mention"}
    without = alice.notifications(exclude_types=["mention", "follow"])
    assert "mention" not in {n.type for n in without} and without
    assert {n.type for n in alice.notifications(mentions_only=True)} == {"mention"}
    assert {n.account.id for n in alice.notifications(account_id=me["bob"].id)} == {me["bob"].id}

    one = alice.notifications(id=by_type["mention"].id)
    assert one.id == by_type["mention"].id and one.type == "mention"

    alice.notifications_clear()
    assert alice.notifications() == []
    with pytest.raises(MastodonNotFoundError):
        alice.notifications(id=by_type["mention"].id)


def test_search_v2(alice, bob, me, tag):
    posted = alice.status_post(f"findable #{tag}", visibility="public")
    found = bob.search_v2("alice", resolve=False)
    assert me["alice"].id in [a.id for a in found.accounts]
    tags = bob.search_v2(tag, result_type="hashtags", resolve=False)
    assert [t.name for t in tags.hashtags] == [tag]
    assert tags.accounts == [] and tags.statuses == []
    # A status URL is found (this server searches statuses by URL, not by words).
    by_url = bob.search_v2(posted.uri, result_type="statuses")
    assert [s.id for s in by_url.statuses] == [posted.id]
    assert bob.search("alice", resolve=False).accounts[0].acct == "alice"


def test_context_of_a_thread(alice, bob, tag):
    root = alice.status_post(f"root {tag}", visibility="public")
    middle = bob.status_reply(root, "middle")
    leaf = alice.status_reply(middle, "leaf")
    context = bob.status_context(middle)
    assert _ids(context.ancestors) == [root.id]
    assert _ids(context.descendants) == [leaf.id]
    assert _ids(bob.status_context(root).descendants) == [middle.id, leaf.id]


def test_markers(alice, tag):
    newest = alice.status_post(f"read up to here {tag}")
    saved = alice.markers_set("home", newest.id)
    assert saved.home.last_read_id == newest.id
    got = alice.markers_get("home")
    assert got.home.last_read_id == newest.id
    assert isinstance(got.home.updated_at, datetime)
    both = alice.markers_set(["home", "notifications"], [newest.id, newest.id])
    assert both.notifications.last_read_id == newest.id


def test_filter_v2_hides_a_status(alice, bob, me, tag):
    bob.account_follow(me["alice"].id)
    word = "zz" + tag
    created = bob.create_filter_v2(f"hide {tag}", ["home", "public"], "hide",
                                   keywords_attributes=[{"keyword": word, "whole_word": True}])
    try:
        assert created.filter_action == "hide"
        assert [k.keyword for k in created.keywords] == [word]
        assert created.id in [f.id for f in bob.filters_v2()]
        hidden = alice.status_post(f"this mentions {word}", visibility="public")
        shown = alice.status_post(f"this does not {tag}", visibility="public")
        assert wait_for(lambda: shown.id in _ids(bob.timeline_home(limit=40)))
        assert hidden.id not in _ids(bob.timeline_home(limit=40))
        assert hidden.id not in _ids(bob.timeline_public(limit=40))
        assert hidden.id in _ids(alice.timeline_public(limit=40))  # only bob filters it
        keyword = bob.add_filter_keyword_v2(created, "otherword")
        assert {k.keyword for k in bob.filter_keywords_v2(created)} == {word, "otherword"}
        bob.delete_filter_keyword_v2(keyword)
        renamed = bob.update_filter_v2(created, title=f"renamed {tag}")
        assert renamed.title == f"renamed {tag}"
    finally:
        bob.delete_filter_v2(created)
    assert created.id not in [f.id for f in bob.filters_v2()]
    # (This server drops a hidden status from the cached home timeline for good; a status
    # posted after the filter went is shown again.)
    after = alice.status_post(f"again {word}", visibility="public")
    assert wait_for(lambda: after.id in _ids(bob.timeline_home(limit=40)))


def test_instance_and_version(alice, live):
    # The newest form the server offers: v2 here, although its version number says 3.5.3.
    assert alice.instance().domain == live.instance_host
    assert alice.instance_v1().uri == live.instance_host
    assert alice.instance_v2().configuration.statuses.max_characters == 5000
    assert alice.retrieve_mastodon_version() == "3.5.3"  # the Mastodon-style number it puts first
    assert alice.verify_minimum_version("3.0.0") is True
    assert alice.verify_minimum_version("4.0.0") is False
    assert alice.timeline_is_available() is True
    assert isinstance(alice.get_approx_server_time(), datetime)


def test_direct_messages_as_conversations(alice, bob, tag):
    secret = alice.status_post(f"@bob just between us {tag}", visibility="direct")
    assert secret.visibility == "direct"

    def conversation():
        for c in bob.conversations():
            if c.last_status and c.last_status.id == secret.id:
                return c
        return None
    found = wait_for(conversation)
    assert found, "the conversation did not show up"
    assert found.unread is True and [a.acct for a in found.accounts] == ["alice"]
    assert bob.conversations_read(found).unread is False
    assert secret.id not in _ids(bob.timeline_public(limit=40))
