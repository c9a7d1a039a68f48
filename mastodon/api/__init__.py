"""The endpoint methods, one module per API area; Mastodon inherits them all."""

from __future__ import annotations

from .accounts import AccountsMixin
from .instance import InstanceMixin
from .timelines import TimelinesMixin
from .statuses import StatusesMixin
from .polls import PollsMixin
from .notifications import NotificationsMixin
from .hashtags import HashtagsMixin
from .filters import FiltersMixin
from .suggestions import SuggestionsMixin
from .relationships import RelationshipsMixin
from .lists import ListsMixin
from .trends import TrendsMixin
from .search import SearchMixin
from .favourites import FavouritesMixin
from .reports import ReportsMixin
from .preferences import PreferencesMixin
from .push import PushMixin
from .admin import AdminMixin
from .conversations import ConversationsMixin
from .media import MediaMixin
from .profile import ProfileMixin
from .collections import CollectionsMixin
from .annual_reports import AnnualReportsMixin
from .async_refresh import AsyncRefreshMixin

__all__ = [
    "AccountsMixin",
    "InstanceMixin",
    "TimelinesMixin",
    "StatusesMixin",
    "PollsMixin",
    "NotificationsMixin",
    "HashtagsMixin",
    "FiltersMixin",
    "SuggestionsMixin",
    "RelationshipsMixin",
    "ListsMixin",
    "TrendsMixin",
    "SearchMixin",
    "FavouritesMixin",
    "ReportsMixin",
    "PreferencesMixin",
    "PushMixin",
    "AdminMixin",
    "ConversationsMixin",
    "MediaMixin",
    "ProfileMixin",
    "CollectionsMixin",
    "AnnualReportsMixin",
    "AsyncRefreshMixin",
]

#: Every area mixin, in the order the client inherits them.
AREAS = (
    AccountsMixin,
    InstanceMixin,
    TimelinesMixin,
    StatusesMixin,
    PollsMixin,
    NotificationsMixin,
    HashtagsMixin,
    FiltersMixin,
    SuggestionsMixin,
    RelationshipsMixin,
    ListsMixin,
    TrendsMixin,
    SearchMixin,
    FavouritesMixin,
    ReportsMixin,
    PreferencesMixin,
    PushMixin,
    AdminMixin,
    ConversationsMixin,
    MediaMixin,
    ProfileMixin,
    CollectionsMixin,
    AnnualReportsMixin,
    AsyncRefreshMixin,
)
