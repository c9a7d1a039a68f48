"""Endpoint methods return their declared types: the api_version decorator resolves the return
annotation once and casts; pages fetched from a typed page, and refreshed results, keep the types."""

import json
import logging
from datetime import datetime

import pytest

from conftest import BASE, entity, recorded
from mastodon import AttribAccessDict, Mastodon, MastodonNotFoundError
from mastodon import return_types as rt
from mastodon.core.casting import typed_result
from mastodon.core.versions import api_version
from mastodon.types_base import NonPaginatableList, PaginatableList

#: A name only this module defines: annotations see the module's globals first.
LocalAccount = rt.Account

HOME = BASE + "/api/v1/timelines/home"
VERIFIED = "2019-11-10T10:31:10.744+00:00"


class Client(Mastodon):
    """Methods annotated as the endpoint areas annotate theirs (string annotations)."""

    @api_version("1.0.0")
    def typed_home(self, limit=None) -> "PaginatableList[Status]":
        return self._api_request("GET", "/api/v1/timelines/home", {"limit": limit})

    @api_version("1.0.0")
    def typed_account(self) -> "LocalAccount":
        return self._api_request("GET", "/api/v1/accounts/1")

    @api_version("1.0.0")
    def untyped_account(self) -> "AttribAccessDict":
        return self._api_request("GET", "/api/v1/accounts/1")

    @api_version("1.0.0")
    def broken_annotation(self) -> "NoSuchName[Status]":
        return self._api_request("GET", "/api/v1/accounts/1")

    @api_version("1.0.0")
    def typed_then_untyped(self) -> "Account":
        inner = self.untyped_account()
        assert isinstance(inner.fields[0].verified_at, datetime)  # an untyped call inside decodes as before
        return self._api_request("GET", "/api/v1/accounts/1")

    @api_version("1.0.0")
    def failing(self) -> "Account":
        return self._api_request("GET", "/api/v1/accounts/404")

    @typed_result
    def undecorated(self) -> "Optional[Account]":
        return self._api_request("GET", "/api/v1/accounts/1")


def _account():
    account = entity("Account")
    account["fields"] = [{"name": "site", "value": "x", "verified_at": VERIFIED}]
    return account


@pytest.fixture
def client():
    return Client(api_base_url=BASE, access_token="token")


def _link(*pairs):
    return {"Link": ", ".join(f'<{BASE}{path}>; rel="{rel}"' for path, rel in pairs)}


class TestDecorator:
    def test_the_declared_class_nested_classes_and_datetimes(self, client, rsps):
        rsps.get(HOME, json=recorded("timeline_home_bob")["body"])
        page = client.typed_home(limit=40)
        assert type(page) is PaginatableList and type(page[0]) is rt.Status
        assert type(page[0].account) is rt.Account and isinstance(page[0].created_at, datetime)
        assert Client.typed_home._mastopy_hint == PaginatableList[rt.Status]

    def test_declared_strings_stay_strings_in_a_typed_call(self, client, rsps):
        rsps.get(BASE + "/api/v1/accounts/1", json=_account())
        account = client.typed_account()
        assert type(account) is rt.Account and type(account.fields[0]) is rt.AccountField
        assert account.fields[0].verified_at == VERIFIED
        assert isinstance(account.created_at, datetime)

    def test_untyped_annotations_keep_the_classic_decoding(self, client, rsps):
        rsps.get(BASE + "/api/v1/accounts/1", json=_account())
        account = client.untyped_account()
        assert type(account) is AttribAccessDict
        assert isinstance(account.fields[0].verified_at, datetime) and isinstance(account.created_at, datetime)

    def test_an_annotation_that_cannot_be_evaluated_counts_as_untyped(self, client, rsps, caplog):
        rsps.get(BASE + "/api/v1/accounts/1", json=_account())
        with caplog.at_level(logging.DEBUG, logger="mastodon.casting"):
            account = client.broken_annotation()
        assert type(account) is AttribAccessDict and isinstance(account.created_at, datetime)
        assert "NoSuchName" in caplog.text

    def test_an_untyped_call_inside_a_typed_one(self, client, rsps):
        rsps.get(BASE + "/api/v1/accounts/1", json=_account())
        rsps.get(BASE + "/api/v1/accounts/1", json=_account())
        account = client.typed_then_untyped()
        assert type(account) is rt.Account and account.fields[0].verified_at == VERIFIED

    def test_the_decoding_mode_is_restored_after_an_error(self, client, rsps):
        rsps.get(BASE + "/api/v1/accounts/404", status=404, json={"error": "Record not found"})
        rsps.get(BASE + "/api/v1/accounts/1", json=_account())
        with pytest.raises(MastodonNotFoundError):
            client.failing()
        assert isinstance(client._api_request("GET", "/api/v1/accounts/1").fields[0].verified_at, datetime)

    def test_undecorated_methods_with_typed_result(self, client, rsps):
        rsps.get(BASE + "/api/v1/accounts/1", json=_account())
        account = client.undecorated()
        assert type(account) is rt.Account and account.fields[0].verified_at == VERIFIED


class TestPagesKeepTheirTypes:
    def _first(self, client, rsps):
        rsps.get(HOME + "?limit=2", json=[entity("Status")],
                 headers=_link(("/api/v1/timelines/home?max_id=10", "next"),
                               ("/api/v1/timelines/home?min_id=20", "prev")))
        return client.typed_home(limit=2)

    def test_fetch_next_and_previous(self, client, rsps):
        page = self._first(client, rsps)
        rsps.get(HOME + "?max_id=10", json=[_account_status()])
        rsps.get(HOME + "?min_id=20", json=[_account_status()])
        for following in (client.fetch_next(page), client.fetch_previous(page)):
            assert type(following) is PaginatableList and type(following[0]) is rt.Status
            assert following[0].account.fields[0].verified_at == VERIFIED
            assert isinstance(following[0].created_at, datetime)

    def test_fetch_next_from_the_page_description_alone(self, client, rsps):
        page = self._first(client, rsps)
        rsps.get(HOME + "?max_id=10", json=[entity("Status")])
        following = client.fetch_next(page[-1]._pagination_next)
        assert type(following[0]) is rt.Status

    def test_fetch_remaining_and_the_iterators(self, client, rsps):
        page = self._first(client, rsps)
        # Each page holds other statuses (a page repeating the one before ends the walk).
        rsps.get(HOME + "?max_id=10", json=[entity("Status") | {"id": "9"}],
                 headers=_link(("/api/v1/timelines/home?max_id=5", "next")))
        rsps.get(HOME + "?max_id=5", json=[entity("Status") | {"id": "4"}])
        everything = client.fetch_remaining(page)
        assert type(everything) is PaginatableList and len(everything) == 3
        assert all(type(s) is rt.Status and type(s.account) is rt.Account for s in everything)
        rsps.get(HOME + "?max_id=10", json=[entity("Status") | {"id": "9"}])
        items = list(client.pagination_iterator(page))
        assert len(items) == 2 and all(type(s) is rt.Status for s in items)

    def test_untyped_pages_stay_untyped(self, api, rsps):
        rsps.get(HOME, json=[entity("Status")], headers=_link(("/api/v1/timelines/home?max_id=10", "next")))
        rsps.get(HOME + "?max_id=10", json=[_account_status()])
        page = api._api_request("GET", "/api/v1/timelines/home")
        following = api.fetch_next(page)
        assert type(following[0]) is AttribAccessDict
        assert isinstance(following[0].account.fields[0].verified_at, datetime)


def _account_status():
    status = entity("Status")
    status["account"] = _account()
    return status


class TestInstance:
    def test_v2_answer_is_an_instance_v2(self, api, rsps):
        rsps.get(BASE + "/api/v2/instance", json=recorded("instance_v2")["body"])
        info = api.instance()
        assert type(info) is rt.InstanceV2
        assert type(info.configuration) is rt.InstanceConfigurationV2
        assert type(info.configuration.statuses) is rt.InstanceStatusConfiguration
        assert type(info.contact) is rt.InstanceContact and type(info.rules) is NonPaginatableList

    def test_v1_answer_is_an_instance(self, api, rsps):
        rsps.get(BASE + "/api/v2/instance", status=404, json={"error": "Record not found"})
        rsps.get(BASE + "/api/v1/instance", json=recorded("instance_v1")["body"])
        info = api.instance()
        assert type(info) is rt.Instance and type(info.urls) is rt.InstanceURLs
        assert type(info.stats) is rt.InstanceStatistics

    def test_the_explicit_versions(self, api, rsps):
        rsps.get(BASE + "/api/v1/instance", json=recorded("instance_v1")["body"])
        rsps.get(BASE + "/api/v2/instance", json=recorded("instance_v2")["body"])
        assert type(api.instance_v1()) is rt.Instance and type(api.instance_v2()) is rt.InstanceV2

    def test_other_instance_methods(self, api, rsps):
        rsps.get(BASE + "/api/v1/instance/rules", json=[{"id": "1", "text": "Be nice", "hint": ""}])
        rsps.get(BASE + "/api/v1/custom_emojis", json=recorded("custom_emojis")["body"] or [entity("CustomEmoji")])
        rsps.get(BASE + "/api/v1/instance/activity",
                 json=[{"week": "1574553600", "statuses": "1", "logins": "2", "registrations": "0"}])
        rules = api.instance_rules()
        assert type(rules) is NonPaginatableList and type(rules[0]) is rt.Rule
        assert all(type(e) is rt.CustomEmoji for e in api.custom_emojis())
        activity = api.instance_activity()
        assert type(activity[0]) is rt.Activity and isinstance(activity[0].week, datetime)
        assert json.loads(activity.to_json())["_mastopy_type"] == "NonPaginatableList[Activity]"
