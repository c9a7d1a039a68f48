"""Admin metrics: measures, dimensions and retention, and how their keys are selected."""

from datetime import date, datetime, timezone

import pytest

from conftest import BASE, entity, form_matcher
from mastodon import MastodonIllegalArgumentError, NonPaginatableList

START = datetime(2022, 9, 14, tzinfo=timezone.utc)
END = datetime(2022, 9, 21, 12, 30, tzinfo=timezone.utc)
PERIOD = {"start_at": "2022-09-14T00:00:00+00:00", "end_at": "2022-09-21T12:30:00+00:00"}


def test_admin_measures_flags(api, rsps):
    rsps.post(BASE + "/api/v1/admin/measures", json=[entity("Admin_Measure")], match=[form_matcher({
        **PERIOD, "keys[]": ["active_users", "new_users", "interactions", "opened_reports", "resolved_reports"]})])
    result = api.admin_measures(START, END, active_users=True, new_users=True, interactions=True,
                                opened_reports=True, resolved_reports=True)
    assert isinstance(result, NonPaginatableList)
    measure = result[0]
    assert measure.key == "active_users" and measure.total == "2"
    assert all(isinstance(point.date, datetime) for point in measure.data)


def test_admin_measures_per_tag_and_per_domain(api, rsps):
    rsps.post(BASE + "/api/v1/admin/measures", json=[], match=[form_matcher({
        "start_at": "2022-09-14", "end_at": "2022-09-21",
        "keys[]": ["tag_accounts", "tag_uses", "tag_servers", "instance_accounts", "instance_media_attachments",
                   "instance_reports", "instance_statuses", "instance_follows", "instance_followers"],
        "tag_accounts[id]": "802", "tag_uses[id]": "802", "tag_servers[id]": "5",
        "instance_accounts[domain]": "a.example", "instance_media_attachments[domain]": "b.example",
        "instance_reports[domain]": "c.example", "instance_statuses[domain]": "d.example",
        "instance_follows[domain]": "e.example", "instance_followers[domain]": "f.example"})])
    tag = entity("Tag")
    result = api.admin_measures(date(2022, 9, 14), "2022-09-21", tag_accounts=tag, tag_uses="802", tag_servers=5,
                                instance_accounts="a.example", instance_media_attachments="b.example",
                                instance_reports="c.example", instance_statuses="d.example",
                                instance_follows="e.example", instance_followers="f.example")
    assert result == [] and isinstance(result, NonPaginatableList)


def test_admin_dimensions(api, rsps):
    rsps.post(BASE + "/api/v1/admin/dimensions", json=[entity("Admin_Dimension")], match=[form_matcher({
        **PERIOD, "limit": "5",
        "keys[]": ["languages", "sources", "servers", "space_usage", "software_versions", "tag_servers",
                   "tag_languages", "instance_accounts", "instance_languages"],
        "tag_servers[id]": "802", "tag_languages[id]": "803", "instance_accounts[domain]": "a.example",
        "instance_languages[domain]": "b.example"})])
    result = api.admin_dimensions(START, END, limit=5, languages=True, sources=True, servers=True,
                                  space_usage=True, software_versions=True, tag_servers={"id": 802},
                                  tag_languages="803", instance_accounts="a.example",
                                  instance_languages="b.example")
    assert isinstance(result, NonPaginatableList)
    assert result[0].key == "languages" and result[0].data[0].human_key == "English"


def test_admin_dimensions_single_key(api, rsps):
    rsps.post(BASE + "/api/v1/admin/dimensions", json=[entity("Admin_Dimension")],
              match=[form_matcher({**PERIOD, "keys[]": "languages"})])
    assert api.admin_dimensions(START, END, languages=True)[0].key == "languages"


@pytest.mark.parametrize("frequency", ["day", "month"])
def test_admin_retention(api, rsps, frequency):
    rsps.post(BASE + "/api/v1/admin/retention", json=[entity("Admin_Cohort")],
              match=[form_matcher({**PERIOD, "frequency": frequency})])
    result = api.admin_retention(START, END, frequency=frequency)
    assert isinstance(result, NonPaginatableList)
    cohort = result[0]
    assert isinstance(cohort.period, datetime) and isinstance(cohort.data[0].date, datetime)
    assert cohort.data[0].rate == 1.0


def test_admin_retention_defaults_to_days(api, rsps):
    rsps.post(BASE + "/api/v1/admin/retention", json=[], match=[form_matcher({**PERIOD, "frequency": "day"})])
    api.admin_retention(START, END)


@pytest.mark.parametrize("call", [
    lambda api: api.admin_measures(START, END),
    lambda api: api.admin_measures(START, END, active_users=False, tag_uses=None),
    lambda api: api.admin_measures(None, END, active_users=True),
    lambda api: api.admin_measures(START, 5, active_users=True),
    lambda api: api.admin_measures(START, END, instance_accounts=""),
    lambda api: api.admin_measures(START, END, tag_uses=1.5),
    lambda api: api.admin_dimensions(START, END),
    lambda api: api.admin_dimensions(START, END, limit=3),
    lambda api: api.admin_retention(START, END, frequency=7),
    lambda api: api.admin_retention(START, END, frequency=None),
])
def test_bad_arguments_are_refused_before_sending(api, rsps, call):
    with pytest.raises(MastodonIllegalArgumentError):
        call(api)
    assert len(rsps.calls) == 0
