"""Admin federation: domain blocks and domain allows."""

from datetime import datetime

import pytest

from conftest import BASE, entity, form_matcher, query_matcher
from mastodon import AttribAccessDict, Mastodon, MastodonIllegalArgumentError, MastodonVersionError, PaginatableList


def check_block(block):
    assert isinstance(block, AttribAccessDict)
    assert block.domain == "example.com" and isinstance(block.created_at, datetime)


def check_allow(allow):
    assert isinstance(allow, AttribAccessDict)
    assert allow.domain == "mastodon.social" and isinstance(allow.created_at, datetime)


def test_admin_domain_blocks_lists(api, rsps):
    rsps.get(BASE + "/api/v1/admin/domain_blocks", json=[entity("Admin_DomainBlock")],
             headers={"Link": f'<{BASE}/api/v1/admin/domain_blocks?max_id=1>; rel="next"'},
             match=[query_matcher({"max_id": "50", "since_id": "3", "limit": "2"})])
    result = api.admin_domain_blocks(max_id=50, since_id="3", limit=2)
    assert isinstance(result, PaginatableList)
    check_block(result[0])
    assert result._pagination_next["max_id"] == "1"


def test_admin_domain_blocks_fetches_one(api, rsps):
    rsps.get(BASE + "/api/v1/admin/domain_blocks/1", json=entity("Admin_DomainBlock"), match=[query_matcher({})])
    check_block(api.admin_domain_blocks(id=entity("Admin_DomainBlock"), limit=5))


def test_admin_create_domain_block(api, rsps):
    rsps.post(BASE + "/api/v1/admin/domain_blocks", json=entity("Admin_DomainBlock"), match=[form_matcher({
        "domain": "example.com", "severity": "suspend", "reject_media": "true", "reject_reports": "false",
        "private_comment": "spam wave", "public_comment": "Spam", "obfuscate": "true"})])
    check_block(api.admin_create_domain_block(" example.com ", severity="suspend", reject_media=True,
                                              reject_reports=False, private_comment="spam wave",
                                              public_comment="Spam", obfuscate=True))


def test_admin_create_domain_block_sends_only_the_domain(api, rsps):
    rsps.post(BASE + "/api/v1/admin/domain_blocks", json=entity("Admin_DomainBlock"),
              match=[form_matcher({"domain": "example.com"})])
    check_block(api.admin_create_domain_block("example.com"))


def test_admin_update_domain_block(api, rsps):
    rsps.put(BASE + "/api/v1/admin/domain_blocks/1", json=entity("Admin_DomainBlock"),
             match=[form_matcher({"severity": "noop", "reject_media": "false", "public_comment": ""})])
    check_block(api.admin_update_domain_block({"id": "1"}, severity="noop", reject_media=False, public_comment=""))


@pytest.mark.parametrize("call", [
    lambda api: api.admin_create_domain_block("example.com", severity=3),
    lambda api: api.admin_create_domain_block(""),
    lambda api: api.admin_create_domain_block(None),
    lambda api: api.admin_create_domain_allow("  "),
])
def test_bad_arguments_are_refused_before_sending(api, rsps, call):
    with pytest.raises(MastodonIllegalArgumentError):
        call(api)
    assert len(rsps.calls) == 0


@pytest.mark.parametrize("name, path", [
    ("admin_delete_domain_block", "/api/v1/admin/domain_blocks/9"),
    ("admin_delete_domain_allow", "/api/v1/admin/domain_allows/9"),
])
def test_deletes(api, rsps, name, path):
    rsps.delete(BASE + path, json={}, match=[query_matcher({})])
    assert getattr(api, name)({"id": 9}) is None


def test_admin_domain_allows(api, rsps):
    rsps.get(BASE + "/api/v1/admin/domain_allows", json=[entity("Admin_DomainAllow")],
             match=[query_matcher({"min_id": "4", "limit": "10"})])
    result = api.admin_domain_allows(min_id=4, limit=10)
    assert isinstance(result, PaginatableList)
    check_allow(result[0])


def test_admin_domain_allow(api, rsps):
    rsps.get(BASE + "/api/v1/admin/domain_allows/1", json=entity("Admin_DomainAllow"), match=[query_matcher({})])
    check_allow(api.admin_domain_allow("1"))


def test_admin_create_domain_allow(api, rsps):
    rsps.post(BASE + "/api/v1/admin/domain_allows", json=entity("Admin_DomainAllow"),
              match=[form_matcher({"domain": "mastodon.social"})])
    check_allow(api.admin_create_domain_allow("mastodon.social"))


def test_versions(rsps):
    old = Mastodon(api_base_url=BASE, mastodon_version="3.5.5", version_check_mode="created")
    for call in (lambda: old.admin_domain_blocks(), lambda: old.admin_create_domain_allow("x.example")):
        with pytest.raises(MastodonVersionError):
            call()
