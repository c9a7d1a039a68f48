"""The entity classes of mastodon.return_types: attribute access, absent fields, renamed keys, building."""

import json

import pytest

from mastodon import AttribAccessDict
from mastodon.return_types import (
    Account,
    AccountField,
    Collection,
    CollectionItem,
    InstanceThumbnailVersions,
    MediaAttachment,
    Preferences,
    Status,
    WebPushSubscriptionAlerts,
)
from mastodon.types_base import MaybeSnowflakeIdType, NonPaginatableList


class TestAttributes:
    def test_a_declared_field_the_server_left_out_reads_as_none(self):
        status = Status(id="1", content="hi")
        assert status.poll is None and status.edited_at is None and status.quote is None
        # The key is there too, with None (as in Mastodon.py 2.x): by key, in, len, iteration and JSON.
        assert "poll" in status and status["poll"] is None and status["quote"] is None
        assert len(status) == len(Status._mastopy_field_keys) and set(status) == set(Status._mastopy_field_keys.values())
        assert json.loads(json.dumps(status))["poll"] is None
        assert status["content"] == "hi" and status.content == "hi"

    def test_keys_the_class_does_not_declare_stay_readable(self):
        status = Status(id="1", pleroma={"local": True})
        assert status.pleroma.local is True

    def test_unknown_attributes_raise_attribute_error(self):
        status = Status(id="1")
        with pytest.raises(AttributeError, match="'acount'"):
            status.acount
        assert getattr(status, "acount", "default") == "default"
        assert not hasattr(status, "acount") and hasattr(status, "account")

    def test_setting_an_attribute_writes_the_dict(self):
        status = Status(id="1")
        status.content = "<p>edited</p>"
        status.extra_key = 5
        assert status["content"] == "<p>edited</p>" and status["extra_key"] == 5
        assert "content" not in status.__dict__

    def test_private_attributes_stay_off_the_dict(self):
        status = Status(id="1")
        status._pagination_next = {"max_id": "1"}
        assert "_pagination_next" not in status and status._pagination_next == {"max_id": "1"}

    def test_plain_attrib_access_dicts_keep_their_read_only_attributes(self):
        d = AttribAccessDict(a=1)
        with pytest.raises(AttributeError, match="read-only"):
            d.a = 2
        with pytest.raises(AttributeError):
            d.b

    def test_dir_lists_declared_fields(self):
        names = dir(Status(id="1"))
        assert "account" in names and "media_attachments" in names and "id" in names

    def test_a_field_named_like_a_dict_method_is_read_by_key(self):
        alerts = WebPushSubscriptionAlerts({"update": True, "mention": False})
        assert alerts["update"] is True and alerts.mention is False
        assert callable(alerts.update)  # the dict method wins, as the class documents


class TestRenamedFields:
    def test_collection_items_reads_and_writes_the_items_key(self):
        collection = Collection({"id": "7", "items": [{"id": "1", "state": "accepted"}]})
        assert collection.collection_items[0].id == "1"
        assert isinstance(collection.collection_items[0], CollectionItem)
        collection.collection_items = []
        assert collection["items"] == [] and "collection_items" not in collection

    def test_keyword_construction_uses_attribute_names(self):
        collection = Collection(collection_items=[{"id": "2", "created_at": "2026-01-02T03:04:05Z"}])
        assert "items" in collection and "collection_items" not in collection
        assert collection["items"] is collection.collection_items
        assert collection.collection_items[0].created_at.year == 2026

    def test_keys_that_are_no_identifiers(self):
        versions = InstanceThumbnailVersions({"@1x": "a.png", "@2x": "b.png"})
        assert versions.at1x == "a.png" and versions.at2x == "b.png"
        prefs = Preferences({"posting:default:visibility": "unlisted", "reading:expand:spoilers": True})
        assert prefs.posting_default_visibility == "unlisted" and prefs.reading_expand_spoilers is True
        assert prefs.posting_default_language is None
        prefs.posting_default_language = "de"
        assert prefs["posting:default:language"] == "de"


class TestBuilding:
    def test_by_keyword_and_from_a_dict(self):
        media = MediaAttachment(id="1")
        assert media.id == "1" and isinstance(media, AttribAccessDict) and isinstance(media, dict)
        status = Status({"id": "2", "account": {"id": "3", "acct": "a"}, "created_at": "2026-01-01T00:00:00Z",
                         "media_attachments": [{"id": "4", "type": "image"}]})
        assert type(status.account) is Account
        assert type(status.media_attachments) is NonPaginatableList
        assert type(status.media_attachments[0]) is MediaAttachment
        assert status.created_at.tzinfo is not None
        assert type(status.id) is MaybeSnowflakeIdType and status.id == "2"

    def test_building_does_not_change_the_mapping_given(self):
        source = {"id": "2", "account": {"id": "3"}}
        Status(source)
        assert type(source["account"]) is dict

    def test_declared_strings_stay_strings(self):
        field = AccountField(name="web", value="x", verified_at="2019-11-10T10:31:10.744+00:00")
        assert field.verified_at == "2019-11-10T10:31:10.744+00:00"
