"""Turning API JSON into Python values (attribute-access dicts, aware datetimes) and back."""

from __future__ import annotations

import json
import re
import sys
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable, Dict, Iterable, List, Optional, TypeVar, Union

__all__ = [
    "AttribAccessDict",
    "AttribAccessList",
    "PaginatableList",
    "NonPaginatableList",
    "DATETIME_KEYS",
    "parse_datetime",
    "decode_json",
    "to_plain",
    "to_json",
]

_T = TypeVar("_T")


class AttribAccessDict(Dict[str, Any]):
    """A dict whose keys can also be read as attributes: ``status.account.acct``.

    Reading a key that is absent as an attribute raises ``AttributeError`` (as
    ``getattr(obj, name, default)`` expects); reading it by key raises ``KeyError``.
    Attribute-style access is read-only for keys: assign through ``obj[key]``.
    Everything else is an ordinary ``dict``: it compares, copies, pickles and
    serialises like one (see :func:`to_json` for datetimes).
    """

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__!s} has no key or attribute {name!r}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self:
            raise AttributeError(f"attribute-style access is read-only; set {name!r} with obj[{name!r}] = ...")
        object.__setattr__(self, name, value)

    def __dir__(self) -> Iterable[str]:
        return list(super().__dir__()) + [k for k in self.keys() if isinstance(k, str) and k.isidentifier()]


class AttribAccessList(List[_T]):
    """A list that can carry extra attributes (such as pagination info)."""


class PaginatableList(AttribAccessList[_T]):
    """A page of results; ``_pagination_next`` / ``_pagination_prev`` say how to get its neighbours."""


class NonPaginatableList(AttribAccessList[_T]):
    """A complete list of results from an endpoint that is not paginated."""


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
                 _cls: type = AttribAccessDict, _str: type = str, _int: type = int, _float: type = float,
                 _fast: Callable[[str], datetime] = _fast_iso, _cache: Dict[str, datetime] = _DATETIME_CACHE,
                 _utc: timezone = _UTC) -> AttribAccessDict:
    """Called by the JSON decoder for every object: wraps it and converts its datetime fields.

    This runs once per JSON object (hundreds of times per page), so it is written for speed:
    most objects have no datetime key and leave after one set test; the decoder's dict is
    converted in place (it is thrown away afterwards) and copied once into the result.
    """
    if _disjoint(obj):
        return _cls(obj)
    for key in _keys.intersection(obj):
        value = obj[key]
        cls = value.__class__
        if cls is _str:
            dt = _cache.get(value)
            if dt is None:
                try:
                    dt = _fast(value)
                    if dt.tzinfo is None:
                        dt = dt.replace(tzinfo=_utc)
                except ValueError:
                    try:
                        dt = parse_datetime(value)
                    except ValueError:
                        continue  # not a date after all (free text under a generic key): keep the string
                if len(_cache) >= _DATETIME_CACHE_SIZE:
                    _cache.clear()
                _cache[value] = dt
            obj[key] = dt
        elif cls is _int or cls is _float:  # UNIX timestamps (bools are neither)
            try:
                obj[key] = datetime.fromtimestamp(value, _utc)
            except (OverflowError, OSError, ValueError):
                pass  # out of range for a datetime: keep the number
    return _cls(obj)


_decoder = json.JSONDecoder(object_hook=_object_hook)
_decode = _decoder.decode
_scan_once = _decoder.scan_once  # type: ignore[attr-defined]
_space = json.decoder.WHITESPACE.match  # type: ignore[attr-defined]


def decode_json(data: Union[str, bytes, bytearray]) -> Any:
    """Decode a JSON document into API values: AttribAccessDicts, lists and aware datetimes.

    Raises ``ValueError`` (``json.JSONDecodeError``) when ``data`` is not JSON.
    """
    if not isinstance(data, str):
        data = data.decode("utf-8-sig" if data[:3] == b"\xef\xbb\xbf" else "utf-8")
    # The decoder's C scanner, called directly: what JSONDecoder.decode does, minus two layers
    # of Python calls. Anything unusual (not JSON, trailing data) goes the standard way, which
    # raises the standard JSONDecodeError.
    try:
        value, end = _scan_once(data, _space(data, 0).end())
    except StopIteration:
        return _decode(data)
    if end != len(data) and _space(data, end).end() != len(data):
        return _decode(data)
    return value


def convert_value(value: Any) -> Any:
    """Give an already-decoded plain JSON value the same shape :func:`decode_json` would."""
    if isinstance(value, dict):
        return _object_hook({k: convert_value(v) for k, v in value.items()})
    if isinstance(value, list):
        return [convert_value(v) for v in value]
    return value


def _iso(value: Union[datetime, date]) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.utcoffset() == timedelta(0):
            return value.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"
        return value.isoformat(timespec="milliseconds")
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
