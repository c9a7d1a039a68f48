"""Hashtags: single tags, following them, and featuring them on the profile."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional, Union

from ..core.params import IdLike, page_params, path_id
from ..core.urls import quote
from ..core.values import NonPaginatableList, PaginatableList
from ..core.versions import api_version
from ..errors import MastodonIllegalArgumentError

if TYPE_CHECKING:
    from ..return_types import FeaturedTag, Tag

__all__ = ["HashtagsMixin"]

#: A hashtag: its name without ``#``, or a Tag/FeaturedTag entity (its ``name`` is used).
TagLike = Union[str, Mapping[str, Any]]


def _tag_name(tag: TagLike) -> str:
    """A hashtag's name from a string or a Tag entity; checked only for being text."""
    name = tag.get("name") if isinstance(tag, Mapping) else tag
    if not isinstance(name, str):
        raise MastodonIllegalArgumentError(f"hashtag must be a name or a Tag; got {tag!r}")
    return name


def tag_path(tag: TagLike) -> str:
    """A hashtag's name, ready to be a path segment: it must name a tag, and a ``#`` there cannot.

    (In a path an empty name or a ``#`` would address another route, or no tag at all.)
    """
    name = _tag_name(tag)
    if not name:
        raise MastodonIllegalArgumentError(f"hashtag must be a non-empty name or a Tag; got {tag!r}")
    if name.startswith("#"):
        raise MastodonIllegalArgumentError("give the hashtag without its leading '#'")
    return quote(name, safe="")


class HashtagsMixin:
    """Hashtag endpoints: tags, followed tags and featured tags."""

    _api_request: Any

    # -- tags --------------------------------------------------------------------------------
    @api_version("4.0.0", "4.0.0")
    def tag(self, hashtag: TagLike) -> Tag:
        """A hashtag with its recent use (``GET /api/v1/tags/:name``).

        :param hashtag: the tag's name without ``#`` (any case), or a Tag.
        :returns: the Tag entity (``name``, ``url``, ``history``; with a user token also
            ``following`` and ``featuring``).
        """
        return self._api_request("GET", f"/api/v1/tags/{tag_path(hashtag)}")

    @api_version("4.0.0", "4.0.0")
    def tag_follow(self, hashtag: TagLike) -> Tag:
        """Follow a hashtag: its public posts show up in the home timeline (``POST /api/v1/tags/:name/follow``).

        :param hashtag: the tag's name without ``#``, or a Tag.
        :returns: the Tag, now with ``following`` true.
        """
        return self._api_request("POST", f"/api/v1/tags/{tag_path(hashtag)}/follow")

    @api_version("4.0.0", "4.0.0")
    def tag_unfollow(self, hashtag: TagLike) -> Tag:
        """Stop following a hashtag (``POST /api/v1/tags/:name/unfollow``).

        :param hashtag: the tag's name without ``#``, or a Tag.
        :returns: the Tag, now with ``following`` false.
        """
        return self._api_request("POST", f"/api/v1/tags/{tag_path(hashtag)}/unfollow")

    @api_version("4.4.0", "4.4.0")
    def tag_feature(self, name: TagLike) -> Tag:
        """Show a hashtag on the user's profile (``POST /api/v1/tags/:name/feature``).

        :param name: the tag's name without ``#``, or a Tag.
        :returns: the Tag, now with ``featuring`` true.
        """
        return self._api_request("POST", f"/api/v1/tags/{tag_path(name)}/feature")

    @api_version("4.4.0", "4.4.0")
    def tag_unfeature(self, name: TagLike) -> Tag:
        """Stop showing a hashtag on the user's profile (``POST /api/v1/tags/:name/unfeature``).

        :param name: the tag's name without ``#``, or a Tag.
        :returns: the Tag, now with ``featuring`` false.
        """
        return self._api_request("POST", f"/api/v1/tags/{tag_path(name)}/unfeature")

    @api_version("4.0.0", "4.0.0")
    def followed_tags(self, max_id: Optional[IdLike] = None, min_id: Optional[IdLike] = None,
                      since_id: Optional[IdLike] = None, limit: Optional[int] = None) -> PaginatableList[Tag]:
        """The hashtags the user follows (``GET /api/v1/followed_tags``).

        The bounds are opaque cursors of the server's: page with ``fetch_next`` rather than
        building them from tag ids.

        :param max_id: page bound from a previous page's link.
        :param min_id: page bound from a previous page's link.
        :param since_id: page bound from a previous page's link.
        :param limit: how many tags to return (server default 100, at most 200).
        :returns: :class:`PaginatableList` of Tag.
        """
        return self._api_request("GET", "/api/v1/followed_tags",
                                 page_params(max_id, min_id, since_id, limit))

    # -- featured tags -----------------------------------------------------------------------
    @api_version("3.0.0", "3.0.0")
    def featured_tags(self) -> NonPaginatableList[FeaturedTag]:
        """The hashtags featured on the user's profile (``GET /api/v1/featured_tags``).

        :returns: :class:`NonPaginatableList` of FeaturedTag (its ``id`` is the featuring's,
            not the tag's; ``name``, ``statuses_count``, ``last_status_at``).
        """
        return self._api_request("GET", "/api/v1/featured_tags", paginated=False)

    @api_version("3.0.0", "3.0.0")
    def featured_tag_suggestions(self) -> NonPaginatableList[Tag]:
        """Hashtags the user used lately, as candidates to feature (``GET /api/v1/featured_tags/suggestions``).

        :returns: :class:`NonPaginatableList` of up to 10 Tag entities.
        """
        return self._api_request("GET", "/api/v1/featured_tags/suggestions", paginated=False)

    @api_version("3.0.0", "3.0.0")
    def featured_tag_create(self, name: TagLike) -> FeaturedTag:
        """Feature a hashtag on the user's profile (``POST /api/v1/featured_tags``).

        :param name: the tag's name (a leading ``#`` is fine: the server strips it), or a Tag
            (for instance one of :meth:`featured_tag_suggestions`).
        :returns: the new FeaturedTag.
        """
        return self._api_request("POST", "/api/v1/featured_tags", {"name": _tag_name(name)})

    @api_version("3.0.0", "3.0.0")
    def featured_tag_delete(self, id: IdLike) -> None:
        """Stop featuring a hashtag (``DELETE /api/v1/featured_tags/:id``).

        :param id: the featuring (id or FeaturedTag; not a Tag's id).
        :returns: None.
        """
        self._api_request("DELETE", f"/api/v1/featured_tags/{path_id(id)}")
