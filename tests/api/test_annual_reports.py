"""Annual reports: listing, reading, state, marking read and generating."""

import pytest

from conftest import BASE, entity, form_matcher, query_matcher
from mastodon import AttribAccessDict, Mastodon, MastodonIllegalArgumentError, MastodonNotFoundError, \
    MastodonVersionError


@pytest.fixture
def wrapped():
    return {"annual_reports": [entity("AnnualReport")], "accounts": [entity("Account")],
            "statuses": [entity("Status")]}


def check_wrapped(result):
    assert isinstance(result, AttribAccessDict)
    report = result.annual_reports[0]
    assert report.year == 2025 and report.data.archetype == "oracle"
    assert report.data.top_hashtags[0].name == "Mastodon"
    assert result.accounts[0].acct and result.statuses[0].id


def test_annual_reports(api, rsps, wrapped):
    rsps.get(BASE + "/api/v1/annual_reports", json=wrapped, match=[query_matcher({})])
    check_wrapped(api.annual_reports())


@pytest.mark.parametrize("year", [2025, "2025"])
def test_annual_report(api, rsps, wrapped, year):
    rsps.get(BASE + "/api/v1/annual_reports/2025", json=wrapped, match=[query_matcher({})])
    check_wrapped(api.annual_report(year))


def test_annual_report_missing(api, rsps):
    rsps.get(BASE + "/api/v1/annual_reports/2019", status=404, json={"error": "Record not found"})
    with pytest.raises(MastodonNotFoundError):
        api.annual_report(2019)


@pytest.mark.parametrize("state", ["available", "generating", "eligible", "ineligible"])
def test_annual_report_state(api, rsps, state):
    rsps.get(BASE + "/api/v1/annual_reports/2025/state", json={"state": state}, match=[query_matcher({})])
    result = api.annual_report_state(2025)
    assert isinstance(result, AttribAccessDict) and result.state == state


def test_annual_report_state_bare_string(api, rsps):
    rsps.get(BASE + "/api/v1/annual_reports/2025/state", json="generating")
    result = api.annual_report_state("2025")
    assert isinstance(result, AttribAccessDict) and result.state == "generating"


def test_annual_report_state_keeps_async_refresh_info(api, rsps):
    header = 'id="wrapstodon:1:2025", retry=2'
    rsps.get(BASE + "/api/v1/annual_reports/2025/state", json={"state": "generating"},
             headers={"Mastodon-Async-Refresh": header})
    result = api.annual_report_state(2025)
    assert result._async_refresh == header


def test_annual_report_read(api, rsps):
    rsps.post(BASE + "/api/v1/annual_reports/2025/read", json={}, match=[form_matcher({})])
    assert api.annual_report_read(2025) is None


def test_annual_report_generate(api, rsps):
    header = 'id="wrapstodon:1:2025", retry=2'
    rsps.post(BASE + "/api/v1/annual_reports/2025/generate", status=202, json={},
              headers={"Mastodon-Async-Refresh": header}, match=[form_matcher({})])
    result = api.annual_report_generate(2025)
    assert result == {} and result._async_refresh == header


@pytest.mark.parametrize("year", ["last", "20 25", 2025.0, None, True, "", "../x"])
def test_bad_years_are_refused_before_sending(api, rsps, year):
    for name in ("annual_report", "annual_report_state", "annual_report_read", "annual_report_generate"):
        with pytest.raises(MastodonIllegalArgumentError, match="year"):
            getattr(api, name)(year)
    assert len(rsps.calls) == 0


def test_versions(rsps):
    server = Mastodon(api_base_url=BASE, mastodon_version="4.3.2", version_check_mode="created")
    with pytest.raises(MastodonVersionError):
        server.annual_report(2024)
    with pytest.raises(MastodonVersionError):
        server.annual_report_generate(2024)
    rsps.get(BASE + "/api/v1/annual_reports", json={"annual_reports": [], "accounts": [], "statuses": []})
    assert server.annual_reports().annual_reports == []
    server.mastodon_api_version = 8
    rsps.get(BASE + "/api/v1/annual_reports/2024/state", json={"state": "eligible"})
    assert server.annual_report_state(2024).state == "eligible"
