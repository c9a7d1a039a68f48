"""Admin: reviewing what trends (links, statuses, hashtags, and the publishers of links)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ...core.params import IdLike
from ...core.values import AttribAccessDict, NonPaginatableList, PaginatableList
from ...core.versions import api_version
from ._common import AdminBase, PageBound, path_id

if TYPE_CHECKING:
    from ...return_types import PreviewCard, Status, Tag

__all__ = ["AdminTrendsMixin"]


class AdminTrendsMixin(AdminBase):
    """Trend review. Unlike the public trends, these lists include items still awaiting review.

    Needs ``admin:read`` / ``admin:write`` and the role permission to manage taxonomies.
    """

    @api_version("3.5.0", "3.5.0")
    def admin_trending_tags(self, limit: Optional[int] = None) -> NonPaginatableList[Tag]:
        """Trending hashtags, reviewed or not (``GET /api/v1/admin/trends/tags``).

        :param limit: how many to return.
        :returns: :class:`NonPaginatableList` of Tag (Admin::Tag on servers that send it).
        """
        return self._api_request("GET", "/api/v1/admin/trends/tags", {"limit": limit}, paginated=False)

    @api_version("3.5.0", "3.5.0")
    def admin_trending_statuses(self) -> NonPaginatableList[Status]:
        """Trending statuses, reviewed or not (``GET /api/v1/admin/trends/statuses``).

        :returns: :class:`NonPaginatableList` of Status.
        """
        return self._api_request("GET", "/api/v1/admin/trends/statuses", paginated=False)

    @api_version("3.5.0", "3.5.0")
    def admin_trending_links(self) -> NonPaginatableList[PreviewCard]:
        """Trending links, reviewed or not (``GET /api/v1/admin/trends/links``).

        :returns: :class:`NonPaginatableList` of PreviewCard (Trends::Link).
        """
        return self._api_request("GET", "/api/v1/admin/trends/links", paginated=False)

    @api_version("4.2.0", "4.2.0")
    def admin_approve_trending_link(self, id: IdLike) -> PreviewCard:
        """Let a link appear in the public trends (``POST /api/v1/admin/trends/links/:id/approve``).

        :param id: the link's preview card (id or entity).
        :returns: PreviewCard (Trends::Link), as it is now.
        """
        return self._api_request("POST", f"/api/v1/admin/trends/links/{path_id(id)}/approve")

    @api_version("4.2.0", "4.2.0")
    def admin_reject_trending_link(self, id: IdLike) -> PreviewCard:
        """Keep a link out of the public trends (``POST /api/v1/admin/trends/links/:id/reject``).

        :param id: the link's preview card (id or entity).
        :returns: PreviewCard (Trends::Link), as it is now.
        """
        return self._api_request("POST", f"/api/v1/admin/trends/links/{path_id(id)}/reject")

    @api_version("4.2.0", "4.2.0")
    def admin_approve_trending_status(self, id: IdLike) -> Status:
        """Let a status appear in the public trends (``POST /api/v1/admin/trends/statuses/:id/approve``).

        :param id: the status (id or entity).
        :returns: Status, as it is now.
        """
        return self._api_request("POST", f"/api/v1/admin/trends/statuses/{path_id(id)}/approve")

    @api_version("4.2.0", "4.2.0")
    def admin_reject_trending_status(self, id: IdLike) -> Status:
        """Keep a status out of the public trends (``POST /api/v1/admin/trends/statuses/:id/reject``).

        :param id: the status (id or entity).
        :returns: Status, as it is now.
        """
        return self._api_request("POST", f"/api/v1/admin/trends/statuses/{path_id(id)}/reject")

    @api_version("4.2.0", "4.2.0")
    def admin_approve_trending_tag(self, id: IdLike) -> Tag:
        """Let a hashtag appear in the public trends (``POST /api/v1/admin/trends/tags/:id/approve``).

        :param id: the hashtag (id or Tag entity).
        :returns: Tag (Admin::Tag), as it is now.
        """
        return self._api_request("POST", f"/api/v1/admin/trends/tags/{path_id(id)}/approve")

    @api_version("4.2.0", "4.2.0")
    def admin_reject_trending_tag(self, id: IdLike) -> Tag:
        """Keep a hashtag out of the public trends (``POST /api/v1/admin/trends/tags/:id/reject``).

        :param id: the hashtag (id or Tag entity).
        :returns: Tag (Admin::Tag), as it is now.
        """
        return self._api_request("POST", f"/api/v1/admin/trends/tags/{path_id(id)}/reject")

    # -- link publishers --------------------------------------------------------------------------
    @api_version("4.2.0", "4.2.0")
    def admin_trending_link_publishers(self, max_id: PageBound = None, min_id: PageBound = None,
                                       since_id: PageBound = None, limit: Optional[int] = None) -> PaginatableList:
        """The sites whose links can trend, with their review state
        (``GET /api/v1/admin/trends/links/publishers``).

        Links of an approved publisher trend without reviewing each one.

        :param max_id: return only publishers older than this id.
        :param min_id: return the publishers immediately newer than this id.
        :param since_id: return only publishers newer than this id.
        :param limit: page size (server default 100).
        :returns: :class:`PaginatableList` of publisher dicts (``id``, ``domain``, ``trendable``,
            ``reviewed_at``, ``requested_review_at``, ...).
        """
        return self._admin_page("/api/v1/admin/trends/links/publishers", max_id, min_id, since_id, limit)

    @api_version("4.2.0", "4.2.0")
    def admin_approve_trending_link_publisher(self, id: IdLike) -> AttribAccessDict:
        """Trust a publisher: its links may trend (``POST /api/v1/admin/trends/links/publishers/:id/approve``).

        :param id: the publisher (id or entity).
        :returns: the publisher, as it is now.
        """
        return self._api_request("POST", f"/api/v1/admin/trends/links/publishers/{path_id(id)}/approve")

    @api_version("4.2.0", "4.2.0")
    def admin_reject_trending_link_publisher(self, id: IdLike) -> AttribAccessDict:
        """Distrust a publisher: its links stay out of the trends
        (``POST /api/v1/admin/trends/links/publishers/:id/reject``).

        :param id: the publisher (id or entity).
        :returns: the publisher, as it is now.
        """
        return self._api_request("POST", f"/api/v1/admin/trends/links/publishers/{path_id(id)}/reject")
