"""Admin: the hashtags known to the server and how they may be used."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ...core.params import IdLike
from ...core.values import PaginatableList
from ...core.versions import api_version
from ._common import AdminBase, PageBound, path_id

if TYPE_CHECKING:
    from ...return_types import Tag

__all__ = ["AdminTagsMixin"]


class AdminTagsMixin(AdminBase):
    """Hashtag moderation. Needs ``admin:read`` / ``admin:write`` and the permission to manage taxonomies."""

    @api_version("4.2.0", "4.2.0")
    def admin_tags(self, max_id: PageBound = None, min_id: PageBound = None, since_id: PageBound = None,
                   limit: Optional[int] = None) -> PaginatableList[Tag]:
        """Every hashtag the server knows, with its moderation settings (``GET /api/v1/admin/tags``).

        :param max_id: return only hashtags older than this id.
        :param min_id: return the hashtags immediately newer than this id.
        :param since_id: return only hashtags newer than this id.
        :param limit: page size (server default 100).
        :returns: :class:`PaginatableList` of Admin::Tag (a Tag with ``trendable``, ``usable``,
            ``requires_review``).
        """
        return self._admin_page("/api/v1/admin/tags", max_id, min_id, since_id, limit)

    @api_version("4.2.0", "4.2.0")
    def admin_tag(self, id: IdLike) -> Tag:
        """One hashtag with its moderation settings (``GET /api/v1/admin/tags/:id``).

        :param id: the hashtag's id (or a Tag entity carrying it), not its name.
        :returns: Admin::Tag.
        """
        return self._api_request("GET", f"/api/v1/admin/tags/{path_id(id)}")

    @api_version("4.2.0", "4.2.0")
    def admin_update_tag(self, id: IdLike, display_name: Optional[str] = None, trendable: Optional[bool] = None,
                         usable: Optional[bool] = None, listable: Optional[bool] = None) -> Tag:
        """Change how a hashtag may be used (``PATCH /api/v1/admin/tags/:id``); this also marks it reviewed.

        :param id: the hashtag's id (or a Tag entity).
        :param display_name: a different capitalisation of the name to show (the letters must match).
        :param trendable: whether the hashtag may appear in trends.
        :param usable: whether statuses with it show up on its hashtag timeline and in searches.
        :param listable: whether it may be listed in the profile directory and suggestions.
        :returns: Admin::Tag, as it is now.
        """
        params = {"display_name": display_name, "trendable": trendable, "usable": usable, "listable": listable}
        return self._api_request("PATCH", f"/api/v1/admin/tags/{path_id(id)}", params)
