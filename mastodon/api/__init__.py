"""The endpoint areas: one mixin class of thin endpoint methods per API area.

Each area module (``accounts.py``, ``statuses.py``, the ``admin`` package, ...) holds one mixin;
:class:`~mastodon.Mastodon` inherits all of them (``mastodon/client.py``), so the class a type
checker reads is the class that runs.
"""

from __future__ import annotations

from .accounts import AccountsMixin
from .admin import AdminMixin
from .annual_reports import AnnualReportsMixin
from .async_refresh import AsyncRefreshMixin
from .collections import CollectionsMixin
from .conversations import ConversationsMixin
from .favourites import FavouritesMixin
from .filters import FiltersMixin
from .hashtags import HashtagsMixin
from .instance import InstanceMixin
from .lists import ListsMixin
from .media import MediaMixin
from .notifications import NotificationsMixin
from .polls import PollsMixin
from .preferences import PreferencesMixin
from .profile import ProfileMixin
from .push import PushMixin
from .relationships import RelationshipsMixin
from .reports import ReportsMixin
from .search import SearchMixin
from .statuses import StatusesMixin
from .suggestions import SuggestionsMixin
from .timelines import TimelinesMixin
from .trends import TrendsMixin

__all__ = [
    "AREAS",
    "AccountsMixin", "AdminMixin", "AnnualReportsMixin", "AsyncRefreshMixin", "CollectionsMixin",
    "ConversationsMixin", "FavouritesMixin", "FiltersMixin", "HashtagsMixin", "InstanceMixin", "ListsMixin",
    "MediaMixin", "NotificationsMixin", "PollsMixin", "PreferencesMixin", "ProfileMixin", "PushMixin",
    "RelationshipsMixin", "ReportsMixin", "SearchMixin", "StatusesMixin", "SuggestionsMixin", "TimelinesMixin",
    "TrendsMixin",
]

#: Every endpoint area's mixin, in the order :class:`~mastodon.Mastodon` inherits them.
AREAS = (
    AccountsMixin, InstanceMixin, TimelinesMixin, StatusesMixin, PollsMixin, NotificationsMixin, HashtagsMixin,
    FiltersMixin, SuggestionsMixin, RelationshipsMixin, ListsMixin, TrendsMixin, SearchMixin, FavouritesMixin,
    ReportsMixin, PreferencesMixin, PushMixin, AdminMixin, ConversationsMixin, MediaMixin, ProfileMixin,
    CollectionsMixin, AnnualReportsMixin, AsyncRefreshMixin,
)
