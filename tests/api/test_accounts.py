"""Accounts: what each method requests and what it returns."""

import io
import os
from datetime import date, datetime, timedelta, timezone

import pytest

from conftest import BASE, TOKEN, entity, form_matcher, query_matcher, recorded, sent_form
from mastodon import (AttribAccessDict, Mastodon, MastodonAPIError, MastodonFileNotFoundError,
                      MastodonIllegalArgumentError, MastodonNotFoundError, MastodonRatelimitError,
                      MastodonVersionError, NonPaginatableList, PaginatableList)
from mastodon.core.params import datetime_to_id

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
GIF = b"GIF89a" + b"\x01" * 32


def check_account(account):
    assert isinstance(account, AttribAccessDict)
    assert account.id and account.acct
    assert isinstance(account.created_at, datetime) and account.created_at.tzinfo is not None


def check_relationship(rel):
    assert isinstance(rel, AttribAccessDict)
    assert isinstance(rel.following, bool) and rel.id


def relink(link):
    return link.replace("http://localhost:18080", BASE)


# -- reading accounts -----------------------------------------------------------------------------

def test_account_accepts_an_entity_as_id(api, rsps):
    rec = recorded("account")
    rsps.get(BASE + rec["request"]["path"], json=rec["body"])
    result = api.account({"id": "01VJRVM25AFBWDF3FPBGRVPEBG", "acct": "bob"})
    check_account(result)
    assert result.acct == "bob"
    assert isinstance(result.last_status_at, datetime)


def test_accounts_sends_an_id_array(api, rsps):
    rsps.get(BASE + "/api/v1/accounts", json=[entity("Account")],
             match=[query_matcher({"id[]": ["1", "23634", "7"]})])
    result = api.accounts(["1", entity("Account"), 7])
    assert isinstance(result, NonPaginatableList)
    check_account(result[0])


def test_accounts_with_no_ids_sends_nothing(api, rsps):
    assert api.accounts([]) == []
    with pytest.raises(MastodonIllegalArgumentError):
        api.accounts(None)
    with pytest.raises(MastodonIllegalArgumentError):
        api.accounts([1.5])


def test_verify_credentials_and_me(api, rsps):
    body = recorded("account_verify_credentials")["body"]
    rsps.get(BASE + "/api/v1/accounts/verify_credentials", json=body)
    rsps.get(BASE + "/api/v1/accounts/verify_credentials", json=body)
    mine = api.account_verify_credentials()
    check_account(mine)
    assert mine.source.privacy == "unlisted"
    assert api.me() == mine
    assert rsps.calls[1].request.headers["Authorization"] == "Bearer " + TOKEN


def test_account_statuses_flags_bounds_and_pagination(api, rsps):
    rec = recorded("account_statuses")
    path = rec["request"]["path"]
    rsps.get(BASE + path, json=rec["body"], headers={"Link": relink(rec["headers"]["Link"])},
             match=[query_matcher({"only_media": "true", "pinned": "true", "exclude_replies": "true",
                                   "exclude_reblogs": "true", "exclude_direct": "true", "tagged": "cats",
                                   "max_id": "99", "limit": "3"})])
    result = api.account_statuses(path.split("/")[4], only_media=True, pinned=True, exclude_replies=True,
                                  exclude_reblogs=True, exclude_direct=True, tagged="#cats", max_id={"id": "99"},
                                  limit=3)
    assert isinstance(result, PaginatableList) and len(result) == 3
    assert all(isinstance(s.created_at, datetime) for s in result)
    assert result._pagination_next["max_id"] == "01M8CNAXFSKPGFEWGG1WAMKK92"


def test_account_statuses_sends_no_false_flags(api, rsps):
    moment = datetime(2024, 1, 1, tzinfo=timezone.utc)
    rsps.get(BASE + "/api/v1/accounts/5/statuses", json=[entity("Status")],
             match=[query_matcher({"since_id": datetime_to_id(moment)})])
    assert isinstance(api.account_statuses(5, since_id=moment)[0].created_at, datetime)


@pytest.mark.parametrize("bad", ["", "#", 5])
def test_account_statuses_refuses_bad_tags(api, rsps, bad):
    with pytest.raises(MastodonIllegalArgumentError):
        api.account_statuses("1", tagged=bad)


@pytest.mark.parametrize("method, path", [
    ("account_following", "/api/v1/accounts/42/following"),
    ("account_followers", "/api/v1/accounts/42/followers"),
])
def test_following_and_followers(api, rsps, method, path):
    link = f'<{BASE}{path}?limit=2&max_id=7486869>; rel="next"'
    rsps.get(BASE + path, json=[entity("Account")], headers={"Link": link},
             match=[query_matcher({"limit": "2", "min_id": "5", "since_id": "3"})])
    result = getattr(api, method)({"id": 42}, min_id=5, since_id="3", limit=2)
    assert isinstance(result, PaginatableList)
    check_account(result[0])
    assert result._pagination_next["max_id"] == "7486869"


def test_account_endorsements(api, rsps):
    rsps.get(BASE + "/api/v1/accounts/42/endorsements", json=[entity("Account")],
             match=[query_matcher({"max_id": "10", "limit": "5"})])
    result = api.account_endorsements("42", max_id="10", limit=5)
    assert isinstance(result, PaginatableList)
    check_account(result[0])


def test_account_relationships(api, rsps):
    rec = recorded("relationships")
    rsps.get(BASE + "/api/v1/accounts/relationships", json=rec["body"],
             match=[query_matcher({"id[]": "01THCG5WSWXEV3ZPY206V7JC1M"})])
    result = api.account_relationships({"id": "01THCG5WSWXEV3ZPY206V7JC1M"})
    assert isinstance(result, NonPaginatableList)
    check_relationship(result[0])
    assert result[0].following is True
    rsps.get(BASE + "/api/v1/accounts/relationships", json=[entity("Relationship")] * 2,
             match=[query_matcher({"id[]": ["1", "2"], "with_suspended": "true"})])
    assert len(api.account_relationships([1, "2"], with_suspended=True)) == 2
    assert api.account_relationships([]) == []


def test_account_familiar_followers(api, rsps):
    rsps.get(BASE + "/api/v1/accounts/familiar_followers", json=entity("FamiliarFollowers"),
             match=[query_matcher({"id[]": ["1", "2"]})])
    result = api.account_familiar_followers(["1", {"id": "2"}])
    assert isinstance(result, NonPaginatableList)
    assert result[0].accounts[0].acct == "moss@goblin.camp" and result[1].accounts == []


def test_account_search(api, rsps):
    rsps.get(BASE + "/api/v1/accounts/search", json=[entity("Account")],
             match=[query_matcher({"q": "noiob", "limit": "2", "resolve": "true", "following": "true",
                                   "offset": "4"})])
    result = api.account_search("noiob", limit=2, following=True, resolve=True, offset=4)
    assert isinstance(result, PaginatableList)
    check_account(result[0])
    rsps.get(BASE + "/api/v1/accounts/search", json=[], match=[query_matcher({"q": "x"})])
    assert api.account_search("x") == []


@pytest.mark.parametrize("bad", [None, 5, ["cats"]])
def test_account_search_needs_a_query(api, rsps, bad):
    with pytest.raises(MastodonIllegalArgumentError):
        api.account_search(bad)


def test_account_lists(api, rsps):
    rsps.get(BASE + "/api/v1/accounts/3/lists", json=[entity("List")])
    result = api.account_lists(3)
    assert isinstance(result, NonPaginatableList)
    assert result[0].title == "Friends"


def test_account_lookup(api, rsps):
    rsps.get(BASE + "/api/v1/accounts/lookup", json=entity("Account"),
             match=[query_matcher({"acct": "noiob@awoo.space"})])
    check_account(api.account_lookup("@noiob@awoo.space"))
    err = recorded("error_404")
    rsps.get(BASE + "/api/v1/accounts/lookup", status=404, json=err["body"],
             match=[query_matcher({"acct": "nobody"})])
    with pytest.raises(MastodonNotFoundError):
        api.account_lookup("nobody")
    with pytest.raises(MastodonIllegalArgumentError):
        api.account_lookup("@")


def test_account_featured_tags(api, rsps):
    rsps.get(BASE + "/api/v1/accounts/9/featured_tags", json=[entity("FeaturedTag")])
    result = api.account_featured_tags("9")
    assert isinstance(result, NonPaginatableList)
    assert result[0].name == "nowplaying" and isinstance(result[0].last_status_at, datetime)


def test_account_identity_proofs(api, rsps):
    rsps.get(BASE + "/api/v1/accounts/9/identity_proofs", json=[])
    result = api.account_identity_proofs("9")
    assert isinstance(result, NonPaginatableList) and result == []


# -- acting on accounts ---------------------------------------------------------------------------

def test_account_follow_sends_its_options(api, rsps):
    rsps.post(BASE + "/api/v1/accounts/8/follow", json=entity("Relationship"),
              match=[form_matcher({"reblogs": "false", "notify": "true", "languages[]": ["de", "en"]})])
    check_relationship(api.account_follow({"id": "8"}, reblogs=False, notify=True, languages=["de", "en"]))
    rsps.post(BASE + "/api/v1/accounts/8/follow", json=entity("Relationship"),
              match=[form_matcher({"reblogs": "true", "notify": "false"})])
    api.account_follow(8)


@pytest.mark.parametrize("method, action", [
    ("account_unfollow", "unfollow"),
    ("account_remove_from_followers", "remove_from_followers"),
    ("account_block", "block"),
    ("account_unblock", "unblock"),
    ("account_unmute", "unmute"),
    ("account_pin", "pin"),
    ("account_unpin", "unpin"),
    ("account_endorse", "endorse"),
    ("account_unendorse", "unendorse"),
])
def test_relationship_actions(api, rsps, method, action):
    rsps.post(BASE + f"/api/v1/accounts/23634/{action}", json=entity("Relationship"), match=[form_matcher({})])
    result = getattr(api, method)(entity("Account"))
    check_relationship(result)
    assert rsps.calls[0].request.method == "POST"


def test_account_mute(api, rsps):
    rsps.post(BASE + "/api/v1/accounts/4/mute", json=entity("Relationship"),
              match=[form_matcher({"notifications": "false", "duration": "3600"})])
    check_relationship(api.account_mute("4", notifications=False, duration=timedelta(hours=1)))
    rsps.post(BASE + "/api/v1/accounts/4/mute", json=entity("Relationship"),
              match=[form_matcher({"notifications": "true"})])
    api.account_mute(4)


@pytest.mark.parametrize("bad", [-1, "long", True, timedelta(seconds=-5)])
def test_account_mute_refuses_bad_durations(api, rsps, bad):
    with pytest.raises(MastodonIllegalArgumentError):
        api.account_mute("4", duration=bad)


def test_account_note_set(api, rsps):
    rsps.post(BASE + "/api/v1/accounts/4/note", json=entity("Relationship") | {"note": "met at a conference"},
              match=[form_matcher({"comment": "met at a conference"})])
    assert api.account_note_set(4, "met at a conference").note == "met at a conference"
    rsps.post(BASE + "/api/v1/accounts/4/note", json=entity("Relationship"), match=[form_matcher({"comment": ""})])
    api.account_note_set(4, "")
    with pytest.raises(MastodonIllegalArgumentError):
        api.account_note_set(4, None)


def test_follows_resolves_the_address_then_follows(api, rsps):
    other = entity("Account") | {"id": "1", "acct": "noiob@awoo.space.evil"}
    rsps.get(BASE + "/api/v1/accounts/search", json=[other, entity("Account")],
             match=[query_matcher({"q": "noiob@awoo.space", "resolve": "true"})])
    rsps.post(BASE + "/api/v1/accounts/23634/follow", json=entity("Relationship"))
    check_relationship(api.follows("@noiob@awoo.space"))


def test_follows_finds_local_accounts_by_their_host(api, rsps):
    local = recorded("account")["body"]
    rsps.get(BASE + "/api/v1/accounts/search", json=[local],
             match=[query_matcher({"q": "bob@localhost", "resolve": "true"})])
    rsps.post(BASE + f"/api/v1/accounts/{local['id']}/follow", json=entity("Relationship"))
    check_relationship(api.follows("bob@localhost"))


def test_follows_without_a_match(api, rsps):
    rsps.get(BASE + "/api/v1/accounts/search", json=[entity("Account")])
    with pytest.raises(MastodonNotFoundError, match="nobody@awoo.space"):
        api.follows("nobody@awoo.space")
    assert len(rsps.calls) == 1


@pytest.mark.parametrize("bad", ["", "@", None])
def test_follows_refuses_empty_addresses(api, rsps, bad):
    with pytest.raises(MastodonIllegalArgumentError):
        api.follows(bad)


# -- editing the own profile ----------------------------------------------------------------------

def test_update_credentials_as_form(api, rsps):
    rsps.patch(BASE + "/api/v1/accounts/update_credentials", json=entity("Account"), match=[form_matcher({
        "display_name": "Shark", "note": "bio", "locked": "true", "bot": "false", "discoverable": "true",
        "hide_collections": "true", "indexable": "false", "attribution_domains[]": ["a.example", "b.example"],
        "fields_attributes[0][name]": "Pronouns", "fields_attributes[0][value]": "they/them",
        "fields_attributes[1][name]": "Site", "fields_attributes[1][value]": "https://shork.xyz",
        "source[privacy]": "unlisted", "source[sensitive]": "true", "source[language]": "de",
        "source[quote_policy]": "followers", "avatar_description": "a shark", "header_description": "the sea",
    })])
    result = api.account_update_credentials(
        display_name="Shark", note="bio", locked=True, bot=False, discoverable=True, hide_collections=True,
        indexable=False, attribution_domains=["a.example", "b.example"],
        fields=[("Pronouns", "they/them"), {"name": "Site", "value": "https://shork.xyz"}],
        default_privacy="unlisted", default_sensitive=True, default_language="de", default_quote_policy="followers",
        avatar_description="a shark", header_description="the sea")
    check_account(result)
    assert "multipart" not in rsps.calls[0].request.headers.get("Content-Type", "")


def test_update_credentials_empty_fields_clear_them(api, rsps):
    rsps.patch(BASE + "/api/v1/accounts/update_credentials", json=entity("Account") | {"fields": []},
               match=[form_matcher({"fields_attributes[0][name]": "", "fields_attributes[0][value]": ""})])
    assert api.account_update_credentials(fields=[]).fields == []


def test_update_credentials_sends_only_what_is_given(api, rsps):
    rsps.patch(BASE + "/api/v1/accounts/update_credentials", json=entity("Account"),
               match=[form_matcher({"note": ""})])
    api.account_update_credentials(note="")


@pytest.mark.parametrize("kwargs", [
    {"default_privacy": 1},
    {"default_quote_policy": ["public"]},
    {"fields": [("only a name",)]},
    {"fields": "Pronouns: they"},
    {"fields": {"name": "x", "value": "y"}},
    {"avatar": 12345},
    {"avatar": b"no idea what this is"},
])
def test_update_credentials_refuses_bad_arguments(api, rsps, kwargs):
    with pytest.raises(MastodonIllegalArgumentError):
        api.account_update_credentials(**kwargs)


def test_update_credentials_missing_file(api, rsps, tmp_path):
    with pytest.raises(MastodonFileNotFoundError):
        api.account_update_credentials(avatar=tmp_path / "nope.png")


def test_update_credentials_uploads_avatar_and_header(server, local_api, tmp_path):
    server.route("PATCH", "/api/v1/accounts/update_credentials", entity("Account"))
    avatar = tmp_path / "me.png"
    avatar.write_bytes(PNG)
    header_stream = io.BytesIO(b"raw header bytes")
    result = local_api.account_update_credentials(display_name="Shark", avatar=avatar, header=header_stream,
                                                  header_mime_type="image/jpeg", fields=[("a", "b")])
    check_account(result)
    rec = server.requests[-1]
    assert rec.method == "PATCH" and rec.headers["Content-Type"].startswith("multipart/form-data")
    parts = rec.multipart
    assert parts["avatar"] == ("me.png", "image/png", PNG)
    assert parts["header"][1:] == ("image/jpeg", b"raw header bytes")
    assert parts["display_name"] == (None, None, b"Shark")
    assert parts["fields_attributes[0][name]"][2] == b"a"
    assert not header_stream.closed  # the caller's stream stays open


def test_update_credentials_accepts_bytes(server, local_api):
    server.route("PATCH", "/api/v1/accounts/update_credentials", entity("Account"))
    local_api.account_update_credentials(avatar=GIF)
    parts = server.requests[-1].multipart
    assert parts["avatar"][1:] == ("image/gif", GIF)
    assert parts["avatar"][0].endswith(".gif")


def test_update_credentials_closes_files_it_opened(api, rsps, tmp_path, opened_files):
    avatar = tmp_path / "me.png"
    avatar.write_bytes(PNG)
    rsps.patch(BASE + "/api/v1/accounts/update_credentials", status=422, json={"error": "Validation failed"})
    with pytest.raises(MastodonAPIError):
        api.account_update_credentials(avatar=avatar)
    assert opened_files and all(f.closed for f in opened_files)


@pytest.mark.parametrize("method, path", [
    ("account_delete_avatar", "/api/v1/profile/avatar"),
    ("account_delete_header", "/api/v1/profile/header"),
])
def test_delete_avatar_and_header(api, rsps, method, path):
    rsps.delete(BASE + path, json=entity("Account"))
    check_account(getattr(api, method)())
    assert rsps.calls[0].request.method == "DELETE"


# -- registration ---------------------------------------------------------------------------------

def _register_app_token(rsps, scope="read write follow push"):
    rsps.post(BASE + "/oauth/token", json=entity("Token") | {"access_token": "app-token"}, match=[form_matcher({
        "grant_type": "client_credentials", "client_id": "client-id", "client_secret": "client-secret",
        "scope": scope})])


def test_create_account(api, rsps, tmp_path):
    _register_app_token(rsps, scope="read write")
    rsps.post(BASE + "/api/v1/accounts", json=entity("Token") | {"access_token": "user-token"},
              match=[form_matcher({"username": "shark", "password": "hunter2hunter2", "email": "s@example.com",
                                   "agreement": "true", "locale": "de", "reason": "I like the sea",
                                   "date_of_birth": "1990-05-17"})])
    target = tmp_path / "user.secret"
    token = api.create_account("shark", "hunter2hunter2", "s@example.com", agreement=True, reason="I like the sea",
                               locale="de", scopes=["read", "write"], to_file=str(target),
                               date_of_birth=date(1990, 5, 17))
    assert token == "user-token" and api.access_token == "user-token"
    assert "Authorization" not in rsps.calls[0].request.headers
    assert rsps.calls[1].request.headers["Authorization"] == "Bearer app-token"
    assert target.read_text().splitlines() == ["user-token", BASE, "client-id", "client-secret"]
    assert oct(os.stat(target).st_mode & 0o777) == "0o600"


def test_create_account_detailed_success(api, rsps):
    _register_app_token(rsps)
    rsps.post(BASE + "/api/v1/accounts", json=entity("Token") | {"access_token": "user-token"})
    token, error = api.create_account("shark", "pw", "s@example.com", agreement=True, return_detailed_error=True)
    # as in 2.x: an AccountCreationError with every field None (error and details)
    assert token == "user-token" and error.error is None and error.details is None and set(error) == {"error", "details"}
    assert sent_form(rsps.calls[1])["agreement"] == ["true"] and "date_of_birth" not in sent_form(rsps.calls[1])


REJECTED = {"error": "Validation failed: Email has already been taken, Username is reserved",
            "details": {"email": [{"error": "ERR_TAKEN", "description": "has already been taken"}],
                        "username": [{"error": "ERR_RESERVED", "description": "is reserved"}]}}


def test_create_account_detailed_error(api, rsps):
    _register_app_token(rsps)
    rsps.post(BASE + "/api/v1/accounts", status=422, json=REJECTED)
    token, error = api.create_account("admin", "pw", "taken@example.com", agreement=True,
                                      return_detailed_error=True)
    assert token is None
    assert error.error.startswith("Validation failed")
    assert error.details.email[0].error == "ERR_TAKEN"
    assert error.details.username[0].error == "ERR_RESERVED"
    assert api.access_token == TOKEN


def test_create_account_raises_without_detailed_error(api, rsps):
    _register_app_token(rsps)
    rsps.post(BASE + "/api/v1/accounts", status=422, json=REJECTED)
    with pytest.raises(MastodonAPIError) as info:
        api.create_account("admin", "pw", "taken@example.com", agreement=True)
    assert info.value.status_code == 422 and "already been taken" in str(info.value)


def test_create_account_other_errors_are_raised(rsps):
    api = Mastodon(client_id="client-id", client_secret="client-secret", api_base_url=BASE,
                   ratelimit_method="throw")
    _register_app_token(rsps)
    rsps.post(BASE + "/api/v1/accounts", status=429, json={"error": "Too many requests"})
    with pytest.raises(MastodonRatelimitError):
        api.create_account("a", "b", "c@example.com", return_detailed_error=True)
    assert api.access_token is None


def test_create_account_needs_app_credentials(rsps):
    anonymous = Mastodon(api_base_url=BASE)
    with pytest.raises(MastodonIllegalArgumentError):
        anonymous.create_account("a", "b", "c@example.com")


def test_email_resend_confirmation(api, rsps):
    rsps.post(BASE + "/api/v1/emails/confirmations", json={}, match=[form_matcher({"email": "new@example.com"})])
    assert api.email_resend_confirmation("new@example.com") is None
    rsps.post(BASE + "/api/v1/emails/confirmations", json={}, match=[form_matcher({})])
    assert api.email_resend_confirmation() is None


@pytest.mark.parametrize("answer", [True, False])
def test_email_check_confirmation(api, rsps, answer):
    rsps.get(BASE + "/api/v1/emails/check_confirmation", json=answer)
    assert api.email_check_confirmation() is answer


def test_account_email_subscribe(api, rsps):
    rsps.post(BASE + "/api/v1/accounts/5/email_subscriptions", json={},
              match=[form_matcher({"email": "reader@example.com"})])
    assert api.account_email_subscribe({"id": "5"}, "reader@example.com") is None
    with pytest.raises(MastodonIllegalArgumentError):
        api.account_email_subscribe("5", "not an address")


def test_version_checks(rsps):
    old = Mastodon(api_base_url=BASE, access_token=TOKEN, mastodon_version="3.4.0", version_check_mode="created")
    for call in (lambda: old.account_endorse("1"), lambda: old.accounts(["1"]),
                 lambda: old.account_familiar_followers("1"), lambda: old.account_delete_avatar(),
                 lambda: old.email_check_confirmation(), lambda: old.account_endorsements("1")):
        with pytest.raises(MastodonVersionError):
            call()
    changed = Mastodon(api_base_url=BASE, access_token=TOKEN, mastodon_version="4.5.0", version_check_mode="changed")
    with pytest.raises(MastodonVersionError):
        changed.account_update_credentials(note="x")
