"""Timelines: home, public, local, hashtag, list and link timelines."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any, Dict, Optional, Tuple

from ..core.params import IdLike, PageBound, only_if_true, page_params, path_id
from ..core.values import PaginatableList
from ..core.versions import api_version
from ..core.exchange import caller_stacklevel
from ..errors import (MastodonAPIError, MastodonError, MastodonIllegalArgumentError, MastodonVersionError,
                      MastodonWarning)
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
    _cache: Dict[str, Any]

    def _timeline(self, path: str, max_id: PageBound, min_id: PageBound, since_id: PageBound,
                  limit: Optional[int], only_media: bool, local: bool, remote: bool, **extra: Any) -> PaginatableList:
        params = page_params(max_id, min_id, since_id, limit, **extra, **_flags(only_media, local, remote))
        return self._api_request("GET", path, params)

    @api_version("1.0.0", "3.1.4")
    def timeline(self, timeline: str = "home", max_id: PageBound = None, min_id: PageBound = None,
                 since_id: PageBound = None, limit: Optional[int] = None, only_media: bool = False,
                 local: bool = False, remote: bool = False) -> PaginatableList[Status]:
        """Statuses of a timeline, newest first (``GET /api/v1/timelines/:timeline``).

        :param timeline: ``"home"``, ``"local"``, ``"public"``, ``"tag/HASHTAG"``, ``"list/LIST_ID"`` or
            ``"link/URL"`` (statuses linking to a trending article, Mastodon 4.3+).
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
        if timeline.startswith("link/"):
            return self.timeline_link(timeline[5:], local=local, remote=remote, **bounds)
        raise MastodonIllegalArgumentError(
            f"unknown timeline {timeline!r}: use home, local, public, tag/HASHTAG, list/LIST_ID or link/URL")

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

        Without an access token, a :class:`MastodonWarning` is issued first when the server says
        this feed is closed to visitors (see :meth:`timeline_is_available`; asked once per client).

        :param max_id: only statuses older than this id (an id, an entity or a datetime).
        :param min_id: the statuses immediately newer than this id (for walking forward page by page).
        :param since_id: only statuses newer than this id (the newest of them, when there are many).
        :param limit: at most this many statuses (the server's default and maximum apply).
        :param only_media: only statuses with media attachments.
        :returns: :class:`PaginatableList` of Status.
        """
        self._warn_if_feed_unavailable("local")
        return self._timeline("/api/v1/timelines/public", max_id, min_id, since_id, limit, only_media, True, False)

    @api_version("1.0.0", "3.1.4")
    def timeline_public(self, max_id: PageBound = None, min_id: PageBound = None, since_id: PageBound = None,
                        limit: Optional[int] = None, only_media: bool = False, local: bool = False,
                        remote: bool = False) -> PaginatableList[Status]:
        """The federated timeline: public statuses known to the server (``GET /api/v1/timelines/public``).

        Servers may require a token for it.

        Without an access token, a :class:`MastodonWarning` is issued first when the server says
        this feed is closed to visitors (see :meth:`timeline_is_available`; asked once per client).

        :param max_id: only statuses older than this id (an id, an entity or a datetime).
        :param min_id: the statuses immediately newer than this id (for walking forward page by page).
        :param since_id: only statuses newer than this id (the newest of them, when there are many).
        :param limit: at most this many statuses (the server's default and maximum apply).
        :param only_media: only statuses with media attachments.
        :param local: only statuses from this server.
        :param remote: only statuses from other servers.
        :returns: :class:`PaginatableList` of Status.
        """
        self._warn_if_feed_unavailable("public", local, remote)
        return self._timeline("/api/v1/timelines/public", max_id, min_id, since_id, limit, only_media, local, remote)

    @api_version("1.0.0", "3.1.4")
    def timeline_hashtag(self, hashtag: str, local: bool = False, max_id: PageBound = None,
                         min_id: PageBound = None, since_id: PageBound = None, limit: Optional[int] = None,
                         only_media: bool = False, remote: bool = False) -> PaginatableList[Status]:
        """Public statuses with a hashtag (``GET /api/v1/timelines/tag/:hashtag``).

        Without an access token, a :class:`MastodonWarning` is issued first when the server says
        this feed is closed to visitors (see :meth:`timeline_is_available`; asked once per client).

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
        path = f"/api/v1/timelines/tag/{tag_path(hashtag)}"
        self._warn_if_feed_unavailable("hashtag", local, remote)
        return self._timeline(path, max_id, min_id, since_id, limit,
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

        Without an access token, a :class:`MastodonWarning` is issued first when the server says
        this feed is closed to visitors (see :meth:`timeline_is_available`; asked once per client).

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
        self._warn_if_feed_unavailable("trending_links", local, remote)
        return self._timeline("/api/v1/timelines/link", max_id, min_id, since_id, limit, only_media, local, remote,
                              url=url)

    def timeline_is_available(self, timeline: str = "public", local: bool = False, remote: bool = False,
                              with_auth: bool = False, fail_hard: bool = False) -> bool:
        """Whether a public timeline feed can be read, going by what the server says about its feeds.

        Reads ``configuration.timelines_access`` of the v2 instance entity (Mastodon 4.5+), asked
        once per client (:meth:`clear_caches` forgets it). Each feed has a level for its local and
        its remote posts: ``"public"`` (open to everyone), ``"authenticated"`` (logged-in users)
        or ``"disabled"`` (staff only). No timeline is fetched.

        Timeline names: those of :meth:`timeline` (``"public"``, ``"local"``, ``"tag/HASHTAG"``,
        ``"link/URL"``, ``"home"``, ``"list/LIST_ID"``) and the feed names of Mastodon.py 2.x
        (``"public"``, ``"hashtag"``, ``"trending_links"``; ``"link"`` too). ``"local"`` means the
        local part of the public feed. The home and list timelines always need a login: they count
        as available with ``with_auth`` only.

        :param timeline: the timeline or feed name (see above).
        :param local: ask about the feed's local posts.
        :param remote: ask about the feed's remote posts. With both or neither set: with both,
            both parts must be open; with neither, one open part is enough.
        :param with_auth: also count feeds open to logged-in users (level ``"authenticated"``)
            as available, not only fully public ones.
        :param fail_hard: raise instead of answering True when the answer cannot be told:
            :class:`MastodonIllegalArgumentError` for a timeline name this method does not know,
            :class:`MastodonAPIError` when the server does not say (no ``timelines_access``,
            as before Mastodon 4.5, or the instance cannot be read).
        :returns: True if the feed can be read with the given access (and, without
            ``fail_hard``, whenever this cannot be told, unknown names included).
        :raises MastodonIllegalArgumentError: for a ``timeline`` that is not a string.
        """
        known = answer_without_server(timeline, with_auth, fail_hard)
        if known is not None:
            return known
        return answer_from_access(self._timelines_access(), timeline, local, remote, with_auth, fail_hard)

    def _timelines_access(self) -> Any:
        """``configuration.timelines_access`` of the v2 instance (None when the server does not say),
        asked once per client; when asking fails, the error (returned, not raised, and not
        remembered)."""
        cache: Dict[str, Any] = self._cache
        if _CACHE_KEY not in cache:
            try:
                instance = self._api_request("GET", "/api/v2/instance")
            except MastodonError as e:
                return e
            cache[_CACHE_KEY] = timelines_access_of(instance)
        return cache[_CACHE_KEY]

    def _warn_if_feed_unavailable(self, timeline: str, local: bool = False, remote: bool = False) -> None:
        """Warn (:class:`MastodonWarning`) when a client without an access token asks for a public
        feed whose asked-for part the server does not open to visitors, as Mastodon.py 2.x does;
        the request is still sent. Logged-in clients are not checked (2.x checks them too, for
        feeds closed to everyone but staff; that would cost every client a request, and the
        server's answer tells them)."""
        if getattr(self, "access_token", None) is not None or _feed(timeline) is None:
            return
        warn_if_closed(timeline, local, remote, self.timeline_is_available(timeline, local, remote))


#: timeline or feed name -> (key in ``configuration.timelines_access``, forced local, forced remote)
_FEEDS: Dict[str, Tuple[str, Optional[bool], Optional[bool]]] = {
    "public": ("live_feeds", None, None),
    "local": ("live_feeds", True, False),
    "hashtag": ("hashtag_feeds", None, None),
    "trending_links": ("trending_link_feeds", None, None),
    "link": ("trending_link_feeds", None, None),
}
_CACHE_KEY = "timelines_access"
_LEVELS = ("public", "authenticated", "disabled")


def _feed(timeline: str) -> Optional[Tuple[str, Optional[bool], Optional[bool]]]:
    """The feed a timeline name reads, or None for a name that is no public feed."""
    if timeline.startswith("tag/"):
        return _FEEDS["hashtag"]
    if timeline.startswith("link/"):
        return _FEEDS["link"]
    return _FEEDS.get(timeline)


def timelines_access_of(instance: Any) -> Optional[Dict[str, Any]]:
    """``configuration.timelines_access`` of a v2 instance entity, or None when it has none."""
    configuration = instance.get("configuration") if isinstance(instance, dict) else None
    access = configuration.get("timelines_access") if isinstance(configuration, dict) else None
    return access if isinstance(access, dict) else None


def answer_without_server(timeline: str, with_auth: bool, fail_hard: bool) -> Optional[bool]:
    """:meth:`TimelinesMixin.timeline_is_available` for names that need no question to the server
    (the user's own timelines, unknown names); None for the public feeds."""
    if not isinstance(timeline, str):
        raise MastodonIllegalArgumentError(f"timeline must be a timeline name; got {timeline!r}")
    if timeline == "home" or timeline.startswith("list/"):
        return bool(with_auth)  # a user's own timelines are never open to visitors
    if _feed(timeline) is None:
        if fail_hard:
            raise MastodonIllegalArgumentError(
                f"unknown timeline {timeline!r}: use public, local, tag/HASHTAG (or hashtag), link/URL "
                "(or trending_links), home or list/LIST_ID")
        return True
    return None


def answer_from_access(access: Any, timeline: str, local: bool, remote: bool, with_auth: bool,
                       fail_hard: bool) -> bool:
    """:meth:`TimelinesMixin.timeline_is_available` for a public feed, from the instance's
    ``timelines_access`` (a dict, None when the server does not say, or the error asking raised).
    No I/O: the sync and async clients share it."""
    feed = _feed(timeline)
    if feed is None:
        raise MastodonIllegalArgumentError(f"{timeline!r} is no public feed")
    key, forced_local, forced_remote = feed
    if forced_local is not None:
        local, remote = forced_local, bool(forced_remote)
    try:
        if isinstance(access, MastodonError):
            raise access
        if access is None:
            raise MastodonVersionError("the server does not say (configuration.timelines_access, Mastodon 4.5+)")
        parts = access[key]
        open_levels = ("public", "authenticated") if with_auth else ("public",)
        local_open = parts["local"] in open_levels
        remote_open = parts["remote"] in open_levels
    except (MastodonError, KeyError, TypeError) as e:
        if fail_hard:
            raise MastodonAPIError(f"cannot tell whether the {timeline} timeline is available: {e}") from e
        return True
    if local and remote:
        return local_open and remote_open
    if local:
        return local_open
    if remote:
        return remote_open
    return local_open or remote_open


def warn_if_closed(timeline: str, local: bool, remote: bool, available: bool) -> None:
    """Issue the :class:`MastodonWarning` for a feed that is not open to visitors (``available`` False)."""
    if available:
        return
    part = "local" if local and not remote else "remote" if remote and not local else "local and remote"
    warnings.warn(MastodonWarning(
        f"the {timeline.split('/')[0]} timeline ({part} posts) is not open to visitors on this server "
        f"(configuration.timelines_access); log in (an access token) to read it"),
        stacklevel=caller_stacklevel())


def warn_if_feed_unavailable(api: Any, timeline: str, local: bool = False, remote: bool = False) -> None:
    """The hook of the streaming methods: see :meth:`TimelinesMixin._warn_if_feed_unavailable`."""
    api._warn_if_feed_unavailable(timeline, local, remote)
