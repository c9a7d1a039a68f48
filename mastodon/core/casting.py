"""Casting decoded JSON into the declared result types: entity classes, typed lists, datetimes, ids.

The request core decodes an answer into :class:`AttribAccessDict` objects and lists, converting
nothing else (:func:`~mastodon.core.values.decode_json_raw`). :func:`cast_result` then gives
the value the type its endpoint method declares, in place wherever it can:

- an entity class (a subclass of AttribAccessDict that declares fields): the dict's
  ``__class__`` is set, and the declared fields that need work are cast in turn: nested
  entities, typed lists, datetimes (only where declared: ``AccountField.verified_at`` is a
  ``str`` and stays one) and :class:`MaybeSnowflakeIdType` ids; every declared field the
  server left out becomes a key with None (as in Mastodon.py 2.x);
- ``PaginatableList[X]`` / ``NonPaginatableList[X]`` / ``List[X]``: the list class (pagination
  attributes kept), then every item;
- ``Optional[X]``, ``Union[...]`` (for dicts, the entity whose declared fields fit the keys best,
  e.g. Status or ScheduledStatus), ``Dict[str, X]``, ``Tuple[...]``;
- untyped hints (``AttribAccessDict``, ``dict``, ``Any``, a bare list class): datetimes by key
  name (:data:`~mastodon.core.values.DATETIME_KEYS`), as for any value of unknown type;
- anything else (``str``, ``bool``, ``None``, classes that are no results): unchanged.

Each class's field plan and each hint's caster are built once, on first use.
"""

from __future__ import annotations

import functools
import logging
import threading
import typing
from datetime import datetime
from typing import Any, Callable, Dict, FrozenSet, List, Mapping, Optional, Tuple

from .values import (
    provide,
    DATETIME_KEYS,
    AttribAccessDict,
    EntityList,
    MaybeSnowflakeIdType,
    NonPaginatableList,
    PaginatableList,
    _field_keys,
    _fast_iso,
    _speedups,
    _DATETIME_CACHE,
    _DATETIME_CACHE_SIZE,
    to_datetime,
)

__all__ = ["cast_result", "caster_for", "cast_fields", "result_caster", "resolve_return_hint", "typed_result",
           "hint_namespace", "is_typed", "call_typed", "call_untyped", "call_declared", "fetch_as", "decoding_raw",
           "compiled_caster", "empty_answer", "PAGINATION_ATTRS"]

log = logging.getLogger("mastodon.casting")

Caster = Callable[[Any], Any]

#: Attributes that mark a result as one a later request continues (pagination, async refresh):
#: such results remember the hint they were cast with, as ``_mastopy_hint``.
PAGINATION_ATTRS = ("_pagination_next", "_pagination_prev", "_async_refresh")

_CASTERS: Dict[Any, Caster] = {}
_lock = threading.RLock()  # building a caster builds those of its parts


def _identity(value: Any) -> Any:
    return value


# -- untyped values: datetimes by key name ------------------------------------------------------
def _untyped(value: Any, _keys: FrozenSet[str] = DATETIME_KEYS, _aad: type = AttribAccessDict) -> Any:
    """A value of unknown type, shaped as the classic decoder shaped it: dicts as AttribAccessDicts,
    datetimes recognised by their keys, at any depth."""
    cls = value.__class__
    if cls is _aad or isinstance(value, dict):
        if cls is not _aad and cls.__dict__.get("_mastopy_entity"):
            return value  # typed already: its declared types decided
        if not isinstance(value, _aad):
            value = _aad(value)
        if not _keys.isdisjoint(value):
            for key in _keys.intersection(value):
                old = value[key]
                new = to_datetime(old)
                if new is not old:
                    value[key] = new
        replace = None
        for key, item in value.items():
            icls = item.__class__
            if icls is _aad or icls is list or isinstance(item, (dict, list)):
                new = _untyped(item)
                if new is not item:
                    if replace is None:
                        replace = []
                    replace.append((key, new))
        if replace:
            for key, new in replace:
                value[key] = new
        return value
    if isinstance(value, list):
        for i, item in enumerate(value):
            icls = item.__class__
            if icls is _aad or icls is list or isinstance(item, (dict, list)):
                new = _untyped(item)
                if new is not item:
                    value[i] = new
    return value


def _untyped_as(cls: type) -> Caster:
    """For AttribAccessDict subclasses that declare no fields (EmptyResponse, ...): the class, then keys."""
    def cast(value: Any) -> Any:
        if not isinstance(value, dict):
            return _untyped(value)
        value = _untyped(value)
        if value.__class__ is not cls:
            object.__setattr__(value, "__class__", cls)
        return value
    return cast


# -- entities -----------------------------------------------------------------------------------
def _new_entity(cls: type, value: Dict[str, Any]) -> Any:
    """An entity holding a copy of a mapping's items, built without its ``__init__`` (no second cast)."""
    obj: Dict[str, Any] = dict.__new__(cls)
    dict.update(obj, value)
    return obj


def _fill_missing(value: Dict[str, Any], keys: FrozenSet[str], _update: Any = dict.update) -> None:
    """Add each declared key the server left out, with None (as Mastodon.py 2.x does): ``"poll" in
    status`` is True and ``status["poll"]`` None, and len(), iteration and JSON show the key."""
    _update(value, dict.fromkeys(keys.difference(value)))


def _missing_for(cache: Dict[Tuple[str, ...], Dict[str, None]], keys: FrozenSet[str],
                 present: Tuple[str, ...]) -> Dict[str, None]:
    """The declared keys a dict with the keys ``present`` lacks, as ``{key: None}`` to update it with.

    The compiled casters remember the answer per key tuple: a server sends each entity with the
    same keys in the same order, so the tuple is nearly always one seen before, and looking it up
    costs less than comparing the key sets (the budget of issue 19, point 1).
    """
    missing = dict.fromkeys(keys.difference(present))
    if len(cache) < 64:  # bounded: a hostile or odd server cannot grow it without end
        cache[present] = missing
    return missing


def _field_plan(cls: type) -> Tuple[Tuple[str, Caster], ...]:
    """(JSON key, caster) for each declared field of an entity class that needs more than keeping.

    The plan the constructor follows (results from the server take the compiled casters).
    """
    plan = cls.__dict__.get("_mastopy_plan")
    if plan is not None:
        return plan  # type: ignore[no-any-return]
    hints = _class_hints(cls)
    entries = []
    for name, json_key in _field_keys(cls).items():
        hint = hints.get(name)
        if hint is None:
            continue
        caster = caster_for(hint)
        if caster is not _identity:
            entries.append((json_key, caster))
    plan = tuple(entries)
    type.__setattr__(cls, "_mastopy_plan", plan)
    return plan


def _walk(value: Any, plan: Tuple[Tuple[str, Caster], ...]) -> None:
    get = value.get
    for key, caster in plan:
        item = get(key)
        if item is not None:
            new = caster(item)
            if new is not item:
                value[key] = new


def _wrap_plain(value: Any) -> Any:
    """Plain dicts (at any depth) as AttribAccessDicts, so they read as attributes; nothing else changes."""
    if isinstance(value, dict):
        if not isinstance(value, AttribAccessDict):
            value = AttribAccessDict(value)
        for key, item in list(value.items()):
            if isinstance(item, (dict, list)):
                new = _wrap_plain(item)
                if new is not item:
                    value[key] = new
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, (dict, list)):
                new = _wrap_plain(item)
                if new is not item:
                    value[i] = new
    return value


def cast_fields(entity: Any) -> Any:
    """Cast the declared fields of an entity (already of its class) in place: what the constructor does.

    Values under keys the class does not declare only have their plain dicts made AttribAccessDicts.
    """
    _walk(entity, _field_plan(entity.__class__))
    declared = _declared_keys(entity.__class__)
    if not dict.keys(entity) >= declared:
        _fill_missing(entity, declared)
    for key, item in list(entity.items()):
        if key not in declared and isinstance(item, (dict, list)):
            new = _wrap_plain(item)
            if new is not item:
                entity[key] = new
    return entity


# Entity casters are Python functions generated per class (one straight run of dict lookups, no
# loop over a plan), compiled on their first call. They live in _GEN under a name per class, and
# refer to each other by those names, so a class's caster can refer to its own (Status.reblog).
_GEN: Dict[str, Any] = {}
_ENTITY_NAMES: Dict[type, str] = {}


def _entity_name(cls: type) -> str:
    """The name of a class's caster in _GEN; until its first call, a stub that compiles it."""
    name = _ENTITY_NAMES.get(cls)
    if name is not None:
        return name
    with _lock:
        name = _ENTITY_NAMES.get(cls)
        if name is not None:
            return name
        name = f"cast_{cls.__name__}_{len(_ENTITY_NAMES)}"

        def stub(value: Any) -> Any:
            fn = _GEN[name]
            if fn is stub:
                with _lock:
                    fn = _GEN[name]
                    if fn is stub:
                        fn = _compile_entity(cls, name)
            return fn(value)

        stub._mastopy_entity_class = cls  # type: ignore[attr-defined]
        _GEN[name] = stub
        _ENTITY_NAMES[cls] = name
    return name


def _entity_caster(cls: type) -> Caster:
    return _GEN[_entity_name(cls)]  # type: ignore[no-any-return]


def _entity_ref(cls: type) -> Caster:
    """A caster of ``cls`` to hold on to: calls the compiled caster without going through its stub."""
    name = _entity_name(cls)

    def cast(value: Any) -> Any:
        return _GEN[name](value)

    cast._mastopy_entity_class = cls  # type: ignore[attr-defined]
    return cast


def _is_entity(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, AttribAccessDict) and bool(hint._mastopy_entity)


def _strip_optional(hint: Any) -> Any:
    if typing.get_origin(hint) is typing.Union:
        members = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(members) == 1:
            return members[0]
    return hint


def _list_class(target: type) -> Caster:
    """The converter giving a decoded list its declared class (PaginatableList / NonPaginatableList)."""
    def convert(value: Any) -> Any:
        return target(value) if value.__class__ is list else value
    return convert


#: Sets an object's class: the setter of ``object.__class__`` called directly, which checks the same
#: (compatible layouts) as ``object.__setattr__(value, "__class__", cls)`` but skips the attribute
#: lookup: about a third cheaper, once per entity of every answer.
_set_class: Callable[[Any, type], None] = object.__dict__["__class__"].__set__


def _cast_items(items: List[Any], caster: Caster) -> None:
    """Cast every item of a list in place (None items stay None)."""
    for i, item in enumerate(items):
        if item is not None:
            new = caster(item)
            if new is not item:
                items[i] = new


def _to_list(value: Any, target: type) -> Any:
    """A declared list's value as ``target`` (converted in place where the layout allows; pagination
    attributes kept); a value that is no list is kept as decoded."""
    if value.__class__ is list:
        return target(value)
    if isinstance(value, EntityList):
        object.__setattr__(value, "__class__", target)  # same layout: the pagination attributes stay
        return value
    if isinstance(value, list):
        new = target(value)
        new.__dict__.update(getattr(value, "__dict__", {}))
        return new
    return _untyped(value)


_GEN.update({
    "AAD_": AttribAccessDict, "set_class_": _set_class, "new_entity_": _new_entity, "untyped_": _untyped,
    "str_": str, "int_": int, "float_": float, "MSI_": MaybeSnowflakeIdType, "to_dt_": to_datetime,
    "dt_get_": _DATETIME_CACHE.get, "to_list_": _to_list, "isinstance": isinstance, "dict_": dict,
    "enumerate": enumerate, "list_": list, "tuple_": tuple, "update_": dict.update, "missing_for_": _missing_for,
    "cast_items_": _cast_items,
})


_HINTS: Dict[type, Dict[str, Any]] = {}


def _class_hints(cls: type) -> Dict[str, Any]:
    """The evaluated field types of an entity class (cached)."""
    hints = _HINTS.get(cls)
    if hints is None:
        ns = hint_namespace()
        try:
            hints = typing.get_type_hints(cls, globalns=ns, localns=ns)
        except Exception as e:  # a type that cannot be evaluated: the fields stay as decoded
            log.warning("cannot evaluate the field types of %s (%s); its fields stay untyped", cls.__name__, e)
            hints = {}
        _HINTS[cls] = hints
    return hints


def _is_plain(hint: Any) -> bool:
    """Whether values of a type are kept as decoded (str, int, bool, float, IdType, ...)."""
    inner = _strip_optional(hint)
    if inner in (datetime, MaybeSnowflakeIdType) or _is_entity(inner):
        return False
    if typing.get_origin(inner) is typing.Union:
        return all(_is_plain(a) for a in typing.get_args(inner))
    return isinstance(inner, type) and not issubclass(inner, (dict, list))


def _is_id_union(inner: Any) -> bool:
    """A union of plain types and MaybeSnowflakeIdType (``IdType``): its caster keeps every decoded
    JSON value as it is (strings and numbers are among its plain members), so none is needed."""
    return typing.get_origin(inner) is typing.Union and all(
        a is MaybeSnowflakeIdType or _is_plain(a) for a in typing.get_args(inner))


def _is_lazy_only(hint: Any) -> bool:
    """Whether a field type needs nothing at cast time: plain values, ids and lists of plain values
    (ids and list classes are given on attribute access)."""
    inner = _strip_optional(hint)
    if inner is MaybeSnowflakeIdType or _is_plain(inner) or _is_id_union(inner):
        return True
    args = typing.get_args(inner)
    return typing.get_origin(inner) in _LIST_CLASSES and bool(args) and _is_plain(args[0])


def _is_leaf(cls: type) -> bool:
    """An entity class whose fields need nothing done at cast time: casting one only sets its class."""
    hints = _class_hints(cls)
    return all(_is_lazy_only(hints.get(attr, str)) for attr in _field_keys(cls))


def _leaf_lines(leaf_cls: str, var: str, indent: str) -> List[str]:
    """Code typing ``var``, a decoded dict, as a leaf class in place: its class, then the declared keys it lacks."""
    return [f"{indent}set_class_({var}, {leaf_cls})",
            f"{indent}try:",
            f"{indent}    m = {leaf_cls}_missing[tuple_({var})]",
            f"{indent}except KeyError:",
            f"{indent}    m = missing_for_({leaf_cls}_missing, {leaf_cls}_keys, tuple_({var}))",
            f"{indent}if m:",
            f"{indent}    update_({var}, m)"]


def _cast_lines(k: str, ref: str, leaf_cls: Optional[str], var: str, indent: str, store: str) -> List[str]:
    """Code casting ``var`` (not None) to an entity: inline for leaf classes, else by calling its caster."""
    if leaf_cls is not None:
        return [f"{indent}if {var}.__class__ is AAD_:",
                *_leaf_lines(leaf_cls, var, indent + "    "),
                f"{indent}elif {var}.__class__ is not {leaf_cls}:",
                f"{indent}    {store} = {ref}({var})"]
    return [f"{indent}n = {ref}({var})",
            f"{indent}if n is not {var}:",
            f"{indent}    {store} = n"]


#: What a declared field needs when an answer is cast (the actions of :func:`_field_actions`).
_DATETIME, _ENTITY, _ENTITY_LIST, _UNTYPED, _CALL, _UNION = range(6)  # the kinds of mastodon/core/_speedups.c
_ACTIONS: Dict[type, Tuple[List[Tuple[int, str, Any]], Dict[str, Caster]]] = {}


def _field_actions(cls: type) -> Tuple[List[Tuple[int, str, Any]], Dict[str, Caster]]:
    """What casting an entity of ``cls`` does to each declared field, and what waits for attribute access.

    Returns ``(actions, lazy)``: ``actions`` holds ``(kind, json_key, target)`` for each field that
    needs work now (a datetime; an entity or a list of entities, ``target`` their class; a list of
    unknown items, shaped by key names; a union of entity classes or any other type, ``target``
    its caster); ``lazy`` maps
    the keys of ids and typed lists to the converter that runs on their first attribute access
    (most lists are never read that way, and a copy per list is a good part of a page's cost).
    Both the generated Python casters and the C ones (:mod:`mastodon.core._speedups`) follow it;
    worked out once per class, when ``lazy`` is also recorded on the class (``_mastopy_lazy``, which
    attribute access reads).
    """
    known = _ACTIONS.get(cls)
    if known is not None:
        return known
    hints = _class_hints(cls)
    actions: List[Tuple[int, str, Any]] = []
    lazy: Dict[str, Caster] = {}
    for attr, key in _field_keys(cls).items():
        hint = hints.get(attr)
        if hint is None:
            continue
        inner = _strip_optional(hint)
        origin = typing.get_origin(inner)
        args = typing.get_args(inner)
        if inner is datetime:
            actions.append((_DATETIME, key, None))
        elif inner is MaybeSnowflakeIdType:
            lazy[key] = _snowflake
        elif _is_id_union(inner):
            continue  # IdType: decoded strings and numbers stay as they are
        elif _is_entity(inner):
            actions.append((_ENTITY, key, inner))
        elif inner in _LIST_CLASSES or (origin in _LIST_CLASSES and (
                not args or _is_plain(args[0]) or _is_entity(args[0]))):
            lazy[key] = _list_class(origin or inner)
            if args and _is_entity(args[0]):
                actions.append((_ENTITY_LIST, key, args[0]))
            elif not args:
                actions.append((_UNTYPED, key, None))
        elif origin is list and args and _is_entity(args[0]):
            actions.append((_ENTITY_LIST, key, args[0]))  # a plain List[Entity]: the list keeps its class
        else:
            caster = caster_for(hint)
            if caster is not _identity:
                union = hasattr(caster, "_mastopy_choose_entity")  # a union of entity classes
                actions.append((_UNION if union else _CALL, key, caster))
    type.__setattr__(cls, "_mastopy_lazy", lazy)
    _ACTIONS[cls] = (actions, lazy)
    return actions, lazy


def _compile_entity(cls: type, name: str) -> Caster:
    """Generate, compile and bind (as _GEN[name]) the caster of an entity class.

    One straight run per declared field that needs work: datetimes converted inline, nested
    entities cast by their own casters (or, for classes whose fields need nothing, by setting
    their class inline). Where the C casts are built (:mod:`mastodon.core._speedups`), the
    caster bound is the C one, and this Python function is what it falls back on for values
    that did not come straight from the decoder.
    """
    actions, _ = _field_actions(cls)
    _GEN[name + "_cls"] = cls
    _GEN[name + "_cls_keys"] = _declared_keys(cls)
    _GEN[name + "_cls_missing"] = {}
    body: List[str] = []

    def leaf_name(target: type) -> Optional[str]:
        if not _is_leaf(target):
            return None
        ref = _entity_name(target)
        if not hasattr(_GEN[ref], "_mastopy_source"):
            _compile_entity(target, ref)  # its class is set inline; compiling it records its lazy fields
        return ref + "_cls"

    for i, (kind, key, target) in enumerate(actions):
        k = repr(key)
        if kind == _DATETIME:
            body += [f"    v = get({k})",
                     "    if v.__class__ is str_:",
                     "        d = dt_get_(v)",
                     f"        value[{k}] = d if d is not None else to_dt_(v)",
                     "    elif v.__class__ is int_ or v.__class__ is float_:",
                     f"        value[{k}] = to_dt_(v)"]
        elif kind == _ENTITY:
            body += [f"    v = get({k})", "    if v is not None:"]
            body += _cast_lines(k, _entity_name(target), leaf_name(target), "v", "        ", f"value[{k}]")
        elif kind == _ENTITY_LIST:
            ref = _entity_name(target)
            leaf_cls = leaf_name(target)
            body += [f"    v = get({k})",
                     "    if v is not None:",
                     "        if v.__class__ is list_ or isinstance(v, list_):"]
            if leaf_cls is not None:
                # Items of a leaf class are decoded dicts, typed in place: no index is needed
                # unless one is something else (a plain dict), and then every item goes
                # through the caster, which passes over those typed already.
                body += ["            for e in v:",
                         "                if e.__class__ is AAD_:"]
                body += _leaf_lines(leaf_cls, "e", "                    ")
                body += [f"                elif e is not None and e.__class__ is not {leaf_cls}:",
                         f"                    cast_items_(v, {ref})",
                         "                    break"]
            else:
                body += ["            for i, e in enumerate(v):",
                         "                if e is not None:"]
                body += _cast_lines(k, ref, None, "e", "                    ", "v[i]")
            body += ["        else:",
                     f"            value[{k}] = untyped_(v)"]
        elif kind == _UNTYPED:
            body += [f"    v = get({k})",
                     "    if v is not None:",
                     "        untyped_(v)"]
        else:  # _CALL, _UNION: the field type's own caster
            ref = f"{name}_f{i}"
            _GEN[ref] = target
            body += [f"    v = get({k})",
                     "    if v is not None:",
                     f"        n = {ref}(v)",
                     "        if n is not v:",
                     f"            value[{k}] = n"]
    source = "\n".join([
        f"def {name}(value):",
        "    vcls = value.__class__",
        f"    if vcls is {name}_cls:",
        "        return value",
        "    if vcls is AAD_ or isinstance(value, AAD_):",
        f"        set_class_(value, {name}_cls)",
        "    elif isinstance(value, dict_):",
        f"        value = new_entity_({name}_cls, value)",
        "    else:",
        "        return untyped_(value)",
        "    try:",
        f"        m = {name}_cls_missing[tuple_(value)]",
        "    except KeyError:",
        f"        m = missing_for_({name}_cls_missing, {name}_cls_keys, tuple_(value))",
        "    if m:",
        "        update_(value, m)",
        "    get = value.get",
        *body,
        "    return value",
        "",
    ])
    exec(compile(source, f"<caster of {cls.__module__}.{cls.__qualname__}>", "exec"), _GEN)  # noqa: S102
    fn = _GEN[name]
    _PYTHON_CASTERS[cls] = fn
    fn._mastopy_entity_class = cls
    fn._mastopy_source = source
    if _speedups is not None:
        fn = _GEN[name] = _c_caster(cls, fn)
    return fn  # type: ignore[no-any-return]


# -- the C casts (mastodon/core/_speedups.c), where they are built -------------------------------
if _speedups is not None:
    _speedups.configure(_DATETIME_CACHE, _DATETIME_CACHE_SIZE, to_datetime, _fast_iso, _untyped,
                        object.__dict__["__class__"])

#: The generated Python caster of each compiled entity class; the C plans fall back on it.
_PYTHON_CASTERS: Dict[type, Caster] = {}
#: The C plan of each entity class, ``[cls, python_fallback, declared_keys, fields, layouts]`` (the
#: last: recent key layouts and the declared keys each lacks, kept by the C code).
_PLANS: Dict[type, List[Any]] = {}


def _python_fallback(cls: type) -> Caster:
    """The generated Python caster of ``cls`` (compiled on first use), for values the C casts leave to it."""
    def cast(value: Any) -> Any:
        fn = _PYTHON_CASTERS.get(cls)
        if fn is None:
            with _lock:
                fn = _PYTHON_CASTERS.get(cls)
                if fn is None:
                    _compile_entity(cls, _entity_name(cls))
                    fn = _PYTHON_CASTERS[cls]
        return fn(value)
    return cast


#: Plans being built (by the thread holding _lock): published in _PLANS together once all are complete.
_BUILDING: Dict[type, List[Any]] = {}


def _plan(cls: type) -> List[Any]:
    """The C plan of ``cls``: registered (in _BUILDING) before its fields are planned, so that plans can
    refer to each other and to themselves (Status.reblog, Account.moved), and published only when
    complete: plans are also built while other threads cast (a union's member met for the first time),
    and a half-built one would cast without declared keys and keep that answer in its layout cache."""
    plan = _PLANS.get(cls)
    if plan is not None:
        return plan
    with _lock:
        plan = _PLANS.get(cls) or _BUILDING.get(cls)
        if plan is not None:
            return plan
        outermost = not _BUILDING
        try:
            plan = _BUILDING[cls] = [cls, _python_fallback(cls), (), (), []]
            actions, _ = _field_actions(cls)
            plan[2] = tuple(_field_keys(cls).values())
            plan[3] = tuple((kind, key, _plan_arg(kind, target)) for kind, key, target in actions)
            if outermost:
                _PLANS.update(_BUILDING)
        finally:
            if outermost:
                _BUILDING.clear()
    return plan


def _plan_arg(kind: int, target: Any) -> Any:
    """What the C code needs for a field: a nested entity's plan, or for a union its caster, the
    function naming the plan a dict fits (or None) and the per-layout cache of that choice."""
    if kind in (_ENTITY, _ENTITY_LIST):
        return _plan(target)
    if kind == _UNION:
        choose = target._mastopy_choose_entity

        def choose_plan(value: Any) -> Optional[List[Any]]:
            cls = choose(value)
            return _plan(cls) if cls is not None else None

        return [target, choose_plan, []]
    return target


def _c_caster(cls: type, python_caster: Caster) -> Caster:
    """The C caster of an entity class, with the attributes the generated Python one carries."""
    cast = functools.partial(_speedups.cast_entity, _plan(cls))
    cast._mastopy_entity_class = cls  # type: ignore[attr-defined]
    cast._mastopy_source = python_caster._mastopy_source  # type: ignore[attr-defined]
    return cast


# -- lists, dicts, tuples -----------------------------------------------------------------------
_LIST_CLASSES = (PaginatableList, NonPaginatableList)


def _list_caster(target: Optional[type], item_caster: Caster, item_name: Optional[str] = None) -> Caster:
    """A list of ``item``; ``target`` (PaginatableList / NonPaginatableList) or None to keep the list's class.

    ``item_name``: the _GEN name of an entity item caster, looked up per call (compiled on first use).
    """
    def cast(value: Any) -> Any:
        item = _GEN[item_name] if item_name is not None else item_caster
        if target is not None and value.__class__ is not target:
            value = _to_list(value, target)
            if not isinstance(value, list):
                return value  # not a list after all: kept as decoded
        elif not isinstance(value, list):
            return _untyped(value)
        if item is not _identity:
            for i, element in enumerate(value):
                if element is not None:
                    new = item(element)
                    if new is not element:
                        value[i] = new
        return value
    return cast


def _dict_caster(item: Caster) -> Caster:
    def cast(value: Any) -> Any:
        if not isinstance(value, dict):
            return _untyped(value)
        if not isinstance(value, AttribAccessDict):
            value = AttribAccessDict(value)
        if item is not _identity:
            replace = [(k, new) for k, v in value.items() if v is not None and (new := item(v)) is not v]
            for k, new in replace:
                value[k] = new
        return value
    return cast


def _tuple_caster(items: Tuple[Caster, ...], repeat: bool) -> Caster:
    def cast(value: Any) -> Any:
        if not isinstance(value, (tuple, list)):
            return value
        if repeat:
            out = [items[0](v) if v is not None else None for v in value]
        else:
            out = [c(v) if v is not None else None for c, v in zip(items, value)] + list(value[len(items):])
        return tuple(out) if isinstance(value, tuple) else out
    return cast


# -- unions -------------------------------------------------------------------------------------
def _declared_keys(cls: type) -> FrozenSet[str]:
    return frozenset(_field_keys(cls).values())


def _fit(keys: FrozenSet[str], value: Dict[str, Any]) -> float:
    """How well a dict's keys fit a class's declared keys: shared / (declared + present - shared)."""
    shared = len(keys.intersection(value))
    union = len(keys) + len(value) - shared
    return shared / union if union else 0.0


def _union_caster(members: Tuple[Any, ...]) -> Caster:
    entities: List[type] = []
    dict_fallback: Optional[Caster] = None
    lists: List[Tuple[Any, Caster]] = []
    plain: List[type] = []
    converters: List[Caster] = []
    tuples: List[Caster] = []
    for m in members:
        origin = typing.get_origin(m)
        if isinstance(m, type) and issubclass(m, AttribAccessDict) and m._mastopy_entity:
            entities.append(m)
        elif (isinstance(m, type) and issubclass(m, list)) or (isinstance(origin, type) and issubclass(origin, list)):
            lists.append((m, caster_for(m)))
        elif origin is tuple:
            tuples.append(caster_for(m))
        elif m in (datetime, MaybeSnowflakeIdType):
            converters.append(caster_for(m))
        elif isinstance(m, type) and not issubclass(m, dict):
            plain.append(m)
        elif dict_fallback is None:
            dict_fallback = caster_for(m)
    entity_set = frozenset(entities)
    entity_casters = [(cls, _declared_keys(cls), _entity_ref(cls)) for cls in entities]
    plain_set = frozenset(plain)

    choices: Dict[FrozenSet[str], Optional[Caster]] = {}

    def best_entity(value: Dict[str, Any]) -> Optional[Caster]:
        if len(entity_casters) == 1:
            return entity_casters[0][2]
        keyset = frozenset(value)
        choice = choices.get(keyset, _identity)
        if choice is _identity:
            choice = choose(value)
            if len(choices) < 256:  # key sets repeat (one per kind of media, ...); bounded all the same
                choices[keyset] = choice
        return choice

    def choose(value: Dict[str, Any]) -> Optional[Caster]:
        best, best_score = None, 0.0
        for _, keys, caster in entity_casters:
            score = _fit(keys, value)
            if score > best_score:
                best, best_score = caster, score
        if best is None:
            return dict_fallback or entity_casters[0][2]
        return best

    def list_member(value: List[Any]) -> Optional[Caster]:
        if len(lists) == 1:
            return lists[0][1]
        first = next((v for v in value if isinstance(v, dict)), None)
        if first is None:
            return lists[0][1]
        best, best_score = lists[0][1], -1.0
        for hint, caster in lists:
            args = typing.get_args(hint)
            item = args[0] if args else None
            if isinstance(item, type) and issubclass(item, AttribAccessDict) and item._mastopy_entity:
                score = _fit(_declared_keys(item), first)
                if score > best_score:
                    best, best_score = caster, score
        return best

    def choose_entity(value: Dict[str, Any]) -> Optional[type]:
        """The entity class a decoded dict goes to, or None when it goes elsewhere (a dict type)."""
        return getattr(best_entity(value), "_mastopy_entity_class", None)

    def cast(value: Any) -> Any:
        if isinstance(value, dict):
            if value.__class__ in entity_set:
                return value
            if entity_casters:
                caster = best_entity(value)
                return caster(value) if caster is not None else value
            return dict_fallback(value) if dict_fallback is not None else _untyped(value)
        if isinstance(value, list):
            if lists:
                caster = list_member(value)
                return caster(value) if caster is not None else value
            return _untyped(value)
        if isinstance(value, tuple) and tuples:
            return tuples[0](value)
        if value.__class__ in plain_set or not converters:
            return value
        for converter in converters:
            new = converter(value)
            if new is not value:
                return new
        return value

    if entity_casters:
        cast._mastopy_choose_entity = choose_entity  # type: ignore[attr-defined]
    return cast


def _snowflake(value: Any, _str: type = str, _cls: type = MaybeSnowflakeIdType, _new: Any = str.__new__) -> Any:
    return _new(_cls, value) if value.__class__ is _str else value  # str.__new__: a decoded str needs no checks


# -- building casters ---------------------------------------------------------------------------
def _build(hint: Any) -> Caster:
    if hint is None or hint is type(None):
        return _identity
    if hint is Any or hint is object or isinstance(hint, (str, typing.TypeVar, typing.ForwardRef)):
        return _untyped
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Union:
        members = tuple(a for a in args if a is not type(None))
        if len(members) == 1:
            return caster_for(members[0])
        return _union_caster(members)
    if origin is not None:
        if isinstance(origin, type) and issubclass(origin, list):
            target = origin if origin in _LIST_CLASSES else None
            if args and _is_entity(args[0]):
                return _list_caster(target, _identity, _entity_name(args[0]))
            return _list_caster(target, caster_for(args[0]) if args else _untyped)
        if isinstance(origin, type) and issubclass(origin, dict):
            return _dict_caster(caster_for(args[1]) if len(args) == 2 else _untyped)
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                return _tuple_caster((caster_for(args[0]),), True)
            return _tuple_caster(tuple(caster_for(a) for a in args), False)
        return _identity  # Iterator[...], Callable[...], ...: not a decoded value
    if isinstance(hint, type):
        if issubclass(hint, AttribAccessDict):
            if hint._mastopy_entity:
                return _entity_caster(hint)  # not cached in _CASTERS: a stub until compiled
            if hint is AttribAccessDict:
                return _untyped
            return _untyped_as(hint)
        if hint in _LIST_CLASSES:
            return _list_caster(hint, _untyped)
        if issubclass(hint, (list, dict)):
            return _untyped
        if hint is datetime:
            return to_datetime
        if hint is MaybeSnowflakeIdType:
            return _snowflake
        return _identity
    return _identity


def caster_for(hint: Any) -> Caster:
    """The function that casts a decoded value to ``hint`` (built once per hint, then cached)."""
    if hint.__class__ is type and hint in _ENTITY_NAMES:
        return _GEN[_ENTITY_NAMES[hint]]  # type: ignore[no-any-return]
    try:
        caster = _CASTERS.get(hint)
    except TypeError:  # an unhashable hint
        return _build(hint)
    if caster is None:
        with _lock:
            caster = _CASTERS.get(hint)
            if caster is None:
                caster = _build(hint)
                _CASTERS[hint] = caster
    return caster


def compiled_caster(hint: Any) -> Caster:
    """Like :func:`caster_for`, but an entity class's caster is compiled now rather than on its first call,
    so that the function returned is the compiled one (for hot paths that keep it, such as streams)."""
    caster = caster_for(hint)
    name = _ENTITY_NAMES.get(hint) if hint.__class__ is type else None
    if name is not None and not hasattr(caster, "_mastopy_source"):
        with _lock:
            caster = _GEN[name]
            if not hasattr(caster, "_mastopy_source"):
                caster = _compile_entity(hint, name)
    return caster


def _remember_hint(value: Any, hint: Any) -> None:
    """Stamp the hint on a result that a later request continues, and on its page descriptions."""
    attrs = getattr(value, "__dict__", None)
    if not attrs:
        return
    if any(name in attrs for name in PAGINATION_ATTRS):
        object.__setattr__(value, "_mastopy_hint", hint)
        for name in ("_pagination_next", "_pagination_prev"):
            info = attrs.get(name)
            if isinstance(info, AttribAccessDict):
                object.__setattr__(info, "_mastopy_hint", hint)


def _remembering_caster(hint: Any) -> Caster:
    """The caster of ``hint``, also stamping the hint on results that later requests continue."""
    cast = caster_for(hint)

    def cast_and_remember(value: Any) -> Any:
        value = cast(value)
        if value.__class__ is not str:
            _remember_hint(value, hint)
        return value

    return cast_and_remember


def cast_result(value: Any, hint: Any) -> Any:
    """Turn a decoded API value into the type ``hint`` declares, in place where possible.

    :param value: what the request core decoded (AttribAccessDicts, lists, plain JSON values);
        plain dicts and lists (``json.loads`` output) are accepted too.
    :param hint: a type: an entity class, ``PaginatableList[Status]``, ``Optional[...]``,
        ``Union[...]``, ``Dict[str, Marker]``, ``AttribAccessDict``, ``Any``, ...
    :returns: the cast value. Use it: lists, plain dicts, ids and datetimes are new objects.
        A result that carries pagination or async-refresh information remembers ``hint`` (as
        ``_mastopy_hint``), so that the pages fetched from it are cast the same way.
    """
    if value is None:
        return None
    return _remembering_caster(hint)(value)


# -- resolving return annotations ---------------------------------------------------------------
_NAMESPACE: Dict[str, Any] = {}
#: Where the entity names come from: set by the package (:func:`set_hint_source`), which imports
#: the entity modules above this one on first use, so this module imports nothing above it.
_HINT_SOURCE: List[Callable[[], Dict[str, Any]]] = []


def set_hint_source(source: Callable[[], Dict[str, Any]]) -> None:
    """Name the function that gives the entity and base type names annotations use (called once, lazily)."""
    _HINT_SOURCE[:] = [source]
    _NAMESPACE.clear()


def hint_namespace() -> Dict[str, Any]:
    """The names an annotation may use without importing them: typing's, ``datetime``, and those of
    :mod:`mastodon.types_base` and :mod:`mastodon.return_types` (from the hint source, on first use)."""
    if not _NAMESPACE:
        ns: Dict[str, Any] = {name: getattr(typing, name) for name in typing.__all__}
        ns["datetime"] = datetime
        for source in _HINT_SOURCE:
            ns.update(source())
        _NAMESPACE.update(ns)
    return _NAMESPACE


def resolve_return_hint(func: Callable[..., Any]) -> Any:
    """The return type a function declares, evaluated.

    A string annotation (``from __future__ import annotations``) is evaluated in
    :func:`hint_namespace` overlaid with the function's module globals (so a module's own
    imports win, and names imported only under ``TYPE_CHECKING`` are still found). An
    annotation that cannot be evaluated counts as ``Any`` (logged at DEBUG level).
    """
    annotation = getattr(func, "__annotations__", {}).get("return", Any)
    if not isinstance(annotation, str):
        return annotation
    ns = dict(hint_namespace())
    ns.update(getattr(func, "__globals__", {}))
    try:
        return eval(annotation, ns, None)  # noqa: S307 - our own source's annotations
    except Exception as e:
        log.debug("cannot evaluate the return annotation %r of %s: %s", annotation,
                  getattr(func, "__qualname__", func), e)
        return Any


_TYPED: Dict[Any, bool] = {}


def is_typed(hint: Any) -> bool:
    """Whether a hint names an entity class (or another AttribAccessDict subclass, such as
    EmptyResponse) anywhere: ``PaginatableList[Status]``, ``Dict[str, Marker]``.

    Results of other hints (``AttribAccessDict``, ``Any``, ``NonPaginatableList``, ``bool``, ...)
    are decoded the classic way, datetimes by key name, and not cast at all.
    """
    try:
        known = _TYPED.get(hint)
    except TypeError:
        known = None
    if known is not None:
        return known
    if _is_entity(hint) or (isinstance(hint, type) and issubclass(hint, AttribAccessDict)
                            and hint is not AttribAccessDict):
        typed = True  # an entity, or a class of its own such as EmptyResponse
    else:
        typed = any(is_typed(arg) for arg in typing.get_args(hint) if arg is not Ellipsis)
    try:
        _TYPED[hint] = typed
    except TypeError:
        pass
    return typed


#: Per thread: True while a typed call runs, so the request core decodes without the key-name
#: datetime conversion (the declared types convert instead). Outside typed calls the core
#: decodes as it always has.
_decode_mode = threading.local()


def decoding_raw() -> bool:
    """Whether the request core should decode answers without converting anything (see ``_decode_mode``)."""
    return getattr(_decode_mode, "raw", False)  # type: ignore[no-any-return]


def call_typed(caster: Caster, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call ``func`` with the request core decoding for a typed result, then cast what it returns."""
    local = _decode_mode
    previous = getattr(local, "raw", False)
    local.raw = True
    try:
        result = func(*args, **kwargs)
    finally:
        local.raw = previous
    if result is None:
        empty = _EMPTY_RESULTS.get(caster)
        return None if empty is None else empty()
    return caster(result)


def empty_answer(headers: Mapping[str, str]) -> Any:
    """What an answer without a body decodes to: None, unless it carries a ``Mastodon-Async-Refresh``
    header (a 202 from ``annual_report_generate``), which needs an (empty) dict to hang on; results
    declared as :class:`EmptyResponse` become one either way (see :func:`call_typed`)."""
    refresh = headers.get("Mastodon-Async-Refresh")
    if not refresh:
        return None
    value = AttribAccessDict()
    object.__setattr__(value, "_async_refresh", refresh)
    return value


def call_untyped(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call an untyped method: inside a typed call, switch the classic decoding back on for it."""
    local = _decode_mode
    if not getattr(local, "raw", False):
        return func(*args, **kwargs)
    local.raw = False
    try:
        return func(*args, **kwargs)
    finally:
        local.raw = True


def fetch_as(hint: Any, request: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Send a request again for a result that was cast to ``hint`` (a next page, a refreshed result),
    so that the new answer has the same types. ``hint`` None or untyped: decoded the classic way."""
    if hint is None or not is_typed(hint):
        return call_untyped(request, *args, **kwargs)
    return call_typed(_remembering_caster(hint), request, *args, **kwargs)


def result_caster(func: Callable[..., Any]) -> Tuple[Any, Optional[Caster]]:
    """(hint, caster) for a function's results; caster None when results are kept as decoded
    (untyped hints, see :func:`is_typed`).

    The caster also stamps the hint on results that carry pagination or async-refresh
    information (see :func:`cast_result`).
    """
    hint = resolve_return_hint(func)
    if not is_typed(hint):
        return hint, None
    caster = _remembering_caster(hint)
    if _answers_empty(hint):
        _EMPTY_RESULTS[caster] = hint
    return hint, caster


#: Casters of results declared as an empty answer's class (EmptyResponse): an answer without
#: a body (204, or 200 with nothing in it, whatever its content type) gives an instance of it
#: rather than None, as the declared type promises.
_EMPTY_RESULTS: Dict[Caster, Callable[[], Any]] = {}


def _answers_empty(hint: Any) -> bool:
    """Whether a declared result is a class for empty answers: an AttribAccessDict subclass that
    declares no fields (EmptyResponse and its kin)."""
    return (isinstance(hint, type) and issubclass(hint, AttribAccessDict) and hint is not AttribAccessDict
            and not hint._mastopy_entity)


def call_declared(wrapper: Any, state: List[Any], func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call ``func`` and cast its result to its return annotation: the body of every typed wrapper.

    ``state`` is the wrapper's own list: empty until the first call evaluates the annotation,
    then ``[hint, caster]`` (caster None for untyped results); the hint is also kept on the
    wrapper as ``_mastopy_hint``.
    """
    if not state:
        state.extend(result_caster(func))
        wrapper._mastopy_hint = state[0]
    caster = state[1]
    if caster is None:
        return call_untyped(func, *args, **kwargs)
    return call_typed(caster, func, *args, **kwargs)


def typed_result(func: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a method not wrapped by ``api_version`` so its results are cast to its return annotation."""
    state: List[Any] = []

    def typed(*args: Any, **kwargs: Any) -> Any:
        return call_declared(typed, state, func, *args, **kwargs)

    copy_names(typed, func)
    typed.__doc__ = func.__doc__
    return typed


def copy_names(wrapper: Any, func: Any) -> None:
    """What functools.wraps would copy, done by hand (~300 methods are decorated at import time),
    with the method's own annotations, not the wrapper's: help(), get_type_hints and the docs."""
    wrapper.__name__ = func.__name__
    wrapper.__qualname__ = func.__qualname__
    wrapper.__module__ = func.__module__
    wrapper.__wrapped__ = func
    wrapper.__annotations__ = getattr(func, "__annotations__", {})


provide("cast_fields", cast_fields)
