"""Reports: filing a report, and the old list of one's reports."""

from datetime import datetime

import pytest

from conftest import BASE, TOKEN, entity, form_matcher, recorded
from mastodon import (AttribAccessDict, Mastodon, MastodonIllegalArgumentError, MastodonNotFoundError,
                      MastodonVersionError, NonPaginatableList)


def check_report(report):
    assert isinstance(report, AttribAccessDict)
    assert report.id == "48914" and isinstance(report.created_at, datetime)
    assert report.action_taken_at is None
    assert report.target_account.acct == "Baluke"


def test_report_with_everything(api, rsps):
    rsps.post(BASE + "/api/v1/reports", json=entity("Report"), match=[form_matcher({
        "account_id": "108366849347798387", "status_ids[]": ["108882889550545820", "5"], "comment": "Spam account",
        "forward": "true", "category": "violation", "rule_ids[]": ["1", "3"],
        "forward_to_domains[]": ["a.example", "b.example"], "collection_ids[]": "77"})])
    report = api.report(entity("Report")["target_account"], status_ids=[{"id": "108882889550545820"}, 5],
                        comment="Spam account", forward=True, category="violation", rule_ids=["1", {"id": "3"}],
                        forward_to_domains=["a.example", "b.example"], collection_ids="77")
    check_report(report)


def test_report_sends_only_what_is_given(api, rsps):
    rsps.post(BASE + "/api/v1/reports", json=entity("Report"),
              match=[form_matcher({"account_id": "12", "status_ids[]": "3", "category": "spam"})])
    check_report(api.report("12", status_ids="3", category="spam"))


@pytest.mark.parametrize("kwargs", [
    {"category": 3},
    {"comment": 5},
    {"status_ids": [None]},
])
def test_bad_reports_are_refused_before_sending(api, rsps, kwargs):
    with pytest.raises(MastodonIllegalArgumentError):
        api.report("12", **kwargs)


def test_report_needs_an_account(api, rsps):
    with pytest.raises(MastodonIllegalArgumentError, match="account_id"):
        api.report({"acct": "someone"})


def test_reports(api, rsps):
    rsps.get(BASE + "/api/v1/reports", json=[entity("Report")])
    result = api.reports()
    assert isinstance(result, NonPaginatableList)
    check_report(result[0])


def test_reports_on_a_current_server(api, rsps):
    rsps.get(BASE + "/api/v1/reports", status=404, json=recorded("error_404")["body"])
    with pytest.raises(MastodonNotFoundError):
        api.reports()


def test_version_checks(rsps):
    changed = Mastodon(api_base_url=BASE, access_token=TOKEN, mastodon_version="4.5.0", version_check_mode="changed")
    with pytest.raises(MastodonVersionError):
        changed.report("1")
