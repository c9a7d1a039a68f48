"""Trends: hashtags, statuses and links that are popular on the server right now."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ..core.values import NonPaginatableList, PaginatableList
from ..core.versions import api_version

if TYPE_CHECKING:
    from ..return_types import PreviewCard, Status, Tag

__all__ = ["TrendsMixin"]


class TrendsMixin:
    """Trend endpoints. The server ranks by its own trending score, not by time; the lists page by
    ``offset``."""

    _api_request: Any
    _offset_page: Any
    _newer_or_older: Any

    def _trending(self, path: str, limit: Optional[int], offset: Optional[int], lang: Optional[str],
                  paginated: bool = True) -> Any:
        headers = {"Accept-Language": lang} if lang else None
        params = {"limit": limit, "offset": offset}
        if paginated:
            return self._offset_page(path, params, headers=headers)
        return self._api_request("GET", path, params, headers=headers, paginated=False)

    @api_version("2.4.3", "3.5.0")
    def trends(self, limit: Optional[int] = None) -> NonPaginatableList[Tag]:
        """Trending hashtags: the older name of :meth:`trending_tags`, kept for existing scripts.

        Asks ``GET /api/v1/trends/tags``, or its former path ``GET /api/v1/trends`` on servers
        known to be older than Mastodon 3.5 (the version is looked up once if need be).

        :param limit: how many tags to return (server default 10, at most 20).
        :returns: :class:`NonPaginatableList` of Tag, with their daily ``history``.
        """
        return self._newer_or_older("3.5.0", lambda: self._trending("/api/v1/trends/tags", limit, None, None,
                                                                    paginated=False),
                                    lambda: self._trending("/api/v1/trends", limit, None, None, paginated=False),
                                    "trending_tags")

    @api_version("3.5.0", "3.5.0")
    def trending_tags(self, limit: Optional[int] = None, offset: Optional[int] = None,
                      lang: Optional[str] = None) -> PaginatableList[Tag]:
        """Hashtags used more than usual in the past week (``GET /api/v1/trends/tags``).

        :param limit: how many tags to return (server default 10, at most 20).
        :param offset: skip this many tags.
        :param lang: ISO 639 language code to ask trends for (sent as ``Accept-Language``;
            default: the client's language setting).
        :returns: :class:`PaginatableList` of Tag, with their daily ``history``.
        """
        return self._trending("/api/v1/trends/tags", limit, offset, lang)

    @api_version("3.5.0", "3.5.0")
    def trending_statuses(self, limit: Optional[int] = None, offset: Optional[int] = None,
                          lang: Optional[str] = None) -> PaginatableList[Status]:
        """Statuses that get more interactions than others (``GET /api/v1/trends/statuses``).

        :param limit: how many statuses to return (server default 20, at most 40).
        :param offset: skip this many statuses.
        :param lang: ISO 639 language code to ask trends for (sent as ``Accept-Language``).
        :returns: :class:`PaginatableList` of Status.
        """
        return self._trending("/api/v1/trends/statuses", limit, offset, lang)

    @api_version("3.5.0", "3.5.0")
    def trending_links(self, limit: Optional[int] = None, offset: Optional[int] = None,
                       lang: Optional[str] = None) -> PaginatableList[PreviewCard]:
        """Links shared more than others (``GET /api/v1/trends/links``).

        :param limit: how many links to return (server default 10, at most 20).
        :param offset: skip this many links.
        :param lang: ISO 639 language code to ask trends for (sent as ``Accept-Language``).
        :returns: :class:`PaginatableList` of PreviewCard (trend links: with a daily ``history``).
        """
        return self._trending("/api/v1/trends/links", limit, offset, lang)
