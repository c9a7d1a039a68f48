"""Media: uploads (really multipart, really streamed), processing waits, updates."""

import io
import time

import pytest

from conftest import BASE, TOKEN, entity, form_matcher, recorded
from loopback import Reply
from mastodon import (
    Mastodon,
    MastodonAPIError,
    MastodonFileNotFoundError,
    MastodonIllegalArgumentError,
    MastodonVersionError,
)

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40


def attachment(**changes):
    return entity("MediaAttachment") | changes


def versioned(server, version):
    return Mastodon(client_id="client-id", client_secret="client-secret", access_token=TOKEN,
                    api_base_url=server.url, mastodon_version=version)


@pytest.fixture
def png(tmp_path):
    path = tmp_path / "cat.png"
    path.write_bytes(PNG)
    return path


def test_media_post_streams_the_file_with_its_fields(server, png):
    server.route("POST", "/api/v2/media", attachment(id="77"))
    result = versioned(server, "4.3.0").media_post(png, description="a cat", focus=(0.25, -0.5))
    assert result.id == "77" and result.meta.focus.x == -0.27
    rec = server.requests[-1]
    assert (rec.method, rec.path) == ("POST", "/api/v2/media")
    assert rec.headers["Authorization"] == "Bearer " + TOKEN
    assert int(rec.headers["Content-Length"]) == len(rec.body)
    fields = rec.multipart
    assert fields["file"] == ("cat.png", "image/png", PNG)
    assert fields["description"] == (None, None, b"a cat")
    assert fields["focus"] == (None, None, b"0.25,-0.5")
    assert "thumbnail" not in fields


@pytest.mark.parametrize("kind", ["str", "bytes", "fileobj"])
def test_media_post_takes_paths_bytes_and_file_objects(server, png, kind):
    server.route("POST", "/api/v2/media", attachment())
    source = {"str": str(png), "bytes": PNG, "fileobj": io.BytesIO(PNG)}[kind]
    versioned(server, "4.0.0").media_post(source, file_name="given.png" if kind != "str" else None)
    name, mime, data = server.requests[-1].multipart["file"]
    assert data == PNG and mime == "image/png"
    assert name == ("cat.png" if kind == "str" else "given.png")


def test_media_post_with_mime_type_and_thumbnail(server, png, tmp_path):
    thumb = tmp_path / "thumb.jpg"
    thumb.write_bytes(b"\xff\xd8\xff\xe0" + b"j" * 300)
    server.route("POST", "/api/v2/media", attachment(type="audio"))
    versioned(server, "3.2.0").media_post(b"ID3" + b"a" * 1000, mime_type="audio/mpeg", file_name="song.mp3",
                                          thumbnail=thumb)
    fields = server.requests[-1].multipart
    assert fields["file"] == ("song.mp3", "audio/mpeg", b"ID3" + b"a" * 1000)
    assert fields["thumbnail"] == ("thumb.jpg", "image/jpeg", thumb.read_bytes())


def test_media_post_uses_v1_on_old_servers(server, png):
    server.route("POST", "/api/v1/media", attachment(id="1"))
    assert versioned(server, "2.9.0").media_post(png).id == "1"
    assert [r.path for r in server.requests] == ["/api/v1/media"]
    assert server.requests[-1].multipart["file"][2] == PNG


def test_media_post_unknown_version_falls_back_to_v1_on_404(server, local_api, png):
    server.route("POST", "/api/v1/media", attachment(id="2"))  # no v2 route: 404; no instance route: unknown
    assert local_api.media_post(png, description="d").id == "2"
    paths = [r.path for r in server.requests]
    assert paths[-2:] == ["/api/v2/media", "/api/v1/media"]
    assert server.requests[-1].multipart["file"] == ("cat.png", "image/png", PNG)  # sent again, whole


def test_media_post_known_new_server_does_not_fall_back(server, png):
    with pytest.raises(MastodonAPIError):
        versioned(server, "4.3.0").media_post(png)
    assert [r.path for r in server.requests] == ["/api/v2/media"]


def test_media_post_missing_file(server, local_api, tmp_path):
    with pytest.raises(MastodonFileNotFoundError):
        local_api.media_post(tmp_path / "nope.png")
    with pytest.raises(MastodonIllegalArgumentError):
        local_api.media_post(b"??? unknown", description="no type")
    with pytest.raises(MastodonIllegalArgumentError):
        local_api.media_post(PNG, focus=(0, 3))
    assert server.requests == []


def test_media_post_closes_files_it_opened(server, png, opened_files):
    server.route("POST", "/api/v2/media", Reply({"error": "bad file"}, 422))
    with pytest.raises(MastodonAPIError):
        versioned(server, "4.0.0").media_post(png)
    assert opened_files and all(f.closed for f in opened_files)


def fast(api, timeout=2.0):
    api.media_poll_interval = 0.01
    api.media_poll_max_interval = 0.04
    api.media_poll_timeout = timeout
    return api


def test_synchronous_upload_polls_until_processed(server, png):
    server.route("POST", "/api/v2/media", Reply(attachment(id="55", url=None), 202))
    answers = iter([Reply(attachment(id="55", url=None), 206), Reply(attachment(id="55", url=None), 206),
                    attachment(id="55", url="https://files.example/55.png")])
    server.route("GET", "/api/v1/media/55", lambda rec: next(answers))
    result = fast(versioned(server, "4.3.0")).media_post(png, synchronous=True)
    assert result.url == "https://files.example/55.png"
    assert [r.path for r in server.requests] == ["/api/v2/media"] + ["/api/v1/media/55"] * 3


def test_synchronous_upload_gives_up_after_the_timeout(server, png):
    server.route("POST", "/api/v2/media", Reply(attachment(id="56", url=None), 202))
    server.route("GET", "/api/v1/media/56", Reply(attachment(id="56", url=None), 206))
    api = fast(versioned(server, "4.3.0"), timeout=0.3)
    started = time.monotonic()
    with pytest.raises(MastodonAPIError, match="still being processed") as info:
        api.media_post(png, synchronous=True)
    waited = time.monotonic() - started
    assert 0.3 <= waited < 2.0
    assert info.value.media.id == "56"
    polls = [r for r in server.requests if r.path == "/api/v1/media/56"]
    assert 3 <= len(polls) <= 30  # backed off, not hammering


def test_synchronous_upload_reports_processing_errors(server, png):
    server.route("POST", "/api/v2/media", Reply(attachment(id="57", url=None), 202))
    server.route("GET", "/api/v1/media/57", Reply({"error": "Error processing thumbnail for uploaded media"}, 422))
    with pytest.raises(MastodonAPIError) as info:
        fast(versioned(server, "4.3.0")).media_post(png, synchronous=True)
    assert info.value.status_code == 422


def test_synchronous_is_free_when_already_processed(server, png):
    server.route("POST", "/api/v2/media", attachment(id="58"))
    fast(versioned(server, "4.3.0")).media_post(png, synchronous=True)
    assert [r.path for r in server.requests] == ["/api/v2/media"]


def test_asynchronous_upload_returns_at_once(server, png):
    server.route("POST", "/api/v2/media", Reply(attachment(id="59", url=None), 202))
    result = versioned(server, "4.3.0").media_post(png)
    assert result.url is None and result.preview_url


# status_update uploads attachment thumbnails the same way; tested here, next to the multipart parser.
def test_status_update_uploads_attachment_thumbnails(server, local_api, tmp_path):
    thumb = tmp_path / "thumb.png"
    thumb.write_bytes(b"\x89PNG\r\n\x1a\n" + b"t" * 500)
    server.route("PUT", "/api/v1/statuses/9", recorded("status_post")["body"])
    attributes = [local_api.generate_media_edit_attributes("5", description="d"),
                  local_api.generate_media_edit_attributes("6", thumbnail=thumb)]
    local_api.status_update(9, "edited", media_ids=["5", "6"], media_attributes=attributes)
    fields = server.requests[-1].multipart
    assert fields["media_attributes[1][thumbnail]"] == ("thumb.png", "image/png", thumb.read_bytes())
    assert fields["media_attributes[1][id]"] == (None, None, b"6")
    assert fields["media_attributes[0][description]"] == (None, None, b"d")
    assert fields["status"] == (None, None, b"edited")


def test_media(api, rsps):
    rsps.get(BASE + "/api/v1/media/22345792", json=entity("MediaAttachment"))
    result = api.media({"id": "22345792"})
    assert result.type == "image" and result.meta.original.width == 640
    rsps.get(BASE + "/api/v1/media/8", status=206, json=attachment(id="8", url=None))
    assert api.media(8).url is None


def test_media_update_form(api, rsps):
    rsps.put(BASE + "/api/v1/media/8", json=attachment(id="8", description="new"),
             match=[form_matcher({"description": "new", "focus": "0,1"})])
    assert api.media_update("8", description="new", focus=[0, 1]).description == "new"


def test_media_update_thumbnail_is_multipart(server, local_api, tmp_path):
    thumb = tmp_path / "t.png"
    thumb.write_bytes(PNG)
    server.route("PUT", "/api/v1/media/8", attachment(id="8"))
    local_api.media_update({"id": "8"}, description="d", thumbnail=thumb, thumbnail_mime_type="image/png")
    fields = server.requests[-1].multipart
    assert fields["thumbnail"] == ("t.png", "image/png", PNG)
    assert fields["description"] == (None, None, b"d")


def test_media_delete(api, rsps):
    rsps.delete(BASE + "/api/v1/media/8", json={})
    assert api.media_delete(attachment(id="8")) is None


def test_media_delete_version(rsps):
    old = Mastodon(api_base_url=BASE, access_token=TOKEN, mastodon_version="4.3.0", version_check_mode="created")
    with pytest.raises(MastodonVersionError):
        old.media_delete("8")
