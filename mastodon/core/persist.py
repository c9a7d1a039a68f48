"""Saving results as JSON and restoring them, in Mastodon.py 2.x's envelope (``to_json`` / ``from_json``)."""

from __future__ import annotations

import json
import re
import typing
from typing import Any, Dict, List, Tuple, Union

from .._version import __version__
from ..errors import MastodonIllegalArgumentError
from .casting import PAGINATION_ATTRS
from .pagination import PaginationInfo, attach_pagination
from .values import AttribAccessDict, EntityList, provide, to_json

__all__ = ["dump_envelope", "load_envelope", "type_name", "parse_type_name"]

_LIST_NAMES = {list: "List", dict: "Dict", tuple: "Tuple"}
_TOKEN = re.compile(r"\s*(?:(\w+)|(\[)|(\])|(,))")


def type_name(hint: Any) -> str:
    """A type as the envelope names it: ``"Status"``, ``"PaginatableList[Status]"``, ``"Optional[Poll]"``."""
    if hint is None or hint is type(None):
        return "None"
    origin = typing.get_origin(hint)
    if origin is None:
        return str(getattr(hint, "__name__", None) or "AttribAccessDict")
    args = typing.get_args(hint)
    if origin is typing.Union:
        members = [a for a in args if a is not type(None)]
        if len(members) == 1 and len(args) == 2:
            return f"Optional[{type_name(members[0])}]"
        return "Union[" + ", ".join(type_name(a) for a in args) + "]"
    name = str(_LIST_NAMES.get(origin) or getattr(origin, "__name__", "AttribAccessDict"))
    return f"{name}[{', '.join(type_name(a) for a in args)}]" if args else name


def _element_name(value: List[Any]) -> str:
    """The item type of a list result: from the hint it was cast with, else from its first item."""
    hint = getattr(value, "_mastopy_hint", None)
    members = typing.get_args(hint) if typing.get_origin(hint) is typing.Union else (hint,)
    for member in members:
        origin = typing.get_origin(member)
        if isinstance(origin, type) and isinstance(value, origin):
            args = typing.get_args(member)
            if args:
                return type_name(args[0])
    first = next((item for item in value if item is not None), None)
    if isinstance(first, AttribAccessDict):
        return type(first).__name__
    if isinstance(first, (str, int, float, bool)):
        return type(first).__name__ if type(first) in (str, int, float, bool) else "str"
    return "AttribAccessDict"


def _value_type_name(value: Any) -> str:
    if isinstance(value, EntityList):
        return f"{type(value).__name__}[{_element_name(value)}]"
    if isinstance(value, AttribAccessDict):
        return type(value).__name__
    if isinstance(value, list):
        return f"NonPaginatableList[{_element_name(value)}]"
    return "AttribAccessDict"


def dump_envelope(value: Any, pretty: bool = True) -> str:
    """The JSON text of a result in the envelope (see :meth:`mastodon.types_base.Entity.to_json`)."""
    version = __version__
    attrs = getattr(value, "__dict__", {})
    extra: Dict[str, Any] = {}
    for name in PAGINATION_ATTRS:
        if attrs.get(name) is not None:
            extra[name] = attrs[name]
    envelope = {
        "_mastopy_version": version,
        "_mastopy_type": _value_type_name(value),
        "_mastopy_data": value,
        "_mastopy_extra_data": extra,
    }
    return to_json(envelope, indent=4 if pretty else None, ensure_ascii=False)


def _tokens(text: str) -> List[Tuple[str, str]]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise ValueError(f"cannot read the type name {text!r}")
        kind = "name" if m.group(1) else m.group(0).strip()
        out.append((kind, m.group(1) or kind))
        pos = m.end()
    return out


def parse_type_name(text: str) -> Any:
    """The type a ``_mastopy_type`` names, looked up among the names annotations may use (nothing is run).

    Raises ``ValueError`` for text that is no type expression or names an unknown type.
    """
    from .casting import hint_namespace
    ns = dict(hint_namespace())
    ns.update({"str": str, "int": int, "float": float, "bool": bool, "None": type(None), "dict": dict,
               "list": list})
    tokens = _tokens(text)
    pos = 0

    def parse() -> Any:
        nonlocal pos
        if pos >= len(tokens) or tokens[pos][0] != "name":
            raise ValueError(f"cannot read the type name {text!r}")
        name = tokens[pos][1]
        pos += 1
        if name not in ns:
            raise ValueError(f"unknown type {name!r} in {text!r}")
        base = ns[name]
        if pos < len(tokens) and tokens[pos][0] == "[":
            pos += 1
            args = [parse()]
            while pos < len(tokens) and tokens[pos][0] == ",":
                pos += 1
                args.append(parse())
            if pos >= len(tokens) or tokens[pos][0] != "]":
                raise ValueError(f"cannot read the type name {text!r}")
            pos += 1
            return base[tuple(args) if len(args) > 1 else args[0]]
        return base

    hint = parse()
    if pos != len(tokens):
        raise ValueError(f"cannot read the type name {text!r}")
    return hint


def load_envelope(text: Union[str, bytes]) -> Any:
    """Restore a result from envelope JSON (see :meth:`mastodon.types_base.Entity.from_json`)."""
    from .casting import _remember_hint, cast_result
    try:
        envelope = json.loads(text)
    except (TypeError, ValueError) as e:
        raise MastodonIllegalArgumentError(f"from_json needs the JSON text to_json wrote: {e}") from e
    if not isinstance(envelope, dict) or "_mastopy_version" not in envelope or "_mastopy_type" not in envelope:
        raise MastodonIllegalArgumentError(
            "from_json needs the JSON text to_json wrote: an object with _mastopy_version and _mastopy_type")
    name = envelope["_mastopy_type"]
    try:
        hint = parse_type_name(name) if isinstance(name, str) else None
    except ValueError:
        hint = None
    if hint is None:
        raise MastodonIllegalArgumentError(f"from_json: unknown _mastopy_type {name!r}")
    value = cast_result(envelope.get("_mastopy_data"), hint)
    if value.__class__ is list:  # an untyped list type: a list result all the same
        value = EntityList(value)
    extra = envelope.get("_mastopy_extra_data") or {}
    if isinstance(extra, dict) and hasattr(value, "__dict__"):
        infos = {}
        for key, direction in (("_pagination_next", "next"), ("_pagination_prev", "previous")):
            info = extra.get(key)
            if isinstance(info, dict):
                infos[direction] = PaginationInfo(info)
        if infos or isinstance(value, list):
            attach_pagination(value, infos)
        if isinstance(extra.get("_async_refresh"), str):
            object.__setattr__(value, "_async_refresh", extra["_async_refresh"])
        _remember_hint(value, hint)
    return value


provide("dump_envelope", dump_envelope)
provide("load_envelope", load_envelope)
