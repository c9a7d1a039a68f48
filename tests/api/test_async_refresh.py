"""Async refreshes: reading the Mastodon-Async-Refresh header, asking for the status, waiting."""

import time

import pytest

from conftest import BASE, entity
from mastodon import AttribAccessDict, MastodonIllegalArgumentError, MastodonNotFoundError
from mastodon.api import async_refresh as module

REFRESH_ID = entity("AsyncRefresh")["async_refresh"]["id"]
HEADER = f'id="{REFRESH_ID}", retry=0, result_count=2'


def status_body(state, count=2):
    return {"async_refresh": {"id": REFRESH_ID, "status": state, "result_count": count}}


@pytest.fixture
def refreshing(api, rsps):
    """A context result the server is still completing."""
    rsps.get(BASE + "/api/v1/statuses/1/context", json=entity("Context"), headers={"Mastodon-Async-Refresh": HEADER})
    return api._api_request("GET", "/api/v1/statuses/1/context")


@pytest.fixture
def fast(monkeypatch):
    monkeypatch.setattr(module, "_MIN_POLL_SECONDS", 0.01)


def test_info_from_a_result(api, refreshing):
    refresh, retry = api.get_async_refresh_info(refreshing)
    assert isinstance(refresh, AttribAccessDict)
    assert refresh.id == REFRESH_ID and refresh.status == "running" and refresh.result_count == 2
    assert retry == 0


@pytest.mark.parametrize("header, expected", [
    ('id="abc", retry=3', ("abc", 3, None)),
    ('retry=7 , id="a\\"b", result_count=0', ('a"b', 7, 0)),
    ('id="abc"', ("abc", module._DEFAULT_RETRY, None)),
    ('id=bare, retry=x, result_count=?', ("bare", module._DEFAULT_RETRY, None)),
])
def test_info_from_header_text(api, header, expected):
    refresh, retry = api.get_async_refresh_info(header)
    assert (refresh.id, retry, refresh.result_count) == expected


@pytest.mark.parametrize("result", [AttribAccessDict(a=1), [], None, "retry=3", 'id="", retry=1'])
def test_no_info(api, result):
    assert api.get_async_refresh_info(result) is None


def test_status_by_result_id_and_entity(api, rsps, refreshing):
    url = BASE + "/api/v1_alpha/async_refreshes/" + REFRESH_ID
    rsps.get(url, json=status_body("running"))
    running = api.get_async_refresh_status(refreshing)
    assert running.status == "running" and running.result_count == 2
    assert api.get_async_refresh_status(REFRESH_ID).id == REFRESH_ID
    assert api.get_async_refresh_status(running).id == REFRESH_ID
    assert api.get_async_refresh_status(entity("AsyncRefresh")).id == REFRESH_ID
    assert all(c.request.method == "GET" and c.request.url == url for c in rsps.calls[1:])


def test_status_id_is_escaped(api, rsps):
    rsps.get(BASE + "/api/v1_alpha/async_refreshes/a%2Bb%2Fc%3D--1", json=status_body("finished"))
    assert api.get_async_refresh_status("a+b/c=--1").status == "finished"


def test_status_not_found(api, rsps):
    rsps.get(BASE + "/api/v1_alpha/async_refreshes/gone", status=404, json={"error": "Not Found"})
    with pytest.raises(MastodonNotFoundError):
        api.get_async_refresh_status("gone")


@pytest.mark.parametrize("bad", [None, 5.0, "", True, AttribAccessDict(status="running")])
def test_status_needs_an_id(api, rsps, bad):
    with pytest.raises(MastodonIllegalArgumentError):
        api.get_async_refresh_status(bad)


def test_status_of_a_result_with_a_broken_header(api, rsps):
    result = AttribAccessDict(id="109")
    object.__setattr__(result, "_async_refresh", "retry=3")
    with pytest.raises(MastodonIllegalArgumentError, match="cannot read"):
        api.get_async_refresh_status(result)


def test_await_polls_until_finished(api, rsps, refreshing, fast):
    url = BASE + "/api/v1_alpha/async_refreshes/" + REFRESH_ID
    rsps.get(url, json=status_body("running"))
    rsps.get(url, json=status_body("running"))
    rsps.get(url, json=status_body("finished", 5))
    complete = entity("Context")
    complete["descendants"] = complete["descendants"] + [entity("Status")]
    rsps.get(BASE + "/api/v1/statuses/1/context", json=complete)
    done = api.await_async_refresh(refreshing)
    # Once finished, the request behind the result is repeated and its fresh answer returned.
    assert len(done.descendants) == len(refreshing.descendants) + 1
    assert api.get_async_refresh_info(done) is None
    assert [c.request.url for c in rsps.calls][-1] == BASE + "/api/v1/statuses/1/context"
    assert len(rsps.calls) == 5


def test_await_returns_the_status_when_the_request_is_unknown(api, rsps, refreshing, fast):
    rsps.get(BASE + "/api/v1_alpha/async_refreshes/" + REFRESH_ID, json=status_body("finished", 2))
    done = api.await_async_refresh(_without_request(refreshing))
    assert done.status == "finished" and done.result_count == 2


def _without_request(result):
    del result.__dict__["_async_refresh_request"]
    return result


def test_await_gives_up_after_max_attempts(api, rsps, refreshing, fast):
    rsps.get(BASE + "/api/v1_alpha/async_refreshes/" + REFRESH_ID, json=status_body("running"))
    assert api.await_async_refresh(refreshing, max_attempts=2) is None
    assert len(rsps.calls) == 3
    assert api.await_async_refresh(refreshing, max_attempts=0) is None
    assert len(rsps.calls) == 3


def test_await_respects_retry_and_timeout(server):
    from loopback import Reply
    from mastodon import Mastodon
    local = Mastodon(access_token="tok", api_base_url=server.url)
    server.route("GET", "/api/v1/timelines/home",
                 Reply([], headers={"Mastodon-Async-Refresh": f'id="{REFRESH_ID}", retry=1'}))
    server.route("GET", "/api/v1_alpha/async_refreshes/" + REFRESH_ID, status_body("finished", 0))
    result = local.timeline_home()
    started = time.monotonic()
    assert local.await_async_refresh(result, timeout=0.5) is None
    assert time.monotonic() - started < 0.5
    assert len(server.requests) == 1
    done = local.await_async_refresh(result, timeout=3)
    assert done == [] and time.monotonic() - started >= 1.0
    assert [r.path for r in server.requests] == ["/api/v1/timelines/home", "/api/v1_alpha/async_refreshes/"
                                                 + REFRESH_ID, "/api/v1/timelines/home"]
    assert server.requests[1].headers["Authorization"] == "Bearer tok"


def test_await_on_a_complete_result(api, rsps):
    rsps.get(BASE + "/api/v1/timelines/home", json=[])
    assert api.await_async_refresh(api.timeline_home()) is None
