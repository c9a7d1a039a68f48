"""Values a server may accept are sent, not refused: the server's answer decides.

Each case uses a value this library does not list (a newer server's notification type, a
fork's visibility, a ``#`` the server strips, ...). The request must go out carrying the value;
a server that accepts it gives the result, and a server that refuses it (HTTP 422) gives a
MastodonAPIError scripts can catch. See "What the client checks" in docs/development.rst.
"""

from urllib.parse import urlsplit

import pytest

from conftest import BASE, TOKEN, entity, sent_form, sent_query
from mastodon import Mastodon, MastodonAPIError, MastodonIllegalArgumentError

REFUSAL = {"error": "Validation failed: the server does not accept this"}


# (call, HTTP method, path, where the value is sent, the key, the value as sent)
CASES = [
    (lambda api: api.notifications(types=["annual_report"]), "GET", "/api/v1/notifications", "query", "types[]",
     ["annual_report"]),
    (lambda api: api.notifications(exclude_types=["quoted_update"]), "GET", "/api/v1/notifications", "query",
     "exclude_types[]", ["quoted_update"]),
    (lambda api: api.notifications_unread_count(types=["moderation_warning", "annual_report"]), "GET",
     "/api/v1/notifications/unread_count", "query", "types[]", ["moderation_warning", "annual_report"]),
    (lambda api: api.grouped_notifications(expand_accounts="partial"), "GET", "/api/v2/notifications", "query",
     "expand_accounts", ["partial"]),
    (lambda api: api.featured_tag_create("#python"), "POST", "/api/v1/featured_tags", "form", "name", ["#python"]),
    (lambda api: api.status_post("hi", visibility="local"), "POST", "/api/v1/statuses", "form", "visibility",
     ["local"]),
    (lambda api: api.status_post("hi", quote_approval_policy="friends"), "POST", "/api/v1/statuses", "form",
     "quote_approval_policy", ["friends"]),
    (lambda api: api.status_post(""), "POST", "/api/v1/statuses", "form", "status", [""]),
    (lambda api: api.status_reblog("5", visibility="direct"), "POST", "/api/v1/statuses/5/reblog", "form",
     "visibility", ["direct"]),
    (lambda api: api.search_v2("cats", result_type="collections"), "GET", "/api/v2/search", "query", "type",
     ["collections"]),
    (lambda api: api.search_v2(""), "GET", "/api/v2/search", "query", "q", [""]),
    (lambda api: api.directory(order="popular"), "GET", "/api/v1/directory", "query", "order", ["popular"]),
    (lambda api: api.markers_get("public"), "GET", "/api/v1/markers", "query", "timeline[]", ["public"]),
    (lambda api: api.report("12", category="harassment"), "POST", "/api/v1/reports", "form", "category",
     ["harassment"]),
    (lambda api: api.report("12", category="violation"), "POST", "/api/v1/reports", "form", "category",
     ["violation"]),
    (lambda api: api.filter_create("x", "federated"), "POST", "/api/v1/filters", "form", "context[]",
     ["federated"]),
    (lambda api: api.list_create("x", replies_policy="everyone"), "POST", "/api/v1/lists", "form",
     "replies_policy", ["everyone"]),
    (lambda api: api.push_subscription_update(mention_events=True, policy="everyone"), "PUT",
     "/api/v1/push/subscription", "form", "data[policy]", ["everyone"]),
    (lambda api: api.admin_account_moderate("1", "ban"), "POST", "/api/v1/admin/accounts/1/action", "form", "type",
     ["ban"]),
    (lambda api: api.admin_accounts_v2(status="sensitized"), "GET", "/api/v2/admin/accounts", "query", "status",
     ["sensitized"]),
    (lambda api: api.admin_update_report("7", category="rude"), "PUT", "/api/v1/admin/reports/7", "form",
     "category", ["rude"]),
    (lambda api: api.account_update_credentials(default_privacy="local"), "PATCH",
     "/api/v1/accounts/update_credentials", "form", "source[privacy]", ["local"]),
]


def _register(rsps, method, path, **kwargs):
    rsps.add(method, BASE + path, **kwargs)


def _sent(call, where):
    if where == "query":
        return sent_query(call)
    try:
        return sent_form(call)
    except Exception:  # a multipart body (update_credentials)
        return {}


@pytest.mark.parametrize("call,method,path,where,key,value", CASES)
def test_the_value_is_sent_and_a_refusal_is_an_api_error(api, rsps, call, method, path, where, key, value):
    _register(rsps, method, path, status=422, json=REFUSAL)
    with pytest.raises(MastodonAPIError, match="does not accept") as info:
        call(api)
    assert info.value.args[1] == 422
    sent = rsps.calls[-1]
    assert sent.request.method == method and urlsplit(sent.request.url).path == path
    body = _sent(sent, where)
    if body:
        assert body[key] == value
    else:  # multipart: the value is in the body
        assert value[0].encode() in sent.request.body if isinstance(sent.request.body, bytes) else True


@pytest.mark.parametrize("call,method,path,where,key,value", CASES[:6])
def test_a_server_that_accepts_the_value_answers(api, rsps, call, method, path, where, key, value):
    answers = {"/api/v1/notifications": [entity("Notification")], "/api/v1/notifications/unread_count": {"count": 1},
               "/api/v2/notifications": {"accounts": [], "statuses": [], "notification_groups": []},
               "/api/v1/featured_tags": entity("FeaturedTag"), "/api/v1/statuses": entity("Status")}
    _register(rsps, method, path, json=answers[path])
    assert call(api) is not None
    assert _sent(rsps.calls[-1], where)[key] == value


def test_an_integer_async_refresh_id_is_sent(api, rsps):
    rsps.get(BASE + "/api/v1_alpha/async_refreshes/12",
             json={"async_refresh": {"id": "12", "status": "finished", "result_count": 3}})
    assert api.get_async_refresh_status(12).status == "finished"


def test_create_account_on_a_token_only_client_uses_the_token(rsps):
    api = Mastodon(access_token="app-token", api_base_url=BASE)
    rsps.post(BASE + "/api/v1/accounts", json={"access_token": "new-user", "token_type": "Bearer",
                                               "scope": "read", "created_at": 1})
    assert api.create_account("shark", "pw", "s@example.com", agreement=True) == "new-user"
    assert len(rsps.calls) == 1  # no client-credentials grant was asked for
    assert rsps.calls[0].request.headers["Authorization"] == "Bearer app-token"
    assert api.access_token == "new-user"


def test_create_account_on_a_token_only_client_refused_by_the_server(rsps):
    api = Mastodon(access_token=TOKEN, api_base_url=BASE)
    rsps.post(BASE + "/api/v1/accounts", status=403, json={"error": "This action is not allowed for users"})
    with pytest.raises(MastodonAPIError, match="not allowed"):
        api.create_account("shark", "pw", "s@example.com", agreement=True)
    assert api.access_token == TOKEN


@pytest.mark.parametrize("call", [
    lambda api: api.notifications(types=[1]),
    lambda api: api.notifications(types="mention", mentions_only=True),     # contradictory
    lambda api: api.status_post("x", visibility=2),
    lambda api: api.featured_tag_create(None),
    lambda api: api.tag("#python"),                                          # "#" in a path addresses nothing
    lambda api: api.get_async_refresh_status(1.5),
])
def test_what_cannot_be_right_is_still_refused_before_sending(api, rsps, call):
    with pytest.raises(MastodonIllegalArgumentError):
        call(api)
    assert len(rsps.calls) == 0


def test_poll_values_are_the_servers_to_judge(api, rsps):
    # one option, an empty option, no time at all: limits the instance sets, not the protocol
    poll = api.make_poll(["only", ""], 0)
    rsps.post(BASE + "/api/v1/statuses", status=422, json=REFUSAL)
    with pytest.raises(MastodonAPIError):
        api.status_post("q", poll=poll)
    assert sent_form(rsps.calls[-1])["poll[options][]"] == ["only", ""]
    assert sent_form(rsps.calls[-1])["poll[expires_in]"] == ["0"]
    # voting for nothing, or twice for one option
    for choices, sent in (([], None), ([1, 1], ["1", "1"])):
        rsps.post(BASE + "/api/v1/polls/3/votes", status=422, json=REFUSAL)
        with pytest.raises(MastodonAPIError):
            api.poll_vote("3", choices)
        assert sent_form(rsps.calls[-1]).get("choices[]") == sent


def test_list_and_filter_values_are_the_servers_to_judge(api, rsps):
    rsps.post(BASE + "/api/v1/lists", status=422, json=REFUSAL)
    with pytest.raises(MastodonAPIError):
        api.list_create("")
    assert sent_form(rsps.calls[-1])["title"] == [""]
    rsps.post(BASE + "/api/v1/filters", status=422, json=REFUSAL)
    with pytest.raises(MastodonAPIError):
        api.filter_create("", "home", expires_in=-5)
    assert sent_form(rsps.calls[-1])["phrase"] == [""] and sent_form(rsps.calls[-1])["expires_in"] == ["-5"]
