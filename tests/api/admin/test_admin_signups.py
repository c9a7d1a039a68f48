"""Admin sign-up blocks: e-mail domain blocks, canonical e-mail blocks and IP blocks."""

from datetime import datetime, timedelta

import pytest

from conftest import BASE, entity, form_matcher, query_matcher
from mastodon import (AttribAccessDict, Mastodon, MastodonIllegalArgumentError, MastodonVersionError,
                      NonPaginatableList, PaginatableList)


def check_email_domain_block(block):
    assert isinstance(block, AttribAccessDict)
    assert block.domain == "foo" and isinstance(block.created_at, datetime)
    assert all(isinstance(day.day, datetime) for day in block.history)


def check_canonical(block):
    assert isinstance(block, AttribAccessDict)
    assert block.id == "2" and len(block.canonical_email_hash) == 64


def check_ip_block(block):
    assert isinstance(block, AttribAccessDict)
    assert block.ip == "8.8.8.8/32" and isinstance(block.created_at, datetime) and block.expires_at is None


@pytest.mark.parametrize("name, path, fixture, check", [
    ("admin_email_domain_blocks", "/api/v1/admin/email_domain_blocks", "Admin_EmailDomainBlock",
     check_email_domain_block),
    ("admin_canonical_email_blocks", "/api/v1/admin/canonical_email_blocks", "Admin_CanonicalEmailBlock",
     check_canonical),
    ("admin_ip_blocks", "/api/v1/admin/ip_blocks", "Admin_IpBlock", check_ip_block),
])
def test_listings(api, rsps, name, path, fixture, check):
    rsps.get(BASE + path, json=[entity(fixture)], headers={"Link": f'<{BASE}{path}?max_id=1>; rel="next"'},
             match=[query_matcher({"max_id": "30", "min_id": "5", "since_id": "4", "limit": "3"})])
    result = getattr(api, name)(max_id=30, min_id={"id": "5"}, since_id=4, limit=3)
    assert isinstance(result, PaginatableList) and result._pagination_next["max_id"] == "1"
    check(result[0])
    rsps.get(BASE + path, json=[], match=[query_matcher({})])
    assert getattr(api, name)() == []


@pytest.mark.parametrize("name, path, fixture, check", [
    ("admin_email_domain_block", "/api/v1/admin/email_domain_blocks/1", "Admin_EmailDomainBlock",
     check_email_domain_block),
    ("admin_canonical_email_block", "/api/v1/admin/canonical_email_blocks/1", "Admin_CanonicalEmailBlock",
     check_canonical),
    ("admin_ip_block", "/api/v1/admin/ip_blocks/1", "Admin_IpBlock", check_ip_block),
])
def test_single_entries(api, rsps, name, path, fixture, check):
    rsps.get(BASE + path, json=entity(fixture), match=[query_matcher({})])
    check(getattr(api, name)({"id": 1}))


@pytest.mark.parametrize("name, path, fixture", [
    ("admin_delete_email_domain_block", "/api/v1/admin/email_domain_blocks/3", None),
    ("admin_delete_canonical_email_block", "/api/v1/admin/canonical_email_blocks/3", "Admin_CanonicalEmailBlock"),
    ("admin_delete_ip_block", "/api/v1/admin/ip_blocks/3", None),
])
def test_deletes(api, rsps, name, path, fixture):
    rsps.delete(BASE + path, json=entity(fixture) if fixture else {}, match=[query_matcher({})])
    result = getattr(api, name)(3)
    if fixture:
        check_canonical(result)
    else:
        assert result is None


def test_admin_create_email_domain_block(api, rsps):
    rsps.post(BASE + "/api/v1/admin/email_domain_blocks", json=entity("Admin_EmailDomainBlock"),
              match=[form_matcher({"domain": "foo"})])
    check_email_domain_block(api.admin_create_email_domain_block("foo"))


def test_admin_test_canonical_email_block(api, rsps):
    rsps.post(BASE + "/api/v1/admin/canonical_email_blocks/test", json=[entity("Admin_CanonicalEmailBlock")],
              match=[form_matcher({"email": "Some.One+tag@example.com"})])
    result = api.admin_test_canonical_email_block("Some.One+tag@example.com")
    assert isinstance(result, NonPaginatableList)
    check_canonical(result[0])


@pytest.mark.parametrize("kwargs, form", [
    ({"email": "someone@example.com"}, {"email": "someone@example.com"}),
    ({"canonical_email_hash": "ab" * 32}, {"canonical_email_hash": "ab" * 32}),
])
def test_admin_create_canonical_email_block(api, rsps, kwargs, form):
    rsps.post(BASE + "/api/v1/admin/canonical_email_blocks", json=entity("Admin_CanonicalEmailBlock"),
              match=[form_matcher(form)])
    check_canonical(api.admin_create_canonical_email_block(**kwargs))


def test_admin_create_ip_block(api, rsps):
    rsps.post(BASE + "/api/v1/admin/ip_blocks", json=entity("Admin_IpBlock"), match=[form_matcher({
        "ip": "8.8.8.8/32", "severity": "no_access", "comment": "abuse", "expires_in": "86400"})])
    check_ip_block(api.admin_create_ip_block("8.8.8.8/32", "no_access", comment="abuse",
                                             expires_in=timedelta(days=1)))


def test_admin_update_ip_block(api, rsps):
    rsps.put(BASE + "/api/v1/admin/ip_blocks/1", json=entity("Admin_IpBlock"),
             match=[form_matcher({"severity": "sign_up_block", "expires_in": "3600"})])
    check_ip_block(api.admin_update_ip_block(entity("Admin_IpBlock"), severity="sign_up_block", expires_in=3600))


@pytest.mark.parametrize("call", [
    lambda api: api.admin_create_ip_block("8.8.8.8", 1),
    lambda api: api.admin_create_ip_block("8.8.8.8", None),
    lambda api: api.admin_create_ip_block("", "no_access"),
    lambda api: api.admin_create_ip_block("8.8.8.8", "no_access", expires_in="soon"),
    lambda api: api.admin_update_ip_block("1", severity=True),
    lambda api: api.admin_create_canonical_email_block(),
    lambda api: api.admin_test_canonical_email_block(""),
    lambda api: api.admin_create_email_domain_block(None),
])
def test_bad_arguments_are_refused_before_sending(api, rsps, call):
    with pytest.raises(MastodonIllegalArgumentError):
        call(api)
    assert len(rsps.calls) == 0


def test_email_domain_block_needs_4_1(rsps):
    old = Mastodon(api_base_url=BASE, mastodon_version="4.0.2", version_check_mode="created")
    with pytest.raises(MastodonVersionError):
        old.admin_email_domain_block(1)
    rsps.get(BASE + "/api/v1/admin/email_domain_blocks", json=[])
    old.admin_email_domain_blocks()
