"""AttribAccessDict and friends, datetime parsing, JSON decoding and re-encoding."""

import copy
import json
import pickle
from datetime import date, datetime, timedelta, timezone

import pytest

from conftest import DATETIME_FORMS, entity, recorded
from mastodon import AttribAccessDict, PaginatableList
from mastodon.core import values
from mastodon.core.values import decode_json, parse_datetime, to_json, to_plain

UTC = timezone.utc


class TestAttribAccessDict:
    def test_keys_read_as_attributes(self):
        d = AttribAccessDict(acct="alice", source=AttribAccessDict(note="hi"))
        assert d.acct == "alice" and d["acct"] == "alice"
        assert d.source.note == "hi"

    def test_unknown_attribute_is_attribute_error_and_getattr_default_works(self):
        d = AttribAccessDict(a=1)
        with pytest.raises(AttributeError, match="'missing'"):
            d.missing
        assert getattr(d, "missing", "default") == "default"
        assert not hasattr(d, "missing")
        with pytest.raises(KeyError):
            d["missing"]

    def test_attribute_writes_to_keys_are_refused(self):
        d = AttribAccessDict(a=1)
        with pytest.raises(AttributeError, match="read-only"):
            d.a = 2
        d["a"] = 2
        assert d.a == 2

    def test_is_a_plain_dict_for_json_and_equality(self):
        d = AttribAccessDict(a=1, b=[1, 2])
        assert d == {"a": 1, "b": [1, 2]}
        assert json.loads(json.dumps(d)) == {"a": 1, "b": [1, 2]}

    def test_dir_lists_keys(self):
        assert "acct" in dir(AttribAccessDict(acct="x"))

    def test_copy_deepcopy_pickle_keep_type_and_extra_attributes(self):
        d = decode_json(b'{"id": "1", "created_at": "2019-12-08T03:48:33.901Z", "account": {"id": "2"}}')
        object.__setattr__(d, "_pagination_next", {"max_id": "1"})
        for clone in (copy.copy(d), copy.deepcopy(d), pickle.loads(pickle.dumps(d))):
            assert type(clone) is AttribAccessDict
            assert clone == d
            assert clone.account.id == "2"
            assert clone._pagination_next == {"max_id": "1"}
            assert clone.created_at.tzinfo is not None

    def test_lists_pickle_with_their_pagination(self):
        page = decode_json(b'[{"id": "1"}]')
        page = PaginatableList(page)
        page._pagination_next = {"max_id": "1"}
        clone = pickle.loads(pickle.dumps(page))
        assert type(clone) is PaginatableList and clone == page
        assert clone._pagination_next == {"max_id": "1"}
        assert clone[0].id == "1"


class TestParseDatetime:
    @pytest.mark.parametrize("text, expected", DATETIME_FORMS)
    def test_forms(self, text, expected):
        parsed = parse_datetime(text)
        assert parsed == expected
        assert parsed.tzinfo is not None

    def test_offset_is_kept(self):
        parsed = parse_datetime("2019-12-08T05:48:33+02:00")
        assert parsed.utcoffset() == timedelta(hours=2)

    @pytest.mark.parametrize("text", ["2019-12-08T03:48:33.901Z", "2019-12-08T03:48:33.9+05:30", "2019-12-05",
                                      "2019-12-08T03:48:33"])
    def test_regex_fallback_agrees_with_fast_path(self, text):
        # The regex parser is what Python 3.9/3.10 use; it must match fromisoformat on 3.11+.
        assert values._parse_iso_regex(text) == parse_datetime(text)

    def test_rare_forms_use_the_general_parser(self):
        assert parse_datetime("20191208T034833Z") == datetime(2019, 12, 8, 3, 48, 33, tzinfo=UTC)

    @pytest.mark.parametrize("bad", ["yesterday", "", "2019-13-45", None, [], True])
    def test_rejects_non_dates(self, bad):
        with pytest.raises(ValueError):
            parse_datetime(bad)


class TestDecode:
    def test_status_from_a_real_server(self):
        body = json.dumps(recorded("status")["body"]).encode()
        status = decode_json(body)
        assert isinstance(status, AttribAccessDict)
        assert isinstance(status.created_at, datetime) and status.created_at.tzinfo is not None
        assert status.edited_at is None
        assert status.account.created_at.year == 2026
        # a date-only field becomes midnight UTC
        assert status.account.last_status_at == datetime(2026, 11, 26, tzinfo=UTC)
        assert isinstance(status.id, str)

    def test_nested_entities_and_lists_of_them(self):
        status = decode_json(json.dumps(entity("Status")))
        assert status.account.acct == "Gargron"
        assert all(isinstance(m, AttribAccessDict) for m in status.emojis + status.tags)

    def test_every_documented_datetime_field_converts(self):
        doc = {
            "created_at": "2020-01-01T00:00:00.000Z", "edited_at": "2020-01-01T00:00:00Z",
            "last_status_at": "2020-01-01", "expires_at": "2020-01-01T00:00:00.000Z",
            "scheduled_at": "2020-01-01T00:00:00.000Z", "starts_at": "2020-01-01T00:00:00.000Z",
            "ends_at": "2020-01-01T00:00:00.000Z", "published_at": "2020-01-01T00:00:00.000Z",
            "updated_at": "2020-01-01T00:00:00.000Z", "verified_at": "2020-01-01T00:00:00.000+00:00",
            "mute_expires_at": "2020-01-01T00:00:00.000Z", "muting_expires_at": "2020-01-01T00:00:00.000Z",
            "action_taken_at": "2020-01-01T00:00:00.000Z", "used_at": "2020-01-01T00:00:00.000Z",
            "effective_date": "2020-01-01", "succeeded_by": "2020-01-01", "week": "1577836800",
            "day": "1577836800", "date": "2020-01-01T00:00:00Z", "period": "2020-01-01T00:00:00.000+00:00",
            "latest_page_notification_at": "2020-01-01T00:00:00.000Z",
        }
        decoded = decode_json(json.dumps(doc))
        for key in doc:
            assert decoded[key] == datetime(2020, 1, 1, tzinfo=UTC), key

    def test_token_created_at_number(self):
        assert decode_json('{"created_at": 1573979017}').created_at == datetime.fromtimestamp(1573979017, UTC)

    def test_null_and_non_date_values_under_date_keys_are_kept(self):
        decoded = decode_json('{"expires_at": null, "date": "not a date", "day": true}')
        assert decoded == {"expires_at": None, "date": "not a date", "day": True}

    def test_tag_history_days(self):
        tag = decode_json(json.dumps(entity("Tag")))
        assert all(isinstance(h.day, datetime) for h in tag.history)
        assert all(isinstance(h.uses, str) for h in tag.history)

    def test_bom_and_bytes(self):
        assert decode_json(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}

    def test_not_json_is_value_error(self):
        with pytest.raises(ValueError):
            decode_json(b"<html>")


class TestBackToJson:
    def test_round_trip(self):
        original = json.dumps(recorded("timeline_home_bob")["body"])
        page = decode_json(original)
        text = to_json(page)
        again = decode_json(text)
        assert again == page
        assert json.loads(text)[0]["created_at"].endswith("Z")

    def test_to_plain_gives_only_json_types(self):
        value = decode_json('{"created_at": "2019-12-08T03:48:33.901Z", "list": [{"day": "1574553600"}]}')
        plain = to_plain(value)
        assert plain == {"created_at": "2019-12-08T03:48:33.901Z", "list": [{"day": "2019-11-24T00:00:00.000Z"}]}
        assert type(plain) is dict and type(plain["list"][0]) is dict
        json.dumps(plain)

    def test_offsets_and_dates_serialise(self):
        assert to_plain(parse_datetime("2019-12-08T05:48:33.5+02:00")) == "2019-12-08T05:48:33.500+02:00"
        assert to_plain(date(2020, 1, 2)) == "2020-01-02"

    def test_other_objects_still_fail(self):
        with pytest.raises(TypeError):
            to_json({"x": object()})
