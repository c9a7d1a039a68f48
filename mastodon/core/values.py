"""Turning API JSON into Python values (attribute-access dicts, aware datetimes) and back."""

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
    "week", "day", "date", "period", "last_read_at",
))

_UTC = timezone.utc
_EPOCH = datetime(1970, 1, 1, tzinfo=_UTC)

_ISO_RE = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)"
    r"(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?"
    r"\s*(Z|z|[+-]\d\d(?::?\d\d)?)?)?$"
)


def _parse_iso_regex(text: str) -> datetime:
    """ISO 8601 / RFC 3339 parser for the forms the API uses, on every Python version."""
    m = _ISO_RE.match(text)
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


if sys.version_info >= (3, 11):
    _fromisoformat = datetime.fromisoformat

    def _parse_iso(text: str) -> datetime:
        # fromisoformat handles 'Z', offsets and 1-6 digit fractions from 3.11 on; it is C code.
        dt = _fromisoformat(text)
        return dt if dt.tzinfo is not None else dt.replace(tzinfo=_UTC)
else:  # pragma: no cover - exercised on the 3.9/3.10 CI legs
    _parse_iso = _parse_iso_regex


def parse_datetime(value: Union[str, int, float]) -> datetime:
    """Parse an API timestamp into a timezone-aware ``datetime``.

    Accepts RFC 3339 datetimes (``Z`` or an offset, any fraction length or none),
    dates (``2019-12-05``, returned as midnight UTC), and UNIX timestamps as numbers
    or digit strings. Naive values are taken as UTC. Raises ``ValueError`` for
    anything else.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, _UTC)
    if isinstance(value, str):
        if value.isdigit():
            return datetime.fromtimestamp(int(value), _UTC)
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


def _object_hook(obj: Dict[str, Any], _keys: frozenset = DATETIME_KEYS, _cls: type = AttribAccessDict,
                 _str: type = str, _parse: Callable[[str], datetime] = _parse_iso) -> AttribAccessDict:
    """Called by the JSON decoder for every object: wraps it and converts its datetime fields."""
    result = _cls(obj)
    if not _keys.isdisjoint(obj):
        for key in _keys.intersection(obj):
            value = obj[key]
            if value.__class__ is _str:
                try:
                    result[key] = _parse(value)
                except ValueError:
                    try:
                        result[key] = parse_datetime(value)
                    except ValueError:
                        pass  # not a date after all (free text under a generic key): keep the string
            elif value is not None and value.__class__ in (int, float):
                result[key] = datetime.fromtimestamp(value, _UTC)
    return result


_decoder = json.JSONDecoder(object_hook=_object_hook)
_decode = _decoder.decode


def decode_json(data: Union[str, bytes, bytearray]) -> Any:
    """Decode a JSON document into API values: AttribAccessDicts, lists and aware datetimes.

    Raises ``ValueError`` (``json.JSONDecodeError``) when ``data`` is not JSON.
    """
    if not isinstance(data, str):
        data = data.decode("utf-8-sig" if data[:3] == b"\xef\xbb\xbf" else "utf-8")
    return _decode(data)


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
