"""to_json / Entity.from_json (Mastodon.py 2.x's envelope), pickle and copy keep classes and pagination."""

import copy
import json
import pickle
from datetime import datetime

import pytest

from conftest import BASE, entity, recorded
from mastodon import MastodonIllegalArgumentError
from mastodon.core.casting import cast_result
from mastodon.core.pagination import PaginationInfo, attach_pagination
from mastodon.core.values import decode_json_raw
from mastodon.return_types import Account, GroupedNotificationsResults, Notification, Status
from mastodon.types_base import Entity, MaybeSnowflakeIdType, NonPaginatableList, PaginatableList


def _page():
    page = PaginatableList(decode_json_raw(json.dumps(recorded("timeline_home_bob")["body"])))
    info = PaginationInfo(max_id="01M8", limit="40", _pagination_method="GET",
                          _pagination_endpoint="/api/v1/timelines/home", _pagination_direction="next")
    prev = PaginationInfo(min_id="01M9", _pagination_method="GET", _pagination_endpoint="/api/v1/timelines/home",
                          _pagination_direction="previous")
    attach_pagination(page, {"next": info, "previous": prev})
    return cast_result(page, PaginatableList[Status])


class TestEnvelope:
    def test_an_entity_round_trips_with_nested_classes_datetimes_and_ids(self):
        status = cast_result(decode_json_raw(json.dumps(entity("Status"))), Status)
        text = status.to_json()
        envelope = json.loads(text)
        assert envelope["_mastopy_type"] == "Status" and envelope["_mastopy_version"]
        assert envelope["_mastopy_extra_data"] == {}
        assert envelope["_mastopy_data"]["created_at"].startswith(status.created_at.strftime("%Y-%m-%dT%H:%M:%S"))
        back = Entity.from_json(text)
        assert type(back) is Status and back == status
        assert type(back.account) is Account and isinstance(back.created_at, datetime)
        assert type(back.id) is MaybeSnowflakeIdType
        assert Status.from_json(text) == status  # from any entity class too

    def test_a_page_round_trips_with_its_pagination(self):
        page = _page()
        text = page.to_json(pretty=False)
        assert "\n" not in text
        envelope = json.loads(text)
        assert envelope["_mastopy_type"] == "PaginatableList[Status]"
        assert envelope["_mastopy_extra_data"]["_pagination_next"]["max_id"] == "01M8"
        assert envelope["_mastopy_extra_data"]["_pagination_prev"]["min_id"] == "01M9"
        back = Entity.from_json(text)
        assert type(back) is PaginatableList and back == page
        assert all(type(s) is Status for s in back) and type(back[0].account) is Account
        assert type(back._pagination_next) is PaginationInfo and back._pagination_next == page._pagination_next
        assert back[-1]._pagination_next == page._pagination_next  # where 1.x-style scripts look
        assert back._pagination_prev["min_id"] == "01M9"

    def test_lists_of_plain_values_and_empty_lists(self):
        peers = cast_result(NonPaginatableList(["a.example", "b.example"]), NonPaginatableList[str])
        assert json.loads(peers.to_json())["_mastopy_type"] == "NonPaginatableList[str]"
        assert Entity.from_json(peers.to_json()) == ["a.example", "b.example"]
        empty = cast_result(PaginatableList(), PaginatableList[Account])
        back = Entity.from_json(empty.to_json())
        assert type(back) is PaginatableList and back == []

    def test_an_inside_out_page_keeps_its_pagination(self):
        grouped = decode_json_raw(json.dumps({"accounts": [entity("Account")], "statuses": [],
                                                  "notification_groups": []}))
        attach_pagination(grouped, {"next": PaginationInfo(max_id="9", _pagination_method="GET",
                                                           _pagination_endpoint="/api/v2/notifications",
                                                           _pagination_direction="next")})
        grouped = cast_result(grouped, GroupedNotificationsResults)
        back = Entity.from_json(grouped.to_json())
        assert type(back) is GroupedNotificationsResults and type(back.accounts[0]) is Account
        assert back._pagination_next["max_id"] == "9"

    def test_async_refresh_information_is_kept(self):
        status = cast_result(decode_json_raw(json.dumps(entity("Status"))), Status)
        object.__setattr__(status, "_async_refresh", 'id="x", retry=3')
        back = Entity.from_json(status.to_json())
        assert back._async_refresh == 'id="x", retry=3'

    def test_text_written_by_mastodon_py_2_loads(self):
        text = json.dumps({"_mastopy_version": "2.3.3", "_mastopy_type": "PaginatableList[Notification]",
                           "_mastopy_data": [entity("Notification")],
                           "_mastopy_extra_data": {"_pagination_next": {
                               "max_id": "1", "_pagination_method": "GET",
                               "_pagination_endpoint": "/api/v1/notifications"}}})
        page = Entity.from_json(text)
        assert type(page) is PaginatableList and type(page[0]) is Notification
        assert type(page[0].account) is Account and isinstance(page[0].created_at, datetime)

    @pytest.mark.parametrize("text", [
        "not json", "[]", '{"a": 1}', '{"_mastopy_version": "2.3.3"}',
        '{"_mastopy_type": "Status", "_mastopy_data": {}}',
        '{"_mastopy_version": "1", "_mastopy_type": "__import__(\'os\')", "_mastopy_data": {}}',
        '{"_mastopy_version": "1", "_mastopy_type": "NoSuchClass", "_mastopy_data": {}}',
    ])
    def test_other_text_is_refused(self, text):
        with pytest.raises(MastodonIllegalArgumentError):
            Entity.from_json(text)


class TestContinuingARestoredPage:
    def test_fetch_next_of_a_restored_page_is_typed(self, api, rsps):
        saved = _page().to_json()
        rsps.get(BASE + "/api/v1/timelines/home?max_id=01M8&limit=40", json=[entity("Status")])
        following = api.fetch_next(Entity.from_json(saved))
        assert type(following) is PaginatableList and type(following[0]) is Status
        assert type(following[0].account) is Account and isinstance(following[0].created_at, datetime)


class TestPickleAndCopy:
    def test_entities_and_pages_keep_their_classes(self):
        page = _page()
        for clone in (pickle.loads(pickle.dumps(page)), copy.copy(page), copy.deepcopy(page)):
            assert type(clone) is PaginatableList and clone == page
            assert type(clone[0]) is Status and type(clone[0].account) is Account
            assert clone._pagination_next == page._pagination_next
        status = page[0]
        for clone in (pickle.loads(pickle.dumps(status)), copy.copy(status), copy.deepcopy(status)):
            assert type(clone) is Status and clone == status and type(clone.id) is MaybeSnowflakeIdType
