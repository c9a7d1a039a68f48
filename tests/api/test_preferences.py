"""Preferences area: account preferences and read markers."""

from datetime import datetime

import pytest

from conftest import BASE, entity, form_matcher, query_matcher, recorded
from mastodon import AttribAccessDict, MastodonIllegalArgumentError


def test_preferences(api, rsps):
    rsps.get(BASE + "/api/v1/preferences", json=recorded("preferences")["body"])
    prefs = api.preferences()
    assert isinstance(prefs, AttribAccessDict)
    assert prefs["posting:default:visibility"] == "unlisted"
    assert prefs["reading:expand:spoilers"] is False
    assert rsps.calls[0].request.method == "GET"


def test_markers_get_default_is_home(api, rsps):
    rsps.get(BASE + "/api/v1/markers", json=recorded("markers")["body"], match=[query_matcher({"timeline[]": "home"})])
    markers = api.markers_get()
    assert markers.home.last_read_id == "01M8CN93CVAQR17FYXY9GTCA9Y"
    assert isinstance(markers.home.updated_at, datetime)


def test_markers_get_both(api, rsps):
    body = {"home": entity("Marker"), "notifications": entity("Marker") | {"last_read_id": "35098814"}}
    rsps.get(BASE + "/api/v1/markers", json=body, match=[query_matcher({"timeline[]": ["home", "notifications"]})])
    markers = api.markers_get(["home", "notifications"])
    assert markers.notifications.last_read_id == "35098814" and markers.home.version == 462


def test_markers_get_one_name(api, rsps):
    rsps.get(BASE + "/api/v1/markers", json={}, match=[query_matcher({"timeline[]": "notifications"})])
    assert api.markers_get("notifications") == {}


@pytest.mark.parametrize("bad", [1, ["home", 2], None])
def test_markers_get_checks_timelines(api, rsps, bad):
    with pytest.raises(MastodonIllegalArgumentError):
        api.markers_get(bad)


def test_markers_set(api, rsps):
    rsps.post(BASE + "/api/v1/markers", json={"home": entity("Marker")},
              match=[form_matcher({"home[last_read_id]": "103194548672408537"})])
    markers = api.markers_set("home", entity("Status") | {"id": "103194548672408537"})
    assert markers.home.version == 462 and isinstance(markers.home.updated_at, datetime)


def test_markers_set_both(api, rsps):
    rsps.post(BASE + "/api/v1/markers", json={"home": entity("Marker"), "notifications": entity("Marker")},
              match=[form_matcher({"home[last_read_id]": "5", "notifications[last_read_id]": "9"})])
    assert set(api.markers_set(["home", "notifications"], [5, {"id": "9"}])) == {"home", "notifications"}


@pytest.mark.parametrize("timelines, ids", [("home", ["1", "2"]), (["home", "notifications"], "1"),
                                            (5, "1"), ([], []), ("home", None), (None, "1")])
def test_markers_set_checks_arguments(api, rsps, timelines, ids):
    with pytest.raises(MastodonIllegalArgumentError):
        api.markers_set(timelines, ids)
