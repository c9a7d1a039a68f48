"""Page links that name another host of the same server (a server reached by IP or by an internal
name writes its public name into its Link headers): followed on the client's own base URL, and
nothing, the token least of all, is sent to the host the link names."""

from urllib.parse import parse_qs, urlsplit

import pytest
import responses as responses_lib

from mastodon import Mastodon

TOKEN = "secret-token"
IDS = list(range(23, 0, -1))  # 23 statuses, newest first
PAGE = 5


def _page_reply(link_base, prefix=""):
    """A callback serving IDS by max_id/min_id/limit, linking pages under ``link_base``."""
    def reply(request):
        query = parse_qs(urlsplit(request.url).query)
        limit = int(query.get("limit", [PAGE])[0])
        if "max_id" in query:
            items = [i for i in IDS if i < int(query["max_id"][0])][:limit]
        elif "min_id" in query:
            items = [i for i in IDS if i > int(query["min_id"][0])][-limit:]
        else:
            items = IDS[:limit]
        headers = {}
        if items:
            path = f"{link_base}{prefix}/api/v1/accounts/1/statuses"
            links = [f'<{path}?limit={limit}&min_id={items[0]}>; rel="prev"']
            if items[-1] != IDS[-1]:
                links.insert(0, f'<{path}?limit={limit}&max_id={items[-1]}>; rel="next"')
            headers["Link"] = ", ".join(links)
        body = "[" + ",".join(f'{{"id": "{i}", "content": "s{i}"}}' for i in items) + "]"
        return 200, headers, body
    return reply


@pytest.fixture
def mock():
    with responses_lib.RequestsMock(assert_all_requests_are_fired=False) as m:
        yield m


def _register(mock, client_base, link_base, prefix=""):
    import re
    mock.add_callback(responses_lib.GET, re.compile(re.escape(client_base) + r"/api/v1/accounts/1/statuses.*"),
                      callback=_page_reply(link_base, prefix))


@pytest.mark.parametrize("link_base", ["http://localhost:3000", "https://social.example",
                                       "https://social.example:8443", "http://localhost:bad",
                                       "http://127.0.0.1:99999999"])
def test_fetch_remaining_follows_links_to_another_host_on_the_own_base_url(mock, link_base):
    client_base = "http://127.0.0.1:3000"
    _register(mock, client_base, link_base)
    api = Mastodon(access_token=TOKEN, api_base_url=client_base)
    first = api.account_statuses(1, limit=PAGE)
    everything = api.fetch_remaining(first)
    assert [int(s.id) for s in everything] == IDS
    assert len(mock.calls) == 5
    for call in mock.calls:
        assert call.request.url.startswith(client_base + "/api/v1/accounts/1/statuses")
        assert call.request.headers["Authorization"] == "Bearer " + TOKEN
    assert [parse_qs(urlsplit(c.request.url).query).get("max_id") for c in mock.calls] == \
        [None, ["19"], ["14"], ["9"], ["4"]]


def test_next_and_previous_and_both_iterators(mock):
    _register(mock, "http://127.0.0.1:3000", "http://localhost:3000")
    api = Mastodon(access_token=TOKEN, api_base_url="http://127.0.0.1:3000")
    first = api.account_statuses(1, limit=PAGE)
    second = api.fetch_next(first)
    assert [int(s.id) for s in second] == IDS[5:10]
    back = api.fetch_previous(second)
    assert [int(s.id) for s in back] == IDS[:5]
    assert [int(s.id) for s in api.pagination_iterator(first)] == IDS
    assert [len(p) for p in api.pagination_page_iterator(first)] == [5, 5, 5, 5, 3]
    assert all(c.request.url.startswith("http://127.0.0.1:3000/") for c in mock.calls)


def test_the_server_path_prefix_is_kept_once(mock):
    """A server below a path (https://social.example/masto) reached under another name."""
    _register(mock, "http://10.0.0.5:3000/masto", "https://social.example", prefix="/masto")
    api = Mastodon(access_token=TOKEN, api_base_url="http://10.0.0.5:3000/masto")
    everything = api.fetch_remaining(api.account_statuses(1, limit=PAGE))
    assert len(everything) == len(IDS)
    assert all(c.request.url.startswith("http://10.0.0.5:3000/masto/api/v1/") for c in mock.calls)
