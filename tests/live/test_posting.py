"""Posting: text, content warnings, polls, media, scheduled statuses, threads, edits, deletion."""

from datetime import datetime, timedelta, timezone

import pytest
from live_support import wait_for
from live_media import png, video

from mastodon import MastodonAPIError, MastodonNotFoundError


def _aware(value):
    return isinstance(value, datetime) and value.tzinfo is not None and value.utcoffset() == timedelta(0)


def test_text_status_and_its_values(alice, me, tag):
    before = datetime.now(timezone.utc)
    status = alice.status_post(f"Hello world #{tag}", visibility="public", language="en")
    assert tag in status.content and status.content.startswith("<p>")
    assert status.visibility == "public" and status.language == "en"
    assert status.account.id == me["alice"].id and status.account.acct == "alice"
    assert _aware(status.created_at) and abs(status.created_at - before) < timedelta(seconds=30)
    assert status.tags[0].name == tag
    assert status["id"] == status.id and isinstance(status.id, str)
    again = alice.status(status.id)
    assert (again.id, again.content) == (status.id, status.content)
    # toot(): the simplest call, with the account's default visibility (unlisted on this server).
    assert alice.toot(f"toot {tag}").visibility == "unlisted"


def test_content_warning(alice, tag):
    status = alice.status_post(f"spoilers {tag}", spoiler_text="film ending", sensitive=True)
    assert status.spoiler_text == "film ending"
    assert status.sensitive is True
    assert tag in status.content


def test_poll_and_a_vote_from_another_account(alice, bob, tag):
    poll = alice.make_poll(["tea", "coffee", "water"], expires_in=timedelta(hours=1), multiple=True)
    status = alice.status_post(f"what do you drink {tag}", poll=poll, visibility="public")
    assert [o.title for o in status.poll.options] == ["tea", "coffee", "water"]
    assert status.poll.multiple is True and status.poll.expired is False
    assert _aware(status.poll.expires_at)
    assert timedelta(minutes=55) < status.poll.expires_at - datetime.now(timezone.utc) < timedelta(minutes=65)

    voted = bob.poll_vote(status.poll.id, [0, 2])
    assert voted.voted is True and sorted(voted.own_votes) == [0, 2]
    seen = alice.poll(status.poll)
    assert [o.votes_count for o in seen.options] == [1, 0, 1]
    assert seen.voters_count == 1
    # Voting twice is the server's call: it says no, as an API error.
    with pytest.raises(MastodonAPIError):
        bob.poll_vote(status.poll.id, 1)


def test_image_upload_with_alt_text_and_focus(alice, tag):
    image = alice.media_post(png(40, 30), mime_type="image/png", description="a pink square",
                             focus=(0.5, -0.25), synchronous=True)
    assert image.type == "image"
    assert image.url and image.preview_url
    assert image.description == "a pink square"
    assert image.meta.original.width == 40 and image.meta.original.height == 30
    assert (image.meta.focus.x, image.meta.focus.y) == (0.5, -0.25)

    image = alice.media_update(image, description="a pink square, darker diagonal")
    status = alice.status_post(f"a picture {tag}", media_ids=[image])
    attached = status.media_attachments
    assert [m.id for m in attached] == [image.id]
    assert attached[0].description == "a pink square, darker diagonal"


def test_video_upload_waits_until_processed(alice, tag, tmp_path):
    clip = alice.media_post(video(str(tmp_path / "clip.mp4"), seconds=1.0), description="test pattern",
                            synchronous=True)
    assert clip.type == "video"
    assert clip.url and clip.preview_url
    assert clip.meta.original.duration == pytest.approx(1.0, abs=0.3)
    # A silent MP4 is an animated picture to this server.
    silent = alice.media_post(video(str(tmp_path / "silent.mp4"), seconds=0.5, audio=False), synchronous=True)
    assert silent.type == "gifv" and silent.url
    status = alice.status_post(f"two clips {tag}", media_ids=[clip.id, silent.id])
    assert [m.type for m in status.media_attachments] == ["video", "gifv"]


def test_scheduled_status_list_update_cancel(alice, tag):
    when = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(hours=2)
    scheduled = alice.status_post(f"later {tag}", scheduled_at=when, visibility="private")
    assert scheduled.params.text == f"later {tag}"
    assert _aware(scheduled.scheduled_at) and scheduled.scheduled_at == when
    assert scheduled.id in [s.id for s in alice.scheduled_statuses()]

    moved = alice.scheduled_status_update(scheduled, when + timedelta(days=1))
    assert moved.scheduled_at == when + timedelta(days=1)
    assert alice.scheduled_status(scheduled.id).scheduled_at == when + timedelta(days=1)

    alice.scheduled_status_delete(scheduled)
    assert scheduled.id not in [s.id for s in alice.scheduled_statuses()]
    with pytest.raises(MastodonNotFoundError):
        alice.scheduled_status(scheduled.id)


def test_reply_thread_keeps_content_warning_and_visibility(alice, bob, tag):
    top = alice.status_post(f"thread start {tag}", spoiler_text="politics", visibility="unlisted")
    reply = bob.status_reply(top, f"an answer {tag}")
    assert reply.in_reply_to_id == top.id
    assert reply.spoiler_text == "politics"
    assert reply.visibility == "unlisted"
    assert "@alice" in reply.content or any(m.acct == "alice" for m in reply.mentions)
    again = alice.status_reply(reply, f"and back {tag}", visibility="private")
    assert again.in_reply_to_id == reply.id
    assert again.spoiler_text == "politics" and again.visibility == "private"
    own = alice.status_reply(top, f"untagged {tag}", spoiler_text="")
    assert own.spoiler_text == ""
    context = alice.status_context(top)
    assert {s.id for s in context.descendants} == {reply.id, again.id, own.id}
    assert [s.id for s in alice.status_context(again).ancestors] == [top.id, reply.id]


def test_edit_and_its_history(alice, tag):
    status = alice.status_post(f"first version {tag}", visibility="public")
    assert status.edited_at is None
    edited = alice.status_update(status, f"second version {tag}", spoiler_text="edited")
    assert edited.id == status.id
    assert "second version" in edited.content and edited.spoiler_text == "edited"
    assert _aware(edited.edited_at) and edited.edited_at >= status.created_at
    history = alice.status_history(status)
    assert len(history) == 2
    assert "first version" in history[0].content and "second version" in history[1].content
    assert all(_aware(h.created_at) for h in history)
    source = alice.status_source(status)
    assert source.text == f"second version {tag}" and source.spoiler_text == "edited"


def test_delete(alice, bob, tag):
    status = alice.status_post(f"short-lived {tag}", visibility="public")
    deleted = alice.status_delete(status)
    assert deleted.id == status.id
    assert deleted.text == f"short-lived {tag}"  # what a "delete and redraft" needs

    def gone():
        try:
            bob.status(status.id)
        except MastodonNotFoundError:
            return True
        return False
    assert wait_for(gone), "the deleted status was still readable after 5 s"
    with pytest.raises(MastodonNotFoundError):
        alice.status_delete(status)


def test_edit_alt_text_focus_and_poll_of_a_posted_status(alice, tag):
    image = alice.media_post(png(), mime_type="image/png", description="first alt", synchronous=True)
    status = alice.status_post(f"with a picture {tag}", media_ids=[image])
    change = alice.generate_media_edit_attributes(image, description="second alt", focus=(0.25, 0.5))
    edited = alice.status_update(status, f"with a picture, edited {tag}", media_ids=[image],
                                 media_attributes=[change])
    assert edited.media_attachments[0].description == "second alt"
    assert (edited.media_attachments[0].meta.focus.x, edited.media_attachments[0].meta.focus.y) == (0.25, 0.5)

    asked = alice.status_post(f"a question {tag}", poll=alice.make_poll(["a", "b"], expires_in=3600))
    changed = alice.status_update(asked, f"a better question {tag}",
                                  poll=alice.make_poll(["x", "y", "z"], expires_in=3600))
    assert [o.title for o in changed.poll.options] == ["x", "y", "z"]
