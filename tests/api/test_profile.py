"""Profile: reading and editing the logged-in user's profile, with and without image uploads."""

import io

import pytest

from conftest import BASE, entity, form_matcher, query_matcher
from mastodon import (AttribAccessDict, Mastodon, MastodonFileNotFoundError, MastodonIllegalArgumentError,
                      MastodonVersionError)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
JPEG = b"\xff\xd8\xff\xe0" + b"\x01" * 300


def check_profile(profile):
    assert isinstance(profile, AttribAccessDict)
    assert profile.display_name == "Documentation user" and profile.fields[0].name == "pronouns"
    assert profile.featured_tags[0].name == "foo"
    assert profile.attribution_domains == ["articles.example.com"]


def test_profile(api, rsps):
    rsps.get(BASE + "/api/v1/profile", json=entity("Profile"), match=[query_matcher({})])
    check_profile(api.profile())


def test_profile_update_without_files_is_a_form(api, rsps):
    rsps.patch(BASE + "/api/v1/profile", json=entity("Profile"), match=[form_matcher({
        "display_name": "Documentation user", "note": "A bio", "locked": "true", "bot": "false",
        "discoverable": "true", "hide_collections": "false", "indexable": "true", "show_media": "false",
        "show_media_replies": "true", "show_featured": "false",
        "attribution_domains[]": ["articles.example.com", "blog.example"],
        "fields_attributes[0][name]": "pronouns", "fields_attributes[0][value]": "it/its",
        "fields_attributes[1][name]": "site", "fields_attributes[1][value]": "https://example.com",
        "avatar_description": "A cat", "header_description": "A field"})])
    profile = api.profile_update(
        display_name="Documentation user", note="A bio", locked=True, bot=False, discoverable=True,
        hide_collections=False, indexable=True, show_media=False, show_media_replies=True, show_featured=False,
        attribution_domains=["articles.example.com", "blog.example"],
        fields=[("pronouns", "it/its"), {"name": "site", "value": "https://example.com"}],
        avatar_description="A cat", header_description="A field")
    check_profile(profile)
    assert rsps.calls[-1].request.headers["Content-Type"] == "application/x-www-form-urlencoded"


def test_profile_update_sends_only_what_is_given(api, rsps):
    rsps.patch(BASE + "/api/v1/profile", json=entity("Profile"), match=[form_matcher({"bot": "true"})])
    check_profile(api.profile_update(bot=True))


def test_profile_update_uploads_avatar_and_header(server, local_api, tmp_path):
    server.route("PATCH", "/api/v1/profile", entity("Profile"))
    header_path = tmp_path / "header.jpg"
    header_path.write_bytes(JPEG)
    avatar = io.BytesIO(PNG)
    profile = local_api.profile_update(display_name="Doc", avatar=avatar, header=str(header_path),
                                       fields=[("a", "b")], avatar_description="A cat")
    check_profile(profile)
    rec = server.requests[-1]
    assert rec.method == "PATCH" and rec.headers["Content-Type"].startswith("multipart/form-data")
    fields = rec.multipart
    assert fields["display_name"] == (None, None, b"Doc")
    assert fields["fields_attributes[0][name]"] == (None, None, b"a")
    assert fields["fields_attributes[0][value]"] == (None, None, b"b")
    assert fields["avatar_description"] == (None, None, b"A cat")
    assert fields["avatar"][1:] == ("image/png", PNG)
    assert fields["header"] == ("header.jpg", "image/jpeg", JPEG)
    assert not avatar.closed  # the caller's file object stays the caller's


def test_profile_update_explicit_mime_type(server, local_api):
    server.route("PATCH", "/api/v1/profile", entity("Profile"))
    local_api.profile_update(header=b"raw image data", header_mime_type="image/webp")
    fields = server.requests[-1].multipart
    assert fields["header"][1:] == ("image/webp", b"raw image data")


@pytest.mark.parametrize("kwargs, error", [
    ({"fields": [("only a name",)]}, MastodonIllegalArgumentError),
    ({"fields": [{"name": "x"}]}, MastodonIllegalArgumentError),
    ({"fields": "name=value"}, MastodonIllegalArgumentError),
    ({"avatar": b"not an image"}, MastodonIllegalArgumentError),
    ({"header": "/no/such/file.png"}, MastodonFileNotFoundError),
])
def test_profile_update_refuses_bad_arguments(api, rsps, kwargs, error):
    with pytest.raises(error):
        api.profile_update(**kwargs)
    assert len(rsps.calls) == 0


def test_profile_needs_4_6(rsps):
    old = Mastodon(api_base_url=BASE, mastodon_version="4.5.0", version_check_mode="created")
    with pytest.raises(MastodonVersionError):
        old.profile()
    with pytest.raises(MastodonVersionError):
        old.profile_update(bot=True)


def test_profile_update_single_attribution_domain_is_still_an_array(api, rsps):
    rsps.patch(BASE + "/api/v1/profile", json=entity("Profile"),
               match=[form_matcher({"attribution_domains[]": "articles.example.com"})])
    check_profile(api.profile_update(attribution_domains="articles.example.com"))
