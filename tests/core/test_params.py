"""Id unpacking and parameter flattening."""

from datetime import datetime, timedelta, timezone

import pytest

from mastodon import AttribAccessDict, MastodonIllegalArgumentError
from mastodon.core.params import (check_choice, check_choices, clean_params, datetime_to_id, duration_seconds,
                                  flatten_params, unpack_id, unpack_ids)


def test_unpack_id_forms():
    assert unpack_id("123") == "123"
    assert unpack_id(123) == "123"
    assert unpack_id({"id": "123", "acct": "x"}) == "123"
    assert unpack_id(AttribAccessDict(id=7)) == "7"


@pytest.mark.parametrize("bad", [None, 1.5, True, ["1"], {"acct": "x"}, object()])
def test_unpack_id_rejects_what_is_not_an_id(bad):
    with pytest.raises(MastodonIllegalArgumentError):
        unpack_id(bad, name="account_id")


def test_unpack_ids_single_or_many():
    assert unpack_ids("1") == ["1"]
    assert unpack_ids({"id": "1"}) == ["1"]
    assert unpack_ids(["1", {"id": "2"}, 3]) == ["1", "2", "3"]
    with pytest.raises(MastodonIllegalArgumentError):
        unpack_ids(None)


def test_datetime_becomes_snowflake():
    moment = datetime(2019, 12, 8, 3, 48, 33, 901000, tzinfo=timezone.utc)
    snowflake = int(datetime_to_id(moment))
    assert snowflake >> 16 == int(moment.timestamp() * 1000)
    assert snowflake & 0xFFFF == 0
    # naive datetimes are UTC
    assert datetime_to_id(moment.replace(tzinfo=None)) == str(snowflake)
    assert unpack_id(moment, dateconv=True) == str(snowflake)
    with pytest.raises(MastodonIllegalArgumentError):
        unpack_id(moment)


def test_clean_params_drops_none_and_unpacks_ids_by_name():
    moment = datetime(2020, 1, 1, tzinfo=timezone.utc)
    cleaned = clean_params({
        "status": "hi", "in_reply_to_id": {"id": "5"}, "media_ids": [{"id": "1"}, "2"], "spoiler_text": None,
        "max_id": moment, "since_id": {"id": "9"}, "scheduled_at": moment, "poll": {"options": ["a", "b"],
                                                                                   "expires_in": 60,
                                                                                   "multiple": None},
    })
    assert cleaned == {
        "status": "hi", "in_reply_to_id": "5", "media_ids": ["1", "2"], "max_id": datetime_to_id(moment),
        "since_id": "9", "scheduled_at": "2020-01-01T00:00:00+00:00",
        "poll": {"options": ["a", "b"], "expires_in": 60},
    }


def test_flatten_params_lists_nested_dicts_booleans():
    flat = flatten_params(clean_params({
        "status": "x", "sensitive": True, "local": False, "media_ids": ["1", "2"],
        "poll": {"options": ["a", "b"], "expires_in": 300, "hide_totals": False},
        "keywords_attributes": [{"keyword": "k", "whole_word": True}],
    }))
    assert flat == [
        ("status", "x"), ("sensitive", "true"), ("local", "false"), ("media_ids[]", "1"), ("media_ids[]", "2"),
        ("poll[options][]", "a"), ("poll[options][]", "b"), ("poll[expires_in]", 300),
        ("poll[hide_totals]", "false"),
        ("keywords_attributes[0][keyword]", "k"), ("keywords_attributes[0][whole_word]", "true"),
    ]


def test_choices_check_types_and_leave_values_to_the_server(caplog):
    check_choice("visibility", "public", ["public", "direct"])
    check_choice("visibility", None, ["public"])
    # a value this library does not know (a newer server's, a fork's) passes, noted at DEBUG
    with caplog.at_level("DEBUG", logger="mastodon.params"):
        check_choice("visibility", "everyone", ["public", "direct"])
    assert "everyone" in caplog.text
    with pytest.raises(MastodonIllegalArgumentError, match="visibility must be a string"):
        check_choice("visibility", 3, ["public", "direct"])
    with pytest.raises(MastodonIllegalArgumentError, match="visibility is required"):
        check_choice("visibility", None, ["public"], allow_none=False)
    assert check_choices("types", ["follow", "annual_report"], ["follow", "mention"]) == ["follow", "annual_report"]
    assert check_choices("types", ("follow",), ["follow"]) == ["follow"]
    assert check_choices("types", "follow", ["follow"]) == ["follow"]
    assert check_choices("types", None, ["follow"]) is None
    with pytest.raises(MastodonIllegalArgumentError, match="types must be a string"):
        check_choices("types", ["follow", 5], ["follow", "mention"])
    with pytest.raises(MastodonIllegalArgumentError, match="list of strings"):
        check_choices("types", 5, ["follow"])


def test_lists_under_id_keys_are_id_arrays():
    cleaned = clean_params({"id": [{"id": "1"}, 2], "account_id": ["3"]})
    assert cleaned == {"id": ["1", "2"], "account_id": ["3"]}
    assert flatten_params(cleaned) == [("id[]", "1"), ("id[]", "2"), ("account_id[]", "3")]


def test_duration_seconds():
    assert duration_seconds(None, "expires_in") is None
    assert duration_seconds(90, "expires_in") == 90
    assert duration_seconds(90.9, "expires_in") == 90
    assert duration_seconds(timedelta(hours=1, milliseconds=500), "expires_in") == 3600
    for bad in (True, "60", [60]):
        with pytest.raises(MastodonIllegalArgumentError, match="expires_in"):
            duration_seconds(bad, "expires_in")
