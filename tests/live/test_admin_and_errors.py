"""Moderation with the admin token, the errors a script meets, and what this server lacks."""

from datetime import datetime

import pytest
from live_support import wait_for

from mastodon import (
    Mastodon,
    MastodonAPIError,
    MastodonNotFoundError,
    MastodonUnauthorizedError,
)

NO_SUCH_ID = "01ZZZZZZZZZZZZZZZZZZZZZZZZ"


def test_admin_accounts(admin, me):
    accounts = admin.admin_accounts()
    by_username = {a.username: a for a in accounts}
    assert {"admin", "alice", "bob"} <= set(by_username)
    alice = admin.admin_account(me["alice"].id)
    assert alice.id == me["alice"].id
    assert alice.account.acct == "alice" and alice.email == "alice@example.org"
    assert isinstance(alice.created_at, datetime)
    assert by_username["admin"].role.name == "admin"
    assert admin.admin_account(me["admin"].id).confirmed is True


def test_reports_from_a_user_to_the_moderators(admin, bob, alice, me, tag):
    rude = alice.status_post(f"something rude {tag}", visibility="public")
    report = bob.report(me["alice"].id, status_ids=[rude.id], comment=f"rude {tag}", forward=False)
    assert report.id and report.action_taken is False
    assert report.comment == f"rude {tag}"
    assert report.id in [r.id for r in bob.reports()]

    listed = admin.admin_reports()
    assert report.id in [r.id for r in listed]
    seen = admin.admin_report(report.id)
    assert seen.account.id == me["bob"].id and seen.target_account.id == me["alice"].id
    assert [s.id for s in seen.statuses] == [rude.id]
    resolved = admin.admin_report_resolve(report.id)
    assert resolved.action_taken is True
    assert admin.admin_report(report.id).action_taken is True
    assert report.id in [r.id for r in admin.admin_reports(resolved=True)]


def test_admin_endpoints_refuse_a_normal_user(alice):
    with pytest.raises(MastodonAPIError) as caught:
        alice.admin_accounts()
    assert caught.value.status_code == 403
    assert not isinstance(caught.value, (MastodonNotFoundError, MastodonUnauthorizedError))
    with pytest.raises(MastodonAPIError) as caught:
        alice.admin_reports()
    assert caught.value.status_code == 403


def test_not_found(alice):
    with pytest.raises(MastodonNotFoundError) as caught:
        alice.status(NO_SUCH_ID)
    assert caught.value.status_code == 404
    with pytest.raises(MastodonNotFoundError):
        alice.account(NO_SUCH_ID)
    with pytest.raises(MastodonNotFoundError):
        alice.account_lookup("nobody-here")


def test_bad_token(live):
    stranger = Mastodon(access_token="not-a-real-token", api_base_url=live.base_url)
    with pytest.raises(MastodonUnauthorizedError) as caught:
        stranger.account_verify_credentials()
    assert caught.value.status_code == 401
    with pytest.raises(MastodonUnauthorizedError):
        stranger.status_post("never posted")


def test_unprocessable_and_bad_request(alice):
    # 422: a filter title past the server's 200 characters.
    with pytest.raises(MastodonAPIError) as caught:
        alice.create_filter_v2("x" * 201, "home", "hide", keywords_attributes=["never"])
    assert caught.value.status_code == 422
    assert "200 chars" in caught.value.error and "200 chars" in str(caught.value)
    # A status past max_characters: this server says 400 (Mastodon: 422), an API error all the same.
    limit = alice.instance().configuration.statuses.max_characters
    with pytest.raises(MastodonAPIError) as caught:
        alice.status_post("x" * (limit + 1))
    assert caught.value.status_code in (400, 422)
    assert str(limit) in str(caught.value)


def test_what_the_server_lacks_is_a_clear_not_found(alice, me):
    """GoToSocial answers these with 404; a user gets MastodonNotFoundError, not a crash or a None."""
    status = alice.status_post("traduis-moi", language="fr")
    for call in (alice.app_verify_credentials,
                 lambda: alice.status_translate(status, lang="en"),
                 alice.notifications_unread_count,
                 alice.grouped_notifications,
                 alice.notifications_policy,
                 alice.domain_blocks,
                 alice.endorsements):
        with pytest.raises(MastodonNotFoundError):
            call()
    # Found missing too, beyond that server's own list.
    for call in (lambda: alice.account_familiar_followers(me["bob"].id), alice.instance_activity,
                 alice.directory, alice.push_subscription, alice.oauth_userinfo,
                 lambda: alice.status_oembed(status.url)):
        with pytest.raises(MastodonNotFoundError):
            call()
    # Known paths, other methods: 405, an API error with its status.
    assert isinstance(alice.featured_tags(), list)
    for call in (lambda: alice.featured_tag_create("python"),
                 lambda: alice.accounts([me["bob"].id, me["alice"].id]),
                 lambda: alice.statuses([status.id])):
        with pytest.raises(MastodonAPIError) as caught:
            call()
        assert caught.value.status_code == 405


def test_dismissing_a_notification_is_not_found(bob, alice, me):
    mention = alice.status_post("@bob one to dismiss")
    notes = wait_for(lambda: [n for n in bob.notifications(types=["mention"])
                              if n.status and n.status.id == mention.id])
    assert notes, "the mention did not arrive"
    with pytest.raises(MastodonNotFoundError):
        bob.notifications_dismiss(notes[0])


def test_streaming_health_endpoint_is_missing(alice):
    # No health endpoint (404): the check then asks whether a WebSocket opens, which it does here.
    with pytest.raises(MastodonNotFoundError):
        alice._api_request("GET", "/api/v1/streaming/health", auth=False)
    assert alice.stream_healthy() is True
