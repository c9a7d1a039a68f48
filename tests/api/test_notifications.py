"""Notifications area: plain and grouped notifications, the filtering policy and notification requests."""

from datetime import datetime

import pytest

from conftest import BASE, entity, form_matcher, query_matcher, recorded, sent_query
from mastodon import MastodonIllegalArgumentError, Mastodon, MastodonVersionError, NonPaginatableList, PaginatableList
from mastodon.api.notifications import NOTIFICATION_TYPES


def grouped_results():
    """A GroupedNotificationsResults page built from the documentation's entities."""
    account, status = entity("Account"), entity("Status")
    return {
        "accounts": [account],
        "partial_accounts": [{"id": "2", "acct": "p", "url": "https://x.example/@p", "avatar": "a", "avatar_static": "a",
                              "locked": False, "bot": False}],
        "statuses": [status],
        "notification_groups": [{
            "group_key": "favourite-113010503322889311-479000", "notifications_count": 2, "type": "favourite",
            "most_recent_notification_id": "196014", "page_min_id": "196013", "page_max_id": "196014",
            "latest_page_notification_at": "2024-08-23T08:45:23.000Z",
            "sample_account_ids": [account["id"], "2"], "status_id": status["id"]}],
    }


# -- plain notifications ------------------------------------------------------------------------
def test_notifications_page(api, rsps):
    page = recorded("notifications")
    rsps.get(BASE + "/api/v1/notifications", json=page["body"],
             headers={"Link": page["headers"]["Link"].replace("http://localhost:18080", BASE)},
             match=[query_matcher({"limit": "10", "account_id": "971724", "max_id": "9", "since_id": "2",
                                   "min_id": "3", "types[]": ["mention", "favourite"],
                                   "exclude_types[]": ["follow"], "supported_types[]": ["mention"],
                                   "include_filtered": "true"})])
    result = api.notifications(account_id=entity("Account") | {"id": "971724"}, max_id=9, min_id="3",
                               since_id={"id": "2"}, limit=10, types=["mention", "favourite"],
                               exclude_types=["follow"], supported_types="mention", include_filtered=True)
    assert isinstance(result, PaginatableList)
    assert result[0].type == "reblog" and isinstance(result[0].created_at, datetime)
    assert result[0].account.acct == "bob"
    assert result._pagination_next["max_id"] == "01M8CN8KTTVGH0P61810YHJMTV"


def test_notifications_without_arguments_sends_nothing(api, rsps):
    rsps.get(BASE + "/api/v1/notifications", json=[], match=[query_matcher({})])
    assert api.notifications() == []


def test_one_notification(api, rsps):
    rsps.get(BASE + "/api/v1/notifications/34975861", json=entity("Notification"),
             match=[query_matcher({"supported_types[]": ["mention", "quote"]})])
    note = api.notifications(id=entity("Notification"), supported_types=["mention", "quote"])
    assert note.type == "mention" and note.status.in_reply_to_id == "103186038209478945"
    assert isinstance(note.status.created_at, datetime)


def test_mentions_only(api, rsps):
    rsps.get(BASE + "/api/v1/notifications", json=[])
    api.notifications(mentions_only=True)
    query = sent_query(rsps.calls[0])
    assert query["types[]"] == ["mention"]
    assert set(query["exclude_types[]"]) == set(NOTIFICATION_TYPES) - {"mention"}
    with pytest.raises(MastodonIllegalArgumentError, match="mentions_only"):
        api.notifications(mentions_only=True, types=["follow"])


@pytest.mark.parametrize("kwargs", [{"types": [1]}, {"exclude_types": 5},
                                    {"supported_types": ["status", None]}, {"types": {"mention": True}}])
def test_notification_types_of_the_wrong_type_are_refused(api, rsps, kwargs):
    with pytest.raises(MastodonIllegalArgumentError):
        api.notifications(**kwargs)


def test_notifications_unread_count(api, rsps):
    rsps.get(BASE + "/api/v1/notifications/unread_count", json={"count": 42},
             match=[query_matcher({"limit": "500", "types[]": ["mention"], "account_id": "7"})])
    assert api.notifications_unread_count(limit=500, types=["mention"], account_id=7).count == 42
    rsps.get(BASE + "/api/v1/notifications/unread_count", json={"count": 3}, match=[query_matcher({})])
    assert api.notifications_unread_count()["count"] == 3
    with pytest.raises(MastodonIllegalArgumentError):
        api.notifications_unread_count(exclude_types=[0])


def test_notifications_clear_and_dismiss(api, rsps):
    rsps.post(BASE + "/api/v1/notifications/clear", json={})
    rsps.post(BASE + "/api/v1/notifications/34975861/dismiss", json={})
    assert api.notifications_clear() is None
    assert api.notifications_dismiss(entity("Notification")) is None
    assert [c.request.method for c in rsps.calls] == ["POST", "POST"]


# -- policy -------------------------------------------------------------------------------------
def test_notifications_policy(api, rsps):
    rsps.get(BASE + "/api/v2/notifications/policy", json=entity("NotificationPolicy"))
    policy = api.notifications_policy()
    assert policy.for_private_mentions == "drop" and policy.summary.pending_requests_count == 0


def test_update_notifications_policy(api, rsps):
    rsps.patch(BASE + "/api/v2/notifications/policy", json=entity("NotificationPolicy"),
               match=[form_matcher({"for_not_following": "filter", "for_limited_accounts": "drop"})])
    policy = api.update_notifications_policy(for_not_following="filter", for_limited_accounts="drop")
    assert policy.for_limited_accounts == "filter"


@pytest.mark.parametrize("arg", ["for_not_following", "for_not_followers", "for_new_accounts",
                                 "for_private_mentions", "for_limited_accounts"])
def test_update_notifications_policy_checks_values(api, rsps, arg):
    with pytest.raises(MastodonIllegalArgumentError, match=arg):
        api.update_notifications_policy(**{arg: True})


def test_notifications_policy_v1(api, rsps):
    rsps.get(BASE + "/api/v1/notifications/policy", json=entity("V1_NotificationPolicy"))
    rsps.patch(BASE + "/api/v1/notifications/policy", json=entity("V1_NotificationPolicy"),
               match=[form_matcher({"filter_new_accounts": "true", "filter_private_mentions": "false"})])
    assert api.notifications_policy_v1().filter_private_mentions is True
    assert api.update_notifications_policy_v1(filter_new_accounts=True,
                                              filter_private_mentions=False).summary.pending_notifications_count == 0


# -- requests -----------------------------------------------------------------------------------
def test_notification_requests(api, rsps):
    rsps.get(BASE + "/api/v1/notifications/requests", json=[entity("NotificationRequest")],
             headers={"Link": f'<{BASE}/api/v1/notifications/requests?max_id=112456967201894256>; rel="next"'},
             match=[query_matcher({"limit": "5", "since_id": "100"})])
    requests_ = api.notification_requests(since_id=100, limit=5)
    assert isinstance(requests_, PaginatableList)
    assert isinstance(requests_[0].updated_at, datetime) and requests_[0].account.acct == "zsc"
    assert requests_._pagination_next["max_id"] == "112456967201894256"


def test_notification_request(api, rsps):
    rsps.get(BASE + "/api/v1/notifications/requests/112456967201894256", json=entity("NotificationRequest"))
    request = api.notification_request("112456967201894256")
    assert request.notifications_count == "1" and isinstance(request.created_at, datetime)


def test_accept_and_dismiss_one_request(api, rsps):
    rsps.post(BASE + "/api/v1/notifications/requests/112456967201894256/accept", json={})
    rsps.post(BASE + "/api/v1/notifications/requests/112456967201894256/dismiss", json={})
    assert api.accept_notification_request(entity("NotificationRequest")) is None
    assert api.dismiss_notification_request(112456967201894256) is None


@pytest.mark.parametrize("method, action", [("accept_multiple_notification_requests", "accept"),
                                            ("dismiss_multiple_notification_requests", "dismiss")])
def test_bulk_requests(api, rsps, method, action):
    rsps.post(BASE + "/api/v1/notifications/requests/" + action, json={},
              match=[form_matcher({"id[]": ["1", "112456967201894256", "3"]}), query_matcher({})])
    assert getattr(api, method)(["1", entity("NotificationRequest"), 3]) is None
    with pytest.raises(MastodonIllegalArgumentError):
        getattr(api, method)([])
    with pytest.raises(MastodonIllegalArgumentError):
        getattr(api, method)([{"no": "id"}])


def test_notifications_merged(api, rsps):
    rsps.get(BASE + "/api/v1/notifications/requests/merged", json={"merged": False})
    rsps.get(BASE + "/api/v1/notifications/requests/merged", json={"merged": True})
    assert api.notifications_merged() is False
    assert api.notifications_merged() is True


# -- grouped ------------------------------------------------------------------------------------
def test_grouped_notifications(api, rsps):
    rsps.get(BASE + "/api/v2/notifications", json=grouped_results(),
             headers={"Link": f'<{BASE}/api/v2/notifications?limit=2&max_id=196012>; rel="next", '
                              f'<{BASE}/api/v2/notifications?limit=2&min_id=196014>; rel="prev"'},
             match=[query_matcher({"limit": "2", "expand_accounts": "partial_avatars",
                                   "grouped_types[]": ["favourite", "reblog"], "exclude_types[]": ["poll"],
                                   "include_filtered": "false", "account_id": "5"})])
    result = api.grouped_notifications(limit=2, grouped_types=["favourite", "reblog"], exclude_types=["poll"],
                                       include_filtered=False, account_id={"id": "5"})
    group = result.notification_groups[0]
    assert group.notifications_count == 2 and isinstance(group.latest_page_notification_at, datetime)
    assert result.accounts[0].acct and result.partial_accounts[0].acct == "p"
    assert isinstance(result.statuses[0].created_at, datetime)
    assert result._pagination_next["max_id"] == "196012" and result._pagination_prev["min_id"] == "196014"


def test_grouped_notifications_full_accounts(api, rsps):
    rsps.get(BASE + "/api/v2/notifications", json=grouped_results(),
             match=[query_matcher({"expand_accounts": "full", "types[]": ["follow"],
                                   "supported_types[]": ["follow", "mention"]})])
    api.grouped_notifications(expand_accounts="full", types=["follow"], supported_types=["follow", "mention"])


def test_grouped_notifications_server_default_expansion(api, rsps):
    rsps.get(BASE + "/api/v2/notifications", json=grouped_results(), match=[query_matcher({})])
    assert api.grouped_notifications(expand_accounts=None).notification_groups


@pytest.mark.parametrize("kwargs", [{"expand_accounts": 1}, {"expand_accounts": True},
                                    {"grouped_types": [1]}, {"supported_types": 7}])
def test_grouped_notifications_check_arguments(api, rsps, kwargs):
    with pytest.raises(MastodonIllegalArgumentError):
        api.grouped_notifications(**kwargs)


def test_grouped_notification(api, rsps):
    key = "favourite-113010503322889311-479000"
    rsps.get(BASE + "/api/v2/notifications/" + key, json=grouped_results(),
             match=[query_matcher({"supported_types[]": ["favourite"]})])
    result = api.grouped_notification(key, supported_types=["favourite"])
    assert result.notification_groups[0].group_key == key
    rsps.get(BASE + "/api/v2/notifications/ungrouped-34975861", json=grouped_results(), match=[query_matcher({})])
    api.grouped_notification(entity("Notification") | {"group_key": "ungrouped-34975861"})


def test_grouped_notification_key_is_escaped(api, rsps):
    rsps.post(BASE + "/api/v2/notifications/a%2Fb/dismiss", json={})
    assert api.dismiss_grouped_notification("a/b") is None


def test_dismiss_grouped_notification_by_group(api, rsps):
    group = grouped_results()["notification_groups"][0]
    rsps.post(BASE + "/api/v2/notifications/favourite-113010503322889311-479000/dismiss", json={})
    assert api.dismiss_grouped_notification(group) is None
    with pytest.raises(MastodonIllegalArgumentError):
        api.dismiss_grouped_notification({"id": "1"})
    with pytest.raises(MastodonIllegalArgumentError):
        api.dismiss_grouped_notification("")


def test_grouped_notification_accounts(api, rsps):
    rsps.get(BASE + "/api/v2/notifications/follow-1/accounts", json=[entity("Account")])
    accounts = api.grouped_notification_accounts("follow-1")
    assert isinstance(accounts, NonPaginatableList) and isinstance(accounts[0].created_at, datetime)


def test_unread_grouped_notifications_count(api, rsps):
    rsps.get(BASE + "/api/v2/notifications/unread_count", json={"count": 42},
             match=[query_matcher({"limit": "10", "grouped_types[]": ["follow"], "types[]": ["follow", "mention"]})])
    assert api.unread_grouped_notifications_count(limit=10, grouped_types=["follow"],
                                                  types=["follow", "mention"]) == 42
    with pytest.raises(MastodonIllegalArgumentError):
        api.unread_grouped_notifications_count(grouped_types=[None])


def test_clear_grouped_notifications(api, rsps):
    rsps.post(BASE + "/api/v2/notifications/clear", json={})
    assert api.clear_grouped_notifications() is None


def test_version_checks():
    old = Mastodon(api_base_url=BASE, mastodon_version="4.2.0", version_check_mode="created")
    for call in (old.grouped_notifications, old.notifications_policy, old.notification_requests):
        with pytest.raises(MastodonVersionError):
            call()


def test_api_version_2_satisfies_the_grouped_endpoints(rsps):
    """A server whose version string says less but whose api_versions.mastodon is 2 has grouped notifications."""
    fork = Mastodon(api_base_url=BASE, access_token="tok", mastodon_version="4.2.0", version_check_mode="created")
    fork.mastodon_api_version = 2
    rsps.post(BASE + "/api/v2/notifications/follow-1/dismiss", json={})
    assert fork.dismiss_grouped_notification("follow-1") is None
    with pytest.raises(MastodonVersionError):
        fork.notifications_policy()
