"""The fast JSON decoding path: datetime forms, offsets, fractions, nulls, nested entities, the
parse cache, the Python 3.9/3.10 fast path, and agreement with a plain reference decoder."""

import glob
import json
import os
from datetime import datetime, timedelta, timezone

import pytest

from conftest import DATETIME_FORMS, FIXTURES, entity, recorded
from mastodon import AttribAccessDict
from mastodon.core import values
from mastodon.core.values import DATETIME_KEYS, decode_json, parse_datetime

UTC = timezone.utc


def reference_decode(text):
    """What decode_json must produce, the slow and obvious way: json.loads, then a walk."""
    def convert(value):
        if isinstance(value, list):
            return [convert(v) for v in value]
        if not isinstance(value, dict):
            return value
        out = AttribAccessDict({k: convert(v) for k, v in value.items()})
        for key in DATETIME_KEYS & out.keys():
            v = out[key]
            if type(v) is str:
                try:
                    out[key] = values._parse_iso(v)
                except ValueError:
                    try:
                        out[key] = parse_datetime(v)
                    except ValueError:
                        pass
            elif type(v) in (int, float):
                try:
                    out[key] = datetime.fromtimestamp(v, UTC)
                except (OverflowError, OSError, ValueError):
                    pass
        return out
    return convert(json.loads(text))


def same_shape(a, b):
    """Equal, and of the same types all the way down (AttribAccessDict vs dict matters)."""
    assert type(a) is type(b), (a, b)
    if isinstance(a, dict):
        assert a.keys() == b.keys()
        for k in a:
            same_shape(a[k], b[k])
    elif isinstance(a, list):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            same_shape(x, y)
    else:
        assert a == b
        if isinstance(a, datetime):
            assert a.utcoffset() == b.utcoffset()


def fixture_documents():
    docs = []
    for path in sorted(glob.glob(os.path.join(FIXTURES, "*.json"))):
        docs.append(json.dumps(recorded(os.path.basename(path)[:-5])["body"]))
    for path in sorted(glob.glob(os.path.join(FIXTURES, "entities", "*.json"))):
        docs.append(json.dumps(entity(os.path.basename(path)[:-5])))
    return docs


class TestDatetimeForms:
    @pytest.mark.parametrize("text, expected", DATETIME_FORMS)
    def test_every_form_under_a_datetime_key(self, text, expected):
        value = decode_json(json.dumps({"created_at": text})).created_at
        assert value == expected
        assert value.tzinfo is not None
        assert value == parse_datetime(text)

    @pytest.mark.parametrize("text, offset", [
        ("2019-12-08T05:48:33+02:00", timedelta(hours=2)),
        ("2019-12-07T22:48:33.5-05:00", timedelta(hours=-5)),
        ("2019-12-08T09:18:33+05:30", timedelta(hours=5, minutes=30)),
        ("2019-12-08T03:48:33Z", timedelta(0)),
        ("2019-12-05", timedelta(0)),
    ])
    def test_offsets_are_kept(self, text, offset):
        assert decode_json(json.dumps({"edited_at": text})).edited_at.utcoffset() == offset

    @pytest.mark.parametrize("doc, expected", [
        ('{"created_at": 1573979017}', datetime.fromtimestamp(1573979017, UTC)),
        ('{"created_at": 1573979017.25}', datetime.fromtimestamp(1573979017.25, UTC)),
        ('{"day": "1574553600"}', datetime(2019, 11, 24, tzinfo=UTC)),
    ])
    def test_unix_timestamps(self, doc, expected):
        assert list(decode_json(doc).values()) == [expected]

    @pytest.mark.parametrize("doc", ['{"date": ""}', '{"created_at": " "}'])
    def test_an_empty_date_is_none(self, doc):  # as in Mastodon.py 2.x
        assert list(decode_json(doc).values()) == [None]

    @pytest.mark.parametrize("doc", [
        '{"edited_at": null}', '{"date": "not a date"}', '{"day": true}', '{"day": false}',
        '{"period": {"start": 1}}', '{"week": ["1574553600"]}', '{"expires_at": "2019-13-45"}',
        '{"created_at": 1e300}', '{"created_at": -1e300}', '{"created_at": NaN}',
    ])
    def test_values_that_are_not_datetimes_are_kept_as_they_are(self, doc):
        decoded = decode_json(doc)
        plain = json.loads(doc)
        assert list(decoded) == list(plain)
        for key, value in decoded.items():
            if isinstance(value, float) and value != value:  # NaN
                assert plain[key] != plain[key]
            else:
                assert value == plain[key]
                assert type(value) is (AttribAccessDict if type(plain[key]) is dict else type(plain[key]))

    def test_non_datetime_keys_are_never_touched(self):
        doc = {"id": "2019-12-08T03:48:33Z", "content": "2019-12-05", "uses": "1574553600", "name": 1573979017}
        assert decode_json(json.dumps(doc)) == doc


class TestNestedEntities:
    def test_a_reblog_with_its_account_poll_media_and_fields(self):
        inner = entity("Status")
        inner["poll"] = entity("Poll")
        inner["media_attachments"] = [entity("MediaAttachment")]
        inner["edited_at"] = "2019-12-08T04:00:00.000Z"
        outer = dict(entity("Status"), reblog=inner, created_at="2019-12-09T00:00:00.000Z", edited_at=None)
        status = decode_json(json.dumps(outer))
        assert status.created_at == datetime(2019, 12, 9, tzinfo=UTC) and status.edited_at is None
        r = status.reblog
        assert isinstance(r, AttribAccessDict) and isinstance(r.account, AttribAccessDict)
        assert r.edited_at == datetime(2019, 12, 8, 4, tzinfo=UTC)
        assert r.poll.expires_at == datetime(2019, 12, 5, 4, 5, 8, 302000, UTC)
        assert r.account.created_at == datetime(2016, 3, 16, 14, 34, 26, 392000, UTC)
        assert r.account.fields[0].verified_at is None
        assert r.account.fields[1].verified_at == datetime(2019, 7, 15, 18, 29, 57, 191000, UTC)
        assert r.media_attachments[0].meta.focus.x == -0.27
        assert type(r.media_attachments) is list and type(r.poll.options[0]) is AttribAccessDict

    def test_lists_of_lists_and_top_level_scalars(self):
        assert decode_json('[[{"created_at": "2020-01-01"}], []]') == [[{"created_at": datetime(2020, 1, 1,
                                                                                                tzinfo=UTC)}], []]
        assert decode_json("null") is None and decode_json('"text"') == "text" and decode_json("3") == 3

    def test_tag_history(self):
        tag = decode_json(json.dumps(entity("Tag")))
        assert tag.history[0].day == datetime(2019, 11, 24, tzinfo=UTC) and tag.history[0].uses == "200"

    @pytest.mark.parametrize("index", range(len(fixture_documents())))
    def test_agrees_with_the_reference_decoder_on_every_fixture(self, index):
        doc = fixture_documents()[index]
        same_shape(decode_json(doc), reference_decode(doc))


class TestSharedDatetimes:
    def test_repeated_timestamps_are_equal_and_converted_every_time(self):
        page = decode_json(json.dumps([{"created_at": "2020-01-01T00:00:00.000Z", "account": {
            "created_at": "2016-03-16T14:34:26.392Z", "last_status_at": "2020-01-01"}}] * 5))
        assert len({item.account.created_at for item in page}) == 1
        assert all(item.account.last_status_at == datetime(2020, 1, 1, tzinfo=UTC) for item in page)

    def test_text_that_failed_once_is_not_remembered_as_a_date(self):
        for _ in range(3):
            assert decode_json('{"date": "every Tuesday"}').date == "every Tuesday"

    def test_the_cache_stays_bounded_and_correct(self, monkeypatch):
        monkeypatch.setattr(values, "_DATETIME_CACHE_SIZE", 8)
        start = datetime(2020, 1, 1, tzinfo=UTC)
        moments = [start + timedelta(seconds=17 * i, microseconds=1000 * i) for i in range(50)]
        texts = [m.isoformat(timespec="milliseconds").replace("+00:00", "Z") for m in moments]
        for _ in range(2):
            decoded = decode_json(json.dumps([{"created_at": t} for t in texts]))
            assert [d.created_at for d in decoded] == moments
            assert len(values._DATETIME_CACHE) <= 8


class TestCompatFastPath:
    """The Python 3.9/3.10 fast path, exercised on any version."""

    @pytest.mark.parametrize("text", [
        "2019-12-08T03:48:33.901Z", "2019-12-08T03:48:33Z", "2019-12-08T03:48:33.9Z", "2019-12-08T03:48:33.90Z",
        "2019-12-08T03:48:33.123456789Z", "2019-12-08T05:48:33.901+02:00", "2019-12-08T03:48:33", "2019-12-05",
        "2019-12-08 03:48:33.901Z", "2019-12-08T03:48:33.901z", "2016-02-29T23:59:59.999Z",
    ])
    def test_agrees_with_the_other_parsers(self, text):
        dt = values._fast_iso_compat(text)
        dt = dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)
        assert dt == parse_datetime(text)
        assert dt == values._parse_iso_regex(text)

    @pytest.mark.parametrize("text", ["2019-02-30T03:48:33.901Z", "2019-12-08X03:48:33.901Z", "yesterday",
                                      "2019-12-08T03:48:33.9O1Z"])
    def test_rejects_what_the_regex_rejects(self, text):
        with pytest.raises(ValueError):
            values._fast_iso_compat(text)


class TestDocumentEdges:
    @pytest.mark.parametrize("doc", [b'  {"a": 1}  ', b'\n[1]\n', b'\xef\xbb\xbf{"a": 1}', bytearray(b'{"a": 1}'),
                                     '\t{"a": 1}\r\n'])
    def test_whitespace_bom_bytes_and_str(self, doc):
        assert decode_json(doc) in ({"a": 1}, [1])

    @pytest.mark.parametrize("doc", [b"", b"   ", b'{"a": 1} x', b'{"a": 1}{"b": 2}', b"[1,", b"<html>", b"nul"])
    def test_not_json_raises_the_standard_error(self, doc):
        with pytest.raises(json.JSONDecodeError):
            decode_json(doc)

    def test_an_error_inside_the_document_is_reported_where_it_is(self):
        with pytest.raises(json.JSONDecodeError) as info:
            decode_json('{"a": [1, 2,, 3]}')
        assert info.value.pos == 12
