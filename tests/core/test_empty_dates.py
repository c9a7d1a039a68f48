"""Issue 19 point 6: an empty date string decodes to None (as in Mastodon.py 2.x), typed or not."""

from conftest import BASE
from mastodon.core.values import decode_json, to_datetime


def test_to_datetime_of_empty_text_is_none():
    assert to_datetime("") is None and to_datetime("   ") is None
    assert to_datetime("not a date") == "not a date"  # other text stays as it was
    assert to_datetime("2024-05-01T12:00:00Z").year == 2024


def test_typed_results_read_empty_dates_as_none(api, rsps):
    rsps.get(BASE + "/api/v1/statuses/1", json={"id": "1", "created_at": "", "edited_at": "",
                                                "account": {"id": "2", "created_at": "2020-01-01T00:00:00Z",
                                                            "last_status_at": ""}})
    status = api.status("1")
    assert rsps.calls[0].request.url == BASE + "/api/v1/statuses/1"
    assert status.created_at is None and status["edited_at"] is None
    assert status.account.last_status_at is None and status.account.created_at.year == 2020


def test_untyped_results_read_empty_dates_as_none(api, rsps):
    assert decode_json('{"created_at": "", "note": ""}') == {"created_at": None, "note": ""}
    rsps.get(BASE + "/api/v1/some/raw", json={"expires_at": "", "name": ""})
    result = api._api_request("GET", "/api/v1/some/raw")
    assert result == {"expires_at": None, "name": ""}
