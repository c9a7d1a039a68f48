"""Pagination: reading Link headers into page descriptions, attaching them to results."""

from __future__ import annotations

import functools
import logging
import re
from typing import Any, Dict, Iterator, List, Optional, Tuple

from ..errors import MastodonIllegalArgumentError
from .urls import parse_qsl, urlsplit
from .values import AttribAccessDict, PaginatableList

__all__ = ["PaginationInfo", "PaginationMixin", "parse_link_header", "pagination_from_links", "attach_pagination",
           "find_pagination_info", "same_origin"]

log = logging.getLogger("mastodon.pagination")

# Compiled (and cached) by ``re`` on first use rather than at import.
_LINK_PATTERN = r"<([^>]*)>([^<]*)"
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


def same_origin(url: str, base_url: str) -> bool:
    """True when ``url`` points to the same host and port as ``base_url`` (scheme aside)."""
    try:
        return _origin(urlsplit(url)) == _base(base_url)[0]
    except ValueError:
        return False


def _port(parts: Any) -> Optional[int]:
    port = parts.port
    if port is not None:
        return port
    return {"http": 80, "https": 443}.get(parts.scheme)


def _origin(parts: Any) -> Tuple[str, Optional[int]]:
    return (parts.hostname or "").lower(), _port(parts)


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
    """(path relative to the base URL, query) of a page link, or None when it is not to be followed."""
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
    origin, base_path = _base(base_url)
    if parts.scheme or parts.netloc:
        try:
            same = _origin(parts) == origin
        except ValueError:  # a port that is not a number
            same = False
        if not same:
            log.warning("not following a %s-page link to another host: %s", direction, url)
            return None
    path = parts.path
    if base_path and path.startswith(base_path + "/"):
        path = path[len(base_path):]
    if not path.startswith("/"):
        return None
    return path, parts.query


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

    def _fetch_page(self, page: Any, direction: str) -> Any:
        info = find_pagination_info(page, direction)
        if info is None:
            return None
        params = {k: v for k, v in info.items() if not k.startswith("_pagination")}
        # The page is typed as the first one was: its hint travels on the page description (and
        # the page), put there when the first page was cast; none means untyped.
        hint = getattr(info, "_mastopy_hint", None)
        if hint is None:
            hint = getattr(page, "_mastopy_hint", None)
        from .casting import fetch_as
        return fetch_as(hint, self._api_request, info["_pagination_method"],  # type: ignore[attr-defined]
                        info["_pagination_endpoint"], params)

    def fetch_next(self, previous_page: Any) -> Any:
        """Fetch the page that follows ``previous_page`` (older items, for timelines).

        :param previous_page: a paginated result, or its ``_pagination_next`` info.
        :returns: the next page (a list, or a dict for dict-shaped results), or None when
            there is none. The server's Link header decides; no header means no more pages.
        """
        return self._fetch_page(previous_page, "next")

    def fetch_previous(self, next_page: Any) -> Any:
        """Fetch the page that precedes ``next_page`` (newer items, for timelines).

        :param next_page: a paginated result, or its ``_pagination_prev`` info.
        :returns: the previous page, or None when there is none.
        """
        return self._fetch_page(next_page, "previous")

    def fetch_remaining(self, first_page: Any) -> PaginatableList:
        """Fetch every page after ``first_page`` and return all items in one list.

        :param first_page: a paginated list result.
        :returns: :class:`PaginatableList` with the items of ``first_page`` and all later
            pages, in order. Beware of endpoints with very many pages.
        """
        if not isinstance(first_page, list):
            raise MastodonIllegalArgumentError("fetch_remaining needs a list result (a page of items)")
        combined: PaginatableList = PaginatableList(first_page)
        for page in self.pagination_page_iterator(first_page):
            if page is not first_page:
                combined.extend(page)
        object.__setattr__(combined, "_pagination_prev", getattr(first_page, "_pagination_prev", None))
        object.__setattr__(combined, "_pagination_next", None)
        hint = getattr(first_page, "_mastopy_hint", None)
        if hint is not None:
            object.__setattr__(combined, "_mastopy_hint", hint)
        return combined

    def pagination_page_iterator(self, start_page: Any, direction: str = "next",
                                 return_pagination_info: bool = False) -> Iterator[Any]:
        """Iterate over pages, starting with ``start_page`` and following links in ``direction``.

        :param start_page: a paginated result.
        :param direction: ``"next"`` or ``"previous"``.
        :param return_pagination_info: yield ``(page, info)`` where ``info`` is the
            :class:`PaginationInfo` leading on from that page (None on the last page), so a
            long walk can be resumed later with ``fetch_next(info)``.
        """
        direction = _direction(direction)
        page = start_page
        seen = set()
        while page:
            info = find_pagination_info(page, direction)
            yield (page, info) if return_pagination_info else page
            if info is None:
                return
            key = tuple(sorted((k, str(v)) for k, v in info.items()))
            if key in seen:  # a server repeating itself would otherwise loop forever
                log.warning("pagination stopped: the server sent the same %s link twice", direction)
                return
            seen.add(key)
            page = self._fetch_page(info, direction)

    def pagination_iterator(self, start_page: Any, direction: str = "next",
                            return_pagination_info: bool = False) -> Iterator[Any]:
        """Iterate over items, page after page, starting with the items of ``start_page``.

        :param start_page: a paginated list result.
        :param direction: ``"next"`` or ``"previous"``.
        :param return_pagination_info: yield ``(item, info)`` with the :class:`PaginationInfo`
            leading on from the item's page.
        """
        for entry in self.pagination_page_iterator(start_page, direction, return_pagination_info=True):
            page, info = entry
            for item in page:
                yield (item, info) if return_pagination_info else item
