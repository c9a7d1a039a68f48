"""cast_result: decoded JSON becomes the declared classes, nested fields included, datetimes only where declared."""

import json
import typing
from datetime import datetime
from typing import Any, Dict, List, Optional, Tuple, Union

import pytest

from conftest import entity, recorded
from mastodon import return_types as rt
from mastodon.core.casting import cast_result, caster_for, is_typed
from mastodon.core.values import decode_json, decode_json_raw
from mastodon.types_base import AttribAccessDict, MaybeSnowflakeIdType, NonPaginatableList, PaginatableList

# The server docs' example of each entity (tests/fixtures/entities/NAME.json) and the class it is.
ENTITY_EXAMPLES = {
    "Account": rt.Account, "Admin_Account": rt.AdminAccount, "Admin_CanonicalEmailBlock": rt.AdminCanonicalEmailBlock,
    "Admin_Cohort": rt.AdminRetention, "Admin_Dimension": rt.AdminDimension, "Admin_DomainAllow": rt.AdminDomainAllow,
    "Admin_DomainBlock": rt.AdminDomainBlock, "Admin_EmailDomainBlock": rt.AdminEmailDomainBlock,
    "Admin_Ip": rt.AdminIp, "Admin_IpBlock": rt.AdminIpBlock, "Admin_Measure": rt.AdminMeasure,
    "Admin_Report": rt.AdminReport, "Announcement": rt.Announcement, "AnnualReport": rt.AnnualReport,
    "Application": rt.Application, "AsyncRefresh": rt.AsyncRefresh, "Collection": rt.Collection,
    "CollectionItem": rt.CollectionItem, "CollectionWithAccounts": rt.CollectionWithAccounts,
    "Context": rt.Context, "Conversation": rt.Conversation, "CustomEmoji": rt.CustomEmoji,
    "DomainBlock": rt.DomainBlock, "ExtendedDescription": rt.ExtendedDescription,
    "FamiliarFollowers": rt.FamiliarFollowers, "FeatureApproval": rt.FeatureApproval,
    "FeaturedTag": rt.FeaturedTag, "Filter": rt.FilterV2, "FilterKeyword": rt.FilterKeyword,
    "FilterResult": rt.FilterResult, "FilterStatus": rt.FilterStatus, "Instance": rt.InstanceV2,
    "List": rt.UserList, "Marker": rt.Marker, "MediaAttachment": rt.MediaAttachment,
    "Notification": rt.Notification, "NotificationPolicy": rt.NotificationPolicy,
    "NotificationRequest": rt.NotificationRequest, "Poll": rt.Poll, "Preferences": rt.Preferences,
    "PreviewCard": rt.PreviewCard, "Profile": rt.Profile, "Quote": rt.Quote, "QuoteApproval": rt.QuoteApproval,
    "Reaction": rt.Reaction, "Relationship": rt.Relationship, "Report": rt.Report, "Role": rt.Role,
    "Rule": rt.Rule, "ScheduledStatus": rt.ScheduledStatus, "Search": rt.SearchV2, "ShallowQuote": rt.ShallowQuote,
    "ShallowTag": rt.ShallowTag, "Status": rt.Status, "StatusEdit": rt.StatusEdit, "StatusSource": rt.StatusSource,
    "Suggestion": rt.Suggestion, "Tag": rt.Tag, "TermsOfService": rt.TermsOfService,
    "Translation": rt.Translation, "V1_Filter": rt.Filter, "V1_Instance": rt.Instance,
    "WebPushSubscription": rt.WebPushSubscription,
}

# Responses recorded from a GoToSocial server (tests/fixtures/NAME.json) and what the methods declare.
RECORDED = {
    "account": rt.Account, "account_verify_credentials": rt.Account,
    "account_statuses": PaginatableList[rt.Status], "admin_accounts_v2": PaginatableList[rt.AdminAccount],
    "custom_emojis": NonPaginatableList[rt.CustomEmoji], "filters_v2": NonPaginatableList[rt.FilterV2],
    "instance_v1": rt.Instance, "instance_v2": rt.InstanceV2, "lists": NonPaginatableList[rt.UserList],
    "markers": Dict[str, rt.Marker], "notifications": PaginatableList[rt.Notification],
    "preferences": rt.Preferences, "relationships": NonPaginatableList[rt.Relationship],
    "search_v2": rt.SearchV2, "status": rt.Status, "status_context": rt.Context,
    "status_favourited_by": NonPaginatableList[rt.Account], "status_post": Union[rt.Status, rt.ScheduledStatus],
    "status_post_poll": rt.Status, "status_post_reply": rt.Status, "timeline_home_bob": PaginatableList[rt.Status],
    "timeline_public": PaginatableList[rt.Status], "timeline_tag": PaginatableList[rt.Status],
}


def _decoded(value: Any) -> Any:
    """What the request core hands a typed method: AttribAccessDicts and lists, nothing converted."""
    decoded = decode_json_raw(json.dumps(value))
    return PaginatableList(decoded) if isinstance(decoded, list) else decoded


def _strip_optional(hint):
    if typing.get_origin(hint) is Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


def _is_entity(hint):
    return isinstance(hint, type) and issubclass(hint, AttribAccessDict) and hint._mastopy_entity


def check_typed(value: Any, hint: Any, where: str, seen: List[str]) -> None:
    """Assert that ``value`` is what ``hint`` declares, all the way down; record what was checked.

    Datetimes must appear exactly where declared: under declared ``datetime`` fields, or inside
    values whose declared type is untyped (converted by key name). Anywhere else, never.
    """
    hint = _strip_optional(hint)
    if value is None:
        return
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint is datetime:
        if isinstance(value, (str, int, float)):
            pytest.fail(f"{where}: declared datetime, got {value!r}")
        assert isinstance(value, datetime), where
        seen.append("datetime")
        return
    if hint is MaybeSnowflakeIdType:
        assert type(value) is MaybeSnowflakeIdType or not isinstance(value, str), where
        return
    if _is_entity(hint):
        assert type(value) is hint, f"{where}: {type(value).__name__} is not {hint.__name__}"
        seen.append(hint.__name__)
        hints = typing.get_type_hints(hint, globalns=vars(rt))
        keys = hint._mastopy_field_keys
        declared = set(keys.values())
        # Every declared field is a key (None where the server left it out), as in Mastodon.py 2.x.
        assert declared <= value.keys(), f"{where}: declared keys missing: {sorted(declared - value.keys())}"
        for attr, key in keys.items():
            if value[key] is not None:
                # Read as an attribute: list classes and snowflake ids are given on that first read.
                check_typed(getattr(value, attr), hints[attr], f"{where}.{attr}", seen)
        for key, item in value.items():
            if key not in declared:
                assert_no_datetime(item, f"{where}.{key} (undeclared)")
        return
    if origin is Union:
        members = [a for a in args if a is not type(None)]
        matching = [m for m in members if (_is_entity(m) and type(value) is m)
                    or (typing.get_origin(m) and isinstance(value, typing.get_origin(m)))
                    or (m in (str, int, float, bool) and isinstance(value, m))
                    or m is AttribAccessDict and isinstance(value, dict)]
        assert matching, f"{where}: {type(value).__name__} is none of {members}"
        check_typed(value, matching[0], where, seen)
        return
    if isinstance(origin, type) and issubclass(origin, list):
        assert isinstance(value, list), where
        if origin in (PaginatableList, NonPaginatableList):
            assert type(value) is origin, f"{where}: {type(value).__name__} is not {origin.__name__}"
        for i, item in enumerate(value):
            check_typed(item, args[0] if args else Any, f"{where}[{i}]", seen)
        return
    if isinstance(origin, type) and issubclass(origin, dict):
        assert isinstance(value, dict), where
        for key, item in value.items():
            check_typed(item, args[1], f"{where}[{key!r}]", seen)
        return
    if hint in (str, int, float, bool):
        assert not isinstance(value, datetime), f"{where}: declared {hint.__name__}, got a datetime"
        return
    # untyped (AttribAccessDict, bare lists, Any): anything goes


def assert_no_datetime(value: Any, where: str) -> None:
    assert not isinstance(value, datetime), f"{where}: a datetime where none is declared"
    if isinstance(value, dict):
        for key, item in value.items():
            assert_no_datetime(item, f"{where}.{key}")
    elif isinstance(value, list):
        for item in value:
            assert_no_datetime(item, where)


@pytest.mark.parametrize("name", sorted(ENTITY_EXAMPLES))
def test_each_entity_example_becomes_its_class_all_the_way_down(name):
    cls = ENTITY_EXAMPLES[name]
    example = entity(name)
    hint = NonPaginatableList[cls] if isinstance(example, list) else cls
    value = cast_result(_decoded(example), hint)
    seen: List[str] = []
    check_typed(value, hint, name, seen)
    assert cls.__name__ in seen
    assert json.loads(json.dumps(value, default=str)) is not None
    # Nothing was lost or changed: the same keys and values, only typed; the only keys added are
    # declared ones the example left out, with None.
    assert _drop_none(_plain(value)) == _drop_none(_plain(decode_json(json.dumps(example))))


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def _plain(value: Any) -> Any:
    """Compare values regardless of class and of how a datetime was spelled."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        return value.timestamp()
    return value


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_recorded_answers_become_the_declared_types(name):
    hint = RECORDED[name]
    value = cast_result(_decoded(recorded(name)["body"]), hint)
    seen: List[str] = []
    check_typed(value, hint, name, seen)
    assert seen or not value, "nothing typed"


def test_a_timeline_page_in_detail():
    page = cast_result(_decoded(recorded("timeline_home_bob")["body"]), PaginatableList[rt.Status])
    status = page[0]
    assert type(page) is PaginatableList and type(status) is rt.Status
    assert type(status.account) is rt.Account and status.account.acct == "bob"
    assert type(status.media_attachments) is NonPaginatableList
    assert type(status.account.created_at) is datetime and status.created_at.tzinfo is not None
    assert type(status.id) is MaybeSnowflakeIdType
    assert all(type(m) is rt.StatusMention for s in page for m in s.mentions)
    assert all(type(t) is rt.Tag for s in page for t in s.tags)


def test_notifications_carry_a_status_and_an_account():
    page = cast_result(_decoded(recorded("notifications")["body"]), PaginatableList[rt.Notification])
    assert page and all(type(n) is rt.Notification and type(n.account) is rt.Account for n in page)
    with_status = [n for n in page if n.status is not None]
    assert with_status and all(type(n.status) is rt.Status for n in with_status)
    assert all(isinstance(n.created_at, datetime) for n in page)


class TestDatetimesFollowDeclaredTypes:
    def test_account_field_verified_at_is_declared_str_and_stays_one(self):
        account = entity("Account")
        account["fields"] = [{"name": "site", "value": "x", "verified_at": "2019-11-10T10:31:10.744+00:00"}]
        typed = cast_result(_decoded(account), rt.Account)
        assert typed.fields[0].verified_at == "2019-11-10T10:31:10.744+00:00"
        assert type(typed.fields[0]) is rt.AccountField
        # The classic key-name conversion, for untyped results, still makes it a datetime.
        assert isinstance(decode_json(json.dumps(account)).fields[0].verified_at, datetime)

    def test_undeclared_keys_are_not_converted(self):
        status = cast_result(_decoded({"id": "1", "created_at": "2020-01-02T03:04:05Z",
                                       "pleroma": {"expires_at": "2020-01-02T03:04:05Z"}}), rt.Status)
        assert isinstance(status.created_at, datetime)
        assert status.pleroma.expires_at == "2020-01-02T03:04:05Z"

    def test_unix_timestamps_and_text_that_is_no_date(self):
        marker = cast_result(_decoded({"updated_at": 1573979017}), rt.Marker)
        assert marker.updated_at == datetime.fromtimestamp(1573979017, marker.updated_at.tzinfo)
        assert cast_result(_decoded({"updated_at": "soon"}), rt.Marker).updated_at == "soon"

    def test_untyped_hints_convert_by_key_name_as_before(self):
        for hint in (AttribAccessDict, Any, dict, Optional[AttribAccessDict]):
            value = cast_result(_decoded({"a": {"created_at": "2020-01-01"}, "verified_at": "2020-01-01"}), hint)
            assert isinstance(value.a.created_at, datetime) and isinstance(value.verified_at, datetime)
            assert type(value) is AttribAccessDict
        assert not is_typed(AttribAccessDict) and not is_typed(NonPaginatableList[str])
        assert is_typed(PaginatableList[rt.Status]) and is_typed(Dict[str, rt.Marker])


class TestUnions:
    def test_status_or_scheduled_status_by_the_keys(self):
        hint = Union[rt.Status, rt.ScheduledStatus]
        scheduled = cast_result(_decoded(entity("ScheduledStatus")), hint)
        assert type(scheduled) is rt.ScheduledStatus and type(scheduled.params) is rt.ScheduledStatusParams
        assert isinstance(scheduled.scheduled_at, datetime)
        status = cast_result(_decoded(entity("Status")), hint)
        assert type(status) is rt.Status

    def test_filter_v1_or_v2(self):
        hint = Union[rt.Filter, rt.FilterV2]
        assert type(cast_result(_decoded(entity("V1_Filter")), hint)) is rt.Filter
        assert type(cast_result(_decoded(entity("Filter")), hint)) is rt.FilterV2

    def test_a_list_or_a_single_entity(self):
        hint = Union[PaginatableList[rt.Notification], rt.Notification]
        one = cast_result(_decoded(entity("Notification")), hint)
        assert type(one) is rt.Notification
        many = cast_result(_decoded([entity("Notification")]), hint)
        assert type(many) is PaginatableList and type(many[0]) is rt.Notification

    def test_lists_of_different_entities(self):
        hint = Union[NonPaginatableList[rt.Suggestion], NonPaginatableList[rt.Account]]
        suggestions = cast_result(_decoded([entity("Suggestion")]), hint)
        assert type(suggestions[0]) is rt.Suggestion and type(suggestions[0].account) is rt.Account
        accounts = cast_result(_decoded([entity("Account")]), hint)
        assert type(accounts[0]) is rt.Account

    def test_an_entity_of_a_member_class_is_kept(self):
        v1 = cast_result(_decoded(entity("V1_Instance")), rt.Instance)
        assert cast_result(v1, Union[rt.InstanceV2, rt.Instance]) is v1 and type(v1) is rt.Instance

    def test_media_metadata_of_each_kind(self):
        meta = {"original": {"width": 640, "height": 480, "frame_rate": "30/1", "duration": 1.5, "bitrate": 1},
                "small": {"width": 64, "height": 48, "size": "64x48", "aspect": 1.33}}
        container = cast_result(_decoded(meta), rt.MediaAttachmentMetadataContainer)
        assert type(container.original) is rt.MediaAttachmentVideoMetadata
        assert type(container.small) is rt.MediaAttachmentImageMetadata


class TestShapes:
    def test_casting_twice_changes_nothing(self):
        status = cast_result(_decoded(entity("Status")), rt.Status)
        snapshot = json.dumps(status, default=str)
        assert cast_result(status, rt.Status) is status
        assert json.dumps(status, default=str) == snapshot

    def test_plain_json_is_accepted(self):
        status = cast_result(json.loads(json.dumps(entity("Status"))), rt.Status)
        assert type(status) is rt.Status and type(status.account) is rt.Account
        page = cast_result([entity("Status")], PaginatableList[rt.Status])
        assert type(page) is PaginatableList and type(page[0]) is rt.Status

    def test_list_class_follows_the_declaration_and_keeps_pagination(self):
        page = _decoded([entity("Account")])
        page._pagination_next = {"max_id": "1"}
        out = cast_result(page, NonPaginatableList[rt.Account])
        assert type(out) is NonPaginatableList and out._pagination_next == {"max_id": "1"}

    def test_unexpected_shapes_are_kept_not_raised(self):
        assert cast_result(_decoded([{"id": "1"}]), rt.Status) == [{"id": "1"}]
        assert cast_result(_decoded({"id": "1"}), NonPaginatableList[rt.Status]) == {"id": "1"}
        assert cast_result("text", rt.Status) == "text"
        assert cast_result(None, rt.Status) is None
        odd = cast_result(_decoded({"id": "1", "account": "not an object", "media_attachments": {"a": 1}}),
                          rt.Status)
        assert odd.account == "not an object" and odd.media_attachments == {"a": 1}

    def test_dicts_and_tuples(self):
        markers = cast_result(_decoded({"home": entity("Marker")}), Dict[str, rt.Marker])
        assert type(markers) is AttribAccessDict and type(markers.home) is rt.Marker
        pair = cast_result(("token", _decoded({"error": "x", "details": {}})),
                           Tuple[Optional[str], rt.AccountCreationError])
        assert pair[0] == "token" and type(pair[1]) is rt.AccountCreationError
        # create_account's declared type: a token, or a token and the error details
        hint = Union[Optional[str], Tuple[Optional[str], rt.AccountCreationError]]
        assert cast_result("token", hint) == "token"
        pair = cast_result((None, _decoded({"error": "x", "details": {"email": [{"error": "ERR_TAKEN"}]}})), hint)
        assert pair[0] is None and type(pair[1]) is rt.AccountCreationError
        assert type(pair[1].details) is rt.AccountCreationErrorDetails

    def test_classes_without_fields_are_applied_with_the_classic_datetimes(self):
        from mastodon.types_base import EmptyResponse
        assert is_typed(EmptyResponse) and is_typed(Optional[EmptyResponse])
        empty = cast_result(_decoded({}), EmptyResponse)
        assert type(empty) is EmptyResponse and empty == {}
        odd = cast_result(_decoded({"created_at": "2020-01-01"}), EmptyResponse)
        assert isinstance(odd.created_at, datetime)

    def test_plain_types_pass_through(self):
        for hint in (str, int, bool, type(None), List[str]):
            assert caster_for(hint)("x") == "x"


class TestSnowflakeIds:
    def test_compares_as_numbers_when_both_are_numbers(self):
        a, b = MaybeSnowflakeIdType("99"), MaybeSnowflakeIdType("100")
        assert a < b and b > a and sorted([b, a]) == [a, b] and a <= "99" and b >= 100
        assert a == "99" and hash(a) == hash("99") and {a: 1}["99"] == 1

    def test_other_forms_compare_as_strings(self):
        a, b = MaybeSnowflakeIdType("01M8CNSS4C"), MaybeSnowflakeIdType("01M8CNSS4X")
        assert a < b
        with pytest.raises(TypeError):
            a < 1.5

    def test_to_datetime(self):
        snowflake = MaybeSnowflakeIdType(str(int(datetime(2020, 1, 2).timestamp() * 1000) << 16))
        assert snowflake.to_datetime().year == 2020
        assert MaybeSnowflakeIdType("01M8CNSS4C").to_datetime() is None

    def test_json_and_plain_strings(self):
        assert json.dumps({"id": MaybeSnowflakeIdType("5")}) == '{"id": "5"}'
        assert str(MaybeSnowflakeIdType("5")) == "5"
