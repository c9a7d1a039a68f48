"""Admin accounts: searching (v1 and v2), inspecting and moderating accounts."""

from datetime import datetime

import pytest

from conftest import BASE, entity, form_matcher, query_matcher, recorded
from mastodon.return_types import Account, AdminAccount, AdminIp, Role
from mastodon import AttribAccessDict, Mastodon, MastodonIllegalArgumentError, MastodonVersionError, PaginatableList


def check_admin_account(account):
    assert type(account) is AdminAccount and isinstance(account, AttribAccessDict)
    assert isinstance(account.created_at, datetime)
    assert type(account.account) is Account and account.account.username == account.username
    # AdminIp declares used_at as text (as Mastodon.py 2.x does): it is kept as the server sent it.
    assert all(type(ip) is AdminIp and isinstance(ip.used_at, str) for ip in account.ips)


def test_admin_accounts_v2_sends_every_filter(api, rsps):
    page = recorded("admin_accounts_v2")
    link = page["headers"]["Link"].replace("http://localhost:18080", BASE)
    rsps.get(BASE + "/api/v2/admin/accounts", json=page["body"], headers={"Link": link}, match=[query_matcher({
        "origin": "local", "by_domain": "example.org", "status": "active", "username": "ad",
        "display_name": "Ad", "email": "admin@example.org", "ip": "192.0.2.1", "permissions": "staff",
        "invited_by": "7", "role_ids[]": ["1", "3"], "max_id": "99", "min_id": "2", "since_id": "1",
        "limit": "3"})])
    result = api.admin_accounts_v2(origin="local", by_domain="example.org", status="active", username="ad",
                                   display_name="Ad", email="admin@example.org", ip="192.0.2.1",
                                   permissions="staff", invited_by={"id": "7"}, role_ids=[1, {"id": "3"}],
                                   max_id="99", min_id=2, since_id="1", limit=3)
    assert isinstance(result, PaginatableList) and len(result) == 3
    for account in result:
        check_admin_account(account)
    assert result[0].role.name == "admin"
    assert result._pagination_next["max_id"] == "/@bob"


def test_admin_accounts_v2_sends_nothing_unasked(api, rsps):
    rsps.get(BASE + "/api/v2/admin/accounts", json=[entity("Admin_Account")], match=[query_matcher({})])
    check_admin_account(api.admin_accounts_v2()[0])


@pytest.mark.parametrize("kwargs", [{"origin": 1}, {"status": ["active"]}, {"permissions": True}, {"invited_by": 1.5}])
def test_admin_accounts_v2_refuses_bad_filters(api, rsps, kwargs):
    with pytest.raises(MastodonIllegalArgumentError):
        api.admin_accounts_v2(**kwargs)
    assert len(rsps.calls) == 0


@pytest.mark.parametrize("name", ["admin_accounts", "admin_accounts_v1"])
def test_admin_accounts_v1_defaults_to_active_accounts(api, rsps, name):
    rsps.get(BASE + "/api/v1/admin/accounts", json=[entity("Admin_Account")], match=[query_matcher({"active": "true"})])
    result = getattr(api, name)()
    assert isinstance(result, PaginatableList)
    check_admin_account(result[0])
    assert result[0].sensitized is True


@pytest.mark.parametrize("name", ["admin_accounts", "admin_accounts_v1"])
def test_admin_accounts_v1_sends_state_as_a_flag(api, rsps, name):
    rsps.get(BASE + "/api/v1/admin/accounts", json=[], match=[query_matcher({
        "remote": "true", "sensitized": "true", "staff": "true", "by_domain": "remote.example", "username": "u",
        "display_name": "U", "email": "u@remote.example", "ip": "192.0.2.9", "max_id": "9", "min_id": "1",
        "since_id": "2", "limit": "50"})])
    assert getattr(api, name)(remote=True, status="sensitized", staff_only=True, by_domain="remote.example",
                              username="u", display_name="U", email="u@remote.example", ip="192.0.2.9",
                              max_id=9, min_id="1", since_id=2, limit=50) == []


def test_admin_accounts_v1_without_status_filter(api, rsps):
    rsps.get(BASE + "/api/v1/admin/accounts", json=[], match=[query_matcher({})])
    api.admin_accounts(status=None)


def test_admin_accounts_v1_refuses_a_state_that_is_no_string(api, rsps):
    with pytest.raises(MastodonIllegalArgumentError, match="status"):
        api.admin_accounts(status=1)
    assert len(rsps.calls) == 0


def test_admin_account(api, rsps):
    rsps.get(BASE + "/api/v1/admin/accounts/108965278956942133", json=entity("Admin_Account"),
             match=[query_matcher({})])
    account = api.admin_account(entity("Admin_Account"))
    check_admin_account(account)
    # Role declares no created_at: an undeclared key is kept as the server sent it.
    assert type(account.role) is Role and account.role.name == "Owner" and account.role.created_at.startswith("2022")


@pytest.mark.parametrize("name, method, path", [
    ("admin_account_enable", "POST", "/api/v1/admin/accounts/42/enable"),
    ("admin_account_approve", "POST", "/api/v1/admin/accounts/42/approve"),
    ("admin_account_reject", "POST", "/api/v1/admin/accounts/42/reject"),
    ("admin_account_unsilence", "POST", "/api/v1/admin/accounts/42/unsilence"),
    ("admin_account_unsuspend", "POST", "/api/v1/admin/accounts/42/unsuspend"),
    ("admin_account_unsensitive", "POST", "/api/v1/admin/accounts/42/unsensitive"),
    ("admin_account_delete", "DELETE", "/api/v1/admin/accounts/42"),
])
def test_account_actions(api, rsps, name, method, path):
    rsps.add(method, BASE + path, json=entity("Admin_Account"),
             match=[form_matcher({}) if method == "POST" else query_matcher({})])
    for target in ("42", 42, {"id": "42"}):
        check_admin_account(getattr(api, name)(target))
    assert [c.request.method for c in rsps.calls] == [method] * 3


def test_account_action_ids_are_escaped(api, rsps):
    rsps.post(BASE + "/api/v1/admin/accounts/a%2Fb/approve", json=entity("Admin_Account"))
    api.admin_account_approve("a/b")


def test_admin_account_moderate_with_everything(api, rsps):
    rsps.post(BASE + "/api/v1/admin/accounts/42/action", json={}, match=[form_matcher({
        "type": "suspend", "report_id": "5", "warning_preset_id": "2", "text": "Spam",
        "send_email_notification": "false"})])
    result = api.admin_account_moderate({"id": 42}, "suspend", report_id=entity("Admin_Report") | {"id": "5"},
                                        warning_preset_id=2, text="Spam", send_email_notification=False)
    assert result is None


def test_admin_account_moderate_defaults_to_a_warning(api, rsps):
    rsps.post(BASE + "/api/v1/admin/accounts/42/action", json={},
              match=[form_matcher({"type": "none", "send_email_notification": "true"})])
    assert api.admin_account_moderate("42") is None


@pytest.mark.parametrize("action", ["none", "sensitive", "disable", "silence", "suspend"])
def test_admin_account_moderate_actions(api, rsps, action):
    rsps.post(BASE + "/api/v1/admin/accounts/1/action", body=b"",
              match=[form_matcher({"type": action, "send_email_notification": "true"})])
    api.admin_account_moderate(1, action=action)


@pytest.mark.parametrize("action", [1, ["silence"], b"silence"])
def test_admin_account_moderate_refuses_actions_that_are_no_string(api, rsps, action):
    with pytest.raises(MastodonIllegalArgumentError, match="action"):
        api.admin_account_moderate("1", action)
    assert len(rsps.calls) == 0


def test_versions(rsps):
    old = Mastodon(api_base_url=BASE, mastodon_version="3.4.0", version_check_mode="created")
    with pytest.raises(MastodonVersionError):
        old.admin_accounts_v2()
    with pytest.raises(MastodonVersionError):
        Mastodon(api_base_url=BASE, mastodon_version="3.2.0", version_check_mode="created").admin_account_delete(1)
    rsps.get(BASE + "/api/v1/admin/accounts", json=[])
    old.admin_accounts()


def test_admin_accounts_v2_single_role_is_still_an_array(api, rsps):
    rsps.get(BASE + "/api/v2/admin/accounts", json=[], match=[query_matcher({"role_ids[]": "3"})])
    api.admin_accounts_v2(role_ids="3")


def test_admin_package_composes_one_mixin():
    from mastodon.api import AdminMixin as exported
    from mastodon.api.admin import AdminMixin
    assert exported is AdminMixin
    members = [name for klass in AdminMixin.__mro__[:-1] for name in vars(klass) if not name.startswith("__")]
    assert all(getattr(Mastodon, name) is getattr(AdminMixin, name) for name in members)
