"""Issue 19 point 4: MaybeSnowflakeIdType as Mastodon.py 2.x documents it: to_datetime() for
Mastodon snowflakes, Pleroma flake ids (assume_pleroma) and GoToSocial ULIDs; construction from a
datetime; comparisons."""

import copy
import pickle
from datetime import date, datetime, timedelta, timezone

import pytest

from conftest import BASE, entity
from mastodon.core.params import datetime_to_id
from mastodon.types_base import MaybeSnowflakeIdType

UTC = timezone.utc
MOMENT = datetime(2024, 5, 1, 12, 0, 0, 123000, tzinfo=UTC)
MS = 1714564800123  # MOMENT in milliseconds since 1970


def test_a_mastodon_snowflake_gives_its_time():
    sid = MaybeSnowflakeIdType(str((MS << 16) + 4242))
    assert sid.to_datetime() == MOMENT
    assert sid.to_datetime().tzinfo is not None
    # the API docs' example status: its id encodes its created_at (the server adds the row a few ms later)
    example = entity("Status")
    created = datetime.fromisoformat(example["created_at"].replace("Z", "+00:00"))
    assert abs(MaybeSnowflakeIdType(example["id"]).to_datetime() - created) < timedelta(seconds=1)


def test_construction_from_a_datetime_gives_the_servers_id_for_that_moment():
    sid = MaybeSnowflakeIdType(MOMENT)
    assert sid == str(MS << 16) and isinstance(sid, str) and sid.to_datetime() == MOMENT
    assert sid == datetime_to_id(MOMENT)  # the ids the paging parameters send for datetimes
    # naive datetimes and dates are taken as UTC
    assert MaybeSnowflakeIdType(MOMENT.replace(tzinfo=None)) == sid
    assert MaybeSnowflakeIdType(date(2024, 5, 1)).to_datetime() == datetime(2024, 5, 1, tzinfo=UTC)
    other_zone = MOMENT.astimezone(timezone(timedelta(hours=-7)))
    assert MaybeSnowflakeIdType(other_zone) == sid
    # it is the smallest id of that millisecond: every status made then is >= it
    assert MaybeSnowflakeIdType(str((MS << 16) + 1)) > sid > MaybeSnowflakeIdType(str((MS << 16) - 1))


def test_pleroma_flake_ids():
    pid = MaybeSnowflakeIdType(MOMENT, assume_pleroma=True)
    assert pid.assume_pleroma is True and isinstance(pid, MaybeSnowflakeIdType)
    assert len(pid) == 18 and pid[0] == "A" and pid.isalnum()  # as Pleroma's ids of 2020 on look
    assert pid.to_datetime() == MOMENT
    # an id a Pleroma server sent: base62 of (ms << 64 | worker << 16 | sequence)
    worker_and_sequence = (0x1A2B3C4D5E6F << 16) | 7
    from mastodon.core.values import _base62_encode
    sent = _base62_encode((MS << 64) | worker_and_sequence)
    assert MaybeSnowflakeIdType(sent).to_datetime() == MOMENT  # read as a flake id: not all digits
    assert MaybeSnowflakeIdType(sent, assume_pleroma=True).to_datetime() == MOMENT
    # flake ids sort by time as strings (same length)
    later = MaybeSnowflakeIdType(MOMENT + timedelta(seconds=1), assume_pleroma=True)
    assert later > pid and sorted([later, pid]) == [pid, later]


def test_assume_pleroma_reads_digit_ids_as_flake_ids():
    digits = MaybeSnowflakeIdType("1234567890123456789012345678901234")
    assert digits.to_datetime() is None  # as a snowflake: far beyond 2200
    flake = MaybeSnowflakeIdType("1234567890123456789012345678901234", assume_pleroma=True)
    assert flake.assume_pleroma and flake == "1234567890123456789012345678901234"
    assert flake.to_datetime() is None or flake.to_datetime().year >= 2016


def test_gotosocial_ulids():
    ulid = "01HWTKJ1DV" + "ABCDEFGHJKMNPQRS"
    expected_ms = 0
    for c in "01HWTKJ1DV":
        expected_ms = expected_ms * 32 + "0123456789ABCDEFGHJKMNPQRSTVWXYZ".index(c)
    got = MaybeSnowflakeIdType(ulid).to_datetime()
    assert got == datetime.fromtimestamp(expected_ms / 1000, UTC) and got.year == 2024
    # string order is time order
    older = MaybeSnowflakeIdType("01HWTKJ1DT" + "ZZZZZZZZZZZZZZZZ")
    assert older < MaybeSnowflakeIdType(ulid) and sorted([ulid, older]) == [older, ulid]


@pytest.mark.parametrize("text", ["", "12345", "not an id", "ümlaut", "a-b-c", "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ"])
def test_ids_that_encode_no_time_give_none(text):
    assert MaybeSnowflakeIdType(text).to_datetime() is None


def test_ints_and_bad_values():
    assert MaybeSnowflakeIdType(123) == "123" and type(MaybeSnowflakeIdType(123)) is MaybeSnowflakeIdType
    with pytest.raises(TypeError):
        MaybeSnowflakeIdType(1.5)
    with pytest.raises(TypeError):
        MaybeSnowflakeIdType(None)
    with pytest.raises(TypeError):
        MaybeSnowflakeIdType(True)


def test_comparisons_as_in_2x_where_they_make_sense():
    a, b = MaybeSnowflakeIdType("110000000000000001"), MaybeSnowflakeIdType("110000000000000002")
    # equality and hashing of the string
    assert a == "110000000000000001" and hash(a) == hash("110000000000000001") and {a: 1}["110000000000000001"] == 1
    assert a != 110000000000000001
    # same-length ids: the string order (2.x) and the numeric order agree
    assert a < b and b > a and a <= a and b >= a and max(a, b) is b
    # digit ids of different lengths compare by number (2.x would put "99" last)
    assert sorted([MaybeSnowflakeIdType("100000000000000000"), MaybeSnowflakeIdType("99")]) == ["99", "100000000000000000"]
    assert MaybeSnowflakeIdType("99") < 100 and MaybeSnowflakeIdType("99") < "100"
    # ints compare by value (not equal, as in 2.x); bools and floats do not compare
    assert a < 110000000000000002 and a > 5
    for bad in (1.5, True, None):
        with pytest.raises(TypeError):
            _ = a < bad
    # forms without a numeric value (2.x: TypeError) compare as strings here
    assert MaybeSnowflakeIdType("AbC") < "Abd" and MaybeSnowflakeIdType("007") < "08"
    # ... but never with a numeric id: different servers' ids do not compare by time
    with pytest.raises(TypeError):
        _ = MaybeSnowflakeIdType("01HWTKJ1DVABCDEFGHJKMNPQRS") < a


def test_flake_ids_and_snowflakes_of_one_moment_sort_side_by_side():
    before = MaybeSnowflakeIdType(MOMENT - timedelta(milliseconds=1))
    after = MaybeSnowflakeIdType(MOMENT + timedelta(milliseconds=1))
    flake = MaybeSnowflakeIdType(MOMENT, assume_pleroma=True)
    plain_flake = MaybeSnowflakeIdType(str(flake))  # read without assume_pleroma: still a flake id
    for f in (flake, plain_flake):
        assert before < f < after and sorted([after, f, before]) == [before, f, after]
    # a ULID-like string is no flake id (26 characters)
    assert MaybeSnowflakeIdType("01HWTKJ1DVABCDEFGHJKMNPQRS").to_datetime().year == 2024


def test_copy_and_pickle_keep_the_kind():
    pid = MaybeSnowflakeIdType(MOMENT, assume_pleroma=True)
    for clone in (pickle.loads(pickle.dumps(pid)), copy.copy(pid), copy.deepcopy(pid)):
        assert clone == pid and clone.assume_pleroma is True and clone.to_datetime() == MOMENT
    sid = MaybeSnowflakeIdType("110000000000000001")
    clone = pickle.loads(pickle.dumps(sid))
    assert clone == sid and type(clone) is MaybeSnowflakeIdType and clone.assume_pleroma is False


def test_a_datetime_id_pages_a_timeline(api, rsps):
    rsps.get(BASE + "/api/v1/timelines/home", json=[])
    api.timeline_home(max_id=MaybeSnowflakeIdType(MOMENT))
    assert rsps.calls[0].request.url.endswith(f"max_id={MS << 16}")


def test_result_ids_are_snowflake_ids(api, rsps):
    rsps.get(BASE + "/api/v1/statuses/" + str(MS << 16), json={"id": str(MS << 16), "content": ""})
    status = api.status(str(MS << 16))
    assert type(status.id) is MaybeSnowflakeIdType and status.id.to_datetime() == MOMENT
