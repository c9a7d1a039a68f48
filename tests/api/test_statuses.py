"""Statuses: what each method requests and what it returns."""

from datetime import datetime, timezone

import pytest
import responses

from conftest import BASE, TOKEN, entity, form_matcher, query_matcher, recorded, sent_form, sent_json, sent_query
from mastodon import (
    Mastodon,
    MastodonAPIError,
    MastodonIllegalArgumentError,
    MastodonNotFoundError,
    MastodonVersionError,
    NonPaginatableList,
    PaginatableList,
)

ALICE_POST = "01M8CNSS4CS3232DRVCR81EB9C"
ME = recorded("account_verify_credentials")["body"]  # alice


def client(version=None, **kwargs):
    return Mastodon(client_id="client-id", client_secret="client-secret", access_token=TOKEN, api_base_url=BASE,
                    mastodon_version=version, **kwargs)


def check_status(result, id=None):
    assert isinstance(result.created_at, datetime) and result.created_at.tzinfo is not None
    assert result.account.acct
    if id is not None:
        assert result.id == id


def status_from(name):
    return recorded(name)["body"]


# -- reading ---------------------------------------------------------------------------------------

def test_status(api, rsps):
    rsps.get(BASE + f"/api/v1/statuses/{ALICE_POST}", json=status_from("status"), match=[query_matcher({})])
    result = api.status({"id": ALICE_POST})
    check_status(result, ALICE_POST)
    assert result.account.username == "alice" and result.mentions == []


def test_statuses_sends_repeated_ids(api, rsps):
    rsps.get(BASE + "/api/v1/statuses", json=[entity("Status"), status_from("status")],
             match=[query_matcher({"id[]": ["1", "2", ALICE_POST]})])
    result = api.statuses([1, "2", {"id": ALICE_POST}])
    assert isinstance(result, NonPaginatableList) and len(result) == 2
    for status in result:
        check_status(status)
    with pytest.raises(MastodonIllegalArgumentError):
        api.statuses([])


def test_status_card_reads_the_status_on_modern_servers(rsps):
    body = entity("Status")
    rsps.get(BASE + "/api/v1/statuses/7", json=body)
    card = client("4.3.0").status_card(7)
    assert card.url == body["card"]["url"] and card.type == body["card"]["type"]
    rsps.get(BASE + "/api/v1/statuses/8", json=status_from("status"))
    assert client("3.0.0").status_card("8") is None


def test_status_card_on_unknown_version_reads_the_status(rsps):
    rsps.get(BASE + "/api/v1/statuses/7", json=entity("Status"))
    assert client().status_card(7).url.startswith("https://www.theguardian.com/")
    assert len(rsps.calls) == 1   # no separate version lookup


def test_status_card_uses_the_old_endpoint_on_old_servers(rsps):
    rsps.get(BASE + "/api/v1/statuses/7/card", json=entity("PreviewCard"))
    card = client("2.9.0").status_card(7)
    assert card.title and card.url.startswith("https://")


def test_status_context(api, rsps):
    rec = recorded("status_context")
    rsps.get(BASE + rec["request"]["path"], json=rec["body"])
    context = api.status_context(ALICE_POST)
    assert set(context) == {"ancestors", "descendants"}
    assert all(isinstance(s.created_at, datetime) for s in context.ancestors + context.descendants)


@pytest.mark.parametrize("method, what", [("status_reblogged_by", "reblogged_by"),
                                          ("status_favourited_by", "favourited_by")])
def test_who_interacted(api, rsps, method, what):
    rsps.get(BASE + f"/api/v1/statuses/{ALICE_POST}/{what}", json=recorded("status_favourited_by")["body"],
             headers={"Link": f'<{BASE}/api/v1/statuses/{ALICE_POST}/{what}?max_id=5>; rel="next"'})
    accounts = getattr(api, method)(ALICE_POST)
    assert isinstance(accounts, NonPaginatableList)
    assert accounts[0].acct and isinstance(accounts[0].created_at, datetime)
    assert accounts._pagination_next["max_id"] == "5"


def test_status_history_and_source(api, rsps):
    rsps.get(BASE + "/api/v1/statuses/9/history", json=[entity("StatusEdit"), entity("StatusEdit")])
    history = api.status_history(9)
    assert isinstance(history, NonPaginatableList) and isinstance(history[0].created_at, datetime)
    assert history[0].account.acct
    rsps.get(BASE + "/api/v1/statuses/9/source", json=entity("StatusSource"))
    source = api.status_source({"id": 9})
    assert source.text and source.spoiler_text == ""


def test_status_translate(api, rsps):
    rsps.post(BASE + "/api/v1/statuses/9/translate", json=entity("Translation"), match=[form_matcher({"lang": "en"})])
    result = api.status_translate(9, lang="en")
    assert result.detected_source_language == "es" and result.content
    rsps.post(BASE + "/api/v1/statuses/9/translate", json=entity("Translation"), match=[form_matcher({})])
    api.status_translate(9)


def test_status_quotes(api, rsps):
    rsps.get(BASE + "/api/v1/statuses/9/quotes", json=[entity("Status")],
             match=[query_matcher({"max_id": "50", "limit": "2"})])
    result = api.status_quotes(9, max_id=50, limit=2)
    assert isinstance(result, PaginatableList)
    check_status(result[0])


def test_status_oembed(api, rsps):
    url = "https://mastodon.example/@alice/1"
    rsps.get(BASE + "/api/oembed", json={"type": "rich", "version": "1.0", "html": "<iframe></iframe>",
                                         "width": 400, "height": None},
             match=[query_matcher({"url": url, "maxwidth": "300"})])
    result = api.status_oembed(url, maxwidth=300)
    assert result.type == "rich" and result.html.startswith("<iframe")
    with pytest.raises(MastodonIllegalArgumentError):
        api.status_oembed("")


# -- posting ---------------------------------------------------------------------------------------

def test_status_post_plain(api, rsps):
    rsps.post(BASE + "/api/v1/statuses", json=status_from("status_post"),
              match=[form_matcher({"status": "Fixture post with #fixturetag and a link https://example.org"})])
    result = api.status_post("Fixture post with #fixturetag and a link https://example.org")
    check_status(result, ALICE_POST)
    assert result.tags is not None and result.visibility == "public"
    assert "Idempotency-Key" not in rsps.calls[0].request.headers


def test_status_post_with_everything(api, rsps):
    rsps.post(BASE + "/api/v1/statuses", json=status_from("status_post"))
    api.status_post("hello", in_reply_to_id={"id": "41"}, media_ids=[{"id": "5"}, 6], sensitive=True,
                    visibility="unlisted", spoiler_text="cw", language="en", idempotency_key="key-1",
                    quoted_status_id={"id": "77"}, quote_approval_policy="followers")
    call = rsps.calls[-1]  # after the software lookup a form with arrays costs (see core/servers.py)
    assert call.request.headers["Idempotency-Key"] == "key-1"
    assert sent_form(call) == {"status": ["hello"], "in_reply_to_id": ["41"], "media_ids[]": ["5", "6"],
                               "sensitive": ["true"], "visibility": ["unlisted"], "spoiler_text": ["cw"],
                               "language": ["en"], "quoted_status_id": ["77"],
                               "quote_approval_policy": ["followers"]}


def test_status_post_media_only_and_single_media_id(api, rsps):
    rsps.post(BASE + "/api/v1/statuses", json=status_from("status_post"),
              match=[form_matcher({"status": "", "media_ids[]": ["5"]})])
    api.status_post("", media_ids=entity("MediaAttachment") | {"id": "5"})


def test_status_post_poll(api, rsps):
    rsps.post(BASE + "/api/v1/statuses", json=status_from("status_post_poll"),
              match=[form_matcher({"status": "Fixture poll", "poll[options][]": ["a", "b"],
                                   "poll[expires_in]": "300", "poll[multiple]": "true",
                                   "poll[hide_totals]": "false"})])
    result = api.status_post("Fixture poll", poll=api.make_poll(["a", "b"], 300, multiple=True))
    assert [o.title for o in result.poll.options] == ["a", "b"]
    assert isinstance(result.poll.expires_at, datetime)


def test_status_post_scheduled_returns_scheduled_status(api, rsps):
    when = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    rsps.post(BASE + "/api/v1/statuses", json=entity("ScheduledStatus"),
              match=[form_matcher({"status": "later", "scheduled_at": "2030-01-02T03:04:05+00:00"})])
    result = api.status_post("later", scheduled_at=when)
    assert isinstance(result.scheduled_at, datetime) and result.params.text == "test post"


def test_toot(api, rsps):
    rsps.post(BASE + "/api/v1/statuses", json=status_from("status_post"), match=[form_matcher({"status": "hi"})])
    check_status(api.toot("hi"))


@pytest.mark.parametrize("kwargs", [
    {"visibility": 1},
    {"visibility": ["public"]},
    {"quote_approval_policy": True},
    {"quote_id": "5"},                            # Fedibird only
    {"content_type": "text/markdown", "strict_content_type": True},
    {"poll": {"options": ["a"]}},
    {"scheduled_at": 1234},
    {"media_ids": [1.5]},
])
def test_status_post_refuses_bad_arguments_before_sending(api, rsps, kwargs):
    with pytest.raises(MastodonIllegalArgumentError):
        api.status_post("text", **kwargs)
    assert len(rsps.calls) == 0


def test_status_post_without_text_or_media_is_the_servers_to_refuse(api, rsps):
    rsps.post(BASE + "/api/v1/statuses", status=422, json={"error": "Validation failed: Text can't be blank"})
    for empty in ("", None):
        with pytest.raises(MastodonAPIError, match="blank"):
            api.status_post(empty)
    assert len(rsps.calls) == 2


@pytest.mark.parametrize("visibility", ["public", "unlisted", "private", "direct"])
def test_status_post_classic_visibilities(api, rsps, visibility):
    rsps.post(BASE + "/api/v1/statuses", json=status_from("status_post"),
              match=[form_matcher({"status": "x", "visibility": visibility})])
    api.status_post("x", visibility=visibility)


def test_feature_set_parameters(rsps):
    rsps.post(BASE + "/api/v1/statuses", json=status_from("status_post"),
              match=[form_matcher({"status": "*hi*", "content_type": "text/markdown", "visibility": "local"})])
    client(feature_set="pleroma").status_post("*hi*", content_type="text/markdown", visibility="local",
                                              strict_content_type=True)
    rsps.post(BASE + "/api/v1/statuses", json=status_from("status_post"),
              match=[form_matcher({"status": "hi", "quote_id": "5", "visibility": "mutual"})])
    client(feature_set="fedibird").status_post("hi", quote_id={"id": "5"}, visibility="mutual")


def test_content_type_without_strictness_is_sent_to_any_server(api, rsps):
    # Mastodon ignores the field; GoToSocial and Akkoma honour it.
    rsps.post(BASE + "/api/v1/statuses", json=status_from("status_post"),
              match=[form_matcher({"status": "hi", "content_type": "text/markdown"})])
    api.status_post("hi", content_type="text/markdown")


def test_quote_parameters_are_version_checked(rsps):
    old = client("4.4.0", version_check_mode="created")
    with pytest.raises(MastodonVersionError, match="quoted_status_id"):
        old.status_post("hi", quoted_status_id="5")
    with pytest.raises(MastodonVersionError, match="quote_approval_policy"):
        old.status_post("hi", quote_approval_policy="nobody")
    with pytest.raises(MastodonVersionError):
        old.status_quotes("5")
    assert len(rsps.calls) == 0


# -- replying --------------------------------------------------------------------------------------

def test_status_reply_mentions_the_thread_but_not_me(api, rsps):
    original = entity("Status") | {"id": "100", "visibility": "private", "account": {"id": "2", "acct": "bob"},
                                   "mentions": [{"id": ME["id"], "acct": ME["acct"]},
                                                {"id": "3", "acct": "carol@elsewhere.example"}]}
    rsps.get(BASE + "/api/v1/accounts/verify_credentials", json=ME)
    rsps.post(BASE + "/api/v1/statuses", json=status_from("status_post_reply"),
              match=[form_matcher({"status": "@bob @carol@elsewhere.example thanks!", "in_reply_to_id": "100",
                                   "visibility": "private"})])
    result = api.status_reply(original, "thanks!")
    check_status(result, "01M8CNSS4X4NGF85R00AWV895N")
    assert result.in_reply_to_id == ALICE_POST


def test_status_reply_untag_given_visibility_and_id(api, rsps):
    original = status_from("status_post_reply")  # bob's reply, mentioning alice (me)
    rsps.get(BASE + f"/api/v1/statuses/{original['id']}", json=original)
    rsps.get(BASE + "/api/v1/accounts/verify_credentials", json=entity("Account") | {"id": "999"})
    rsps.post(BASE + "/api/v1/statuses", json=status_from("status_post_reply"),
              match=[form_matcher({"status": "@bob sure", "in_reply_to_id": original["id"],
                                   "visibility": "direct", "spoiler_text": "cw"})])
    api.status_reply(original["id"], "sure", untag=True, visibility="direct", spoiler_text="cw")


def test_status_reply_does_not_repeat_mentions_or_mention_myself(api, rsps):
    mine = status_from("status")  # alice's own post
    rsps.get(BASE + "/api/v1/accounts/verify_credentials", json=ME)
    rsps.post(BASE + "/api/v1/statuses", json=status_from("status_post_reply"),
              match=[form_matcher({"status": "a follow-up", "in_reply_to_id": ALICE_POST,
                                   "visibility": "public"})])
    api.status_reply(mine, "a follow-up")
    other = mine | {"account": {"id": "2", "acct": "Bob"}}
    rsps.post(BASE + "/api/v1/statuses", json=status_from("status_post_reply"),
              match=[form_matcher({"status": "hey @bob", "in_reply_to_id": ALICE_POST, "visibility": "public"})])
    api.status_reply(other, "hey @bob")
    # who "I" am is asked once per client
    assert [c.request.url for c in rsps.calls].count(BASE + "/api/v1/accounts/verify_credentials") == 1


def test_status_reply_asks_who_i_am_again_when_the_token_changes(api, rsps):
    original = entity("Status") | {"id": "100", "account": {"id": "2", "acct": "bob"},
                                   "mentions": [{"id": ME["id"], "acct": ME["acct"]}]}
    rsps.get(BASE + "/api/v1/accounts/verify_credentials", json=ME)
    rsps.post(BASE + "/api/v1/statuses", json=status_from("status_post_reply"),
              match=[form_matcher({"status": "@bob hi", "in_reply_to_id": "100", "visibility": "public"})])
    api.status_reply(original, "hi")
    # Another user's token (as create_account or an assignment leaves it): alice is no longer me.
    api.access_token = "bobs-token"
    rsps.replace(responses.GET, BASE + "/api/v1/accounts/verify_credentials", json=ME | {"id": "2", "acct": "bob"})
    rsps.post(BASE + "/api/v1/statuses", json=status_from("status_post_reply"),
              match=[form_matcher({"status": f"@{ME['acct']} hi", "in_reply_to_id": "100",
                                   "visibility": "public"})])
    api.status_reply(original, "hi")
    asked = [c.request for c in rsps.calls if c.request.url == BASE + "/api/v1/accounts/verify_credentials"]
    assert [r.headers["Authorization"] for r in asked] == ["Bearer " + TOKEN, "Bearer bobs-token"]


def test_status_reply_keeps_the_content_warning_and_visibility(api, rsps):
    original = entity("Status") | {"id": "100", "visibility": "unlisted", "spoiler_text": "spoilers: film",
                                   "account": {"id": "2", "acct": "bob"}, "mentions": []}
    rsps.get(BASE + "/api/v1/accounts/verify_credentials", json=ME)
    rsps.post(BASE + "/api/v1/statuses", json=status_from("status_post_reply"),
              match=[form_matcher({"status": "@bob agreed", "in_reply_to_id": "100", "visibility": "unlisted",
                                   "spoiler_text": "spoilers: film"})])
    api.status_reply(original, "agreed")
    # given ones win; "" drops the warning
    rsps.post(BASE + "/api/v1/statuses", json=status_from("status_post_reply"),
              match=[form_matcher({"status": "@bob agreed", "in_reply_to_id": "100", "visibility": "private",
                                   "spoiler_text": ""})])
    api.status_reply(original, "agreed", visibility="private", spoiler_text="")
    # no warning on the original: none sent
    rsps.post(BASE + "/api/v1/statuses", json=status_from("status_post_reply"),
              match=[form_matcher({"status": "@bob ok", "in_reply_to_id": "100", "visibility": "unlisted"})])
    api.status_reply(original | {"spoiler_text": ""}, "ok")


def test_status_reply_answers_the_boosted_status(api, rsps):
    boost = entity("Status") | {"id": "500", "reblog": entity("Status") | {"id": "400"}}
    rsps.get(BASE + "/api/v1/accounts/verify_credentials", json=ME)
    rsps.post(BASE + "/api/v1/statuses", json=status_from("status_post_reply"))
    api.status_reply(boost, "nice")
    assert sent_form(rsps.calls[-1])["in_reply_to_id"] == ["400"]


def test_status_reply_checks_arguments_before_any_request(api, rsps):
    with pytest.raises(MastodonIllegalArgumentError):
        api.status_reply("100", "x", visibility=1)
    with pytest.raises(MastodonIllegalArgumentError):
        api.status_reply("100", "x", quote_approval_policy=["public"])
    assert len(rsps.calls) == 0


# -- editing ---------------------------------------------------------------------------------------

def test_generate_media_edit_attributes(api):
    assert api.generate_media_edit_attributes({"id": 5}, description="alt", focus=(0.5, -1)) == \
        {"id": "5", "description": "alt", "focus": "0.5,-1"}
    with pytest.raises(MastodonIllegalArgumentError):
        api.generate_media_edit_attributes(5, focus=(2, 0))


def test_status_update(api, rsps):
    rsps.put(BASE + "/api/v1/statuses/9", json=status_from("status_post"))
    attributes = [api.generate_media_edit_attributes("5", description="a cat"),
                  api.generate_media_edit_attributes({"id": "6"}, focus={"x": 0.1, "y": 0.2})]
    result = api.status_update({"id": "9"}, "edited", spoiler_text="", sensitive=False, media_ids=["5", "6"],
                               media_attributes=attributes, quote_approval_policy="nobody", language="de")
    check_status(result)
    # JSON, since GoToSocial reads media_attributes only from a JSON body.
    assert rsps.calls[0].request.headers["Content-Type"].startswith("application/json")
    assert sent_json(rsps.calls[0]) == {
        "status": "edited", "spoiler_text": "", "sensitive": False, "media_ids": ["5", "6"],
        "language": "de", "quote_approval_policy": "nobody",
        "media_attributes": [{"id": "5", "description": "a cat"}, {"id": "6", "focus": "0.1,0.2"}]}


def test_status_update_without_media_attributes_stays_a_form(api, rsps):
    rsps.put(BASE + "/api/v1/statuses/9", json=status_from("status_post"),
             match=[form_matcher({"status": "edited", "media_ids[]": ["5"]})])
    api.status_update(9, "edited", media_ids=["5"])


def test_status_update_poll(api, rsps):
    rsps.put(BASE + "/api/v1/statuses/9", json=status_from("status_post_poll"),
              match=[form_matcher({"status": "q", "poll[options][]": ["x", "y"], "poll[expires_in]": "60",
                                   "poll[multiple]": "false", "poll[hide_totals]": "true"})])
    api.status_update(9, "q", poll=api.make_poll(["x", "y"], 60, hide_totals=True))


def test_status_update_refuses_bad_arguments(api, rsps):
    with pytest.raises(MastodonIllegalArgumentError):
        api.status_update(9, "x", quote_approval_policy=0)
    with pytest.raises(MastodonIllegalArgumentError):
        api.status_update(9, "x", media_attributes=[{"description": "no id"}])
    with pytest.raises(MastodonIllegalArgumentError):
        api.status_update(9, "x", media_attributes=[{"id": "1", "thumbnail": 42}])
    assert len(rsps.calls) == 0


def test_status_update_quote_approval_policy(api, rsps):
    rsps.put(BASE + "/api/v1/statuses/9/interaction_policy", json=entity("Status"),
             match=[form_matcher({"quote_approval_policy": "followers"})])
    check_status(api.status_update_quote_approval_policy("9", "followers"))
    with pytest.raises(MastodonIllegalArgumentError):
        api.status_update_quote_approval_policy("9", None)


def test_status_delete(api, rsps):
    rsps.delete(BASE + "/api/v1/statuses/9", json=status_from("status_post"), match=[query_matcher({})])
    deleted = api.status_delete(9)
    assert deleted.text.startswith("Fixture post")
    rsps.delete(BASE + "/api/v1/statuses/9", json=status_from("status_post"),
                match=[query_matcher({"delete_media": "true"})])
    api.status_delete({"id": "9"}, delete_media=True)


# -- interactions ----------------------------------------------------------------------------------

@pytest.mark.parametrize("method, action", [
    ("status_unreblog", "unreblog"), ("status_favourite", "favourite"), ("status_unfavourite", "unfavourite"),
    ("status_mute", "mute"), ("status_unmute", "unmute"), ("status_pin", "pin"), ("status_unpin", "unpin"),
    ("status_bookmark", "bookmark"), ("status_unbookmark", "unbookmark"),
])
def test_status_actions(api, rsps, method, action):
    rsps.post(BASE + f"/api/v1/statuses/{ALICE_POST}/{action}", json=status_from("status"),
              match=[form_matcher({})])
    check_status(getattr(api, method)(status_from("status")), ALICE_POST)


def test_status_reblog(api, rsps):
    boost = entity("Status") | {"id": "600", "reblog": status_from("status")}
    rsps.post(BASE + f"/api/v1/statuses/{ALICE_POST}/reblog", json=boost, match=[form_matcher({})])
    result = api.status_reblog(ALICE_POST)
    assert result.id == "600" and result.reblog.id == ALICE_POST
    rsps.post(BASE + f"/api/v1/statuses/{ALICE_POST}/reblog", json=boost,
              match=[form_matcher({"visibility": "unlisted"})])
    api.status_reblog(ALICE_POST, visibility="unlisted")
    with pytest.raises(MastodonIllegalArgumentError):
        api.status_reblog(ALICE_POST, visibility=1)
    assert len(rsps.calls) == 2


def test_status_quote_revoke(api, rsps):
    rsps.post(BASE + "/api/v1/statuses/9/quotes/12/revoke", json=entity("Status"), match=[form_matcher({})])
    check_status(api.status_quote_revoke({"id": "9"}, {"id": 12}))


def test_ids_are_path_safe(api, rsps):
    rsps.get(BASE + "/api/v1/statuses/a%2Fb", json=entity("Status"))
    api.status("a/b")
    with pytest.raises(MastodonIllegalArgumentError):
        api.status({"no": "id"})


def test_missing_status_is_not_found(api, rsps):
    rsps.get(BASE + "/api/v1/statuses/404", status=404, json=recorded("error_404")["body"])
    with pytest.raises(MastodonNotFoundError):
        api.status(404)


# -- scheduled statuses ----------------------------------------------------------------------------

def test_scheduled_statuses(api, rsps):
    rsps.get(BASE + "/api/v1/scheduled_statuses", json=[entity("ScheduledStatus")],
             match=[query_matcher({"limit": "5", "since_id": "2"})])
    result = api.scheduled_statuses(since_id=2, limit=5)
    assert isinstance(result, PaginatableList) and isinstance(result[0].scheduled_at, datetime)
    rsps.get(BASE + "/api/v1/scheduled_statuses/1", json=entity("ScheduledStatus"))
    one = api.scheduled_status(result[0])
    assert one.params.text == "test post" and one.media_attachments == []


def test_scheduled_status_update_and_delete(api, rsps):
    when = datetime(2031, 6, 1, 12, 0)
    rsps.put(BASE + "/api/v1/scheduled_statuses/1", json=entity("ScheduledStatus"),
             match=[form_matcher({"scheduled_at": "2031-06-01T12:00:00+00:00"})])
    assert isinstance(api.scheduled_status_update("1", when).scheduled_at, datetime)
    rsps.delete(BASE + "/api/v1/scheduled_statuses/1", json={})
    assert api.scheduled_status_delete({"id": "1"}) is None
    with pytest.raises(MastodonIllegalArgumentError):
        api.scheduled_status_update("1", None)
    assert sent_query(rsps.calls[-1]) == {}


def test_version_metadata():
    assert Mastodon.status_post._mastodon_version == ("1.0.0", "4.6.0", None)
    assert Mastodon.status_quotes._mastodon_version == ("4.5.0", "4.5.0", 7)
    assert "Added in Mastodon 3.5.0" in Mastodon.status_update.__doc__
