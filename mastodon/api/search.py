"""Search for accounts, statuses and hashtags."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Dict, Optional, Union

from ..core.casting import cast_result
from ..core.params import IdLike, PageBound, check_choice
from ..core.values import AttribAccessDict
from ..core.versions import api_version
from ..errors import MastodonIllegalArgumentError, MastodonVersionError

if TYPE_CHECKING:
    from ..return_types import Search, SearchV2

__all__ = ["SearchMixin", "RESULT_TYPES"]

log = logging.getLogger("mastodon.search")

#: What ``result_type`` may restrict a search to.
RESULT_TYPES = ("accounts", "hashtags", "statuses")

#: Mastodon 2.4.1 added GET /api/v2/search (3.0 removed v1).
_V2_SEARCH = "2.4.1"


def _check_query(q: Any) -> None:
    if not isinstance(q, str):
        raise MastodonIllegalArgumentError(f"q must be the search text; got {q!r}")


class SearchMixin:
    """Search: one call for accounts, hashtags and statuses, on every server version."""

    _api_request: Any
    _offset_page: Any
    _newer_or_older: Any

    def _search_v2_params(self, q: str, resolve: bool, result_type: Optional[str], account_id: Optional[IdLike],
                          offset: Optional[int], min_id: PageBound, max_id: PageBound, exclude_unreviewed: bool,
                          limit: Optional[int], following: Optional[bool]) -> Dict[str, Any]:
        _check_query(q)
        check_choice("result_type", result_type, RESULT_TYPES)
        return {"q": q, "resolve": bool(resolve), "type": result_type, "account_id": account_id, "offset": offset,
                "min_id": min_id, "max_id": max_id, "exclude_unreviewed": bool(exclude_unreviewed), "limit": limit,
                "following": following}

    @api_version("1.1.0", "2.8.0")
    def search(self, q: str, resolve: bool = True, result_type: Optional[str] = None,
               account_id: Optional[IdLike] = None, offset: Optional[int] = None, min_id: PageBound = None,
               max_id: PageBound = None, exclude_unreviewed: bool = True, limit: Optional[int] = None,
               following: Optional[bool] = None) -> Union[Search, SearchV2]:
        """Search accounts, hashtags and statuses, with whichever search endpoint the server has.

        Servers known to run Mastodon 2.4.1 or later, and servers whose version cannot be
        learned, are asked with :meth:`search_v2`; if the server answers 404 there, or is
        known to be older, :meth:`search_v1` is used. The v1 endpoint only takes ``q`` and
        ``resolve``: asking it for more (``result_type``, ``account_id``, ``offset``,
        ``min_id``, ``max_id``, ``limit``, ``following``) raises
        :class:`MastodonVersionError` rather than silently returning unfiltered results.

        :param q: what to look for: words, ``@user@domain``, ``#tag``, or a URL.
        :param resolve: look up unknown remote accounts and URLs on their servers (needs a
            user token).
        :param result_type: only ``"accounts"``, ``"hashtags"`` or ``"statuses"``.
        :param account_id: only statuses by this account (id or Account).
        :param offset: skip this many results (with ``result_type``; needs a user token).
        :param min_id: results immediately newer than this id.
        :param max_id: results older than this id.
        :param exclude_unreviewed: leave out hashtags the moderators have not reviewed
            (the server's default is to include them).
        :param limit: results per type (server default 20, at most 40).
        :param following: only accounts you follow.
        :returns: SearchV2 (``hashtags`` are Tag entities) from the v2 endpoint or, from the
            v1 endpoint, Search (``hashtags`` are plain strings): the class follows the endpoint
            that answered, not the keys of the answer.
        """
        params = self._search_v2_params(q, resolve, result_type, account_id, offset, min_id, max_id,
                                        exclude_unreviewed, limit, following)
        # Cast here, by endpoint: the union's best-fit choice would take a v2 answer without
        # ``collections`` (servers before 4.5) for a v1 Search.
        from ..return_types import Search, SearchV2

        def v1() -> AttribAccessDict:
            v2_only = [k for k in ("type", "account_id", "offset", "min_id", "max_id", "limit", "following")
                       if params[k] is not None]
            if v2_only:
                raise MastodonVersionError(
                    f"this server only has the v1 search, which does not take {', '.join(v2_only)}")
            return cast_result(self._search_v1_request(q, resolve), Search)

        def v2() -> AttribAccessDict:
            return cast_result(self._search_v2_request(params), SearchV2)

        return self._newer_or_older(_V2_SEARCH, v2, v1, "search")

    @api_version("1.1.0", "2.1.0")
    def search_v1(self, q: str, resolve: bool = False) -> Search:
        """Search with the old endpoint, removed in Mastodon 3.0 (``GET /api/v1/search``).

        Prefer :meth:`search`, which picks the endpoint the server has.

        :param q: what to look for.
        :param resolve: look up unknown remote accounts (``user@domain``) and URLs on their
            servers.
        :returns: Search: ``accounts`` (Account), ``statuses`` (Status) and ``hashtags``
            (strings).
        """
        return self._search_v1_request(q, resolve)

    def _search_v1_request(self, q: str, resolve: bool) -> Any:
        _check_query(q)
        return self._api_request("GET", "/api/v1/search", {"q": q, "resolve": bool(resolve)})

    @api_version("2.4.1", "2.8.0")
    def search_v2(self, q: str, resolve: bool = True, result_type: Optional[str] = None,
                  account_id: Optional[IdLike] = None, offset: Optional[int] = None, min_id: PageBound = None,
                  max_id: PageBound = None, exclude_unreviewed: bool = True, limit: Optional[int] = None,
                  following: Optional[bool] = None) -> SearchV2:
        """Search accounts, hashtags and statuses (``GET /api/v2/search``).

        What is found depends on the server: accounts and hashtags always, statuses only
        where full-text search is set up (and then mostly your own and those you
        interacted with).

        :param q: what to look for: words, ``@user@domain``, ``#tag``, or a URL.
        :param resolve: look up unknown remote accounts and URLs on their servers (needs a
            user token).
        :param result_type: only ``"accounts"``, ``"hashtags"`` or ``"statuses"``.
        :param account_id: only statuses by this account (id or Account).
        :param offset: skip this many results (with ``result_type``; needs a user token).
        :param min_id: results immediately newer than this id.
        :param max_id: results older than this id.
        :param exclude_unreviewed: leave out hashtags the moderators have not reviewed
            (the server's default is to include them).
        :param limit: results per type (server default 20, at most 40).
        :param following: only accounts you follow.
        :returns: Search: ``accounts`` (Account), ``statuses`` (Status), ``hashtags`` (Tag).
        """
        params = self._search_v2_params(q, resolve, result_type, account_id, offset, min_id, max_id,
                                        exclude_unreviewed, limit, following)
        return self._search_v2_request(params)

    def _search_v2_request(self, params: Dict[str, Any]) -> Any:
        """GET /api/v2/search; with a ``type``, the result pages by offset through that type's list."""
        if isinstance(params.get("type"), str):  # one type of result: a page of it, by offset
            return self._offset_page("/api/v2/search", params, items_key=params["type"])
        return self._api_request("GET", "/api/v2/search", params)
