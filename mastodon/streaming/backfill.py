"""Catching up after a reconnection: what a stream missed, fetched through the REST API, delivered once and in order.

The planning is free of I/O (:class:`CatchUpRound` says which page to fetch next and, given
the pages, what to deliver), so the sync handles drive it with plain calls and the async ones
with awaited calls; :meth:`CatchUp.run` is the sync driver.
"""

from __future__ import annotations

import heapq
import logging
import threading
from datetime import datetime, timezone
from contextlib import contextmanager
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Sequence, Set, Tuple

from ..errors import MastodonAPIError, MastodonError, MastodonNetworkError, MastodonRatelimitError, MastodonServerError

__all__ = ["Source", "CatchUp", "CatchUpRound", "Fetch", "id_order", "is_transient", "PAGE_SIZE", "MAX_PAGES"]

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



def _newest(source: Source, page: Any) -> Optional[str]:
    """The highest key on a page (None for an empty page or one without keys)."""
    keys = []
    for item in page or ():
        try:
            keys.append(source.key(item))
        except (KeyError, TypeError, AttributeError):
            continue
    return max(keys, key=id_order) if keys else None


def _when(source: Source, item: Any) -> Any:
    try:
        when = source.when(item)
    except (KeyError, TypeError, AttributeError):
        when = None
    return when if isinstance(when, datetime) else _EPOCH


class Fetch:
    """One REST call a catch-up round asks for: a page of ``source`` newer than ``min_id``."""

    __slots__ = ("source", "min_id", "limit")

    def __init__(self, source: Source, min_id: Optional[str], limit: int) -> None:
        self.source = source
        self.min_id = min_id
        self.limit = limit

    def call(self, api: Any) -> Any:
        """Make the call on ``api``: the page, or an awaitable of it when ``api`` is an async client.

        A client without the endpoint method raises :class:`MastodonAPIError` (so the source is dropped).
        """
        try:
            return self.source.fetch(api, self.min_id, self.limit)
        except AttributeError as e:  # the client lacks the endpoint method
            raise MastodonAPIError(f"cannot fetch {self.source.event} events: {e}") from e

    def __repr__(self) -> str:
        return f"<Fetch {self.source.event} min_id={self.min_id} limit={self.limit}>"


class CatchUpRound:
    """One catch-up at a (re)connection, as a plan without I/O.

    The shell that drives it asks :meth:`next_fetch` for the REST call to make, makes it
    (a plain call in the sync client, an awaited one in the async client), and hands over
    the page with :meth:`page` or the error with :meth:`failed`, until :meth:`next_fetch`
    returns None. Then :attr:`events` holds what to deliver, oldest first, as
    ``(event name, entity)`` pairs; delivering them goes through :meth:`CatchUp.replaying`.

    The first round of a :class:`CatchUp` takes the baseline (the newest id of each source,
    nothing to deliver); every later one collects what is newer than the anchors.
    """

    def __init__(self, catch_up: "CatchUp") -> None:
        self._owner = catch_up
        self.baseline = not catch_up._baselined
        self._todo = list(catch_up._sources)  # sources still to fetch, in order
        self._index = -1
        self._source: Optional[Source] = None
        self._anchor = ""
        self._min_id: Optional[str] = None
        self._pages = 0
        self._found: Dict[str, Any] = {}
        self._batches: List[List[Tuple[Any, int, Tuple[int, str], str, Any]]] = []
        #: What to deliver once :meth:`next_fetch` has returned None: (event name, entity), oldest first.
        self.events: List[Tuple[str, Any]] = []
        self._done = False

    def next_fetch(self) -> Optional[Fetch]:
        """The next REST call to make, or None when the round is planned out (see :attr:`events`)."""
        if self._source is not None:
            return Fetch(self._source, self._min_id, self._owner.page_size)
        owner = self._owner
        while self._todo:
            source = self._todo.pop(0)
            self._index += 1
            if self.baseline:
                self._source = source
                return Fetch(source, None, 1)
            with owner._lock:
                anchor = owner._anchors.get(source.event)
            if anchor is None:
                continue  # nothing known to start after (baseline failed and nothing delivered yet)
            self._source, self._anchor, self._min_id, self._pages, self._found = source, anchor, anchor, 0, {}
            return Fetch(source, anchor, owner.page_size)
        if not self._done:
            self._done = True
            if self.baseline:
                owner._baselined = True
            else:
                merged = heapq.merge(*self._batches, key=lambda entry: entry[:3])
                self.events = [(name, item) for _, _, _, name, item in merged]
        return None

    def page(self, page: Any) -> None:
        """The answer to the last :meth:`next_fetch`."""
        source = self._source
        assert source is not None, "page() without a pending fetch"
        owner = self._owner
        newest = _newest(source, page)
        if self.baseline:
            # An empty timeline: everything it gets later is new, so start from the very beginning.
            owner._advance(source.event, newest if newest is not None else "0")
            self._source = None
            return
        self._pages += 1
        if page:
            for item in page:
                try:
                    self._found.setdefault(source.key(item), item)
                except (KeyError, TypeError, AttributeError):
                    continue
        min_id = self._min_id or ""
        if not page or newest is None or id_order(newest) <= id_order(min_id):
            self._finish_source()  # an empty page; or no progress: the server ignores min_id, or ids do not sort
        elif self._pages >= owner.max_pages:
            log.warning("catching up on %s stopped after %d pages; older missed events are left out",
                        source.event, owner.max_pages)
            self._finish_source()
        else:
            self._min_id = newest

    def failed(self, error: BaseException) -> None:
        """The last :meth:`next_fetch` failed with ``error``.

        Transient failures (network, 5xx, rate limit) are raised again: the round is given up
        and the connection retried with nothing delivered. A source that fails otherwise (no
        permission, endpoint missing) is dropped with a warning and the round goes on.
        """
        source = self._source
        if not isinstance(error, MastodonError) or is_transient(error) or source is None:
            raise error
        self._source = None
        self._owner._drop(source, error)

    def _finish_source(self) -> None:
        source, found, anchor = self._source, self._found, id_order(self._anchor)
        assert source is not None
        items = [found[key] for key in sorted(found, key=id_order) if id_order(key) > anchor]
        self._batches.append([(_when(source, item), self._index, id_order(source.key(item)), source.event, item)
                              for item in items])
        self._source, self._found = None, {}


class CatchUp:
    """The bookkeeping that lets one stream reconnect without losing events.

    It remembers, per source, the newest id delivered (its *anchor*): :meth:`gate` updates
    it for every event that reaches the listener. At the first connection a round takes the
    newest id of each source as the starting anchor; after a reconnection a round fetches
    everything newer than the anchors (``min_id`` pages until a page comes back empty),
    merges the sources by creation time, and the events are delivered oldest first. Events
    the new connection then brings again are recognised by id and dropped, so each is
    delivered at most once.

    :meth:`plan` starts a :class:`CatchUpRound` (no I/O); :meth:`run` drives one with plain
    calls on the sync client.
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
        self._run_lock = threading.Lock()  # one catch-up at a time (sync driver)
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
    def plan(self) -> CatchUpRound:
        """A new round: the baseline the first time, then what was missed (drive it, then deliver)."""
        return CatchUpRound(self)

    @contextmanager
    def replaying(self) -> Iterator[None]:
        """Around the delivery of a round's events: live events that repeat them are dropped later."""
        with self._lock:
            self._replayed = set()
            self._replaying = True
        try:
            yield
        finally:
            with self._lock:
                self._replaying = False

    def run(self, deliver: Callable[[str, Any], None], keep_going: Callable[[], bool] = lambda: True) -> int:
        """Called once a connection is open, before its events are read (the sync driver of a round).

        The first time, records the newest id of each source; later, delivers what was
        missed. Returns the number of events delivered. Transient REST failures (network,
        5xx, rate limit) are raised, so the connection is retried with nothing delivered;
        a source that fails otherwise (no permission, endpoint missing) is dropped with a
        warning and the stream goes on without catching up on it. ``keep_going()`` is asked
        before every REST call and every delivery: once it is false, the round is given up
        (nothing more is fetched or delivered; returns what was delivered so far).
        """
        with self._run_lock:
            round = self.plan()
            step = round.next_fetch()
            while step is not None:
                if not keep_going():
                    return 0  # (a baseline round given up is taken again at the next run)
                try:
                    page = step.call(self._api)
                except MastodonError as e:
                    round.failed(e)
                else:
                    round.page(page)
                step = round.next_fetch()
            delivered = 0
            if round.events:
                with self.replaying():
                    for name, item in round.events:
                        if not keep_going():
                            break
                        deliver(name, item)
                        delivered += 1
                log.info("caught up on %d missed event(s) after reconnecting", delivered)
            return delivered

    # -- helpers ------------------------------------------------------------------------------------
    def _advance(self, event: str, key: str) -> None:
        with self._lock:
            anchor = self._anchors.get(event)
            if anchor is None or id_order(key) > id_order(anchor):
                self._anchors[event] = key

    def _drop(self, source: Source, error: BaseException) -> None:
        log.warning("events of kind %r cannot be caught up on after a reconnection: %s", source.event, error)
        if source in self._sources:
            self._sources.remove(source)
        self._by_event.pop(source.event, None)
