"""Property tests: id unpacking and parameter encoding take any input to a value or the documented error."""

from datetime import date, datetime, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from mastodon import MastodonIllegalArgumentError
from mastodon.core.params import clean_params, flatten_params, unpack_id, unpack_ids

ANYTHING = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(), st.binary(max_size=8),
              st.datetimes(), st.dates()),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3),
                            st.tuples(inner), st.frozensets(st.integers(), max_size=3)),
    max_leaves=10)


@given(ANYTHING)
@settings(max_examples=400, deadline=None)
def test_unpack_id_gives_a_string_or_illegal_argument(value):
    try:
        result = unpack_id(value)
    except MastodonIllegalArgumentError:
        assert not isinstance(value, str)
        return
    assert isinstance(result, str)
    if isinstance(value, str):
        assert result == value
    elif isinstance(value, int):
        assert result == str(value) and not isinstance(value, bool)
    else:
        assert isinstance(value, dict) and "id" in value


@given(st.one_of(st.text(), st.integers()), st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3))
@settings(deadline=None)
def test_entities_unpack_to_their_id(ident, extra):
    entity = {**extra, "id": ident}
    assert unpack_id(entity) == str(ident) == unpack_ids([entity, ident])[0] == unpack_ids([ident])[0]


@given(st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(9999, 1, 1), timezones=st.just(timezone.utc)))
@settings(deadline=None)
def test_datetimes_as_page_bounds_are_snowflakes_that_grow_with_time(moment):
    snowflake = int(clean_params({"max_id": moment})["max_id"])
    assert snowflake >> 16 == int(moment.timestamp() * 1000)


@given(st.dictionaries(st.text(max_size=10), ANYTHING, max_size=5))
@settings(max_examples=400, deadline=None)
def test_clean_then_flatten_gives_flat_text_pairs_or_illegal_argument(params):
    try:
        pairs = flatten_params(clean_params(params))
    except MastodonIllegalArgumentError:
        return
    for name, value in pairs:
        assert isinstance(name, str)
        # what a query string or form body can carry: no containers, no datetimes, no bools
        assert value is None or isinstance(value, (str, int, float, bytes)) and not isinstance(value, bool), \
            (name, value)
        assert not isinstance(value, (datetime, date))


@given(st.dictionaries(st.text(min_size=1, max_size=10).filter(lambda k: k != "id" and not k.endswith(("_id", "_ids"))),
                       st.one_of(st.text(), st.integers()), max_size=6))
@settings(deadline=None)
def test_flat_params_pass_unchanged(params):
    assert flatten_params(clean_params(params)) == list(params.items())


@given(st.text(min_size=1, max_size=8), st.lists(st.one_of(st.text(max_size=5), st.integers()), max_size=5))
@settings(deadline=None)
def test_lists_become_bracketed_fields_in_order(key, values):
    pairs = flatten_params({key: values})
    assert pairs == [(key + "[]", v) for v in values]


@given(st.dictionaries(st.text(max_size=6), st.one_of(st.none(), st.text(max_size=4)), max_size=5))
@settings(deadline=None)
def test_none_values_are_dropped(params):
    assert clean_params(params) == {k: v for k, v in params.items() if v is not None}
