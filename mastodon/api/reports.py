"""Reports: telling the server's moderators about an account and its posts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Sequence, Union

from ..core.params import IdLike, check_choice, unpack_id, unpack_ids
from ..core.values import NonPaginatableList
from ..core.versions import api_version
from ..errors import MastodonIllegalArgumentError

if TYPE_CHECKING:
    from ..return_types import Report

__all__ = ["ReportsMixin"]

#: Why an account is reported; ``violation`` goes with ``rule_ids``.
REPORT_CATEGORIES = ("spam", "legal", "violation", "other")

Ids = Union[IdLike, Sequence[IdLike]]


def _optional_ids(values: Optional[Ids], name: str) -> Optional[list]:
    return None if values is None else unpack_ids(values, name=name)


class ReportsMixin:
    """Reports filed by the logged-in user."""

    _api_request: Any

    @api_version("1.1.0", "1.1.0")
    def reports(self) -> NonPaginatableList[Report]:
        """The reports the logged-in user filed (``GET /api/v1/reports``).

        Only very old servers have this endpoint: current Mastodon versions no longer route
        it and answer 404 (:class:`MastodonNotFoundError`).

        :returns: :class:`NonPaginatableList` of Report.
        """
        return self._api_request("GET", "/api/v1/reports", paginated=False)

    @api_version("1.1.0", "4.6.0")
    def report(self, account_id: IdLike, status_ids: Optional[Ids] = None, comment: Optional[str] = None,
               forward: bool = False, category: Optional[str] = None, rule_ids: Optional[Ids] = None,
               forward_to_domains: Optional[Sequence[str]] = None,
               collection_ids: Optional[Ids] = None) -> Report:
        """Report an account to the moderators (``POST /api/v1/reports``).

        :param account_id: the reported account (id or Account).
        :param status_ids: statuses of that account to attach as evidence (ids or Status entities).
        :param comment: what is wrong, for the moderators (the server allows 1000 characters).
        :param forward: for a remote account, send an anonymous copy of the report to its
            server's moderators too (2.3+).
        :param category: ``"spam"``, ``"legal"`` (illegal content, 4.2+), ``"violation"``
            (breaks the server rules given in ``rule_ids``) or ``"other"`` (3.5+; the server's
            default).
        :param rule_ids: the broken rules, from the instance's ``rules`` (3.5+); the server
            then files the report as a violation.
        :param forward_to_domains: with ``forward``, the remote domains to forward to (for
            reported statuses that replied to accounts on other servers).
        :param collection_ids: collections of the account to attach as evidence (4.6+).
        :returns: the filed Report.
        """
        check_choice("category", category, REPORT_CATEGORIES)
        if comment is not None and not isinstance(comment, str):
            raise MastodonIllegalArgumentError(f"comment must be a string; got {type(comment).__name__}")
        if isinstance(forward_to_domains, str):
            forward_to_domains = [forward_to_domains]
        params = {
            "account_id": unpack_id(account_id, name="account_id"),
            "status_ids": _optional_ids(status_ids, "status_ids"),
            "comment": comment,
            "forward": True if forward else None,
            "category": category,
            "rule_ids": _optional_ids(rule_ids, "rule_ids"),
            "forward_to_domains": forward_to_domains,
            "collection_ids": _optional_ids(collection_ids, "collection_ids"),
        }
        return self._api_request("POST", "/api/v1/reports", params)
