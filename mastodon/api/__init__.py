"""The endpoint areas, and how :class:`~mastodon.Mastodon` gets their methods on first use.

Each area module (``accounts.py``, ``statuses.py``, the ``admin`` package, ...) holds one mixin
class of thin endpoint methods. Importing all of them costs more than the rest of the package
together, and a program uses a few, so they are not imported with ``mastodon``: the first time
a name of an area is looked up on the client (or its class), the area's module is imported and
its members are copied into the ``Mastodon`` class, where every later lookup finds them at
full speed. Type checkers and IDEs see ``Mastodon`` inherit every mixin (``client.py`` lists them
under ``TYPE_CHECKING``); ``dir()``, ``help()`` and subclassing load every area first.

Which area to load is found from the name: a few names by themselves, the rest by their first
word (``status_post`` -> ``status``). A public name the hints do not place loads every area, so
a hint that is missing costs time, never correctness; ``tests/api/test_areas.py`` keeps them
complete (and must: an unplaced private name is not looked for).
"""

from __future__ import annotations

import importlib
import threading
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Set, Tuple

__all__ = ["AREAS", "LazyAreas", "LazyAreasMeta", "area_of", "load_area", "load_all_areas"]

#: Every area: its module and its mixin class, in the order ``Mastodon`` lists them.
AREAS: Tuple[Tuple[str, str], ...] = (
    ("mastodon.api.accounts", "AccountsMixin"),
    ("mastodon.api.instance", "InstanceMixin"),
    ("mastodon.api.timelines", "TimelinesMixin"),
    ("mastodon.api.statuses", "StatusesMixin"),
    ("mastodon.api.polls", "PollsMixin"),
    ("mastodon.api.notifications", "NotificationsMixin"),
    ("mastodon.api.hashtags", "HashtagsMixin"),
    ("mastodon.api.filters", "FiltersMixin"),
    ("mastodon.api.suggestions", "SuggestionsMixin"),
    ("mastodon.api.relationships", "RelationshipsMixin"),
    ("mastodon.api.lists", "ListsMixin"),
    ("mastodon.api.trends", "TrendsMixin"),
    ("mastodon.api.search", "SearchMixin"),
    ("mastodon.api.favourites", "FavouritesMixin"),
    ("mastodon.api.reports", "ReportsMixin"),
    ("mastodon.api.preferences", "PreferencesMixin"),
    ("mastodon.api.push", "PushMixin"),
    ("mastodon.api.admin", "AdminMixin"),
    ("mastodon.api.conversations", "ConversationsMixin"),
    ("mastodon.api.media", "MediaMixin"),
    ("mastodon.api.profile", "ProfileMixin"),
    ("mastodon.api.collections", "CollectionsMixin"),
    ("mastodon.api.annual_reports", "AnnualReportsMixin"),
    ("mastodon.api.async_refresh", "AsyncRefreshMixin"),
    ("mastodon.streaming", "StreamingMixin"),
)

#: Names whose first word points elsewhere (or nowhere), and the module that defines them.
_BY_NAME: Dict[str, str] = {
    "account_collections": "mastodon.api.collections",
    "account_in_collections": "mastodon.api.collections",
    "_accounts_v1": "mastodon.api.admin",
    "create_account": "mastodon.api.accounts",
    "create_filter_v2": "mastodon.api.filters",
    "update_filter_v2": "mastodon.api.filters",
    "update_filter_keyword_v2": "mastodon.api.filters",
    "update_notifications_policy": "mastodon.api.notifications",
    "update_notifications_policy_v1": "mastodon.api.notifications",
}

#: The first word of a name (leading underscores dropped) and the module of the names it starts.
_BY_FIRST_WORD: Dict[str, str] = {
    word: module
    for module, words in (
        ("mastodon.api.accounts", "account accounts email follows me"),
        ("mastodon.api.instance", "announcement announcements custom directory donation instance"),
        ("mastodon.api.timelines", "timeline"),
        ("mastodon.api.statuses", "check generate new scheduled send status statuses toot"),
        ("mastodon.api.polls", "make poll"),
        ("mastodon.api.notifications", "accept clear dismiss grouped notification notifications unread"),
        ("mastodon.api.hashtags", "featured followed tag"),
        ("mastodon.api.filters", "add delete filter filters"),
        ("mastodon.api.suggestions", "suggestion suggestions"),
        ("mastodon.api.relationships", "blocks domain endorsements follow mutes"),
        ("mastodon.api.lists", "list lists"),
        ("mastodon.api.trends", "trending trends"),
        ("mastodon.api.search", "search"),
        ("mastodon.api.favourites", "bookmarks favourites"),
        ("mastodon.api.reports", "report reports"),
        ("mastodon.api.preferences", "markers preferences"),
        ("mastodon.api.push", "push"),
        ("mastodon.api.admin", "admin"),
        ("mastodon.api.conversations", "conversations"),
        ("mastodon.api.media", "media wait"),
        ("mastodon.api.profile", "profile"),
        ("mastodon.api.collections", "collection collections"),
        ("mastodon.api.annual_reports", "annual"),
        ("mastodon.api.async_refresh", "await get refresh"),
        ("mastodon.streaming", "stream"),
    )
    for word in words.split()
}

_CLASS_OF_MODULE: Dict[str, str] = dict(AREAS)
_lock = threading.RLock()


def area_of(name: str) -> Optional[str]:
    """The module of the area that defines ``name``, as far as the hints tell (else None)."""
    module = _BY_NAME.get(name)
    if module is None:
        module = _BY_FIRST_WORD.get(name.lstrip("_").split("_", 1)[0])
    return module


def _is_special(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def _loaded(host: type) -> Set[str]:
    """The modules already loaded into ``host`` (a set kept in the host class itself)."""
    return vars(host)["_areas_loaded"]  # type: ignore[no-any-return]


def load_area(host: type, module_name: str) -> None:
    """Import one area module and copy its mixin's members into ``host`` (once).

    Members ``host`` already has (set on the class by the user, say) are kept.
    """
    loaded = _loaded(host)
    if module_name in loaded:
        return
    with _lock:
        if module_name in loaded:
            return
        mixin = getattr(importlib.import_module(module_name), _CLASS_OF_MODULE[module_name])
        own = vars(host)
        for klass in reversed(mixin.__mro__[:-1]):  # bases first, so that the mixin's own members win
            for key, value in vars(klass).items():
                if not _is_special(key) and key not in own:
                    type.__setattr__(host, key, value)
        loaded.add(module_name)


def load_all_areas(host: type) -> None:
    """Load every area into ``host``: for ``dir()``, ``help()``, subclasses and unplaced names."""
    if len(_loaded(host)) < len(AREAS):
        for module_name, _ in AREAS:
            load_area(host, module_name)


def _host_of(cls: type) -> Optional[type]:
    """The class the areas are loaded into: the one among ``cls``'s classes that lists
    :class:`LazyAreas` as a base (it holds the set of loaded areas)."""
    for klass in cls.__mro__:
        if "_areas_loaded" in vars(klass):
            return klass
    return None


def _load_all_for(cls: type) -> None:
    host = _host_of(cls)
    if host is not None:
        load_all_areas(host)


def _load_for(cls: type, name: str) -> bool:
    """Load the area that defines ``name`` into ``cls``'s host; True when the host has it then."""
    host = _host_of(cls)
    if host is None or _is_special(name):
        return False
    module = area_of(name)
    if module is not None:
        load_area(host, module)
        if name in vars(host):
            return True
    if name.startswith("_"):
        # Private names are all placed by the hints (the tests see to it); libraries probe for
        # ones like ``_mock_name`` or ``_fields``, which must not load every area.
        return False
    load_all_areas(host)
    return name in vars(host)


class LazyAreasMeta(type):
    """Metaclass of :class:`~mastodon.Mastodon`: class-level lookups and ``dir()`` load areas.

    The class that lists :class:`LazyAreas` as a base is the host the areas are copied into. A
    subclass of the host loads every area when it is created, so that ``super().<method>()``
    finds the method in the host whatever was used before.
    """

    def __init__(cls, name: str, bases: Tuple[type, ...], namespace: Dict[str, Any], **kwargs: Any) -> None:
        super().__init__(name, bases, namespace, **kwargs)
        root = globals().get("LazyAreas")  # None while LazyAreas itself is being created
        if root is not None and root in bases:
            type.__setattr__(cls, "_areas_loaded", set())
        elif _host_of(cls) is not cls:
            _load_all_for(cls)

    def __dir__(cls) -> List[str]:
        _load_all_for(cls)
        return list(super().__dir__())

    if not TYPE_CHECKING:  # type checkers see the mixins themselves (client.py)
        def __getattr__(cls, name: str) -> Any:
            if _load_for(cls, name):
                return type.__getattribute__(cls, name)
            raise AttributeError(f"type object {cls.__name__!r} has no attribute {name!r}")


class LazyAreas(metaclass=LazyAreasMeta):
    """The runtime stand-in for every area mixin among ``Mastodon``'s bases."""

    __slots__ = ()

    def __dir__(self) -> List[str]:
        _load_all_for(type(self))
        return list(super().__dir__())

    if not TYPE_CHECKING:
        def __getattr__(self, name: str) -> Any:
            if _load_for(type(self), name):
                return object.__getattribute__(self, name)
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


def __getattr__(name: str) -> Any:
    """``from mastodon.api import StatusesMixin`` and the like still work: the module is loaded then."""
    for module_name, class_name in AREAS:
        if class_name == name and module_name.startswith(__name__ + "."):
            return getattr(importlib.import_module(module_name), class_name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
