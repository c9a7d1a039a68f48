"""Admin reports: listing, reading, reclassifying and working through reports."""

from datetime import datetime

import pytest

from conftest import BASE, entity, form_matcher, query_matcher
from mastodon import AttribAccessDict, MastodonIllegalArgumentError, PaginatableList


def check_admin_report(report):
    assert isinstance(report, AttribAccessDict)
    assert isinstance(report.created_at, datetime) and isinstance(report.updated_at, datetime)
    assert report.target_account.account.acct == "goody"
    assert isinstance(report.target_account.created_at, datetime)


def test_admin_reports_lists_open_reports_by_default(api, rsps):
    rsps.get(BASE + "/api/v1/admin/reports", json=[entity("Admin_Report")], match=[query_matcher({})])
    result = api.admin_reports()
    assert isinstance(result, PaginatableList)
    check_admin_report(result[0])


def test_admin_reports_with_every_filter(api, rsps):
    rsps.get(BASE + "/api/v1/admin/reports", json=[], match=[query_matcher({
        "resolved": "true", "unresolved": "true", "account_id": "108965218747268792",
        "target_account_id": "108965430868193066", "max_id": "10", "min_id": "2", "since_id": "1",
        "limit": "20"})])
    report = entity("Admin_Report")
    result = api.admin_reports(resolved=True, account_id=report["account"],
                               target_account_id=report["target_account"]["id"], max_id=10, min_id="2",
                               since_id={"id": 1}, limit=20, unresolved=True)
    assert result == [] and isinstance(result, PaginatableList)


def test_admin_reports_sends_unresolved_false_as_given(api, rsps):
    rsps.get(BASE + "/api/v1/admin/reports", json=[], match=[query_matcher({"unresolved": "false"})])
    api.admin_reports(resolved=False, unresolved=False)


def test_admin_report(api, rsps):
    rsps.get(BASE + "/api/v1/admin/reports/1", json=entity("Admin_Report"), match=[query_matcher({})])
    check_admin_report(api.admin_report(entity("Admin_Report")))


@pytest.mark.parametrize("name, path", [
    ("admin_report_assign", "/api/v1/admin/reports/7/assign_to_self"),
    ("admin_report_unassign", "/api/v1/admin/reports/7/unassign"),
    ("admin_report_reopen", "/api/v1/admin/reports/7/reopen"),
    ("admin_report_resolve", "/api/v1/admin/reports/7/resolve"),
])
def test_report_actions(api, rsps, name, path):
    rsps.post(BASE + path, json=entity("Admin_Report"), match=[form_matcher({})])
    check_admin_report(getattr(api, name)({"id": 7}))
    assert rsps.calls[0].request.method == "POST"


def test_admin_update_report(api, rsps):
    rsps.put(BASE + "/api/v1/admin/reports/7", json=entity("Admin_Report"),
             match=[form_matcher({"category": "violation", "rule_ids[]": ["1", "2"]})])
    check_admin_report(api.admin_update_report(7, category="violation", rule_ids=[1, {"id": "2", "text": "x"}]))


def test_admin_update_report_sends_only_what_is_given(api, rsps):
    rsps.put(BASE + "/api/v1/admin/reports/7", json=entity("Admin_Report"), match=[form_matcher({"category": "spam"})])
    api.admin_update_report("7", category="spam")


def test_admin_update_report_refuses_a_category_that_is_no_string(api, rsps):
    with pytest.raises(MastodonIllegalArgumentError, match="category"):
        api.admin_update_report("7", category=["spam"])
    assert len(rsps.calls) == 0
