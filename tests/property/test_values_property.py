"""Property tests: datetime conversion and JSON decoding take any input to a value or the documented error."""

from datetime import datetime, timedelta, timezone

from hypothesis import example, given, settings
from hypothesis import strategies as st

from mastodon.core.values import decode_json, parse_datetime

UTC = timezone.utc


def aware(dt):
    return dt.tzinfo is not None and dt.utcoffset() is not None


@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                 st.from_regex(r"\A[0-9]{1,40}\Z"), st.from_regex(r"\A\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,12})?)?"
                                                                 r"(Z|[+-]\d\d:\d\d)?\Z")))
@example("99999999999999999999")
@example("9" * 400)
@example(float("inf"))
@example(float("nan"))
@example(10 ** 30)
@example(-(10 ** 30))
@example("２０１９-12-08")
@example("²")
@settings(max_examples=400, deadline=None)
def test_parse_datetime_gives_an_aware_datetime_or_value_error(value):
    try:
        dt = parse_datetime(value)
    except ValueError:
        return
    assert isinstance(dt, datetime) and aware(dt)


@given(st.datetimes(min_value=datetime(1000, 1, 2), max_value=datetime(9999, 12, 30),
                    timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)),
                                               timezone(timedelta(hours=-8))])))
@settings(max_examples=300, deadline=None)
def test_rfc3339_text_round_trips(dt):
    for text in (dt.isoformat(), dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"):
        assert parse_datetime(text) == dt


@given(st.integers(min_value=0, max_value=253402300799))
@settings(deadline=None)
def test_unix_timestamps_as_numbers_and_digit_strings_agree(seconds):
    assert parse_datetime(seconds) == parse_datetime(str(seconds)) == datetime.fromtimestamp(seconds, UTC)


DATE_KEYS = st.sampled_from(["created_at", "edited_at", "last_status_at", "expires_at", "scheduled_at", "updated_at",
                             "day", "published_at", "text"])
JSON_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(),
                        st.from_regex(r"\A[0-9]{1,30}\Z"))
JSON_VALUES = st.recursive(JSON_LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(DATE_KEYS, st.text(max_size=8)), inner, max_size=4)),
    max_leaves=20)


@given(JSON_VALUES)
@settings(max_examples=300, deadline=None)
def test_decode_json_takes_any_json_document(value):
    import json
    text = json.dumps(value)
    decoded = decode_json(text.encode("utf-8"))
    assert type(decoded) is not dict   # objects come back wrapped
    if isinstance(value, dict) and not value.keys() & {"created_at", "edited_at", "last_status_at", "expires_at",
                                                       "scheduled_at", "updated_at", "day", "published_at"}:
        assert dict(decoded).keys() == value.keys()


@given(st.binary(max_size=200))
@settings(max_examples=300, deadline=None)
def test_decode_json_on_arbitrary_bytes_raises_value_error_only(data):
    try:
        decode_json(data)
    except ValueError:
        pass
