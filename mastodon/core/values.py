"""Turning API JSON into Python values (attribute-access dicts, aware datetimes) and back."""

from __future__ import annotations

import gc
import json
import os
import re
import sys
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple, Type, TypeVar, Union

__all__ = [
    "Entity",
    "AttribAccessDict",
    "EntityList",
    "AttribAccessList",
    "EmptyResponse",
    "MaybeSnowflakeIdType",
    "IdType",
    "PaginatableList",
    "NonPaginatableList",
    "DATETIME_KEYS",
    "parse_datetime",
    "decode_json",
    "decode_json_raw",
    "convert_value_raw",
    "to_datetime",
    "to_plain",
    "to_json",
]

_T = TypeVar("_T")
_E = TypeVar("_E", bound="Entity")

#: What the modules above this one lend to its methods, so that this module imports none of them
#: (the layers import strictly downward): :mod:`mastodon.core.casting` provides ``cast_fields``,
#: :mod:`mastodon.core.persist` ``dump_envelope`` and ``load_envelope``, each when it is imported
#: (the package imports both before any entity exists).
_UPPER: Dict[str, Callable[..., Any]] = {}


def provide(name: str, function: Callable[..., Any]) -> None:
    """Lend ``function`` to this module's methods under ``name`` (see :data:`_UPPER`)."""
    _UPPER[name] = function


class Entity:
    """What every API result has: :meth:`to_json`, and :meth:`from_json` to restore one.

    Mixed into :class:`AttribAccessDict` (so into every entity class) and the result lists.
    """

    __slots__ = ()

    def to_json(self, pretty: bool = True) -> str:
        """This result as JSON text that :meth:`Entity.from_json` turns back into an equal result.

        The text is an envelope: ``_mastopy_version`` (the library version that wrote it),
        ``_mastopy_type`` (the class, e.g. ``"Status"`` or ``"PaginatableList[Status]"``),
        ``_mastopy_data`` (the value, datetimes as ISO 8601) and ``_mastopy_extra_data``
        (pagination and async-refresh information, when the result has them).

        :param pretty: indent the JSON for reading; False gives one compact line.
        :returns: the JSON text.
        """
        return _UPPER["dump_envelope"](self, pretty)

    @classmethod
    def from_json(cls: Type[_E], json_str: Union[str, bytes]) -> _E:
        """Restore a result saved with :meth:`to_json` (by this library or by Mastodon.py 2.x).

        Classes (nested ones too), datetimes, ids and pagination information come back, so
        ``m.fetch_next(Entity.from_json(saved_page))`` continues where the saved page ended.
        Only the class names of ``mastodon.return_types`` and ``mastodon.types_base`` are
        looked up; nothing in the text is executed.

        Called on an entity class, the result is an instance of that class, and type checkers
        know it: ``Status.from_json(text)`` is a ``Status``. ``Entity.from_json`` restores
        whatever class the text names.

        :param json_str: text written by :meth:`to_json`.
        :returns: the restored entity or list (an instance of the class it is called on).
        :raises MastodonIllegalArgumentError: when the text is not JSON, or not such an
            envelope (``_mastopy_version`` and ``_mastopy_type`` are required), or when it
            holds another class than the one ``from_json`` is called on (``Status.from_json``
            on a saved Account).
        """
        value = _UPPER["load_envelope"](json_str)
        if cls is not Entity and not isinstance(value, cls):
            from ..errors import MastodonIllegalArgumentError
            raise MastodonIllegalArgumentError(
                f"{cls.__name__}.from_json: the text holds {type(value).__name__}, not {cls.__name__}; "
                "use Entity.from_json to restore any class")
        return value  # type: ignore[no-any-return]


def _field_keys(cls: type) -> Dict[str, str]:
    """Attribute name -> JSON key for each field a class declares (its annotations, inherited ones too)."""
    keys = cls.__dict__.get("_mastopy_field_keys")
    if keys is None:
        keys = {}
        renames: Dict[str, str] = {}
        for klass in reversed(cls.__mro__):
            for name in klass.__dict__.get("__annotations__", {}):
                if not name.startswith("_"):
                    keys[name] = name
            renames.update(klass.__dict__.get("_mastopy_renames", {}))
        keys.update(renames)
        type.__setattr__(cls, "_mastopy_field_keys", keys)
    return keys


def _entity_init(self: "AttribAccessDict", *args: Any, **kwargs: Any) -> None:
    """Build an entity like a dict (from a mapping, pairs or keywords), then type its declared fields.

    Keywords may use attribute names of renamed fields (``Collection(collection_items=[...])``).
    """
    if kwargs:
        keys = _field_keys(type(self))
        kwargs = {keys.get(k, k): v for k, v in kwargs.items()}
    dict.__init__(self, *args, **kwargs)
    _UPPER["cast_fields"](self)


class AttribAccessDict(Dict[str, Any], Entity):
    """A dict whose keys can also be read as attributes: ``status.account.acct``.

    Reading a key that is absent as an attribute raises ``AttributeError`` (as
    ``getattr(obj, name, default)`` expects); reading it by key raises ``KeyError``.
    Attribute-style access is read-only for keys: assign through ``obj[key]``.
    Everything else is an ordinary ``dict``: it compares, copies, pickles and
    serialises like one (see :func:`to_json` for datetimes).

    The entity classes of :mod:`mastodon.return_types` are subclasses that declare their
    fields: every declared field is a key (None where the server left it out), a renamed field is
    read and written under its JSON key, and ``obj.field = value`` writes the dict.
    """

    #: True for classes that declare fields (the entity classes); set by ``__init_subclass__``.
    _mastopy_entity = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if any(klass.__dict__.get("__annotations__") for klass in cls.__mro__ if klass is not Entity):
            cls._mastopy_entity = True
            if "__init__" not in cls.__dict__:
                cls.__init__ = _entity_init  # type: ignore[assignment]

    def __getattr__(self, name: str, _list: type = list, _str: type = str) -> Any:
        try:
            value = self[name]
        except KeyError:
            pass
        else:
            if name[:2] == "__" and name[-2:] == "__":  # a protocol hook (pickle, copy) is never a key
                raise AttributeError(name)
            vcls = value.__class__
            if vcls is _list or vcls is _str:
                # A list field's list class, an id's MaybeSnowflakeIdType: given on first
                # attribute access (see mastodon.core.casting), then kept in the dict.
                lazy = self.__class__.__dict__.get("_mastopy_lazy")
                if lazy is not None:
                    convert = lazy.get(name)
                    if convert is not None:
                        value = convert(value)
                        dict.__setitem__(self, name, value)
            return value
        cls = self.__class__
        keys = cls.__dict__.get("_mastopy_field_keys")
        if keys is None:
            keys = _field_keys(cls)
        key = keys.get(name)
        if key is not None:
            if key == name or key not in self:
                return None  # declared, but the server left it out
            return self._renamed(key)  # a renamed field: read under its JSON key
        raise AttributeError(f"{cls.__name__!s} has no key or attribute {name!r}") from None

    def _renamed(self, key: str) -> Any:
        value = self[key]
        lazy = self.__class__.__dict__.get("_mastopy_lazy")
        convert = lazy.get(key) if lazy is not None else None
        if convert is not None:
            value = convert(value)
            dict.__setitem__(self, key, value)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        cls = self.__class__
        if cls._mastopy_entity and name[:1] != "_":
            self[_field_keys(cls).get(name, name)] = value
            return
        if name in self and not (name[:2] == "__" and name[-2:] == "__"):
            raise AttributeError(f"attribute-style access is read-only; set {name!r} with obj[{name!r}] = ...")
        if _speedups is not None and not gc.is_tracked(self):
            # Untracked by the C decoder (its items are atomic), but the attribute may close a
            # reference cycle through __dict__, which the collector must then see.
            _speedups.track(self)
        object.__setattr__(self, name, value)

    def __dir__(self) -> Iterable[str]:
        names = list(super().__dir__()) + [k for k in self.keys() if isinstance(k, str) and k.isidentifier()]
        if self.__class__._mastopy_entity:
            names += list(_field_keys(self.__class__))
        return names


class EntityList(List[_T], Entity):
    """A list result; it can carry extra attributes (such as pagination info)."""


#: The former name of :class:`EntityList`.
AttribAccessList = EntityList


class PaginatableList(EntityList[_T]):
    """A page of results; ``_pagination_next`` / ``_pagination_prev`` say how to get its neighbours."""

    #: How to fetch the next / previous page: a :class:`mastodon.core.pagination.PaginationInfo`
    #: (declared by its base class here, as that module is a layer above), or None.
    _pagination_next: Optional[AttribAccessDict] = None
    _pagination_prev: Optional[AttribAccessDict] = None


class NonPaginatableList(EntityList[_T]):
    """A complete list of results from an endpoint that is not paginated."""


class EmptyResponse(AttribAccessDict):
    """The answer of an endpoint that answers with an empty JSON object (``{}``)."""


class MaybeSnowflakeIdType(str):
    """An id that may be a Mastodon snowflake id: a ``str`` that knows the time it was made.

    Mastodon's ids of statuses, accounts and the like are numbers built from a timestamp
    ("snowflakes": milliseconds since 1970 shifted left by 16 bits); other servers use other
    forms: Pleroma and Akkoma flake ids (128 bits, the milliseconds in the top 64, written in
    base62) and GoToSocial ULIDs (26 characters of Crockford base32, the milliseconds in the
    first 10).

    ``MaybeSnowflakeIdType(value, assume_pleroma=False)``: ``value`` is an id (``str`` or
    ``int``, kept as it is) or a ``datetime``/``date`` (naive ones are taken as UTC), which
    gives the smallest id the server makes at that moment: ``ms << 16`` for Mastodon, with
    ``assume_pleroma`` the flake id ``ms << 64`` in base62. Pass such ids as ``max_id`` /
    ``min_id`` / ``since_id`` to page from that moment on.

    Comparisons, as in Mastodon.py 2.x: equality and hashing are those of the string
    (``status.id == "123"``; an ``int`` is not equal to it). Ordering (``<``, ``sorted``) is
    numeric: ids made of digits (and ints) by their value, flake ids by their 128-bit number,
    placed so that a flake id and a snowflake of the same moment sort side by side. One
    difference: where 2.x raises ``TypeError`` for ids with no numeric value (GoToSocial's
    ULIDs, ids such as ``"007"``), two such ids compare as strings here. For ULIDs that order
    is their time order (their first 10 characters are the milliseconds, in an alphabet whose
    ASCII order is its numeric order; within one millisecond the order is random, as on the
    server), so a GoToSocial timeline sorts by id as a Mastodon one does, where 2.x cannot sort
    it at all. An id with a numeric value and one without still raise ``TypeError``: they come
    from different servers and do not compare by time.
    """

    __slots__ = ()

    #: Whether :meth:`to_datetime` reads this id as a Pleroma flake id even when it is all digits.
    assume_pleroma = False

    def __new__(cls, value: Any = "", assume_pleroma: bool = False) -> "MaybeSnowflakeIdType":
        if isinstance(value, (datetime, date)):
            ms = _epoch_ms(value)
            text = _base62_encode(ms << 64) if assume_pleroma else str(ms << 16)
        elif isinstance(value, str):
            text = value
        elif isinstance(value, int) and not isinstance(value, bool):
            text = str(value)
        else:
            raise TypeError(f"an id is a str, an int or a datetime, not {type(value).__name__}")
        if assume_pleroma and cls is MaybeSnowflakeIdType:
            cls = _PleromaIdType
        return str.__new__(cls, text)

    def to_datetime(self) -> Optional[datetime]:
        """The time the id was made (UTC, millisecond precision), or None when it encodes none.

        18 to 22 letters and digits that decode to a plausible time (or, with ``assume_pleroma``,
        such digits too): a Pleroma/Akkoma flake id. Other digits: a Mastodon snowflake (ids from
        before 2016, when Mastodon had no snowflakes, give None). 26 characters of Crockford
        base32: a GoToSocial ULID. Unlike
        Mastodon.py 2.x, which gives a naive local time and reads flake ids as snowflakes,
        the result is aware and flake ids are read as Pleroma writes them (the time in the top
        64 bits; base62 digits, capitals, then small letters).
        """
        text = str(self)
        try:
            flake = _flake_value(text) if self.assume_pleroma or not text.isdigit() else None
            if flake is not None:
                ms = flake >> 64
            elif text.isdigit() and text.isascii():
                ms = int(text) >> 16
            elif len(text) == 26 and _is_ulid(text):
                ms = _crockford_decode(text[:10])
            else:
                return None
            if not _PLAUSIBLE_MS[0] <= ms < _PLAUSIBLE_MS[1]:
                return None
            return datetime.fromtimestamp(ms / 1000.0, _UTC)
        except (OverflowError, OSError, ValueError):
            return None

    def _key(self, other: Any) -> Tuple[Any, Any]:
        """The pair to compare: numeric orders where both ids have one, else both strings."""
        if isinstance(other, bool) or not isinstance(other, (int, str)):
            raise TypeError(f"cannot compare an id with {type(other).__name__}")
        mine = _order_value(str(self), self.assume_pleroma)
        theirs = _order_value(other, bool(getattr(other, "assume_pleroma", False)))
        if mine is not None and theirs is not None:
            return mine, theirs
        if mine is None and theirs is None and isinstance(other, str):
            return str(self), str(other)  # ULIDs and other forms: their string order (2.x: TypeError)
        raise TypeError(f"ids of different forms do not compare: {str(self)!r} and {other!r}")

    def __lt__(self, other: Any) -> bool:
        a, b = self._key(other)
        return bool(a < b)

    def __le__(self, other: Any) -> bool:
        a, b = self._key(other)
        return bool(a <= b)

    def __gt__(self, other: Any) -> bool:
        a, b = self._key(other)
        return bool(a > b)

    def __ge__(self, other: Any) -> bool:
        a, b = self._key(other)
        return bool(a >= b)

    __eq__ = str.__eq__
    __hash__ = str.__hash__


class _PleromaIdType(MaybeSnowflakeIdType):
    """A :class:`MaybeSnowflakeIdType` made with ``assume_pleroma=True``."""

    __slots__ = ()
    assume_pleroma = True

    def __reduce__(self) -> Any:
        return (MaybeSnowflakeIdType, (str(self), True))


_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_BASE62_VALUES = {c: i for i, c in enumerate(_BASE62)}
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CROCKFORD_VALUES = {c: i for i, c in enumerate(_CROCKFORD)}
_CROCKFORD_VALUES.update({c.lower(): i for c, i in list(_CROCKFORD_VALUES.items())})
#: Milliseconds from 2016-01-01 to 2200-01-01: ids that decode to times outside were not made by
#: the clock (a pre-snowflake Mastodon id, a name that happens to be base62).
_PLAUSIBLE_MS = (1451606400000, 7258118400000)


def _epoch_ms(moment: Union[datetime, date]) -> int:
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_UTC)
    return int(moment.timestamp() * 1000)


def _base62_encode(number: int) -> str:
    digits = []
    while True:
        number, rest = divmod(number, 62)
        digits.append(_BASE62[rest])
        if not number:
            return "".join(reversed(digits))


def _base62_decode(text: str) -> int:
    number = 0
    for c in text:
        number = number * 62 + _BASE62_VALUES[c]  # KeyError for other characters: ValueError below
    return number


def _crockford_decode(text: str) -> int:
    number = 0
    for c in text:
        number = number * 32 + _CROCKFORD_VALUES[c]
    return number


def _is_ulid(text: str) -> bool:
    return all(c in _CROCKFORD_VALUES for c in text) and text[0] in "01234567"


def _flake_value(text: str) -> Optional[int]:
    """The 128-bit number of a Pleroma/Akkoma flake id (18 to 22 base62 characters whose top 64
    bits are a plausible time), or None."""
    if not 18 <= len(text) <= 22 or not text.isascii() or not text.isalnum():
        return None
    number = _base62_decode(text)
    if number >= 1 << 128 or not _PLAUSIBLE_MS[0] <= number >> 64 < _PLAUSIBLE_MS[1]:
        return None
    return number


def _order_value(value: Any, assume_pleroma: bool = False) -> Optional[Tuple[int, int]]:
    """The numeric order of an id, as Mastodon.py 2.x orders ids: an int or a canonical string of
    digits by its value (a Mastodon snowflake is ``ms << 16 | sequence``), a flake id as
    ``(number >> 48, number & (2**48 - 1))`` (its first part is ``ms << 16 | ...``: flake ids and
    snowflakes of one moment land side by side); None for other forms (ULIDs, names, ``"007"``)."""
    if isinstance(value, int):
        return value, 0
    if assume_pleroma:
        flake = _flake_value(value)
        if flake is not None:
            return flake >> 48, flake & 0xFFFFFFFFFFFF
    if value.isdigit() and value.isascii() and (value[0] != "0" or value == "0"):
        return int(value), 0
    if not assume_pleroma:
        flake = _flake_value(value)
        if flake is not None:
            return flake >> 48, flake & 0xFFFFFFFFFFFF
    return None


#: Any id the API uses: a string, a number, or a :class:`MaybeSnowflakeIdType`.
IdType = Union[str, int, MaybeSnowflakeIdType]


#: Keys whose values the API documents as a datetime, a date or a UNIX timestamp.
DATETIME_KEYS = frozenset((
    "created_at", "updated_at", "edited_at", "expires_at", "scheduled_at", "starts_at", "ends_at",
    "published_at", "last_status_at", "verified_at", "mute_expires_at", "muting_expires_at",
    "action_taken_at", "used_at", "effective_date", "succeeded_by", "latest_page_notification_at",
    "week", "day", "date", "period", "last_read_at", "reviewed_at", "requested_review_at",
))

_UTC = timezone.utc

_ISO_PATTERN = (
    r"(\d{4})-(\d\d)-(\d\d)"
    r"(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?"
    r"\s*(Z|z|[+-]\d\d(?::?\d\d)?)?)?$"
)
_iso_match: Optional[Callable[[str], Any]] = None  # compiled on first use: Python 3.11+ rarely needs it


def _parse_iso_regex(text: str) -> datetime:
    """ISO 8601 / RFC 3339 parser for the forms the API uses, on every Python version."""
    global _iso_match
    if _iso_match is None:
        _iso_match = re.compile(_ISO_PATTERN).match
    m = _iso_match(text)
    if m is None:
        raise ValueError(text)
    year, month, day, hour, minute, second, frac, tz = m.groups()
    micro = int((frac + "000000")[:6]) if frac else 0
    if tz is None or tz in "Zz":
        tzinfo = _UTC
    else:
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
        tzinfo = _UTC if not offset else timezone(sign * offset)
    return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
                    micro, tzinfo)


_fromisoformat = datetime.fromisoformat


def _fast_iso_compat(text: str) -> datetime:
    """The ISO 8601 fast path for Python 3.9/3.10 (may return a naive datetime).

    Their ``fromisoformat`` knows no ``Z`` and only 3- or 6-digit fractions: it is given
    Mastodon's own form (``2019-12-08T03:48:33.901Z``) with the ``Z`` spelled ``+00:00``; the
    regex parser takes every other form.
    """
    if len(text) == 24 and text[23] == "Z" and text[19] == "." and text[10] == "T":
        try:
            return _fromisoformat(text[:23] + "+00:00")
        except ValueError:
            pass
    return _parse_iso_regex(text)


if sys.version_info >= (3, 11):
    # From 3.11 on, fromisoformat reads 'Z', offsets, dates and fractions of any length: every
    # form the API sends, in C.
    _fast_iso: Callable[[str], datetime] = _fromisoformat
else:  # pragma: no cover - exercised on the 3.9/3.10 CI legs
    _fast_iso = _fast_iso_compat


def _parse_iso(text: str) -> datetime:
    dt = _fast_iso(text)
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=_UTC)


def parse_datetime(value: Union[str, int, float]) -> datetime:
    """Parse an API timestamp into a timezone-aware ``datetime``.

    Accepts RFC 3339 datetimes (``Z`` or an offset, any fraction length or none),
    dates (``2019-12-05``, returned as midnight UTC), and UNIX timestamps as numbers
    or digit strings. Naive values are taken as UTC. Raises ``ValueError`` for
    anything else.
    """
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return datetime.fromtimestamp(value, _UTC)
        if isinstance(value, str) and value.isdigit():
            return datetime.fromtimestamp(int(value), _UTC)
    except (OverflowError, OSError) as e:  # beyond the years a datetime can hold
        raise ValueError(f"not a datetime (out of range): {value!r:.40}") from e
    if isinstance(value, str):
        try:
            return _parse_iso(value)
        except ValueError:
            pass
        try:
            return _parse_iso_regex(value.strip())
        except ValueError:
            pass
        from dateutil.parser import isoparse  # rare forms only: keep it off the import path
        try:
            dt = isoparse(value.strip())
        except (ValueError, OverflowError) as e:
            raise ValueError(f"not a datetime: {value!r}") from e
        return dt if dt.tzinfo is not None else dt.replace(tzinfo=_UTC)
    raise ValueError(f"not a datetime: {value!r}")


#: Parsed datetimes by their text. The same timestamps come back again and again (an account's
#: ``created_at`` and ``last_status_at`` on each of its statuses, page after page); a dict
#: lookup is cheaper than parsing, and datetimes are immutable, so sharing them is safe.
_DATETIME_CACHE: Dict[str, datetime] = {}
_DATETIME_CACHE_SIZE = 4096


def _object_hook(obj: Dict[str, Any], _keys: frozenset = DATETIME_KEYS, _disjoint: Any = DATETIME_KEYS.isdisjoint,
                 _cls: type = AttribAccessDict) -> AttribAccessDict:
    """Called by the JSON decoder for every object: wraps it and converts its datetime fields.

    This runs once per JSON object (hundreds of times per page), so it is written for speed:
    most objects have no datetime key and leave after one set test; the decoder's dict is
    converted in place (it is thrown away afterwards) and copied once into the result. Values
    under a datetime key that are no date (free text under a generic key) stay as they are.
    """
    if _disjoint(obj):
        return _cls(obj)
    for key in _keys.intersection(obj):
        value = obj[key]
        converted = to_datetime(value)
        if converted is not value:
            obj[key] = converted
    return _cls(obj)


def to_datetime(value: Any, _str: type = str, _int: type = int, _float: type = float,
                _fast: Callable[[str], datetime] = _fast_iso, _cache: Dict[str, datetime] = _DATETIME_CACHE,
                _utc: timezone = _UTC) -> Any:
    """The value of a field declared as a datetime, as an aware ``datetime``.

    ISO 8601 text and UNIX timestamps are converted (through the same cache as the object
    hook); an empty (or blank) string becomes None; anything else (None, a datetime already,
    text that is no date) comes back unchanged.
    """
    cls = value.__class__
    if cls is _str:
        dt = _cache.get(value)
        if dt is None:
            try:
                dt = _fast(value)
                if dt.tzinfo is None:
                    dt = dt.replace(tzinfo=_utc)
            except ValueError:
                if not value.strip():
                    return None  # an empty date (servers send "" for "none"): None, as in 2.x
                try:
                    dt = parse_datetime(value)
                except ValueError:
                    return value
            if len(_cache) >= _DATETIME_CACHE_SIZE:
                _cache.clear()
            _cache[value] = dt
        return dt
    if cls is _int or cls is _float:
        try:
            return datetime.fromtimestamp(value, _utc)
        except (OverflowError, OSError, ValueError):
            return value
    return value


_decoder = json.JSONDecoder(object_hook=_object_hook)
_decode = _decoder.decode
_scan_once = _decoder.scan_once  # type: ignore[attr-defined]
# The C version of the object hook and of the entity casts (mastodon/core/_speedups.c), where the
# package was built with it and the environment does not set MASTODON_NO_SPEEDUPS (to compare, or
# to rule it out when chasing a bug); otherwise the same work is done in Python.
try:
    from . import _speedups  # type: ignore[attr-defined]
except ImportError:  # built without a C compiler
    _speedups = None
if os.environ.get("MASTODON_NO_SPEEDUPS"):
    _speedups = None
#: Whether the C speedups are in use.
SPEEDUPS = _speedups is not None
if _speedups is not None:
    _speedups.set_dict_class(AttribAccessDict)

# The decoder of typed results: objects become AttribAccessDicts (the C scanner calls the class, or
# the C hook, with no Python frame), nothing else is converted; the declared types do the rest.
_raw_decoder = json.JSONDecoder(object_hook=_speedups.decoded_dict if _speedups is not None else AttribAccessDict)
_raw_scan_once = _raw_decoder.scan_once  # type: ignore[attr-defined]
_space = json.decoder.WHITESPACE.match  # type: ignore[attr-defined]


def _scan(data: Union[str, bytes, bytearray], scan_once: Any, decoder: json.JSONDecoder) -> Any:
    if not isinstance(data, str):
        data = data.decode("utf-8-sig" if data[:3] == b"\xef\xbb\xbf" else "utf-8")
    # The decoder's C scanner, called directly: what JSONDecoder.decode does, minus two layers
    # of Python calls. Anything unusual (not JSON, trailing data) goes the standard way, which
    # raises the standard JSONDecodeError.
    try:
        value, end = scan_once(data, _space(data, 0).end())
    except StopIteration:
        return decoder.decode(data)
    if end != len(data) and _space(data, end).end() != len(data):
        return decoder.decode(data)
    return value


def decode_json(data: Union[str, bytes, bytearray]) -> Any:
    """Decode a JSON document into API values: AttribAccessDicts, lists and aware datetimes.

    Datetimes are recognised by their keys (:data:`DATETIME_KEYS`): for values whose type
    is not known. Raises ``ValueError`` (``json.JSONDecodeError``) when ``data`` is not JSON.
    """
    return _scan(data, _scan_once, _decoder)


def decode_json_raw(data: Union[str, bytes, bytearray]) -> Any:
    """Decode a JSON document into AttribAccessDicts and lists, converting nothing else.

    The request core decodes the answers of typed calls this way ("raw": nothing converted);
    :func:`mastodon.core.casting.cast_result` then applies the declared types (datetimes where a class declares them, or by key name
    where the type is unknown). Raises ``ValueError`` when ``data`` is not JSON.
    """
    return _scan(data, _raw_scan_once, _raw_decoder)


def _convert(value: Any, hook: Callable[[Dict[str, Any]], Any]) -> Any:
    """Rebuild a plain JSON value with ``hook`` applied to every dict, innermost first (new dicts and lists)."""
    if isinstance(value, dict):
        return hook({k: _convert(v, hook) for k, v in value.items()})
    if isinstance(value, list):
        return [_convert(v, hook) for v in value]
    return value


def convert_value(value: Any) -> Any:
    """Give an already-decoded plain JSON value the same shape :func:`decode_json` would."""
    return _convert(value, _object_hook)


def convert_value_raw(value: Any) -> Any:
    """Give an already-decoded plain JSON value the shape :func:`decode_json_raw` would (new dicts and lists)."""
    return _convert(value, AttribAccessDict)


def _iso(value: Union[datetime, date]) -> str:
    if isinstance(value, datetime):
        # The API's millisecond form, unless that would lose precision (to_json round-trips exactly).
        spec = "microseconds" if value.microsecond % 1000 else "milliseconds"
        if value.tzinfo is not None and value.utcoffset() == timedelta(0):
            return value.replace(tzinfo=None).isoformat(timespec=spec) + "Z"
        return value.isoformat(timespec=spec)
    return value.isoformat()


def to_plain(value: Any) -> Any:
    """A copy of an API value made only of plain JSON types (datetimes become ISO 8601 strings)."""
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, (datetime, date)):
        return _iso(value)
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return _iso(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def to_json(value: Any, **kwargs: Any) -> str:
    """Serialise an API value back to JSON text; ``decode_json`` reads it back to an equal value."""
    return json.dumps(value, default=_json_default, **kwargs)
