"""Pagination: reading Link headers into page descriptions, attaching them to results."""

from __future__ import annotations

import functools
import logging
import re
from typing import Any, Dict, Iterator, List, Literal, Optional, Tuple, TypeVar, overload

from ..errors import MastodonIllegalArgumentError
from .urls import check_api_path, check_page_method, origin as _origin, parse_qsl, same_origin, urlsplit
from .values import AttribAccessDict, EntityList, PaginatableList

#: The type of a page (a result list such as ``PaginatableList[Status]``): what the page
#: methods return is typed as what they were given.
_PageT = TypeVar("_PageT", bound=EntityList[Any])
#: The type of the items of a page.
_ItemT = TypeVar("_ItemT")

__all__ = ["PaginationInfo", "PaginationMixin", "parse_link_header", "pagination_from_links", "attach_pagination",
           "attach_offset_pagination", "find_pagination_info", "same_origin"]

log = logging.getLogger("mastodon.pagination")

# Compiled (and cached) by ``re`` on first use rather than at import.
# A URL holds no "<" (RFC 3986): a "<" never closed ends the attempt at the next one, so the
# parser stays linear on hostile headers ("<<<<...").
_LINK_PATTERN = r"<([^<>]*)>([^<]*)"
_REL_PATTERN = r'(?i);\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))'


class PaginationInfo(AttribAccessDict):
    """How to fetch a neighbouring page: the query parameters of the page's link.

    The keys are the query parameters (``max_id``, ``min_id``, ``limit``, ``offset``, ...);
    ``_pagination_method`` and ``_pagination_endpoint`` say which request to repeat, and
    ``_pagination_direction`` whether this is the ``next`` or ``previous`` page. Pass it, or
    the page it came with, to ``fetch_next``/``fetch_previous``.
    """


def parse_link_header(value: Optional[str]) -> Dict[str, str]:
    """``rel`` -> URL for each link of a ``Link`` header; malformed parts are skipped, never raised."""
    links: Dict[str, str] = {}
    if not value or not isinstance(value, str):
        return links
    for url, params in re.findall(_LINK_PATTERN, value):
        rel = re.search(_REL_PATTERN, params)
        if rel is None:
            continue
        for name in (rel.group(1) if rel.group(1) is not None else rel.group(2)).split():
            links.setdefault(name.lower(), url.strip())
    return links


@functools.lru_cache(maxsize=64)
def _base(base_url: str) -> Tuple[Tuple[str, Optional[int]], str]:
    """The origin and the path prefix (no trailing slash) of a base URL; a client has one or two."""
    parts = urlsplit(base_url)
    return _origin(parts), parts.path.rstrip("/")


def _query_pairs(query: str) -> List[Tuple[str, str]]:
    """``parse_qsl(query, keep_blank_values=True)``, without its unquoting work when there is none to do."""
    if "%" in query or "+" in query or ";" in query:
        return parse_qsl(query, keep_blank_values=True)
    return [(name, value) for name, _, value in (field.partition("=") for field in query.split("&") if field)]


def _split_link(url: str, base_url: str, direction: str) -> Optional[Tuple[str, str]]:
    """(path relative to the base URL, query) of a page link, or None when it is not to be followed.

    Only the path and query of a link are used: the next request always goes to the client's
    own base URL. A link naming another host (a server reached by IP or an internal name
    writes its public name into its links) is therefore followed on the client's server, and
    neither the token nor anything else is ever sent to the host the link names.
    """
    if url.startswith(base_url) and url[len(base_url):len(base_url) + 1] == "/" and \
            "\t" not in url and "\r" not in url and "\n" not in url:
        # The usual case: the server links below the very base URL the client uses, so the link
        # is same-origin by construction and urlsplit's work (several microseconds) can be skipped.
        rest = url[len(base_url):].partition("#")[0]
        path, _, query = rest.partition("?")
        return path, query
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        return None
    origin, base_path = _base(base_url)
    if parts.netloc and not _same_origin_parts(parts, origin):
        log.debug("%s-page link names another host (%s); following its path on %s", direction,
                  parts.netloc, base_url)
    path = parts.path
    if base_path and path.startswith(base_path + "/"):
        path = path[len(base_path):]
    if not path.startswith("/"):
        return None
    return path, parts.query


def _same_origin_parts(parts: Any, origin: Tuple[str, Optional[int]]) -> bool:
    try:
        return _origin(parts) == origin
    except ValueError:  # a port that is not a number
        return False


def _info_from_url(url: str, method: str, base_url: str, direction: str) -> Optional[PaginationInfo]:
    split = _split_link(url, base_url, direction)
    if split is None:
        return None
    path, query = split
    pairs = _query_pairs(query)
    info = PaginationInfo(pairs)
    # Repeated keys (types[]=a&types[]=b) must stay lists.
    multi = [k for k in info if k.endswith("[]")]
    if multi:
        for k in multi:
            info[k[:-2]] = [v for kk, v in pairs if kk == k]
            del info[k]
    info["_pagination_method"] = method
    info["_pagination_endpoint"] = path
    info["_pagination_direction"] = direction
    return info


def pagination_from_links(link_header: Optional[str], method: str, base_url: str) -> Dict[str, PaginationInfo]:
    """The next/previous page descriptions in a Link header, keyed ``"next"`` and ``"previous"``."""
    result: Dict[str, PaginationInfo] = {}
    if not link_header:
        return result
    links = parse_link_header(link_header)
    for rel, direction in (("next", "next"), ("prev", "previous"), ("previous", "previous")):
        url = links.get(rel)
        if url and direction not in result:
            info = _info_from_url(url, method, base_url, direction)
            if info is not None:
                result[direction] = info
    return result


def attach_pagination(page: Any, infos: Dict[str, PaginationInfo]) -> None:
    """Store page descriptions on a result as ``_pagination_next`` / ``_pagination_prev``.

    On a list they also go, as attributes (never as keys), on its last and first item,
    where scripts written for the classic interface look for them.
    """
    nxt = infos.get("next")
    prev = infos.get("previous")
    object.__setattr__(page, "_pagination_next", nxt)
    object.__setattr__(page, "_pagination_prev", prev)
    if isinstance(page, list) and page:
        if nxt is not None and isinstance(page[-1], AttribAccessDict):
            object.__setattr__(page[-1], "_pagination_next", nxt)
        if prev is not None and isinstance(page[0], AttribAccessDict):
            object.__setattr__(page[0], "_pagination_prev", prev)


#: Keys of a :class:`PaginationInfo` built from ``offset`` + ``limit`` rather than read from a Link
#: header: how to find the items of a page (``""``: the page is the list; else the key of the
#: list inside it), and whether the server's own links are to be ignored.
_OFFSET_ITEMS = "_pagination_offset_items"
_OFFSET_REBUILD = "_pagination_offset_rebuild"


def _int_or_none(value: Any) -> Optional[int]:
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _page_items(page: Any, items_key: str) -> Optional[list]:
    """The list of items a page holds: the page itself, or the list under ``items_key`` in a dict page."""
    if items_key:
        value = page.get(items_key) if isinstance(page, dict) else None
    else:
        value = page
    return value if isinstance(value, list) else None


def attach_offset_pagination(page: Any, method: str, endpoint: str, params: Optional[Dict[str, Any]],
                             items_key: str = "", rebuild: bool = False) -> Any:
    """Give a result of an offset/limit endpoint next/previous page info built from ``offset`` + ``limit``.

    The next page starts where this one ended (``offset`` + the number of items it holds: servers
    may return fewer than ``limit``), and exists while a page is not empty; the previous one starts
    ``limit`` items earlier and exists when ``offset`` is above 0. Links the server sent are kept,
    unless ``rebuild`` (for endpoints whose links cannot be followed as they are). ``items_key``
    names the list inside a dict result ("inside out" pages: Collections, typed search).
    Returns ``page``.
    """
    items = _page_items(page, items_key)
    if items is None:
        return page
    if not rebuild and (getattr(page, "_pagination_next", None) is not None
                        or getattr(page, "_pagination_prev", None) is not None):
        return page  # the server's own Link header says where the neighbours are
    from .params import clean_params
    base = {k: v for k, v in clean_params(params).items() if k != "offset"}
    offset = max(_int_or_none((params or {}).get("offset")) or 0, 0)
    limit = _int_or_none((params or {}).get("limit"))

    def info(start: int, direction: str) -> PaginationInfo:
        made = PaginationInfo(base)
        made["offset"] = str(start)  # as in infos read from a Link header
        made["_pagination_method"] = method
        made["_pagination_endpoint"] = endpoint
        made["_pagination_direction"] = direction
        made[_OFFSET_ITEMS] = items_key
        made[_OFFSET_REBUILD] = rebuild
        return made

    infos: Dict[str, PaginationInfo] = {}
    # With rebuild, the server's own links cannot be followed, but they still say whether there is
    # a next page: such servers send one only when there is (a page without it is the last one).
    more = getattr(page, "_pagination_next", None) is not None if rebuild else True
    if items and more:
        infos["next"] = info(offset + len(items), "next")
    if offset > 0:
        step = limit if limit and limit > 0 else (len(items) or offset)
        infos["previous"] = info(max(offset - step, 0), "previous")
    attach_pagination(page, infos)
    return page


_DIRECTIONS = {"next": "next", "previous": "previous", "prev": "previous"}


def _direction(value: str) -> str:
    try:
        return _DIRECTIONS[value]
    except (KeyError, TypeError):
        raise MastodonIllegalArgumentError(
            f"pagination direction must be 'next' or 'previous'; got {value!r}") from None


def find_pagination_info(page: Any, direction: str) -> Optional[PaginationInfo]:
    """The page description to follow from ``page`` in ``direction`` ("next" or "previous").

    ``page`` may be a result list, a dict result carrying pagination, an item of a page, or
    a page description itself (as found in ``page._pagination_next``).
    """
    direction = _direction(direction)
    attr = "_pagination_next" if direction == "next" else "_pagination_prev"
    if page is None:
        return None
    if isinstance(page, dict) and "_pagination_endpoint" in page:
        return PaginationInfo(page)
    info = getattr(page, attr, None) if not isinstance(page, dict) or attr not in page else page[attr]
    if info is None and isinstance(page, list) and page:
        edge = page[-1] if direction == "next" else page[0]
        info = edge.get(attr) if isinstance(edge, dict) and attr in edge else getattr(edge, attr, None)
    if info is None:
        return None
    if not isinstance(info, dict) or "_pagination_endpoint" not in info:
        raise MastodonIllegalArgumentError(f"{attr} of the page given is not pagination info")
    return info if isinstance(info, PaginationInfo) else PaginationInfo(info)


class PaginationMixin:
    """fetch_next / fetch_previous / fetch_remaining and the pagination iterators."""

    def get_pagination_info(self, page: Any, pagination_direction: str) -> Optional[PaginationInfo]:
        """How to fetch the page after (``"next"``) or before (``"previous"``) ``page``.

        :param page: a paginated result (list or dict), one of its items, or pagination info.
        :param pagination_direction: ``"next"`` or ``"previous"``.
        :returns: :class:`PaginationInfo`, or None when there is no such page.
        """
        return find_pagination_info(page, pagination_direction)

    def _offset_page(self, endpoint: str, params: Dict[str, Any], items_key: str = "", rebuild: bool = False,
                     **options: Any) -> Any:
        """GET a page of an offset/limit endpoint, with its neighbours' page info made from
        ``offset`` + ``limit`` (see :func:`attach_offset_pagination`); ``options`` go to the request core."""
        result = self._api_request("GET", endpoint, params, **options)  # type: ignore[attr-defined]
        return attach_offset_pagination(result, "GET", endpoint, params, items_key, rebuild)

    def _neighbour_info(self, page: Any, direction: str) -> Optional[PaginationInfo]:
        """``find_pagination_info``, or where the server sends no Link header but pages by
        ``max_id`` (see :func:`mastodon.core.servers.linkless_next`), the page after; a next
        link that skips an item is corrected (:func:`mastodon.core.servers.corrected_cursor`)."""
        info = find_pagination_info(page, direction)
        if direction != "next":
            return info
        if info is None and "_linkless_request" in getattr(page, "__dict__", ()):
            from .servers import linkless_next, page_may_continue
            if page_may_continue(page):  # a full page without a Link: snac may hold more
                following = linkless_next(self._server_software(), page)  # type: ignore[attr-defined]
                info = PaginationInfo(following) if following is not None else None
        elif info is not None and "max_id" in info and isinstance(page, list):
            from .servers import corrected_cursor, cursor_mismatch
            if cursor_mismatch(page, info):  # Hollo's next links skip an item
                corrected = corrected_cursor(self._server_software(), page, info)  # type: ignore[attr-defined]
                info = PaginationInfo(corrected) if corrected is not None else info
        return info

    def _fetch_page(self, page: Any, direction: str) -> Any:
        info = self._neighbour_info(page, direction)
        if info is None:
            return None
        params = {k: v for k, v in info.items() if not k.startswith("_pagination")}
        endpoint = check_api_path(info["_pagination_endpoint"], "the page's _pagination_endpoint")
        if _OFFSET_ITEMS in info:  # an offset/limit endpoint: its pages get their neighbours the same way
            request = functools.partial(self._offset_page, endpoint, params, info[_OFFSET_ITEMS] or "",
                                        bool(info.get(_OFFSET_REBUILD)))
        else:
            request = functools.partial(self._api_request,  # type: ignore[attr-defined]
                                        check_page_method(info.get("_pagination_method")), endpoint, params)

        # The page is typed as the first one was: its hint travels on the page description (and
        # the page), put there when the first page was cast; none means untyped.
        hint = getattr(info, "_mastopy_hint", None)
        if hint is None:
            hint = getattr(page, "_mastopy_hint", None)
        from .casting import fetch_as
        return fetch_as(hint, request)

    @overload
    def fetch_next(self, previous_page: _PageT) -> Optional[_PageT]: ...

    @overload
    def fetch_next(self, previous_page: Any) -> Any: ...

    def fetch_next(self, previous_page: Any) -> Any:
        """Fetch the page that follows ``previous_page`` (older items, for timelines).

        :param previous_page: a paginated result, or its ``_pagination_next`` info.
        :returns: the next page (a list, or a dict for dict-shaped results), or None when
            there is none. The server's Link header decides; no header means no more pages.
        """
        return self._fetch_page(previous_page, "next")

    @overload
    def fetch_previous(self, next_page: _PageT) -> Optional[_PageT]: ...

    @overload
    def fetch_previous(self, next_page: Any) -> Any: ...

    def fetch_previous(self, next_page: Any) -> Any:
        """Fetch the page that precedes ``next_page`` (newer items, for timelines).

        :param next_page: a paginated result, or its ``_pagination_prev`` info.
        :returns: the previous page, or None when there is none.
        """
        return self._fetch_page(next_page, "previous")

    @overload
    def fetch_remaining(self, first_page: EntityList[_ItemT]) -> PaginatableList[_ItemT]: ...

    @overload
    def fetch_remaining(self, first_page: Any) -> PaginatableList[Any]: ...

    def fetch_remaining(self, first_page: Any) -> PaginatableList[Any]:
        """Fetch every page after ``first_page`` and return all items in one list.

        Works on list results only: "inside out" pages (Collections, grouped notifications,
        search with ``result_type``), where the list is inside a dict, are walked with
        :meth:`pagination_page_iterator` or :meth:`fetch_next` instead.

        :param first_page: a paginated list result.
        :returns: :class:`PaginatableList` with the items of ``first_page`` and all later
            pages, in order. Beware of endpoints with very many pages.
        :raises MastodonIllegalArgumentError: for a result that is not a list.
        """
        _require_list(first_page, "fetch_remaining")
        combined: PaginatableList = PaginatableList(first_page)
        for page in self.pagination_page_iterator(first_page):
            if page is not first_page:
                _require_list(page, "fetch_remaining")
                combined.extend(page)
        object.__setattr__(combined, "_pagination_prev", getattr(first_page, "_pagination_prev", None))
        object.__setattr__(combined, "_pagination_next", None)
        hint = getattr(first_page, "_mastopy_hint", None)
        if hint is not None:
            object.__setattr__(combined, "_mastopy_hint", hint)
        return combined

    @overload
    def pagination_page_iterator(self, start_page: _PageT, direction: str = "next",
                                 return_pagination_info: Literal[False] = False) -> Iterator[_PageT]: ...

    @overload
    def pagination_page_iterator(self, start_page: _PageT, direction: str,
                                 return_pagination_info: Literal[True]) -> Iterator[Tuple[_PageT, Optional[PaginationInfo]]]: ...

    @overload
    def pagination_page_iterator(self, start_page: _PageT, direction: str = "next", *,
                                 return_pagination_info: Literal[True]) -> Iterator[Tuple[_PageT, Optional[PaginationInfo]]]: ...

    @overload
    def pagination_page_iterator(self, start_page: Any, direction: str = "next",
                                 return_pagination_info: bool = False) -> Iterator[Any]: ...

    def pagination_page_iterator(self, start_page: Any, direction: str = "next",
                                 return_pagination_info: bool = False) -> Iterator[Any]:
        """Iterate over pages, starting with ``start_page`` and following links in ``direction``.

        Works on list results and on "inside out" pages (dicts such as Collections or grouped
        notifications, whose list is inside). Stops after the last page (an empty last page
        is yielded too), and when the server links to a page it already sent.

        :param start_page: a paginated result, or a :class:`PaginationInfo`: then the page it
            describes is fetched first.
        :param direction: ``"next"`` or ``"previous"``.
        :param return_pagination_info: yield ``(page, info)`` where ``info`` is the
            :class:`PaginationInfo` leading on from that page (None on the last page), so a
            long walk can be resumed later with ``fetch_next(info)``.
        """
        direction = _direction(direction)
        return self._walk_pages(start_page, direction, return_pagination_info)

    def _walk_pages(self, start_page: Any, direction: str, return_pagination_info: bool) -> Iterator[Any]:
        seen = set()
        page = start_page
        items_key = ""
        if _is_info(start_page):
            seen.add(_info_key(start_page))
            items_key = start_page.get(_OFFSET_ITEMS) or ""
            page = self._fetch_page(start_page, direction)
        last_ids: Optional[Tuple[Any, ...]] = None
        while page is not None:
            info = self._neighbour_info(page, direction)
            ids = _item_ids(page, (info.get(_OFFSET_ITEMS) if info else None) or items_key)
            if ids and ids == last_ids:
                # The same items again under another link: a server that ignores max_id or offset
                # would otherwise be asked forever.
                log.warning("pagination stopped: the server sent the same %s page twice", direction)
                return
            last_ids = ids
            yield (page, info) if return_pagination_info else page
            if info is None or not page:
                return
            key = _info_key(info)
            if key in seen:  # a server repeating itself would otherwise loop forever
                log.warning("pagination stopped: the server sent the same %s link twice", direction)
                return
            seen.add(key)
            items_key = info.get(_OFFSET_ITEMS) or items_key
            page = self._fetch_page(info, direction)

    @overload
    def pagination_iterator(self, start_page: EntityList[_ItemT], direction: str = "next",
                            return_pagination_info: Literal[False] = False) -> Iterator[_ItemT]: ...

    @overload
    def pagination_iterator(self, start_page: EntityList[_ItemT], direction: str,
                            return_pagination_info: Literal[True]) -> Iterator[Tuple[_ItemT, Optional[PaginationInfo]]]: ...

    @overload
    def pagination_iterator(self, start_page: EntityList[_ItemT], direction: str = "next", *,
                            return_pagination_info: Literal[True]) -> Iterator[Tuple[_ItemT, Optional[PaginationInfo]]]: ...

    @overload
    def pagination_iterator(self, start_page: Any, direction: str = "next",
                            return_pagination_info: bool = False) -> Iterator[Any]: ...

    def pagination_iterator(self, start_page: Any, direction: str = "next",
                            return_pagination_info: bool = False) -> Iterator[Any]:
        """Iterate over items, page after page, starting with the items of ``start_page``.

        Works on list results only; for "inside out" pages use :meth:`pagination_page_iterator`.

        :param start_page: a paginated list result, or a :class:`PaginationInfo`: then the
            items start with the page it describes.
        :param direction: ``"next"`` or ``"previous"``.
        :param return_pagination_info: yield ``(item, info)`` with the :class:`PaginationInfo`
            leading on from the item's page.
        :raises MastodonIllegalArgumentError: for a result that is not a list (at once for
            ``start_page``, when reached for a fetched page).
        """
        direction = _direction(direction)
        if not _is_info(start_page):
            _require_list(start_page, "pagination_iterator")
        return self._walk_items(start_page, direction, return_pagination_info)

    def _walk_items(self, start_page: Any, direction: str, return_pagination_info: bool) -> Iterator[Any]:
        for page, info in self._walk_pages(start_page, direction, True):
            _require_list(page, "pagination_iterator")
            for item in page:
                yield (item, info) if return_pagination_info else item


def _is_info(value: Any) -> bool:
    """Whether ``value`` is page info (what ``_pagination_next`` holds) rather than a page."""
    return isinstance(value, dict) and "_pagination_endpoint" in value


def _item_ids(page: Any, items_key: str) -> Optional[Tuple[str, ...]]:
    """What tells the items of a page apart (their ids; the whole item where it has none, as a
    trending link), to notice a page served twice; None for an empty page."""
    items = _page_items(page, items_key)
    if not items:
        return None
    # an entity has an "id" key even where the server sent none (declared fields are filled with None)
    return tuple(str(item["id"]) if isinstance(item, dict) and item.get("id") is not None else repr(item)
                 for item in items)


def _info_key(info: Dict[str, Any]) -> Tuple[Tuple[str, str], ...]:
    return tuple(sorted((k, str(v)) for k, v in info.items() if k != "_pagination_direction"))


def _require_list(page: Any, what: str) -> None:
    if not isinstance(page, list):
        raise MastodonIllegalArgumentError(
            f"{what} works on list results only; this is a {type(page).__name__}. For \"inside out\" pages "
            "(Collections, grouped notifications, search with result_type) use pagination_page_iterator, "
            "fetch_next or fetch_previous on the whole result")
