"""Timelines: home, public, local, hashtag, list and link timelines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Optional

from ..core.params import IdLike, PageBound, only_if_true, page_params, path_id
from ..core.values import PaginatableList
from ..core.versions import api_version
from ..errors import MastodonError, MastodonIllegalArgumentError, MastodonVersionError
from .hashtags import tag_path

if TYPE_CHECKING:
    from ..return_types import Status

__all__ = ["TimelinesMixin"]


def _flags(only_media: bool, local: bool, remote: bool) -> Dict[str, Any]:
    """Filter flags are sent only when set: servers treat absence as false."""
    return {"only_media": only_if_true(only_media), "local": only_if_true(local), "remote": only_if_true(remote)}


class TimelinesMixin:
    """Timeline endpoints. Every timeline is paginated: pass the result to ``fetch_next``."""

    _api_request: Any

    def _timeline(self, path: str, max_id: PageBound, min_id: PageBound, since_id: PageBound,
                  limit: Optional[int], only_media: bool, local: bool, remote: bool, **extra: Any) -> PaginatableList:
        params = page_params(max_id, min_id, since_id, limit, **extra, **_flags(only_media, local, remote))
        return self._api_request("GET", path, params)

    @api_version("1.0.0", "3.1.4")
    def timeline(self, timeline: str = "home", max_id: PageBound = None, min_id: PageBound = None,
                 since_id: PageBound = None, limit: Optional[int] = None, only_media: bool = False,
                 local: bool = False, remote: bool = False) -> PaginatableList[Status]:
        """Statuses of a timeline, newest first (``GET /api/v1/timelines/:timeline``).

        :param timeline: ``"home"``, ``"local"``, ``"public"``, ``"tag/HASHTAG"`` or ``"list/LIST_ID"``.
        :param max_id: return only statuses older than this id (or status, or datetime).
        :param min_id: return the statuses immediately newer than this id.
        :param since_id: return only statuses newer than this id (the newest ones first).
        :param limit: how many statuses to return (server default 20, at most 40).
        :param only_media: only statuses with media attachments.
        :param local: only statuses from this server.
        :param remote: only statuses from other servers.
        :returns: :class:`PaginatableList` of Status.
        """
        if not isinstance(timeline, str) or not timeline:
            raise MastodonIllegalArgumentError(f"timeline must be a timeline name; got {timeline!r}")
        bounds: Dict[str, Any] = {"max_id": max_id, "min_id": min_id, "since_id": since_id, "limit": limit, "only_media": only_media}
        if timeline == "home":
            return self.timeline_home(local=local, remote=remote, **bounds)
        if timeline == "local":
            return self.timeline_public(local=True, remote=remote, **bounds)
        if timeline == "public":
            return self.timeline_public(local=local, remote=remote, **bounds)
        if timeline.startswith("tag/"):
            return self.timeline_hashtag(timeline[4:], local=local, remote=remote, **bounds)
        if timeline.startswith("list/"):
            return self.timeline_list(timeline[5:], local=local, remote=remote, **bounds)
        raise MastodonIllegalArgumentError(
            f"unknown timeline {timeline!r}: use home, local, public, tag/HASHTAG or list/LIST_ID")

    @api_version("1.0.0", "3.1.4")
    def timeline_home(self, max_id: PageBound = None, min_id: PageBound = None, since_id: PageBound = None,
                      limit: Optional[int] = None, only_media: bool = False, local: bool = False,
                      remote: bool = False) -> PaginatableList[Status]:
        """The logged-in user's home timeline (``GET /api/v1/timelines/home``).

        Needs ``read:statuses``.

        :param max_id: only statuses older than this id (an id, an entity or a datetime).
        :param min_id: the statuses immediately newer than this id (for walking forward page by page).
        :param since_id: only statuses newer than this id (the newest of them, when there are many).
        :param limit: at most this many statuses (the server's default and maximum apply).
        :param only_media: only statuses with media attachments.
        :param local: only statuses from this server.
        :param remote: only statuses from other servers.
        :returns: :class:`PaginatableList` of Status.
        """
        return self._timeline("/api/v1/timelines/home", max_id, min_id, since_id, limit, only_media, local, remote)

    @api_version("1.0.0", "3.1.4")
    def timeline_local(self, max_id: PageBound = None, min_id: PageBound = None, since_id: PageBound = None,
                       limit: Optional[int] = None, only_media: bool = False) -> PaginatableList[Status]:
        """Public statuses from this server (``GET /api/v1/timelines/public?local=true``).

        :param max_id: only statuses older than this id (an id, an entity or a datetime).
        :param min_id: the statuses immediately newer than this id (for walking forward page by page).
        :param since_id: only statuses newer than this id (the newest of them, when there are many).
        :param limit: at most this many statuses (the server's default and maximum apply).
        :param only_media: only statuses with media attachments.
        :returns: :class:`PaginatableList` of Status.
        """
        return self._timeline("/api/v1/timelines/public", max_id, min_id, since_id, limit, only_media, True, False)

    @api_version("1.0.0", "3.1.4")
    def timeline_public(self, max_id: PageBound = None, min_id: PageBound = None, since_id: PageBound = None,
                        limit: Optional[int] = None, only_media: bool = False, local: bool = False,
                        remote: bool = False) -> PaginatableList[Status]:
        """The federated timeline: public statuses known to the server (``GET /api/v1/timelines/public``).

        Servers may require a token for it.

        :param max_id: only statuses older than this id (an id, an entity or a datetime).
        :param min_id: the statuses immediately newer than this id (for walking forward page by page).
        :param since_id: only statuses newer than this id (the newest of them, when there are many).
        :param limit: at most this many statuses (the server's default and maximum apply).
        :param only_media: only statuses with media attachments.
        :param local: only statuses from this server.
        :param remote: only statuses from other servers.
        :returns: :class:`PaginatableList` of Status.
        """
        return self._timeline("/api/v1/timelines/public", max_id, min_id, since_id, limit, only_media, local, remote)

    @api_version("1.0.0", "3.1.4")
    def timeline_hashtag(self, hashtag: str, local: bool = False, max_id: PageBound = None,
                         min_id: PageBound = None, since_id: PageBound = None, limit: Optional[int] = None,
                         only_media: bool = False, remote: bool = False) -> PaginatableList[Status]:
        """Public statuses with a hashtag (``GET /api/v1/timelines/tag/:hashtag``).

        :param hashtag: the tag, without the leading ``#``.
        :param local: only statuses from this server.
        :param max_id: only statuses older than this id (an id, an entity or a datetime).
        :param min_id: the statuses immediately newer than this id (for walking forward page by page).
        :param since_id: only statuses newer than this id (the newest of them, when there are many).
        :param limit: at most this many statuses (the server's default and maximum apply).
        :param only_media: only statuses with media attachments.
        :param remote: only statuses from other servers.
        :returns: :class:`PaginatableList` of Status.
        """
        return self._timeline(f"/api/v1/timelines/tag/{tag_path(hashtag)}", max_id, min_id, since_id, limit,
                              only_media, local, remote)

    @api_version("2.1.0", "3.1.4")
    def timeline_list(self, id: IdLike, max_id: PageBound = None, min_id: PageBound = None,
                      since_id: PageBound = None, limit: Optional[int] = None, only_media: bool = False,
                      local: bool = False, remote: bool = False) -> PaginatableList[Status]:
        """Statuses from the members of a list (``GET /api/v1/timelines/list/:list_id``).

        :param id: the list (id or List entity).
        :param max_id: only statuses older than this id (an id, an entity or a datetime).
        :param min_id: the statuses immediately newer than this id (for walking forward page by page).
        :param since_id: only statuses newer than this id (the newest of them, when there are many).
        :param limit: at most this many statuses (the server's default and maximum apply).
        :param only_media: only statuses with media attachments.
        :param local: only statuses from this server.
        :param remote: only statuses from other servers.

        :returns: :class:`PaginatableList` of Status.
        """
        return self._timeline(f"/api/v1/timelines/list/{path_id(id)}", max_id, min_id, since_id,
                              limit, only_media, local, remote)

    @api_version("4.3.0", "4.3.0")
    def timeline_link(self, url: str, local: bool = False, max_id: PageBound = None, min_id: PageBound = None,
                      since_id: PageBound = None, limit: Optional[int] = None, only_media: bool = False,
                      remote: bool = False) -> PaginatableList[Status]:
        """Public statuses that link to a trending article (``GET /api/v1/timelines/link?url=...``).

        :param url: the article's URL, as listed by the trending links.
        :param local: only statuses from this server.
        :param max_id: only statuses older than this id (an id, an entity or a datetime).
        :param min_id: the statuses immediately newer than this id (for walking forward page by page).
        :param since_id: only statuses newer than this id (the newest of them, when there are many).
        :param limit: at most this many statuses (the server's default and maximum apply).
        :param only_media: only statuses with media attachments.
        :param remote: only statuses from other servers.

        :returns: :class:`PaginatableList` of Status.
        """
        if not isinstance(url, str) or not url:
            raise MastodonIllegalArgumentError(f"url must be a non-empty string; got {url!r}")
        return self._timeline("/api/v1/timelines/link", max_id, min_id, since_id, limit, only_media, local, remote,
                              url=url)

    def timeline_is_available(self, timeline: str = "public", local: bool = False, remote: bool = False,
                              with_auth: bool = False, fail_hard: bool = False) -> bool:
        """Whether a timeline can be read, going by what the server says about its timelines.

        Reads ``configuration.timelines_access`` of the v2 instance entity (Mastodon 4.5+):
        ``"public"`` feeds are open to everyone, ``"authenticated"`` ones to logged-in users
        (counted as available with ``with_auth``), ``"disabled"`` ones to nobody but staff.
        The public timeline without ``local``/``remote`` needs both parts open. The home and
        list timelines are available with ``with_auth`` only. No timeline is fetched.

        :param timeline: ``"public"``, ``"local"``, ``"tag/HASHTAG"``, ``"link"``, ``"home"``
            or ``"list/LIST_ID"``.
        :param local: ask about the local posts of the timeline only.
        :param remote: ask about the remote posts of the timeline only.
        :param with_auth: also count timelines that need a logged-in user as available.
        :param fail_hard: raise :class:`MastodonVersionError` when availability cannot be
            determined (no ``timelines_access`` in the instance entity, or it cannot be read)
            instead of returning True.
        :returns: True if the timeline can be read (or when this cannot be told).
        """
        if not isinstance(timeline, str) or not timeline:
            raise MastodonIllegalArgumentError(f"timeline must be a timeline name; got {timeline!r}")
        if timeline == "local":
            timeline, local = "public", True
        if timeline == "home" or timeline.startswith("list/"):
            return bool(with_auth)  # a user's own timelines are never open to visitors
        if timeline == "public":
            feed = "live_feeds"
        elif timeline.startswith("tag/"):
            feed = "hashtag_feeds"
        elif timeline == "link":
            feed = "trending_link_feeds"
        else:
            raise MastodonIllegalArgumentError(
                f"unknown timeline {timeline!r}: use public, local, tag/HASHTAG, link, home or list/LIST_ID")
        parts = ("local",) if local and not remote else ("remote",) if remote and not local else ("local", "remote")
        try:
            access = self._api_request("GET", "/api/v2/instance")["configuration"]["timelines_access"][feed]
            levels = [access[part] for part in parts]
        except (MastodonError, KeyError, TypeError) as e:
            if fail_hard:
                raise MastodonVersionError(
                    f"cannot tell whether the {timeline} timeline is available: the server does not say "
                    f"(configuration.timelines_access, Mastodon 4.5+): {e!r}") from e
            return True
        open_levels = ("public", "authenticated") if with_auth else ("public",)
        if any(level not in ("public", "authenticated", "disabled") for level in levels):
            if fail_hard:
                raise MastodonVersionError(f"unknown timeline access level in {levels!r}")
            return True
        return all(level in open_levels for level in levels)
