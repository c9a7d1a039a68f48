"""Preferences and read markers: the user's settings and saved timeline positions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Sequence, Union

from ..core.params import IdLike, check_choices, unpack_ids
from ..core.versions import api_version
from ..errors import MastodonIllegalArgumentError

if TYPE_CHECKING:
    from ..return_types import Marker, Preferences

__all__ = ["PreferencesMixin", "MARKER_TIMELINES"]

#: The timelines the server keeps a read marker for.
MARKER_TIMELINES = ("home", "notifications")


def _timelines(value: Union[str, Sequence[str]], name: str) -> List[str]:
    """One timeline name or several, checked, as a list."""
    names = check_choices(name, value, MARKER_TIMELINES)
    if names is None:
        raise MastodonIllegalArgumentError(f"{name} is required: one or more of {', '.join(MARKER_TIMELINES)}")
    return names


class PreferencesMixin:
    """Preferences and markers endpoints."""

    _api_request: Any

    @api_version("2.8.0", "2.8.0")
    def preferences(self) -> Preferences:
        """The user's account preferences that clients should follow (``GET /api/v1/preferences``).

        Keys contain colons, so read them by key: ``prefs["posting:default:visibility"]``.

        :returns: a Preferences dict (``posting:default:visibility``,
            ``posting:default:sensitive``, ``posting:default:language``,
            ``reading:expand:media``, ``reading:expand:spoilers``, ...).
        """
        return self._api_request("GET", "/api/v1/preferences")

    @api_version("3.0.0", "3.0.0")
    def markers_get(self, timeline: Union[str, Sequence[str]] = ("home",)) -> Dict[str, Marker]:
        """Where the user stopped reading, per timeline (``GET /api/v1/markers``).

        :param timeline: ``"home"``, ``"notifications"``, or a list of both.
        :returns: a dict from timeline name to Marker (``last_read_id``, ``version``,
            ``updated_at``); timelines without a marker are absent.
        """
        return self._api_request("GET", "/api/v1/markers", {"timeline": _timelines(timeline, "timeline")})

    @api_version("3.0.0", "3.0.0")
    def markers_set(self, timelines: Union[str, Sequence[str]],
                    last_read_ids: Union[IdLike, Sequence[IdLike]]) -> Dict[str, Marker]:
        """Save where the user stopped reading (``POST /api/v1/markers``).

        :param timelines: ``"home"``, ``"notifications"``, or a list of them.
        :param last_read_ids: the last status (home) or notification read: one id (or entity)
            per timeline, in the same order.
        :returns: a dict from timeline name to the updated Marker.
        """
        names = _timelines(timelines, "timelines")
        ids = unpack_ids(last_read_ids, name="last_read_ids")
        if len(ids) != len(names) or not names:
            raise MastodonIllegalArgumentError(
                f"markers_set needs one last read id per timeline; got {len(names)} timelines and {len(ids)} ids")
        return self._api_request("POST", "/api/v1/markers",
                                 {name: {"last_read_id": last} for name, last in zip(names, ids)})
