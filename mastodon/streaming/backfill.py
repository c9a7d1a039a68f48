"""Catching up after a reconnection: what a stream missed, fetched through the REST API, delivered once and in order."""

from __future__ import annotations

import heapq
import logging
import threading
from datetime import datetime, timezone
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Set, Tuple

from ..errors import MastodonAPIError, MastodonError, MastodonNetworkError, MastodonRatelimitError, MastodonServerError

__all__ = ["Source", "CatchUp", "id_order", "PAGE_SIZE", "MAX_PAGES"]

log = logging.getLogger("mastodon.streaming")

#: Items asked for per page (the most every timeline endpoint allows).
PAGE_SIZE = 40
#: Pages fetched per source and reconnection at most (2000 events); more is logged and left out.
MAX_PAGES = 50

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def id_order(value: str) -> Tuple[int, str]:
    """A sort key for API ids: numeric ids of different lengths, and fixed-length string ids (ULIDs, flakes)."""
    return (len(value), value)


def _own_id(item: Mapping[str, Any]) -> str:
    return str(item["id"])


def _created_at(item: Mapping[str, Any]) -> Any:
    return item.get("created_at")


class Source:
    """A REST endpoint that holds the events of one kind a stream delivers.

    ``fetch(api, min_id, limit)`` returns a page of entities newer than ``min_id``;
    ``key(entity)`` is the id that page bounds compare (and that identifies a delivered
    event); ``when(entity)`` orders events of different sources against each other.
    """

    __slots__ = ("event", "fetch", "key", "when")

    def __init__(self, event: str, fetch: Callable[[Any, Optional[str], int], Any],
                 key: Callable[[Mapping[str, Any]], str] = _own_id,
                 when: Callable[[Mapping[str, Any]], Any] = _created_at) -> None:
        self.event = event
        self.fetch = fetch
        self.key = key
        self.when = when

    def __repr__(self) -> str:
        return f"<Source {self.event} via {getattr(self.fetch, '__name__', 'fetch')}>"


def is_transient(error: BaseException) -> bool:
    """Whether a failed REST call is worth trying again later (network, 5xx, rate limit)."""
    return isinstance(error, (MastodonNetworkError, MastodonServerError, MastodonRatelimitError))


class CatchUp:
    """The bookkeeping that lets one stream reconnect without losing events.

    It remembers, per source, the newest id delivered (its *anchor*): :meth:`gate` updates
    it for every event that reaches the listener. At the first connection :meth:`run` takes
    the newest id of each source as the starting anchor; after a reconnection it fetches
    everything newer than the anchors (``min_id`` pages until a page comes back empty),
    merges the sources by creation time, and delivers the events oldest first. Events the
    new connection then brings again are recognised by id and dropped, so each is delivered
    at most once.
    """

    def __init__(self, api: Any, sources: Sequence[Source], page_size: int = PAGE_SIZE,
                 max_pages: int = MAX_PAGES) -> None:
        self._api = api
        self._sources = list(sources)
        self._by_event: Dict[str, Source] = {s.event: s for s in self._sources}
        self._anchors: Dict[str, str] = {}
        self._replayed: Set[Tuple[str, str]] = set()
        self._replaying = False
        self._baselined = False
        self._lock = threading.Lock()  # anchors and the replayed set
        self._run_lock = threading.Lock()  # one catch-up at a time
        self.page_size = page_size
        self.max_pages = max_pages

    @property
    def anchors(self) -> Dict[str, str]:
        """Event name -> the newest id accounted for (a copy)."""
        with self._lock:
            return dict(self._anchors)

    @property
    def tracked(self) -> bool:
        return bool(self._sources)

    # -- live events --------------------------------------------------------------------------------
    def gate(self, name: str, value: Any) -> bool:
        """Record an event about to be delivered; False for one a catch-up already delivered."""
        source = self._by_event.get(name)
        if source is None:
            return True
        try:
            key = source.key(value)
        except (KeyError, TypeError, AttributeError):
            return True
        marker = (name, key)
        with self._lock:
            if self._replaying:
                self._replayed.add(marker)
            elif marker in self._replayed:
                return False
            anchor = self._anchors.get(name)
            if anchor is None or id_order(key) > id_order(anchor):
                self._anchors[name] = key
        return True

    # -- at (re)connection --------------------------------------------------------------------------
    def run(self, deliver: Callable[[str, Any], None], keep_going: Callable[[], bool] = lambda: True) -> int:
        """Called once a connection is open, before its events are read.

        The first time, records the newest id of each source; later, delivers what was
        missed. Returns the number of events delivered. Transient REST failures (network,
        5xx, rate limit) are raised, so the connection is retried with nothing delivered;
        a source that fails otherwise (no permission, endpoint missing) is dropped with a
        warning and the stream goes on without catching up on it.
        """
        with self._run_lock:
            if not self._baselined:
                self._baseline()
                return 0
            return self._replay(deliver, keep_going)

    def _baseline(self) -> None:
        for source in list(self._sources):
            try:
                page = self._fetch(source, None, 1)
            except MastodonError as e:
                if is_transient(e):
                    raise
                self._drop(source, e)
                continue
            newest = self._newest(source, page)
            # An empty timeline: everything it gets later is new, so start from the very beginning.
            self._advance(source.event, newest if newest is not None else "0")
        self._baselined = True

    def _replay(self, deliver: Callable[[str, Any], None], keep_going: Callable[[], bool]) -> int:
        batches = []
        for index, source in enumerate(list(self._sources)):
            with self._lock:
                anchor = self._anchors.get(source.event)
            if anchor is None:
                continue  # nothing known to start after (baseline failed and nothing delivered yet)
            try:
                items = self._collect(source, anchor)
            except MastodonError as e:
                if is_transient(e):
                    raise
                self._drop(source, e)
                continue
            batches.append([(self._when(source, item), index, id_order(source.key(item)), source.event, item)
                            for item in items])
        events = list(heapq.merge(*batches, key=lambda entry: entry[:3]))
        with self._lock:
            self._replayed = set()
            self._replaying = True
        delivered = 0
        try:
            for _, _, _, name, item in events:
                if not keep_going():
                    break
                deliver(name, item)
                delivered += 1
        finally:
            with self._lock:
                self._replaying = False
        if events:
            log.info("caught up on %d missed event(s) after reconnecting", delivered)
        return delivered

    def _collect(self, source: Source, anchor: str) -> List[Any]:
        """Everything of ``source`` newer than ``anchor``, oldest first, each once."""
        found: Dict[str, Any] = {}
        min_id = anchor
        for _ in range(self.max_pages):
            page = self._fetch(source, min_id, self.page_size)
            if not page:
                break
            for item in page:
                try:
                    found.setdefault(source.key(item), item)
                except (KeyError, TypeError, AttributeError):
                    continue
            newest = self._newest(source, page)
            if newest is None or id_order(newest) <= id_order(min_id):
                break  # no progress: the server ignores min_id, or the ids do not sort
            min_id = newest
        else:
            log.warning("catching up on %s stopped after %d pages; older missed events are left out",
                        source.event, self.max_pages)
        return [found[key] for key in sorted(found, key=id_order) if id_order(key) > id_order(anchor)]

    # -- helpers ------------------------------------------------------------------------------------
    def _fetch(self, source: Source, min_id: Optional[str], limit: int) -> Any:
        try:
            return source.fetch(self._api, min_id, limit)
        except AttributeError as e:  # the client lacks the endpoint method
            raise MastodonAPIError(f"cannot fetch {source.event} events: {e}") from e

    @staticmethod
    def _newest(source: Source, page: Any) -> Optional[str]:
        keys = []
        for item in page or ():
            try:
                keys.append(source.key(item))
            except (KeyError, TypeError, AttributeError):
                continue
        return max(keys, key=id_order) if keys else None

    @staticmethod
    def _when(source: Source, item: Any) -> Any:
        try:
            when = source.when(item)
        except (KeyError, TypeError, AttributeError):
            when = None
        return when if isinstance(when, datetime) else _EPOCH

    def _advance(self, event: str, key: str) -> None:
        with self._lock:
            anchor = self._anchors.get(event)
            if anchor is None or id_order(key) > id_order(anchor):
                self._anchors[event] = key

    def _drop(self, source: Source, error: BaseException) -> None:
        log.warning("events of kind %r cannot be caught up on after a reconnection: %s", source.event, error)
        self._sources.remove(source)
        self._by_event.pop(source.event, None)
