"""Methods declared to return EmptyResponse return one when the server answers without a body
(204, or 200 with an empty body of any content type), as Mastodon.py 2.x documents."""

import pytest
import responses

from conftest import BASE
from mastodon import Mastodon
from mastodon.core.casting import resolve_return_hint
from mastodon.types_base import EmptyResponse

CID = "7"
ITEM = "116141056635954112"

# (call, method, path) for every public method whose declared result is EmptyResponse.
CALLS = {
    "collection_delete": (lambda api: api.collection_delete(CID), "DELETE", f"/api/v1/collections/{CID}"),
    "collection_item_delete": (lambda api: api.collection_item_delete(CID, ITEM), "DELETE",
                               f"/api/v1/collections/{CID}/items/{ITEM}"),
    "collection_item_revoke": (lambda api: api.collection_item_revoke(CID, ITEM), "POST",
                               f"/api/v1/collections/{CID}/items/{ITEM}/revoke"),
    "annual_report_generate": (lambda api: api.annual_report_generate(2025), "POST",
                               "/api/v1/annual_reports/2025/generate"),
}

EMPTY_ANSWERS = [
    pytest.param({"status": 204, "body": b""}, id="204"),
    pytest.param({"status": 200, "body": b""}, id="200-no-type"),
    pytest.param({"status": 200, "body": b"", "content_type": "text/html; charset=utf-8"}, id="200-html"),
    pytest.param({"status": 200, "body": b"", "content_type": "application/json"}, id="200-json"),
    pytest.param({"status": 202, "body": b""}, id="202"),
]


def test_the_table_lists_every_method_declared_to_return_empty_response():
    declared = sorted(name for name in dir(Mastodon) if not name.startswith("_")
                      and callable(getattr(Mastodon, name, None))
                      and resolve_return_hint(getattr(Mastodon, name)) is EmptyResponse)
    assert declared == sorted(CALLS)


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("answer", EMPTY_ANSWERS)
def test_an_empty_body_gives_an_empty_response(api, rsps, name, answer):
    call, method, path = CALLS[name]
    rsps.add(method, BASE + path, **answer)
    result = call(api)
    assert type(result) is EmptyResponse and result == {} and len(result) == 0
    assert len(rsps.calls) == 1
    sent = rsps.calls[0].request
    assert sent.method == method and sent.url.split("?")[0] == BASE + path
    assert sent.headers["Authorization"] == "Bearer " + api.access_token


@pytest.mark.parametrize("name", sorted(CALLS))
def test_an_empty_json_object_gives_an_empty_response_too(api, rsps, name):
    call, method, path = CALLS[name]
    rsps.add(method, BASE + path, json={})
    result = call(api)
    assert type(result) is EmptyResponse and result == {}


def test_a_bodiless_202_keeps_its_async_refresh_information(api, rsps):
    header = 'id="wrapstodon:1:2025", retry=3'
    rsps.post(BASE + "/api/v1/annual_reports/2025/generate", status=202, body=b"",
              headers={"Mastodon-Async-Refresh": header})
    result = api.annual_report_generate(2025)
    assert type(result) is EmptyResponse and result == {}
    info = api.get_async_refresh_info(result)
    assert info is not None and info[0].id == "wrapstodon:1:2025" and info[1] == 3


def test_methods_declared_none_still_return_none(api, rsps):
    rsps.post(BASE + "/api/v1/annual_reports/2025/read", status=204, body=b"")
    assert api.annual_report_read(2025) is None
    assert resolve_return_hint(Mastodon.annual_report_read) in (None, type(None))


def test_untyped_results_of_an_empty_body_stay_none(api, rsps):
    rsps.get(BASE + "/api/v1/whatever", status=204, body=b"")
    assert api._api_request("GET", "/api/v1/whatever") is None

