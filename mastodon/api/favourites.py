"""Favourites and bookmarks of the logged-in user."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ..core.params import PageBound, page_params
from ..core.values import PaginatableList
from ..core.versions import api_version

if TYPE_CHECKING:
    from ..return_types import Status

__all__ = ["FavouritesMixin"]


class FavouritesMixin:
    """The statuses the logged-in user favourited or bookmarked, most recent first.

    Both lists are paginated by the ids of the favourite/bookmark records, which the API
    does not show: page on with ``fetch_next``.
    """

    _api_request: Any

    @api_version("1.0.0", "2.6.0")
    def favourites(self, max_id: PageBound = None, min_id: PageBound = None, since_id: PageBound = None,
                   limit: Optional[int] = None) -> PaginatableList[Status]:
        """Statuses the logged-in user favourited (``GET /api/v1/favourites``).

        :param max_id: upper bound, from a previous page.
        :param min_id: lower bound, paging forward, from a previous page.
        :param since_id: lower bound, from a previous page.
        :param limit: how many statuses to return (server default 20, at most 40).
        :returns: :class:`PaginatableList` of Status.
        """
        return self._api_request("GET", "/api/v1/favourites", page_params(max_id, min_id, since_id, limit))

    @api_version("3.1.0", "3.1.0")
    def bookmarks(self, max_id: PageBound = None, min_id: PageBound = None, since_id: PageBound = None,
                  limit: Optional[int] = None) -> PaginatableList[Status]:
        """Statuses the logged-in user bookmarked (``GET /api/v1/bookmarks``).

        :param max_id: only statuses older than this id (an id, an entity or a datetime).
        :param min_id: the statuses immediately newer than this id (for walking forward page by page).
        :param since_id: only statuses newer than this id (the newest of them, when there are many).
        :param limit: at most this many statuses (the server's default and maximum apply).
        :returns: :class:`PaginatableList` of Status.
        """
        return self._api_request("GET", "/api/v1/bookmarks", page_params(max_id, min_id, since_id, limit))
