"""Notifications: plain and grouped, dismissing, policy and filtered requests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Sequence, Union, overload

from ..core.params import IdLike, check_choice, check_choices, page_params, path_id, unpack_ids
from ..core.urls import path_segment
from ..core.values import AttribAccessDict, NonPaginatableList, PaginatableList
from ..core.versions import api_version
from ..errors import MastodonIllegalArgumentError

if TYPE_CHECKING:
    from ..return_types import (
        Account,
        GroupedNotificationsResults,
        Notification,
        NotificationPolicy,
        NotificationRequest,
        UnreadNotificationsCount,
    )

__all__ = ["NotificationsMixin", "NOTIFICATION_TYPES", "POLICY_VALUES"]

#: Every notification type the server documents (for ``types``, ``exclude_types``,
#: ``grouped_types`` and ``supported_types``).
NOTIFICATION_TYPES = (
    "mention", "status", "reblog", "follow", "follow_request", "favourite", "poll", "update",
    "admin.sign_up", "admin.report", "severed_relationships", "moderation_warning", "quote", "quoted_update",
    "added_to_collection", "collection_update",
)

#: What a notification policy can do with notifications of one kind.
POLICY_VALUES = ("accept", "filter", "drop")

_EXPAND_ACCOUNTS = ("full", "partial_avatars")

TypeList = Optional[Sequence[str]]


def _type_filters(**lists: TypeList) -> Dict[str, TypeList]:
    """Check lists of notification types; they are sent as ``name[]`` fields."""
    return {name: check_choices(name, values, NOTIFICATION_TYPES) for name, values in lists.items()}


def _group_key(group: Union[str, Mapping[str, Any]]) -> str:
    """The group key of a notification group (the key itself, or a NotificationGroup/Notification)."""
    if isinstance(group, Mapping):
        group = group.get("group_key")  # type: ignore[assignment]
    if not isinstance(group, str) or not group:
        raise MastodonIllegalArgumentError(f"group_key must be a group key or a notification group; got {group!r}")
    return path_segment(group, "group_key")


def _request_ids(ids: Any) -> Dict[str, Any]:
    """The form of the bulk request endpoints: the requests' ids, sent as ``id[]``."""
    unpacked = unpack_ids(ids)
    if not unpacked:
        raise MastodonIllegalArgumentError("ids: give at least one notification request")
    return {"id": unpacked}


class NotificationsMixin:
    """Notification endpoints: the plain (v1) list, grouped (v2) notifications, filtering policy
    and the requests it creates."""

    _api_request: Any

    # -- plain notifications -----------------------------------------------------------------
    @overload
    def notifications(self, id: None = None, account_id: Optional[IdLike] = None,
                      max_id: Optional[IdLike] = None, min_id: Optional[IdLike] = None,
                      since_id: Optional[IdLike] = None, limit: Optional[int] = None,
                      exclude_types: TypeList = None, types: TypeList = None, mentions_only: Optional[bool] = None,
                      supported_types: TypeList = None,
                      include_filtered: Optional[bool] = None) -> PaginatableList[Notification]: ...

    @overload
    def notifications(self, id: IdLike, account_id: Optional[IdLike] = None,
                      max_id: Optional[IdLike] = None, min_id: Optional[IdLike] = None,
                      since_id: Optional[IdLike] = None, limit: Optional[int] = None,
                      exclude_types: TypeList = None, types: TypeList = None, mentions_only: Optional[bool] = None,
                      supported_types: TypeList = None,
                      include_filtered: Optional[bool] = None) -> Notification: ...

    @api_version("1.0.0", "4.6.0")
    def notifications(self, id: Optional[IdLike] = None, account_id: Optional[IdLike] = None,
                      max_id: Optional[IdLike] = None, min_id: Optional[IdLike] = None,
                      since_id: Optional[IdLike] = None, limit: Optional[int] = None,
                      exclude_types: TypeList = None, types: TypeList = None, mentions_only: Optional[bool] = None,
                      supported_types: TypeList = None,
                      include_filtered: Optional[bool] = None) -> Union[PaginatableList[Notification], Notification]:
        """The user's notifications, newest first (``GET /api/v1/notifications``), or one of them
        (``GET /api/v1/notifications/:id``) when ``id`` is given.

        Notification types are ``mention``, ``status``, ``reblog``, ``follow``,
        ``follow_request``, ``favourite``, ``poll``, ``update``, ``admin.sign_up``,
        ``admin.report``, ``severed_relationships``, ``moderation_warning``, ``quote``,
        ``quoted_update``, ``added_to_collection`` and ``collection_update``.

        :param id: fetch just this notification (id or Notification); only ``supported_types``
            applies then.
        :param account_id: only notifications caused by this account (id or Account).
        :param max_id: only notifications older than this id (or notification, or datetime).
        :param min_id: the notifications immediately newer than this id.
        :param since_id: only notifications newer than this id (the newest ones first).
        :param limit: how many to return (server default 40, at most 80).
        :param exclude_types: leave out these types.
        :param types: only these types (Mastodon 3.5+).
        :param mentions_only: only mentions; cannot be combined with ``types``/``exclude_types``.
        :param supported_types: the types this client can show; notifications of other types
            then carry a ``fallback`` to display instead (Mastodon 4.6+).
        :param include_filtered: also return notifications the user's notification policy
            filtered (Mastodon 4.3+).
        :returns: :class:`PaginatableList` of Notification, or one Notification.
        """
        filters = _type_filters(types=types, exclude_types=exclude_types, supported_types=supported_types)
        if id is not None:
            return self._api_request("GET", f"/api/v1/notifications/{path_id(id)}",
                                     {"supported_types": filters["supported_types"]})
        if mentions_only:
            if types is not None or exclude_types is not None:
                raise MastodonIllegalArgumentError("mentions_only cannot be combined with types or exclude_types")
            # types[] for servers that know it, exclude_types[] for those that predate it (< 3.5).
            filters["types"] = ["mention"]
            filters["exclude_types"] = [t for t in NOTIFICATION_TYPES if t != "mention"]
        params = {"account_id": account_id, "max_id": max_id, "min_id": min_id, "since_id": since_id,
                  "limit": limit, "include_filtered": include_filtered, **filters}
        return self._api_request("GET", "/api/v1/notifications", params)

    @api_version("4.3.0", "4.3.0")
    def notifications_unread_count(self, limit: Optional[int] = None, types: TypeList = None,
                                   exclude_types: TypeList = None,
                                   account_id: Optional[IdLike] = None) -> UnreadNotificationsCount:
        """How many notifications arrived after the notifications read marker
        (``GET /api/v1/notifications/unread_count``).

        The server counts only up to a cap, so the number is a lower bound when it equals the cap.

        :param limit: the cap (server default 100, at most 1000).
        :param types: count only these notification types.
        :param exclude_types: do not count these notification types.
        :param account_id: count only notifications caused by this account.
        :returns: a dict with the ``count`` (UnreadNotificationsCount).
        """
        params = {"limit": limit, "account_id": account_id, **_type_filters(types=types, exclude_types=exclude_types)}
        return self._api_request("GET", "/api/v1/notifications/unread_count", params)

    @api_version("1.0.0", "1.0.0")
    def notifications_clear(self) -> None:
        """Delete every notification of the user (``POST /api/v1/notifications/clear``).

        :returns: None.
        """
        self._api_request("POST", "/api/v1/notifications/clear")

    @api_version("1.3.0", "2.9.2")
    def notifications_dismiss(self, id: IdLike) -> None:
        """Delete one notification (``POST /api/v1/notifications/:id/dismiss``).

        :param id: the notification (id or Notification).
        :returns: None.
        """
        self._api_request("POST", f"/api/v1/notifications/{path_id(id)}/dismiss")

    # -- filtering policy --------------------------------------------------------------------
    @api_version("4.3.0", "4.3.0")
    def notifications_policy(self) -> NotificationPolicy:
        """How the user's notifications are filtered (``GET /api/v2/notifications/policy``).

        :returns: the NotificationPolicy entity: ``for_not_following``, ``for_not_followers``,
            ``for_new_accounts``, ``for_private_mentions``, ``for_limited_accounts`` (each
            ``"accept"``, ``"filter"`` or ``"drop"``) and a ``summary`` of pending requests.
        """
        return self._api_request("GET", "/api/v2/notifications/policy")

    @api_version("4.3.0", "4.3.0")
    def update_notifications_policy(self, for_not_following: Optional[str] = None,
                                    for_not_followers: Optional[str] = None, for_new_accounts: Optional[str] = None,
                                    for_private_mentions: Optional[str] = None,
                                    for_limited_accounts: Optional[str] = None) -> NotificationPolicy:
        """Change how the user's notifications are filtered (``PATCH /api/v2/notifications/policy``).

        Each setting is ``"accept"`` (deliver), ``"filter"`` (hold back as a notification
        request) or ``"drop"`` (never create the notification); None leaves it as it is.

        :param for_not_following: notifications from accounts the user does not follow.
        :param for_not_followers: notifications from accounts that do not follow the user.
        :param for_new_accounts: notifications from accounts created in the last 30 days.
        :param for_private_mentions: private mentions the user did not start (conversations
            the user began and accounts the user follows always come through).
        :param for_limited_accounts: notifications from accounts moderators limited.
        :returns: the updated NotificationPolicy.
        """
        params = {"for_not_following": for_not_following, "for_not_followers": for_not_followers,
                  "for_new_accounts": for_new_accounts, "for_private_mentions": for_private_mentions,
                  "for_limited_accounts": for_limited_accounts}
        for name, value in params.items():
            check_choice(name, value, POLICY_VALUES)
        return self._api_request("PATCH", "/api/v2/notifications/policy", params)

    @api_version("4.3.0", "4.3.0")
    def notifications_policy_v1(self) -> AttribAccessDict:
        """The filtering policy in its first, yes/no form (``GET /api/v1/notifications/policy``).

        Prefer :meth:`notifications_policy`; this form was never documented as released.

        :returns: the V1::NotificationPolicy entity: ``filter_not_following``,
            ``filter_not_followers``, ``filter_new_accounts``, ``filter_private_mentions``
            (booleans) and a ``summary``.
        """
        return self._api_request("GET", "/api/v1/notifications/policy")

    @api_version("4.3.0", "4.3.0")
    def update_notifications_policy_v1(self, filter_not_following: Optional[bool] = None,
                                       filter_not_followers: Optional[bool] = None,
                                       filter_new_accounts: Optional[bool] = None,
                                       filter_private_mentions: Optional[bool] = None) -> AttribAccessDict:
        """Change the yes/no filtering policy (``PATCH /api/v1/notifications/policy``).

        Prefer :meth:`update_notifications_policy`. Each argument says whether to filter that
        kind of notification; None leaves it as it is.

        :param filter_not_following: from accounts the user does not follow.
        :param filter_not_followers: from accounts that do not follow the user.
        :param filter_new_accounts: from accounts younger than 30 days.
        :param filter_private_mentions: private mentions the user did not start.
        :returns: the updated V1::NotificationPolicy.
        """
        return self._api_request("PATCH", "/api/v1/notifications/policy", {
            "filter_not_following": filter_not_following, "filter_not_followers": filter_not_followers,
            "filter_new_accounts": filter_new_accounts, "filter_private_mentions": filter_private_mentions})

    # -- notification requests ---------------------------------------------------------------
    @api_version("4.3.0", "4.3.0")
    def notification_requests(self, max_id: Optional[IdLike] = None, since_id: Optional[IdLike] = None,
                              min_id: Optional[IdLike] = None, limit: Optional[int] = None) -> PaginatableList[NotificationRequest]:
        """Accounts whose notifications the policy held back, one request each
        (``GET /api/v1/notifications/requests``).

        :param max_id: only requests older than this id.
        :param since_id: only requests newer than this id (the newest first).
        :param min_id: the requests immediately newer than this id.
        :param limit: how many to return (server default 40, at most 80).
        :returns: :class:`PaginatableList` of NotificationRequest.
        """
        return self._api_request("GET", "/api/v1/notifications/requests",
                                 page_params(max_id, min_id, since_id, limit))

    @api_version("4.3.0", "4.3.0")
    def notification_request(self, id: IdLike) -> NotificationRequest:
        """One notification request (``GET /api/v1/notifications/requests/:id``).

        :param id: the request (id or NotificationRequest).
        :returns: the NotificationRequest (``account``, ``notifications_count``, ``last_status``, ...).
        """
        return self._api_request("GET", f"/api/v1/notifications/requests/{path_id(id)}")

    @api_version("4.3.0", "4.3.0")
    def accept_notification_request(self, id: IdLike) -> None:
        """Let an account's held-back notifications through, now and from now on
        (``POST /api/v1/notifications/requests/:id/accept``).

        The merge runs in the background; see :meth:`notifications_merged`.

        :param id: the request (id or NotificationRequest).
        :returns: None.
        """
        self._api_request("POST", f"/api/v1/notifications/requests/{path_id(id)}/accept")

    @api_version("4.3.0", "4.3.0")
    def dismiss_notification_request(self, id: IdLike) -> None:
        """Hide a notification request without accepting it (``POST /api/v1/notifications/requests/:id/dismiss``).

        :param id: the request (id or NotificationRequest).
        :returns: None.
        """
        self._api_request("POST", f"/api/v1/notifications/requests/{path_id(id)}/dismiss")

    @api_version("4.3.0", "4.3.0")
    def accept_multiple_notification_requests(self, ids: Sequence[IdLike]) -> None:
        """Accept several notification requests at once (``POST /api/v1/notifications/requests/accept``).

        :param ids: the requests (ids or NotificationRequests).
        :returns: None.
        """
        self._api_request("POST", "/api/v1/notifications/requests/accept", _request_ids(ids))

    @api_version("4.3.0", "4.3.0")
    def dismiss_multiple_notification_requests(self, ids: Sequence[IdLike]) -> None:
        """Dismiss several notification requests at once (``POST /api/v1/notifications/requests/dismiss``).

        :param ids: the requests (ids or NotificationRequests).
        :returns: None.
        """
        self._api_request("POST", "/api/v1/notifications/requests/dismiss", _request_ids(ids))

    @api_version("4.3.0", "4.3.0")
    def notifications_merged(self) -> bool:
        """Whether the notifications of accepted requests are back in the main list yet
        (``GET /api/v1/notifications/requests/merged``).

        :returns: True once the background merge finished (time to reload notifications).
        """
        return bool(self._api_request("GET", "/api/v1/notifications/requests/merged").get("merged"))

    # -- grouped notifications ---------------------------------------------------------------
    @api_version("4.3.0", "4.6.0")
    def grouped_notifications(self, max_id: Optional[IdLike] = None, since_id: Optional[IdLike] = None,
                              min_id: Optional[IdLike] = None, limit: Optional[int] = None, types: TypeList = None,
                              exclude_types: TypeList = None, account_id: Optional[IdLike] = None,
                              expand_accounts: Optional[str] = "partial_avatars", grouped_types: TypeList = None,
                              include_filtered: Optional[bool] = None,
                              supported_types: TypeList = None) -> GroupedNotificationsResults:
        """Notifications with similar ones folded into groups (``GET /api/v2/notifications``).

        Favourites, boosts, follows and sign-ups of the same kind and target close in time share
        a ``group_key`` and come back as one group. The result is paginated like a list: pass it
        to ``fetch_next``.

        :param max_id: only groups of notifications older than this notification id.
        :param since_id: only groups of notifications newer than this id (the newest first).
        :param min_id: the groups immediately newer than this id.
        :param limit: how many groups to return (server default 40, at most 80).
        :param types: only these notification types.
        :param exclude_types: leave out these notification types.
        :param account_id: only notifications caused by this account.
        :param expand_accounts: ``"partial_avatars"`` (some accounts only in the short
            ``partial_accounts`` form) or ``"full"`` (every account in full); None leaves the
            choice to the server (``"full"``).
        :param grouped_types: the types the server may group; others come as one-notification
            groups.
        :param include_filtered: also return notifications the policy filtered.
        :param supported_types: the types this client can show; groups of other types carry a
            ``fallback`` (Mastodon 4.6+).
        :returns: GroupedNotificationsResults: ``notification_groups``, and the ``accounts``,
            ``partial_accounts`` and ``statuses`` they refer to.
        """
        check_choice("expand_accounts", expand_accounts, _EXPAND_ACCOUNTS)
        params = {"max_id": max_id, "since_id": since_id, "min_id": min_id, "limit": limit, "account_id": account_id,
                  "expand_accounts": expand_accounts, "include_filtered": include_filtered,
                  **_type_filters(types=types, exclude_types=exclude_types, grouped_types=grouped_types,
                                  supported_types=supported_types)}
        return self._api_request("GET", "/api/v2/notifications", params)

    @api_version("4.3.0", "4.6.0")
    def grouped_notification(self, group_key: Union[str, Mapping[str, Any]],
                             supported_types: TypeList = None) -> GroupedNotificationsResults:
        """One notification group (``GET /api/v2/notifications/:group_key``).

        :param group_key: the group's key (or the NotificationGroup/Notification carrying it).
        :param supported_types: as for :meth:`grouped_notifications`.
        :returns: GroupedNotificationsResults with that single group.
        """
        return self._api_request("GET", f"/api/v2/notifications/{_group_key(group_key)}",
                                 _type_filters(supported_types=supported_types))

    @api_version("4.3.0", "4.3.0", api=2)
    def dismiss_grouped_notification(self, group_key: Union[str, Mapping[str, Any]]) -> None:
        """Delete every notification of a group (``POST /api/v2/notifications/:group_key/dismiss``).

        :param group_key: the group's key (or the NotificationGroup/Notification carrying it).
        :returns: None.
        """
        self._api_request("POST", f"/api/v2/notifications/{_group_key(group_key)}/dismiss")

    @api_version("4.3.0", "4.3.0", api=2)
    def grouped_notification_accounts(self, group_key: Union[str, Mapping[str, Any]]) -> NonPaginatableList[Account]:
        """Every account behind the notifications of a group (``GET /api/v2/notifications/:group_key/accounts``).

        :param group_key: the group's key (or the NotificationGroup/Notification carrying it).
        :returns: :class:`NonPaginatableList` of Account.
        """
        return self._api_request("GET", f"/api/v2/notifications/{_group_key(group_key)}/accounts", paginated=False)

    @api_version("4.3.0", "4.3.0", api=2)
    def unread_grouped_notifications_count(self, limit: Optional[int] = None, types: TypeList = None,
                                           exclude_types: TypeList = None, account_id: Optional[IdLike] = None,
                                           grouped_types: TypeList = None) -> int:
        """How many notification groups arrived after the notifications read marker
        (``GET /api/v2/notifications/unread_count``).

        :param limit: the cap of the count (server default 100, at most 1000).
        :param types: count only these notification types.
        :param exclude_types: do not count these types.
        :param account_id: count only notifications caused by this account.
        :param grouped_types: the types the server may group, as for :meth:`grouped_notifications`.
        :returns: the (capped) number of unread groups.
        """
        params = {"limit": limit, "account_id": account_id,
                  **_type_filters(types=types, exclude_types=exclude_types, grouped_types=grouped_types)}
        return int(self._api_request("GET", "/api/v2/notifications/unread_count", params)["count"])

    @api_version("4.3.0", "4.3.0")
    def clear_grouped_notifications(self) -> None:
        """Delete every notification of the user, through the grouped API (``POST /api/v2/notifications/clear``).

        :returns: None.
        """
        self._api_request("POST", "/api/v2/notifications/clear")
