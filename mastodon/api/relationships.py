"""Relationship lists: mutes, blocks, follow requests, domain blocks, endorsements."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ..core.params import IdLike, PageBound, page_params, path_id
from ..core.values import AttribAccessDict, NonPaginatableList, PaginatableList
from ..core.versions import api_version
from ..errors import MastodonIllegalArgumentError

if TYPE_CHECKING:
    from ..return_types import Account, Relationship

__all__ = ["RelationshipsMixin"]


def _domain(domain: Any) -> str:
    """A domain name as the domain-block endpoints take it: bare, without scheme or path."""
    if not isinstance(domain, str) or not domain.strip():
        raise MastodonIllegalArgumentError(f"domain must be a domain name such as example.com; got {domain!r}")
    domain = domain.strip()
    if "/" in domain or "@" in domain or " " in domain:
        raise MastodonIllegalArgumentError(
            f"domain must be a bare domain name (no scheme, path or user); got {domain!r}")
    return domain


class RelationshipsMixin:
    """The logged-in user's mutes, blocks, domain blocks, follow requests and featured accounts.

    The lists are paginated: the bounds are ids of the mute/block/request records, which
    the API does not show, so page on with ``fetch_next`` rather than by hand.
    """

    _api_request: Any

    @api_version("1.1.0", "2.6.0")
    def mutes(self, max_id: PageBound = None, min_id: PageBound = None, since_id: PageBound = None,
              limit: Optional[int] = None) -> PaginatableList[Account]:
        """The accounts the logged-in user muted (``GET /api/v1/mutes``).

        :param max_id: upper bound, from a previous page.
        :param min_id: lower bound, paging forward, from a previous page.
        :param since_id: lower bound, from a previous page.
        :param limit: how many accounts to return (server default 40, at most 80).
        :returns: :class:`PaginatableList` of Account (with ``mute_expires_at`` on 3.3+).
        """
        return self._api_request("GET", "/api/v1/mutes", page_params(max_id, min_id, since_id, limit))

    @api_version("1.0.0", "2.6.0")
    def blocks(self, max_id: PageBound = None, min_id: PageBound = None, since_id: PageBound = None,
               limit: Optional[int] = None) -> PaginatableList[Account]:
        """The accounts the logged-in user blocked (``GET /api/v1/blocks``).

        :param max_id: only accounts older than this id (an id, an entity or a datetime).
        :param min_id: the accounts immediately newer than this id (for walking forward page by page).
        :param since_id: only accounts newer than this id (the newest of them, when there are many).
        :param limit: at most this many accounts (the server's default and maximum apply).
        :returns: :class:`PaginatableList` of Account.
        """
        return self._api_request("GET", "/api/v1/blocks", page_params(max_id, min_id, since_id, limit))

    @api_version("1.0.0", "2.6.0")
    def follow_requests(self, max_id: PageBound = None, min_id: PageBound = None, since_id: PageBound = None,
                        limit: Optional[int] = None) -> PaginatableList[Account]:
        """Accounts waiting for the logged-in user to accept their follow request (``GET /api/v1/follow_requests``).

        :param max_id: only accounts older than this id (an id, an entity or a datetime).
        :param min_id: the accounts immediately newer than this id (for walking forward page by page).
        :param since_id: only accounts newer than this id (the newest of them, when there are many).
        :param limit: at most this many accounts (the server's default and maximum apply).
        :returns: :class:`PaginatableList` of Account.
        """
        return self._api_request("GET", "/api/v1/follow_requests", page_params(max_id, min_id, since_id, limit))

    @api_version("1.4.0", "2.6.0")
    def domain_blocks(self, max_id: PageBound = None, min_id: PageBound = None, since_id: PageBound = None,
                      limit: Optional[int] = None) -> PaginatableList[str]:
        """The domains the logged-in user blocked (``GET /api/v1/domain_blocks``).

        The server returns 100 domains by default, at most 200.

        :param max_id: only domains older than this id (an id, an entity or a datetime).
        :param min_id: the domains immediately newer than this id (for walking forward page by page).
        :param since_id: only domains newer than this id (the newest of them, when there are many).
        :param limit: at most this many domains (the server's default and maximum apply).
        :returns: :class:`PaginatableList` of domain names (plain strings).
        """
        return self._api_request("GET", "/api/v1/domain_blocks", page_params(max_id, min_id, since_id, limit))

    @api_version("1.0.0", "3.0.0")
    def follow_request_authorize(self, id: IdLike) -> Relationship:
        """Accept a follow request (``POST /api/v1/follow_requests/:account_id/authorize``).

        :param id: the account that asked to follow (id or Account).
        :returns: Relationship (servers before 3.0.0 return nothing).
        """
        return self._api_request("POST", f"/api/v1/follow_requests/{path_id(id)}/authorize")

    @api_version("1.0.0", "3.0.0")
    def follow_request_reject(self, id: IdLike) -> Relationship:
        """Decline a follow request (``POST /api/v1/follow_requests/:account_id/reject``).

        :param id: the account that asked to follow (id or Account).
        :returns: Relationship (servers before 3.0.0 return nothing).
        """
        return self._api_request("POST", f"/api/v1/follow_requests/{path_id(id)}/reject")

    @api_version("1.4.0", "1.4.0")
    def domain_block(self, domain: str) -> None:
        """Block a whole domain for the logged-in user (``POST /api/v1/domain_blocks``).

        Hides everything from the domain's accounts and removes your followers there.

        :param domain: the domain, e.g. ``"example.com"``.
        :returns: None.
        """
        self._api_request("POST", "/api/v1/domain_blocks", {"domain": _domain(domain)})

    @api_version("1.4.0", "1.4.0")
    def domain_unblock(self, domain: str) -> None:
        """Lift a domain block (``DELETE /api/v1/domain_blocks``).

        :param domain: the domain, e.g. ``"example.com"``.
        :returns: None.
        """
        self._api_request("DELETE", "/api/v1/domain_blocks", {"domain": _domain(domain)})

    @api_version("4.3.0", "4.3.0")
    def domain_block_preview(self, domain: str) -> AttribAccessDict:
        """What blocking a domain would cost you (``GET /api/v1/domain_blocks/preview``).

        :param domain: the domain, e.g. ``"example.com"``.
        :returns: DomainBlockPreview: ``following_count`` (accounts there you follow) and
            ``followers_count`` (your followers there), both lost by the block.
        """
        return self._api_request("GET", "/api/v1/domain_blocks/preview", {"domain": _domain(domain)})

    @api_version("2.5.0", "2.5.0")
    def endorsements(self) -> NonPaginatableList[Account]:
        """The accounts the logged-in user features on their profile (``GET /api/v1/endorsements``).

        :returns: :class:`NonPaginatableList` of Account.
        """
        return self._api_request("GET", "/api/v1/endorsements", paginated=False)
