"""Admin: handling the reports users file."""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional

from ...core.params import IdLike, check_choice, only_if_true, unpack_ids
from ...core.values import PaginatableList
from ...core.versions import api_version
from ._common import AdminBase, PageBound, path_id

if TYPE_CHECKING:
    from ...return_types import AdminReport

__all__ = ["AdminReportsMixin", "REPORT_CATEGORIES"]

#: The categories a report can be filed under.
REPORT_CATEGORIES = ("spam", "legal", "violation", "other")


class AdminReportsMixin(AdminBase):
    """Report handling. Needs an admin token with ``admin:read:reports`` / ``admin:write:reports``."""

    @api_version("2.9.1", "4.6.0")
    def admin_reports(self, resolved: bool = False, account_id: Optional[IdLike] = None,
                      target_account_id: Optional[IdLike] = None, max_id: PageBound = None,
                      min_id: PageBound = None, since_id: PageBound = None, limit: Optional[int] = None,
                      unresolved: Optional[bool] = None) -> PaginatableList[AdminReport]:
        """Reports filed on this server, newest first (``GET /api/v1/admin/reports``).

        The server lists open reports unless told otherwise: ``resolved=True`` lists the closed
        ones instead, and ``resolved=True, unresolved=True`` both kinds (Mastodon 4.6+).

        :param resolved: list closed reports.
        :param account_id: only reports filed by this account (id or entity).
        :param target_account_id: only reports about this account (id or entity).
        :param max_id: return only reports older than this id.
        :param min_id: return the reports immediately newer than this id.
        :param since_id: return only reports newer than this id.
        :param limit: page size (server default 100, at most 200).
        :param unresolved: list open reports; sent as given when not None.
        :returns: :class:`PaginatableList` of Admin::Report.
        """
        return self._admin_page("/api/v1/admin/reports", max_id, min_id, since_id, limit,
                                resolved=only_if_true(resolved), unresolved=unresolved, account_id=account_id,
                                target_account_id=target_account_id)

    @api_version("2.9.1", "2.9.1")
    def admin_report(self, id: IdLike) -> AdminReport:
        """One report with everything moderators see of it (``GET /api/v1/admin/reports/:id``).

        :param id: the report (id or entity).
        :returns: Admin::Report.
        """
        return self._api_request("GET", f"/api/v1/admin/reports/{path_id(id)}")

    @api_version("3.5.0", "3.5.0")
    def admin_update_report(self, id: IdLike, category: Optional[str] = None,
                            rule_ids: Optional[List[IdLike]] = None) -> AdminReport:
        """Reclassify a report (``PUT /api/v1/admin/reports/:id``).

        :param id: the report (id or entity).
        :param category: ``"spam"``, ``"legal"``, ``"violation"`` or ``"other"``.
        :param rule_ids: for violations, the server rules that were broken (ids or Rule entities).
        :returns: Admin::Report, as it is now.
        """
        check_choice("category", category, REPORT_CATEGORIES)
        rules = None if rule_ids is None else unpack_ids(rule_ids, name="rule_ids")
        return self._api_request("PUT", f"/api/v1/admin/reports/{path_id(id)}",
                                 {"category": category, "rule_ids": rules})

    @api_version("2.9.1", "2.9.1")
    def admin_report_assign(self, id: IdLike) -> AdminReport:
        """Take charge of a report: assign it to the logged-in moderator
        (``POST /api/v1/admin/reports/:id/assign_to_self``).

        :param id: the report (id or entity).
        :returns: Admin::Report, as it is now.
        """
        return self._api_request("POST", f"/api/v1/admin/reports/{path_id(id)}/assign_to_self")

    @api_version("2.9.1", "2.9.1")
    def admin_report_unassign(self, id: IdLike) -> AdminReport:
        """Leave a report to nobody in particular (``POST /api/v1/admin/reports/:id/unassign``).

        :param id: the report (id or entity).
        :returns: Admin::Report, as it is now.
        """
        return self._api_request("POST", f"/api/v1/admin/reports/{path_id(id)}/unassign")

    @api_version("2.9.1", "2.9.1")
    def admin_report_reopen(self, id: IdLike) -> AdminReport:
        """Open a closed report again (``POST /api/v1/admin/reports/:id/reopen``).

        :param id: the report (id or entity).
        :returns: Admin::Report, as it is now.
        """
        return self._api_request("POST", f"/api/v1/admin/reports/{path_id(id)}/reopen")

    @api_version("2.9.1", "2.9.1")
    def admin_report_resolve(self, id: IdLike) -> AdminReport:
        """Close a report without further action (``POST /api/v1/admin/reports/:id/resolve``).

        To act on the reported account at the same time, use :meth:`admin_account_moderate`
        with ``report_id``.

        :param id: the report (id or entity).
        :returns: Admin::Report, as it is now.
        """
        return self._api_request("POST", f"/api/v1/admin/reports/{path_id(id)}/resolve")
