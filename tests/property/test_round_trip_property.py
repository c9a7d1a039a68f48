"""Issue 18 points 12 and 13: saved results come back exactly, whatever their times and their keys.

- ``to_json`` / ``from_json`` keep datetimes to the microsecond, in UTC and with offsets.
- Results whose keys are named like Python's protocol hooks or dict methods (``__setstate__``,
  ``__deepcopy__``, ``keys``, ``copy``, ...) pickle, copy and deep-copy to an equal result of the
  same class, and reading such a name as an attribute gives the method or hook, never the key.
"""

import copy
import pickle
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mastodon.core.pagination import PaginationInfo, attach_pagination
from mastodon.return_types import Account, Status
from mastodon.types_base import AttribAccessDict, Entity, PaginatableList

PROFILE = settings(max_examples=150, deadline=None, database=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow])
UTC = timezone.utc

# -- point 12: datetimes to the microsecond -----------------------------------------------------------------
offsets = st.one_of(st.just(UTC), st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m))))
stamps = st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1), timezones=offsets)


@PROFILE
@given(created=stamps, edited=stamps)
@example(created=datetime(2024, 5, 1, 12, 34, 56, 123456, UTC), edited=datetime(2024, 5, 1, 12, 34, 56, 1, UTC))
@example(created=datetime(2024, 5, 1, 12, 34, 56, 123000, UTC),
         edited=datetime(2024, 5, 1, 12, 34, 56, 999999, timezone(timedelta(hours=-5))))
def test_to_json_keeps_datetimes_to_the_microsecond(created, edited):
    status = Status({"id": "1", "created_at": created, "edited_at": edited, "account": {"id": "2"}})
    back = Entity.from_json(status.to_json())
    assert type(back) is Status
    assert back.created_at == created and back.created_at.microsecond == created.microsecond
    assert back.edited_at == edited and back.edited_at.utcoffset() == edited.utcoffset()
    # An untyped result keeps them too (its datetimes are found by key).
    plain = AttribAccessDict(created_at=created)
    assert Entity.from_json(plain.to_json())["created_at"] == created


def test_whole_milliseconds_keep_the_api_form():
    status = Status({"id": "1", "created_at": datetime(2024, 5, 1, 12, 34, 56, 789000, UTC)})
    assert '"2024-05-01T12:34:56.789Z"' in status.to_json()


# -- point 13: keys named like protocol hooks and dict methods ----------------------------------------------
PROTOCOL_NAMES = ["__setstate__", "__getstate__", "__reduce__", "__reduce_ex__", "__deepcopy__", "__copy__",
                  "__getnewargs__", "__getnewargs_ex__", "__class__", "__dict__", "__slots__", "__weakref__",
                  "__getattr__", "__getattribute__", "__init__", "__new__", "__len__", "__iter__", "__eq__",
                  "__hash__", "__module__", "__doc__", "__orig_class__", "__mro_entries__", "__class_getitem__"]
DICT_NAMES = ["keys", "items", "values", "copy", "get", "update", "pop", "popitem", "setdefault", "clear",
              "fromkeys", "to_json", "from_json", "_renamed", "_mastopy_entity", "_mastopy_lazy",
              "_pagination_next", "_pagination_prev", "_mastopy_hint"]
json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5)),
                           lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                   st.dictionaries(st.text(max_size=4), inner, max_size=3)),
                           max_leaves=8)
colliding = st.dictionaries(st.sampled_from(PROTOCOL_NAMES + DICT_NAMES), json_values, min_size=1, max_size=6)
CLASSES = st.sampled_from([AttribAccessDict, Status, Account, PaginationInfo])


def _same(a, b):
    assert type(a) is type(b) and a == b
    assert getattr(a, "_pagination_next", None) == getattr(b, "_pagination_next", None)


@PROFILE
@given(keys=colliding, cls=CLASSES, paginated=st.booleans())
@example(keys={"__setstate__": "x"}, cls=AttribAccessDict, paginated=True)  # unpickling called the key's value
@example(keys={"__deepcopy__": "x"}, cls=Status, paginated=False)  # deepcopy called the key's value
@example(keys={"__class__": 1, "__dict__": [], "keys": "k"}, cls=Account, paginated=True)
def test_colliding_keys_pickle_copy_and_deepcopy(keys, cls, paginated):
    value = cls(dict(keys, id="1"))
    if paginated:  # an attribute in the instance dict: pickling then carries state, restored by BUILD
        attach_pagination(value, {"next": PaginationInfo(max_id="9", _pagination_direction="next")})
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        _same(value, pickle.loads(pickle.dumps(value, protocol)))
    _same(value, copy.copy(value))
    deep = copy.deepcopy(value)
    _same(value, deep)
    page = PaginatableList([value])
    _same(page[0], copy.deepcopy(page)[0])
    _same(page[0], pickle.loads(pickle.dumps(page))[0])


MISSING = object()


def _real_attribute(value, name):
    """What ``value.name`` is without the key lookup: the class's method or hook, an instance attribute, or MISSING."""
    try:
        return object.__getattribute__(value, name)
    except AttributeError:
        return MISSING


@PROFILE
@given(keys=colliding, cls=CLASSES)
@example(keys={"__setstate__": "x", "__deepcopy__": "y", "copy": "z"}, cls=AttribAccessDict)
@example(keys={"__getnewargs_ex__": [1], "__orig_class__": "x", "items": 1}, cls=Status)
def test_attribute_access_never_shadows_a_method_or_a_hook(keys, cls):
    value = cls(keys)
    for name, stored in keys.items():
        assert value[name] == stored  # the key is there, read by key
        real = _real_attribute(value, name)
        if real is not MISSING:
            assert getattr(value, name) == real, f"{name}: a method or hook of {cls.__name__} was shadowed"
        elif name[:2] == "__" and name[-2:] == "__":
            assert getattr(value, name, MISSING) is MISSING, f"{name}: a hook name read the key {stored!r}"
