"""Lists: the logged-in user's lists of accounts, and their members."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Optional, Sequence, Union

from ..core.params import IdLike, PageBound, check_choice, page_params, path_id, unpack_ids
from ..core.values import NonPaginatableList, PaginatableList
from ..core.versions import api_version
from ..errors import MastodonIllegalArgumentError

if TYPE_CHECKING:
    from ..return_types import Account, UserList

__all__ = ["ListsMixin"]


#: Whose replies a list's timeline shows: to any followed account, to list members, or none.
REPLIES_POLICIES = ("followed", "list", "none")


def _list_settings(title: str, replies_policy: str, exclusive: bool) -> Dict[str, Any]:
    """The form fields shared by creating and updating a list, checked before sending."""
    if not isinstance(title, str):
        raise MastodonIllegalArgumentError(f"title must be a string; got {title!r}")
    check_choice("replies_policy", replies_policy, REPLIES_POLICIES, allow_none=False)
    return {"title": title, "replies_policy": replies_policy, "exclusive": bool(exclusive)}


def _member_ids(account_ids: Any) -> Dict[str, Any]:
    """``account_ids`` always as an array (``account_ids[]``), even for a single account."""
    return {"account_ids": unpack_ids(account_ids, name="account_ids")}


class ListsMixin:
    """The logged-in user's lists. A list's statuses are read with ``timeline_list``."""

    _api_request: Any

    @api_version("2.1.0", "2.1.0")
    def lists(self) -> NonPaginatableList[UserList]:
        """All lists of the logged-in user (``GET /api/v1/lists``).

        :returns: :class:`NonPaginatableList` of List.
        """
        return self._api_request("GET", "/api/v1/lists", paginated=False)

    @api_version("2.1.0", "2.1.0")
    def list(self, id: IdLike) -> UserList:
        """One list (``GET /api/v1/lists/:id``).

        :param id: the list (id or List).
        :returns: List (``id``, ``title``, ``replies_policy``, ``exclusive``).
        """
        return self._api_request("GET", f"/api/v1/lists/{path_id(id)}")

    @api_version("2.1.0", "2.6.0")
    def list_accounts(self, id: IdLike, max_id: PageBound = None, min_id: PageBound = None,
                      since_id: PageBound = None, limit: Optional[int] = None) -> PaginatableList[Account]:
        """The members of a list (``GET /api/v1/lists/:id/accounts``).

        :param id: the list (id or List).
        :param max_id: upper bound, from a previous page.
        :param min_id: lower bound, paging forward, from a previous page.
        :param since_id: lower bound, from a previous page.
        :param limit: how many accounts to return (server default 40, at most 80); 0 asks
            for all members at once.
        :returns: :class:`PaginatableList` of Account.
        """
        params = page_params(max_id, min_id, since_id, limit)
        return self._api_request("GET", f"/api/v1/lists/{path_id(id)}/accounts", params)

    @api_version("2.1.0", "4.2.0")
    def list_create(self, title: str, replies_policy: str = "list", exclusive: bool = False) -> UserList:
        """Make a new list (``POST /api/v1/lists``).

        :param title: the list's name.
        :param replies_policy: which replies the list's timeline shows: ``"followed"``
            (replies to anyone you follow), ``"list"`` (replies to list members) or
            ``"none"`` (Mastodon 3.3+).
        :param exclusive: keep the members' posts out of the home timeline (Mastodon 4.2+).
        :returns: the new List.
        """
        return self._api_request("POST", "/api/v1/lists", _list_settings(title, replies_policy, exclusive))

    @api_version("2.1.0", "4.2.0")
    def list_update(self, id: IdLike, title: str, replies_policy: str = "list",
                    exclusive: bool = False) -> UserList:
        """Rename a list or change its settings (``PUT /api/v1/lists/:id``).

        Every setting is sent anew, not only the ones that change.

        :param id: the list (id or List).
        :param title: the list's name.
        :param replies_policy: which replies the list's timeline shows: ``"followed"``
            (replies to anyone you follow), ``"list"`` (replies to list members) or
            ``"none"`` (Mastodon 3.3+).
        :param exclusive: keep the members' posts out of the home timeline (Mastodon 4.2+).
        :returns: the List, as changed.
        """
        settings = _list_settings(title, replies_policy, exclusive)
        return self._api_request("PUT", f"/api/v1/lists/{path_id(id)}", settings)

    @api_version("2.1.0", "2.1.0")
    def list_delete(self, id: IdLike) -> None:
        """Delete a list (``DELETE /api/v1/lists/:id``); its members are not affected.

        :param id: the list (id or List).
        :returns: None.
        """
        self._api_request("DELETE", f"/api/v1/lists/{path_id(id)}")

    @api_version("2.1.0", "2.1.0")
    def list_accounts_add(self, id: IdLike, account_ids: Union[IdLike, Sequence[IdLike]]) -> None:
        """Add accounts to a list (``POST /api/v1/lists/:id/accounts``).

        Only accounts the logged-in user follows can be added.

        :param id: the list (id or List).
        :param account_ids: one account or a list of them (ids or Account entities).
        :returns: None.
        """
        self._api_request("POST", f"/api/v1/lists/{path_id(id)}/accounts", _member_ids(account_ids))

    @api_version("2.1.0", "2.1.0")
    def list_accounts_delete(self, id: IdLike, account_ids: Union[IdLike, Sequence[IdLike]]) -> None:
        """Remove accounts from a list (``DELETE /api/v1/lists/:id/accounts``).

        :param id: the list (id or List).
        :param account_ids: one account or a list of them (ids or Account entities).
        :returns: None.
        """
        self._api_request("DELETE", f"/api/v1/lists/{path_id(id)}/accounts", _member_ids(account_ids))
