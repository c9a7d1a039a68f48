"""Follow suggestions: accounts the server proposes to follow, and dismissing them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional, Union

from ..core.params import IdLike, unpack_id
from ..core.urls import path_segment
from ..core.values import NonPaginatableList
from ..core.versions import api_version

if TYPE_CHECKING:
    from ..return_types import Account, Suggestion

__all__ = ["SuggestionsMixin"]


def _suggested_account_id(value: Any) -> str:
    """The account id in an id, an Account, or a Suggestion (which holds its Account under ``account``)."""
    if isinstance(value, Mapping) and "id" not in value and isinstance(value.get("account"), Mapping):
        value = value["account"]
    return path_segment(unpack_id(value, name="account_id"), "account_id")  # one path segment, encoded


class SuggestionsMixin:
    """Follow suggestions for the logged-in user."""

    _api_request: Any
    _newer_or_older: Any

    @api_version("2.4.3", "2.4.3")
    def suggestions_v1(self, limit: Optional[int] = None) -> NonPaginatableList[Account]:
        """Suggested accounts, the old way (``GET /api/v1/suggestions``).

        Deprecated since Mastodon 3.4.0 (the server warns); :meth:`suggestions` picks the
        best endpoint the server has.

        :param limit: how many accounts to return (server default 40, at most 80).
        :returns: :class:`NonPaginatableList` of Account.
        """
        return self._api_request("GET", "/api/v1/suggestions", {"limit": limit}, paginated=False)

    @api_version("3.4.0", "3.4.0")
    def suggestions_v2(self, limit: Optional[int] = None) -> NonPaginatableList[Suggestion]:
        """Suggested accounts with the reasons for suggesting them (``GET /api/v2/suggestions``).

        :param limit: how many suggestions to return (server default 40, at most 80).
        :returns: :class:`NonPaginatableList` of Suggestion: the ``account`` and why it is
            suggested (``sources`` on 4.3+, ``source`` before).
        """
        return self._api_request("GET", "/api/v2/suggestions", {"limit": limit}, paginated=False)

    def suggestions(self, limit: Optional[int] = None) -> Union[NonPaginatableList[Suggestion], NonPaginatableList[Account]]:
        """Suggested accounts: :meth:`suggestions_v2` where the server has it, else :meth:`suggestions_v1`.

        A server without the v2 endpoint answers 404; this then asks the v1 endpoint.

        :param limit: how many to return (server default 40, at most 80).
        :returns: :class:`NonPaginatableList` of Suggestion (v2) or of Account (v1): look for
            an ``account`` key to tell them apart.

        Works on Mastodon 2.4.3 and later; the v2 endpoint exists since 3.4.0.
        """
        return self._newer_or_older("3.4.0", lambda: self.suggestions_v2(limit=limit),
                                    lambda: self.suggestions_v1(limit=limit), "suggestions")

    @api_version("2.4.3", "2.4.3")
    def suggestion_delete(self, account_id: IdLike) -> None:
        """Stop suggesting an account (``DELETE /api/v1/suggestions/:account_id``).

        :param account_id: the suggested account: its id, the Account, or the Suggestion.
        :returns: None.
        """
        self._api_request("DELETE", f"/api/v1/suggestions/{_suggested_account_id(account_id)}")
