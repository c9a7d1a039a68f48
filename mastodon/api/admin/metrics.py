"""Admin: the dashboard's numbers (measures, dimensions and retention cohorts)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Union

from ...core.params import IdLike, check_choice, unpack_id
from ...core.values import NonPaginatableList
from ...core.versions import api_version
from ...errors import MastodonIllegalArgumentError
from ._common import AdminBase, required_text

if TYPE_CHECKING:
    from ...return_types import AdminDimension, AdminMeasure, AdminRetention

__all__ = ["AdminMetricsMixin", "RETENTION_FREQUENCIES"]

#: A day: the server looks only at the date part of what it is given.
Day = Union[datetime, date, str]

#: Bucket sizes for retention cohorts.
RETENTION_FREQUENCIES = ("day", "month")


def _period(start_at: Any, end_at: Any) -> Dict[str, Any]:
    for name, value in (("start_at", start_at), ("end_at", end_at)):
        if not isinstance(value, (datetime, date, str)) or value == "":
            raise MastodonIllegalArgumentError(f"{name} must be a datetime, a date or an ISO 8601 string; "
                                               f"got {value!r}")
    return {"start_at": start_at, "end_at": end_at}


def _selected_keys(flags: Mapping[str, bool], by_tag: Mapping[str, Optional[IdLike]],
                   by_domain: Mapping[str, Optional[str]]) -> Dict[str, Any]:
    """``keys[]`` plus the per-key argument of each selected key (``tag_uses[id]``, ``instance_statuses[domain]``).

    Keys are selected by a true flag, or by giving the tag or domain a per-key metric is about.
    """
    keys: List[str] = [key for key, wanted in flags.items() if wanted]
    params: Dict[str, Any] = {}
    for key, tag in by_tag.items():
        if tag is not None:
            keys.append(key)
            params[key] = {"id": unpack_id(tag, name=key)}
    for key, domain in by_domain.items():
        if domain is not None:
            keys.append(key)
            params[key] = {"domain": required_text(domain, key)}
    if not keys:
        raise MastodonIllegalArgumentError("select at least one key: set a flag, or give a tag or domain")
    return {"keys": keys, **params}


class AdminMetricsMixin(AdminBase):
    """Dashboard metrics. Needs ``admin:read`` and the permission to view the dashboard."""

    @api_version("3.5.0", "3.5.0")
    def admin_measures(self, start_at: Day, end_at: Day, active_users: bool = False, new_users: bool = False,
                       interactions: bool = False, opened_reports: bool = False, resolved_reports: bool = False,
                       tag_accounts: Optional[IdLike] = None, tag_uses: Optional[IdLike] = None,
                       tag_servers: Optional[IdLike] = None, instance_accounts: Optional[str] = None,
                       instance_media_attachments: Optional[str] = None, instance_reports: Optional[str] = None,
                       instance_statuses: Optional[str] = None, instance_follows: Optional[str] = None,
                       instance_followers: Optional[str] = None) -> NonPaginatableList[AdminMeasure]:
        """Totals and daily values of server metrics over a period (``POST /api/v1/admin/measures``).

        Each true flag, and each tag or domain given, selects one measure; at least one is needed.

        :param start_at: first day of the period (datetime, date or ISO 8601 text; the time is ignored).
        :param end_at: last day of the period.
        :param active_users: users active in the period.
        :param new_users: users who signed up in the period.
        :param interactions: favourites, boosts and replies on local statuses.
        :param opened_reports: reports filed.
        :param resolved_reports: reports resolved.
        :param tag_accounts: a hashtag (id or Tag): how many accounts used it.
        :param tag_uses: a hashtag (id or Tag): how many statuses used it.
        :param tag_servers: a hashtag (id or Tag): how many servers its statuses came from.
        :param instance_accounts: a remote domain: accounts discovered from it.
        :param instance_media_attachments: a remote domain: storage taken by its media.
        :param instance_reports: a remote domain: reports against its accounts.
        :param instance_statuses: a remote domain: statuses received from it.
        :param instance_follows: a remote domain: follows of its accounts by local accounts.
        :param instance_followers: a remote domain: follows of local accounts by its accounts.
        :returns: :class:`NonPaginatableList` of Admin::Measure, one per selected key.
        """
        params = _period(start_at, end_at)
        params.update(_selected_keys(
            {"active_users": active_users, "new_users": new_users, "interactions": interactions,
             "opened_reports": opened_reports, "resolved_reports": resolved_reports},
            {"tag_accounts": tag_accounts, "tag_uses": tag_uses, "tag_servers": tag_servers},
            {"instance_accounts": instance_accounts, "instance_media_attachments": instance_media_attachments,
             "instance_reports": instance_reports, "instance_statuses": instance_statuses,
             "instance_follows": instance_follows, "instance_followers": instance_followers}))
        return self._api_request("POST", "/api/v1/admin/measures", params, paginated=False)

    @api_version("3.5.0", "3.5.0")
    def admin_dimensions(self, start_at: Day, end_at: Day, limit: Optional[int] = None, languages: bool = False,
                         sources: bool = False, servers: bool = False, space_usage: bool = False,
                         software_versions: bool = False, tag_servers: Optional[IdLike] = None,
                         tag_languages: Optional[IdLike] = None, instance_accounts: Optional[str] = None,
                         instance_languages: Optional[str] = None) -> NonPaginatableList[AdminDimension]:
        """Breakdowns of server activity over a period (``POST /api/v1/admin/dimensions``).

        Each true flag, and each tag or domain given, selects one dimension; at least one is needed.

        :param start_at: first day of the period (datetime, date or ISO 8601 text; the time is ignored).
        :param end_at: last day of the period.
        :param limit: at most this many entries per breakdown.
        :param languages: the languages local users post in.
        :param sources: the apps local users post with.
        :param servers: the remote servers sending the most statuses.
        :param space_usage: storage used by each part of the server's stack.
        :param software_versions: versions of the server's software components.
        :param tag_servers: a trending hashtag (id or Tag): the servers posting it.
        :param tag_languages: a trending hashtag (id or Tag): the languages it is used in.
        :param instance_accounts: a remote domain: its most-followed accounts.
        :param instance_languages: a remote domain: the languages its users post in.
        :returns: :class:`NonPaginatableList` of Admin::Dimension, one per selected key.
        """
        params = _period(start_at, end_at)
        params["limit"] = limit
        params.update(_selected_keys(
            {"languages": languages, "sources": sources, "servers": servers, "space_usage": space_usage,
             "software_versions": software_versions},
            {"tag_servers": tag_servers, "tag_languages": tag_languages},
            {"instance_accounts": instance_accounts, "instance_languages": instance_languages}))
        return self._api_request("POST", "/api/v1/admin/dimensions", params, paginated=False)

    @api_version("3.5.0", "3.5.0")
    def admin_retention(self, start_at: Day, end_at: Day, frequency: str = "day") -> NonPaginatableList[AdminRetention]:
        """How many of the users who signed up in each period were still active later
        (``POST /api/v1/admin/retention``).

        :param start_at: first day of the period (datetime, date or ISO 8601 text; the time is ignored).
        :param end_at: last day of the period.
        :param frequency: cohort size, ``"day"`` or ``"month"``.
        :returns: :class:`NonPaginatableList` of Admin::Cohort.
        """
        check_choice("frequency", frequency, RETENTION_FREQUENCIES, allow_none=False)
        params = {**_period(start_at, end_at), "frequency": frequency}
        return self._api_request("POST", "/api/v1/admin/retention", params, paginated=False)
