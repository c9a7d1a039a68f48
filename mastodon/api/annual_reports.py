"""Annual reports (Wrapstodon): a user's year on the server, summed up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Union, cast

from ..core.values import AttribAccessDict
from ..core.versions import api_version
from ..errors import MastodonIllegalArgumentError

if TYPE_CHECKING:
    from ..return_types import AnnualReportState, WrappedAnnualReports
    from ..types_base import EmptyResponse

__all__ = ["AnnualReportsMixin", "ANNUAL_REPORT_STATES"]

#: What ``annual_report_state`` can say about a year's report.
ANNUAL_REPORT_STATES = ("available", "generating", "eligible", "ineligible")


def _year(year: Any) -> str:
    """A year as a path segment; refuses anything that is not a plain number."""
    text = str(year) if isinstance(year, int) and not isinstance(year, bool) else year
    if not isinstance(text, str) or not text.isdigit():
        raise MastodonIllegalArgumentError(f"year must be a year number such as 2025; got {year!r}")
    return text


class AnnualReportsMixin:
    """Annual reports. The server offers them (if its admins enabled the feature) late in December."""

    _api_request: Any

    @api_version("4.3.0", "4.3.0")
    def annual_reports(self) -> WrappedAnnualReports:
        """The logged-in user's generated annual reports that are not yet marked read
        (``GET /api/v1/annual_reports``).

        :returns: WrappedAnnualReports: ``annual_reports`` (a list of AnnualReport) plus the
            ``accounts`` and ``statuses`` the reports refer to.
        """
        return self._api_request("GET", "/api/v1/annual_reports")

    @api_version("4.4.0", "4.4.0")
    def annual_report(self, year: Union[int, str]) -> WrappedAnnualReports:
        """The logged-in user's report for one year (``GET /api/v1/annual_reports/:year``).

        Raises :class:`MastodonNotFoundError` when no report was generated for that year.

        :param year: the year, e.g. ``2025``.
        :returns: WrappedAnnualReports holding that single report.
        """
        return self._api_request("GET", f"/api/v1/annual_reports/{_year(year)}")

    @api_version("4.6.0", "4.6.0", api=8)
    def annual_report_state(self, year: Union[int, str]) -> AnnualReportState:
        """Whether the report for a year exists, is being made, could be made or cannot be
        (``GET /api/v1/annual_reports/:year/state``).

        While the report is ``generating`` the result carries async refresh information (see
        :meth:`get_async_refresh_info`).

        :param year: the year, e.g. ``2025``.
        :returns: AnnualReportState: a dict whose ``state`` is ``"available"``, ``"generating"``,
            ``"eligible"`` or ``"ineligible"``.
        """
        result = self._api_request("GET", f"/api/v1/annual_reports/{_year(year)}/state")
        if isinstance(result, str):
            # Some development builds answered with the bare state string.
            return cast("AnnualReportState", AttribAccessDict(state=result))
        return result

    @api_version("4.3.0", "4.3.0")
    def annual_report_read(self, year: Union[int, str]) -> None:
        """Mark the report for a year as seen, so that :meth:`annual_reports` leaves it out
        (``POST /api/v1/annual_reports/:year/read``).

        :param year: the year, e.g. ``2025``.
        :returns: None.
        """
        self._api_request("POST", f"/api/v1/annual_reports/{_year(year)}/read")

    @api_version("4.6.0", "4.6.0", api=8)
    def annual_report_generate(self, year: Union[int, str]) -> EmptyResponse:
        """Ask the server to make the report for a year (``POST /api/v1/annual_reports/:year/generate``).

        Nothing happens when the report exists or the user is not eligible. Otherwise the server
        starts building it in the background; the (empty) result then carries async refresh
        information to wait on with :meth:`await_async_refresh`, after which
        :meth:`annual_report` returns it.

        :param year: the year, e.g. ``2025``; only the current campaign's year can be generated.
        :returns: EmptyResponse (an empty dict), also when the server answers without a body; it carries the async refresh information when the server sends it.
        """
        return self._api_request("POST", f"/api/v1/annual_reports/{_year(year)}/generate")
