"""Request parameters: id unpacking, cleaning, and flattening into query/form fields."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta, timezone
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from ..errors import MastodonIllegalArgumentError
from .urls import path_segment

log = logging.getLogger("mastodon.params")

__all__ = ["unpack_id", "unpack_ids", "path_id", "datetime_to_id", "clean_params", "flatten_params", "page_params",
           "only_if_true", "check_choice", "check_choices", "duration_seconds", "IdLike", "PageBound", "Duration"]

#: What every id parameter accepts: the id itself, or an entity (a dict with an ``id``).
IdLike = Union[str, int, Mapping[str, Any]]

#: A pagination bound: an id, an entity with an id, or a datetime (the id of that moment).
PageBound = Optional[Union[IdLike, datetime]]

#: A length of time (a lifetime, an expiry): seconds, or a ``timedelta``; None for none.
Duration = Optional[Union[int, float, timedelta]]

#: Pagination parameters, where a ``datetime`` also stands for "the id of that moment".
_PAGINATION_ID_KEYS = frozenset(("max_id", "min_id", "since_id"))


def datetime_to_id(moment: Union[datetime, date]) -> str:
    """The Mastodon snowflake id that corresponds to a moment (naive datetimes are taken as UTC).

    Mastodon ids are ``milliseconds since the epoch << 16``; passing the result as
    ``min_id``/``max_id``/``since_id`` pages from that moment on. Servers with other id
    schemes (GoToSocial's ULIDs) do not understand these ids.
    """
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return str(int(moment.timestamp() * 1000) << 16)


def unpack_id(value: Any, dateconv: bool = False, name: str = "id") -> str:
    """The id in ``value``: an id as str/int, or an entity dict with an ``id`` key.

    With ``dateconv``, a ``datetime`` becomes the matching snowflake id. Anything else
    raises :class:`MastodonIllegalArgumentError` naming the parameter.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        if "id" not in value:
            raise MastodonIllegalArgumentError(f"{name}: the dict given has no 'id' key")
        return unpack_id(value["id"], name=name)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if dateconv and isinstance(value, (datetime, date)):
        return datetime_to_id(value)
    raise MastodonIllegalArgumentError(f"{name}: expected an id or a dict with an 'id', got {type(value).__name__}")


def path_id(value: Any, name: str = "id") -> str:
    """An id (or entity) made safe to put in a URL path: unpacked, then percent-encoded.

    Ids are plain tokens on every known server; encoding keeps a hostile value such as
    ``"../admin"`` from reaching another endpoint with the client's token.
    """
    return path_segment(unpack_id(value, name=name), name)


def only_if_true(flag: Any) -> Optional[bool]:
    """``True`` for a set filter switch, else ``None`` (left out): servers read absence as off."""
    return True if flag else None


def page_params(max_id: PageBound = None, min_id: PageBound = None, since_id: PageBound = None,
                limit: Optional[int] = None, **extra: Any) -> Dict[str, Any]:
    """The usual pagination parameters (plus ``extra``) as a params dict for ``_api_request``."""
    return {"max_id": max_id, "min_id": min_id, "since_id": since_id, "limit": limit, **extra}


def unpack_ids(values: Any, name: str = "ids") -> List[str]:
    """A list of ids from one id-like value or an iterable of them."""
    if isinstance(values, (str, int, Mapping)):
        return [unpack_id(values, name=name)]
    if values is None or not hasattr(values, "__iter__"):
        raise MastodonIllegalArgumentError(f"{name}: expected one or more ids, got {values!r:.100}")
    return [unpack_id(v, name=name) for v in values]


def _is_id_key(key: str) -> bool:
    return key == "id" or key.endswith("_id")


def _clean_value(key: str, value: Any) -> Any:
    if key in _PAGINATION_ID_KEYS:
        return unpack_id(value, dateconv=True, name=key)
    if _is_id_key(key):
        if isinstance(value, (list, tuple, set, frozenset)):
            return unpack_ids(value, name=key)   # several ids under one name: sent as id[]=...
        return unpack_id(value, name=key)
    if key.endswith("_ids") and not isinstance(value, (str, bytes)):
        return unpack_ids(value, name=key)
    if isinstance(value, Mapping):
        return clean_params(value)
    if isinstance(value, (datetime, date)):
        return _datetime_text(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return [clean_params(v) if isinstance(v, Mapping) else _datetime_text(v) if isinstance(v, (datetime, date))
                else v for v in value]
    return value


def clean_params(params: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """Drop ``None`` values, unpack ids (``id``, ``*_id``, ``*_ids`` keys; datetimes for
    ``max_id``/``min_id``/``since_id``) and turn datetimes into ISO 8601 text, recursively."""
    if not params:
        return {}
    return {k: _clean_value(k, v) for k, v in params.items() if v is not None}


def _datetime_text(value: Union[datetime, date]) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.isoformat()
    return value.isoformat()


def _scalar_text(value: Any) -> Any:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return value


def _flatten(prefix: str, value: Any, out: List[Tuple[str, Any]]) -> None:
    if isinstance(value, Mapping):
        for k, v in value.items():
            if v is not None:
                _flatten(f"{prefix}[{k}]", v, out)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for i, v in enumerate(value):
            if isinstance(v, Mapping):
                # Arrays of objects (keywords_attributes) need an index to keep each object together.
                _flatten(f"{prefix}[{i}]", v, out)
            elif isinstance(v, (list, tuple, set, frozenset)):
                raise MastodonIllegalArgumentError(f"{prefix}: a list inside a list cannot be sent as form fields")
            else:
                out.append((f"{prefix}[]", _scalar_text(v)))
    else:
        out.append((prefix, _scalar_text(value)))


def flatten_params(params: Mapping[str, Any]) -> List[Tuple[str, Any]]:
    """Cleaned params as (name, value) pairs for a query string or a form body.

    Lists become ``key[]`` fields, nested dicts ``key[sub]`` (so a poll is sent as
    ``poll[options][]`` and ``poll[expires_in]``), booleans ``true``/``false``.
    """
    out: List[Tuple[str, Any]] = []
    for key, value in params.items():
        if value.__class__ is str:
            out.append((key, value))
        else:
            _flatten(key, value, out)
    return out


def check_choice(name: str, value: Any, allowed: Iterable[str], allow_none: bool = True) -> None:
    """Check an enumerated argument: it must be a string (or None where that is allowed).

    ``allowed`` are the values this library knows of; others are sent all the same (servers add
    values over time, and forks have their own) and the server's answer decides. Only the
    wrong type, or a missing required value, raises MastodonIllegalArgumentError.
    """
    if value is None:
        if allow_none:
            return
        raise MastodonIllegalArgumentError(f"{name} is required (one of {', '.join(map(repr, allowed))})")
    if not isinstance(value, str):
        raise MastodonIllegalArgumentError(f"{name} must be a string; got {type(value).__name__} {value!r}")
    if value not in allowed:
        log.debug("%s=%r is not a value this library knows; sending it for the server to judge", name, value)


def check_choices(name: str, values: Optional[Union[str, Sequence[str]]], allowed: Iterable[str]) -> Optional[List[str]]:
    """Check a list of enumerated values (or one value): each must be a string; see :func:`check_choice`.

    :returns: the values as a list (one value as a list of one); None for None.
    """
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, (list, tuple, set, frozenset)):
        raise MastodonIllegalArgumentError(f"{name} must be a string or a list of strings; got {values!r}")
    for value in values:
        check_choice(name, value, allowed, allow_none=False)
    return list(values)


def duration_seconds(value: Duration, name: str) -> Optional[int]:
    """A :data:`Duration` as the whole seconds the API takes (None stays None)."""
    if value is None:
        return None
    if isinstance(value, timedelta):
        return int(value.total_seconds())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value)
    raise MastodonIllegalArgumentError(f"{name} must be a number of seconds or a timedelta; got {value!r}")
